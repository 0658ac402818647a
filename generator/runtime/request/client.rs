//! Ready HTTP clients on `reqwest` (rustls), async and blocking (feature `client`).
//!
//! Both keep cookies and answer CSRF protection as SAP Gateway and other OData V2 servers
//! apply it: a request that changes state and is refused with `403` and `X-CSRF-Token:
//! Required` makes the client fetch a token (`GET` of the service root with `X-CSRF-Token:
//! Fetch`) and send the request again with it; the token is then sent with every request that
//! changes state, by this client and its clones, until the server refuses it. A request that
//! sets `X-CSRF-Token` itself is sent as it is.

use super::{Collection, Error, Expect, Many, PageNames, Paged, Path, Query, Reply, same_origin};
use crate::odata::{Page, Wire};
use ::std::string::String;
use ::std::sync::{Arc, Mutex};
use ::std::time::Duration;
use ::std::vec::Vec;

/// Client settings shared by [`Client`] and [`BlockingClient`].
#[derive(Clone, Debug)]
pub struct Settings {
    /// Service root, e.g. `https://graph.microsoft.com/beta`.
    pub base_url: String,
    /// Bearer token sent as `Authorization: Bearer {token}`, only to the origin (scheme, host
    /// and port) of `base_url`: a next link to another host is followed without it.
    pub token: Option<String>,
    /// Headers sent with every request to the origin of `base_url` (never elsewhere: they may
    /// hold credentials), unless the request sets a header of the same name:
    /// `ConsistencyLevel: eventual` (Microsoft Graph's advanced directory queries), an API key,
    /// `Authorization: Basic ...` for services without bearer tokens.
    pub headers: Vec<(String, String)>,
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
            headers: Vec::new(),
            max_retries: 3,
            max_retry_delay: Duration::from_secs(30),
        }
    }
}

