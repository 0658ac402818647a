//! Request bodies of operations: JSON, forms, multipart and raw bytes.

use super::{JSON, Query, value_text};
use crate::odata::Wire;
use ::std::string::String;
use ::std::vec::Vec;

impl<T, R, K, C> Query<T, R, K, C> {
    /// Set the JSON request body.
    pub fn with_json_body<B: Wire>(self, body: &B) -> Self {
        self.json_body(body)
    }

    /// Set an `application/x-www-form-urlencoded` request body: the members of `body` (an
    /// object) as `name=value` pairs in member order. `styles` gives the members written other
    /// than [`FormStyle::Exploded`] (OpenAPI `encoding`).
    pub fn with_form_body<B: Wire>(mut self, body: &B, styles: &[(&str, FormStyle)]) -> Self {
        let pairs = match object_members(body, "form") {
            Ok(members) => form_pairs(members, styles),
            Err(e) => return self.fail("request body", e),
        };
        let mut text = String::new();
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                text.push('&');
            }
            text.extend(::percent_encoding::utf8_percent_encode(k, FORM));
            text.push('=');
            text.extend(::percent_encoding::utf8_percent_encode(v, FORM));
        }
        self.body = Some(text.into_bytes());
        self.content_type = Some("application/x-www-form-urlencoded".to_owned());
        self.parts = None;
        self
    }

    /// Set a `multipart/form-data` request body: one part per member of `body` (an object), in
    /// member order: strings, numbers and booleans as text, arrays as one part per item, objects
    /// as JSON; `null` members are left out. `content_types` gives a member's part media type
    /// (OpenAPI `encoding`). Attach file contents with [`Query::multipart_file`].
    pub fn with_multipart_body<B: Wire>(
        mut self,
        body: &B,
        content_types: &[(&str, &str)],
    ) -> Self {
        let members = match object_members(body, "multipart") {
            Ok(members) => members,
            Err(e) => return self.fail("request body", e),
        };
        let mut parts = Vec::new();
        for (name, value) in members {
            let content_type = content_types
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, ct)| (*ct).to_owned());
            let items = match value {
                ::serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for item in items {
                let (data, default_type) = match item {
                    ::serde_json::Value::Null => continue,
                    ::serde_json::Value::String(s) => (s.into_bytes(), None),
                    v @ (::serde_json::Value::Bool(_) | ::serde_json::Value::Number(_)) => {
                        (v.to_string().into_bytes(), None)
                    }
                    v => (v.to_string().into_bytes(), Some(JSON.to_owned())),
                };
                parts.push(Part {
                    name: name.clone(),
                    file_name: None,
                    content_type: content_type.clone().or(default_type),
                    data,
                });
            }
        }
        self.parts = Some(parts);
        self.render_parts();
        self
    }

    /// Attach a file to the `multipart/form-data` body as the part `name` (replacing the parts
    /// of that name: a binary member of the body is sent this way), with its file name and
    /// media type. Starts a multipart body if there is none; fails the request (at `to_http`)
    /// if the body is of another kind.
    pub fn multipart_file(
        mut self,
        name: &str,
        file_name: &str,
        content_type: &str,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        if self.body.is_some() && self.parts.is_none() {
            return self.fail(
                &format!("file `{name}`"),
                "the request body is not multipart/form-data".to_owned(),
            );
        }
        let parts = self.parts.get_or_insert_with(Vec::new);
        parts.retain(|p| p.name != name);
        parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file_name.to_owned()),
            content_type: Some(content_type.to_owned()),
            data: data.into(),
        });
        self.render_parts();
        self
    }

    /// Set the request body to `data` as it is, sent with the media type `content_type`
    /// (`application/octet-stream`, `text/plain`, ...).
    pub fn with_raw_body(mut self, content_type: &str, data: impl Into<Vec<u8>>) -> Self {
        self.body = Some(data.into());
        self.content_type = Some(content_type.to_owned());
        self.parts = None;
        self
    }

    /// Render `parts` into the body, with a boundary no part contains.
    fn render_parts(&mut self) {
        let Some(parts) = &self.parts else { return };
        let rendered: Vec<Vec<u8>> = parts
            .iter()
            .map(|p| {
                let mut out = b"Content-Disposition: form-data; name=\"".to_vec();
                out.extend_from_slice(disposition_text(&p.name).as_bytes());
                out.push(b'"');
                if let Some(f) = &p.file_name {
                    out.extend_from_slice(b"; filename=\"");
                    out.extend_from_slice(disposition_text(f).as_bytes());
                    out.push(b'"');
                }
                out.extend_from_slice(b"\r\n");
                if let Some(ct) = &p.content_type {
                    out.extend_from_slice(b"Content-Type: ");
                    out.extend_from_slice(disposition_text(ct).as_bytes());
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(b"\r\n");
                out.extend_from_slice(&p.data);
                out
            })
            .collect();
        let (boundary, body) = multipart("odatagen-form-boundary", &rendered);
        self.body = Some(body);
        self.content_type = Some(format!("multipart/form-data; boundary={boundary}"));
    }
}

