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

impl Severity {
    /// `error`, `warning` or `note`, as rendered diagnostics start.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
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
    fn indexed(&self, printable: String) -> Indexed {
        let name = self.location.as_ref().map(|l| l.file.display().to_string()).unwrap_or_default();
        Indexed::new(name, printable)
    }

    /// [`Diagnostic::render_with_source`] with a source already made printable
    /// (`printable_source`, which keeps every byte offset).
    fn render_printable(&self, source: Option<&Indexed>) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, LabelStyle};
        use codespan_reporting::term::{self, Config, Chars};

        let d = match self.severity {
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
            let sev = self.severity.name();
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
        let text = file.file.source().as_str();
        // The caret covers one character (none at the end of a line).
        let end = text[start..]
            .chars()
            .next()
            .filter(|c| *c != '\n' && *c != '\r')
            .map_or(start, |c| start + c.len_utf8());
        let Some((snippet, labels)) = Snippet::new(file, &[(LabelStyle::Primary, start..end)]) else {
            return fallback();
        };
        term::emit_into_string(&config, &snippet, &d.with_labels(labels))
            .unwrap_or_else(|_| fallback())
    }
}

/// A source file made printable, with the start of every line (codespan-reporting's
/// `SimpleFile` computes them once, when it is made).
type SourceFile = codespan_reporting::files::SimpleFile<String, String>;

/// A printable source file, its line index, and whether it is all ASCII (then columns are byte
/// offsets: a diagnostic deep in a minified line of megabytes costs no scan of the line).
struct Indexed {
    file: SourceFile,
    ascii: bool,
    /// When not ASCII: the byte offset of every [`CHAR_STEP`]th character, so that converting
    /// between character and byte positions never scans more than one step (a minified document
    /// is one line of megabytes, and each of hundreds of diagnostics converts its column).
    marks: Vec<usize>,
}

/// Characters between two [`Indexed::marks`].
const CHAR_STEP: usize = 1024;

impl Indexed {
    fn new(name: String, printable: String) -> Self {
        let ascii = printable.is_ascii();
        let marks = if ascii {
            Vec::new()
        } else {
            printable.char_indices().step_by(CHAR_STEP).map(|(b, _)| b).collect()
        };
        Indexed {
            file: SourceFile::new(name, printable),
            ascii,
            marks,
        }
    }

    /// The number of characters before byte `at` (a character boundary) of the file.
    fn char_index(&self, at: usize) -> usize {
        let source = self.file.source().as_str();
        if self.ascii {
            return at.min(source.len());
        }
        let k = self.marks.partition_point(|&m| m <= at).saturating_sub(1);
        let from = self.marks.get(k).copied().unwrap_or(0);
        k * CHAR_STEP + source.get(from..at).map_or(0, |t| t.chars().count())
    }

    /// The byte offset of character `index` of the file (its length past the end).
    fn byte_offset(&self, index: usize) -> usize {
        let source = self.file.source().as_str();
        if self.ascii {
            return index.min(source.len());
        }
        let k = (index / CHAR_STEP).min(self.marks.len().saturating_sub(1));
        let from = self.marks.get(k).copied().unwrap_or(0);
        source[from..]
            .char_indices()
            .nth(index - k * CHAR_STEP)
            .map_or(source.len(), |(i, _)| from + i)
    }
}

/// Byte offset of 1-based `line` and `column` (in characters) in `file`, through its line index.
fn offset(file: &Indexed, line: u32, column: u32) -> Option<usize> {
    let range = line_content(file, usize::try_from(line).ok()?.checked_sub(1)?)?;
    let line_text = file.file.source().get(range.clone())?;
    let col = usize::try_from(column.saturating_sub(1)).ok()?;
    let at = file.byte_offset(file.char_index(range.start).saturating_add(col));
    Some(at.min(range.start + line_text.len()))
}

/// Byte range of 0-based line `index` without its line feed (a `\r` before it stays: a caret may
/// point at it).
fn line_content(file: &Indexed, index: usize) -> Option<std::ops::Range<usize>> {
    use codespan_reporting::files::Files;
    let range = file.file.line_range((), index).ok()?;
    let text = file.file.source().get(range.clone())?;
    Some(range.start..range.start + text.strip_suffix('\n').map_or(text.len(), str::len))
}

/// Widest line a snippet shows, in characters (ellipses included): a longer line (minified JSON
/// is one line of megabytes) is clipped to a window around its labels, each clipped side marked
/// with [`ELLIPSIS`], so a diagnostic costs a few hundred bytes whatever the line.
pub const SNIPPET_WIDTH: usize = 120;

