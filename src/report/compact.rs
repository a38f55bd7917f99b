//! `--format compact`: one line per finding, `path:line:col: severity[rule] message`, for editors
//! and grep.

use crate::diagnostic::Diagnostic;

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", d.path),
            _ => d.path.clone(),
        };
        // One line per finding: newlines in a message would break line-based tools.
        let message = d.message.replace(['\n', '\r'], " ");
        out.push_str(&format!("{at}: {}[{}] {message}\n", d.severity.as_str(), d.rule.name));
    }
    out
}
