//! Sans-IO request support: typed request values that become [`http::Request`]s and parse
//! [`http::Response`]s, OData URL literals (keys, function parameters, query options), the typed
//! OData error, and (feature `client`) a ready blocking and async client with bearer-token auth
//! and bounded retry of 429/503 responses.
//!
//! This module (one file per topic) is copied verbatim into every generated crate (as
//! `src/request/`); the generated `requests` module builds on it. It never panics on input: every malformed response becomes an
//! [`Error`].

mod batch;
mod body;
#[cfg(feature = "client")]
pub mod client;
mod entity;
mod error;
mod expand;
mod literals;
mod multipart_batch;
mod paths;
mod query;
mod response;
mod rest;

pub use ::http;

/// Whether the service speaks OData V1–V3 (`crate::ODATA_VERSION`, generated): its responses
/// come in the `{"d": ...}` envelope, its key literals are typed (`1L`, `guid'...'`), an update
/// is a `MERGE` (V1–V2) and the count option is `$inlinecount`.
pub(crate) fn legacy() -> bool {
    !crate::ODATA_VERSION.starts_with('4')
}

/// The `Accept` header of a JSON request, and the media type of a JSON body: OData V3 services
/// read and answer `application/json` as JSON light, so V3 asks for and sends verbose JSON (what
/// the models read and write).
pub(crate) fn json_accept() -> &'static str {
    if legacy() && crate::ODATA_VERSION.starts_with('3') {
        "application/json;odata=verbose"
    } else if !legacy() && crate::IEEE754_COMPATIBLE {
        // Int64 and Decimal as strings, both ways (OData JSON format, section 3.2).
        "application/json;IEEE754Compatible=true"
    } else {
        JSON
    }
}

pub use self::batch::*;
pub use self::body::*;
pub use self::entity::*;
pub use self::error::*;
pub use self::expand::*;
pub use self::literals::*;
pub use self::multipart_batch::*;
pub use self::paths::*;
pub use self::query::*;
pub use self::response::*;
pub use self::rest::*;
