//! The `gclint` binary: parses the command line and runs it (see `gclint::cli` and
//! `gclint::run`). Only what belongs to the process is here: the allocator and its settings.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: checking a capture allocates and frees on several threads at once, where glibc's
/// allocator spends a tenth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// MI_OPTION_ALLOW_THP, read from mimalloc.h by build.rs.
include!(concat!(env!("OUT_DIR"), "/allocator.rs"));

/// No transparent huge pages: the first touch of each 2 MiB page zeroes all of it, a fifth of a
/// one-payload run; with 4 KiB pages a 1 GiB HAR also peaks lower and ends sooner. This runs
/// before `main`, as the runtime's first allocation reserves the allocator's memory.
#[ctor::ctor(unsafe)]
fn no_transparent_huge_pages() {
    // SAFETY: sets a plain integer option of the allocator, before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0) };
}

fn main() -> ExitCode {
    gclint::run::run(gclint::cli::Cli::parse())
}
