//! HTTP operations as an input states them (OpenAPI paths): method, path template, parameters,
//! request body and responses per status. OData front ends leave this empty (the container and
//! the operations imply the requests); request code for plain REST APIs reads it.

use super::{Annotations, Span, TypeRef};

/// One operation: a method on a path template.
#[derive(Clone, Debug)]
pub struct HttpOperation {
    /// Upper-case method (`GET`, `POST`, ...).
    pub method: String,
    /// Path template as written (`/pets/{petId}`), relative to the server URL.
    pub path: String,
    /// `operationId`, if any.
    pub operation_id: Option<String>,
    /// Path, query, header and cookie parameters (path-level ones first, overridden by name and place).
    pub parameters: Vec<HttpParameter>,
    /// The JSON request body's type (`Untyped` for inline object schemas), if the operation takes one.
    pub request_body: Option<HttpBody>,
    /// Responses by status (`200`, `2XX`, `4XX`, `default`, ...), in document order.
    pub responses: Vec<HttpResponse>,
    /// Summary/description as `Core.Description`.
    pub annotations: Annotations,
    /// How the response is split into pages, if it is (`x-ms-pageable`).
    pub paging: Option<HttpPaging>,
    /// Where it is declared.
    pub span: Span,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterLocation {
    /// A `{name}` in the path template.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// A parameter.
#[derive(Clone, Debug)]
pub struct HttpParameter {
    /// Name (header name, query key, or path placeholder).
    pub name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Its type.
    pub ty: TypeRef,
    /// `required: true` (path parameters always are).
    pub required: bool,
    /// An array in the query repeats the key (`a=1&a=2`, the default) and an object's members
    /// are parameters of their own (`r=1&g=2`); `false`: one key with comma-separated items
    /// (`a=1,2`, OpenAPI `explode: false`, as OData `$select` is written), or names and values.
    pub explode: bool,
    /// How a query parameter's array or object is written beyond `explode` (OpenAPI `style`).
    pub style: ParameterStyle,
}

/// OpenAPI's `style` of a query parameter, beside the default (`form`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ParameterStyle {
    /// `form` for the query, `simple` for the path and headers.
    #[default]
    Default,
    /// `spaceDelimited`: array items joined by spaces when not exploded.
    SpaceDelimited,
    /// `pipeDelimited`: array items joined by `|` when not exploded.
    PipeDelimited,
    /// `deepObject`: an object's members in brackets (`filter[color]=red`).
    DeepObject,
    /// `label` (path): the value after a `.` (`.5`; arrays `.3,4,5`, exploded `.3.4.5`).
    Label,
    /// `matrix` (path): `;name=value` (arrays `;id=3,4,5`, exploded `;id=3;id=4;id=5`).
    Matrix,
    /// Not a style: `content` with a JSON media type instead of `schema`, the value sent as its
    /// JSON text (`filter={"color":"red"}`, percent-encoded), in the query, the path or a header.
    Json,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct HttpBody {
    /// Media type (`application/json`, ...).
    pub media_type: String,
    /// Its type.
    pub ty: TypeRef,
    /// `required: true`.
    pub required: bool,
    /// How members of a form or multipart body are written, by member (OpenAPI `encoding`);
    /// members not listed use the defaults.
    pub encoding: Vec<HttpEncoding>,
}

/// How one member of a form or multipart body is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpEncoding {
    /// The member's wire name.
    pub member: String,
    /// `form` (the default), `spaceDelimited`, `pipeDelimited` or `deepObject` (form bodies).
    pub style: Option<String>,
    /// Whether arrays and objects are exploded (form bodies; default: `true` for style `form`).
    pub explode: Option<bool>,
    /// The part's media type (multipart bodies).
    pub content_type: Option<String>,
}

/// What request code sends for a body of a media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON (see [`is_json_media`]).
    Json,
    /// `application/x-www-form-urlencoded`: the members as `name=value` pairs.
    Form,
    /// `multipart/form-data`: a part per member.
    Multipart,
    /// Anything else (`application/octet-stream`, `text/plain`, images, ...): bytes as they are.
    Raw,
}

/// A media type without its parameters, lower-cased (`Text/JSON; charset=utf-8` → `text/json`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The kind of body a media type gives.
pub fn body_kind(media: &str) -> BodyKind {
    let m = essence(media);
    if is_json_media(&m) {
        BodyKind::Json
    } else if m == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if m == "multipart/form-data" {
        BodyKind::Multipart
    } else {
        BodyKind::Raw
    }
}

/// A JSON media type (`application/json`, `application/problem+json`, `text/json; charset=utf-8`;
/// `*/*` accepts JSON too): the bodies that are models.
pub fn is_json_media(media: &str) -> bool {
    let m = essence(media);
    m == "application/json" || m == "text/json" || m.ends_with("+json") || m == "*/*"
}

/// A response.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    /// Status code or range as written: `200`, `2XX`, `default`.
    pub status: String,
    /// The body's type, if the response has a JSON body (`value` arrays of OData collection
    /// responses give a collection).
    pub ty: Option<TypeRef>,
    /// The collection `ty` is the `value` member of an object (`{"value": [...]}`, an OData
    /// collection response), not the body itself.
    pub value_wrapped: bool,
    /// The body's media type (the JSON one when there are several), if the response has a body.
    pub media_type: Option<String>,
    /// Every media type the body may have, in document order.
    pub media_types: Vec<String>,
    /// The headers the response documents (`Content-Type` aside), in document order.
    pub headers: Vec<HttpHeader>,
}

/// A response header an operation documents.
#[derive(Clone, Debug)]
pub struct HttpHeader {
    /// The header name as written.
    pub name: String,
    /// The type of its value.
    pub ty: TypeRef,
    /// Documented as always present.
    pub required: bool,
    /// Its description.
    pub annotations: Annotations,
}

/// A response split into pages: the items are a member of the response object, and another
/// member links to the next page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpPaging {
    /// The member holding the page's items (`value` unless stated).
    pub item_name: String,
    /// The member holding the next page's URL; `None`: the response is a single page.
    pub next_link_name: Option<String>,
    /// The operation (by id) that fetches further pages, if not the same request on the next link.
    pub operation_name: Option<String>,
}
