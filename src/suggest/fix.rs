//! `gclint check --fix`.