/// A multipart body of `parts` (each its part headers, an empty line and its content), and its
/// boundary: `stem`, or `stem-1`, `stem-2`, ... the first that no part contains.
pub(crate) fn multipart(stem: &str, parts: &[Vec<u8>]) -> (String, Vec<u8>) {
    let mut boundary = String::from(stem);
    let mut n = 0u32;
    while parts.iter().any(|p| contains(p, boundary.as_bytes())) {
        n += 1;
        boundary = format!("{stem}-{n}");
    }
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(p);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    (boundary, out)
}

/// One part of a `multipart/form-data` body.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    name: String,
    file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    data: Vec<u8>,
}

/// Does `hay` contain `needle`?
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A name in a `Content-Disposition` header: `"`, CR and LF percent-encoded (as browsers do), so
/// a name cannot end the header or start another.
fn disposition_text(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// How a member of an `application/x-www-form-urlencoded` body (OpenAPI `style` and `explode`
/// of its `encoding`) or a query parameter (the parameter's `style` and `explode`) is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// Style `form`, exploded (the default): an array repeats the name (`a=1&a=2`), an object's
    /// members are pairs of their own (`r=1&g=2`).
    Exploded,
    /// Not exploded: one pair, items (or an object's names and values) joined by the delimiter
    /// (`,` for `form`, a space for `spaceDelimited`, `|` for `pipeDelimited`).
    Delimited(&'static str),
    /// Style `deepObject`: nested names in brackets (`a[b]=1&a[c][0]=2`).
    Deep,
    /// The value's JSON text as one value (`a={"b":1}`: a parameter or member with `content`
    /// of a JSON media type, or an `encoding` `contentType` of JSON).
    Json,
}

/// Characters escaped in an `application/x-www-form-urlencoded` name or value.
const FORM: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'*');

/// The members of a form or multipart body (`kind`, for the message), which must be an object.
fn object_members<B: Wire>(
    body: &B,
    kind: &str,
) -> Result<::serde_json::Map<String, ::serde_json::Value>, String> {
    let what = match crate::odata::to_value(body).map_err(|e| e.to_string())? {
        ::serde_json::Value::Object(members) => return Ok(members),
        ::serde_json::Value::Null => "null",
        ::serde_json::Value::Bool(_) => "a boolean",
        ::serde_json::Value::Number(_) => "a number",
        ::serde_json::Value::String(_) => "a string",
        ::serde_json::Value::Array(_) => "an array",
    };
    Err(format!("a {kind} body is an object, not {what}"))
}

/// The name/value pairs of a form body's members.
fn form_pairs(
    members: ::serde_json::Map<String, ::serde_json::Value>,
    styles: &[(&str, FormStyle)],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, value) in members {
        let style = styles
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(FormStyle::Exploded, |(_, s)| *s);
        styled_pairs(name, value, style, true, &mut out);
    }
    out
}

/// The name/value pairs of one form member or query parameter `name` written in `style`
/// (OpenAPI `style` and `explode`). A `null` scalar is an empty text with `keep_null` (form
/// bodies), else no pair (query parameters); objects and arrays inside delimited or exploded
/// values are JSON.
pub(crate) fn styled_pairs(
    name: String,
    value: ::serde_json::Value,
    style: FormStyle,
    keep_null: bool,
    out: &mut Vec<(String, String)>,
) {
    use ::serde_json::Value;
    let text = |v: Value| match value_text(v) {
        None if keep_null => Some(String::new()),
        t => t,
    };
    /// Nested names in brackets, depth first.
    fn deep(
        name: String,
        v: Value,
        text: &dyn Fn(Value) -> Option<String>,
        out: &mut Vec<(String, String)>,
    ) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    deep(format!("{name}[{k}]"), v, text, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.into_iter().enumerate() {
                    deep(format!("{name}[{i}]"), v, text, out);
                }
            }
            scalar => out.extend(text(scalar).map(|t| (name, t))),
        }
    }
    match (style, value) {
        (FormStyle::Json, v) => out.push((name, v.to_string())),
        (FormStyle::Deep, v) => deep(name, v, &text, out),
        (FormStyle::Exploded, Value::Array(items)) => {
            out.extend(
                items
                    .into_iter()
                    .filter_map(text)
                    .map(|t| (name.clone(), t)),
            );
        }
        (FormStyle::Exploded, Value::Object(m)) => {
            out.extend(m.into_iter().filter_map(|(k, v)| Some((k, text(v)?))));
        }
        (FormStyle::Delimited(d), Value::Array(items)) => {
            let texts: Vec<String> = items.into_iter().filter_map(text).collect();
            if keep_null || !texts.is_empty() {
                out.push((name, texts.join(d)));
            }
        }
        (FormStyle::Delimited(d), Value::Object(m)) => {
            let texts: Vec<String> = m
                .into_iter()
                .filter_map(|(k, v)| Some([k, text(v)?]))
                .flatten()
                .collect();
            if keep_null || !texts.is_empty() {
                out.push((name, texts.join(d)));
            }
        }
        (_, scalar) => out.extend(text(scalar).map(|t| (name, t))),
    }
}
