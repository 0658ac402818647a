//! JSON entry points whose errors carry the JSON path.

use super::{AsWire, Wire};
use ::core::fmt;
use ::serde::Serialize;
use ::serde::de;
use ::serde::ser;
use ::serde_json::Value;

/// A JSON error with the path where it happened (e.g. `userRegistrationCounts[0].registrationCount`).
#[derive(Debug)]
pub struct JsonError {
    path: String,
    inner: ::serde_json::Error,
}

impl JsonError {
    /// The JSON path of the error (`.` for the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The underlying error.
    pub fn inner(&self) -> &::serde_json::Error {
        &self.inner
    }

    /// Converts into the underlying error.
    pub fn into_inner(self) -> ::serde_json::Error {
        self.inner
    }

    pub(crate) fn new(path: &::serde_path_to_error::Path, inner: ::serde_json::Error) -> Self {
        JsonError {
            path: path.to_string(),
            inner,
        }
    }

    fn root(inner: ::serde_json::Error) -> Self {
        JsonError {
            path: ".".to_owned(),
            inner,
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.inner)
    }
}

impl ::std::error::Error for JsonError {}

/// Keeps the message and the path (as text), e.g. for errors returned from a polymorphic dispatch.
impl From<JsonError> for ::serde_json::Error {
    fn from(e: JsonError) -> Self {
        if e.path == "." {
            e.inner
        } else {
            <::serde_json::Error as de::Error>::custom(e)
        }
    }
}

fn read_json<'de, R: ::serde_json::de::Read<'de>, T: Wire>(
    make: impl Fn() -> ::serde_json::Deserializer<R>,
) -> Result<T, JsonError> {
    // Fast path without path tracking; on error, read again tracking the path.
    let mut de = make();
    if let Ok(v) = T::deserialize_wire(&mut de)
        && de.end().is_ok()
    {
        return Ok(v);
    }
    let mut de = make();
    let mut track = ::serde_path_to_error::Track::new();
    let result = T::deserialize_wire(::serde_path_to_error::Deserializer::new(
        &mut de, &mut track,
    ));
    match result {
        Ok(v) => de.end().map(|()| v).map_err(JsonError::root),
        Err(e) => Err(JsonError::new(&track.path(), e)),
    }
}

/// Reads a value from JSON text; errors carry the JSON path.
pub fn from_str<T: Wire>(s: &str) -> Result<T, JsonError> {
    // A leading byte order mark is no part of the JSON text (RFC 8259, section 8.1: parsers may
    // ignore it); files saved by Windows tools carry one.
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    read_json(|| ::serde_json::Deserializer::from_str(s))
}

/// Reads a value from JSON bytes; errors carry the JSON path.
pub fn from_slice<T: Wire>(b: &[u8]) -> Result<T, JsonError> {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    read_json(|| ::serde_json::Deserializer::from_slice(b))
}

/// Reads a value from a `serde_json::Value`; errors carry the JSON path.
pub fn from_value<T: Wire>(v: Value) -> Result<T, JsonError> {
    from_value_ref(&v)
}

/// [`from_value`] from a borrowed value (a union trying its alternatives in turn).
pub fn from_value_ref<T: Wire>(v: &Value) -> Result<T, JsonError> {
    if let Ok(t) = T::deserialize_wire(v) {
        return Ok(t);
    }
    let mut track = ::serde_path_to_error::Track::new();
    let result = T::deserialize_wire(::serde_path_to_error::Deserializer::new(v, &mut track));
    result.map_err(|e| JsonError::new(&track.path(), e))
}

/// Writes a value as JSON text; errors carry the JSON path.
pub fn to_string<T: Wire>(v: &T) -> Result<String, JsonError> {
    if let Ok(s) = ::serde_json::to_string(&AsWire(v)) {
        return Ok(s);
    }
    let mut out = Vec::new();
    let mut ser = ::serde_json::Serializer::new(&mut out);
    let mut track = ::serde_path_to_error::Track::new();
    let result = AsWire(v).serialize(::serde_path_to_error::Serializer::new(&mut ser, &mut track));
    match result {
        Ok(()) => String::from_utf8(out)
            .map_err(|e| JsonError::root(<::serde_json::Error as ser::Error>::custom(e))),
        Err(e) => Err(JsonError::new(&track.path(), e)),
    }
}

/// Writes a value as JSON bytes; errors carry the JSON path.
pub fn to_vec<T: Wire>(v: &T) -> Result<Vec<u8>, JsonError> {
    to_string(v).map(String::into_bytes)
}

/// Writes a value as a `serde_json::Value`; errors carry the JSON path.
pub fn to_value<T: Wire>(v: &T) -> Result<Value, JsonError> {
    if let Ok(value) = ::serde_json::to_value(AsWire(v)) {
        return Ok(value);
    }
    let mut track = ::serde_path_to_error::Track::new();
    let result = AsWire(v).serialize(::serde_path_to_error::Serializer::new(
        ::serde_json::value::Serializer,
        &mut track,
    ));
    result.map_err(|e| JsonError::new(&track.path(), e))
}
