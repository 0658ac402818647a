//! Sans-IO request support: typed request values that become [`http::Request`]s and parse
//! [`http::Response`]s, OData URL literals (keys, function parameters, query options), the typed
//! OData error, and (feature `client`) a ready blocking and async client with bearer-token auth
//! and bounded retry of 429/503 responses.
//!
//! This module is copied verbatim into every generated crate (as `src/request.rs`); the generated
//! `requests` module builds on it. It never panics on input: every malformed response becomes an
//! [`Error`].

use crate::odata::{JsonError, Page, Wire};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::std::string::String;
use ::std::vec::Vec;

pub use ::http;

// ---------------------------------------------------------------------------------------------
// Capabilities and entity metadata
// ---------------------------------------------------------------------------------------------

/// An entity type that requests can address. Implemented by the generated `requests` module for
/// every selected entity type.
///
/// What a resource allows (query options, and reading, creating, updating, deleting) is the
/// last type parameter `C` of [`EntityRef`], [`EntityCollection`] and [`Query`]: a marker type of
/// the generated `requests::options` module, one per set of capabilities the metadata's
/// Capabilities annotations give. Only the methods that set allows are implemented for it, so a
/// forbidden query option or operation does not exist on the builder.
pub trait Entity: Sized {
    /// Namespace-qualified name (the type-cast segment).
    const QUALIFIED_NAME: &'static str;
    /// Wire names of the key properties, in key order.
    const KEY: &'static [&'static str];
    /// What a response holds for this type (the model, or its polymorphic `Any` enum).
    type Value: Wire;
    /// The key value (a primitive, or a tuple for composite keys).
    type Key: KeyValue;
    /// Property names accepted by `$select`, `$orderby` and `$expand`.
    type Property: Property;
    /// What a value of this type allows when nothing else (an entity set, a navigation property)
    /// says more: a marker of `requests::options`.
    type Options;
}

/// A property name of an entity type (generated enums).
pub trait Property: Copy {
    /// The wire name.
    fn name(self) -> &'static str;
}

/// `Self` derives from `B`: a type-cast segment from `B` to `Self` is valid.
pub trait DerivedFrom<B> {}

// ---------------------------------------------------------------------------------------------
// URL literals
// ---------------------------------------------------------------------------------------------

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
    i64,
    crate::odata::Single,
    crate::odata::Double,
    crate::odata::Guid,
    crate::odata::DateTimeOffset,
    crate::odata::Date,
    crate::odata::TimeOfDay,
    crate::odata::Decimal
);

