//! The default output: miette's graphical diagnostics over the decoded request text.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Severity, Snippet};

/// How the terminal may be written to.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// The snippet text as a miette source whose line numbers start at `first_line`.
struct SnippetSource<'s>(&'s Snippet);

impl SourceCode for SnippetSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.0.text.as_str().read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.title.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.0.first_line - 1,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The labels of a snippet as miette spans.
fn labels(snippet: &Snippet) -> Box<dyn Iterator<Item = LabeledSpan> + '_> {
    Box::new(snippet.labels.iter().map(|l| LabeledSpan::new_primary_with_span(l.text.clone(), l.span.clone())))
}

struct Shown<'d> {
    d: &'d Diagnostic,
    /// The message and help, wrapped to the width.
    message: String,
    help: Option<String>,
    source: Option<SnippetSource<'d>>,
    related: Vec<RelatedShown<'d>>,
}

/// A related place (the earlier request of a conflict), shown under the finding.
struct RelatedShown<'d> {
    message: String,
    source: SnippetSource<'d>,
}

impl std::fmt::Debug for RelatedShown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for RelatedShown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedShown<'_> {}

impl miette::Diagnostic for RelatedShown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(labels(self.source.0))
    }
}

impl std::fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if self.source.is_none() {
            // No snippet: say where in the message itself.
            match (self.d.line, self.d.column) {
                (Some(l), Some(c)) => write!(f, "\n  at {}:{l}:{c}", self.d.path)?,
                _ => write!(f, "\n  at {}", self.d.path)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(format!("{}[{}]", self.d.severity.as_str(), self.d.rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(labels(self.source.as_ref()?.0))
    }
}

/// Columns before the text of a snippet line (` 12 │ `), and those kept free after it.
const GUTTER: usize = 6;

/// Prose wrapped to `width` columns, at spaces only (a long path or URL stays whole). Lines that
/// start with a space are code (the suggested request and its body, to copy) and stay as they are.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let opts = || {
        textwrap::Options::new(width.max(20))
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
    };
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| if line.starts_with(' ') { line.to_owned() } else { textwrap::fill(line, opts()) })
        .collect();
    lines.join("\n")
}

/// One line of a snippet as fitted: its bytes in the original text, the part of them kept, and
/// where the kept part starts in the fitted text.
struct Kept {
    line: std::ops::Range<usize>,
    kept: std::ops::Range<usize>,
    at: usize,
}

/// The snippet with every line that would overflow `width` (its text, or the underline art and
/// label text under it) cut to a window around its labels, as rustc does, marked with `…` where
/// cut; the labels are moved with their text. The source is never wrapped: a wrapped line would
/// break the underlines. The title (where it is: the path, line and column, the entry) is kept
/// whole, as rustc keeps its `-->` line.
fn fit(snippet: &Snippet, width: usize) -> Snippet {
    let text = snippet.text.as_str();
    let last_line = snippet.first_line + text.matches('\n').count();
    let room = width.saturating_sub(GUTTER + last_line.to_string().len()).max(20);
    let mut out = String::with_capacity(text.len());
    let mut kept: Vec<Kept> = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        let (from, to) = window(line, start, &snippet.labels, room);
        let prefix = if from > 0 { "…" } else { "" };
        let suffix = if to < line.len() { "…" } else { "" };
        out.push_str(prefix);
        let at = out.len();
        out.push_str(line.get(from..to).unwrap_or_default());
        out.push_str(suffix);
        kept.push(Kept { line: start..end, kept: start + from..start + to, at });
        if end < text.len() {
            out.push('\n');
        }
        start = end + 1;
    }
    // An offset of the original text in the fitted one: clamped into the kept part of its line.
    let moved = |offset: usize| {
        let k = kept.iter().find(|k| offset <= k.line.end).or(kept.last());
        k.map_or(0, |k| k.at + offset.clamp(k.kept.start, k.kept.end) - k.kept.start)
    };
    let labels = snippet
        .labels
        .iter()
        .map(|l| {
            let s = moved(l.span.start);
            let e = moved(l.span.end).max(s);
            let text = l.text.as_deref().map(|t| cut_label(t, &out, s..e, room));
            crate::diagnostic::Label { span: s..e, text }
        })
        .collect();
    Snippet { title: snippet.title.clone(), text: out, first_line: snippet.first_line, labels }
}

