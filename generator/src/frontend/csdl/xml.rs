//! A small element tree over quick-xml, with the byte offset of every element and attribute.
//!
//! CSDL documents are a few MB at most, so a tree is cheap and keeps the CSDL reader simple. Hostile
//! input is bounded: DTDs are refused (so no entity expansion), nesting depth is limited, and only the
//! predefined XML entities and character references are resolved.

use quick_xml::XmlVersion;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};

/// Maximum element nesting accepted (CSDL needs about 10; annotations a few more).
pub const MAX_DEPTH: usize = 256;

/// Maximum attributes on one element (CSDL uses fewer than 15). Duplicate detection compares each
/// attribute with the previous ones, so an unbounded count would be quadratic.
pub const MAX_ATTRIBUTES: usize = 256;

/// Maximum length in bytes of one attribute value or of one element's text (the longest
/// descriptions in Microsoft Graph are a few KB). Larger values are refused before any copy.
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// An element: local name (namespace prefix dropped), attributes, children, text.
#[derive(Debug, Default)]
pub struct Element {
    /// Local name, e.g. `EntityType` for `<EntityType>` and `Reference` for `<edmx:Reference>`.
    pub name: String,
    /// Attributes (local names), in document order, with the offset of each attribute's name.
    pub attrs: Vec<(String, String, usize)>,
    /// Namespace declarations (`xmlns`, `xmlns:edmx`, ...: full names), with their offsets.
    pub xmlns: Vec<(String, String, usize)>,
    /// Child elements.
    pub children: Vec<Element>,
    /// Concatenated text content (trimmed).
    pub text: String,
    /// Byte offset of the `<`.
    pub offset: usize,
}

impl Element {
    /// Attribute value by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v.as_str())
    }

    /// Byte offset of an attribute (for diagnostics), else the element's.
    pub fn attr_offset(&self, name: &str) -> usize {
        self.attrs
            .iter()
            .find(|(k, _, _)| k == name)
            .map_or(self.offset, |(_, _, o)| *o)
    }

    /// Child elements with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// An XML syntax error at a byte offset.
#[derive(Debug)]
pub struct XmlError {
    /// Byte offset.
    pub offset: usize,
    /// Message.
    pub message: String,
    /// Diagnostic code: `E0004` (malformed XML), `E0002` (unsupported encoding).
    pub code: &'static str,
}

impl XmlError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        XmlError {
            offset,
            message: message.into(),
            code: "E0004",
        }
    }
}

/// The attribute names of the tag starting at `offset` (the `<`), each with the byte offset of its
/// name. Quoted values are skipped, so a value containing `Name=` or `>` cannot mislead it.
fn attr_positions(text: &str, offset: usize) -> Vec<(&str, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = offset + 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] == b'/' || b[i] == b'>' {
            return out;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        let key = text.get(start..i).unwrap_or_default();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            return out;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let Some(&quote) = b.get(i).filter(|q| **q == b'"' || **q == b'\'') else {
            return out;
        };
        out.push((key, start));
        i += 1;
        while i < b.len() && b[i] != quote {
            i += 1;
        }
        i += 1;
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_owned(),
        None => name.to_owned(),
    }
}

fn element(start: &BytesStart<'_>, offset: usize, text: &str) -> Result<Element, XmlError> {
    let mut attrs = Vec::new();
    let mut xmlns = Vec::new();
    let mut positions = attr_positions(text, offset);
    for (count, a) in start.attributes().with_checks(true).enumerate() {
        if count >= MAX_ATTRIBUTES {
            return Err(XmlError::new(
                offset,
                format!("more than {MAX_ATTRIBUTES} attributes on one element"),
            ));
        }
        let a = a.map_err(|e| {
            // Positions are relative to the byte after `<`.
            let at = match e {
                AttrError::ExpectedEq(p)
                | AttrError::ExpectedValue(p)
                | AttrError::UnquotedValue(p)
                | AttrError::ExpectedQuote(p, _)
                | AttrError::Duplicated(p, _) => offset + 1 + p,
            };
            let message = match e {
                AttrError::Duplicated(..) => "duplicated attribute".to_owned(),
                // Drop quick-xml's "position N: " (relative, and the location says it better).
                e => {
                    let e = e.to_string();
                    let detail = e.split_once(": ").map_or(e.as_str(), |(_, d)| d);
                    format!("malformed attribute: {detail}")
                }
            };
            XmlError::new(at.min(text.len()), message)
        })?;
        let key = a.key.as_ref();
        if a.value.len() > MAX_VALUE_LEN {
            let at = positions.iter().find(|(k, _)| *k == key).map_or(offset, |(_, o)| *o);
            return Err(XmlError::new(
                at,
                format!(
                    "value of attribute `{key}` is longer than {MAX_VALUE_LEN} bytes ({} bytes)",
                    a.value.len()
                ),
            ));
        }
        // Locate the attribute for diagnostics in the raw tag text.
        let attr_offset = match positions.iter().position(|(k, _)| *k == key) {
            Some(i) => positions.remove(i).1,
            None => offset,
        };
        if key == "xmlns" || key.starts_with("xmlns:") {
            // Namespace declarations: kept apart (only the version check reads them).
            let value = a.value.to_string();
            xmlns.push((key.to_owned(), value, attr_offset));
            continue;
        }
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| {
                XmlError::new(attr_offset, format!("bad value of attribute `{key}`: {e}"))
            })?
            .into_owned();
        attrs.push((local(key), value, attr_offset));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attrs,
        xmlns,
        children: Vec::new(),
        text: String::new(),
        offset,
    })
}

