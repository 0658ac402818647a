//! Ready HTTP clients on `reqwest` (rustls), async and blocking (feature `client`).

use super::{Collection, Error, Expect, Many, PageNames, Paged, Query, Reply};
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
    /// Headers sent with every request, unless the request sets a header of the same name:
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
        self.send_reply(query).await.map(|r| r.value)
    }

    /// [`Client::send`], keeping the status and the response headers with the value.
    pub async fn send_reply<T, R: Expect, K, C>(
        &self,
        query: &Query<T, R, K, C>,
    ) -> Result<Reply<R::Output>, Error> {
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
            return query.parse_reply(status, headers, &body);
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
        self.send_reply(query).map(|r| r.value)
    }

    /// [`BlockingClient::send`], keeping the status and the response headers with the value.
    pub fn send_reply<T, R: Expect, K, C>(
        &self,
        query: &Query<T, R, K, C>,
    ) -> Result<Reply<R::Output>, Error> {
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
            return query.parse_reply(status, headers, &body);
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
