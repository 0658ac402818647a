//! Diagnostics: errors and warnings with a stable code and a source position.
//!
//! Rendering follows rustc's layout (`error[E0001]: message`, ` --> file:line:column`, the source line
//! and a caret) so editors and people read them alike.

use crate::ir::Span;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information that needs no action.
    Note,
    /// Generation goes on; the output may not be what the metadata's author meant.
    Warning,
    /// Generation stops before anything is written.
    Error,
}

/// One diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Stable code, e.g. `E0102`.
    pub code: &'static str,
    /// One-line message.
    pub message: String,
    /// Where (file, line, column), when known.
    pub location: Option<Location>,
    /// Extra lines (`= note: ...`).
    pub notes: Vec<String>,
}

/// A resolved source location.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// File path as given.
    pub file: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Location {
    /// Location of a span, given the model's source list.
    pub fn of(span: Span, sources: &[PathBuf]) -> Option<Self> {
        let file = sources.get(span.file as usize)?.clone();
        (span.line > 0).then_some(Location {
            file,
            line: span.line,
            column: span.column,
        })
    }
}

impl Diagnostic {
    /// A new error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            notes: Vec::new(),
        }
    }

    /// A new warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// A new note.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        }
    }

    /// Attach a location.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Attach a location in `file`.
    pub fn at_file(mut self, file: &Path, line: u32, column: u32) -> Self {
        self.location = Some(Location {
            file: file.to_path_buf(),
            line,
            column,
        });
        self
    }

    /// Add a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Render like rustc, with the source line and a caret when the file can be read
    /// (delegates to `codespan-reporting`; plain text, ASCII borders).
    pub fn render(&self) -> String {
        Sources::default().render(self)
    }

    /// Like [`Diagnostic::render`], with the text of the location's file supplied by the caller
    /// (`None`: no source line is shown).
    pub fn render_with_source(&self, source: Option<&str>) -> String {
        let file = source.map(|s| self.indexed(printable_source(s)));
        self.render_printable(file.as_ref())
    }

    /// The location's file, printable, with its line index.
    fn indexed(&self, printable: String) -> SourceFile {
        let name = self.location.as_ref().map(|l| l.file.display().to_string()).unwrap_or_default();
        SourceFile::new(name, printable)
    }

    /// [`Diagnostic::render_with_source`] with a source already made printable
    /// (`printable_source`, which keeps every byte offset).
    fn render_printable(&self, source: Option<&SourceFile>) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
        use codespan_reporting::term::{self, Config, Chars};

        let mut d = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
            Severity::Note => CsDiagnostic::note(),
        }
        .with_code(self.code)
        .with_message(printable(&self.message))
        .with_notes(self.notes.iter().map(|n| format!("note: {n}")).collect());
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        let fallback = || {
            let mut out = String::new();
            let sev = match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            out.push_str(&format!("{sev}[{}]: {}\n", self.code, printable(&self.message)));
            if let Some(loc) = &self.location {
                out.push_str(&format!(
                    "  --> {}:{}:{}\n",
                    loc.file.display(),
                    loc.line,
                    loc.column
                ));
            }
            for n in &self.notes {
                out.push_str(&format!("  = note: {n}\n"));
            }
            out
        };
        let (Some(loc), Some(file)) = (&self.location, source) else {
            return fallback();
        };
        let Some(start) = offset(file, loc.line, loc.column) else {
            return fallback();
        };
        let text = file.source().as_str();
        // The caret covers one character (none at the end of a line).
        let end = text[start..]
            .chars()
            .next()
            .filter(|c| *c != '\n' && *c != '\r')
            .map_or(start, |c| start + c.len_utf8());
        d = d.with_labels(vec![Label::primary((), start..end)]);
        term::emit_into_string(&config, file, &d).unwrap_or_else(|_| fallback())
    }
}

/// A source file made printable, with the start of every line (codespan-reporting's
/// `SimpleFile` computes them once, when it is made).
type SourceFile = codespan_reporting::files::SimpleFile<String, String>;

/// Byte offset of 1-based `line` and `column` (in characters) in `file`, through its line index.
fn offset(file: &SourceFile, line: u32, column: u32) -> Option<usize> {
    use codespan_reporting::files::Files;
    let range = file.line_range((), usize::try_from(line).ok()?.checked_sub(1)?).ok()?;
    let line_text = file.source().get(range.clone())?;
    let line_text = line_text.strip_suffix('\n').unwrap_or(line_text);
    let col = usize::try_from(column.saturating_sub(1)).ok()?;
    let within = line_text
        .char_indices()
        .nth(col)
        .map_or(line_text.len(), |(i, _)| i);
    Some(range.start + within)
}

