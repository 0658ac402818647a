//! [`Query`]: a request, ready to become an [`http::Request`], and the reading of its response.

use super::{
    ActionBody, Collection, Entity, Error, Expect, JSON, Many, ODataError, Params, Part, Path,
    Property, Reply, escape,
};
use crate::odata::{Page, Wire};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::std::string::String;
use ::std::vec::Vec;

/// A request, ready to become an [`http::Request`]: `T` is the entity type (its property names
/// go in `$select`, `$orderby`, `$expand`), `R` how the response is read, `K` whether it
/// addresses one value or a collection, `C` (a marker of `requests::options`) which query
/// options exist: only the allowed ones are implemented for it (`()`: none).
pub struct Query<T, R, K, C = ()> {
    pub(crate) method: http::Method,
    pub(crate) path: Path,
    pub(crate) query: Vec<(String, String)>,
    /// (parameter, name) of the query pairs a parameter wrote under other names (an exploded
    /// object's members), so that setting the parameter again removes them.
    pub(crate) exploded: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    /// The body's media type (`None`: JSON; OData V3: its verbose form).
    pub(crate) content_type: Option<String>,
    /// The parts of a `multipart/form-data` body (rendered into `body` as they change).
    pub(crate) parts: Option<Vec<Part>>,
    pub(crate) success: &'static [u16],
    pub(crate) error: Option<String>,
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
            exploded: self.exploded.clone(),
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
    pub(crate) fn new(method: http::Method, path: Path, success: &'static [u16]) -> Self {
        Query {
            method,
            path,
            query: Vec::new(),
            exploded: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: None,
            parts: None,
            success,
            error: None,
            ty: PhantomData,
        }
    }

    pub(crate) fn json_body<B: Wire>(mut self, body: &B) -> Self {
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

    /// Does the request set header `name` (any case)?
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
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

    /// The request body's media type, if there is a body (`application/json`, verbose for OData
    /// V3, unless the operation sends a form, multipart or raw body).
    pub fn content_type(&self) -> Option<&str> {
        self.body
            .as_ref()
            .map(|_| self.content_type.as_deref().unwrap_or(super::json_accept()))
    }

    /// The URL: `base_url` + path + query string (an absolute path is used as is).
    pub fn url(&self, base_url: &str) -> String {
        let mut url = if self.path.0.starts_with("http://") || self.path.0.starts_with("https://") {
            self.path.0.clone()
        } else {
            format!("{}{}", base_url.trim_end_matches('/'), self.path.0)
        };
        for (i, (k, v)) in self.query.iter().enumerate() {
            let sep = if i == 0 && !url.contains('?') {
                '?'
            } else {
                '&'
            };
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
        if !self.has_header("accept") {
            b = b.header(http::header::ACCEPT, super::json_accept());
        }
        if let Some(ct) = self.content_type() {
            b = b.header(http::header::CONTENT_TYPE, ct);
        }
        // Cookies set apart (`header("Cookie", ..)`, cookie parameters) go in one `Cookie`
        // header, as RFC 6265 section 5.4 asks.
        let mut cookies: Vec<&str> = Vec::new();
        for (k, v) in &self.headers {
            if k.eq_ignore_ascii_case("cookie") {
                cookies.push(v);
            } else {
                b = b.header(k.as_str(), v.as_str());
            }
        }
        if !cookies.is_empty() {
            b = b.header(http::header::COOKIE, cookies.join("; "));
        }
        b.body(self.body.clone().unwrap_or_default())
            .map_err(|e| Error::Build(e.to_string()))
    }

    /// A `GET` of `link` (a next or delta link) with this request's headers.
    pub(crate) fn follow(&self, link: &str) -> Self {
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
    pub(crate) fn function(base: &Path, name: &str, params: Params) -> Self {
        let mut q = Query::new(http::Method::GET, base.call(name, &params), &[200, 204]);
        q.query.extend(params.aliases);
        q.error = params.error;
        q.accepting()
    }

    pub(crate) fn action(base: &Path, name: &str, body: ActionBody) -> Self {
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

    /// An OData V1–V3 service operation (a function import), or a V3 bound function (`base` the
    /// binding entity or collection): `GET` (or `POST`) of `base/Name?p1=literal&p2=literal`, no
    /// body.
    pub(crate) fn service_operation(base: &Path, name: &str, post: bool, params: Params) -> Self {
        let mut path = base.segment(name);
        if !params.inline.is_empty() {
            path.0.push('?');
            path.0.push_str(&params.inline.join("&"));
        }
        let method = if post {
            http::Method::POST
        } else {
            http::Method::GET
        };
        let mut q = Query::new(method, path, &[200, 201, 204]);
        q.error = params.error;
        q.accepting()
    }

    /// `Accept:` what `R` reads, when that is not JSON (a stream's bytes).
    pub(crate) fn accepting(self) -> Self {
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
        self.parse_parts(
            response.status().as_u16(),
            response.headers(),
            response.body(),
        )
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

    /// [`Query::parse_parts`], keeping the status and the headers with the value.
    pub fn parse_reply(
        &self,
        status: u16,
        headers: http::HeaderMap,
        body: &[u8],
    ) -> Result<Reply<R::Output>, Error> {
        let value = read_response::<R>(self.success, status, &headers, body)?;
        Ok(Reply {
            status,
            headers,
            value,
        })
    }
}

/// A response read as `R` when its status is one of `success`, else as the typed [`ODataError`].
pub(crate) fn read_response<R: Expect>(
    success: &[u16],
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<R::Output, Error> {
    if success.contains(&status) {
        R::parse(status, body)
    } else {
        Err(Error::Service(::std::boxed::Box::new(
            ODataError::from_response(status, headers, body),
        )))
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

    /// `$count=true` (OData V1–V3: `$inlinecount=allpages`).
    pub(crate) fn count_option(self) -> Self {
        if super::legacy() {
            self.option("$inlinecount", "allpages".to_owned())
        } else {
            self.option("$count", "true".to_owned())
        }
    }

    /// `$search`.
    pub(crate) fn search_option(self, expression: &str) -> Self {
        self.option("$search", expression.to_owned())
    }
}