/// Marks the clipped side of a line in a snippet.
pub const ELLIPSIS: &str = "…";

/// What codespan-reporting is given to render: the labelled lines of a file, each clipped to at
/// most [`SNIPPET_WIDTH`] characters, one after the other in a text of their own, reporting the
/// line numbers and columns of the real file.
struct Snippet<'a> {
    name: &'a str,
    text: String,
    lines: Vec<ShownLine>,
}

/// A line of a [`Snippet`]'s text.
struct ShownLine {
    /// Its bytes in the snippet's text, line feed included.
    range: std::ops::Range<usize>,
    /// Its 1-based number in the file (0 for a spacer between lines far apart, never shown).
    number: usize,
    /// The 1-based column, in the file, of its first character after the leading ellipsis.
    column: usize,
    /// Bytes of the leading ellipsis (0 when the line is shown from its start).
    lead: usize,
}

impl<'a> Snippet<'a> {
    /// The snippet showing `labels` (byte ranges of `file`), and the labels moved into it. A
    /// label is cut at the end of its first line, and kept within the window shown of it.
    fn new(
        file: &'a Indexed,
        labels: &[(codespan_reporting::diagnostic::LabelStyle, std::ops::Range<usize>)],
    ) -> Option<(Self, Vec<codespan_reporting::diagnostic::Label<()>>)> {
        use codespan_reporting::files::Files;
        use std::collections::BTreeMap;
        let source = file.file.source().as_str();
        // Line index → the first label's start on it (the window's anchor).
        let mut anchors: BTreeMap<usize, usize> = BTreeMap::new();
        for (_, range) in labels {
            let line = file.file.line_index((), range.start).ok()?;
            anchors.entry(line).or_insert(range.start);
        }
        // codespan-reporting shows a single line between two labelled lines rather than a break.
        let between: Vec<(usize, usize)> = anchors
            .keys()
            .zip(anchors.keys().skip(1))
            .filter(|(a, b)| **b == **a + 2)
            .map(|(a, _)| (a + 1, line_content(file, a + 1).map_or(0, |r| r.start)))
            .collect();
        anchors.extend(between);
        let mut snippet = Snippet {
            name: file.file.name(),
            text: String::new(),
            lines: Vec::new(),
        };
        // Line index → (index in the snippet, real byte range shown).
        let mut placed: BTreeMap<usize, (usize, std::ops::Range<usize>)> = BTreeMap::new();
        let mut previous: Option<usize> = None;
        for (&line, &anchor) in &anchors {
            if previous.is_some_and(|p| line > p + 2) {
                // Two unshown lines keep codespan-reporting's break (`...`) between far lines.
                for _ in 0..2 {
                    let at = snippet.text.len();
                    snippet.text.push('\n');
                    snippet.lines.push(ShownLine { range: at..at + 1, number: 0, column: 1, lead: 0 });
                }
            }
            previous = Some(line);
            let content = line_content(file, line)?;
            let text = source.get(content.clone())?;
            let window = window(text, anchor.clamp(content.start, content.end) - content.start);
            let at = snippet.text.len();
            let lead = if window.start > 0 { ELLIPSIS.len() } else { 0 };
            if lead > 0 {
                snippet.text.push_str(ELLIPSIS);
            }
            snippet.text.push_str(&text[window.clone()]);
            if window.end < text.len() {
                snippet.text.push_str(ELLIPSIS);
            }
            snippet.text.push('\n');
            snippet.lines.push(ShownLine {
                range: at..snippet.text.len(),
                number: file.file.line_number((), line).ok()?,
                column: file.char_index(content.start + window.start)
                    - file.char_index(content.start)
                    + 1,
                lead,
            });
            let real = content.start + window.start..content.start + window.end;
            placed.insert(line, (at + lead, real));
        }
        let labels = labels
            .iter()
            .map(|(style, range)| {
                let line = file.file.line_index((), range.start).ok()?;
                let (at, real) = placed.get(&line)?;
                let start = range.start.clamp(real.start, real.end);
                let end = range.end.clamp(start, real.end);
                Some(codespan_reporting::diagnostic::Label::new(
                    *style,
                    (),
                    at + (start - real.start)..at + (end - real.start),
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some((snippet, labels))
    }
}

/// The bytes of `line` a snippet shows: all of it when it has at most [`SNIPPET_WIDTH`]
/// characters, else a window around byte `anchor` leaving room for two ellipses. Linear in the
/// width, not in the line.
fn window(line: &str, anchor: usize) -> std::ops::Range<usize> {
    if line.char_indices().nth(SNIPPET_WIDTH).is_none() {
        return 0..line.len();
    }
    let budget = SNIPPET_WIDTH - 2;
    let anchor = (0..=anchor).rev().find(|i| line.is_char_boundary(*i)).unwrap_or(0);
    let (mut start, mut end, mut n) = (anchor, anchor, 0);
    for (i, _) in line[..anchor].char_indices().rev().take(budget / 2) {
        start = i;
        n += 1;
    }
    for c in line[anchor..].chars().take(budget - n) {
        end += c.len_utf8();
        n += 1;
    }
    // Near the end of the line: the rest of the budget goes before the anchor.
    for (i, _) in line[..start].char_indices().rev().take(budget - n) {
        start = i;
    }
    start..end
}

impl<'a> codespan_reporting::files::Files<'a> for Snippet<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.lines.partition_point(|l| l.range.start <= byte_index).saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line(line_index)?.number)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let line = self.line(line_index)?;
        let from = line.range.start + line.lead;
        let to = byte_index.clamp(from, line.range.end - 1);
        let text = self.text.get(from..to).ok_or(codespan_reporting::files::Error::InvalidCharBoundary { given: to })?;
        Ok(line.column + text.chars().count())
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        Ok(self.line(line_index)?.range.clone())
    }
}

impl Snippet<'_> {
    fn line(&self, index: usize) -> Result<&ShownLine, codespan_reporting::files::Error> {
        self.lines.get(index).ok_or(codespan_reporting::files::Error::LineTooLarge {
            given: index,
            max: self.lines.len().saturating_sub(1),
        })
    }
}

