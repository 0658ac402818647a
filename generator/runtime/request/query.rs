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
    /// For a followed next or delta link (then `path`): the URLs that led to it, oldest first
    /// (the first request's path and query, relative to the service root or absolute, then
    /// each link followed before this one), against which `path` is resolved.
    pub(crate) followed: Vec<String>,
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
            followed: self.followed.clone(),
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
            followed: Vec::new(),
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

    /// `If-Match: {etag}`: the request applies only while the entity is unchanged since it was
    /// read (a `412 Precondition Failed` otherwise; services that demand it answer `428` without
    /// one). The ETag is the entity's `additional_data.etag()` (its `@odata.etag`) or the `ETag`
    /// header of the response that returned it; `*` matches any version.
    pub fn if_match(self, etag: &str) -> Self {
        self.replace_header("If-Match", etag)
    }

    /// `If-None-Match: {etag}`: a `GET` answers `304 Not Modified` while the entity still has
    /// this ETag.
    pub fn if_none_match(self, etag: &str) -> Self {
        self.replace_header("If-None-Match", etag)
    }

    /// Set header `name` (any case) to `value`, replacing every earlier one.
    pub(crate) fn replace_header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Set the query option `name` to `value` as given (percent-encoded when sent), replacing an
    /// earlier value; an empty `value` removes it. For what the typed builders do not offer:
    /// custom query options (`sap-client`), `$apply`, or an `$expand` path the typed
    /// [`Expand`](super::Expand) items cannot name.
    pub fn query_option(self, name: &str, value: &str) -> Self {
        self.option(name, value.to_owned())
    }

    /// Does the request set header `name` (any case)?
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
    }

    /// Add `Authorization: Bearer {token}`. Like any `Authorization` header, it is sent only to
    /// the origin (scheme, host and port) of the service root: see [`Query::to_http`].
    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", format!("Bearer {token}"))
    }

    /// The HTTP method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The resource path (relative to the service root, or absolute); for a followed next or
    /// delta link, the link as the service wrote it (see [`Query::url`]).
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

    /// The URL: `base_url` + path + query string (an absolute `http(s)` URL, in any case, is
    /// used as is). A followed next or delta link is resolved as RFC 3986 says against the
    /// URL of the request that returned its page (so `users?$skiptoken=x` after
    /// `https://h/v1.0/users` is `https://h/v1.0/users?$skiptoken=x`), its characters that a
    /// URI may not hold (spaces, `"`, `<`, non-ASCII, ...) percent-encoded.
    pub fn url(&self, base_url: &str) -> String {
        let own = path_and_query(self);
        let mut steps = self.followed.iter().map(String::as_str);
        let Some(first) = steps.next() else {
            return root_join(base_url, &own);
        };
        let mut url = root_join(base_url, first);
        for link in steps.chain([own.as_str()]) {
            url = resolve(&url, &encode_link(link));
        }
        url
    }

    /// Build the [`http::Request`] against the service root `base_url`.
    ///
    /// Credentials go only to the service root's origin: a request whose URL has another
    /// scheme, host or port (a next or delta link pointing elsewhere) is built without its
    /// `Authorization`, `Proxy-Authorization` and `Cookie` headers (the bearer token or ones set
    /// with [`Query::header`]), as Microsoft's Graph SDKs attach their token only for the hosts
    /// they allow.
    pub fn to_http(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(e) = &self.error {
            return Err(Error::Build(e.clone()));
        }
        let url = self.url(base_url);
        // A next or delta link is the service's text: one to `ftp:`, `file:` or `javascript:`
        // is no request this client makes.
        let http_url = ["http://", "https://"]
            .iter()
            .any(|s| url.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)));
        if !self.followed.is_empty() && !http_url {
            return Err(Error::Build(format!(
                "the service's next or delta link leads to `{url}`, which is not an http(s) URL"
            )));
        }
        let credentials = same_origin(&url, base_url);
        let mut b = http::Request::builder()
            .method(self.method.clone())
            .uri(url);
        if !self.has_header("accept") {
            b = b.header(http::header::ACCEPT, super::json_accept());
        }
        // A `Content-Type` set with `header` replaces the body's own, as a set `Accept` does
        // (`application/json;IEEE754Compatible=true`, a charset): two would reach the service.
        if let Some(ct) = self
            .content_type()
            .filter(|_| !self.has_header("content-type"))
        {
            b = b.header(http::header::CONTENT_TYPE, ct);
        }
        // Cookies set apart (`header("Cookie", ..)`, cookie parameters) go in one `Cookie`
        // header, as RFC 6265 section 5.4 asks.
        let mut cookies: Vec<&str> = Vec::new();
        for (k, v) in &self.headers {
            let secret = ["authorization", "proxy-authorization", "cookie"]
                .iter()
                .any(|h| k.eq_ignore_ascii_case(h));
            if !credentials && secret {
                continue;
            } else if k.eq_ignore_ascii_case("cookie") {
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

    /// A `GET` of `link` (a next or delta link, resolved against this request's URL) with this
    /// request's headers.
    pub(crate) fn follow(&self, link: &str) -> Self {
        let mut q = Query::new(http::Method::GET, Path::new(link), self.success);
        q.headers = self.headers.clone();
        q.followed = self.followed.clone();
        q.followed.push(path_and_query(self));
        q
    }

    /// Set query option `name` to `value`, replacing an earlier value; an empty `value` (an
    /// empty `$select` list) removes the option.
    fn option(mut self, name: &str, value: String) -> Self {
        self.query.retain(|(k, _)| k != name);
        if !value.is_empty() {
            self.query.push((name.to_owned(), value));
        }
        self
    }
}

/// The path and the query string of `q`, without the service root.
fn path_and_query<T, R, K, C>(q: &Query<T, R, K, C>) -> String {
    let mut url = q.path.0.clone();
    for (i, (k, v)) in q.query.iter().enumerate() {
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

/// `path` (a path and query string) below the service root `base_url`, or `path` itself when it
/// is an absolute `http(s)` URL (the scheme in any case).
fn root_join(base_url: &str, path: &str) -> String {
    let absolute = ["http://", "https://"].iter().any(|s| {
        path.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    });
    if absolute {
        path.to_owned()
    } else {
        format!("{}{}", base_url.trim_end_matches('/'), path)
    }
}

/// Characters a link may hold that a URI may not (RFC 3986): controls, space, `"`, `<`, `>`,
/// `\`, `^`, `` ` ``, `{`, `|`, `}` (and every non-ASCII byte).
const NOT_URI: &::percent_encoding::AsciiSet = &::percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `link` with the characters a URI may not hold percent-encoded (what is valid stays).
fn encode_link(link: &str) -> String {
    ::percent_encoding::utf8_percent_encode(link.trim(), NOT_URI).to_string()
}

/// The parts of a URI reference (RFC 3986 appendix B); the fragment is dropped.
struct UriParts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

fn split_uri(s: &str) -> UriParts<'_> {
    let s = s.split('#').next().unwrap_or_default();
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), before the first `:`.
    let scheme = s.split_once(':').map(|(sc, _)| sc).filter(|sc| {
        sc.starts_with(|c: char| c.is_ascii_alphabetic())
            && sc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let rest = scheme.map_or(s, |sc| &s[sc.len() + 1..]);
    let (authority, rest) = match rest.strip_prefix("//") {
        Some(r) => {
            let end = r.find(['/', '?']).unwrap_or(r.len());
            (Some(&r[..end]), &r[end..])
        }
        None => (None, rest),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    UriParts {
        scheme,
        authority,
        path,
        query,
    }
}

/// RFC 3986 section 5.2.4: `.` and `..` segments removed.
fn remove_dot_segments(path: &str) -> String {
    fn pop(out: &mut String) {
        let cut = out.rfind('/').unwrap_or(0);
        out.truncate(cut);
    }
    let mut input = path;
    let mut out = String::new();
    while !input.is_empty() {
        if let Some(r) = input
            .strip_prefix("../")
            .or_else(|| input.strip_prefix("./"))
        {
            input = r;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            pop(&mut out);
        } else if input == "/.." {
            input = "/";
            pop(&mut out);
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            out.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    out
}

/// `reference` resolved against `base` (RFC 3986 section 5.2.2; no fragment). Written here
/// rather than taken from the `url` crate, which would add `idna` and its Unicode tables to
/// every generated crate's dependencies for this one function; the RFC's examples are a test
/// (`next_links_resolve_as_rfc_3986_says`).
fn resolve(base: &str, reference: &str) -> String {
    let b = split_uri(base);
    let r = split_uri(reference);
    let (scheme, authority, path, query) = if r.scheme.is_some() {
        (r.scheme, r.authority, remove_dot_segments(r.path), r.query)
    } else if r.authority.is_some() {
        (b.scheme, r.authority, remove_dot_segments(r.path), r.query)
    } else if r.path.is_empty() {
        (b.scheme, b.authority, b.path.to_owned(), r.query.or(b.query))
    } else if r.path.starts_with('/') {
        (b.scheme, b.authority, remove_dot_segments(r.path), r.query)
    } else {
        let merged = if b.authority.is_some() && b.path.is_empty() {
            format!("/{}", r.path)
        } else {
            let dir = b.path.rfind('/').map_or("", |i| &b.path[..=i]);
            format!("{dir}{}", r.path)
        };
        (b.scheme, b.authority, remove_dot_segments(&merged), r.query)
    };
    let mut out = String::new();
    if let Some(s) = scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The origin (scheme, host, port) of an absolute URL.
fn origin(url: &str) -> Option<(String, String, u16)> {
    let uri: http::Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let host = uri.host()?.to_ascii_lowercase();
    let port = uri.port_u16().or(match scheme.as_str() {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    })?;
    Some((scheme, host, port))
}

/// Whether `url` may carry the credentials of the service root `base_url`: it is relative to the
/// service root, or has the service root's origin (scheme, host and port).
pub(crate) fn same_origin(url: &str, base_url: &str) -> bool {
    let parts = split_uri(url);
    if parts.scheme.is_none() && parts.authority.is_none() {
        return true;
    }
    match (origin(url), origin(base_url)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
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
    /// Read the response: a documented success status (or any other `2xx`) gives the typed
    /// result, any other status the typed [`ODataError`].
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

/// A response read as `R` when its status is one of `success` or any other `2xx` (a `200` where
/// `201` was documented is no failure), else as the typed [`ODataError`]. A success without the
/// body a value needs is [`Error::NoContent`], with the entity's URL when the service gave it.
pub(crate) fn read_response<R: Expect>(
    success: &[u16],
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<R::Output, Error> {
    if success.contains(&status) || (200..300).contains(&status) {
        R::parse(status, body).map_err(|e| match e {
            Error::NoContent { status, .. } => Error::NoContent {
                status,
                entity_id: ["odata-entityid", "location"].iter().find_map(|h| {
                    headers
                        .get(*h)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                }),
            },
            e => e,
        })
    } else {
        Err(Error::Service(::std::boxed::Box::new(
            ODataError::from_response(status, headers, body),
        )))
    }
}

impl<T, V, C> Query<T, Collection<V>, Many, C> {
    /// The request for the page after `page` (its `@odata.nextLink`), if any: none for a link
    /// that leads back to this request (an empty link, or a fragment, resolves to the same URL:
    /// following it would never end).
    pub fn next_page(&self, page: &Page<V>) -> Option<Self> {
        let next = self.follow(page.next_link()?);
        (next.url("") != self.url("")).then_some(next)
    }

    /// The request for the changes since `page` (its `@odata.deltaLink`, which the last page of
    /// a delta query carries), if any: same headers; its pages follow with [`Query::next_page`].
    pub fn delta_page(&self, page: &Page<V>) -> Option<Self> {
        page.delta_link().map(|link| self.follow(link))
    }
}

/// The names of `props`, comma-separated (`$select`, `$expand`).
pub(crate) fn join<P: Property>(props: &[P]) -> String {
    props.iter().map(|p| p.name()).collect::<Vec<_>>().join(",")
}

/// A `$filter` value: `expression`, or `(first) and (expression)` after an earlier `first`;
/// `None` for an empty expression (nothing to add).
pub(crate) fn and_filter(first: Option<&str>, expression: &str) -> Option<String> {
    let expression = expression.trim();
    if expression.is_empty() {
        return None;
    }
    Some(match first {
        Some(first) => format!("({first}) and ({expression})"),
        None => expression.to_owned(),
    })
}

/// An `$orderby` value: the names of `keys`, `desc` where descending, comma-separated.
pub(crate) fn order_text<P: Property>(keys: &[(P, Order)]) -> String {
    keys.iter()
        .map(|(p, o)| match o {
            Order::Asc => p.name().to_owned(),
            Order::Desc => format!("{} desc", p.name()),
        })
        .collect::<Vec<_>>()
        .join(",")
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
    /// `$select` (none for an empty list).
    pub(crate) fn select_option(self, properties: &[T::Property]) -> Self {
        self.option("$select", join(properties))
    }

    /// `$expand` (none for an empty list).
    pub(crate) fn expand_option(self, properties: &[T::Navigation]) -> Self {
        self.option("$expand", join(properties))
    }

    /// `$expand` of items with nested options (none for an empty list).
    pub(crate) fn expand_items_option(self, items: &[super::Expand<T>]) -> Self {
        self.option("$expand", super::expand::join_items(items))
    }

    /// `$filter`; a second filter is combined with the first: `(first) and (second)` (an
    /// empty expression adds nothing).
    pub(crate) fn filter_option(self, expression: &str) -> Self {
        let first = self.query.iter().find(|(k, _)| k == "$filter").map(|(_, v)| v.as_str());
        match and_filter(first, expression) {
            Some(combined) => self.option("$filter", combined),
            None => self,
        }
    }

    /// `$orderby` (none for an empty list).
    pub(crate) fn order_by_option(self, keys: &[(T::Property, Order)]) -> Self {
        self.option("$orderby", order_text(keys))
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
