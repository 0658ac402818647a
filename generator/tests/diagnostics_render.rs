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