/// Renders diagnostics, reading each source file once, making it printable once and indexing its
/// lines once however many diagnostics point into it: the full Graph metadata gives a hundred
/// warnings into a 3.4 MB file, and reading it per warning took longer than generating the crate;
/// scanning it for line starts per warning still took a tenth of a second.
#[derive(Default)]
pub struct Sources {
    files: std::collections::HashMap<std::path::PathBuf, Option<Indexed>>,
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

/// One line, as compilers print them: `file:line:column: error[E0102]: message`, then one
/// `  = note: ...` line per note (what `panic!("{e}")` in a build script shows).
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
        write!(f, "{}[{}]: {}", self.severity.name(), self.code, printable(&self.message))?;
        for n in &self.notes {
            write!(f, "\n  = note: {}", printable(n))?;
        }
        Ok(())
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

/// The diagnostics in the order they are shown to people: errors, then warnings, then notes, each
/// group in the order of the source (by file, in the order the files first occur, then line and
/// column; diagnostics without a position first, in their own order). A run with thousands of
/// warnings and a few errors shows the errors first, so a cap on the number shown only ever
/// drops lower-severity diagnostics before errors.
pub fn most_severe_first(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut files: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    for d in diags {
        if let Some(l) = &d.location {
            let next = files.len();
            files.entry(&l.file).or_insert(next);
        }
    }
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    // Stable: equal positions keep the order they were found in.
    sorted.sort_by_cached_key(|d| {
        let at = d
            .location
            .as_ref()
            .map(|l| (files.get(l.file.as_path()).copied(), l.line, l.column));
        (std::cmp::Reverse(d.severity), at)
    });
    sorted
}

/// `3 errors, 1480 warnings`: the counts by severity of `diags`, most severe first, leaving out
/// the severities that do not occur.
pub fn count_by_severity<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> String {
    let mut counts = [0usize; 3];
    for d in diags {
        counts[d.severity as usize] += 1;
    }
    [Severity::Error, Severity::Warning, Severity::Note]
        .iter()
        .filter(|s| counts[**s as usize] > 0)
        .map(|s| {
            let n = counts[*s as usize];
            format!("{n} {}{}", s.name(), if n == 1 { "" } else { "s" })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A failed run: the diagnostics that stopped it (at least one error) and those before it.
#[derive(Debug)]
pub struct Errors(pub Vec<Diagnostic>);

/// Errors first, then warnings and notes, one [`Diagnostic`] each.
impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut all: Vec<&Diagnostic> = self.0.iter().collect();
        all.sort_by_key(|d| std::cmp::Reverse(d.severity));
        for d in all {
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
/// when the whole document is on one line: the column of the previous lookup is reused). Lookups
/// in any order cost at most 4 KB of counting on long lines: a mark every 4 KB remembers its
/// column.
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset, column) at the first character boundary past every [`LINE_MARK_STEP`]
    /// bytes of a line longer than that (one-line JSON documents), in increasing order.
    marks: Vec<(usize, u32)>,
    /// The last lookup on a line: (line start, offset, column), to count onwards from there.
    last: std::cell::Cell<(usize, usize, u32)>,
}

/// Distance in bytes between the column marks of long lines (see [`LineIndex`]).
const LINE_MARK_STEP: usize = 4096;

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
        let mut marks = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            if end - start <= LINE_MARK_STEP {
                continue;
            }
            let (mut col, mut next) = (1u32, start + LINE_MARK_STEP);
            for (i, &b) in text.iter().enumerate().take(end).skip(start) {
                // Characters = bytes that do not continue a UTF-8 sequence.
                if b & 0xC0 != 0x80 {
                    if i >= next {
                        marks.push((i, col));
                        next = i + LINE_MARK_STEP;
                    }
                    col = col.saturating_add(1);
                }
            }
        }
        LineIndex {
            starts,
            marks,
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    /// Byte offset of the start of 1-based `line`, if the text has that line.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts
            .get(usize::try_from(line).ok()?.checked_sub(1)?)
            .copied()
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
        // Count from the nearest known column before `offset` on its line: the last lookup, a
        // mark, or the line start.
        let mark = self
            .marks
            .get(
                self.marks
                    .partition_point(|&(m, _)| m <= offset)
                    .wrapping_sub(1),
            )
            .filter(|&&(m, _)| m >= start);
        let col = match mark {
            Some(&(m, c))
                if !(last_start == start && m <= last_offset && last_offset <= offset) =>
            {
                c as usize + chars(m)
            }
            _ if last_start == start && last_offset <= offset => {
                last_col as usize + chars(last_offset)
            }
            _ => chars(start) + 1,
        };
        let col = u32::try_from(col).unwrap_or(u32::MAX);
        self.last.set((start, offset, col));
        (u32::try_from(line).unwrap_or(u32::MAX), col)
    }
}

#[cfg(test)]
mod tests {
    /// `Display` (what a build script's `panic!("{e}")` prints): severity and code on each line,
    /// notes below, errors first.
    #[test]
    fn errors_display_like_compiler_lines() {
        let e = Errors(vec![
            Diagnostic::warning("W0106", "annotation term `Core.X`").at_file(Path::new("m.xml"), 3, 9),
            Diagnostic::error("E0102", "unresolved type `ns.Persn`")
                .at_file(Path::new("m.xml"), 7, 20)
                .with_note("did you mean `ns.Person`?"),
        ]);
        assert_eq!(
            e.to_string(),
            "m.xml:7:20: error[E0102]: unresolved type `ns.Persn`\n  = note: did you mean `ns.Person`?\n\
             m.xml:3:9: warning[W0106]: annotation term `Core.X`\n"
        );
    }

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
    fn character_and_byte_positions_agree_on_long_non_ascii_lines() {
        // Several `CHAR_STEP`s of mixed one-, two-, three- and four-byte characters on one line,
        // then more lines: every conversion equals the naive count.
        let line: String = (0..5 * CHAR_STEP)
            .map(|i| ['a', 'ä', '€', '𝄞'][i % 7 % 4])
            .collect();
        let text = format!("{line}\nx€y\n{line}");
        let file = Indexed::new("f".into(), text.clone());
        for (ci, (b, _)) in text.char_indices().enumerate().step_by(97) {
            assert_eq!(file.char_index(b), ci);
            assert_eq!(file.byte_offset(ci), b);
        }
        assert_eq!(file.byte_offset(text.chars().count()), text.len());
        // `offset`: line 3, column 3001 is the 3001st character of the third line; past the end
        // of a line is its end.
        let third = line.len() + "\nx€y\n".len();
        let col = line.char_indices().nth(3000).map_or(0, |(i, _)| i);
        assert_eq!(offset(&file, 3, 3001), Some(third + col));
        assert_eq!(offset(&file, 2, 99), Some(line.len() + 1 + "x€y".len()));
    }

