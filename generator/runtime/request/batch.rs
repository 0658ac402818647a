//! `$batch`: the requests of a batch, its JSON format (OData 4.01), and the typed responses of
//! both formats.

use super::{Error, Expect, JSON, One, Path, Query, read_response};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::std::string::String;
use ::std::vec::Vec;

/// Several requests sent as one `POST $batch` in the OData JSON batch format (OData 4.01 JSON
/// Format, "Batch Requests and Responses"; what Microsoft Graph's `$batch` reads), or with
/// [`Batch::multipart_query`] in the multipart format (OData 4.0). Each request keeps its typed
/// result: [`Batch::add`] gives a [`BatchItem`] that reads its own response out
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
///
/// [`Batch::add_atomic`] puts requests in an atomicity group (a change set in the multipart
/// format): the service runs all of them or none.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub(crate) entries: Vec<BatchEntry>,
    pub(crate) error: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct BatchEntry {
    pub(crate) id: String,
    depends_on: Vec<String>,
    /// The atomicity group (change set) it belongs to.
    pub(crate) group: Option<String>,
    /// Its top-level unit: a request alone, or the atomicity group it is in (the position of its
    /// part in a multipart batch, where a failed change set is answered as one).
    pub(crate) unit: usize,
    pub(crate) method: http::Method,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) content_type: Option<String>,
}

