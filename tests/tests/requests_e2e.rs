//! End to end over real HTTP on 127.0.0.1: an axum server answers as the Graph docs show, the
//! generated crates' clients (feature `client`) send typed requests, the server records what it
//! got, and every result is checked through the typed API.
//!
//! - `generated/` (the committed default crate): the seed page's Create of
//!   credentialUserRegistrationCount, then get, list over three pages, PATCH with an explicit
//!   null, delete, OData errors (4xx, 5xx), 429/503 retry, a body that is not what was promised.
//! - `tests/e2e/generated/` (a second committed crate): a function with a parameter
//!   (`getCredentialUsageSummary(period='D7')`) and an action with a body (`changePassword`).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use graph_beta_models::models::CredentialUserRegistrationCount;
use graph_beta_models::odata::{self, Field};
use graph_beta_models::request::client::{BlockingClient, Client, Settings};
use graph_beta_models::request::Error;
use graph_beta_models::requests;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ID: &str = "1bc6be74-be74-1bc6-74be-c61b74bec61b";
const TOKEN: &str = "test-token";

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    /// Path and query, as sent.
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A canned response: request URI, status, headers, body.
type Canned = (String, u16, Vec<(String, String)>, String);

#[derive(Clone, Default)]
struct Server {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Responses to hand out per request URI, in order (retry tests), before the fixed routes.
    queued: Arc<Mutex<Vec<Canned>>>,
    base: Arc<Mutex<String>>,
    /// CSRF protection as SAP Gateway applies it, when set: the number of the token (and of
    /// the session cookie it belongs to) that the server accepts; a fetch issues the next one.
    csrf: Arc<Mutex<Option<u32>>>,
}

fn seed() -> (String, String) {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/000_9865bf5f908030b7.txt"),
    )
    .expect("seed page");
    let ex = odatagen::examples::extract(&page);
    let request = ex.iter().find(|e| e.block_type == "request").expect("request example");
    let response = ex.iter().find(|e| e.block_type == "response").expect("response example");
    assert!(request.http_line.as_deref().is_some_and(|l| l.starts_with("POST ")));
    assert_eq!(response.http_line.as_deref(), Some("HTTP/1.1 201 Created"));
    (request.json.clone(), response.json.clone())
}

fn json(status: u16, body: &str) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("request-id", "req-1234")
        .header("client-request-id", "client-5678")
        .body(Body::from(body.to_owned()))
        .expect("response")
}

fn empty(status: u16) -> Response {
    Response::builder().status(status).body(Body::empty()).expect("response")
}

fn odata_error(status: u16, code: &str) -> Response {
    json(
        status,
        &format!(
            r#"{{"error":{{"code":"{code}","message":"Resource '{code}' does not exist.","target":"id",
               "details":[{{"code":"NotFoundDetail","message":"no such id","target":"id"}}],
               "innerError":{{"date":"2021-07-16T10:00:00","request-id":"inner-req","client-request-id":"inner-client"}}}}}}"#
        ),
    )
}