    #[test]
    fn line_index_marks_agree_with_counting_in_any_order() {
        // Lines of several `LINE_MARK_STEP`s of mixed one- to four-byte characters (one-line
        // JSON documents), looked up forwards, backwards and at random: always the naive count.
        let long: String = (0..3 * LINE_MARK_STEP)
            .map(|i| ['a', 'ä', '€', '𝄞'][i % 7 % 4])
            .collect();
        let text = format!("{long}\nshort\n{long}");
        let bytes = text.as_bytes();
        let idx = LineIndex::new(bytes);
        assert!(idx.marks.len() > 10, "{}", idx.marks.len());
        let offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).step_by(61).collect();
        let shuffled = offsets
            .iter()
            .enumerate()
            .map(|(k, _)| offsets[(k * 7919) % offsets.len()]);
        for b in offsets
            .iter()
            .copied()
            .chain(offsets.iter().rev().copied())
            .chain(shuffled)
        {
            assert_eq!(idx.line_col(bytes, b), line_col(bytes, b), "offset {b}");
        }
    }

    /// Renders `labels` on `text` as the CLI does.
    fn render_labels(
        text: &str,
        labels: &[(codespan_reporting::diagnostic::LabelStyle, std::ops::Range<usize>)],
    ) -> String {
        use codespan_reporting::term::{self, Chars, Config};
        let file = Indexed::new("f".into(), text.into());
        let (snippet, labels) = Snippet::new(&file, labels).expect("snippet");
        let config = Config { chars: Chars::ascii(), ..Config::default() };
        let d = codespan_reporting::diagnostic::Diagnostic::error().with_message("m").with_labels(labels);
        term::emit_into_string(&config, &snippet, &d).expect("rendered")
    }