/// A label's text, cut with `…` when it would run past `room` from under the middle of its span
/// (`╰── text`) in the fitted `text`.
fn cut_label(label: &str, text: &str, span: std::ops::Range<usize>, room: usize) -> String {
    let line_start = text.get(..span.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let column = |at: usize| text.get(line_start..at).map_or(0, |t| t.chars().count());
    let end = if text.get(span.clone()).is_some_and(|t| !t.contains('\n')) { span.end } else { span.start };
    let middle = (column(span.start) + column(end)) / 2;
    let fits = room.saturating_sub(middle + 4).max(12);
    if label.chars().count() <= fits {
        return label.to_owned();
    }
    let kept: String = label.chars().take(fits - 1).collect();
    format!("{}…", kept.trim_end_matches('…'))
}

/// The byte range of `line` (which starts at `start` in its text) to show in `room` columns: all
/// of it when it and the labels under it fit, else a window holding the labels starting on it,
/// with their underline and text, and as much around them as fits.
fn window(line: &str, start: usize, labels: &[crate::diagnostic::Label], room: usize) -> (usize, usize) {
    // Columns are counted in characters; `bytes[i]` is where character `i` starts.
    let bytes: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
    let n = bytes.len() - 1;
    let column = |offset: usize| bytes.partition_point(|&b| b < offset);
    // Each label starting on the line: its first and last column, and the columns its text takes
    // after its middle (`╰── text`).
    let on_line: Vec<(usize, usize, usize)> = labels
        .iter()
        .filter(|l| l.span.start >= start && l.span.start <= start + line.len())
        .map(|l| {
            let (s, e) = (column(l.span.start - start), column(l.span.end.saturating_sub(start).min(line.len())));
            // A text too long for any window is cut to the room left (see `fit`), not the line.
            // (a window keeps some 16 columns of the line for the label to point at).
            let art = l.text.as_ref().map_or(0, |t| t.chars().count() + 4).min(room.saturating_sub(18).max(room / 2));
            (s, e.max(s + 1), art)
        })
        .collect();
    // The last column a window [from, to) takes, the labels clamped into it as they will be.
    let reach = |from: usize, to: usize| {
        let art = on_line.iter().map(|&(s, e, art)| {
            let (s, e) = (s.clamp(from, to), e.clamp(from, to));
            (s + e) / 2 + art
        });
        art.chain([to]).max().unwrap_or(to) - from
    };
    if reach(0, n) <= room {
        return (0, line.len());
    }
    // Room for the `…` at either end.
    let budget = room.saturating_sub(2).max(1);
    let lo = on_line.iter().map(|&(s, _, _)| s).min().unwrap_or(0);
    let right = on_line.iter().map(|&(s, e, art)| e.max((s + e) / 2 + art)).max().unwrap_or(0);
    let from = if right.saturating_sub(lo) >= budget {
        // Not all of it fits: the first label's start does.
        lo
    } else {
        let slack = budget - (right - lo);
        let centred = lo - (slack / 2).min(lo);
        // A window that reaches the end of the line takes its unused room before the labels.
        centred.min(n.saturating_sub(budget).max(right.saturating_sub(budget)))
    };
    // A label too long for the room is cut with its line, so that its text fits after it.
    let mut to = (from + budget).min(n);
    while to > from + 1 && reach(from, to) > budget {
        to -= 1;
    }
    let at = |c: usize| bytes.get(c).copied().unwrap_or(line.len());
    (at(from), at(to))
}

pub fn render(diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .without_primary_span_start()
        .with_context_lines(2)
        .with_wrap_lines(false);
    let mut out = String::new();
    for d in diagnostics {
        // Fitted to the width here, not when found: the width is the terminal's.
        let fitted = d.snippet.as_ref().map(|s| fit(s, style.width));
        let related_fitted: Vec<Snippet> = d.related.iter().map(|r| fit(&r.snippet, style.width)).collect();
        let related = d
            .related
            .iter()
            .zip(&related_fitted)
            .map(|(r, s)| RelatedShown {
                message: wrap(&r.message, style.width.saturating_sub(4)),
                source: SnippetSource(s),
            })
            .collect();
        let block = d.suggestion.as_ref().map(crate::suggest::render::block).filter(|b| !b.is_empty());
        let help = match (&d.help, block) {
            (Some(h), Some(b)) => Some(format!("{h}\n{b}")),
            (None, Some(b)) => Some(b),
            (Some(h), None) => Some(h.clone()),
            (None, None) => None,
        };
        let shown = Shown {
            d,
            // miette indents the message by 4 (`  × `) and the help by 8 (`  help: `).
            message: wrap(&d.message, style.width.saturating_sub(4)),
            help: help.map(|h| wrap(&h, style.width.saturating_sub(8))),
            source: fitted.as_ref().map(SnippetSource),
            related,
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}[{}]: {}\n", d.severity.as_str(), d.rule.name, d.message));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;

    fn snippet(text: &str, labels: &[(std::ops::Range<usize>, &str)]) -> Snippet {
        Snippet {
            title: "a.har:1:1 · entry 0 · request".into(),
            text: text.into(),
            first_line: 1,
            labels: labels.iter().map(|(r, t)| Label { span: r.clone(), text: Some((*t).into()) }).collect(),
        }
    }

    #[test]
    fn a_line_that_fits_is_left_alone() {
        let s = snippet("{\"state\":\"hangup\"}", &[(9..17, "not a state")]);
        let fitted = fit(&s, 80);
        assert_eq!(fitted.text, s.text);
        assert_eq!(fitted.labels[0].span, 9..17);
        assert_eq!(fitted.title, s.title);
    }

    #[test]
    fn a_long_line_is_cut_around_its_label_which_moves_with_its_text() {
        let text = format!("{}\"state\":\"hangup\"{}", "a".repeat(100), "b".repeat(100));
        let at = text.find("\"hangup\"").unwrap();
        let s = snippet(&text, &[(at..at + 8, "not a state")]);
        let fitted = fit(&s, 80);
        assert!(fitted.text.starts_with('…') && fitted.text.ends_with('…'), "{}", fitted.text);
        assert!(fitted.text.chars().count() < 80 - GUTTER, "{}", fitted.text);
        assert_eq!(&fitted.text[fitted.labels[0].span.clone()], "\"hangup\"");
    }

    #[test]
    fn a_label_text_too_long_for_the_room_is_cut() {
        let long = "expected one of ".to_owned() + &"\"value\", ".repeat(20);
        let s = snippet("{\"state\":\"hangup\"}", &[(9..17, &long)]);
        let fitted = fit(&s, 80);
        let text = fitted.labels[0].text.as_deref().unwrap();
        assert!(text.ends_with('…') && text.chars().count() < 80, "{text}");
    }

    #[test]
    fn hostile_text_and_labels_do_not_panic() {
        let text = "é".repeat(300) + "\n" + &"🙂 ".repeat(200) + "\n\n";
        for labels in
            [vec![(0..1, "x")], vec![(599..700, "x")], vec![(5000..6000, "y")], vec![(1..2, ""), (601..900, "z")]]
        {
            let s = snippet(&text, &labels);
            for width in [0, 1, 20, 80, 300] {
                let fitted = fit(&s, width);
                for l in &fitted.labels {
                    assert!(l.span.start <= l.span.end && l.span.end <= fitted.text.len());
                }
                // And miette draws it.
                let shown = RelatedShown { message: "m".into(), source: SnippetSource(&fitted) };
                let mut out = String::new();
                GraphicalReportHandler::new().with_width(width).render_report(&mut out, &shown).unwrap();
            }
        }
    }

    #[test]
    fn prose_wraps_at_spaces_and_code_lines_stay() {
        let text = format!("{}\n  PATCH https://{}", "word ".repeat(30), "x".repeat(100));
        let wrapped = wrap(&text, 40);
        assert!(wrapped.lines().filter(|l| !l.starts_with("  PATCH")).all(|l| l.chars().count() <= 40), "{wrapped}");
        assert!(wrapped.lines().any(|l| l.starts_with("  PATCH https://") && l.len() > 100), "{wrapped}");
        // A URL in prose stays whole.
        assert!(wrap(&format!("see https://{}/a-b-c", "x".repeat(60)), 40).contains("/a-b-c"));
    }
}