/// A request of a [`Batch`]: reads its result from the [`BatchResponse`] (`R` as in [`Query`]).
pub struct BatchItem<R> {
    id: String,
    /// See [`BatchEntry::unit`].
    unit: usize,
    pub(crate) success: &'static [u16],
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
            unit: self.unit,
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
        self.push(query, after, None)
    }

    /// Add a request to the atomicity group `group` (OData 4.01 `atomicityGroup`; a change set in
    /// the multipart format, OData 4.0): the service runs all the group's requests or none.
    ///
    /// A group's requests are added one after another. Building the batch fails
    /// ([`Query::to_http`] returns the error) when a group is resumed after another request,
    /// when its name is empty or only digits (request ids are `1`, `2`, ...), and, in the
    /// multipart format, when it holds a `GET` (a change set takes only changes and actions).
    pub fn add_atomic<T, R: Expect, K, C>(
        &mut self,
        group: &str,
        query: &Query<T, R, K, C>,
    ) -> BatchItem<R> {
        self.push(query, &[], Some(group))
    }

    fn push<T, R: Expect, K, C>(
        &mut self,
        query: &Query<T, R, K, C>,
        after: &[&str],
        group: Option<&str>,
    ) -> BatchItem<R> {
        let id = (self.entries.len() + 1).to_string();
        let last = self.entries.last();
        let continues = last.is_some_and(|l| group.is_some() && l.group.as_deref() == group);
        let unit = match last {
            Some(l) if continues => l.unit,
            Some(l) => l.unit + 1,
            None => 0,
        };
        let problem = match (&query.error, group) {
            (Some(e), _) => Some(e.clone()),
            (None, Some(g)) if g.is_empty() || g.bytes().all(|b| b.is_ascii_digit()) => {
                Some(format!(
                    "atomicity group `{g}`: a name that is not empty and not only digits (the request ids)"
                ))
            }
            (None, Some(g))
                if !continues && self.entries.iter().any(|e| e.group.as_deref() == Some(g)) =>
            {
                Some(format!(
                    "atomicity group `{g}` is resumed after another request (add a group's requests one after another)"
                ))
            }
            _ => None,
        };
        if let Some(e) = problem
            && self.error.is_none()
        {
            self.error = Some(format!("batch request {id}: {e}"));
        }
        let url = query.url("");
        self.entries.push(BatchEntry {
            id: id.clone(),
            depends_on: after.iter().map(|a| (*a).to_owned()).collect(),
            group: group.map(str::to_owned),
            unit,
            method: query.method.clone(),
            url,
            headers: query.headers.clone(),
            body: query.body.clone(),
            content_type: query.content_type().map(str::to_owned),
        });
        BatchItem {
            id,
            unit,
            success: query.success,
            ty: PhantomData,
        }
    }

    /// `POST $batch`, failed already when a request of the batch could not be built.
    pub(crate) fn post<R>(&self) -> Query<(), R, One, ()> {
        let mut q = Query::new(http::Method::POST, Path::new("/$batch"), &[200]);
        q.error.clone_from(&self.error);
        q
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
    /// [`BatchResponse`] (send it with a client, or `to_http`/`parse` it). An OData V1–V3
    /// service has only the multipart format: there this request fails to build (use
    /// [`Batch::multipart_query`]).
    pub fn query(&self) -> Query<(), BatchResult, One, ()> {
        let mut q = self.post();
        if q.error.is_some() {
            return q;
        }
        if super::legacy() {
            q.error = Some(::std::format!(
                "OData {} has no JSON batch format: use `multipart_query`",
                crate::ODATA_VERSION
            ));
            return q;
        }
        use ::serde_json::value::RawValue;
        use ::serde_json::{Map, Value};
        // Members as JSON text: a JSON body goes in as the text it was written as (through a
        // `serde_json::Value`, an Edm.Decimal `45.00` would be sent as `45.0`, and one with more
        // digits than an `f64` holds would lose them).
        fn raw(v: &Value) -> ::std::boxed::Box<RawValue> {
            // A `Value` always serializes, and its text is valid JSON.
            RawValue::from_string(v.to_string()).unwrap_or_default()
        }
        fn object(out: &mut String, members: &[(&str, ::std::boxed::Box<RawValue>)]) {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).to_owned()).to_string());
                out.push(':');
                out.push_str(v.get());
            }
            out.push('}');
        }
        let mut text = String::from("{\"requests\":[");
        for (i, e) in self.entries.iter().enumerate() {
            let mut r: Vec<(&str, ::std::boxed::Box<RawValue>)> = Vec::new();
            r.push(("id", raw(&Value::String(e.id.clone()))));
            if let Some(g) = &e.group {
                r.push(("atomicityGroup", raw(&Value::String(g.clone()))));
            }
            if !e.depends_on.is_empty() {
                let ids = e.depends_on.iter().cloned().map(Value::String).collect();
                r.push(("dependsOn", raw(&Value::Array(ids))));
            }
            r.push(("method", raw(&Value::String(e.method.as_str().to_owned()))));
            r.push(("url", raw(&Value::String(e.url.clone()))));
            let mut headers = Map::new();
            for (k, v) in &e.headers {
                headers.insert(k.clone(), Value::String(v.clone()));
            }
            if let Some(body) = &e.body {
                // A `Content-Type` set with `header` is the body's media type.
                let own = e
                    .headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.as_str());
                let ct = own.or(e.content_type.as_deref()).unwrap_or(JSON);
                if own.is_none() {
                    headers.insert("Content-Type".into(), Value::String(ct.to_owned()));
                }
                let media = media_essence(ct);
                let value = if is_json(&media) {
                    let parsed = ::std::str::from_utf8(body)
                        .map_err(|err| err.to_string())
                        .and_then(|t| {
                            RawValue::from_string(t.trim().to_owned())
                                .map_err(|err| err.to_string())
                        });
                    match parsed {
                        Ok(v) => v,
                        Err(err) => {
                            q.error = Some(format!("batch request {}: body: {err}", e.id));
                            return q;
                        }
                    }
                } else if media.starts_with("text/")
                    && let Ok(text) = ::std::str::from_utf8(body)
                {
                    raw(&Value::String(text.to_owned()))
                } else {
                    raw(&Value::String(
                        crate::odata::Binary::from_bytes_url(body).into_string(),
                    ))
                };
                r.push(("body", value));
            }
            if !headers.is_empty() {
                r.push(("headers", raw(&Value::Object(headers))));
            }
            if i > 0 {
                text.push(',');
            }
            object(&mut text, &r);
        }
        text.push_str("]}");
        q.body = Some(text.into_bytes());
        q
    }
}

/// Appends `name: value` to a response part's headers; a name or value HTTP does not allow is
/// left out.
pub(crate) fn append_header(headers: &mut http::HeaderMap, name: &str, value: &str) {
    if let (Ok(name), Ok(value)) = (
        http::header::HeaderName::from_bytes(name.as_bytes()),
        http::header::HeaderValue::from_str(value),
    ) {
        headers.append(name, value);
    }
}