    #[test]
    fn secondary_labels_are_clipped_too_and_lines_keep_their_numbers() {
        use codespan_reporting::diagnostic::LabelStyle::{Primary, Secondary};
        let long = format!("{}PRIMARY{}SECOND{}", "a".repeat(500), "b".repeat(20), "c".repeat(500));
        let text = format!("{long}\nshort\n{long}\nx\ny\nz\n{long}\n");
        let line3 = long.len() + "\nshort\n".len();
        let line7 = line3 + long.len() + "\nx\ny\nz\n".len();
        let p = long.find("PRIMARY").unwrap();
        let s = long.find("SECOND").unwrap();
        let r = render_labels(
            &text,
            &[
                (Primary, line3 + p..line3 + p + 7),
                (Secondary, line3 + s..line3 + s + 6),
                (Secondary, 2..3),
                (Secondary, line7 + long.len() - 1..line7 + long.len()),
            ],
        );
        let window = format!("…{}PRIMARY{}SECOND{}…", "a".repeat(59), "b".repeat(20), "c".repeat(26));
        let expected = format!(
            "error: m\n  --> f:3:501\n  |\n1 | {a}…\n  |   -\n2 | short\n3 | {window}\n  |{pad}^^^^^^^{b}------\n  .\n7 | …{c}\n  | {tail}-\n\n",
            a = "a".repeat(118),
            pad = " ".repeat(61),
            b = " ".repeat(20),
            c = "c".repeat(118),
            tail = " ".repeat(118),
        );
        assert_eq!(r, expected, "\n{r}");
    }

    #[test]
    fn offsets_of_lines_and_columns_never_leave_the_text() {
        let file = Indexed::new("f".into(), "ab\r\ncä€d\nx".into());
        assert_eq!(offset(&file, 1, 1), Some(0));
        assert_eq!(offset(&file, 1, 3), Some(2)); // the '\r' before the line feed
        assert_eq!(offset(&file, 1, 99), Some(3)); // past the end: the end of the line
        assert_eq!(offset(&file, 2, 4), "ab\r\ncä€".len().into()); // characters, not bytes
        assert_eq!(offset(&file, 3, 1), Some(file.file.source().len() - 1));
        assert_eq!(offset(&file, 3, 2), Some(file.file.source().len()));
        assert_eq!(offset(&file, 0, 1), None);
        assert_eq!(offset(&file, 4, 1), None);
        assert_eq!(offset(&file, u32::MAX, u32::MAX), None);
        let d = Diagnostic::error("E0001", "bad").at_file(Path::new("f"), 2, 3);
        let text = d.render_with_source(Some("ab\r\ncä€d\nx"));
        assert!(text.contains("2 | cä€d"), "{text}");
    }

    #[test]
    fn shown_most_severe_first_then_by_position() {
        let at = |d: Diagnostic, f: &str, line, col| d.at_file(Path::new(f), line, col);
        let diags = vec![
            at(Diagnostic::warning("W1", "w b 3"), "b", 3, 1),
            at(Diagnostic::error("E1", "e a 9"), "a", 9, 1),
            at(Diagnostic::warning("W1", "w b 1"), "b", 1, 5),
            Diagnostic::error("E2", "e nowhere"),
            at(Diagnostic::error("E1", "e a 2"), "a", 2, 7),
            at(Diagnostic::error("E1", "e b 1"), "b", 1, 1),
            at(Diagnostic::error("E3", "e a 2 again"), "a", 2, 7),
        ];
        let order: Vec<&str> = most_severe_first(&diags)
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        // Files in the order they first occur (b, then a), equal positions as found.
        assert_eq!(
            order,
            ["e nowhere", "e b 1", "e a 2", "e a 2 again", "e a 9", "w b 1", "w b 3"]
        );
    }
}