impl Literal for crate::odata::Duration {
    fn write_literal(&self, out: &mut String) {
        out.push_str("duration");
        quoted(self.as_str(), out);
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
    crate::odata::Date,
    crate::odata::TimeOfDay,
    crate::odata::Decimal,
    crate::odata::Duration
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

/// Function parameters in the URL: `name(p1='x',p2=@p2)?@p2=<json>`. Primitive values are written
/// as literals, everything else as a JSON parameter alias.
#[derive(Clone, Debug, Default)]
pub struct Params {
    inline: Vec<String>,
    aliases: Vec<(String, String)>,
    error: Option<String>,
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
    members: ::serde_json::Map<String, ::serde_json::Value>,
    error: Option<String>,
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

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/// A resource path relative to the service root (`/reports`), or an absolute URL (a next link).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path(String);

impl Path {
    /// A path as given: relative to the service root (`/things`) or an absolute URL.
    pub fn new(path: impl Into<String>) -> Self {
        Path(path.into())
    }

    /// The path text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This path with `/segment` appended (`segment` is percent-encoded).
    pub fn segment(&self, segment: &str) -> Path {
        let mut s = self.0.trim_end_matches('/').to_owned();
        s.push('/');
        s.push_str(&escape(segment));
        Path(s)
    }

    /// This path with the key appended: `(...)`.
    pub fn key<K: KeyValue + ?Sized>(&self, names: &[&str], key: &K) -> Path {
        let mut s = self.0.clone();
        key.write_key(names, &mut s);
        Path(s)
    }

    /// A function call segment: `/name(params)` (the aliases go to the query).
    fn call(&self, name: &str, params: &Params) -> Path {
        let mut p = self.segment(name);
        p.0.push('(');
        p.0.push_str(&params.inline.join(","));
        p.0.push(')');
        p
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A single entity (an entity set member, a singleton, a single-valued navigation property).
/// `C` (a marker of `requests::options`) gives what it allows.
pub struct EntityRef<T, C> {
    path: Path,
    ty: PhantomData<fn() -> (T, C)>,
}

/// A collection of entities (an entity set, a collection-valued navigation property, or a
/// collection URL the caller supplies). `C` (a marker of `requests::options`) gives what it
/// allows: the entity set's or navigation property's Capabilities, else the entity type's.
pub struct EntityCollection<T, C> {
    path: Path,
    ty: PhantomData<fn() -> (T, C)>,
}

macro_rules! path_type {
    ($t:ident <$($g:ident),*>) => {
        impl<$($g),*> $t<$($g),*> {
            /// The resource at `path` (relative to the service root, e.g. `/things`, or absolute).
            pub fn at(path: impl Into<String>) -> Self {
                $t {
                    path: Path::new(path),
                    ty: PhantomData,
                }
            }

            /// The resource at `path`.
            pub fn from_path(path: Path) -> Self {
                $t {
                    path,
                    ty: PhantomData,
                }
            }

            /// Its path.
            pub fn path(&self) -> &Path {
                &self.path
            }
        }

        impl<$($g),*> Clone for $t<$($g),*> {
            fn clone(&self) -> Self {
                Self::from_path(self.path.clone())
            }
        }

        impl<$($g),*> fmt::Debug for $t<$($g),*> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($t)).field(&self.path.0).finish()
            }
        }
    };
}
path_type!(EntityRef<T, C>);
path_type!(EntityCollection<T, C>);

// `get`, `update`, `delete`, `list`, `create` and `count` are generated per capability set
// (`requests::options`) on top of these, only where the metadata allows them; a crate whose
// metadata forbids one everywhere does not call its helper.
#[allow(dead_code)]
impl<T: Entity, C> EntityRef<T, C> {
    /// `GET` the entity (200).
    pub(crate) fn get_query(&self) -> Query<T, Json<T::Value>, One, C> {
        Query::new(http::Method::GET, self.path.clone(), &[200])
    }

    /// `PATCH` the entity: only the members set in `body` are sent, explicit nulls included
    /// (204, or 200 with the updated entity).
    pub(crate) fn update_query(&self, body: &T::Value) -> Query<T, Updated<T::Value>, One, C> {
        Query::new(http::Method::PATCH, self.path.clone(), &[200, 204]).json_body(body)
    }

    /// `DELETE` the entity (204).
    pub(crate) fn delete_query(&self) -> Query<T, Empty, One, C> {
        Query::new(http::Method::DELETE, self.path.clone(), &[200, 204])
    }
}

impl<T: Entity, C> EntityRef<T, C> {
    /// A type-cast segment: this entity as the derived type `D`.
    pub fn cast<D: Entity + DerivedFrom<T>>(&self) -> EntityRef<D, D::Options> {
        EntityRef::from_path(self.path.segment(D::QUALIFIED_NAME))
    }

    /// A single-valued navigation property (generated accessors call this).
    pub fn navigate_one<U, D>(&self, name: &str) -> EntityRef<U, D> {
        EntityRef::from_path(self.path.segment(name))
    }

    /// A collection-valued navigation property (generated accessors call this).
    pub fn navigate_many<U, D>(&self, name: &str) -> EntityCollection<U, D> {
        EntityCollection::from_path(self.path.segment(name))
    }

    /// A bound function (generated methods call this).
    pub fn function<U, R: Expect, D>(&self, name: &str, params: Params) -> Query<U, R, R::Kind, D> {
        Query::function(&self.path, name, params)
    }

    /// A bound action (generated methods call this).
    pub fn action<U, R: Expect, D>(&self, name: &str, body: ActionBody) -> Query<U, R, R::Kind, D> {
        Query::action(&self.path, name, body)
    }

    /// `GET` a stream's bytes: the entity's media resource (`segment` `$value`) or a stream
    /// property (generated methods call this). Sent with `Accept: */*`.
    pub fn stream(&self, segment: &str) -> Query<T, Bytes, One, C> {
        Query::new(http::Method::GET, self.path.segment(segment), &[200]).accepting()
    }

    /// `PUT` a stream's new bytes, sent with the media type `content_type` (generated methods
    /// call this; 200, 201 or 204).
    pub fn put_stream(
        &self,
        segment: &str,
        content_type: &str,
        data: impl Into<Vec<u8>>,
    ) -> Query<T, Empty, One, C> {
        Query::new(http::Method::PUT, self.path.segment(segment), &[200, 201, 204])
            .with_raw_body(content_type, data)
    }
}

// See `EntityRef`'s helpers.
#[allow(dead_code)]
impl<T: Entity, C> EntityCollection<T, C> {
    /// `GET` the collection (200), one page at a time (see [`Query::next_page`]).
    pub(crate) fn list_query(&self) -> Query<T, Collection<T::Value>, Many, C> {
        Query::new(http::Method::GET, self.path.clone(), &[200])
    }

    /// `POST` a new entity (201 and the created entity).
    pub(crate) fn create_query(&self, body: &T::Value) -> Query<T, Json<T::Value>, One, C> {
        Query::new(http::Method::POST, self.path.clone(), &[201]).json_body(body)
    }

    /// `GET collection/$count` (200, a plain-text number).
    pub(crate) fn count_query(&self) -> Query<T, CountValue, Many, C> {
        Query::new(http::Method::GET, self.path.segment("$count"), &[200])
    }
}

impl<T: Entity, C> EntityCollection<T, C> {
    /// The member with this key: `collection(key)` (what the collection allows applies).
    pub fn by_key(&self, key: impl Into<T::Key>) -> EntityRef<T, C> {
        EntityRef::from_path(self.path.key(T::KEY, &key.into()))
    }

    /// A type-cast segment: the members of derived type `D`.
    pub fn cast<D: Entity + DerivedFrom<T>>(&self) -> EntityCollection<D, D::Options> {
        EntityCollection::from_path(self.path.segment(D::QUALIFIED_NAME))
    }

    /// A function bound to the collection (generated methods call this).
    pub fn function<U, R: Expect, D>(&self, name: &str, params: Params) -> Query<U, R, R::Kind, D> {
        Query::function(&self.path, name, params)
    }

    /// An action bound to the collection (generated methods call this).
    pub fn action<U, R: Expect, D>(&self, name: &str, body: ActionBody) -> Query<U, R, R::Kind, D> {
        Query::action(&self.path, name, body)
    }
}

/// The service root, for unbound operations (function and action imports).
#[derive(Clone, Debug)]
pub struct Root;

impl Root {
    /// An unbound function (generated functions call this).
    pub fn function<U, R: Expect, D>(name: &str, params: Params) -> Query<U, R, R::Kind, D> {
        Query::function(&Path::new(""), name, params)
    }

    /// An unbound action (generated functions call this).
    pub fn action<U, R: Expect, D>(name: &str, body: ActionBody) -> Query<U, R, R::Kind, D> {
        Query::action(&Path::new(""), name, body)
    }
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/// Query kind marker: the request addresses a single value.
#[derive(Clone, Copy, Debug)]
pub struct One;
/// Query kind marker: the request addresses a collection (paging options apply).
#[derive(Clone, Copy, Debug)]
pub struct Many;

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
const JSON: &str = "application/json";

fn body_error(status: u16, source: JsonError) -> Error {
    Error::Body { status, source }
}

/// The body is the value itself (an entity or a complex value).
pub struct Json<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Json<T> {
    type Output = T;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<T, Error> {
        crate::odata::from_slice(body).map_err(|e| body_error(status, e))
    }
}

/// A PATCH result: the updated value (200) or nothing (204).
pub struct Updated<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Updated<T> {
    type Output = Option<T>;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<Option<T>, Error> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        crate::odata::from_slice(body)
            .map(Some)
            .map_err(|e| body_error(status, e))
    }
}

/// A collection: a [`Page`] with `value`, `@odata.nextLink`, `@odata.count`, `@odata.deltaLink`.
pub struct Collection<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Collection<T> {
    type Output = Page<T>;
    type Kind = Many;
    fn parse(status: u16, body: &[u8]) -> Result<Page<T>, Error> {
        crate::odata::from_slice(body).map_err(|e| body_error(status, e))
    }
}

/// A single primitive value wrapped as `{"value": ...}`.
pub struct Value<T>(PhantomData<fn() -> T>);
impl<T: Wire> Expect for Value<T> {
    type Output = T;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<T, Error> {
        let unexpected = |message: String| Error::UnexpectedBody { status, message };
        let json: ::serde_json::Value =
            ::serde_json::from_slice(body).map_err(|e| unexpected(e.to_string()))?;
        let inner = json
            .get("value")
            .ok_or_else(|| unexpected("the response has no `value` member".into()))?;
        crate::odata::from_str(&inner.to_string()).map_err(|e| body_error(status, e))
    }
}

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

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Everything a request can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a status the operation does not document as success: the
    /// parsed OData error (or as much of it as the body held).
    Service(::std::boxed::Box<ODataError>),
    /// A success status, but the body is not what the operation promised (with the JSON path).
    Body {
        /// HTTP status.
        status: u16,
        /// What went wrong, and where.
        source: JsonError,
    },
    /// A success status, but the body is not what the operation promised.
    UnexpectedBody {
        /// HTTP status.
        status: u16,
        /// What went wrong.
        message: String,
    },
    /// The request could not be built (invalid header, URL, or an unserializable value).
    Build(String),
    /// The transport failed (connection, TLS, timeout): feature `client`.
    Transport(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => fmt::Display::fmt(e, f),
            Error::Body { status, source } => {
                write!(f, "unexpected response body (HTTP {status}): {source}")
            }
            Error::UnexpectedBody { status, message } => {
                write!(f, "unexpected response body (HTTP {status}): {message}")
            }
            Error::Build(m) => write!(f, "invalid request: {m}"),
            Error::Transport(m) => write!(f, "transport error: {m}"),
        }
    }
}