async fn handle(State(server): State<Server>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.map(|b| b.to_vec()).unwrap_or_default();
    let uri = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    server.seen.lock().expect("lock").push(Seen {
        method: parts.method.clone(),
        uri: uri.clone(),
        headers: parts.headers.clone(),
        body,
    });
    let csrf = *server.csrf.lock().expect("lock");
    if let Some(valid) = csrf {
        let fetch = parts.headers.get("x-csrf-token").is_some_and(|v| v == "Fetch");
        if parts.method == Method::GET && fetch {
            let n = valid + 1;
            *server.csrf.lock().expect("lock") = Some(n);
            return Response::builder()
                .status(200)
                .header("x-csrf-token", format!("token-{n}"))
                .header("set-cookie", format!("SAP_SESSIONID=session-{n}; path=/; HttpOnly"))
                .body(Body::empty())
                .expect("response");
        }
        let token = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
        let cookie = parts.headers.get("cookie").and_then(|v| v.to_str().ok());
        let session = format!("SAP_SESSIONID=session-{valid}");
        let ok = token == Some(&format!("token-{valid}")) && cookie.is_some_and(|c| c.contains(&session));
        if parts.method != Method::GET && !ok {
            return Response::builder()
                .status(403)
                .header("x-csrf-token", "Required")
                .body(Body::from("CSRF token validation failed"))
                .expect("response");
        }
    }
    {
        let mut q = server.queued.lock().expect("lock");
        if let Some(pos) = q.iter().position(|(u, ..)| *u == uri) {
            let (_, status, headers, body) = q.remove(pos);
            let mut r = Response::builder().status(status);
            for (k, v) in headers {
                r = r.header(k, v);
            }
            return r.body(Body::from(body)).expect("response");
        }
    }
    let (_, response) = seed();
    let base = server.base.lock().expect("lock").clone();
    let item = |n: u32| format!(r#"{{"id":"item-{n}","totalUserCount":{n},"userRegistrationCounts":[]}}"#);
    let fn_path = "/beta/reports/getCredentialUserRegistrationCount()";
    match (parts.method.clone(), uri.as_str()) {
        (Method::POST, "/beta/credentialUserRegistrationCounts") => json(201, &response),
        (Method::GET, u) if u == format!("/beta/credentialUserRegistrationCounts('{ID}')") => {
            json(200, &response)
        }
        (Method::PATCH, u) if u.starts_with("/beta/credentialUserRegistrationCounts(") => empty(204),
        (Method::DELETE, u) if u.starts_with("/beta/credentialUserRegistrationCounts(") => empty(204),
        (Method::GET, u) if u == fn_path => json(
            200,
            &format!(
                r#"{{"@odata.context":"ctx","@odata.count":3,"value":[{}],"@odata.nextLink":"{base}/reports/getCredentialUserRegistrationCount()?$skiptoken=p2"}}"#,
                item(1)
            ),
        ),
        (Method::GET, u) if u == format!("{fn_path}?$skiptoken=p2") => json(
            200,
            &format!(
                r#"{{"value":[{}],"@odata.nextLink":"{base}/reports/getCredentialUserRegistrationCount()?$skiptoken=p3"}}"#,
                item(2)
            ),
        ),
        (Method::GET, u) if u == format!("{fn_path}?$skiptoken=p3") => json(
            200,
            &format!(r#"{{"value":[{}],"@odata.deltaLink":"{base}/delta"}}"#, item(3)),
        ),
        (Method::GET, "/beta/reports/getCredentialUsageSummary(period='D7')") => json(
            200,
            r#"{"value":[{"id":"s1","authMethod":"email","failureActivityCount":2,"feature":"registration","successfulActivityCount":40}]}"#,
        ),
        (Method::POST, "/beta/me/changePassword") => empty(204),
        (Method::GET, "/beta/me/photo/$value") => Response::builder()
            .status(200)
            .header("content-type", "image/jpeg")
            .body(Body::from(b"\xff\xd8\xff\x00jpeg".to_vec()))
            .expect("response"),
        (Method::PUT, "/beta/me/photo/$value") => empty(200),
        (Method::GET, "/beta/reports/getEmailActivityUserDetail(period='D7')") => Response::builder()
            .status(200)
            .header("content-type", "application/octet-stream")
            .body(Body::from("Report Refresh Date,User Principal Name\n2026-11-28,a@b.test\n"))
            .expect("response"),
        (Method::POST, "/beta/$batch") => {
            let body = server.seen.lock().expect("lock").last().map(|s| s.body.clone()).unwrap_or_default();
            let content_type = parts.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
            if content_type.starts_with("multipart/mixed") {
                multipart_batch_answer(content_type, body).await
            } else {
                batch_answer(&body)
            }
        }
        (Method::GET, "/beta/teams('t1')/channels('c1')/doesUserHaveAccess()") => json(200, r#"{"value":true}"#),
        (Method::GET, "/beta/teams('t1')/channels('c1')/doesUserHaveAccess(userId='u1',userPrincipalName='a@b.test')") => {
            json(200, r#"{"value":false}"#)
        }
        (Method::POST, "/beta/directory/deletedItems('d1')/restore") => {
            json(200, r##"{"@odata.type":"#microsoft.graph.directoryObject","id":"d1"}"##)
        }
        (Method::GET, "/beta/credentialUserRegistrationCounts('missing')") => odata_error(404, "ResourceNotFound"),
        (Method::GET, "/beta/credentialUserRegistrationCounts('boom')") => odata_error(500, "InternalServerError"),
        (Method::GET, "/beta/credentialUserRegistrationCounts('html')") => Response::builder()
            .status(502)
            .body(Body::from("<html>bad gateway</html>"))
            .expect("response"),
        (Method::GET, "/beta/credentialUserRegistrationCounts('wrong')") => {
            json(200, r#"{"id":"wrong","totalUserCount":true}"#)
        }
        _ => empty(418),
    }
}

struct Harness {
    server: Server,
    base: String,
    rt: tokio::runtime::Runtime,
}

impl Harness {
    fn start() -> Self {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let server = Server::default();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}/beta");
        *server.base.lock().expect("lock") = base.clone();
        let app = axum::Router::new().fallback(handle).with_state(server.clone());
        rt.spawn(async move { axum::serve(listener, app).await });
        Harness { server, base, rt }
    }

    fn settings(&self) -> Settings {
        Settings {
            base_url: self.base.clone(),
            token: Some(TOKEN.into()),
            headers: Vec::new(),
            max_retries: 2,
            max_retry_delay: Duration::from_millis(50),
        }
    }

    fn client(&self) -> BlockingClient {
        BlockingClient::with_settings(self.settings()).expect("client")
    }

    /// A client of the second crate (`tests/e2e/generated`), which holds the `reports` paths.
    fn e2e_client(&self) -> graph_beta_e2e::request::client::BlockingClient {
        graph_beta_e2e::request::client::BlockingClient::with_settings(
            graph_beta_e2e::request::client::Settings {
                base_url: self.base.clone(),
                token: Some(TOKEN.into()),
                headers: Vec::new(),
                max_retries: 2,
                max_retry_delay: Duration::from_millis(50),
            },
        )
        .expect("client")
    }

    fn last(&self) -> Seen {
        self.server.seen.lock().expect("lock").last().cloned().expect("a request")
    }

    fn count(&self) -> usize {
        self.server.seen.lock().expect("lock").len()
    }
}

fn header<'a>(s: &'a Seen, name: &str) -> &'a str {
    s.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// Compact JSON text of `text`, member order kept (serde_json `preserve_order`).
fn compact(text: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(text).expect("JSON");
    serde_json::to_string(&v).expect("JSON")
}

/// `Settings::headers` go with every request (Graph's `ConsistencyLevel: eventual`); a request's
/// own header of the same name wins, and its own `Authorization` replaces the bearer token.
#[test]
fn default_headers_from_the_settings() {
    let h = Harness::start();
    let client = BlockingClient::with_settings(Settings {
        headers: vec![
            ("ConsistencyLevel".into(), "eventual".into()),
            ("X-Trace".into(), "settings".into()),
        ],
        ..h.settings()
    })
    .expect("client");
    let counts = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts");
    let _ = client.send(&counts.list().header("x-trace", "request"));
    let seen = h.last();
    assert_eq!(header(&seen, "consistencylevel"), "eventual");
    assert_eq!(seen.headers.get_all("x-trace").iter().collect::<Vec<_>>(), ["request"]);
    assert_eq!(header(&seen, "authorization"), "Bearer test-token");
    let _ = client.send(&counts.list().header("Authorization", "Basic dTpw"));
    let seen = h.last();
    assert_eq!(seen.headers.get_all("authorization").iter().collect::<Vec<_>>(), ["Basic dTpw"]);
    assert_eq!(header(&seen, "consistencylevel"), "eventual");
}

/// A server that wants a CSRF token (SAP Gateway): the first change is refused with `403` and
/// `X-CSRF-Token: Required`, the client fetches a token with its session cookie and sends the
/// change again; later changes carry the token at once, reads never; a token the server stops
/// accepting is fetched again, once per request.
#[test]
fn csrf_token_fetched_when_required_and_kept() {
    let h = Harness::start();
    *h.server.csrf.lock().expect("lock") = Some(0);
    let client = h.client();
    let counts = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts");
    let one = counts.by_key(ID);
    let patch = CredentialUserRegistrationCount {
        total_user_count: Field::Value(15),
        ..Default::default()
    };
    let seen_from = |from: usize| h.server.seen.lock().expect("lock")[from..].to_vec();

    // A read needs no token.
    let before = h.count();
    client.send(&one.get()).expect("get");
    let seen = seen_from(before);
    assert_eq!(seen.len(), 1);
    assert!(seen[0].headers.get("x-csrf-token").is_none());

    // The first change: refused, token fetched, sent again with the token and the cookie.
    let before = h.count();
    client.send(&one.update(&patch)).expect("update after fetching a token");
    let seen = seen_from(before);
    let summary: Vec<(String, String, &str, &str)> = seen
        .iter()
        .map(|s| (s.method.to_string(), s.uri.clone(), header(s, "x-csrf-token"), header(s, "cookie")))
        .collect();
    let uri = format!("/beta/credentialUserRegistrationCounts('{ID}')");
    assert_eq!(
        summary,
        [
            ("PATCH".to_owned(), uri.clone(), "", ""),
            ("GET".to_owned(), "/beta".to_owned(), "Fetch", ""),
            ("PATCH".to_owned(), uri.clone(), "token-1", "SAP_SESSIONID=session-1"),
        ]
    );
    // The fetch carries the credentials, and the change is sent again unchanged.
    assert_eq!(header(&seen[1], "authorization"), "Bearer test-token");
    assert_eq!(seen[2].body, seen[0].body);
    assert_eq!(String::from_utf8_lossy(&seen[2].body), r#"{"totalUserCount":15}"#);

    // Later changes, by this client or a clone: the token at once, one request each.
    let before = h.count();
    client.send(&one.delete()).expect("delete");
    client.clone().send(&one.update(&patch)).expect("update by a clone");
    let seen = seen_from(before);
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|s| header(s, "x-csrf-token") == "token-1"), "{seen:#?}");

    // The server stops accepting the token (session expired): fetched again, once.
    *h.server.csrf.lock().expect("lock") = Some(7);
    let before = h.count();
    client.send(&one.delete()).expect("delete with a new token");
    let seen = seen_from(before);
    assert_eq!(seen.len(), 3);
    assert_eq!(header(&seen[2], "x-csrf-token"), "token-8");
    assert_eq!(header(&seen[2], "cookie"), "SAP_SESSIONID=session-8");

    // A request that sets the token itself is sent as it is: refused, not retried.
    let before = h.count();
    let err = client
        .send(&one.delete().header("X-CSRF-Token", "mine"))
        .expect_err("refused");
    assert_eq!(err.odata().map(|e| e.status), Some(403));
    assert_eq!(h.count() - before, 1);

    // The async client does the same.
    *h.server.csrf.lock().expect("lock") = Some(20);
    let async_client = Client::with_settings(h.settings()).expect("client");
    let before = h.count();
    h.rt.block_on(async_client.send(&one.update(&patch))).expect("async update");
    let seen = seen_from(before);
    assert_eq!(seen.len(), 3);
    assert_eq!(header(&seen[2], "x-csrf-token"), "token-21");
    assert_eq!(header(&seen[2], "cookie"), "SAP_SESSIONID=session-21");
}

#[test]
fn seed_create_and_crud_over_http() {
    let h = Harness::start();
    let client = h.client();
    let (request_json, _) = seed();
    let counts = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts");

    // Create: the seed page's request body, sent as the typed model.
    let body: CredentialUserRegistrationCount = odata::from_str(&request_json).expect("seed body");
    let created = client.send(&counts.create(&body)).expect("create");
    let seen = h.last();
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.uri, "/beta/credentialUserRegistrationCounts");
    assert_eq!(header(&seen, "authorization"), "Bearer test-token");
    assert_eq!(header(&seen, "content-type"), "application/json");
    assert_eq!(compact(&seen.body), compact(request_json.as_bytes()));
    assert_eq!(created.id, Field::Value(ID.to_owned()));
    assert_eq!(created.total_user_count, Field::Value(14));
    assert_eq!(created.user_registration_counts.value().map(Vec::len), Some(1));

    // Get, by key (a string key: quoted).
    let one = counts.by_key(ID);
    let got = client.send(&one.get()).expect("get");
    assert_eq!(h.last().uri, format!("/beta/credentialUserRegistrationCounts('{ID}')"));
    assert_eq!(got.total_user_count, Field::Value(14));

    // PATCH: only what was set, the explicit null included; 204 gives no body.
    let patch = CredentialUserRegistrationCount {
        total_user_count: Field::Value(15),
        user_registration_counts: Field::Null,
        ..Default::default()
    };
    let updated = client.send(&one.update(&patch)).expect("update");
    assert_eq!(updated, None);
    let seen = h.last();
    assert_eq!(seen.method, Method::PATCH);
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        r#"{"totalUserCount":15,"userRegistrationCounts":null}"#
    );
    assert_eq!(header(&seen, "content-type"), "application/json");

    // Delete.
    client.send(&one.delete()).expect("delete");
    let seen = h.last();
    assert_eq!(seen.method, Method::DELETE);
    assert_eq!(seen.uri, format!("/beta/credentialUserRegistrationCounts('{ID}')"));
    assert!(seen.body.is_empty());

    // The async client, same request.
    let async_client = Client::with_settings(h.settings()).expect("client");
    let got = h.rt.block_on(async_client.send(&one.get())).expect("async get");
    assert_eq!(got.id, Field::Value(ID.to_owned()));
}

#[test]
fn list_follows_next_links_over_three_pages() {
    // The fluent path `reports().get_credential_user_registration_count()` is in the crate
    // generated with the path selector (the default crate selects the type alone).
    use graph_beta_e2e::odata::Field;
    let h = Harness::start();
    let client = h.e2e_client();
    let list = graph_beta_e2e::requests::reports().get_credential_user_registration_count();
    // One page at a time, typed.
    let first = client.send(&list).expect("page 1");
    assert_eq!(h.last().uri, "/beta/reports/getCredentialUserRegistrationCount()");
    assert_eq!(first.count, Field::Value(3));
    assert_eq!(first.value.len(), 1);
    let second_req = list.next_page(&first).expect("a next link");
    let second = client.send(&second_req).expect("page 2");
    assert_eq!(second.value[0].total_user_count, Field::Value(2));
    let third = client.send(&second_req.next_page(&second).expect("next")).expect("page 3");
    assert!(third.next_link().is_none());
    assert_eq!(third.delta_link, Field::Value(format!("{}/delta", h.base)));
    // The last page's delta link: the request for the changes since, same headers.
    let delta = list.clone().header("Prefer", "return=minimal").delta_page(&third).expect("a delta link");
    let req = delta.to_http("http://unused").expect("builds");
    assert_eq!(req.uri().to_string(), format!("{}/delta", h.base));
    assert_eq!(req.headers()["prefer"], "return=minimal");
    assert!(list.delta_page(&first).is_none());
    // All pages.
    let before = h.count();
    let all = client.list_all(&list).expect("all pages");
    assert_eq!(h.count() - before, 3);
    let totals: Vec<_> = all.iter().map(|c| c.total_user_count.clone()).collect();
    assert_eq!(totals, [Field::Value(1), Field::Value(2), Field::Value(3)]);
    // Paged requests carry the token too.
    assert_eq!(header(&h.last(), "authorization"), "Bearer test-token");
}


#[test]
#[allow(deprecated)] // Graph deprecates getCredentialUsageSummary's result properties.
fn function_with_parameter_and_action_with_body() {
    let h = Harness::start();
    let client = h.e2e_client();
    let page = client
        .send(&graph_beta_e2e::requests::reports().get_credential_usage_summary("D7"))
        .expect("function");
    let seen = h.last();
    assert_eq!(seen.method, Method::GET);
    assert_eq!(seen.uri, "/beta/reports/getCredentialUsageSummary(period='D7')");
    assert_eq!(page.value.len(), 1);
    assert_eq!(page.value[0].successful_activity_count.value(), Some(&40));
    assert_eq!(page.value[0].failure_activity_count.value(), Some(&2));

    client
        .send(&graph_beta_e2e::requests::me().change_password("old pw", "new'pw"))
        .expect("action");
    let seen = h.last();
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.uri, "/beta/me/changePassword");
    assert_eq!(header(&seen, "content-type"), "application/json");
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        r#"{"currentPassword":"old pw","newPassword":"new'pw"}"#
    );
}

