//! A small element tree over quick-xml, with the byte offset of every element and attribute.
//!
//! CSDL documents are a few MB at most, so a tree is cheap and keeps the CSDL reader simple. Hostile
//! input is bounded: DTDs are refused (so no entity expansion), nesting depth is limited, and only the
//! predefined XML entities and character references are resolved.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// Maximum element nesting accepted (CSDL needs about 10; annotations a few more).
pub const MAX_DEPTH: usize = 256;

/// An element: local name (namespace prefix dropped), attributes, children, text.
#[derive(Debug, Default)]
pub struct Element {
    /// Local name, e.g. `EntityType` for `<EntityType>` and `Reference` for `<edmx:Reference>`.
    pub name: String,
    /// Attributes (local names), in document order, with the offset of each attribute's value.
    pub attrs: Vec<(String, String, usize)>,
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
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_owned(),
        None => name.to_owned(),
    }
}

fn element(start: &BytesStart<'_>, offset: usize, text: &str) -> Result<Element, XmlError> {
    let mut attrs = Vec::new();
    for a in start.attributes().with_checks(true) {
        let a = a.map_err(|e| XmlError {
            offset,
            message: format!("malformed attribute: {e}"),
        })?;
        let key = a.key.as_ref();
        if key.starts_with("xmlns") {
            continue;
        }
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| XmlError {
                offset,
                message: format!("bad attribute value: {e}"),
            })?
            .into_owned();
        // Locate the value for diagnostics: search the raw tag text for `name=`.
        let raw_key = key;
        let attr_offset = text
            .get(offset..)
            .and_then(|rest| {
                let end = rest.find('>').unwrap_or(rest.len());
                rest[..end].find(&format!("{raw_key}=")).map(|p| offset + p)
            })
            .unwrap_or(offset);
        attrs.push((local(key), value, attr_offset));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attrs,
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
    config.trim_text(true);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| XmlError {
            offset: reader.error_position() as usize,
            message: e.to_string(),
        })?;
        // `buffer_position` before the read points at the start of this event (after trimmed text).
        let start_offset = text
            .get(pos..)
            .and_then(|rest| rest.find('<').map(|p| pos + p))
            .unwrap_or(pos);
        match event {
            Event::Start(s) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError {
                        offset: start_offset,
                        message: format!("elements nested deeper than {MAX_DEPTH} levels"),
                    });
                }
                stack.push(element(&s, start_offset, text)?);
            }
            Event::Empty(s) => {
                let el = element(&s, start_offset, text)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => {
                        return Err(XmlError {
                            offset: start_offset,
                            message: "more than one root element".into(),
                        });
                    }
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(XmlError {
                        offset: start_offset,
                        message: "unexpected closing tag".into(),
                    });
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None if root.is_none() => root = Some(done),
                    None => {
                        return Err(XmlError {
                            offset: start_offset,
                            message: "more than one root element".into(),
                        });
                    }
                }
            }
            Event::Text(t) => {
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                } else if !t.xml_content(XmlVersion::Implicit1_0).trim().is_empty() {
                    return Err(XmlError {
                        offset: pos,
                        message: "text outside the root element".into(),
                    });
                }
            }
            Event::CData(c) => {
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(&c.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            return Err(XmlError {
                                offset: pos,
                                message: format!("invalid character reference `&{};`", &*r),
                            });
                        }
                    }
                } else {
                    match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(XmlError {
                                offset: pos,
                                message: format!(
                                    "unknown entity `&{};` (only the predefined XML entities are accepted)",
                                    &*r
                                ),
                            });
                        }
                    }
                };
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(&resolved);
                }
            }
            Event::DocType(_) => {
                return Err(XmlError {
                    offset: start_offset,
                    message: "DTDs are not accepted in metadata (they allow entity expansion attacks)"
                        .into(),
                });
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
                        });
                    }
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError {
            offset: text.len(),
            message: format!("unexpected end of file: `<{}>` is not closed", open.name),
        });
    }
    root.ok_or(XmlError {
        offset: 0,
        message: "the document has no root element".into(),
    })
}