impl ::std::error::Error for Error {}

impl Error {
    /// The OData error, when the service answered with one.
    pub fn odata(&self) -> Option<&ODataError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

/// An OData error response (`{"error": {"code", "message", "target", "details", "innererror"}}`)
/// with the HTTP status and the request-id headers.
#[derive(Clone, Debug, PartialEq)]
pub struct ODataError {
    /// HTTP status.
    pub status: u16,
    /// `error.code` (empty when the body held no OData error).
    pub code: String,
    /// `error.message`.
    pub message: String,
    /// `error.target`.
    pub target: Option<String>,
    /// `error.details`.
    pub details: Vec<ErrorDetail>,
    /// `error.innerError` (or `innererror`), as JSON.
    pub inner_error: Option<::serde_json::Value>,
    /// `request-id` header.
    pub request_id: Option<String>,
    /// `client-request-id` header.
    pub client_request_id: Option<String>,
    /// The raw body.
    pub body: Vec<u8>,
}

/// One entry of `error.details`.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDetail {
    /// `code`.
    pub code: String,
    /// `message`.
    pub message: String,
    /// `target`.
    pub target: Option<String>,
}

impl fmt::Display for ODataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if !self.code.is_empty() {
            write!(f, " {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

impl ::std::error::Error for ODataError {}

fn text(v: &::serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(::serde_json::Value::as_str).map(str::to_owned)
}

impl ODataError {
    /// Read an error response (any body: what is not an OData error is kept as raw bytes).
    pub fn from_response(status: u16, headers: &http::HeaderMap, body: &[u8]) -> Self {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let json: Option<::serde_json::Value> = ::serde_json::from_slice(body).ok();
        let err = json.as_ref().and_then(|j| j.get("error"));
        let inner = err.and_then(|e| e.get("innerError").or_else(|| e.get("innererror")));
        let details = err
            .and_then(|e| e.get("details"))
            .and_then(::serde_json::Value::as_array)
            .map(|ds| {
                ds.iter()
                    .map(|d| ErrorDetail {
                        code: text(d, "code").unwrap_or_default(),
                        message: text(d, "message").unwrap_or_default(),
                        target: text(d, "target"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        ODataError {
            status,
            code: err.and_then(|e| text(e, "code")).unwrap_or_default(),
            message: err.and_then(|e| text(e, "message")).unwrap_or_default(),
            target: err.and_then(|e| text(e, "target")),
            details,
            inner_error: inner.cloned(),
            request_id: header("request-id")
                .or_else(|| inner.and_then(|i| text(i, "request-id"))),
            client_request_id: header("client-request-id")
                .or_else(|| inner.and_then(|i| text(i, "client-request-id"))),
            body: body.to_vec(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/// A request, ready to become an [`http::Request`]: `T` is the entity type (its property names
/// go in `$select`, `$orderby`, `$expand`), `R` how the response is read, `K` whether it
/// addresses one value or a collection, `C` (a marker of `requests::options`) which query
/// options exist: only the allowed ones are implemented for it (`()`: none).
pub struct Query<T, R, K, C = ()> {
    method: http::Method,
    path: Path,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    /// The body's media type (`None`: JSON).
    content_type: Option<String>,
    /// The parts of a `multipart/form-data` body (rendered into `body` as they change).
    parts: Option<Vec<Part>>,
    success: &'static [u16],
    error: Option<String>,
    ty: Marker<T, R, K, C>,
}

/// The type parameters of a [`Query`] (no data).
type Marker<T, R, K, C> = PhantomData<fn() -> (T, R, K, C)>;

impl<T, R, K, C> Clone for Query<T, R, K, C> {
    fn clone(&self) -> Self {
        Query {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            content_type: self.content_type.clone(),
            parts: self.parts.clone(),
            success: self.success,
            error: self.error.clone(),
            ty: PhantomData,
        }
    }
}

impl<T, R, K, C> fmt::Debug for Query<T, R, K, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Query")
            .field("method", &self.method)
            .field("path", &self.path.0)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

impl<T, R, K, C> Query<T, R, K, C> {
    fn new(method: http::Method, path: Path, success: &'static [u16]) -> Self {
        Query {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: None,
            parts: None,
            success,
            error: None,
            ty: PhantomData,
        }
    }

    fn json_body<B: Wire>(mut self, body: &B) -> Self {
        match crate::odata::to_vec(body) {
            Ok(b) => {
                self.body = Some(b);
                self.content_type = None;
                self.parts = None;
            }
            Err(e) => self.error = Some(format!("request body: {e}")),
        }
        self
    }

    /// Add a request header (e.g. `ConsistencyLevel: eventual`, `Prefer`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Add `Authorization: Bearer {token}`.
    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", format!("Bearer {token}"))
    }

    /// The HTTP method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The resource path (relative to the service root, or absolute for next links).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The request body, if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The request body's media type, if there is a body (`application/json` unless the
    /// operation sends a form, multipart or raw body).
    pub fn content_type(&self) -> Option<&str> {
        self.body
            .as_ref()
            .map(|_| self.content_type.as_deref().unwrap_or(JSON))
    }

    /// The URL: `base_url` + path + query string (an absolute path is used as is).
    pub fn url(&self, base_url: &str) -> String {
        let mut url = if self.path.0.starts_with("http://") || self.path.0.starts_with("https://") {
            self.path.0.clone()
        } else {
            format!("{}{}", base_url.trim_end_matches('/'), self.path.0)
        };
        for (i, (k, v)) in self.query.iter().enumerate() {
            let sep = if i == 0 && !url.contains('?') { '?' } else { '&' };
            url.push(sep);
            url.push_str(&escape(k));
            url.push('=');
            url.push_str(&escape(v));
        }
        url
    }

    /// Build the [`http::Request`] against the service root `base_url`.
    pub fn to_http(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(e) = &self.error {
            return Err(Error::Build(e.clone()));
        }
        let mut b = http::Request::builder()
            .method(self.method.clone())
            .uri(self.url(base_url));
        if !self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            b = b.header(http::header::ACCEPT, JSON);
        }
        if let Some(ct) = self.content_type() {
            b = b.header(http::header::CONTENT_TYPE, ct);
        }
        for (k, v) in &self.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        b.body(self.body.clone().unwrap_or_default())
            .map_err(|e| Error::Build(e.to_string()))
    }

    /// A `GET` of `link` (a next or delta link) with this request's headers.
    fn follow(&self, link: &str) -> Self {
        let mut q = Query::new(http::Method::GET, Path::new(link), self.success);
        q.headers = self.headers.clone();
        q
    }

    fn option(mut self, name: &str, value: String) -> Self {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_owned(), value));
        self
    }
}

impl<T, R: Expect, K, C> Query<T, R, K, C> {
    fn function(base: &Path, name: &str, params: Params) -> Self {
        let mut q = Query::new(http::Method::GET, base.call(name, &params), &[200, 204]);
        q.query.extend(params.aliases);
        q.error = params.error;
        q.accepting()
    }

    fn action(base: &Path, name: &str, body: ActionBody) -> Self {
        let mut q = Query::new(http::Method::POST, base.segment(name), &[200, 201, 204]);
        match ::serde_json::to_vec(&body.members) {
            Ok(b) => q.body = Some(b),
            Err(e) => q.error = Some(e.to_string()),
        }
        if body.error.is_some() {
            q.error = body.error;
        }
        q.accepting()
    }

    /// `Accept:` what `R` reads, when that is not JSON (a stream's bytes).
    fn accepting(self) -> Self {
        if R::ACCEPT == JSON {
            self
        } else {
            self.header("Accept", R::ACCEPT)
        }
    }
}

impl<T, R: Expect, K, C> Query<T, R, K, C> {
    /// Read the response: the documented success status gives the typed result, any other the
    /// typed [`ODataError`].
    pub fn parse(&self, response: &http::Response<Vec<u8>>) -> Result<R::Output, Error> {
        self.parse_parts(response.status().as_u16(), response.headers(), response.body())
    }

    /// [`Query::parse`] from the parts of a response.
    pub fn parse_parts(
        &self,
        status: u16,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<R::Output, Error> {
        read_response::<R>(self.success, status, headers, body)
    }
}

/// A response read as `R` when its status is one of `success`, else as the typed [`ODataError`].
fn read_response<R: Expect>(
    success: &[u16],
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<R::Output, Error> {
    if success.contains(&status) {
        R::parse(status, body)
    } else {
        Err(Error::Service(::std::boxed::Box::new(ODataError::from_response(
            status, headers, body,
        ))))
    }
}

impl<T, V, C> Query<T, Collection<V>, Many, C> {
    /// The request for the page after `page` (its `@odata.nextLink`), if any.
    pub fn next_page(&self, page: &Page<V>) -> Option<Self> {
        page.next_link().map(|link| self.follow(link))
    }

    /// The request for the changes since `page` (its `@odata.deltaLink`, which the last page of
    /// a delta query carries), if any: same headers; its pages follow with [`Query::next_page`].
    pub fn delta_page(&self, page: &Page<V>) -> Option<Self> {
        page.delta_link.value().map(|link| self.follow(link))
    }
}

fn join<P: Property>(props: &[P]) -> String {
    props.iter().map(|p| p.name()).collect::<Vec<_>>().join(",")
}

/// Sort direction for `$orderby`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

// The query options, generated per capability set (`requests::options`) on top of these, only
// where the metadata allows them; a crate whose metadata forbids one everywhere does not call
// its helper.
#[allow(dead_code)]
impl<T: Entity, R, K, C> Query<T, R, K, C> {
    /// `$select`.
    pub(crate) fn select_option(self, properties: &[T::Property]) -> Self {
        self.option("$select", join(properties))
    }

    /// `$expand`.
    pub(crate) fn expand_option(self, properties: &[T::Property]) -> Self {
        self.option("$expand", join(properties))
    }

    /// `$filter`.
    pub(crate) fn filter_option(self, expression: &str) -> Self {
        self.option("$filter", expression.to_owned())
    }

    /// `$orderby`.
    pub(crate) fn order_by_option(self, keys: &[(T::Property, Order)]) -> Self {
        let v = keys
            .iter()
            .map(|(p, o)| match o {
                Order::Asc => p.name().to_owned(),
                Order::Desc => format!("{} desc", p.name()),
            })
            .collect::<Vec<_>>()
            .join(",");
        self.option("$orderby", v)
    }

    /// `$top`.
    pub(crate) fn top_option(self, n: u64) -> Self {
        self.option("$top", n.to_string())
    }

    /// `$skip`.
    pub(crate) fn skip_option(self, n: u64) -> Self {
        self.option("$skip", n.to_string())
    }

    /// `$count=true`.
    pub(crate) fn count_option(self) -> Self {
        self.option("$count", "true".to_owned())
    }

    /// `$search`.
    pub(crate) fn search_option(self, expression: &str) -> Self {
        self.option("$search", expression.to_owned())
    }
}

// ---------------------------------------------------------------------------------------------
// JSON batch
// ---------------------------------------------------------------------------------------------

/// Several requests sent as one `POST $batch` in the OData JSON batch format (OData 4.01 JSON
/// Format, "Batch Requests and Responses"; what Microsoft Graph's `$batch` reads). Each request
/// keeps its typed result: [`Batch::add`] gives a [`BatchItem`] that reads its own response out
/// of the [`BatchResponse`].
///
/// ```ignore
/// let mut batch = request::Batch::new();
/// let me = batch.add(&requests::me().get());
/// let count = batch.add(&requests::users().count());
/// let responses = client.send(&batch.query())?;
/// let me = responses.get(&me)?;      // the model, or the typed error of that request
/// ```
///
/// Request URLs are written relative to the service root (as Graph requires); a JSON body is
/// embedded as JSON, a text body as a string, any other body base64url-encoded.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    entries: Vec<BatchEntry>,
    error: Option<String>,
}

#[derive(Clone, Debug)]
struct BatchEntry {
    id: String,
    depends_on: Vec<String>,
    method: http::Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    content_type: Option<String>,
}

/// A request of a [`Batch`]: reads its result from the [`BatchResponse`] (`R` as in [`Query`]).
pub struct BatchItem<R> {
    id: String,
    success: &'static [u16],
    ty: PhantomData<fn() -> R>,
}

impl<R> BatchItem<R> {
    /// The request's `id` in the batch.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<R> Clone for BatchItem<R> {
    fn clone(&self) -> Self {
        BatchItem {
            id: self.id.clone(),
            success: self.success,
            ty: PhantomData,
        }
    }
}

impl<R> fmt::Debug for BatchItem<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BatchItem").field(&self.id).finish()
    }
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Add a request (ids are `1`, `2`, ... in the order added).
    pub fn add<T, R: Expect, K, C>(&mut self, query: &Query<T, R, K, C>) -> BatchItem<R> {
        self.add_after(query, &[])
    }

    /// Add a request the service runs only after the requests of the ids `after` (`dependsOn`;
    /// [`BatchItem::id`]).
    pub fn add_after<T, R: Expect, K, C>(
        &mut self,
        query: &Query<T, R, K, C>,
        after: &[&str],
    ) -> BatchItem<R> {
        let id = (self.entries.len() + 1).to_string();
        if let Some(e) = &query.error
            && self.error.is_none()
        {
            self.error = Some(format!("batch request {id}: {e}"));
        }
        let url = query.url("");
        self.entries.push(BatchEntry {
            id: id.clone(),
            depends_on: after.iter().map(|a| (*a).to_owned()).collect(),
            method: query.method.clone(),
            url,
            headers: query.headers.clone(),
            body: query.body.clone(),
            content_type: query.content_type().map(str::to_owned),
        });
        BatchItem {
            id,
            success: query.success,
            ty: PhantomData,
        }
    }

    /// How many requests it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Does it hold no request?
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The batch as one request: `POST $batch` with the JSON batch body, read into a
    /// [`BatchResponse`] (send it with a client, or `to_http`/`parse` it).
    pub fn query(&self) -> Query<(), BatchResult, One, ()> {
        let mut q = Query::new(http::Method::POST, Path::new("/$batch"), &[200]);
        if let Some(e) = &self.error {
            q.error = Some(e.clone());
            return q;
        }
        use ::serde_json::{Map, Value};
        let mut requests = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let mut r = Map::new();
            r.insert("id".into(), Value::String(e.id.clone()));
            if !e.depends_on.is_empty() {
                let ids = e.depends_on.iter().cloned().map(Value::String).collect();
                r.insert("dependsOn".into(), Value::Array(ids));
            }
            r.insert("method".into(), Value::String(e.method.as_str().to_owned()));
            r.insert("url".into(), Value::String(e.url.clone()));
            let mut headers = Map::new();
            for (k, v) in &e.headers {
                headers.insert(k.clone(), Value::String(v.clone()));
            }
            if let Some(body) = &e.body {
                let ct = e.content_type.as_deref().unwrap_or(JSON);
                headers.insert("Content-Type".into(), Value::String(ct.to_owned()));
                let media = media_essence(ct);
                let value = if is_json(&media) {
                    match ::serde_json::from_slice(body) {
                        Ok(v) => v,
                        Err(err) => {
                            q.error = Some(format!("batch request {}: body: {err}", e.id));
                            return q;
                        }
                    }
                } else if media.starts_with("text/")
                    && let Ok(text) = ::std::str::from_utf8(body)
                {
                    Value::String(text.to_owned())
                } else {
                    Value::String(crate::odata::Binary::from_bytes_url(body).into_string())
                };
                r.insert("body".into(), value);
            }
            if !headers.is_empty() {
                r.insert("headers".into(), Value::Object(headers));
            }
            requests.push(Value::Object(r));
        }
        let mut doc = Map::new();
        doc.insert("requests".into(), Value::Array(requests));
        match ::serde_json::to_vec(&Value::Object(doc)) {
            Ok(b) => q.body = Some(b),
            Err(e) => q.error = Some(format!("batch body: {e}")),
        }
        q
    }
}

/// A media type without its parameters, lower-cased (`Text/Plain; charset=utf-8` → `text/plain`).
fn media_essence(media: &str) -> String {
    media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Is a media type (its essence) JSON: `application/json` or `…+json`?
fn is_json(essence: &str) -> bool {
    essence == JSON || essence.ends_with("+json")
}

/// How a `$batch` response is read (the `R` of [`Batch::query`]).
pub struct BatchResult;

impl Expect for BatchResult {
    type Output = BatchResponse;
    type Kind = One;
    fn parse(status: u16, body: &[u8]) -> Result<BatchResponse, Error> {
        BatchResponse::from_json(status, body)
    }
}

/// The responses of a [`Batch`], by request id.
#[derive(Clone, Debug, Default)]
pub struct BatchResponse {
    responses: Vec<BatchPart>,
}

#[derive(Clone, Debug)]
struct BatchPart {
    id: String,
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl BatchResponse {
    fn from_json(status: u16, body: &[u8]) -> Result<Self, Error> {
        use ::serde_json::Value;
        let bad = |message: String| Error::UnexpectedBody { status, message };
        let doc: Value = ::serde_json::from_slice(body)
            .map_err(|e| bad(format!("a JSON batch response: {e}")))?;
        let Some(items) = doc.get("responses").and_then(Value::as_array) else {
            return Err(bad("a JSON batch response has a `responses` array".into()));
        };
        let mut responses = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let id = match item.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => return Err(bad(format!("batch response {i}: no `id`"))),
            };
            let part_status = item
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or_else(|| bad(format!("batch response `{id}`: no valid `status`")))?;
            let mut headers = http::HeaderMap::new();
            if let Some(Value::Object(h)) = item.get("headers") {
                for (k, v) in h {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if let (Ok(name), Ok(value)) = (
                        http::header::HeaderName::from_bytes(k.as_bytes()),
                        http::header::HeaderValue::from_str(&text),
                    ) {
                        headers.append(name, value);
                    }
                }
            }
            let media = headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(media_essence);
            let body = match item.get("body") {
                None | Some(Value::Null) => Vec::new(),
                // A non-JSON body is a string: text as it is, anything else base64(url).
                Some(Value::String(s))
                    if media.as_deref().is_some_and(|m| !is_json(m)) =>
                {
                    if media.as_deref().is_some_and(|m| m.starts_with("text/")) {
                        s.clone().into_bytes()
                    } else {
                        match crate::odata::Binary::try_from(s.as_str()) {
                            Ok(b) => b.bytes(),
                            Err(e) => return Err(bad(format!("batch response `{id}`: body: {e}"))),
                        }
                    }
                }
                Some(v) => ::serde_json::to_vec(v)
                    .map_err(|e| bad(format!("batch response `{id}`: body: {e}")))?,
            };
            responses.push(BatchPart {
                id,
                status: part_status,
                headers,
                body,
            });
        }
        Ok(BatchResponse { responses })
    }

    /// The result of the request `item`: its typed value, or the error that request alone got
    /// (a service error with its status and OData error, a body that is not what it promised,
    /// or no response for it at all).
    pub fn get<R: Expect>(&self, item: &BatchItem<R>) -> Result<R::Output, Error> {
        let Some(part) = self.responses.iter().find(|p| p.id == item.id) else {
            return Err(Error::UnexpectedBody {
                status: 200,
                message: format!("the batch response has no response for request `{}`", item.id),
            });
        };
        read_response::<R>(item.success, part.status, &part.headers, &part.body)
    }

    /// The status of the request `id`'s response, if the batch response has one.
    pub fn status(&self, id: &str) -> Option<u16> {
        self.responses.iter().find(|p| p.id == id).map(|p| p.status)
    }

    /// How many responses it holds.
    pub fn len(&self) -> usize {
        self.responses.len()
    }

    /// Does it hold no response?
    pub fn is_empty(&self) -> bool {
        self.responses.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Client (feature `client`)
// ---------------------------------------------------------------------------------------------

/// Ready HTTP clients on `reqwest` (rustls), async and blocking.
#[cfg(feature = "client")]
pub mod client {
    use super::{Collection, Error, Expect, Many, Query};
    use crate::odata::{Page, Wire};
    use ::std::string::String;
    use ::std::time::Duration;
    use ::std::vec::Vec;

    /// Client settings shared by [`Client`] and [`BlockingClient`].
    #[derive(Clone, Debug)]
    pub struct Settings {
        /// Service root, e.g. `https://graph.microsoft.com/beta`.
        pub base_url: String,
        /// Bearer token sent as `Authorization: Bearer {token}`.
        pub token: Option<String>,
        /// How many times a 429 or 503 response is retried.
        pub max_retries: u32,
        /// Upper bound of one wait (a longer `Retry-After` is cut to this).
        pub max_retry_delay: Duration,
    }

    impl Default for Settings {
        fn default() -> Self {
            Settings {
                base_url: crate::requests::BASE_URL.to_owned(),
                token: None,
                max_retries: 3,
                max_retry_delay: Duration::from_secs(30),
            }
        }
    }

    fn install_crypto() {
        if ::rustls::crypto::CryptoProvider::get_default().is_none() {
            let _ = ::rustls::crypto::ring::default_provider().install_default();
        }
    }

    fn transport(e: ::reqwest::Error) -> Error {
        Error::Transport(e.to_string())
    }

    /// How long to wait before retrying `status`, if it is retryable: `Retry-After` (seconds or
    /// an HTTP-date; bounded by `max_retry_delay`), else an exponential default.
    fn retry_delay(
        settings: &Settings,
        attempt: u32,
        status: u16,
        headers: &::http::HeaderMap,
    ) -> Option<Duration> {
        if !(status == 429 || status == 503) || attempt >= settings.max_retries {
            return None;
        }
        // `Retry-After` is delay-seconds or an HTTP-date (RFC 9110 section 10.2.3).
        let after = headers
            .get(::http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let v = v.trim();
                v.parse::<u64>().ok().map(Duration::from_secs).or_else(|| {
                    ::httpdate::parse_http_date(v).ok().map(|at| {
                        at.duration_since(::std::time::SystemTime::now())
                            .unwrap_or(Duration::ZERO)
                    })
                })
            })
            .unwrap_or_else(|| Duration::from_millis(500u64.saturating_mul(1 << attempt.min(10))));
        Some(after.min(settings.max_retry_delay))
    }

    fn prepare<T, R, K, C>(
        settings: &Settings,
        query: &Query<T, R, K, C>,
    ) -> Result<::http::Request<Vec<u8>>, Error> {
        let q = match &settings.token {
            Some(t) => query.clone().bearer(t),
            None => query.clone(),
        };
        q.to_http(&settings.base_url)
    }

    /// Async client.
    #[derive(Clone, Debug)]
    pub struct Client {
        http: ::reqwest::Client,
        settings: Settings,
    }

    impl Client {
        /// A client for the default service root with this bearer token.
        pub fn new(token: impl Into<String>) -> Result<Self, Error> {
            Self::with_settings(Settings {
                token: Some(token.into()),
                ..Settings::default()
            })
        }

        /// A client with these settings.
        pub fn with_settings(settings: Settings) -> Result<Self, Error> {
            install_crypto();
            let http = ::reqwest::Client::builder().build().map_err(transport)?;
            Ok(Client { http, settings })
        }

        /// The settings.
        pub fn settings(&self) -> &Settings {
            &self.settings
        }

        /// Send a request and read its response (retrying 429/503 as configured).
        pub async fn send<T, R: Expect, K, C>(
            &self,
            query: &Query<T, R, K, C>,
        ) -> Result<R::Output, Error> {
            let request = prepare(&self.settings, query)?;
            let mut attempt = 0;
            loop {
                let req = ::reqwest::Request::try_from(request.clone()).map_err(transport)?;
                let resp = self.http.execute(req).await.map_err(transport)?;
                let status = resp.status().as_u16();
                let headers = resp.headers().clone();
                let body = resp.bytes().await.map_err(transport)?;
                if let Some(wait) = retry_delay(&self.settings, attempt, status, &headers) {
                    attempt += 1;
                    ::tokio::time::sleep(wait).await;
                    continue;
                }
                return query.parse_parts(status, &headers, &body);
            }
        }

        /// Send a collection request and follow `@odata.nextLink` to the end: every item.
        pub async fn list_all<T, V: Wire, C>(
            &self,
            query: &Query<T, Collection<V>, Many, C>,
        ) -> Result<Vec<V>, Error> {
            let mut items = Vec::new();
            let mut next = Some(query.clone());
            while let Some(q) = next {
                let page: Page<V> = self.send(&q).await?;
                next = q.next_page(&page);
                items.extend(page.value);
            }
            Ok(items)
        }
    }

    /// Blocking client.
    #[derive(Clone, Debug)]
    pub struct BlockingClient {
        http: ::reqwest::blocking::Client,
        settings: Settings,
    }

    impl BlockingClient {
        /// A client for the default service root with this bearer token.
        pub fn new(token: impl Into<String>) -> Result<Self, Error> {
            Self::with_settings(Settings {
                token: Some(token.into()),
                ..Settings::default()
            })
        }

        /// A client with these settings.
        pub fn with_settings(settings: Settings) -> Result<Self, Error> {
            install_crypto();
            let http = ::reqwest::blocking::Client::builder()
                .build()
                .map_err(transport)?;
            Ok(BlockingClient { http, settings })
        }

        /// The settings.
        pub fn settings(&self) -> &Settings {
            &self.settings
        }

        /// Send a request and read its response (retrying 429/503 as configured).
        pub fn send<T, R: Expect, K, C>(&self, query: &Query<T, R, K, C>) -> Result<R::Output, Error> {
            let request = prepare(&self.settings, query)?;
            let mut attempt = 0;
            loop {
                let req = ::reqwest::blocking::Request::try_from(request.clone()).map_err(transport)?;
                let resp = self.http.execute(req).map_err(transport)?;
                let status = resp.status().as_u16();
                let headers = resp.headers().clone();
                let body = resp.bytes().map_err(transport)?;
                if let Some(wait) = retry_delay(&self.settings, attempt, status, &headers) {
                    attempt += 1;
                    ::std::thread::sleep(wait);
                    continue;
                }
                return query.parse_parts(status, &headers, &body);
            }
        }

        /// Send a collection request and follow `@odata.nextLink` to the end: every item.
        pub fn list_all<T, V: Wire, C>(
            &self,
            query: &Query<T, Collection<V>, Many, C>,
        ) -> Result<Vec<V>, Error> {
            let mut items = Vec::new();
            let mut next = Some(query.clone());
            while let Some(q) = next {
                let page: Page<V> = self.send(&q)?;
                next = q.next_page(&page);
                items.extend(page.value);
            }
            Ok(items)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Operations as the input states them (OpenAPI paths): used by the generated `rest` module
// ---------------------------------------------------------------------------------------------

const ALL_2XX: [u16; 100] = {
    let mut all = [0u16; 100];
    let mut i = 0;
    while i < 100 {
        all[i] = 200 + i as u16;
        i += 1;
    }
    all
};

/// Every `2xx` status: the success statuses of an operation documenting `2XX` (or no success
/// status at all).
pub const SUCCESS_2XX: &[u16] = &ALL_2XX;

/// Path parameters: everything but RFC 3986 unreserved characters is percent-encoded (a `/` in a
/// value stays inside its segment).
const PATH_PARAM: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A parameter value as the texts it is sent as: strings as they are, numbers and booleans
/// printed, arrays one text per item (`null` items and a `null` value: none), objects as JSON.
fn param_texts<V: Wire>(value: &V) -> Result<Vec<String>, String> {
    match crate::odata::to_value(value).map_err(|e| e.to_string())? {
        ::serde_json::Value::Array(items) => Ok(items.into_iter().filter_map(value_text).collect()),
        other => Ok(value_text(other).into_iter().collect()),
    }
}

/// A value as the text it is sent as: a string as it is, anything else as JSON (numbers and
/// booleans printed); `null`: none.
fn value_text(v: ::serde_json::Value) -> Option<String> {
    match v {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// How an operation's paged response is split: the member holding the items and the one
/// linking to the next page (`x-ms-pageable`). Implemented by the operation marker types of the
/// generated `rest` module.
pub trait PageNames {
    /// The member holding the items (`value` unless the input says otherwise).
    const ITEMS: &'static str;
    /// The member holding the next page's URL, if the response can have more pages.
    const NEXT_LINK: ::core::option::Option<&'static str>;
}

/// One page of a paged operation (see [`PageNames`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemPage<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The next page's URL, if there is one.
    pub next_link: ::core::option::Option<String>,
}

/// A paged response: the items of member `P::ITEMS`, the next link of member `P::NEXT_LINK`.
pub struct Paged<T, P>(PhantomData<fn() -> (T, P)>);
impl<T: Wire, P: PageNames> Expect for Paged<T, P> {
    type Output = ItemPage<T>;
    type Kind = Many;
    fn parse(status: u16, body: &[u8]) -> Result<ItemPage<T>, Error> {
        let unexpected = |message: String| Error::UnexpectedBody { status, message };
        let json: ::serde_json::Value =
            ::serde_json::from_slice(body).map_err(|e| unexpected(e.to_string()))?;
        let ::serde_json::Value::Object(mut members) = json else {
            return Err(unexpected("a page must be a JSON object".into()));
        };
        let items = match members.remove(P::ITEMS) {
            None => return Err(unexpected(format!("the page has no `{}` member", P::ITEMS))),
            Some(::serde_json::Value::Null) => Vec::new(),
            Some(v) => crate::odata::from_value(v).map_err(|e| body_error(status, e))?,
        };
        let next_link = match P::NEXT_LINK.and_then(|n| members.remove(n)) {
            None | Some(::serde_json::Value::Null) => None,
            Some(::serde_json::Value::String(s)) => Some(s),
            Some(_) => {
                return Err(unexpected(format!(
                    "the next link `{}` is not a string",
                    P::NEXT_LINK.unwrap_or_default()
                )));
            }
        };
        Ok(ItemPage { items, next_link })
    }
}

/// A success body that may be absent: `None` for an empty body (a `204` beside a `200` with a
/// value), else the value.
pub type Optional<T> = Updated<T>;

impl ODataError {
    /// The error body read as the type the operation documents for it (e.g. a plain API's
    /// `Error` model); the JSON path names what did not match.
    pub fn body_as<E: Wire>(&self) -> Result<E, JsonError> {
        crate::odata::from_slice(&self.body)
    }
}

impl<T, R: Expect, C> Query<T, R, R::Kind, C> {
    /// Start the request of an operation stated by the input: `method` on the path `template`
    /// (`/pets/{petId}`: placeholders are filled by [`Query::path_param`]), succeeding with the
    /// `success` statuses. Generated code of the `rest` module calls this.
    pub fn operation(method: &str, template: &str, success: &'static [u16]) -> Self {
        match http::Method::from_bytes(method.as_bytes()) {
            Ok(m) => Query::new(m, Path::new(template), success),
            Err(e) => {
                let mut q = Query::new(http::Method::GET, Path::new(template), success);
                q.error = Some(format!("method `{method}`: {e}"));
                q
            }
        }
    }
}

impl<T, R, K, C> Query<T, R, K, C> {
    fn fail(mut self, what: &str, message: String) -> Self {
        if self.error.is_none() {
            self.error = Some(format!("{what}: {message}"));
        }
        self
    }

    /// Fill the placeholder `{name}` of the path with `value` (percent-encoded; arrays
    /// comma-separated).
    pub fn path_param<V: Wire>(mut self, name: &str, value: &V) -> Self {
        match param_texts(value) {
            Ok(texts) => {
                let text = texts
                    .iter()
                    .map(|t| ::percent_encoding::utf8_percent_encode(t, PATH_PARAM).to_string())
                    .collect::<Vec<_>>()
                    .join(",");
                let placeholder = format!("{{{name}}}");
                self.path = Path::new(self.path.0.replace(&placeholder, &text));
                self
            }
            Err(e) => self.fail(&format!("path parameter `{name}`"), e),
        }
    }

    /// Set the query parameter `name` (replacing an earlier value; arrays repeat the name,
    /// `name=a&name=b`).
    pub fn query_param<V: Wire>(mut self, name: &str, value: &V) -> Self {
        match param_texts(value) {
            Ok(texts) => {
                self.query.retain(|(k, _)| k != name);
                self.query.extend(texts.into_iter().map(|t| (name.to_owned(), t)));
                self
            }
            Err(e) => self.fail(&format!("query parameter `{name}`"), e),
        }
    }

    /// Set the query parameter `name` to one value, array items comma-separated (`name=a,b`:
    /// OpenAPI `explode: false`).
    pub fn query_param_joined<V: Wire>(mut self, name: &str, value: &V) -> Self {
        match param_texts(value) {
            Ok(texts) => {
                self.query.retain(|(k, _)| k != name);
                if !texts.is_empty() {
                    self.query.push((name.to_owned(), texts.join(",")));
                }
                self
            }
            Err(e) => self.fail(&format!("query parameter `{name}`"), e),
        }
    }

    /// Set the header `name` (replacing an earlier value; arrays comma-separated).
    pub fn header_param<V: Wire>(mut self, name: &str, value: &V) -> Self {
        match param_texts(value) {
            Ok(texts) => {
                self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
                self.headers.push((name.to_owned(), texts.join(",")));
                self
            }
            Err(e) => self.fail(&format!("header `{name}`"), e),
        }
    }

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
        let mut boundary = String::from("odatagen-form-boundary");
        let mut n = 0u32;
        while parts.iter().any(|p| contains(&p.data, boundary.as_bytes())) {
            n += 1;
            boundary = format!("odatagen-form-boundary-{n}");
        }
        let mut out = Vec::new();
        for p in parts {
            out.extend_from_slice(b"--");
            out.extend_from_slice(boundary.as_bytes());
            out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
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
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");
        self.body = Some(out);
        self.content_type = Some(format!("multipart/form-data; boundary={boundary}"));
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Clone, Debug)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

/// Does `hay` contain `needle`?
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A name in a `Content-Disposition` header: `"`, CR and LF percent-encoded (as browsers do), so
/// a name cannot end the header or start another.
fn disposition_text(s: &str) -> String {
    s.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// How a member of an `application/x-www-form-urlencoded` body is written (OpenAPI `style` and
/// `explode` of its `encoding`).
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
    use ::serde_json::Value;
    /// A scalar as its text (`null`: empty), anything else as JSON.
    fn text(v: Value) -> String {
        value_text(v).unwrap_or_default()
    }
    fn deep(name: String, v: Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    deep(format!("{name}[{k}]"), v, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.into_iter().enumerate() {
                    deep(format!("{name}[{i}]"), v, out);
                }
            }
            scalar => out.push((name, text(scalar))),
        }
    }
    let mut out = Vec::new();
    for (name, value) in members {
        let style = styles
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(FormStyle::Exploded, |(_, s)| *s);
        match (style, value) {
            (FormStyle::Deep, v) => deep(name, v, &mut out),
            (FormStyle::Exploded, Value::Array(items)) => {
                out.extend(items.into_iter().map(|v| (name.clone(), text(v))));
            }
            (FormStyle::Exploded, Value::Object(m)) => {
                out.extend(m.into_iter().map(|(k, v)| (k, text(v))));
            }
            (FormStyle::Delimited(d), Value::Array(items)) => {
                let texts: Vec<String> = items.into_iter().map(text).collect();
                out.push((name, texts.join(d)));
            }
            (FormStyle::Delimited(d), Value::Object(m)) => {
                let texts: Vec<String> = m.into_iter().flat_map(|(k, v)| [k, text(v)]).collect();
                out.push((name, texts.join(d)));
            }
            (_, scalar) => out.push((name, text(scalar))),
        }
    }
    out
}

impl<T, V, P: PageNames, C> Query<T, Paged<V, P>, Many, C> {
    /// The request for the page after `page` (a GET of its next link, same headers), if any.
    pub fn next_page(&self, page: &ItemPage<V>) -> ::core::option::Option<Self> {
        page.next_link.as_deref().map(|link| self.follow(link))
    }
}

#[cfg(feature = "client")]
impl client::Client {
    /// Send a paged request and follow its next links to the end: every item.
    pub async fn all_items<T, V: Wire, P: PageNames, C>(
        &self,
        query: &Query<T, Paged<V, P>, Many, C>,
    ) -> Result<Vec<V>, Error> {
        let mut items = Vec::new();
        let mut next = Some(query.clone());
        while let Some(q) = next {
            let page = self.send(&q).await?;
            next = q.next_page(&page);
            items.extend(page.items);
        }
        Ok(items)
    }
}

#[cfg(feature = "client")]
impl client::BlockingClient {
    /// Send a paged request and follow its next links to the end: every item.
    pub fn all_items<T, V: Wire, P: PageNames, C>(
        &self,
        query: &Query<T, Paged<V, P>, Many, C>,
    ) -> Result<Vec<V>, Error> {
        let mut items = Vec::new();
        let mut next = Some(query.clone());
        while let Some(q) = next {
            let page = self.send(&q)?;
            next = q.next_page(&page);
            items.extend(page.items);
        }
        Ok(items)
    }
}