/// A media entity (`profilePhoto`, `HasStream`): its `$value` read as bytes with `Accept: */*`,
/// and replaced with bytes sent with their media type.
#[test]
fn media_resource_bytes_over_http() {
    let h = Harness::start();
    let client = h.e2e_client();
    let photo = graph_beta_e2e::requests::me().photo();
    let bytes = client.send(&photo.media()).expect("GET $value");
    assert_eq!(bytes, b"\xff\xd8\xff\x00jpeg");
    let seen = h.last();
    assert_eq!((seen.method.clone(), seen.uri.as_str()), (Method::GET, "/beta/me/photo/$value"));
    assert_eq!(seen.headers.get_all("accept").iter().collect::<Vec<_>>(), ["*/*"]);

    client.send(&photo.put_media("image/png", vec![0x89, b'P', b'N', b'G'])).expect("PUT $value");
    let seen = h.last();
    assert_eq!((seen.method.clone(), seen.uri.as_str()), (Method::PUT, "/beta/me/photo/$value"));
    assert_eq!(header(&seen, "content-type"), "image/png");
    assert_eq!(seen.body, [0x89, b'P', b'N', b'G']);
    // The entity itself is still JSON.
    let req = photo.get().to_http(&h.base).expect("builds");
    assert_eq!(req.headers().get_all("accept").iter().collect::<Vec<_>>(), ["application/json"]);

    // A function returning `Edm.Stream` (a CSV report): its bytes, asked for with `Accept: */*`.
    let csv = client
        .send(&graph_beta_e2e::requests::reports().get_email_activity_user_detail_2("D7"))
        .expect("a report");
    assert!(csv.starts_with(b"Report Refresh Date,"));
    let seen = h.last();
    assert_eq!(seen.uri, "/beta/reports/getEmailActivityUserDetail(period='D7')");
    assert_eq!(seen.headers.get_all("accept").iter().collect::<Vec<_>>(), ["*/*"]);
}

/// The server's side of a JSON batch: answers each request by method and URL, in reverse order
/// (a batch response need not keep the order); what it does not expect gets a 418.
fn batch_answer(body: &[u8]) -> Response {
    use graph_beta_e2e::odata::Binary;
    let doc: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let mut out = Vec::new();
    for r in doc["requests"].as_array().cloned().unwrap_or_default() {
        let id = r["id"].clone();
        let answer = match (r["method"].as_str().unwrap_or(""), r["url"].as_str().unwrap_or("")) {
            ("POST", "/me/changePassword") if r["body"]["currentPassword"] == "old" => {
                serde_json::json!({"status": 204})
            }
            ("GET", "/me/photo/$value") => serde_json::json!({
                "status": 200,
                "headers": {"Content-Type": "image/jpeg"},
                "body": Binary::from_bytes(b"\xff\xd8jpeg").as_str(),
            }),
            ("PUT", "/me/photo/$value")
                if r["headers"]["Content-Type"] == "image/png"
                    && r["body"].as_str().map(|b| Binary::try_from(b).map(|b| b.bytes()).ok())
                        == Some(Some(b"\x89PNG".to_vec())) =>
            {
                serde_json::json!({"status": 204})
            }
            ("GET", "/reports/getCredentialUsageSummary(period='D7')") => serde_json::json!({
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"value": [{"id": "s1", "feature": "registration", "successfulActivityCount": 40}]},
            }),
            ("GET", "/reports/getCredentialUsageSummary(period='bad')") => serde_json::json!({
                "status": 400,
                "headers": {"Content-Type": "application/json"},
                "body": {"error": {"code": "BadRequest", "message": "bad period"}},
            }),
            _ => serde_json::json!({"status": 418}),
        };
        let mut answer = answer;
        answer["id"] = id;
        out.push(answer);
    }
    out.reverse();
    json(200, &serde_json::json!({ "responses": out }).to_string())
}

/// The server's side of a multipart batch, read with independent parsers (multer for the MIME
/// parts, httparse for the HTTP requests inside them): answers each request by method and URL,
/// in order, one of them inside a change set, some without a `Content-ID` (matched by position);
/// what it does not expect gets a 418.
async fn multipart_batch_answer(content_type: &str, body: Vec<u8>) -> Response {
    // (multer's own `parse_boundary` takes `multipart/form-data` only.)
    let boundary = content_type.split_once("boundary=").map(|(_, b)| b.trim_matches('"').to_owned()).expect("a boundary");
    let mut multipart = multer::Multipart::new(Body::from(body).into_data_stream(), boundary);
    let mut answers = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a MIME part") {
        let part_header = |name: &str| field.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(part_header("content-type"), "application/http");
        assert_eq!(part_header("content-transfer-encoding"), "binary");
        let id = part_header("content-id");
        let bytes = field.bytes().await.expect("part bytes");
        let mut headers = [httparse::EMPTY_HEADER; 16];
        let mut req = httparse::Request::new(&mut headers);
        let httparse::Status::Complete(at) = req.parse(&bytes).expect("an HTTP request") else {
            panic!("incomplete HTTP request in a batch part")
        };
        let header = |name: &str| {
            req.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| String::from_utf8_lossy(h.value).into_owned())
        };
        let body = &bytes[at..];
        let (status, media, content): (u16, &str, Vec<u8>) =
            match (req.method.unwrap_or_default(), req.path.unwrap_or_default()) {
                ("POST", "me/changePassword")
                    if header("content-type").as_deref() == Some("application/json")
                        && serde_json::from_slice::<serde_json::Value>(body).ok()
                            == Some(serde_json::json!({"currentPassword": "old", "newPassword": "new"})) =>
                {
                    (204, "", Vec::new())
                }
                // Binary content with line breaks and a line that starts like the delimiter.
                ("GET", "me/photo/$value") if header("accept").as_deref() == Some("*/*") => {
                    (200, "image/jpeg", b"\xff\xd8\r\n--batchresponse\r\njpeg".to_vec())
                }
                ("PUT", "me/photo/$value") if header("content-type").as_deref() == Some("image/png") && body == b"\x89PNG" => {
                    (204, "", Vec::new())
                }
                ("GET", "reports/getCredentialUsageSummary(period='D7')") if header("accept").as_deref() == Some("application/json") => (
                    200,
                    "application/json",
                    br#"{"value":[{"id":"s1","feature":"registration","successfulActivityCount":40}]}"#.to_vec(),
                ),
                ("GET", "reports/getCredentialUsageSummary(period='bad')") => {
                    (400, "application/json", br#"{"error":{"code":"BadRequest","message":"bad period"}}"#.to_vec())
                }
                _ => (418, "", Vec::new()),
            };
        let mut http = format!("HTTP/1.1 {status} Whatever\r\n").into_bytes();
        if !media.is_empty() {
            http.extend_from_slice(format!("Content-Type: {media}\r\n").as_bytes());
        }
        http.extend_from_slice(b"\r\n");
        http.extend_from_slice(&content);
        answers.push((id, http));
    }
    let part = |id: &str, http: &[u8], with_id: bool| {
        let mut p = b"Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n".to_vec();
        if with_id {
            p.extend_from_slice(format!("Content-ID: {id}\r\n").as_bytes());
        }
        p.extend_from_slice(b"\r\n");
        p.extend_from_slice(http);
        p
    };
    let mut out = b"--batchresponse_1\r\n".to_vec();
    for (i, (id, http)) in answers.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n--batchresponse_1\r\n");
        }
        if id == "3" {
            // The PUT's answer inside a change set (a nested multipart, its own boundary).
            out.extend_from_slice(b"Content-Type: multipart/mixed; boundary=changesetresponse_9\r\n\r\n--changesetresponse_9\r\n");
            out.extend_from_slice(&part(id, http, true));
            out.extend_from_slice(b"\r\n--changesetresponse_9--\r\n");
        } else {
            out.extend_from_slice(&part(id, http, i % 2 == 0));
        }
    }
    out.extend_from_slice(b"\r\n--batchresponse_1--\r\n");
    Response::builder()
        .status(200)
        .header("content-type", "multipart/mixed; boundary=batchresponse_1")
        .body(Body::from(out))
        .expect("response")
}

