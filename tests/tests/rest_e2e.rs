//! Request code of operations as an OpenAPI document states them (the `rest` module), end to end
//! over real HTTP on 127.0.0.1: an axum server asserts method, path, query, headers and body of
//! petstore operations (`tests/fixtures/rest/petstore-paged.yaml`: the paths of the real
//! petstore-expanded document plus a crafted `x-ms-pageable` listing) sent by the committed crate
//! `tests/rest/generated/` through its `client` feature and sans-IO.
//!
//! Besides: the crate is fresh, crates generated from the real OpenAPI inputs (petstore, Graph
//! style, TripPin) pass clippy `-D warnings` and rustdoc, unsupported operation constructs are
//! warnings with JSON pointers, and a CSDL model gets no `rest` module.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use odatagen::config::ConfigFile;
use petstore_rest::models::{
    AnyNewPet, ListOwnerPetsAge, ListOwnerPetsKind, NewPet, Pet, SearchPetsRequest, SearchPetsRequestFilter, SearchPetsRequestFilterSize,
    UploadPhotoRequest, UploadPhotoRequestSize,
};
use petstore_rest::odata::{self, Field};
use petstore_rest::request::client::{BlockingClient, Client, Settings};
use petstore_rest::request::{self, Error};
use petstore_rest::rest;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    /// Path and query, as sent.
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

#[derive(Clone, Default)]
struct Server {
    seen: Arc<Mutex<Vec<Seen>>>,
    base: Arc<Mutex<String>>,
}

fn json(status: u16, body: &str) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .expect("response")
}

