//! Between gclint's places (1-based lines, columns in characters, byte offsets) and the
//! protocol's (0-based lines, columns in UTF-16 code units), and from findings to the protocol's
//! diagnostics.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString,
    Position, Range, Uri,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::report::common::{RULES_DOC, region};

/// The lines of a document, to turn places into positions.
#[derive(Debug, Clone)]
pub(super) struct Lines {
    /// The byte offset at which each line starts.
    starts: Vec<usize>,
}

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    /// How many lines the text has.
    pub(super) fn count(&self) -> usize {
        self.starts.len()
    }

    /// The text of line `line` (0-based), without its line end.
    pub(super) fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts.get(line).copied().unwrap_or(text.len()).min(text.len());
        let end = self.starts.get(line + 1).map_or(text.len(), |e| e - 1).clamp(start, text.len());
        text.get(start..end).unwrap_or_default().trim_end_matches('\r')
    }

    /// The position of 1-based `line` and 1-based `column` (in characters).
    pub(super) fn position(&self, text: &str, line: usize, column: usize) -> Position {
        let line = line.saturating_sub(1);
        let units = self.line(text, line).chars().take(column.saturating_sub(1)).map(char::len_utf16).sum::<usize>();
        Position::new(to_u32(line), to_u32(units))
    }

    /// The position of byte `offset` (a character boundary, or the one before it).
    pub(super) fn position_of(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let before = text.get(start..offset).unwrap_or_default();
        Position::new(to_u32(line), to_u32(before.chars().map(char::len_utf16).sum()))
    }

    /// The byte offset of `position` (clamped to its line).
    pub(super) fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else { return text.len() };
        let mut units = 0;
        for (i, c) in self.line(text, line).char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + self.line(text, line).len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The range of a finding in its document.
pub(super) fn range(d: &Diagnostic, text: &str, lines: &Lines) -> Range {
    match region(d) {
        Some(r) => Range::new(
            lines.position(text, r.start_line, r.start_column),
            lines.position(text, r.end_line, r.end_column),
        ),
        None => Range::default(),
    }
}

/// A finding as the protocol's diagnostic; `index` is its place among the document's findings,
/// which code actions and commands name it by.
pub(super) fn diagnostic(d: &Diagnostic, index: usize, uri: &Uri, text: &str, lines: &Lines) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = format!("{} ({})", d.message, d.rule.code);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related = d
        .related
        .iter()
        .filter_map(|r| {
            let at = lines.position(text, r.line?, r.column?);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), Range::new(at, at)),
                message: r.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let deprecated = matches!(d.rule.name, "deprecated-endpoint" | "removed-endpoint");
    lsp_types::Diagnostic {
        range: range(d, text, lines),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.name.to_owned())),
        code_description: Uri::from_str(&format!("{RULES_DOC}#{}", d.rule.name))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("gclint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: deprecated.then(|| vec![DiagnosticTag::DEPRECATED]),
        data: Some(serde_json::json!({ "index": index })),
    }
}

/// Whether `position` is inside `range` (its end included: the cursor just after a word is on it).
pub(super) fn contains(range: &Range, position: Position) -> bool {
    let at = (position.line, position.character);
    (range.start.line, range.start.character) <= at && at <= (range.end.line, range.end.character)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_become_utf16_positions_and_back() {
        let text = "ab\r\n€😀x\nlast";
        let lines = Lines::new(text);
        assert_eq!(lines.line(text, 0), "ab");
        assert_eq!(lines.line(text, 1), "€😀x");
        // Column 3 of line 2 is `x`, after one BMP character and one astral one (two units).
        assert_eq!(lines.position(text, 2, 3), Position::new(1, 3));
        let x = text.find('x').unwrap();
        assert_eq!(lines.position_of(text, x), Position::new(1, 3));
        assert_eq!(lines.offset(text, Position::new(1, 3)), x);
        assert_eq!(lines.offset(text, Position::new(1, 99)), x + 1);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(lines.position_of(text, text.len()), Position::new(2, 4));
    }
}