/// Follow redirects within the origin (scheme, host, port) of the request only, at most 10.
fn redirect_policy() -> ::reqwest::redirect::Policy {
    ::reqwest::redirect::Policy::custom(|attempt| {
        // The origin rule of `Query::to_http`, against the request's own URL.
        let same = attempt
            .previous()
            .first()
            .is_some_and(|first| same_origin(attempt.url().as_str(), first.as_str()));
        if attempt.previous().len() > 10 || !same {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
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

/// The request for `query` with the token and the headers of the settings. Credentials go only
/// to the service root's origin: a request elsewhere (a next link to another host) gets neither
/// the token nor [`Settings::headers`], and [`Query::to_http`] drops its own `Authorization`.
fn prepare<T, R, K, C>(
    settings: &Settings,
    query: &Query<T, R, K, C>,
) -> Result<::http::Request<Vec<u8>>, Error> {
    if !same_origin(&query.url(&settings.base_url), &settings.base_url) {
        return query.to_http(&settings.base_url);
    }
    let mut q = match &settings.token {
        Some(t) if !query.has_header("authorization") => query.clone().bearer(t),
        _ => query.clone(),
    };
    for (name, value) in &settings.headers {
        if !q.has_header(name) {
            q = q.header(name.as_str(), value.as_str());
        }
    }
    q.to_http(&settings.base_url)
}

const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token of a client and its clones (see the module documentation).
#[derive(Clone, Debug, Default)]
struct Csrf(Arc<Mutex<Option<::http::HeaderValue>>>);

impl Csrf {
    /// Whether the client takes care of the CSRF token of `request`: one that changes state
    /// and does not set the token itself.
    fn applies(request: &::http::Request<Vec<u8>>) -> bool {
        !matches!(
            *request.method(),
            ::http::Method::GET | ::http::Method::HEAD | ::http::Method::OPTIONS
        ) && !request.headers().contains_key(CSRF_HEADER)
    }

    /// Add the token held, if any.
    fn add_to(&self, request: &mut ::http::Request<Vec<u8>>) {
        // A poisoned lock only means another thread panicked while holding a token: still a
        // token (or none).
        let held = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(token) = held {
            request.headers_mut().insert(CSRF_HEADER, token);
        }
    }

    /// Whether a response refuses the request for want of a (valid) token.
    fn required(status: u16, headers: &::http::HeaderMap) -> bool {
        status == 403
            && headers
                .get(CSRF_HEADER)
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"required"))
    }

    /// The request that fetches a token: `GET` of the service root, with the credentials and
    /// headers of the settings, as [`prepare`] gives every request.
    fn fetch_request(settings: &Settings) -> Result<::http::Request<Vec<u8>>, Error> {
        let root: Query<(), (), ()> = Query::new(::http::Method::GET, Path::new(""), &[200]);
        prepare(settings, &root.header(CSRF_HEADER, "Fetch"))
    }

    /// Keep the token a fetch answered with, and put it on `request`; `false` when the answer
    /// holds none (the refusal then stands).
    fn store(&self, answer: &::http::HeaderMap, request: &mut ::http::Request<Vec<u8>>) -> bool {
        let Some(token) = answer.get(CSRF_HEADER).filter(|t| {
            !t.as_bytes().eq_ignore_ascii_case(b"required") && !t.is_empty()
        }) else {
            return false;
        };
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(token.clone());
        request.headers_mut().insert(CSRF_HEADER, token.clone());
        true
    }
}

/// Async client.
#[derive(Clone, Debug)]
pub struct Client {
    http: ::reqwest::Client,
    settings: Settings,
    csrf: Csrf,
}

impl Client {
    /// A client for the default service root with this bearer token.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::with_settings(Settings {
            token: Some(token.into()),
            ..Settings::default()
        })
    }

    /// A client with these settings. Redirects are followed within the origin of the request
    /// (at most 10); one to another origin is not (reqwest would send the settings' headers,
    /// which may hold an API key, along): its `3xx` response is the result.
    pub fn with_settings(settings: Settings) -> Result<Self, Error> {
        install_crypto();
        let http = ::reqwest::Client::builder()
            .cookie_store(true)
            .redirect(redirect_policy())
            .build()
            .map_err(transport)?;
        Ok(Client {
            http,
            settings,
            csrf: Csrf::default(),
        })
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
        self.send_reply(query).await.map(|r| r.value)
    }

    /// [`Client::send`], keeping the status and the response headers with the value.
    pub async fn send_reply<T, R: Expect, K, C>(
        &self,
        query: &Query<T, R, K, C>,
    ) -> Result<Reply<R::Output>, Error> {
        let mut request = prepare(&self.settings, query)?;
        let mut csrf = Csrf::applies(&request);
        if csrf {
            self.csrf.add_to(&mut request);
        }
        let mut attempt = 0;
        loop {
            let req = ::reqwest::Request::try_from(request.clone()).map_err(transport)?;
            let resp = self.http.execute(req).await.map_err(transport)?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let body = resp.bytes().await.map_err(transport)?;
            if csrf && Csrf::required(status, &headers) {
                // Once per request: a token refused right after its fetch is the answer.
                csrf = false;
                let fetch = ::reqwest::Request::try_from(Csrf::fetch_request(&self.settings)?)
                    .map_err(transport)?;
                let answer = self.http.execute(fetch).await.map_err(transport)?;
                if self.csrf.store(answer.headers(), &mut request) {
                    continue;
                }
            }
            if let Some(wait) = retry_delay(&self.settings, attempt, status, &headers) {
                attempt += 1;
                ::tokio::time::sleep(wait).await;
                continue;
            }
            return query.parse_reply(status, headers, &body);
        }
    }

    /// Send a collection request and follow `@odata.nextLink` to the end: every item.
    pub async fn list_all<T, V: Wire, C>(
        &self,
        query: &Query<T, Collection<V>, Many, C>,
    ) -> Result<Vec<V>, Error> {
        let mut items = Vec::new();
        // Each page's URL once: a service whose links go round in a circle ends the list.
        let mut seen = ::std::collections::HashSet::new();
        let mut next = Some(query.clone());
        while let Some(q) = next.take().filter(|q| seen.insert(q.url(""))) {
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
    csrf: Csrf,
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
            .cookie_store(true)
            .redirect(redirect_policy())
            .build()
            .map_err(transport)?;
        Ok(BlockingClient {
            http,
            settings,
            csrf: Csrf::default(),
        })
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Send a request and read its response (retrying 429/503 as configured).
    pub fn send<T, R: Expect, K, C>(&self, query: &Query<T, R, K, C>) -> Result<R::Output, Error> {
        self.send_reply(query).map(|r| r.value)
    }

    /// [`BlockingClient::send`], keeping the status and the response headers with the value.
    pub fn send_reply<T, R: Expect, K, C>(
        &self,
        query: &Query<T, R, K, C>,
    ) -> Result<Reply<R::Output>, Error> {
        let mut request = prepare(&self.settings, query)?;
        let mut csrf = Csrf::applies(&request);
        if csrf {
            self.csrf.add_to(&mut request);
        }
        let mut attempt = 0;
        loop {
            let req = ::reqwest::blocking::Request::try_from(request.clone()).map_err(transport)?;
            let resp = self.http.execute(req).map_err(transport)?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let body = resp.bytes().map_err(transport)?;
            if csrf && Csrf::required(status, &headers) {
                // Once per request: a token refused right after its fetch is the answer.
                csrf = false;
                let fetch =
                    ::reqwest::blocking::Request::try_from(Csrf::fetch_request(&self.settings)?)
                        .map_err(transport)?;
                let answer = self.http.execute(fetch).map_err(transport)?;
                if self.csrf.store(answer.headers(), &mut request) {
                    continue;
                }
            }
            if let Some(wait) = retry_delay(&self.settings, attempt, status, &headers) {
                attempt += 1;
                ::std::thread::sleep(wait);
                continue;
            }
            return query.parse_reply(status, headers, &body);
        }
    }

    /// Send a collection request and follow `@odata.nextLink` to the end: every item.
    pub fn list_all<T, V: Wire, C>(
        &self,
        query: &Query<T, Collection<V>, Many, C>,
    ) -> Result<Vec<V>, Error> {
        let mut items = Vec::new();
        // Each page's URL once: a service whose links go round in a circle ends the list.
        let mut seen = ::std::collections::HashSet::new();
        let mut next = Some(query.clone());
        while let Some(q) = next.take().filter(|q| seen.insert(q.url(""))) {
            let page: Page<V> = self.send(&q)?;
            next = q.next_page(&page);
            items.extend(page.value);
        }
        Ok(items)
    }
}

impl Client {
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

impl BlockingClient {
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
