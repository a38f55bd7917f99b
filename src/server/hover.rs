//! What the editor shows on hover: a finding's rule, explained; on a request's URL, the operation
//! it resolves to in the catalogue (its body model and permissions), or the near misses.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};

use super::convert::{self, Lines};
use crate::catalog::{Catalog, Operation, Resolution, split_path};
use crate::diagnostic::Diagnostic;

/// The hover at `position`: a finding's first, else the URL's under it.
pub(super) fn at(text: &str, lines: &Lines, findings: &[Diagnostic], position: Position) -> Option<Hover> {
    finding(text, lines, findings, position).or_else(|| url(text, lines, position))
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range }
}

/// The rule of the finding under `position`, with its explanation.
fn finding(text: &str, lines: &Lines, findings: &[Diagnostic], position: Position) -> Option<Hover> {
    let (d, range) =
        findings.iter().map(|d| (d, convert::range(d, text, lines))).find(|(_, r)| convert::contains(r, position))?;
    let rule = d.rule;
    let value = format!(
        "**{}** ({}, {}): {}\n\n{}\n\n[{}]({}#{})",
        rule.name,
        rule.code,
        d.severity.as_str(),
        rule.summary,
        rule.explanation,
        "documentation",
        crate::report::common::RULES_DOC,
        rule.name
    );
    Some(markdown(value, Some(range)))
}

/// The operation of the request whose URL is under `position`: a URL on a request line
/// (`PATCH https://.../api/v2/...`), or any URL of the API with a method word before it on its
/// line (`curl -X PATCH '...'`; GET when none).
fn url(text: &str, lines: &Lines, position: Position) -> Option<Hover> {
    let line_no = position.line as usize;
    let line = lines.line(text, line_no);
    let line_start = lines.offset(text, Position::new(position.line, 0));
    let at = lines.offset(text, position).checked_sub(line_start)?;
    let is_url_char = |c: char| !c.is_whitespace() && !matches!(c, '\'' | '"' | '`' | '<' | '>');
    let start = line.get(..at)?.rfind(|c: char| !is_url_char(c)).map_or(0, |i| i + 1);
    let end = line.get(at..)?.find(|c: char| !is_url_char(c)).map_or(line.len(), |i| at + i);
    let word = line.get(start..end)?;
    let path_at = word.find("/api/v2/")?;
    let path = word.get(path_at..)?.split(['?', '#']).next()?;
    let method = line
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| matches!(*w, "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"))
        .unwrap_or("GET");
    let catalog = Catalog::get();
    let segments: Vec<&str> = split_path(path).collect();
    let value = match catalog.resolve(method, &segments) {
        Resolution::Operation(op) => describe(op),
        Resolution::WrongMethod(ops) => {
            let methods: Vec<String> = ops.iter().map(|op| format!("`{}`", op.method)).collect();
            let mut v = format!("`{method}` is not an operation of this path; it takes {}.", methods.join(", "));
            for op in ops {
                v.push_str("\n\n---\n\n");
                v.push_str(&describe(op));
            }
            v
        }
        Resolution::Internal(op) => format!(
            "`{} {}` is not in the public API: Genesys's own {} calls it. Public clients cannot rely on it.",
            op.method, op.path, op.caller
        ),
        Resolution::Unknown => {
            let near = catalog.near_misses(method, &segments, 3);
            let mut v = format!("`{method} {path}` is not an operation of the Genesys Cloud API.");
            if !near.is_empty() {
                v.push_str(" Did you mean:\n");
                for n in near {
                    v.push_str(&format!("\n- `{}`", n.operation.signature()));
                }
            }
            v
        }
    };
    let range = Range::new(lines.position_of(text, line_start + start), lines.position_of(text, line_start + end));
    Some(markdown(value, Some(range)))
}

/// An operation: its signature, body model, permissions and status.
fn describe(op: &Operation) -> String {
    let mut v = format!("**`{}`** ({})", op.signature(), op.api);
    if let Some(model) = &op.body_model {
        v.push_str(&format!("\n\nbody: `{model}`"));
    }
    if !op.permissions.list.is_empty() {
        let all = op.permissions.kind.as_deref().unwrap_or("all");
        v.push_str(&format!("\n\npermissions ({all} of): {}", op.permissions.list.join(", ")));
    }
    if !op.scopes.is_empty() {
        v.push_str(&format!("\n\nOAuth scopes: {}", op.scopes.join(", ")));
    }
    if let Some(removal) = &op.removal {
        v.push_str(&format!("\n\n**deprecated**: {removal}"));
    }
    v
}
