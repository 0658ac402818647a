//! `Diagnostic::render` through codespan-reporting: layout, Unicode lines, odd positions.

use odatagen::diagnostics::{Diagnostic, Location};
use std::path::PathBuf;

fn at(line: u32, column: u32) -> Diagnostic {
    Diagnostic::warning("W0999", "something")
        .at(Some(Location {
            file: PathBuf::from("x.xml"),
            line,
            column,
        }))
        .with_note("a note")
}

#[test]
fn rustc_layout_with_caret() {
    let text = "<a>\n  <b Name=\"x\"/>\n</a>\n";
    assert_eq!(
        at(2, 6).render_with_source(Some(text)),
        "warning[W0999]: something\n  --> x.xml:2:6\n  |\n2 |   <b Name=\"x\"/>\n  |      ^\n  |\n  = note: a note\n\n"
    );
}

#[test]
fn columns_count_characters() {
    let text = "<é Näme=\"x\"/>\n";
    let r = at(1, 4).render_with_source(Some(text));
    assert!(r.contains("--> x.xml:1:4\n"), "{r}");
    assert!(r.contains("1 | <é Näme=\"x\"/>\n  |    ^\n"), "{r}");
}

#[test]
fn positions_outside_the_text_fall_back() {
    let text = "one line\n";
    for (l, c) in [(5, 1), (1, 99), (0, 0)] {
        let r = at(l, c).render_with_source(Some(text));
        assert!(r.starts_with("warning[W0999]: something\n"), "{r}");
        assert!(r.contains("= note: a note"), "{r}");
    }
    let r = at(3, 2).render_with_source(None);
    assert_eq!(
        r,
        "warning[W0999]: something\n  --> x.xml:3:2\n  = note: a note\n"
    );
    let r = Diagnostic::error("E0001", "cannot read").render();
    assert_eq!(r, "error[E0001]: cannot read\n");
}

/// The source line and caret line of a rendering (the lines after ` | ` and `  | `).
fn snippet_lines(r: &str) -> (String, String) {
    let mut lines = r.lines().skip_while(|l| !l.starts_with("1 | "));
    let source = lines.next().unwrap_or_default();
    let caret = lines.next().unwrap_or_default();
    (
        source.trim_start_matches("1 | ").to_owned(),
        caret.trim_start_matches("  | ").to_owned(),
    )
}

/// The character above the caret.
fn under_caret(source: &str, caret: &str) -> Option<char> {
    let at = caret.find('^')?;
    source.chars().nth(at)
}

#[test]
fn long_lines_are_clipped_around_the_caret() {
    // Minified JSON: one line of 200 KB, the diagnostic in the middle.
    let pad = "x".repeat(100_000);
    let text = format!("{{\"a\":\"{pad}\",\"mode\":{{\"enum\":[1]}},\"b\":\"{pad}\"}}");
    let column = text.find("\"mode\"").unwrap() as u32 + 1;
    let r = at(1, column).render_with_source(Some(&text));
    assert!(r.len() < 600, "{} bytes:\n{r}", r.len());
    assert!(r.contains(&format!("--> x.xml:1:{column}\n")), "{r}");
    let (source, caret) = snippet_lines(&r);
    assert!(source.chars().count() <= 120, "{source}");
    assert!(source.starts_with('…') && source.ends_with('…'), "{source}");
    assert!(source.contains("\"mode\":{\"enum\":[1]}"), "{source}");
    assert_eq!(under_caret(&source, &caret), Some('"'), "{r}");
    assert_eq!(caret.trim(), "^", "{r}");
    assert!(r.ends_with("  |\n  = note: a note\n\n"), "{r}");
}

#[test]
fn clipping_keeps_the_side_that_reaches_the_line_end() {
    let text = format!("<a b=\"{}\"/>\n", "y".repeat(300));
    // Near the start: clipped on the right only.
    let r = at(1, 2).render_with_source(Some(&text));
    let (source, caret) = snippet_lines(&r);
    assert!(source.starts_with("<a b=\"yyy") && source.ends_with("y…"), "{r}");
    assert_eq!(source.chars().count(), 119, "{r}");
    assert_eq!(under_caret(&source, &caret), Some('a'), "{r}");
    // At the end of the line: clipped on the left only, the caret past the last character.
    let r = at(1, 310).render_with_source(Some(&text));
    assert!(r.contains("--> x.xml:1:310\n"), "{r}");
    let (source, caret) = snippet_lines(&r);
    assert!(source.starts_with("…yyy") && source.ends_with("y\"/>"), "{r}");
    assert_eq!(caret.find('^'), Some(source.chars().count()), "{r}");
    // On the last character.
    let r = at(1, 309).render_with_source(Some(&text));
    let (source, caret) = snippet_lines(&r);
    assert_eq!(under_caret(&source, &caret), Some('>'), "{r}");
}

#[test]
fn clipping_counts_characters_not_bytes() {
    // CSDL on one line with non-ASCII names before and after the position.
    let text = format!(
        "<Schema>{}<EntityType Name=\"Ärger\"/>{}</Schema>",
        "<Ä/>".repeat(500),
        "<€/>".repeat(500)
    );
    let column = text[..text.find("Name").unwrap()].chars().count() as u32 + 1;
    let r = at(1, column).render_with_source(Some(&text));
    assert!(r.contains(&format!("--> x.xml:1:{column}\n")), "{r}");
    let (source, caret) = snippet_lines(&r);
    assert!(source.chars().count() <= 120, "{source}");
    assert!(source.contains("<EntityType Name=\"Ärger\"/>"), "{source}");
    assert_eq!(under_caret(&source, &caret), Some('N'), "{r}");
}

#[test]
fn lines_up_to_the_width_are_shown_whole() {
    let line = format!("<{}/>", "b".repeat(117));
    assert_eq!(line.len(), 120);
    let r = at(1, 2).render_with_source(Some(&format!("{line}\n<c/>\n")));
    assert!(r.contains(&format!("1 | {line}\n  |  ^\n")), "{r}");
    let line = format!("<{}/>", "b".repeat(118));
    let r = at(1, 2).render_with_source(Some(&format!("{line}\n<c/>\n")));
    assert!(!r.contains(&line) && r.contains("bbb…\n"), "{r}");
}