fn pet(id: u32, name: &str) -> String {
    format!(r#"{{"name":"{name}","tag":"t{id}","id":{id}}}"#)
}

/// The server: asserts nothing itself, records every request and answers by method and URI;
/// anything unexpected is a 418, which no operation documents.
async fn handle(State(server): State<Server>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.map(|b| b.to_vec()).unwrap_or_default();
    let uri = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    server.seen.lock().expect("lock").push(Seen {
        method: parts.method.clone(),
        uri: uri.clone(),
        headers: parts.headers.clone(),
        body: body.clone(),
    });
    let base = server.base.lock().expect("lock").clone();
    let trace = parts.headers.get("x-trace-id").and_then(|v| v.to_str().ok()) == Some("trace-1");
    let owner = "/api/owners/Ann%20%26%20Bob%2FCo%C3%A9/pets";
    match (parts.method, uri.as_str()) {
        (Method::GET, "/api/pets?tags=dog&tags=cat%20%26%20co&limit=2") => {
            json(200, &format!("[{},{}]", pet(1, "Rex"), pet(2, "Tom")))
        }
        (Method::GET, "/api/pets") => json(200, "[]"),
        (Method::GET, "/api/pets/7") => json(200, &pet(7, "Rex")),
        (Method::GET, "/api/pets/404") => json(404, r#"{"code":404,"message":"no pet 404"}"#),
        (Method::GET, "/api/pets/500") => json(500, "<html>not JSON</html>"),
        (Method::GET, "/api/pets/13") => json(200, r#"{"name":"Odd","id":"thirteen"}"#),
        (Method::POST, "/api/pets")
            if parts.headers.get("content-type").and_then(|v| v.to_str().ok())
                == Some("application/json") =>
        {
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            match v.get("name").and_then(|n| n.as_str()) {
                Some(name) => {
                    let mut r = json(200, &pet(8, name));
                    r.headers_mut().insert("location", "/api/pets/8".parse().expect("header"));
                    r.headers_mut().insert("etag", "W/\"1\"".parse().expect("header"));
                    r
                }
                None => json(400, r#"{"code":400,"message":"name is required"}"#),
            }
        }
        (Method::DELETE, "/api/pets/9") => Response::builder().status(204).body(Body::empty()).expect("response"),
        (Method::GET, u) if u == format!("{owner}?kind=cat&fields=name,tag") && trace => json(
            200,
            &format!(r#"{{"items":[{}],"next":"{base}/owners/ann/pets?page=2"}}"#, pet(1, "Rex")),
        ),
        (Method::GET, "/api/owners/ann/pets?page=2") if trace => json(
            200,
            &format!(
                r#"{{"items":[{},{}],"next":"{base}/owners/ann/pets?page=3"}}"#,
                pet(2, "Tom"),
                pet(3, "Kit")
            ),
        ),
        (Method::GET, "/api/owners/ann/pets?page=3") if trace => {
            json(200, &format!(r#"{{"items":[{}],"next":null}}"#, pet(4, "Bo")))
        }
        (Method::GET, "/api/owners/nobody/pets") => json(404, r#"{"code":404,"message":"no owner"}"#),
        (Method::GET, "/api/owners/broken/pets") => json(503, r#"{"code":503}"#),
        (Method::GET, "/api/owners/flat/pets") => json(200, r#"{"items":{"not":"an array"}}"#),
        (Method::POST, "/api/pets/search") => json(200, &format!("[{}]", pet(5, "Rex"))),
        (Method::GET, "/api/pets/5/photo") => Response::builder()
            .status(200)
            .header("content-type", "image/png")
            .body(Body::from(b"\x89PNG".to_vec()))
            .expect("response"),
        (Method::POST, "/api/pets/5/photo") | (Method::PUT, "/api/pets/5/note" | "/api/pets/5/avatar") => {
            Response::builder().status(204).body(Body::empty()).expect("response")
        }
        (Method::PUT, "/api/pets/404/note") => json(404, r#"{"code":404,"message":"no pet"}"#),
        (Method::PUT, "/api/pets/6/note") => json(422, r#"{"detail":"too long","field":"note"}"#),
        (Method::PUT, "/api/pets/7/note") => json(503, r#""maintenance""#),
        (Method::PUT, "/api/pets/8/note") => json(503, r#"{"not":"a string"}"#),
        _ => Response::builder().status(418).body(Body::empty()).expect("response"),
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
        let base = format!("http://{addr}/api");
        *server.base.lock().expect("lock") = base.clone();
        let app = axum::Router::new().fallback(handle).with_state(server.clone());
        rt.spawn(async move { axum::serve(listener, app).await });
        Harness { server, base, rt }
    }

    fn settings(&self) -> Settings {
        Settings {
            base_url: self.base.clone(),
            token: Some("test-token".into()),
            headers: Vec::new(),
            max_retries: 0,
            max_retry_delay: Duration::from_millis(10),
        }
    }

    fn client(&self) -> BlockingClient {
        BlockingClient::with_settings(self.settings()).expect("client")
    }

    fn last(&self) -> Seen {
        self.server.seen.lock().expect("lock").last().cloned().expect("a request")
    }

    fn all(&self) -> Vec<Seen> {
        self.server.seen.lock().expect("lock").clone()
    }
}

fn header<'a>(s: &'a Seen, name: &str) -> &'a str {
    s.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[test]
fn petstore_operations_over_http() {
    let h = Harness::start();
    let client = h.client();

    // Optional query parameters are setters; arrays repeat the name; values are percent-encoded.
    let pets = client
        .send(&rest::find_pets().tags(vec!["dog".to_owned(), "cat & co".to_owned()]).limit(2))
        .expect("findPets");
    let seen = h.last();
    assert_eq!(seen.method, Method::GET);
    assert_eq!(seen.uri, "/api/pets?tags=dog&tags=cat%20%26%20co&limit=2");
    assert_eq!(header(&seen, "authorization"), "Bearer test-token");
    assert_eq!(header(&seen, "accept"), "application/json");
    assert!(seen.body.is_empty());
    assert_eq!(pets.len(), 2);
    assert_eq!(pets[1].name, Field::Value("Tom".to_owned()));
    // Unset optional parameters are not sent.
    assert!(client.send(&rest::find_pets()).expect("findPets").is_empty());
    assert_eq!(h.last().uri, "/api/pets");

    // A path parameter (int64), typed success body.
    let p: Pet = client.send(&rest::find_pet_by_id(7)).expect("find pet by id");
    assert_eq!(h.last().uri, "/api/pets/7");
    assert_eq!(p.id, Field::Value(7));

    // A JSON request body typed by the model.
    let new = NewPet {
        name: Field::Value("Fluffy".into()),
        tag: Field::Value("cat".into()),
        ..Default::default()
    };
    let created = client.send(&rest::add_pet(&AnyNewPet::NewPet(Box::new(new)))).expect("addPet");
    let seen = h.last();
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.uri, "/api/pets");
    assert_eq!(header(&seen, "content-type"), "application/json");
    assert_eq!(String::from_utf8_lossy(&seen.body), r#"{"name":"Fluffy","tag":"cat"}"#);
    assert_eq!(created.id, Field::Value(8));
    assert_eq!(created.name, Field::Value("Fluffy".into()));
    // The same with the status and the response headers (blocking and async clients).
    let add = rest::add_pet(&AnyNewPet::NewPet(Box::new(NewPet {
        name: Field::Value("Fluffy".into()),
        ..Default::default()
    })));
    let reply = client.send_reply(&add).expect("addPet");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["location"], "/api/pets/8");
    assert_eq!(reply.headers["etag"], "W/\"1\"");
    assert_eq!(reply.value.id, Field::Value(8));
    let async_client = Client::with_settings(h.settings()).expect("client");
    let reply = h.rt.block_on(async_client.send_reply(&add)).expect("addPet");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["location"], "/api/pets/8");
    // An error is the typed error, as with `send`.
    assert!(client.send_reply(&rest::find_pet_by_id(404)).is_err());

    // 204, no body: `()`.
    client.send(&rest::delete_pet(9)).expect("deletePet");
    assert_eq!(h.last().method, Method::DELETE);
    assert_eq!(h.last().uri, "/api/pets/9");

    // A 4XX: the typed error, and its body as the documented `Error` model (`default`).
    let q = rest::find_pet_by_id(404);
    let err = client.send(&q).expect_err("404");
    assert_eq!(err.odata().map(|e| e.status), Some(404));
    let body = q.error_body(&err).expect("documented").expect("an Error model");
    assert_eq!(body.code, Field::Value(404));
    assert_eq!(body.message, Field::Value("no pet 404".into()));
    // A 5XX whose body is not the documented model: the typed error keeps it raw, and reading it
    // as the model is an error, not a panic.
    let q = rest::find_pet_by_id(500);
    let err = client.send(&q).expect_err("500");
    let e = err.odata().expect("service error");
    assert_eq!((e.status, e.body.as_slice()), (500, b"<html>not JSON</html>".as_slice()));
    assert!(q.error_body(&err).expect("documented (default)").is_err());
    // A success body that is not what was promised: the JSON path.
    match client.send(&rest::find_pet_by_id(13)) {
        Err(Error::Body { status: 200, source }) => assert_eq!(source.path(), "id"),
        other => panic!("expected a body error, got {other:?}"),
    }
    // An undocumented status is a service error too.
    let err = client.send(&rest::delete_pet(10)).expect_err("418");
    assert_eq!(err.odata().map(|e| e.status), Some(418));
    assert!(rest::delete_pet(10).error_body(&err).expect("default").is_err());
}

#[test]
fn error_bodies_of_different_types_are_an_enum_by_status() {
    use petstore_rest::models::{Error as PetError, NoteProblem};
    use rest::PutNoteError;
    let h = Harness::start();
    let client = h.client();
    let body = |id: i64| {
        let q = rest::put_note(id, "x");
        let err = client.send(&q).expect_err("a service error");
        q.error_body(&err).map(|r| r.map_err(|e| e.to_string()))
    };
    let e404 = PetError { code: Field::Value(404), message: Field::Value("no pet".into()), ..Default::default() };
    assert_eq!(body(404), Some(Ok(PutNoteError::Status404(Box::new(e404)))));
    let problem = NoteProblem { detail: Field::Value("too long".into()), field: Field::Value("note".into()), ..Default::default() };
    assert_eq!(body(6), Some(Ok(PutNoteError::Status422(Box::new(problem)))));
    // `5XX` documents a JSON string.
    assert_eq!(body(7), Some(Ok(PutNoteError::Status5xx("maintenance".into()))));
    // Not what the status documents: the error names the reason; never a panic.
    let e = body(8).expect("5XX is documented").expect_err("an object is not a string");
    assert!(e.contains("string"), "{e}");
    // An undocumented status (the server's 418): no body to read.
    assert_eq!(body(9), None);
}

/// The headers an operation's success responses document are a struct of typed fields, read
/// from a response's headers: absent ones `None`, arrays from comma-separated items, a value that
/// does not read an error naming the header; `Content-Type` is not among them.
#[test]
fn documented_response_headers_are_typed() {
    use petstore_rest::rest::ListOwnerPetsHeaders;
    let mut headers = request::http::HeaderMap::new();
    for (k, v) in [
        ("x-rate-limit-remaining", "42"),
        ("X-Expires-After", "2026-11-30T12:00:00Z"),
        ("X-Page-Tags", "a, b,c"),
        ("X-Request-Id", "6f1c3b52-8d0e-4b8a-9a43-2d7f6f1a0b11"),
        ("Content-Type", "application/json"),
    ] {
        headers.insert(
            request::http::HeaderName::from_bytes(k.as_bytes()).expect("a header name"),
            request::http::HeaderValue::from_static(v),
        );
    }
    let h = ListOwnerPetsHeaders::read(&headers).expect("typed headers");
    assert_eq!(h.x_rate_limit_remaining, Some(42));
    assert_eq!(h.x_expires_after.as_ref().map(|d| d.as_str()), Some("2026-11-30T12:00:00Z"));
    assert_eq!(h.x_page_tags.as_deref(), Some(&["a".to_owned(), "b".to_owned(), "c".to_owned()][..]));
    assert_eq!(h.x_request_id.map(|g| g.to_string()).as_deref(), Some("6f1c3b52-8d0e-4b8a-9a43-2d7f6f1a0b11"));
    assert_eq!(ListOwnerPetsHeaders::read(&Default::default()).expect("none"), ListOwnerPetsHeaders::default());
    headers.insert("x-rate-limit-remaining", request::http::HeaderValue::from_static("many"));
    let e = ListOwnerPetsHeaders::read(&headers).expect_err("not an int32");
    assert_eq!(e.name, "X-Rate-Limit-Remaining");
    assert!(e.to_string().starts_with("response header `X-Rate-Limit-Remaining`: "), "{e}");
}

#[test]
fn x_ms_pageable_listing_follows_next_links() {
    let h = Harness::start();
    let client = h.client();
    // `explode: false`: one key, comma-separated items.
    // Inline parameter schemas are types named from the operation: `kind`'s enum.
    let q = rest::list_owner_pets("Ann & Bob/Coé", "trace-1")
        .kind(ListOwnerPetsKind::Cat)
        .fields(vec!["name".to_owned(), "tag".to_owned()]);

    // Sans-IO: the request as built.
    let req = q.to_http(&h.base).expect("builds");
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.uri().path_and_query().map(|p| p.as_str()),
        Some("/api/owners/Ann%20%26%20Bob%2FCo%C3%A9/pets?kind=cat&fields=name,tag")
    );
    assert_eq!(req.headers().get("X-Trace-Id").and_then(|v| v.to_str().ok()), Some("trace-1"));

    // Page by page, by hand: `next_page` keeps the headers.
    let first = client.send(&q).expect("page 1");
    assert_eq!(first.items.len(), 1);
    let second_q = q.next_page(&first).expect("a second page");
    let second = client.send(&second_q).expect("page 2");
    assert_eq!(h.last().uri, "/api/owners/ann/pets?page=2");
    assert_eq!(header(&h.last(), "x-trace-id"), "trace-1");
    assert_eq!(second.items.len(), 2);
    let third = client.send(&second_q.next_page(&second).expect("a third page")).expect("page 3");
    assert_eq!(third.next_link, None);
    assert!(second_q.next_page(&third).is_none());

    // All pages: blocking and async clients.
    let before = h.all().len();
    let all = client.all_items(&q).expect("every page");
    let names: Vec<_> = all.iter().filter_map(|p| p.name.value().cloned()).collect();
    assert_eq!(names, ["Rex", "Tom", "Kit", "Bo"]);
    assert_eq!(h.all().len() - before, 3, "three requests");
    let async_client = Client::with_settings(h.settings()).expect("client");
    let all_async = h.rt.block_on(async_client.all_items(&q)).expect("every page");
    assert_eq!(all_async, all);

    // Documented 4XX: the typed error body; an undocumented 503: none.
    let q = rest::list_owner_pets("nobody", "t");
    let err = client.send(&q).expect_err("404");
    let body = q.error_body(&err).expect("4XX is documented").expect("Error model");
    assert_eq!(body.message, Field::Value("no owner".into()));
    let q = rest::list_owner_pets("broken", "t");
    let err = client.send(&q).expect_err("503");
    assert_eq!(err.odata().map(|e| e.status), Some(503));
    assert!(q.error_body(&err).is_none());
    // Items that are not an array: a clear error.
    match client.send(&rest::list_owner_pets("flat", "t")) {
        Err(Error::Body { status: 200, .. }) => {}
        other => panic!("expected a body error, got {other:?}"),
    }
    // Sans-IO parsing of pages that are not what was promised, without a server: never a panic.
    let q = rest::list_owner_pets("x", "t");
    for body in ["", "[]", "{}", r#"{"items":[],"next":5}"#, r#"{"items":[{"id":true}]}"#] {
        let resp = http_response(200, body);
        assert!(q.parse(&resp).is_err(), "{body}");
    }
    let ok = q.parse(&http_response(200, r#"{"items":null}"#)).expect("null items");
    assert_eq!(ok, request::ItemPage { items: Vec::new(), next_link: None });
}

/// Bodies other than JSON, sent to the server and read back by independent parsers: a form
/// (`form_urlencoded`, with the `encoding` styles of the document), a multipart upload with a
/// file (axum's `Multipart`, i.e. multer), plain text, and optional raw bytes.
#[test]
fn form_multipart_and_raw_bodies_over_http() {
    let h = Harness::start();
    let client = h.client();

    // A form: arrays repeat their name unless `explode: false` (`ids`: commas; `flags`:
    // `pipeDelimited`), `deepObject` nests in brackets, an explicit null is an empty value, an
    // absent member is not sent; names and values are percent-encoded.
    let form = SearchPetsRequest {
        name: Field::Value("Rex & Co=1".into()),
        tags: Field::Value(vec!["a b".into(), "ü".into()]),
        ids: Field::Value(vec![1, 2]),
        flags: Field::Value(vec!["x".into(), "y".into()]),
        filter: Field::Value(SearchPetsRequestFilter {
            color: Field::Value("red".into()),
            size: Field::Value(SearchPetsRequestFilterSize {
                min: Field::Value(3),
                ..Default::default()
            }),
            ..Default::default()
        }),
        note: Field::Null,
        ..Default::default()
    };
    let found = client.send(&rest::search_pets(&form)).expect("searchPets");
    assert_eq!(found.len(), 1);
    let seen = h.last();
    assert_eq!((seen.method.clone(), seen.uri.as_str()), (Method::POST, "/api/pets/search"));
    assert_eq!(header(&seen, "content-type"), "application/x-www-form-urlencoded");
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(&seen.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let expected = [
        ("name", "Rex & Co=1"),
        ("tags", "a b"),
        ("tags", "ü"),
        ("ids", "1,2"),
        ("flags", "x|y"),
        ("filter[color]", "red"),
        ("filter[size][min]", "3"),
        ("note", ""),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    assert_eq!(pairs, expected, "{}", String::from_utf8_lossy(&seen.body));
    assert!(!String::from_utf8_lossy(&seen.body).contains(' '), "spaces are encoded");

    // Multipart: text parts, an array as one part per item, an object as a JSON part, and the
    // binary member attached as a file with the document's media type.
    let upload = UploadPhotoRequest {
        caption: Field::Value("Rex \"asleep\"".into()),
        tags: Field::Value(vec!["cat".into(), "dog".into()]),
        size: Field::Value(UploadPhotoRequestSize { width: Field::Value(640), ..Default::default() }),
        ..Default::default()
    };
    let png: Vec<u8> = b"\x89PNG\r\n--odatagen-form-boundary\r\n\x00\xff".to_vec();
    let q = rest::upload_photo(5, &upload).multipart_file("photo", "rex.png", "image/png", png.clone());
    client.send(&q).expect("uploadPhoto");
    let seen = h.last();
    assert_eq!(seen.uri, "/api/pets/5/photo");
    let ct = header(&seen, "content-type").to_owned();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    // The file contains the first boundary tried: another one is chosen.
    assert!(!ct.ends_with("=odatagen-form-boundary"), "{ct}");
    let req = axum::http::Request::builder()
        .header("content-type", ct)
        .body(Body::from(seen.body.clone()))
        .expect("request");
    let parts = h.rt.block_on(async move {
        use axum::extract::FromRequest;
        let mut m = axum::extract::Multipart::from_request(req, &()).await.expect("multipart");
        let mut parts = Vec::new();
        while let Some(f) = m.next_field().await.expect("a well-formed part") {
            let name = f.name().unwrap_or_default().to_owned();
            let file = f.file_name().map(str::to_owned);
            let ct = f.content_type().map(str::to_owned);
            let data = f.bytes().await.expect("part data").to_vec();
            parts.push((name, file, ct, data));
        }
        parts
    });
    let text = |n: &str, d: &str| (n.to_owned(), None, None, d.as_bytes().to_vec());
    assert_eq!(
        parts,
        [
            text("caption", "Rex \"asleep\""),
            text("tags", "cat"),
            text("tags", "dog"),
            ("size".to_owned(), None, Some("application/json".to_owned()), br#"{"width":640}"#.to_vec()),
            ("photo".to_owned(), Some("rex.png".to_owned()), Some("image/png".to_owned()), png),
        ]
    );

    // Plain text, and optional bytes: set, then not set (no body, no content type).
    client.send(&rest::put_note(5, "fed at 8")).expect("putNote");
    let seen = h.last();
    assert_eq!((seen.method.clone(), seen.uri.as_str()), (Method::PUT, "/api/pets/5/note"));
    assert_eq!((header(&seen, "content-type"), seen.body.as_slice()), ("text/plain", b"fed at 8".as_slice()));
    client.send(&rest::put_avatar(5).request_body(vec![0u8, 1, 2])).expect("putAvatar");
    let seen = h.last();
    assert_eq!(header(&seen, "content-type"), "application/octet-stream");
    assert_eq!(seen.body, [0, 1, 2]);
    client.send(&rest::put_avatar(5)).expect("putAvatar without a body");
    let seen = h.last();
    assert!(seen.body.is_empty() && seen.headers.get("content-type").is_none());

    // A response of bytes: asked for with the media types the document lists.
    let photo = client.send(&rest::get_photo(5)).expect("getPhoto");
    assert_eq!(photo, b"\x89PNG");
    assert_eq!(header(&h.last(), "accept"), "image/png, image/jpeg");

    // Sans-IO: a file on a JSON body, or a form body that is not an object, fails the request
    // when it is built, naming what is wrong; nothing panics.
    let new = NewPet { name: Field::Value("x".into()), ..Default::default() };
    let q = rest::add_pet(&AnyNewPet::NewPet(Box::new(new))).multipart_file("f", "f", "a/b", vec![]);
    let m = build_error(&q);
    assert!(m.contains("file `f`") && m.contains("not multipart"), "{m}");
    let q = request::Query::<(), request::Empty, request::One>::operation("POST", "/x", &[204])
        .with_form_body(&vec![1, 2], &[]);
    let m = build_error(&q);
    assert!(m.contains("a form body is an object, not an array"), "{m}");
}

/// The form encoding's other shapes, sans-IO: exploded objects (members as pairs), `null` as an
/// empty value (in arrays too), nested values of an exploded array as JSON, `deepObject` arrays
/// and objects nested in brackets, delimited objects (names and values joined), and names that
/// need percent-encoding.
#[test]
fn form_encoding_shapes_sans_io() {
    use request::FormStyle;
    let body = serde_json::json!({
        "a": {"r": 1, "g": null},
        "b": [1, null, "x y"],
        "c": {"k": [1, 2], "m": {"n": true}},
        "d": [[1, 2], {"z": 1}],
        "e": {"p": "q", "s": 2},
        "f": ["u", "v"],
        "name with space": "ü&=",
    });
    let styles = [("c", FormStyle::Deep), ("e", FormStyle::Delimited(",")), ("f", FormStyle::Delimited(" "))];
    let q = request::Query::<(), request::Empty, request::One>::operation("POST", "/f", &[204])
        .with_form_body(&body, &styles);
    let req = q.to_http("http://h").expect("builds");
    assert_eq!(req.headers()["content-type"], "application/x-www-form-urlencoded");
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(req.body()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let expected = [
        ("r", "1"),
        ("g", ""),
        ("b", "1"),
        ("b", ""),
        ("b", "x y"),
        ("c[k][0]", "1"),
        ("c[k][1]", "2"),
        ("c[m][n]", "true"),
        ("d", "[1,2]"),
        ("d", r#"{"z":1}"#),
        ("e", "p,q,s,2"),
        ("f", "u v"),
        ("name with space", "ü&="),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    assert_eq!(pairs, expected, "{}", String::from_utf8_lossy(req.body()));
    // Only unreserved characters stay as they are.
    let text = String::from_utf8_lossy(req.body()).into_owned();
    assert!(text.starts_with("r=1&g=&b=1&b=&b=x%20y&c%5Bk%5D%5B0%5D=1&"), "{text}");
    // A multipart body that is not an object, sans-IO: an error naming it.
    let q = request::Query::<(), request::Empty, request::One>::operation("POST", "/f", &[204])
        .with_multipart_body(&serde_json::json!("text"), &[]);
    let m = build_error(&q);
    assert!(m.contains("a multipart body is an object, not a string"), "{m}");
}

/// The message of the build error `q` must fail with.
fn build_error<T, R, K, C>(q: &request::Query<T, R, K, C>) -> String {
    match q.to_http("http://h") {
        Err(Error::Build(m)) => m,
        other => panic!("expected a build error, got {other:?}"),
    }
}

fn http_response(status: u16, body: &str) -> request::http::Response<Vec<u8>> {
    request::http::Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .expect("response")
}

/// Path parameters never leave their segment; a missing value is an error, not a panic.
#[test]
fn sans_io_path_and_query_encoding() {
    let q = rest::find_pet_by_id(-1);
    assert_eq!(q.url("http://h/api"), "http://h/api/pets/-1");
    let q = rest::list_owner_pets("../..?a=b#c", "t");
    assert_eq!(q.url("http://h"), "http://h/owners/..%2F..%3Fa%3Db%23c/pets");
    let q = rest::list_owner_pets("a", "bad\nheader");
    assert!(matches!(q.to_http("http://h"), Err(Error::Build(_))));
    let parsed: Pet = odata::from_str(&pet(3, "Kit")).expect("pet");
    assert_eq!(parsed.tag, Field::Value("t3".into()));
    // A `oneOf` parameter is a union with `From` each alternative: the value is sent as itself.
    let q = rest::list_owner_pets("a", "t").age(3i64);
    assert_eq!(q.url("http://h"), "http://h/owners/a/pets?age=3");
    let q = rest::list_owner_pets("a", "t").age("young & old".to_owned());
    assert_eq!(q.url("http://h"), "http://h/owners/a/pets?age=young%20%26%20old");
    assert_eq!(ListOwnerPetsAge::from(5), ListOwnerPetsAge::Int64(5));
}

/// Query parameters in each OpenAPI style: objects exploded into their members, objects and
/// arrays joined (`,`, `|`, a space), `deepObject` brackets; an object header is `simple`.
#[test]
fn sans_io_query_parameter_styles() {
    use petstore_rest::models::{Color, FilterPetsSize, FilterPetsWhere, FilterPetsWhereAge};
    let color = Color {
        r: Field::Value(1),
        g: Field::Value(2),
        b: Field::Null,
        ..Color::default()
    };
    let q = rest::filter_pets(vec![3i64, 4])
        .color(color.clone())
        .size(FilterPetsSize {
            min: Field::Value(1),
            max: Field::Value(5),
            ..FilterPetsSize::default()
        })
        .r#where(FilterPetsWhere {
            name: Field::Value("kit & co".into()),
            age: Field::Value(FilterPetsWhereAge {
                gt: Field::Value(3),
                ..FilterPetsWhereAge::default()
            }),
            ..FilterPetsWhere::default()
        })
        .tags(vec!["a".to_owned(), "b c".to_owned()])
        .x_shade(color.clone());
    assert_eq!(
        q.url("http://h"),
        "http://h/pets/filter?ids=3%204&r=1&g=2&size=min,1,max,5\
         &where%5Bname%5D=kit%20%26%20co&where%5Bage%5D%5Bgt%5D=3&tags=a%7Cb%20c"
    );
    let http = q.to_http("http://h").expect("request");
    assert_eq!(http.headers()["X-Shade"], "r,1,g,2");

    // Setting a parameter again replaces every pair it wrote (an exploded object's members
    // too), and only those.
    let q = rest::filter_pets(Vec::<i64>::new())
        .color(color)
        .color(Color {
            b: Field::Value(9),
            ..Color::default()
        })
        .r#where(FilterPetsWhere {
            name: Field::Value("a".into()),
            ..FilterPetsWhere::default()
        })
        .r#where(FilterPetsWhere::default());
    assert_eq!(q.url("http://h"), "http://h/pets/filter?b=9");
}

#[test]
fn sans_io_content_encoded_parameters() {
    // `content` of a JSON media type: the value's JSON text, percent-encoded, in the path, the
    // query and a header; `text/plain`: the string itself.
    use petstore_rest::models::{Color, LocatePetsNear};
    let q = rest::locate_pets(
        Color {
            r: Field::Value(1),
            b: Field::Null,
            ..Color::default()
        },
        "s",
    )
    .near(LocatePetsNear {
        lat: Field::Value(1.5.into()),
        lon: Field::Value((-2.0).into()),
        ..LocatePetsNear::default()
    })
    .note("a b")
    .x_owner(vec!["x".to_owned(), "y, z".to_owned()]);
    let url = q.url("http://h");
    let http = q.to_http("http://h").expect("request");
    assert_eq!(http.headers()["X-Owner"], r#"["x","y, z"]"#);
    let (path, query) = url.split_once('?').expect("a query");
    let spot = path.strip_prefix("http://h/pets/at/").expect("path");
    assert!(!spot.contains(['{', '"', '/', '?']), "{url}");
    let spot = percent_encoding::percent_decode_str(spot).decode_utf8().expect("UTF-8");
    assert_eq!(spot, r#"{"r":1,"b":null}"#, "{url}");
    let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        query,
        [
            ("near".to_owned(), r#"{"lat":1.5,"lon":-2.0}"#.to_owned()),
            ("note".to_owned(), "a b".to_owned()),
        ],
        "{url}"
    );
}

#[test]
fn label_and_matrix_path_parameters() {
    // `label` (`.a,b`), `matrix` exploded (`;ids=3;ids=4`, an object's members `;r=1;g=2`),
    // each value percent-encoded; nothing is left of the placeholders.
    use petstore_rest::models::Color;
    let color = Color {
        r: Field::Value(1),
        g: Field::Value(2),
        ..Color::default()
    };
    let q = rest::styled_pets(vec!["a".to_owned(), "b c".to_owned()], vec![3, 4], color);
    assert_eq!(q.url("http://h"), "http://h/pets/styled/.a,b%20c/;ids=3;ids=4/;r=1;g=2");
    // No value: `.` and `;name`.
    let q = rest::styled_pets(Vec::<String>::new(), Vec::<i64>::new(), Color::default());
    assert_eq!(q.url("http://h"), "http://h/pets/styled/./;ids/;color");
}

#[test]
fn cookie_parameters_go_in_the_cookie_header() {
    // A required cookie is an argument, an optional one a setter; both go in one `Cookie`
    // header, beside a cookie the request already has, with characters a cookie value may not
    // hold percent-encoded; setting a cookie again replaces it.
    use petstore_rest::models::Color;
    let q = rest::locate_pets(Color::default(), "s 1;x")
        .header("Cookie", "theme=dark")
        .tags(vec!["a".to_owned(), "b,c".to_owned()]);
    let http = q.to_http("http://h").expect("request");
    assert_eq!(http.headers()["Cookie"], "session=s%201%3Bx; theme=dark; tags=a,b%2Cc");
    let http = q.clone().tags(vec!["é".to_owned()]).to_http("http://h").expect("request");
    assert_eq!(http.headers()["Cookie"], "session=s%201%3Bx; theme=dark; tags=%C3%A9");
    assert_eq!(http.headers().get_all("cookie").iter().count(), 1);
    // A `Cookie` header set after the parameters joins them: still one header.
    let http = q.header("Cookie", "lang=fr").to_http("http://h").expect("request");
    let cookies: Vec<_> = http.headers().get_all("cookie").iter().collect();
    assert_eq!(cookies, ["session=s%201%3Bx; theme=dark; tags=a,b%2Cc; lang=fr"]);
}

#[test]
fn rest_crate_is_fresh() {
    let dir = root().join("tests/rest");
    let file = ConfigFile::read(&dir.join("odatagen.toml")).expect("config");
    let (config, out) = file.to_config(&dir);
    let (_, stale) = config.check(&out).expect("generation succeeds");
    assert!(
        stale.is_empty(),
        "tests/rest/generated is stale; run `cargo run -p odatagen -- --config tests/rest/odatagen.toml`"
    );
}

/// Unsupported operation constructs: warnings naming the JSON pointer and the position; the
/// operation is generated without the construct (parameter serializations other than the
/// defaults, a malformed `x-ms-pageable`). Cookie parameters are supported: no warning.
#[test]
fn unsupported_operation_constructs_are_warnings_with_pointers() {
    let r = odatagen::Config::new()
        .metadata(root().join("tests/fixtures/rest/unsupported.yaml"))
        .crate_name("unsupported")
        .render()
        .expect("warnings only");
    let got: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("W032"))
        .map(|d| {
            let at = d.location.as_ref().map(|l| format!("{}:{}", l.line, l.column)).unwrap_or_default();
            let ptr = d.message.rsplit_once("(at `").map(|(_, p)| p.trim_end_matches("`)")).unwrap_or("");
            format!("{} {ptr} {at}", d.code)
        })
        .collect();
    assert_eq!(
        got,
        [
            "W0323 #/paths/~1notes/get/parameters/1 50:11",
            "W0323 #/paths/~1notes/get/parameters/2 59:11",
            "W0322 #/paths/~1notes/get/x-ms-pageable/itemName 78:19",
        ]
    );
    let rest: Vec<String> = r
        .files
        .iter()
        .map(|f| f.path.display().to_string())
        .filter(|p| p.starts_with("src/rest"))
        .collect();
    // Every operation is generated: multipart and plain-text bodies are sent too.
    assert_eq!(
        rest,
        ["src/rest/list_notes.rs", "src/rest/mod.rs", "src/rest/put_note.rs", "src/rest/upload.rs"]
    );
    let list = r.files.iter().find(|f| f.path.ends_with("list_notes.rs")).expect("listNotes");
    // Not paged (the warning): an OData-style collection response, `value` and next links.
    assert!(list.content.contains("crate::request::Collection<::std::string::String>"), "{}", list.content);
    // The cookie parameter (`session`, optional) is a setter sending it in the `Cookie` header.
    let upload = r.files.iter().find(|f| f.path.ends_with("upload.rs")).expect("upload");
    assert!(upload.content.contains(r#"self.cookie_param("session", &value.into())"#), "{}", upload.content);
    // `explode: false` is supported (no warning): one key, comma-separated.
    assert!(list.content.contains(r#"self.query_param_joined("ids", &value.into())"#), "{}", list.content);
}

/// Nothing past the IR knows the input format: a CSDL model has no HTTP operations, so no `rest`.
#[test]
fn csdl_models_get_no_rest_module() {
    let r = odatagen::Config::new()
        .metadata(root().join("tests/fixtures/trippin/TripPin.xml"))
        .crate_name("trippin")
        .render()
        .expect("renders");
    assert!(r.files.iter().all(|f| !f.path.starts_with("src/rest")));
    let lib = r.files.iter().find(|f| f.path.ends_with("lib.rs")).expect("lib.rs");
    assert!(!lib.content.contains("pub mod rest"));
    assert!(r.files.iter().any(|f| f.path.starts_with("src/requests")));
    // The `requests` switch covers the `rest` module too.
    let petstore = |requests: bool| {
        odatagen::Config::new()
            .metadata(root().join("tests/fixtures/petstore/petstore.yaml"))
            .crate_name("petstore")
            .requests(requests)
            .render()
            .expect("renders")
            .files
            .iter()
            .filter(|f| f.path.starts_with("src/rest") || f.content.contains("pub mod rest"))
            .count()
    };
    assert_eq!((petstore(true), petstore(false)), (5, 0), "lib.rs, mod.rs and three operations");
}

/// Crates generated from the real OpenAPI inputs, request code included, pass clippy with
/// `-D warnings -D missing_docs` (with the `client` feature) and rustdoc with `-D warnings`. One
/// scratch workspace (under `target/odatagen-scale/`, outside the main workspace) with the main
/// workspace's lock file, built in the compile tests' target directory: dependencies are shared.
#[test]
fn openapi_request_code_is_clippy_and_rustdoc_clean() {
    let inputs = [
        ("petstore", "tests/fixtures/petstore/petstore.yaml"),
        ("petstore-expanded", "tests/fixtures/petstore/petstore-expanded.yaml"),
        ("petstore-paged", "tests/fixtures/rest/petstore-paged.yaml"),
        ("graph-style", "tests/fixtures/openapi/graph_style.yaml"),
        ("graph-excerpt", "tests/fixtures/openapi/graph-excerpt.json"),
        ("graph-openapi", "metadata/graph/credentialUserRegistrationCount.openapi.yaml"),
        ("trippin-openapi", "tests/fixtures/trippin/TripPin.openapi3.json"),
        ("names", "tests/fixtures/rest/names.yaml"),
        ("swagger2-features", "tests/fixtures/swagger2/features.yaml"),
    ];
    let root = root();
    let ws = root.join("target/odatagen-scale/rest-check");
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(&ws).expect("scratch dir");
    let mut operations = 0;
    for (name, input) in inputs {
        let r = odatagen::Config::new()
            .metadata(root.join(input))
            .input_label(input)
            .crate_name(name)
            .render()
            .unwrap_or_else(|e| panic!("{input}: {e}"));
        operations += r.files.iter().filter(|f| f.path.starts_with("src/rest") && !f.path.ends_with("mod.rs")).count();
        for f in &r.files {
            let path = ws.join(name).join(&f.path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            std::fs::write(&path, &f.content).expect("write");
        }
    }
    // petstore 3, petstore-expanded 4, paged 13 (with the form, multipart and raw bodies, the
    // query and path styles and the `content`-encoded parameters), graph excerpt and graph openapi 3 each, TripPin 60 (its `$batch` is
    // `multipart/mixed`: raw bytes), the naming hazards 7, the Swagger 2.0 fixture 3 (with its
    // multipart upload).
    assert_eq!(operations, 3 + 4 + 13 + 3 + 3 + 60 + 7 + 3);
    let members: Vec<String> = inputs.iter().map(|(n, _)| format!("{n:?}")).collect();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).expect("lock file");
    let cargo = |args: &[&str], env: &[(&str, &str)]| {
        let (sub, rest) = args.split_first().expect("a cargo subcommand");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.arg(sub)
            .arg("--manifest-path")
            .arg(ws.join("Cargo.toml"))
            .args(rest)
            .env("CARGO_TARGET_DIR", root.join("target/odatagen-compile-check"))
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("cargo runs");
        assert!(out.status.success(), "cargo {args:?}:\n{}", String::from_utf8_lossy(&out.stderr));
    };
    cargo(
        &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings", "-D", "missing_docs"],
        &[],
    );
    cargo(&["doc", "--workspace", "--no-deps", "--all-features"], &[("RUSTDOCFLAGS", "-D warnings")]);
}

/// `x-ms-pageable` is read into the IR's neutral paging description (defaults included), and
/// OData collection responses are marked as `value`-wrapped.
#[test]
fn x_ms_pageable_is_read_into_the_ir() {
    use odatagen::ir::http::HttpPaging;
    let (m, _) = odatagen::frontend::load(&root().join("metadata/graph/credentialUserRegistrationCount.openapi.yaml"))
        .expect("loads");
    let f = m
        .http
        .iter()
        .find(|o| o.path.ends_with("getCredentialUserRegistrationCount()"))
        .expect("function path");
    assert_eq!(
        f.paging,
        Some(HttpPaging {
            item_name: "value".into(),
            next_link_name: Some("@odata.nextLink".into()),
            operation_name: Some("listMore".into()),
        })
    );
    let ok = f.responses.iter().find(|r| r.status == "2XX").expect("2XX");
    assert!(ok.value_wrapped && ok.ty.as_ref().is_some_and(|t| t.collection));
    assert_eq!(ok.media_type.as_deref(), Some("application/json"));
    let (m, _) = odatagen::frontend::load(&root().join("tests/fixtures/rest/petstore-paged.yaml")).expect("loads");
    let list = m.http.iter().find(|o| o.operation_id.as_deref() == Some("listOwnerPets")).expect("listOwnerPets");
    assert_eq!(
        list.paging,
        Some(HttpPaging { item_name: "items".into(), next_link_name: Some("next".into()), operation_name: None })
    );
    assert!(!list.responses.iter().any(|r| r.value_wrapped), "a named page type, not `value`");
    assert!(m.http.iter().filter(|o| o.operation_id.as_deref() != Some("listOwnerPets")).all(|o| o.paging.is_none()));
}

/// Operation and parameter names: from the naming module, unique per scope, clear of the runtime's
/// `Query` methods; ids without a usable name fall back to method and path.
#[test]
fn operation_names_are_unique_and_clear_of_the_runtime() {
    let r = odatagen::Config::new()
        .metadata(root().join("tests/fixtures/rest/names.yaml"))
        .crate_name("names")
        .render()
        .expect("renders");
    let file = |p: &str| {
        r.files
            .iter()
            .find(|f| f.path == Path::new(p))
            .map(|f| f.content.clone())
            .unwrap_or_else(|| panic!("{p}"))
    };
    let m = file("src/rest/mod.rs");
    for u in [
        "get_thing::{get_thing, GetThing}",
        // Its error statuses document different types: an enum by status.
        "get_thing_2::{get_thing_2, GetThing2, GetThing2Error}",
        "post_things::{post_things, PostThings}",
        "delete_things::{delete_things, DeleteThings}",
        "r_mod::{r#mod, Mod}",
        "self_::{self_, SelfType}",
    ] {
        assert!(m.contains(u), "{u} in {m}");
    }
    let get = file("src/rest/get_thing.rs");
    for s in [
        "r#type: impl ::core::convert::Into<::std::string::String>",
        "self_: impl ::core::convert::Into<i64>",
        "body: impl ::core::convert::Into<::std::string::String>",
        "body_2: impl ::core::convert::Into<::std::string::String>",
        r#".header_param("Body", &body_2.into())"#,
        "pub fn header_2(",
        "pub fn to_http_2(",
        "pub fn error_body_2(",
        "pub fn top(",
        "pub fn a_b(self, value: impl ::core::convert::Into<::std::vec::Vec<i64>>)",
        "pub fn a_b_2(self, value: impl ::core::convert::Into<bool>)",
        "crate::request::Optional<::std::string::String>",
    ] {
        assert!(get.contains(s), "{s} in {get}");
    }
    assert!(!get.contains("\"Accept\""), "Accept is the runtime's");
    let put = file("src/rest/get_thing_2.rs");
    assert!(put.contains("crate::request::Json<crate::odata::Untyped>"), "two success types: {put}");
    assert!(put.contains("404u16 => ::core::option::Option::None"), "{put}");
    for s in [
        "pub enum GetThing2Error {",
        // Structs boxed (clippy's `large_enum_variant`).
        "Status4xx(::std::boxed::Box<crate::models::Problem>),",
        "Status5xx(::std::string::String),",
        "e.body_as().map(GetThing2Error::Status5xx)",
    ] {
        assert!(put.contains(s), "{s} in {put}");
    }
    assert!(file("src/rest/r_mod.rs").contains("crate::request::Bytes"));
    // Azure style: `value` items, `nextLink`.
    let azure = file("src/rest/things_list.rs");
    assert!(azure.contains("crate::request::Paged<crate::models::Thing, ThingsList>"), "{azure}");
    assert!(azure.contains(r#"const ITEMS: &'static str = "value";"#), "{azure}");
    assert!(file("src/rest/self_.rs").contains("const NEXT_LINK: ::core::option::Option<&'static str> = ::core::option::Option::None;"));
}
