//! Doc comments from `Core.Description` / `Core.LongDescription` (and SAP's `Common.Label` /
//! `Common.QuickInfo`), and `#[deprecated]`.
//!
//! Descriptions are metadata text, not Markdown written for rustdoc: they are escaped so that
//! brackets, angle brackets, backticks and HTML cannot form links, code or tags, and bare URLs become
//! autolinks (rustdoc warns about bare URLs). They are emitted as string literals in `#[doc]`
//! attributes, so no text can end the comment or inject an item.

use crate::ir::Annotations;
use proc_macro2::TokenStream;
use quote::quote;

/// Escape metadata text for rustdoc Markdown.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        // URLs become autolinks `<...>` (not escaped inside).
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            // Metadata descriptions are single paragraphs; line breaks would start Markdown blocks.
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out.trim().to_owned()
}

/// Metadata text (a name) for a Markdown code span: backticks removed (they would end it) and
/// control characters, line breaks included, turned into spaces (a line break would let the next
/// line start a Markdown block such as an HTML tag or a heading).
pub fn code(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '`')
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The doc comment of an enumeration member `name`: its annotations' description, else the
/// value itself in code (`` `value` ``; the empty string is said in words).
pub fn member_doc(name: &str, annotations: &Annotations) -> TokenStream {
    let doc = doc_attrs(annotations, &[]);
    if !doc.is_empty() {
        return doc;
    }
    let line = if name.is_empty() {
        " The empty string.".to_owned()
    } else {
        format!(" `{}`", code(name))
    };
    quote!(#[doc = #line])
}

/// Length of an `http(s)://` URL at the start of `s`, if any.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let len = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '\\'))
        .unwrap_or(s.len());
    // Trailing punctuation belongs to the sentence.
    let trimmed = s[..len].trim_end_matches(['.', ',', ';', ':', ')', '\'']);
    (trimmed.len() > "https://".len()).then_some(trimmed.len())
}

/// `#[doc]` attributes for an element: its description, long description, then `extra` lines.
pub fn doc_attrs(annotations: &Annotations, extra: &[String]) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    // SAP's label, then the description (else SAP's quick info) when it says more.
    let label = annotations.label();
    if let Some(l) = label {
        paragraphs.push(escape_markdown(l));
    }
    if let Some(d) = annotations.description().or(annotations.quick_info())
        && Some(d) != label
    {
        paragraphs.push(escape_markdown(d));
    }
    if let Some(d) = annotations.long_description() {
        paragraphs.push(escape_markdown(d));
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.extend(extra.iter().cloned());
    lines(&paragraphs)
}

/// `#[doc = " ..."]` lines with blank lines between paragraphs.
pub fn lines(paragraphs: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.extend(quote!(#[doc = ""]));
        }
        let text = format!(" {p}");
        out.extend(quote!(#[doc = #text]));
    }
    out
}

/// `#[deprecated(note = "...")]` when the element is deprecated.
pub fn deprecated(annotations: &Annotations) -> TokenStream {
    match annotations.deprecation() {
        Some(d) => {
            let note = match d.since {
                Some(s) => format!("{} (since {s})", d.note),
                None => d.note,
            };
            quote!(#[deprecated(note = #note)])
        }
        None => TokenStream::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_markdown("a [b](c) <d> `e`"), r"a \[b\](c) \<d\> \`e\`");
        assert_eq!(
            escape_markdown("See https://aka.ms/x. Done"),
            "See <https://aka.ms/x>. Done"
        );
        assert_eq!(escape_markdown("*/ \"q\"\nnext"), r#"\*/ "q" next"#);
    }
}