/// Renders diagnostics, reading each source file once, making it printable once and indexing its
/// lines once however many diagnostics point into it: the full Graph metadata gives a hundred
/// warnings into a 3.4 MB file, and reading it per warning took longer than generating the crate;
/// scanning it for line starts per warning still took a tenth of a second.
#[derive(Default)]
pub struct Sources {
    files: std::collections::HashMap<std::path::PathBuf, Option<SourceFile>>,
}

impl Sources {
    /// Render `d` like [`Diagnostic::render`].
    pub fn render(&mut self, d: &Diagnostic) -> String {
        let source = d.location.as_ref().and_then(|l| {
            self.files
                .entry(l.file.clone())
                .or_insert_with(|| {
                    std::fs::read(&l.file)
                        .ok()
                        .map(|b| d.indexed(printable_source(&String::from_utf8_lossy(&b))))
                })
                .as_ref()
        });
        d.render_printable(source)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(
                f,
                "{}:{}:{}: ",
                loc.file.display(),
                loc.line,
                loc.column
            )?;
        }
        write!(f, "{}", printable(&self.message))
    }
}

/// Messages quote metadata names, which may hold line breaks or terminal escape sequences: control
/// characters are shown escaped (`\n`, `\u{1b}`) so a name cannot forge or hide diagnostics.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The source text with control characters (terminal escapes in a hostile file) replaced by `?`,
/// byte for byte, so offsets computed on the original stay valid.
fn printable_source(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let keep = !c.is_control() || matches!(c, '\n' | '\r' | '\t');
            let (c, n) = if keep { (c, 1) } else { ('?', c.len_utf8()) };
            std::iter::repeat_n(c, n)
        })
        .collect()
}

/// A failed run: the diagnostics that stopped it (at least one error) and those before it.
#[derive(Debug)]
pub struct Errors(pub Vec<Diagnostic>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Line and column (1-based, column in characters) of byte `offset` in `text`.
pub fn line_col(text: &[u8], offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line as u32, col as u32)
}

/// Incremental line/column computation for increasing offsets (linear over a whole file, even
/// when the whole document is on one line: the column of the previous lookup is reused).
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last lookup on a line: (line start, offset, column), to count onwards from there.
    last: std::cell::Cell<(usize, usize, u32)>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, text: &[u8], offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        // Characters = bytes that do not continue a UTF-8 sequence.
        let chars = |from: usize| {
            text.get(from..offset)
                .map_or(0, |s| s.iter().filter(|b| (**b & 0xC0) != 0x80).count())
        };
        let (last_start, last_offset, last_col) = self.last.get();
        let col = if last_start == start && last_offset <= offset {
            last_col as usize + chars(last_offset)
        } else {
            chars(start) + 1
        };
        let col = u32::try_from(col).unwrap_or(u32::MAX);
        self.last.set((start, offset, col));
        (u32::try_from(line).unwrap_or(u32::MAX), col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_columns_count_characters_in_any_order() {
        let text = "ab\ncä€d\nx".as_bytes();
        let idx = LineIndex::new(text);
        let d = text.iter().position(|b| *b == b'd').unwrap_or(0);
        assert_eq!(idx.line_col(text, d), (2, 4));
        assert_eq!(idx.line_col(text, 1), (1, 2));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, d), (2, 4));
        assert_eq!(idx.line_col(text, text.len()), (3, 2));
        assert_eq!(line_col(text, d), (2, 4));
    }

    #[test]
    fn offsets_of_lines_and_columns_never_leave_the_text() {
        let file = SourceFile::new("f".into(), "ab\r\ncä€d\nx".into());
        assert_eq!(offset(&file, 1, 1), Some(0));
        assert_eq!(offset(&file, 1, 3), Some(2)); // the '\r' before the line feed
        assert_eq!(offset(&file, 1, 99), Some(3)); // past the end: the end of the line
        assert_eq!(offset(&file, 2, 4), "ab\r\ncä€".len().into()); // characters, not bytes
        assert_eq!(offset(&file, 3, 1), Some(file.source().len() - 1));
        assert_eq!(offset(&file, 3, 2), Some(file.source().len()));
        assert_eq!(offset(&file, 0, 1), None);
        assert_eq!(offset(&file, 4, 1), None);
        assert_eq!(offset(&file, u32::MAX, u32::MAX), None);
        let d = Diagnostic::error("E0001", "bad").at_file(Path::new("f"), 2, 3);
        let text = d.render_with_source(Some("ab\r\ncä€d\nx"));
        assert!(text.contains("2 | cä€d"), "{text}");
    }
}
