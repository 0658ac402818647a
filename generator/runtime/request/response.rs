//! How a response is read: the kinds of result a request expects.

use super::Error;
use crate::odata::{JsonError, Page, Results, Verbose, Wire};
use ::core::marker::PhantomData;
use ::serde_json::value::RawValue;
use ::std::string::String;
use ::std::vec::Vec;

/// Query kind marker: the request addresses a single value.
#[derive(Clone, Copy, Debug)]
pub struct One;
/// Query kind marker: the request addresses a collection (paging options apply).
#[derive(Clone, Copy, Debug)]
pub struct Many;

/// A successful response's value with its status and headers (a create's `Location` or
/// `OData-EntityId`, an `ETag`, rate limits): what [`Query::parse_reply`](super::Query::parse_reply)
/// and the clients' `send_reply` return.
#[derive(Clone, Debug)]
pub struct Reply<T> {
    /// The status code (one the operation documents as a success).
    pub status: u16,
    /// The response headers.
    pub headers: ::http::HeaderMap,
    /// The body, read as the operation says.
    pub value: T,
}

/// A documented response header whose value does not read as its type (the generated
/// `<Operation>Headers::read`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderError {
    /// The header's name.
    pub name: String,
    /// Why its value does not read.
    pub message: String,
}

impl ::core::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        write!(f, "response header `{}`: {}", self.name, self.message)
    }
}

impl ::std::error::Error for HeaderError {}