/// What both batch tests read back for their two `getCredentialUsageSummary` requests: a page,
/// and the failing one's own typed error.
#[allow(deprecated)] // Graph deprecates getCredentialUsageSummary's result properties.
fn assert_summary_and_bad<T: std::fmt::Debug>(
    summary: Result<graph_beta_e2e::odata::Page<graph_beta_e2e::models::CredentialUsageSummary>, graph_beta_e2e::request::Error>,
    bad: Result<T, graph_beta_e2e::request::Error>,
) {
    let page = summary.expect("a page");
    assert_eq!(page.value[0].successful_activity_count.value(), Some(&40));
    match bad {
        Err(graph_beta_e2e::request::Error::Service(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!((e.code.as_str(), e.message.as_str()), ("BadRequest", "bad period"));
        }
        other => panic!("expected the request's own error, got {other:?}"),
    }
}

/// A JSON batch (`$batch`): five requests of different kinds in one POST, each read back as its
/// own typed result or error, whatever order the responses come in.
#[test]
fn json_batch_over_http() {
    use graph_beta_e2e::request::{Batch, Error as E2eError};
    use graph_beta_e2e::requests::{me, reports};
    let h = Harness::start();
    let client = h.e2e_client();
    let mut batch = Batch::new();
    let change = batch.add(&me().change_password("old", "new"));
    let photo = batch.add(&me().photo().media());
    let put = batch.add_after(&me().photo().put_media("image/png", b"\x89PNG".to_vec()), &[photo.id()]);
    let summary = batch.add(&reports().get_credential_usage_summary("D7"));
    let bad = batch.add(&reports().get_credential_usage_summary("bad"));
    assert_eq!(batch.len(), 5);
    let responses = client.send(&batch.query()).expect("the batch");

    let seen = h.last();
    assert_eq!((seen.method.clone(), seen.uri.as_str()), (Method::POST, "/beta/$batch"));
    assert_eq!(header(&seen, "content-type"), "application/json");
    let sent: serde_json::Value = serde_json::from_slice(&seen.body).expect("JSON batch");
    let urls: Vec<&str> = sent["requests"].as_array().expect("requests").iter().filter_map(|r| r["url"].as_str()).collect();
    assert_eq!(
        urls,
        [
            "/me/changePassword",
            "/me/photo/$value",
            "/me/photo/$value",
            "/reports/getCredentialUsageSummary(period='D7')",
            "/reports/getCredentialUsageSummary(period='bad')",
        ]
    );
    assert_eq!(sent["requests"][1]["headers"]["Accept"], "*/*");
    assert_eq!(sent["requests"][2]["dependsOn"], serde_json::json!(["2"]));
    assert_eq!(sent["requests"][0]["body"], serde_json::json!({"currentPassword": "old", "newPassword": "new"}));

    responses.get(&change).expect("204: ()");
    assert_eq!(responses.get(&photo).expect("bytes"), b"\xff\xd8jpeg");
    responses.get(&put).expect("PUT $value");
    assert_summary_and_bad(responses.get(&summary), responses.get(&bad));
    assert_eq!(responses.status(bad.id()), Some(400));

    // Sans-IO: a response that is not a batch response, or lacks a request's answer, is an
    // error (never a panic); a request that cannot be built fails the batch when it is built.
    let q = batch.query();
    for body in ["", "{}", r#"{"responses":{}}"#, r#"{"responses":[{"status":200}]}"#, r#"{"responses":[{"id":"1","status":"x"}]}"#] {
        let resp = graph_beta_e2e::request::http::Response::builder().status(200).body(body.as_bytes().to_vec()).expect("response");
        assert!(q.parse(&resp).is_err(), "{body}");
    }
    let resp = graph_beta_e2e::request::http::Response::builder()
        .status(200)
        .body(br#"{"responses":[{"id":"1","status":204}]}"#.to_vec())
        .expect("response");
    let partial = q.parse(&resp).expect("a batch response");
    assert!(partial.get(&change).is_ok());
    assert!(matches!(partial.get(&summary), Err(E2eError::UnexpectedBody { .. })));
    let mut broken = Batch::new();
    broken.add(&me().photo().media());
    broken.add(&graph_beta_e2e::request::Query::<(), graph_beta_e2e::request::Empty, graph_beta_e2e::request::One>::operation("BAD METHOD", "/x", &[204]));
    match broken.query().to_http(&h.base) {
        Err(E2eError::Build(m)) => assert!(m.starts_with("batch request 2: method"), "{m}"),
        other => panic!("expected a build error, got {other:?}"),
    }
}

/// The same five requests in the multipart batch format (OData 4.0): one `application/http` part
/// each, read by independent parsers on the server; the multipart response (in order, one answer
/// in a change set, some without `Content-ID`, binary content) read back into typed results.
#[test]
fn multipart_batch_over_http() {
    use graph_beta_e2e::request::{Batch, Error as E2eError};
    use graph_beta_e2e::requests::{me, reports};
    let h = Harness::start();
    let client = h.e2e_client();
    let mut batch = Batch::new();
    let change = batch.add(&me().change_password("old", "new"));
    let photo = batch.add(&me().photo().media());
    let put = batch.add(&me().photo().put_media("image/png", b"\x89PNG".to_vec()));
    let summary = batch.add(&reports().get_credential_usage_summary("D7"));
    let bad = batch.add(&reports().get_credential_usage_summary("bad"));
    let responses = client.send(&batch.multipart_query()).expect("the batch");

    let seen = h.last();
    assert_eq!((seen.method.clone(), seen.uri.as_str()), (Method::POST, "/beta/$batch"));
    assert_eq!(header(&seen, "content-type"), "multipart/mixed; boundary=batch_odatagen");
    assert_eq!(header(&seen, "accept"), "multipart/mixed");
    responses.get(&change).expect("204: ()");
    assert_eq!(responses.get(&photo).expect("bytes"), b"\xff\xd8\r\n--batchresponse\r\njpeg");
    responses.get(&put).expect("PUT $value, in a change set");
    assert_summary_and_bad(responses.get(&summary), responses.get(&bad));
    assert_eq!(responses.len(), 5);

    // A body containing the boundary gets another one.
    let mut tricky = Batch::new();
    tricky.add(&me().photo().put_media("image/png", b"x\r\n--batch_odatagen--\r\n".to_vec()));
    let q = tricky.multipart_query().to_http(&h.base).expect("builds");
    let ct = q.headers()["content-type"].to_str().expect("text").to_owned();
    assert_eq!(ct, "multipart/mixed; boundary=batch_odatagen-1");

    // Sans-IO: malformed multipart responses are errors, never panics; LF line breaks are read.
    let q = batch.multipart_query();
    for body in [
        "",
        "not multipart",
        "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
        "--b\r\nContent-Type: application/http\r\n\r\nnot a status line\r\n--b--",
        "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 99999 OK\r\n\r\n--b--",
        "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n--b--",
    ] {
        let resp = graph_beta_e2e::request::http::Response::builder().status(200).body(body.as_bytes().to_vec()).expect("response");
        assert!(q.parse(&resp).is_err(), "{body:?}");
    }
    let lf = "--b\nContent-Type: application/http\n\nHTTP/1.1 204 No Content\n\n\n--b--\n";
    let resp = graph_beta_e2e::request::http::Response::builder().status(200).body(lf.as_bytes().to_vec()).expect("response");
    let partial = q.parse(&resp).expect("a batch response with LF line breaks");
    assert!(partial.get(&change).is_ok());
    assert!(matches!(partial.get(&summary), Err(E2eError::UnexpectedBody { .. })));

    // Every truncation and many one-byte edits of a well-formed response: an error or a result,
    // never a panic.
    let good: &[u8] = b"--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}\r\n--c--\r\n--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b--\r\n";
    let parse = |bytes: Vec<u8>| {
        let resp = graph_beta_e2e::request::http::Response::builder().status(200).body(bytes).expect("response");
        let _ = q.parse(&resp);
    };
    let resp = graph_beta_e2e::request::http::Response::builder().status(200).body(good.to_vec()).expect("response");
    let whole = q.parse(&resp).expect("well-formed");
    assert_eq!((whole.len(), whole.status("1"), whole.status("2")), (2, Some(200), Some(204)));
    for n in 0..good.len() {
        parse(good[..n].to_vec());
        for b in [b'-', b'\n', b'\r', b':', b' ', 0xff] {
            let mut edited = good.to_vec();
            edited[n] = b;
            parse(edited);
        }
    }
}

/// The MIME parts of a `multipart/mixed` body, read by multer (an independent parser): each
/// part's `Content-Type` and bytes.
fn mime_parts(rt: &tokio::runtime::Runtime, content_type: &str, body: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type.split_once("boundary=").map(|(_, b)| b.trim_matches('"').to_owned()).expect("a boundary");
    rt.block_on(async move {
        let mut multipart = multer::Multipart::new(Body::from(body).into_data_stream(), boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.expect("a MIME part") {
            let ct = field.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            parts.push((ct, field.bytes().await.expect("part bytes").to_vec()));
        }
        parts
    })
}

/// Atomicity groups (`Batch::add_atomic`): `atomicityGroup` in the JSON format, one nested change
/// set per group in the multipart format (read back by multer); a change set answered as a whole
/// (one response without `Content-ID`) answers each of its requests; misuse fails the batch when
/// it is built, with the request and the reason.
#[test]
fn atomicity_groups_and_change_sets() {
    use graph_beta_e2e::request::{Batch, Error as E2eError};
    use graph_beta_e2e::requests::{me, reports};
    let base = "http://localhost/beta";
    let mut batch = Batch::new();
    let change = batch.add_atomic("g1", &me().change_password("old", "new"));
    let put = batch.add_atomic("g1", &me().photo().put_media("image/png", b"\x89PNG".to_vec()));
    let summary = batch.add(&reports().get_credential_usage_summary("D7"));
    let put2 = batch.add_atomic("g2", &me().photo().put_media("image/png", b"x".to_vec()));
    assert_eq!(batch.len(), 4);

    // JSON: the group on each request.
    let json = batch.query().to_http(base).expect("builds");
    let sent: serde_json::Value = serde_json::from_slice(json.body()).expect("JSON batch");
    let groups: Vec<serde_json::Value> = sent["requests"].as_array().expect("requests").iter().map(|r| r["atomicityGroup"].clone()).collect();
    assert_eq!(groups, [serde_json::json!("g1"), serde_json::json!("g1"), serde_json::Value::Null, serde_json::json!("g2")]);

    // Multipart: change set, request, change set; each change set its own multipart/mixed of
    // `application/http` parts with their Content-IDs.
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let q = batch.multipart_query();
    let http = q.to_http(base).expect("builds");
    let ct = http.headers()["content-type"].to_str().expect("text").to_owned();
    let outer = mime_parts(&rt, &ct, http.body().clone());
    let kinds: Vec<&str> = outer.iter().map(|(ct, _)| ct.split(';').next().unwrap_or_default()).collect();
    assert_eq!(kinds, ["multipart/mixed", "application/http", "multipart/mixed"]);
    let first = mime_parts(&rt, &outer[0].0, outer[0].1.clone());
    let lines: Vec<String> = first
        .iter()
        .map(|(ct, bytes)| format!("{ct} {}", String::from_utf8_lossy(bytes).lines().next().unwrap_or_default()))
        .collect();
    assert_eq!(lines, ["application/http POST me/changePassword HTTP/1.1", "application/http PUT me/photo/$value HTTP/1.1"]);
    let last = mime_parts(&rt, &outer[2].0, outer[2].1.clone());
    assert_eq!(last.len(), 1);
    assert!(outer[0].0 != outer[2].0, "each change set has its own boundary");

    // The first change set failed as a whole: one response, no Content-ID, for both its
    // requests; then the GET's answer (no Content-ID: by position), then the second change set
    // with its Content-ID.
    let answer = "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{\"error\":{\"code\":\"Conflict\",\"message\":\"change set failed\"}}\r\n\
--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"value\":[]}\r\n\
--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: application/http\r\nContent-ID: 4\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--c--\r\n\
--b--\r\n";
    let resp = graph_beta_e2e::request::http::Response::builder().status(200).body(answer.as_bytes().to_vec()).expect("response");
    let responses = q.parse(&resp).expect("a batch response");
    for failed in [responses.get(&change).map(|_| ()), responses.get(&put).map(|_| ())] {
        match failed {
            Err(E2eError::Service(e)) if e.status == 400 && e.code == "Conflict" => {}
            other => panic!("expected the change set's 400, got {other:?}"),
        }
    }
    assert!(responses.get(&summary).expect("the GET, by position").value.is_empty());
    responses.get(&put2).expect("the second change set, by Content-ID");
    // SAP CAP gives the one response of a failed change set the failing request's Content-ID
    // (`2`): it answers the change set's other requests too.
    let cap = answer.replacen("Content-Type: application/http\r\n\r\nHTTP/1.1 400", "Content-Type: application/http\r\nContent-ID: 2\r\n\r\nHTTP/1.1 400", 1);
    assert_ne!(cap, answer);
    let resp = graph_beta_e2e::request::http::Response::builder().status(200).body(cap.into_bytes()).expect("response");
    let responses = q.parse(&resp).expect("a batch response");
    for failed in [responses.get(&change).map(|_| ()), responses.get(&put).map(|_| ())] {
        match failed {
            Err(E2eError::Service(e)) if e.status == 400 => {}
            other => panic!("expected the change set's 400 for both requests, got {other:?}"),
        }
    }
    assert!(responses.get(&summary).expect("the GET, by position").value.is_empty());

    // Misuse: each fails the batch when built, naming the request.
    let built = |b: &Batch, multipart: bool| {
        let r = if multipart { b.multipart_query().to_http(base) } else { b.query().to_http(base) };
        match r {
            Err(E2eError::Build(m)) => m,
            other => panic!("expected a build error, got {other:?}"),
        }
    };
    let mut split = Batch::new();
    split.add_atomic("g", &me().change_password("a", "b"));
    split.add(&me().photo().media());
    split.add_atomic("g", &me().change_password("c", "d"));
    let m = built(&split, false);
    assert!(m.starts_with("batch request 3: atomicity group `g` is resumed"), "{m}");
    for name in ["", "12"] {
        let mut bad = Batch::new();
        bad.add_atomic(name, &me().change_password("a", "b"));
        let m = built(&bad, true);
        assert!(m.starts_with(&format!("batch request 1: atomicity group `{name}`: a name")), "{m}");
    }
    let mut get = Batch::new();
    get.add_atomic("g", &me().photo().media());
    assert!(get.query().to_http(base).is_ok(), "JSON atomicity groups may hold a GET");
    let m = built(&get, true);
    assert!(m.starts_with("batch request 1: a GET cannot be in a change set"), "{m}");
}

/// Optional parameters (`Core.OptionalParameter`) are left out of the URL (function) and the body
/// (action) unless set; required ones stay arguments.
#[test]
fn optional_parameters_are_sent_only_when_set() {
    use graph_beta_e2e::requests::params::{ChannelDoesUserHaveAccessOptions, DirectoryObjectRestoreOptions};
    let h = Harness::start();
    let client = h.e2e_client();
    let channel = graph_beta_e2e::requests::teams().by_key("t1").channels().by_key("c1");
    // Function: none set → `doesUserHaveAccess()`.
    let yes = client
        .send(&channel.does_user_have_access(ChannelDoesUserHaveAccessOptions::default()))
        .expect("function without parameters");
    assert!(yes);
    assert_eq!(h.last().uri, "/beta/teams('t1')/channels('c1')/doesUserHaveAccess()");
    // Two of three set, in declaration order; the third is not sent at all.
    let no = client
        .send(&channel.does_user_have_access(ChannelDoesUserHaveAccessOptions {
            user_id: Some("u1".into()),
            user_principal_name: Some("a@b.test".into()),
            ..Default::default()
        }))
        .expect("function with parameters");
    assert!(!no);
    assert_eq!(
        h.last().uri,
        "/beta/teams('t1')/channels('c1')/doesUserHaveAccess(userId='u1',userPrincipalName='a@b.test')"
    );
    // Action: none set → `{}`; one set → only that member (no `null` for the other).
    let deleted = graph_beta_e2e::requests::directory().deleted_items().by_key("d1");
    let restored = client
        .send(&deleted.restore(DirectoryObjectRestoreOptions::default()))
        .expect("action without parameters");
    // Its `ReturnType` may be null (`Nullable` defaults to true): an `Option`, `None` for the
    // `204` (or `null`) a service answers for a null result.
    assert!(restored.is_some(), "{restored:?}");
    let restore = deleted.restore(DirectoryObjectRestoreOptions::default());
    let reply = |status: u16, body: &str| {
        let response = graph_beta_e2e::request::http::Response::builder().status(status).body(body.as_bytes().to_vec()).expect("response");
        restore.parse(&response)
    };
    assert!(matches!(reply(204, ""), Ok(None)));
    assert!(matches!(reply(200, "null"), Ok(None)));
    let seen = h.last();
    assert_eq!((seen.method, seen.uri.as_str()), (Method::POST, "/beta/directory/deletedItems('d1')/restore"));
    assert_eq!(String::from_utf8_lossy(&seen.body), "{}");
    client
        .send(&deleted.restore(DirectoryObjectRestoreOptions {
            new_user_principal_name: Some("n@x.test".into()),
            ..Default::default()
        }))
        .expect("action with a parameter");
    assert_eq!(String::from_utf8_lossy(&h.last().body), r#"{"newUserPrincipalName":"n@x.test"}"#);
    client
        .send(&deleted.restore(DirectoryObjectRestoreOptions {
            auto_reconcile_proxy_conflict: Some(false),
            new_user_principal_name: Some("n@x.test".into()),
        }))
        .expect("action with both");
    let body: serde_json::Value = serde_json::from_slice(&h.last().body).expect("json body");
    assert_eq!(body, serde_json::json!({"autoReconcileProxyConflict": false, "newUserPrincipalName": "n@x.test"}));
}

#[test]
fn odata_errors_are_typed() {
    let h = Harness::start();
    let client = h.client();
    let counts = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts");

    let err = client.send(&counts.by_key("missing").get()).expect_err("404");
    let e = err.odata().expect("an OData error");
    assert_eq!(e.status, 404);
    assert_eq!(e.code, "ResourceNotFound");
    assert_eq!(e.message, "Resource 'ResourceNotFound' does not exist.");
    assert_eq!(e.target.as_deref(), Some("id"));
    assert_eq!(e.details.len(), 1);
    assert_eq!(e.details[0].code, "NotFoundDetail");
    assert_eq!(e.details[0].target.as_deref(), Some("id"));
    let inner = e.inner_error.as_ref().expect("innerError");
    assert_eq!(inner["request-id"], "inner-req");
    assert_eq!(e.request_id.as_deref(), Some("req-1234"));
    assert_eq!(e.client_request_id.as_deref(), Some("client-5678"));

    let err = client.send(&counts.by_key("boom").get()).expect_err("500");
    let e = err.odata().expect("an OData error");
    assert_eq!((e.status, e.code.as_str()), (500, "InternalServerError"));

    // Not an OData error body: still a typed error with the status and the raw body.
    let err = client.send(&counts.by_key("html").get()).expect_err("502");
    let e = err.odata().expect("an error");
    assert_eq!((e.status, e.code.as_str()), (502, ""));
    assert_eq!(e.body, b"<html>bad gateway</html>");
    // `Debug` (what `unwrap` prints) shows the body as text, not as byte values.
    let debug = format!("{e:?}");
    assert!(debug.contains(r#"body: "<html>bad gateway</html>""#), "{debug}");

    // A success status with a body that is not what was promised: a clear error with the path.
    let err = client.send(&counts.by_key("wrong").get()).expect_err("bad body");
    match &err {
        Error::Body { status, source } => {
            assert_eq!(*status, 200);
            assert_eq!(source.path(), "totalUserCount");
        }
        other => panic!("expected a body error, got {other:?}"),
    }
    assert!(err.to_string().contains("totalUserCount"), "{err}");
}

#[test]
fn retries_429_and_503_within_the_bound() {
    let h = Harness::start();
    let client = h.client();
    let uri = format!("/beta/credentialUserRegistrationCounts('{ID}')");
    let get = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts")
        .by_key(ID)
        .get();
    let retry = |status: u16, after: &str| {
        (uri.clone(), status, vec![("Retry-After".to_owned(), after.to_owned())], String::new())
    };
    // 429 then 503 (Retry-After as an HTTP-date in the past: no wait), then the real answer:
    // success after two retries.
    h.server
        .queued
        .lock()
        .expect("lock")
        .extend([retry(429, "0"), retry(503, "Wed, 21 Oct 2015 07:28:00 GMT")]);
    let before = h.count();
    let got = client.send(&get).expect("succeeds after retries");
    assert_eq!(got.total_user_count, Field::Value(14));
    assert_eq!(h.count() - before, 3);
    // A long Retry-After is cut to `max_retry_delay` (50 ms here), not waited for an hour.
    h.server.queued.lock().expect("lock").push(retry(503, "3600"));
    let started = std::time::Instant::now();
    client.send(&get).expect("succeeds after one retry");
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    // More failures than the bound (2 retries): the last 429 is returned as a typed error.
    h.server
        .queued
        .lock()
        .expect("lock")
        .extend([retry(429, "0"), retry(429, "0"), retry(429, "0"), retry(429, "0")]);
    let before = h.count();
    let err = client.send(&get).expect_err("gives up");
    assert_eq!(err.odata().map(|e| e.status), Some(429));
    assert_eq!(h.count() - before, 3);
    h.server.queued.lock().expect("lock").clear();
}

#[test]
fn sans_io_requests_and_string_keys() {
    use graph_beta_models::request::http;
    let counts = requests::collection::<CredentialUserRegistrationCount>("/things");
    // String keys: quoted, quotes doubled, percent-encoded.
    let q = counts.by_key("a b'c/d?é").get();
    let req: http::Request<Vec<u8>> = q.to_http("https://example.test/beta").expect("request");
    assert_eq!(req.method(), http::Method::GET);
    assert_eq!(
        req.uri().to_string(),
        "https://example.test/beta/things('a%20b''c%2Fd%3F%C3%A9')"
    );
    // No body, no content type; custom headers and the bearer token are added on request.
    let req = q
        .clone()
        .bearer("t")
        .header("ConsistencyLevel", "eventual")
        .to_http("https://example.test/beta")
        .expect("request");
    assert_eq!(req.headers()["authorization"], "Bearer t");
    assert_eq!(req.headers()["consistencylevel"], "eventual");
    assert!(req.headers().get("content-type").is_none());
    // Allowed query options, property names typed.
    use graph_beta_models::request::Order;
    use graph_beta_models::requests::entities::CredentialUserRegistrationCountProperty as P;
    let list = counts
        .list()
        .select(&[P::Id, P::TotalUserCount])
        .order_by(&[(P::TotalUserCount, Order::Desc)])
        .with_count();
    assert_eq!(
        list.url(""),
        "/things?$select=id,totalUserCount&$orderby=totalUserCount%20desc&$count=true"
    );
    // Responses parsed without any transport.
    let resp = http::Response::builder()
        .status(200)
        .body(br#"{"value":[{"id":"x"}]}"#.to_vec())
        .expect("response");
    let page = list.parse(&resp).expect("page");
    assert_eq!(page.value[0].id, Field::Value("x".to_owned()));
    // The default service root comes from the config.
    assert_eq!(requests::BASE_URL, "https://graph.microsoft.com/beta");
}

#[test]
fn casts_composite_keys_and_function_parameters() {
    use graph_beta_models::models::Entity;
    use graph_beta_models::request::Path;
    use graph_beta_e2e::request::{Collection, Params};
    // Type-cast segment.
    let cast = requests::entity::<Entity>("/things('x')").cast::<CredentialUserRegistrationCount>();
    assert_eq!(
        cast.path().as_str(),
        "/things('x')/microsoft.graph.credentialUserRegistrationCount"
    );
    // Composite key: name=value pairs in key order.
    let p = Path::new("/pairs").key(&["name", "n"], &("it's".to_owned(), 7i32));
    assert_eq!(p.as_str(), "/pairs(name='it''s',n=7)");
    // Function parameters: primitives as literals, other values as JSON parameter aliases.
    let q = graph_beta_e2e::requests::reports().function::<(), Collection<String>, ()>(
        "f",
        Params::new()
            .literal("n", &5i32)
            .literal("flag", &true)
            .json("names", &vec!["a b".to_owned()]),
    );
    assert_eq!(
        q.url("https://h/beta"),
        "https://h/beta/reports/f(n=5,flag=true,names=@names)?@names=%5B%22a%20b%22%5D"
    );
}

/// A page of `CredentialUserRegistrationCount`s whose `@odata.nextLink` is `link`, as `q` reads it.
fn page_linking_to<R: graph_beta_models::request::Expect, T, K, C>(
    q: &graph_beta_models::request::Query<T, R, K, C>,
    link: &str,
) -> R::Output {
    let body = serde_json::json!({"value": [], "@odata.nextLink": link}).to_string();
    let resp = graph_beta_models::request::http::Response::builder()
        .status(200)
        .body(body.into_bytes())
        .expect("response");
    q.parse(&resp).expect("page")
}

/// Credentials go only to the service root's origin (scheme, host, port): a next link elsewhere
/// is followed without the bearer token or an `Authorization` header set on the request, as
/// Microsoft's Graph SDKs attach their token only for the hosts they allow.
#[test]
fn next_links_to_another_origin_carry_no_credentials() {
    let counts = requests::collection::<CredentialUserRegistrationCount>("/things");
    for q in [counts.list().bearer("SECRET"), counts.list().header("authorization", "Basic dTpw")] {
        let auth = |link: &str| {
            let next = q.next_page(&page_linking_to(&q, link)).expect("a next link");
            let req = next.to_http(requests::BASE_URL).expect("builds");
            req.headers().get("authorization").map(|v| v.to_str().expect("text").to_owned())
        };
        let sent = q.to_http(requests::BASE_URL).expect("builds").headers()["authorization"].clone();
        for foreign in [
            "https://evil.example.com/collect",
            "http://graph.microsoft.com/beta/things?$skiptoken=a",
            "https://graph.microsoft.com:8443/beta/things?$skiptoken=a",
            "https://graph.microsoft.com@evil.example.com/beta/things",
            "https://graph.microsoft.com.evil.example.com/beta/things",
            "//evil.example.com/collect",
            "HTTPS://EVIL.example.com/collect",
        ] {
            assert_eq!(auth(foreign), None, "{foreign}");
        }
        for same in [
            "https://graph.microsoft.com/beta/things?$skiptoken=a",
            "HTTPS://Graph.Microsoft.com:443/v1.0/things?$skiptoken=a",
            "/beta/things?$skiptoken=a",
            "things?$skiptoken=a",
        ] {
            assert_eq!(auth(same).as_deref(), sent.to_str().ok(), "{same}");
        }
    }
    // The request for the foreign page itself still goes where the link says.
    let q = counts.list().bearer("SECRET");
    let next = q.next_page(&page_linking_to(&q, "https://evil.example.com/collect")).expect("next");
    let req = next.to_http(requests::BASE_URL).expect("builds");
    assert_eq!(req.uri().to_string(), "https://evil.example.com/collect");
}

/// Relative next links are resolved as RFC 3986 says against the URL of the request that
/// returned the page; characters a URI may not hold are percent-encoded.
#[test]
fn relative_next_links_resolve_against_the_request_url() {
    use graph_beta_models::requests::entities::CredentialUserRegistrationCountProperty as P;
    let base = "https://graph.microsoft.com/v1.0/";
    let q = requests::collection::<CredentialUserRegistrationCount>("/users").list().select(&[P::Id]);
    assert_eq!(q.url(base), "https://graph.microsoft.com/v1.0/users?$select=id");
    let next_url = |link: &str| q.next_page(&page_linking_to(&q, link)).expect("next").url(base);
    for (link, want) in [
        ("users?$skiptoken=abc", "https://graph.microsoft.com/v1.0/users?$skiptoken=abc"),
        ("/v1.0/users?$skiptoken=abc", "https://graph.microsoft.com/v1.0/users?$skiptoken=abc"),
        ("../beta/users?$skiptoken=abc", "https://graph.microsoft.com/beta/users?$skiptoken=abc"),
        ("./a/./b/../c", "https://graph.microsoft.com/v1.0/a/c"),
        ("?$skiptoken=abc", "https://graph.microsoft.com/v1.0/users?$skiptoken=abc"),
        ("//other.example.com/p", "https://other.example.com/p"),
        ("Https://graph.microsoft.com/v1.0/users?$skiptoken=x", "Https://graph.microsoft.com/v1.0/users?$skiptoken=x"),
        ("users?$skiptoken=abc#frag", "https://graph.microsoft.com/v1.0/users?$skiptoken=abc"),
        (
            "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'a b')&x=é|\"",
            "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'a%20b')&x=%C3%A9%7C%22",
        ),
        ("users?$skiptoken=a%20b", "https://graph.microsoft.com/v1.0/users?$skiptoken=a%20b"),
    ] {
        assert_eq!(next_url(link), want, "{link}");
    }
    // A link with spaces builds (it used to fail with "invalid uri character").
    let next = q.next_page(&page_linking_to(&q, "users?$skiptoken=a b")).expect("next");
    let req = next.to_http(base).expect("builds");
    assert_eq!(req.uri().to_string(), "https://graph.microsoft.com/v1.0/users?$skiptoken=a%20b");
    // A link relative to a followed page resolves against that page's URL.
    let second = q.next_page(&page_linking_to(&q, "/v1.0/groups/g1/members?$skiptoken=1")).expect("next");
    let third = second.next_page(&page_linking_to(&second, "members?$skiptoken=2")).expect("next");
    assert_eq!(third.url(base), "https://graph.microsoft.com/v1.0/groups/g1/members?$skiptoken=2");
    // Relative links are resolved against the service root's path when no base URL is given
    // (a `$batch` member's URL).
    assert_eq!(second.url(""), "/v1.0/groups/g1/members?$skiptoken=1");
}

/// The resolution of relative next links is RFC 3986's: its section 5.4 examples (fragments,
/// which a request never carries, dropped).
#[test]
fn next_links_resolve_as_rfc_3986_says() {
    use graph_beta_models::requests::entities::CredentialUserRegistrationCountProperty as P;
    let q = requests::collection::<CredentialUserRegistrationCount>("/x").list().select(&[P::Id]);
    let base = q.next_page(&page_linking_to(&q, "http://a/b/c/d;p?q")).expect("next");
    assert_eq!(base.url(""), "http://a/b/c/d;p?q");
    for (link, want) in [
        ("g:h", "g:h"),
        ("g", "http://a/b/c/g"),
        ("./g", "http://a/b/c/g"),
        ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"),
        ("//g", "http://g"),
        ("?y", "http://a/b/c/d;p?y"),
        ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q"),
        ("g#s", "http://a/b/c/g"),
        ("g?y#s", "http://a/b/c/g?y"),
        (";x", "http://a/b/c/;x"),
        ("g;x", "http://a/b/c/g;x"),
        (".", "http://a/b/c/"),
        ("./", "http://a/b/c/"),
        ("..", "http://a/b/"),
        ("../", "http://a/b/"),
        ("../g", "http://a/b/g"),
        ("../..", "http://a/"),
        ("../../", "http://a/"),
        ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"),
        ("../../../../g", "http://a/g"),
        ("/./g", "http://a/g"),
        ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."),
        (".g", "http://a/b/c/.g"),
        ("g..", "http://a/b/c/g.."),
        ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"),
        ("./g/.", "http://a/b/c/g/"),
        ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("g?y/../x", "http://a/b/c/g?y/../x"),
    ] {
        let next = base.next_page(&page_linking_to(&base, link));
        if want == "http://a/b/c/d;p?q" {
            // The page's own URL (`#s`): no next page (following it would never end).
            assert!(next.is_none(), "{link}");
            continue;
        }
        assert_eq!(next.expect("next").url(""), want, "{link}");
    }
    // A link to another scheme (`g:h` above) is resolved, but no request is built for it.
    for link in ["g:h", "ftp://a/x", "file:///etc/passwd", "javascript:alert(1)"] {
        let next = base.next_page(&page_linking_to(&base, link)).expect("next");
        match next.to_http("http://a/b") {
            Err(Error::Build(m)) => assert!(m.contains("not an http(s) URL"), "{m}"),
            other => panic!("{link}: {other:?}"),
        }
    }
    let next = base.next_page(&page_linking_to(&base, "HTTPS://a/x")).expect("next");
    assert_eq!(next.to_http("http://a/b").expect("builds").uri(), "https://a/x");
}

/// The client adds its token and its settings' headers only for the service root's origin: a
/// next link to another host (here `localhost` for a root on `127.0.0.1`, the same server) is
/// followed without them; a relative next link is resolved against the page's URL and keeps them.
#[test]
fn list_all_sends_no_credentials_to_another_origin() {
    let h = Harness::start();
    let client = BlockingClient::with_settings(Settings {
        headers: vec![("X-Api-Key".into(), "KEY".into())],
        ..h.settings()
    })
    .expect("client");
    let foreign = h.base.replace("127.0.0.1", "localhost");
    let item = |n: u32| format!(r#"{{"id":"f{n}","totalUserCount":{n},"userRegistrationCounts":[]}}"#);
    h.server.queued.lock().expect("lock").extend([
        (
            "/beta/foreign?p=1".to_owned(),
            200,
            vec![],
            format!(r#"{{"value":[{}],"@odata.nextLink":"foreign?p=2"}}"#, item(1)),
        ),
        (
            "/beta/foreign?p=2".to_owned(),
            200,
            vec![],
            format!(r#"{{"value":[{}],"@odata.nextLink":"{foreign}/foreign?p=3"}}"#, item(2)),
        ),
        ("/beta/foreign?p=3".to_owned(), 200, vec![], format!(r#"{{"value":[{}]}}"#, item(3))),
    ]);
    let before = h.count();
    let all = client
        .list_all(&requests::collection::<CredentialUserRegistrationCount>("/foreign?p=1").list())
        .expect("all pages");
    assert_eq!(all.len(), 3);
    let seen = h.server.seen.lock().expect("lock")[before..].to_vec();
    let summary: Vec<(&str, &str, &str, &str)> = seen
        .iter()
        .map(|s| (s.uri.as_str(), header(s, "host"), header(s, "authorization"), header(s, "x-api-key")))
        .collect();
    let host = h.base.trim_start_matches("http://").trim_end_matches("/beta").to_owned();
    let foreign_host = host.replace("127.0.0.1", "localhost");
    assert_eq!(
        summary,
        [
            ("/beta/foreign?p=1", host.as_str(), "Bearer test-token", "KEY"),
            ("/beta/foreign?p=2", host.as_str(), "Bearer test-token", "KEY"),
            ("/beta/foreign?p=3", foreign_host.as_str(), "", ""),
        ]
    );
}

/// A next link that leads back to its own request (empty, a fragment) ends the paging instead of
/// fetching the same page forever; a next link elsewhere carries no cookie or proxy credentials
/// either; the clients follow redirects within the origin only (reqwest would send the
/// settings' headers, an API key, along to another host).
#[test]
fn paging_ends_and_credentials_stay_home_across_links_and_redirects() {
    let base = "https://graph.microsoft.com/beta";
    let q = requests::collection::<CredentialUserRegistrationCount>("/users")
        .list()
        .header("Cookie", "session=S")
        .header("Proxy-Authorization", "Basic P");
    for link in ["", " ", "#frag"] {
        assert!(q.next_page(&page_linking_to(&q, link)).is_none(), "{link:?}");
    }
    let foreign = q.next_page(&page_linking_to(&q, "https://evil.example.com/x")).expect("next");
    let req = foreign.to_http(base).expect("builds");
    assert!(req.headers().get("cookie").is_none() && req.headers().get("proxy-authorization").is_none());
    let home = q.next_page(&page_linking_to(&q, "users?$skiptoken=2")).expect("next");
    let req = home.to_http(base).expect("builds");
    assert_eq!(req.headers()["cookie"], "session=S");
    assert_eq!(req.headers()["proxy-authorization"], "Basic P");

    let h = Harness::start();
    let client = BlockingClient::with_settings(Settings {
        headers: vec![("X-Api-Key".into(), "KEY".into())],
        ..h.settings()
    })
    .expect("client");
    let foreign = h.base.replace("127.0.0.1", "localhost");
    let page = r#"{"value":[{"id":"r1","totalUserCount":1,"userRegistrationCounts":[]}]}"#;
    h.server.queued.lock().expect("lock").extend([
        // Circular links: each page fetched once.
        ("/beta/circle?p=1".to_owned(), 200, vec![], r#"{"value":[],"@odata.nextLink":"circle?p=2"}"#.to_owned()),
        ("/beta/circle?p=2".to_owned(), 200, vec![], r#"{"value":[],"@odata.nextLink":"circle?p=1"}"#.to_owned()),
        // Redirected within the origin: followed.
        ("/beta/moved".to_owned(), 302, vec![("Location".to_owned(), "/beta/here".to_owned())], String::new()),
        ("/beta/here".to_owned(), 200, vec![], page.to_owned()),
        // To another origin: not followed.
        ("/beta/away".to_owned(), 302, vec![("Location".to_owned(), format!("{foreign}/there"))], String::new()),
    ]);
    let before = h.count();
    let all = client
        .list_all(&requests::collection::<CredentialUserRegistrationCount>("/circle?p=1").list())
        .expect("ends");
    assert!(all.is_empty());
    assert_eq!(h.count() - before, 2, "each page of the circle once");
    let moved = client
        .list_all(&requests::collection::<CredentialUserRegistrationCount>("/moved").list())
        .expect("followed");
    assert_eq!(moved.len(), 1);
    let before = h.count();
    let err = client
        .list_all(&requests::collection::<CredentialUserRegistrationCount>("/away").list())
        .expect_err("not followed");
    assert!(err.to_string().contains("302"), "{err}");
    let seen = h.server.seen.lock().expect("lock")[before..].to_vec();
    assert_eq!(seen.iter().map(|s| s.uri.as_str()).collect::<Vec<_>>(), ["/beta/away"]);
}

/// Any `2xx` answer is a success: a create answered `200` gives the value, a `204` (`Prefer:
/// return=minimal`) a clear `NoContent` error with the entity's URL; an OAuth 2.0 error body
/// (Azure AD) gives its code and description.
#[test]
fn any_2xx_is_success_and_oauth_errors_are_read() {
    use graph_beta_models::request::http;
    let counts = requests::collection::<CredentialUserRegistrationCount>("/things");
    let body = CredentialUserRegistrationCount::default();
    let create = counts.create(&body);
    let respond = |status: u16, headers: &[(&str, &str)], body: &str| {
        let mut r = http::Response::builder().status(status);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.body(body.as_bytes().to_vec()).expect("response")
    };
    let created = create.parse(&respond(200, &[], r#"{"id":"x","totalUserCount":3}"#)).expect("200 is a success");
    assert_eq!(created.id, Field::Value("x".to_owned()));
    assert_eq!(created.total_user_count, Field::Value(3));
    let created = create.parse(&respond(201, &[], r#"{"id":"y"}"#)).expect("201");
    assert_eq!(created.id, Field::Value("y".to_owned()));
    let entity = "https://graph.microsoft.com/beta/things('z')";
    let err = create.parse(&respond(204, &[("OData-EntityId", entity)], "")).expect_err("no value");
    match &err {
        Error::NoContent { status: 204, entity_id } => assert_eq!(entity_id.as_deref(), Some(entity)),
        other => panic!("expected NoContent, got {other:?}"),
    }
    assert!(err.odata().is_none());
    let text = err.to_string();
    assert!(text.contains("HTTP 204") && text.contains("return=minimal") && text.contains(entity), "{text}");
    let err = counts.by_key("z").get().parse(&respond(200, &[], " ")).expect_err("no value");
    assert!(matches!(err, Error::NoContent { status: 200, entity_id: None }), "{err:?}");
    // A list answered with another 2xx.
    let page = counts.list().parse(&respond(203, &[], r#"{"value":[{"id":"p"}]}"#)).expect("203");
    assert_eq!(page.value.len(), 1);
    // Non-2xx stays a service error; an OAuth 2.0 body gives code and message.
    let err = counts
        .by_key("z")
        .get()
        .parse(&respond(401, &[], r#"{"error":"invalid_token","error_description":"expired"}"#))
        .expect_err("401");
    let e = err.odata().expect("an OData error");
    assert_eq!((e.status, e.code.as_str(), e.message.as_str()), (401, "invalid_token", "expired"));
    assert_eq!(err.to_string(), "HTTP 401 invalid_token: expired");
    // The OData shape is read as before.
    let err = create
        .parse(&respond(400, &[], r#"{"error":{"code":"BadRequest","message":"no"}}"#))
        .expect_err("400");
    assert_eq!(err.to_string(), "HTTP 400 BadRequest: no");
}

/// An empty `$select` (or `$expand`, `$orderby`) list sends no option; a second `filter` is
/// combined with the first by `and`.
#[test]
fn empty_lists_send_nothing_and_filters_combine() {
    use graph_beta_models::models::Entity;
    use graph_beta_models::request::Order;
    use graph_beta_models::requests::entities::EntityProperty as P;
    let things = requests::collection::<Entity>("/things");
    assert_eq!(things.list().select(&[]).url(""), "/things");
    assert_eq!(things.list().select(&[P::Id]).select(&[]).url(""), "/things");
    assert_eq!(things.list().expand(&[]).order_by(&[]).url(""), "/things");
    assert_eq!(things.list().order_by(&[(P::Id, Order::Asc)]).url(""), "/things?$orderby=id");
    assert_eq!(things.list().filter("id eq 'a'").url(""), "/things?$filter=id%20eq%20'a'");
    assert_eq!(
        things.list().filter("id eq 'a' or id eq 'b'").filter("startswith(id,'x')").url(""),
        "/things?$filter=(id%20eq%20'a'%20or%20id%20eq%20'b')%20and%20(startswith(id,'x'))"
    );
    assert_eq!(
        things.list().filter("a").filter("").filter("b").filter("c").url(""),
        "/things?$filter=((a)%20and%20(b))%20and%20(c)"
    );
}

/// A primitive result (`{"value": ...}`) and the bodies of a JSON batch, both ways, are read and
/// sent as the JSON text they came as: an Edm.Decimal `45.00` stays `45.00` and one with more
/// digits than an `f64` holds keeps them (SAP CAP answers a bound function returning
/// `Edm.Decimal` so), as unknown members keep `12.50` and `1E+2`. They went through a
/// `serde_json::Value`, which wrote `45.0` and `1.2345678901234568e16`.
#[test]
fn primitive_results_and_json_batch_bodies_keep_their_digits() {
    use graph_beta_models::odata::Decimal;
    use graph_beta_models::request::{Batch, Expect, Value as Wrapped, http};
    for (body, text) in [
        (r#"{"@odata.context":"../$metadata#Edm.Decimal","value":12345678901234567.89}"#, "12345678901234567.89"),
        (r#"{"value":45.00}"#, "45.00"),
        (r#"{"value":"45.00"}"#, r#""45.00""#),
    ] {
        let d = <Wrapped<Decimal> as Expect>::parse(200, body.as_bytes()).expect(body);
        assert_eq!(odata::to_string(&d).expect("written"), text);
    }
    assert!(<Wrapped<Decimal> as Expect>::parse(200, b"[1]").is_err());
    assert!(<Wrapped<Decimal> as Expect>::parse(200, br#"{"values":1}"#).is_err());

    let entity = r#"{"id":"a","extra":12.50,"more":1E+2,"big":12345678901234567.89}"#;
    let body: CredentialUserRegistrationCount = odata::from_str(entity).expect("entity");
    let mut batch = Batch::new();
    let created = batch.add(&requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts").create(&body));
    let q = batch.query();
    let sent = std::str::from_utf8(q.body().expect("a body")).expect("UTF-8");
    assert!(sent.contains(&format!(r#""body":{entity}"#)), "{sent}");
    let parsed: serde_json::Value = serde_json::from_str(sent).expect("JSON");
    assert_eq!(parsed["requests"][0]["headers"], serde_json::json!({"Content-Type": "application/json"}));
    let answer = format!(r#"{{"responses":[{{"id":"1","status":201,"headers":{{"content-type":"application/json"}},"body":{entity}}}]}}"#);
    let resp = http::Response::builder().status(200).body(answer.into_bytes()).expect("response");
    let got = q.parse(&resp).expect("a batch response").get(&created).expect("the created entity");
    assert_eq!(odata::to_string(&got).expect("written"), entity);
}

/// A `Content-Type` set with `header` replaces the body's own (as a set `Accept` does), alone
/// and in both batch formats: SAP's `@sap/odata-server` reads an Edm.Decimal only as a string
/// under `application/json;IEEE754Compatible=true`, and two `Content-Type` headers were sent.
#[test]
fn a_content_type_set_with_header_replaces_the_bodys_own() {
    use graph_beta_models::request::Batch;
    const CT: &str = "application/json;IEEE754Compatible=true";
    let body = CredentialUserRegistrationCount::default();
    let q = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts")
        .create(&body)
        .header("Content-Type", CT);
    let req = q.to_http("https://example.com/v1").expect("request");
    let sent: Vec<&str> = req.headers().get_all("content-type").iter().filter_map(|v| v.to_str().ok()).collect();
    assert_eq!(sent, [CT]);
    let plain = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts").create(&body);
    let req = plain.to_http("https://example.com/v1").expect("request");
    assert_eq!(req.headers().get_all("content-type").iter().count(), 1);

    let mut batch = Batch::new();
    batch.add(&q);
    let json: serde_json::Value = serde_json::from_slice(batch.query().body().expect("body")).expect("JSON");
    assert_eq!(json["requests"][0]["headers"], serde_json::json!({"Content-Type": CT}));
    let multipart = String::from_utf8(batch.multipart_query().body().expect("body").to_vec()).expect("UTF-8");
    let types: Vec<&str> = multipart.lines().filter(|l| l.to_ascii_lowercase().starts_with("content-type: application/json")).collect();
    assert_eq!(types, [format!("Content-Type: {CT}")], "{multipart}");
}

/// Optimistic concurrency: the ETag a service sends with an entity (`@odata.etag`, or V1–V3's
/// `__metadata.etag`) is at hand as `additional_data.etag()`, and `if_match` sends it (once,
/// however often it is called), as services that demand it (`428 Precondition Required`
/// without) expect.
#[test]
fn etags_are_read_from_entities_and_sent_with_if_match() {
    let c: CredentialUserRegistrationCount =
        odata::from_str(r#"{"@odata.etag":"W/\"3\"","id":"a","totalUserCount":1}"#).expect("reads");
    let etag = c.additional_data.etag().expect("an ETag");
    assert_eq!(etag, r#"W/"3""#);
    let counts = requests::collection::<CredentialUserRegistrationCount>("/c");
    let q = counts.by_key("a").update(&c).if_match("*").if_match(etag);
    let http = q.to_http("https://h/beta").expect("builds");
    let sent: Vec<_> = http.headers().get_all("if-match").iter().collect();
    assert_eq!(sent, [r#"W/"3""#]);
    let v2: CredentialUserRegistrationCount =
        odata::from_str(r#"{"__metadata":{"uri":"x","etag":"W/\"datetime'2024'\""},"id":"a"}"#).expect("reads");
    assert_eq!(v2.additional_data.etag(), Some(r#"W/"datetime'2024'""#));
    let get = counts.by_key("a").get().if_none_match(etag);
    assert_eq!(get.to_http("https://h/beta").expect("builds").headers()["if-none-match"], r#"W/"3""#);
}

/// `query_option` sets what the typed builders do not offer (a custom option, `$apply`, an
/// `$expand` with nested options), replacing an earlier value; empty removes it.
#[test]
fn query_options_the_builders_do_not_type_are_set_verbatim() {
    let q = requests::collection::<CredentialUserRegistrationCount>("/c")
        .list()
        .query_option("$expand", "items($select=product)")
        .query_option("sap-client", "100")
        .query_option("sap-client", "200")
        .query_option("$apply", "");
    // Percent-encoded as any query value (a server decodes `%3D` back to `=`).
    assert_eq!(q.url(""), "/c?$expand=items($select%3Dproduct)&sap-client=200");
}
