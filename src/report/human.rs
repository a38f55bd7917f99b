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
    source: Option<SnippetSource<'d>>,
    related: Vec<RelatedShown<'d>>,
}

/// A related place (the earlier request of a conflict), shown under the finding.
struct RelatedShown<'d> {
    message: &'d str,
    source: SnippetSource<'d>,
}

impl std::fmt::Debug for RelatedShown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message)
    }
}

impl std::fmt::Display for RelatedShown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message)
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
        f.write_str(&self.d.message)?;
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
        let block = self.d.suggestion.as_ref().map(crate::suggest::render::block).filter(|b| !b.is_empty());
        match (&self.d.help, block) {
            (Some(h), Some(b)) => Some(Box::new(format!("{h}\n{b}"))),
            (None, Some(b)) => Some(Box::new(b)),
            (Some(h), None) => Some(Box::new(h)),
            (None, None) => None,
        }
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
        let snippet = self.d.snippet.as_ref()?;
        Some(labels(snippet))
    }
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
        let related =
            d.related.iter().map(|r| RelatedShown { message: &r.message, source: SnippetSource(&r.snippet) }).collect();
        let shown = Shown { d, source: d.snippet.as_ref().map(SnippetSource), related };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}[{}]: {}\n", d.severity.as_str(), d.rule.name, d.message));
        }
        out.push('\n');
    }
    out
}
