//! Errors: everything a request can fail with, and the typed OData error.

use crate::odata::JsonError;
use ::core::fmt;
use ::std::string::String;
use ::std::vec::Vec;

/// Everything a request can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a status that is no success (not `2xx`, nor documented as a
    /// success by the operation): the
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
    /// A success status without a body where the operation returns a value: a `204 No
    /// Content`, as a create or an action answers when the service honours `Prefer:
    /// return=minimal`.
    NoContent {
        /// HTTP status.
        status: u16,
        /// The URL of the entity concerned, when the service named it (`OData-EntityId`, else
        /// `Location`).
        entity_id: Option<String>,
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
            Error::NoContent { status, entity_id } => {
                write!(
                    f,
                    "no response body (HTTP {status}) where a value was expected (the service \
                     may have honoured `Prefer: return=minimal`)"
                )?;
                match entity_id {
                    Some(id) => write!(f, "; the entity is {id}"),
                    None => Ok(()),
                }
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
/// with the HTTP status and the request-id headers. An OAuth 2.0 error (Azure AD's
/// `{"error": "invalid_token", "error_description": "..."}`) gives the code and the message.
#[derive(Clone, PartialEq)]
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

/// The body as text (an `unwrap` of a service error shows what the service said, not a list
/// of byte values).
impl fmt::Debug for ODataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ODataError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("target", &self.target)
            .field("details", &self.details)
            .field("inner_error", &self.inner_error)
            .field("request_id", &self.request_id)
            .field("client_request_id", &self.client_request_id)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
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
    v.get(key)
        .and_then(::serde_json::Value::as_str)
        .map(str::to_owned)
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
        // OAuth 2.0 (Azure AD): `{"error": "invalid_token", "error_description": "..."}`.
        let oauth = json
            .as_ref()
            .filter(|j| j.get("error").is_some_and(::serde_json::Value::is_string));
        let err = json
            .as_ref()
            .and_then(|j| j.get("error"))
            .filter(|e| e.is_object());
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
            code: err
                .and_then(|e| text(e, "code"))
                .or_else(|| oauth.and_then(|j| text(j, "error")))
                .unwrap_or_default(),
            // OData V1–V3: `"message": {"lang": "en", "value": "..."}`.
            message: err
                .and_then(|e| text(e, "message").or_else(|| e.get("message").and_then(|m| text(m, "value"))))
                .or_else(|| oauth.and_then(|j| text(j, "error_description")))
                .unwrap_or_default(),
            target: err.and_then(|e| text(e, "target")),
            details,
            inner_error: inner.cloned(),
            request_id: header("request-id").or_else(|| inner.and_then(|i| text(i, "request-id"))),
            client_request_id: header("client-request-id")
                .or_else(|| inner.and_then(|i| text(i, "client-request-id"))),
            body: body.to_vec(),
        }
    }
}