/// Parse `text` (UTF-8, BOM already removed) into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    // Text is trimmed per element when it closes, not per event: quick-xml splits text at entity
    // references, and trimming each piece would drop the spaces around `&amp;`.
    config.trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let mut message = e.to_string();
            // A closing tag that does not match: say where the element left open starts.
            if let quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MismatchedEndTag { .. }) = e
                && let Some(open) = stack.last()
            {
                let before = text.get(..open.offset).unwrap_or_default();
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                message.push_str(&format!(
                    " (`<{}>` at line {line}, column {column} is not closed)",
                    open.name
                ));
            }
            XmlError::new(reader.error_position() as usize, message)
        })?;
        // `buffer_position` before the read points at the start of this event. Text and entity
        // references do not need the `<` (and searching for it from each of the many pieces of a
        // long text with entity references would be quadratic).
        let start_offset = if matches!(event, Event::Text(_) | Event::GeneralRef(_)) {
            pos
        } else {
            text.get(pos..)
                .and_then(|rest| rest.find('<').map(|p| pos + p))
                .unwrap_or(pos)
        };
        match event {
            Event::Start(s) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::new(
                        start_offset,
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                stack.push(element(&s, start_offset, text)?);
            }
            Event::Empty(s) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::new(
                        start_offset,
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let el = element(&s, start_offset, text)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => {
                        return Err(XmlError::new(start_offset, "more than one root element"));
                    }
                }
            }
            Event::End(_) => {
                let Some(mut done) = stack.pop() else {
                    return Err(XmlError::new(start_offset, "unexpected closing tag"));
                };
                let trimmed = done.text.trim();
                if trimmed.len() != done.text.len() {
                    done.text = trimmed.to_owned();
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None if root.is_none() => root = Some(done),
                    None => {
                        return Err(XmlError::new(start_offset, "more than one root element"));
                    }
                }
            }
            Event::Text(t) => {
                if t.len() > MAX_VALUE_LEN {
                    return Err(XmlError::new(
                        pos,
                        format!("text longer than {MAX_VALUE_LEN} bytes ({} bytes)", t.len()),
                    ));
                }
                let content = t.xml_content(XmlVersion::Implicit1_0);
                if let Some(cur) = stack.last_mut() {
                    if cur.text.len() + content.len() > MAX_VALUE_LEN {
                        return Err(XmlError::new(
                            pos,
                            format!("text of `<{}>` is longer than {MAX_VALUE_LEN} bytes", cur.name),
                        ));
                    }
                    cur.text.push_str(&content);
                } else if !content.trim().is_empty() {
                    let lead = content.len() - content.trim_start().len();
                    return Err(XmlError::new(pos + lead, "text outside the root element"));
                }
            }
            Event::CData(c) => {
                if let Some(cur) = stack.last_mut() {
                    if cur.text.len() + c.len() > MAX_VALUE_LEN {
                        return Err(XmlError::new(
                            start_offset,
                            format!("text of `<{}>` is longer than {MAX_VALUE_LEN} bytes", cur.name),
                        ));
                    }
                    cur.text.push_str(&c.xml_content(XmlVersion::Implicit1_0));
                } else {
                    return Err(XmlError::new(start_offset, "text outside the root element"));
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            return Err(XmlError::new(
                                pos,
                                format!("invalid character reference `&{};`", &*r),
                            ));
                        }
                    }
                } else {
                    match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(XmlError::new(
                                pos,
                                format!(
                                    "unknown entity `&{};` (only the predefined XML entities are accepted)",
                                    &*r
                                ),
                            ));
                        }
                    }
                };
                match stack.last_mut() {
                    Some(cur) => cur.text.push_str(&resolved),
                    None => {
                        return Err(XmlError::new(pos, "text outside the root element"));
                    }
                }
            }
            Event::DocType(_) => {
                return Err(XmlError::new(
                    start_offset,
                    "DTDs (`<!DOCTYPE ...>`, entity declarations) are not accepted in metadata",
                ));
            }
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    let enc = enc.to_ascii_lowercase();
                    if enc != "utf-8" && enc != "utf8" && enc != "us-ascii" && enc != "ascii" {
                        return Err(XmlError {
                            offset: start_offset,
                            message: format!(
                                "unsupported encoding `{enc}`: metadata must be UTF-8"
                            ),
                            code: "E0002",
                        });
                    }
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError::new(
            open.offset,
            format!("unexpected end of file: `<{}>` is not closed", open.name),
        ));
    }
    root.ok_or(XmlError::new(0, "the document has no root element"))
}
