//! OData URL literals: keys, function parameters and query option values.

use crate::odata::Wire;
use ::std::string::String;
use ::std::vec::Vec;

/// Characters escaped in path segments and query values: everything but RFC 3986 unreserved
/// characters and the few OData delimiters that are safe unescaped in these positions.
const ESCAPE: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b':')
    .remove(b'@')
    .remove(b',')
    .remove(b'$');

/// Percent-encode `text` for a path segment or a query value.
pub fn escape(text: &str) -> String {
    ::percent_encoding::utf8_percent_encode(text, ESCAPE).to_string()
}

/// A value written as an OData URL literal (keys and function parameters).
pub trait Literal {
    /// Append the literal (already percent-encoded) to `out`.
    fn write_literal(&self, out: &mut String);
}

/// A string literal: single-quoted, quotes doubled, percent-encoded.
fn quoted(s: &str, out: &mut String) {
    out.push('\'');
    out.push_str(&escape(&s.replace('\'', "''")));
    out.push('\'');
}

impl Literal for str {
    fn write_literal(&self, out: &mut String) {
        quoted(self, out);
    }
}

impl Literal for String {
    fn write_literal(&self, out: &mut String) {
        quoted(self, out);
    }
}

impl<T: Literal + ?Sized> Literal for &T {
    fn write_literal(&self, out: &mut String) {
        (**self).write_literal(out);
    }
}

macro_rules! display_literal {
    ($($t:ty),*) => {$(
        impl Literal for $t {
            fn write_literal(&self, out: &mut String) {
                out.push_str(&escape(&::std::string::ToString::to_string(self)));
            }
        }
    )*};
}
display_literal!(
    bool,
    u8,
    i8,
    i16,
    i32,
    crate::odata::Date,
    crate::odata::TimeOfDay
);

/// A literal that OData V1–V3 types: `prefix'text'` (`guid'...'`), or `text` + `suffix`
/// (`1L`, `2.5M`); V4 writes the bare `text`.
fn typed_literal(text: &str, prefix: &str, suffix: &str, out: &mut String) {
    if !super::legacy() {
        out.push_str(&escape(text));
    } else if prefix.is_empty() {
        out.push_str(&escape(text));
        out.push_str(suffix);
    } else {
        out.push_str(prefix);
        quoted(text, out);
    }
}

macro_rules! suffixed_literal {
    ($($t:ty => $suffix:literal),*) => {$(
        impl Literal for $t {
            fn write_literal(&self, out: &mut String) {
                typed_literal(&::std::string::ToString::to_string(self), "", $suffix, out);
            }
        }
    )*};
}
suffixed_literal!(
    i64 => "L",
    crate::odata::Decimal => "M",
    crate::odata::Double => "d",
    crate::odata::Single => "f"
);

impl Literal for crate::odata::Guid {
    fn write_literal(&self, out: &mut String) {
        typed_literal(self.as_str(), "guid", "", out);
    }
}

impl Literal for crate::odata::DateTimeOffset {
    fn write_literal(&self, out: &mut String) {
        typed_literal(self.as_str(), "datetimeoffset", "", out);
    }
}

/// Edm.DateTime (V1–V3): `datetime'...'`, the ISO form (the `/Date(ms)/` form that V1–V3 JSON
/// carries converted, so a value read from a response addresses what it names).
impl Literal for crate::odata::DateTime {
    fn write_literal(&self, out: &mut String) {
        out.push_str("datetime");
        quoted(&self.to_iso(), out);
    }
}

/// Edm.Duration (V4 `duration'...'`) and Edm.Time (V1–V3 `time'...'`).
impl Literal for crate::odata::Duration {
    fn write_literal(&self, out: &mut String) {
        out.push_str(if super::legacy() { "time" } else { "duration" });
        quoted(self.as_str(), out);
    }
}

/// Edm.Binary: `binary'...'`, the bytes in hexadecimal in OData V1–V3 (`binary'0ABC'`), in
/// base64url in V4.
impl Literal for crate::odata::Binary {
    fn write_literal(&self, out: &mut String) {
        out.push_str("binary'");
        if super::legacy() {
            for b in self.bytes() {
                let _ = ::core::fmt::Write::write_fmt(out, format_args!("{b:02X}"));
            }
        } else {
            out.push_str(crate::odata::Binary::from_bytes_url(&self.bytes()).as_str());
        }
        out.push('\'');
    }
}

/// The literal of the value (OData V1–V3 quoted numbers).
impl<T: Literal> Literal for crate::odata::Quoted<T> {
    fn write_literal(&self, out: &mut String) {
        self.get().write_literal(out);
    }
}