/// Response header `name` read as `T` (OpenAPI's `simple` style: a string as it is, a number or
/// a boolean as its text, an array as comma-separated items); `None` when absent.
pub fn response_header<T: Wire>(
    headers: &::http::HeaderMap,
    name: &str,
) -> Result<Option<T>, HeaderError> {
    use ::serde_json::Value;
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let error = |message: String| HeaderError {
        name: name.into(),
        message,
    };
    let text = value
        .to_str()
        .map_err(|_| error("not visible ASCII text".into()))?
        .trim();
    // A number or a boolean from its text, else the text as a string.
    let scalar = |t: &str| {
        ::serde_json::from_str::<Value>(t)
            .ok()
            .filter(|v| v.is_number() || v.is_boolean())
            .unwrap_or_else(|| Value::String(t.into()))
    };
    // The text as a string first (a string type, or a lexical form such as a date), then as a
    // number or boolean, then as comma-separated items of either kind.
    // Each form is built only when the ones before it do not read.
    let as_string = || Value::String(text.into());
    let as_scalar = || scalar(text);
    let as_strings = || {
        Value::Array(
            text.split(',')
                .map(|i| Value::String(i.trim().into()))
                .collect(),
        )
    };
    let as_scalars = || Value::Array(text.split(',').map(|i| scalar(i.trim())).collect());
    let forms: [&dyn Fn() -> Value; 4] = [&as_string, &as_scalar, &as_strings, &as_scalars];
    let mut first_error = None;
    for form in forms {
        match crate::odata::from_value::<T>(form()) {
            Ok(v) => return Ok(Some(v)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let message = first_error.map(|e| ::std::string::ToString::to_string(&e));
    Err(error(message.unwrap_or_default()))
}

/// How a successful response body is read.
pub trait Expect {
    /// The parsed result.
    type Output;
    /// [`One`] or [`Many`].
    type Kind;
    /// The `Accept` header of an operation read this way.
    const ACCEPT: &'static str = JSON;
    /// Parse a successful response's body.
    fn parse(status: u16, body: &[u8]) -> Result<Self::Output, Error>;
}

/// The JSON media type (the default `Accept` and request body type).
pub(crate) const JSON: &str = "application/json";

pub(crate) fn body_error(status: u16, source: JsonError) -> Error {
    Error::Body { status, source }
}

/// Whether a response has no body (none, or whitespace only: a `204`).
fn no_body(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// [`Error::NoContent`] for an empty body (a `204` where a value was expected).
pub(crate) fn needs_body(status: u16, body: &[u8]) -> Result<(), Error> {
    if no_body(body) {
        Err(Error::NoContent {
            status,
            entity_id: None,
        })
    } else {
        Ok(())
    }
}

/// Reads a JSON body as `T`, from the `{"d": ...}` envelope of an OData V1–V3 service.
fn read_json<T: Wire>(status: u16, body: &[u8]) -> Result<T, Error> {
    needs_body(status, body)?;
    let read = if super::legacy() {
        crate::odata::from_slice::<Verbose<T>>(body).map(|v| v.d)
    } else {
        crate::odata::from_slice(body)
    };
    read.map_err(|e| body_error(status, e))
}

/// The body is the value itself (an entity or a complex value).
pub struct Json<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Json<T> {
    type Output = T;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<T, Error> {
        read_json(status, body)
    }
}

/// A PATCH result: the updated value (200) or nothing (204).
pub struct Updated<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Updated<T> {
    type Output = Option<T>;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<Option<T>, Error> {
        if no_body(body) {
            return Ok(None);
        }
        read_json(status, body).map(Some)
    }
}

/// A collection: a [`Page`] with `value`, `@odata.nextLink`, `@odata.count`, `@odata.deltaLink`.
pub struct Collection<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Collection<T> {
    type Output = Page<T>;
    type Kind = Many;
    fn parse(status: u16, body: &[u8]) -> Result<Page<T>, Error> {
        needs_body(status, body)?;
        if !super::legacy() {
            return crate::odata::from_slice(body).map_err(|e| body_error(status, e));
        }
        // OData V1–V3: `{"d": [...]}` or `{"d": {"results": [...], "__count", "__next"}}`.
        let results: Results<T> = read_json(status, body)?;
        let next = results.next_link().map(str::to_owned);
        let count = results.count().and_then(|c| i64::try_from(c).ok());
        let others: Vec<(String, ::serde_json::Value)> = results
            .members()
            .iter()
            .filter(|(k, _)| k != "__next" && k != "__count")
            .cloned()
            .collect();
        let mut page = Page::new(results.into_items());
        if let Some(n) = next {
            page.next_link = crate::odata::Field::Value(n);
        }
        if let Some(c) = count {
            page.count = crate::odata::Field::Value(c);
        }
        for (k, v) in others {
            page.additional_data.insert(k, v);
        }
        Ok(page)
    }
}

/// A single primitive value wrapped as `{"value": ...}`.
pub struct Value<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Value<T> {
    type Output = T;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<T, Error> {
        needs_body(status, body)?;
        let unexpected = |message: String| Error::UnexpectedBody { status, message };
        // The members as their JSON text, so the value is read from the text the service sent:
        // through a `serde_json::Value` an Edm.Decimal `45.00` would come back as `45.0`, and one
        // with more digits than an `f64` holds would lose them.
        let members: RawMembers =
            ::serde_json::from_slice(body).map_err(|e| unexpected(e.to_string()))?;
        let inner: ::std::boxed::Box<RawValue> = if super::legacy() {
            // OData V1–V3: `{"d": {"Name": value}}` (named after the function), `{"d": value}`,
            // or a `results` collection in `d`.
            let d = members
                .get("d")
                .ok_or_else(|| unexpected("the response has no `d` member".into()))?;
            match ::serde_json::from_str::<RawMembers>(d.get()) {
                Ok(o) if o.len() == 1 && !o.contains_key("results") => {
                    o.into_values().next().unwrap_or_else(|| d.clone())
                }
                _ => d.clone(),
            }
        } else {
            members
                .get("value")
                .cloned()
                .ok_or_else(|| unexpected("the response has no `value` member".into()))?
        };
        crate::odata::from_str(inner.get()).map_err(|e| body_error(status, e))
    }
}

/// A result the metadata allows to be null (an operation's `ReturnType` without
/// `Nullable="false"`) wrapped as `{"value": ...}`: `None` for `null` or an empty body (the `204`
/// a V4 service answers for a null result).
pub struct NullableValue<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for NullableValue<T> {
    type Output = Option<T>;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<Option<T>, Error> {
        // A bare `null` too, as the structured results read it.
        if no_body(body) || body.trim_ascii() == b"null" {
            return Ok(None);
        }
        Value::<Option<T>>::parse(status, body)
    }
}

/// A structured result the metadata allows to be null: the body is the value itself; `None`
/// for an empty body (`204`) or `null`.
pub struct NullableJson<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for NullableJson<T> {
    type Output = Option<T>;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<Option<T>, Error> {
        if no_body(body) {
            return Ok(None);
        }
        read_json(status, body)
    }
}

/// A JSON object's members, each kept as the JSON text it arrived as (the last of a repeated
/// name wins, as elsewhere).
pub(crate) type RawMembers = ::std::collections::BTreeMap<String, ::std::boxed::Box<RawValue>>;

/// No body expected (204).
pub struct Empty;
impl Expect for Empty {
    type Output = ();
    type Kind = One;
    fn parse(_status: u16, _body: &[u8]) -> Result<(), Error> {
        Ok(())
    }
}

/// The raw bytes of a stream (`Edm.Stream` results).
pub struct Bytes;
impl Expect for Bytes {
    type Output = Vec<u8>;
    type Kind = One;
    const ACCEPT: &'static str = "*/*";
    fn parse(_status: u16, body: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(body.to_vec())
    }
}

/// A `$count` result: a plain-text integer.
pub struct CountValue;
impl Expect for CountValue {
    type Output = i64;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<i64, Error> {
        ::core::str::from_utf8(body)
            .ok()
            .and_then(|s| s.trim().trim_start_matches('\u{feff}').parse().ok())
            .ok_or_else(|| Error::UnexpectedBody {
                status,
                message: "`$count` response is not an integer".into(),
            })
    }
}