/// A media type without its parameters, lower-cased (`Text/Plain; charset=utf-8` → `text/plain`).
pub(crate) fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
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
    pub(crate) responses: Vec<BatchPart>,
}

#[derive(Clone, Debug)]
pub(crate) struct BatchPart {
    /// The `Content-ID` (multipart) or `id` (JSON); without one, the position: `1`, `2`, ...
    pub(crate) id: String,
    /// Whether `id` is the response's own (not a position).
    pub(crate) id_given: bool,
    /// The position of a multipart response among the top-level parts (not in a change set).
    pub(crate) top: Option<usize>,
    pub(crate) status: u16,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl BatchResponse {
    fn from_json(status: u16, body: &[u8]) -> Result<Self, Error> {
        use super::RawMembers;
        use ::serde_json::Value;
        let bad = |message: String| Error::UnexpectedBody { status, message };
        // Members are kept as the JSON text they arrived as: a body is handed to its request's
        // reader as the service wrote it (through a `serde_json::Value`, an Edm.Decimal `45.00`
        // would become `45.0` and an unknown member's `1E+2` `100.0`).
        let doc: RawMembers = ::serde_json::from_slice(body)
            .map_err(|e| bad(format!("a JSON batch response: {e}")))?;
        let Some(items) = doc
            .get("responses")
            .and_then(|r| ::serde_json::from_str::<Vec<RawMembers>>(r.get()).ok())
        else {
            return Err(bad("a JSON batch response has a `responses` array".into()));
        };
        let value = |item: &RawMembers, key: &str| -> Option<Value> {
            item.get(key)
                .and_then(|raw| ::serde_json::from_str(raw.get()).ok())
        };
        let mut responses = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let id = match value(item, "id") {
                Some(Value::String(s)) => s,
                Some(Value::Number(n)) => n.to_string(),
                _ => return Err(bad(format!("batch response {i}: no `id`"))),
            };
            let part_status = value(item, "status")
                .as_ref()
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or_else(|| bad(format!("batch response `{id}`: no valid `status`")))?;
            let mut headers = http::HeaderMap::new();
            if let Some(Value::Object(h)) = value(item, "headers") {
                for (k, v) in h {
                    let text = match v {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    append_header(&mut headers, &k, &text);
                }
            }
            let media = headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(media_essence);
            let body = match item.get("body").map(|raw| raw.get()) {
                None | Some("null") => Vec::new(),
                // A non-JSON body is a string: text as it is, anything else base64(url).
                Some(raw)
                    if raw.starts_with('"') && media.as_deref().is_some_and(|m| !is_json(m)) =>
                {
                    let s: String = ::serde_json::from_str(raw)
                        .map_err(|e| bad(format!("batch response `{id}`: body: {e}")))?;
                    if media.as_deref().is_some_and(|m| m.starts_with("text/")) {
                        s.into_bytes()
                    } else {
                        match crate::odata::Binary::try_from(s.as_str()) {
                            Ok(b) => b.bytes(),
                            Err(e) => return Err(bad(format!("batch response `{id}`: body: {e}"))),
                        }
                    }
                }
                Some(raw) => raw.as_bytes().to_vec(),
            };
            responses.push(BatchPart {
                id,
                id_given: true,
                top: None,
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
        // By id; else the top-level response at the request's position when it has no id or
        // is a failure (in the multipart format a failed change set is answered by one
        // response for all its requests, which SAP CAP gives the failing request's
        // `Content-ID`); else by position among all responses.
        let part = self
            .responses
            .iter()
            .find(|p| p.id_given && p.id == item.id)
            .or_else(|| {
                self.responses
                    .iter()
                    .find(|p| p.top == Some(item.unit) && (!p.id_given || p.status >= 400))
            })
            .or_else(|| {
                self.responses
                    .iter()
                    .find(|p| !p.id_given && p.id == item.id)
            });
        let Some(part) = part else {
            return Err(Error::UnexpectedBody {
                status: 200,
                message: format!(
                    "the batch response has no response for request `{}`",
                    item.id
                ),
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