/// A key value: one literal, or a tuple of literals for a composite key (in key order).
pub trait KeyValue {
    /// Append `(...)` for the key properties `names` to `out`.
    fn write_key(&self, names: &[&str], out: &mut String);
}

macro_rules! single_key {
    ($($t:ty),*) => {$(
        impl KeyValue for $t {
            fn write_key(&self, _names: &[&str], out: &mut String) {
                out.push('(');
                self.write_literal(out);
                out.push(')');
            }
        }
    )*};
}
single_key!(
    String,
    bool,
    u8,
    i8,
    i16,
    i32,
    i64,
    crate::odata::Guid,
    crate::odata::DateTimeOffset,
    crate::odata::DateTime,
    crate::odata::Date,
    crate::odata::TimeOfDay,
    crate::odata::Decimal,
    crate::odata::Double,
    crate::odata::Single,
    crate::odata::Duration,
    crate::odata::Binary
);

macro_rules! tuple_key {
    ($($n:tt $t:ident),*) => {
        impl<$($t: Literal),*> KeyValue for ($($t,)*) {
            fn write_key(&self, names: &[&str], out: &mut String) {
                out.push('(');
                $(
                    if $n > 0 {
                        out.push(',');
                    }
                    out.push_str(&escape(names.get($n).copied().unwrap_or_default()));
                    out.push('=');
                    self.$n.write_literal(out);
                )*
                out.push(')');
            }
        }
    };
}
tuple_key!(0 A, 1 B);
tuple_key!(0 A, 1 B, 2 C);
tuple_key!(0 A, 1 B, 2 C, 3 D);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K);
tuple_key!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L);

/// A key written as given between the parentheses (`A=1,B=2`), for entity types whose key the
/// generated code cannot type: more than 12 properties, or none (a keyless type).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RawKey(pub String);

impl KeyValue for RawKey {
    fn write_key(&self, _names: &[&str], out: &mut String) {
        out.push('(');
        out.push_str(&self.0);
        out.push(')');
    }
}

/// Function parameters in the URL: `name(p1='x',p2=@p2)?@p2=<json>`. Primitive values are written
/// as literals, everything else as a JSON parameter alias.
#[derive(Clone, Debug, Default)]
pub struct Params {
    pub(crate) inline: Vec<String>,
    pub(crate) aliases: Vec<(String, String)>,
    pub(crate) error: Option<String>,
}

impl Params {
    /// No parameters yet.
    pub fn new() -> Self {
        Params::default()
    }

    /// A parameter written as a literal (`period='D7'`).
    pub fn literal<T: Literal + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let mut s = escape(name);
        s.push('=');
        value.write_literal(&mut s);
        self.inline.push(s);
        self
    }

    /// An optional parameter written as a literal, left out when `None`.
    pub fn literal_opt<T: Literal + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(v) => self.literal(name, v),
            None => self,
        }
    }

    /// An optional parameter passed as JSON, left out when `None`.
    pub fn json_opt<T: Wire>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(v) => self.json(name, v),
            None => self,
        }
    }

    /// A parameter passed as JSON through an alias (`p=@p` and `?@p=<json>`).
    pub fn json<T: Wire>(mut self, name: &str, value: &T) -> Self {
        match crate::odata::to_string(value) {
            Ok(json) => {
                self.inline.push(format!("{0}=@{0}", escape(name)));
                self.aliases.push((format!("@{name}"), json));
            }
            Err(e) => self.error = Some(format!("parameter `{name}`: {e}")),
        }
        self
    }
}

/// An action's JSON body: `{"param": value, ...}` in declaration order.
#[derive(Clone, Debug, Default)]
pub struct ActionBody {
    pub(crate) members: ::serde_json::Map<String, ::serde_json::Value>,
    pub(crate) error: Option<String>,
}

impl ActionBody {
    /// An empty body.
    pub fn new() -> Self {
        ActionBody::default()
    }

    /// Add an optional parameter: left out of the body when `None`.
    pub fn param_opt<T: Wire>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(v) => self.param(name, v),
            None => self,
        }
    }

    /// Add a parameter.
    pub fn param<T: Wire>(mut self, name: &str, value: &T) -> Self {
        match crate::odata::to_string(value)
            .map_err(|e| e.to_string())
            .and_then(|s| ::serde_json::from_str(&s).map_err(|e| e.to_string()))
        {
            Ok(v) => {
                self.members.insert(name.to_owned(), v);
            }
            Err(e) => self.error = Some(format!("parameter `{name}`: {e}")),
        }
        self
    }
}
