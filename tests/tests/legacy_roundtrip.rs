//! OData V2/V3 models (`tests/legacy/generated`, from the crafted V2 document
//! `tests/fixtures/csdl/legacy_v2.xml`) read and write V1–V3 JSON exactly: the `{"d": ...}`
//! envelope, collections as `{"results": [...]}` objects (with `__count` and `__next`), as arrays
//! (V1, V3) or as deferred links, Int64 and Double as strings, `/Date(ms)/` and offset-less ISO
//! date-times, `Edm.Time` as a duration, and `__metadata` kept as data. Invalid values fail with
//! the JSON path.
//!
//! The payloads follow the shapes real V2 services send (the OData.org V2 demo service, SAP
//! Gateway, Apache Olingo V2): see `Results` and `Verbose` in the runtime.

use legacy_v2::models::{AnyOrder, Customer, Order};
use legacy_v2::odata::{self, Quoted, Results, Verbose};
use odatagen::config::ConfigFile;
use odatagen_tests::root;

/// Reads `json` with `read` and writes it back with `write`: the output must be the input's
/// compact form.
#[track_caller]
fn roundtrip<T, E: std::fmt::Display>(
    json: &str,
    read: fn(&str) -> Result<T, E>,
    write: fn(&T) -> Result<String, E>,
) -> T {
    let value: T = read(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let out = write(&value).unwrap_or_else(|e| panic!("{e}"));
    // Both sides as serde_json writes them (member order kept: `preserve_order`): unknown
    // members come back as the text they were read as (`"\/Date(...)\/"` stays so), known
    // ones as serde_json writes their values.
    let normal = |text: &str| {
        let v: serde_json::Value = serde_json::from_str(text).expect("JSON");
        serde_json::to_string(&v).expect("compact")
    };
    assert_eq!(normal(&out), normal(json), "not exact");
    value
}

/// [`roundtrip`] through the models of `tests/legacy/generated`.
#[track_caller]
fn exact<T: odata::Wire>(json: &str) -> T {
    roundtrip(json, odata::from_str::<T>, odata::to_string::<T>)
}

/// [`roundtrip`] through the models of `tests/legacy/olingo/generated`.
#[track_caller]
fn exact_olingo<T: olingo_ref_v2::odata::Wire>(json: &str) -> T {
    use olingo_ref_v2::odata as o;
    roundtrip(json, o::from_str::<T>, o::to_string::<T>)
}

/// A V2 verbose JSON page of orders: entities with `__metadata`, deferred and expanded
/// navigation properties, quoted Int64 and Double, `/Date(ms)/`, `__count` and `__next`.
const PAGE: &str = r#"{
  "d": {
    "results": [
      {
        "__metadata": {
          "id": "https://example.com/svc/Orders(1L)",
          "uri": "https://example.com/svc/Orders(1L)",
          "type": "Legacy.Order"
        },
        "ID": "1",
        "Placed": "\/Date(1700000000000)\/",
        "Window": "PT13H20M",
        "Weight": "1.5E+01",
        "Customer": {
          "__deferred": { "uri": "https://example.com/svc/Orders(1L)/Customer" }
        },
        "Lines": {
          "results": [
            {
              "__metadata": { "uri": "https://example.com/svc/Lines(1)", "type": "Legacy.Line" },
              "No": 1,
              "Order": { "__deferred": { "uri": "https://example.com/svc/Lines(1)/Order" } }
            }
          ]
        }
      },
      {
        "__metadata": { "uri": "https://example.com/svc/Orders(2L)", "type": "Legacy.RushOrder" },
        "ID": "2",
        "Placed": "\/Date(-86400000+0060)\/",
        "Window": null,
        "Weight": 2.5,
        "Deadline": "\/Date(1700000000000+0000)\/",
        "Customer": {
          "__metadata": { "uri": "https://example.com/svc/Customers('c')", "type": "Legacy.Customer" },
          "ID": "c",
          "Orders": { "__deferred": { "uri": "https://example.com/svc/Customers('c')/Orders" } }
        },
        "Lines": { "__deferred": { "uri": "https://example.com/svc/Orders(2L)/Lines" } }
      }
    ],
    "__count": "2",
    "__next": "https://example.com/svc/Orders?$skiptoken=2L"
  }
}"#;

#[test]
fn verbose_v2_payloads_round_trip_exactly_and_read_typed() {
    let page: Verbose<Results<AnyOrder>> = exact(PAGE);
    let orders = &page.d;
    assert!(!orders.is_array() && !orders.is_deferred());
    assert_eq!(orders.count(), Some(2));
    assert_eq!(
        orders.next_link(),
        Some("https://example.com/svc/Orders?$skiptoken=2L")
    );
    let AnyOrder::Order(first) = &orders[0] else {
        panic!("{:?}", orders[0])
    };
    // Quoted numbers: the value, and the text they came in.
    let id = first.id.value().expect("ID");
    assert_eq!((**id, id.text()), (1, Some("1")));
    assert_eq!(f64::from(**first.weight.value().expect("Weight")), 15.0);
    let placed = first.placed.value().expect("Placed");
    assert_eq!(placed.epoch_millis(), Some(1_700_000_000_000));
    assert_eq!(first.window.value().expect("Window").as_str(), "PT13H20M");
    // Navigation: deferred (to one: an entity of `__deferred` only; to many: no items), expanded.
    let lines = first.lines.value().expect("Lines");
    assert_eq!(lines.len(), 1);
    assert_eq!(*lines[0].no.value().expect("No"), 1);
    assert!(first.customer.value().expect("Customer").id.is_absent());
    // ... which `expanded` tells from an entity that was expanded.
    assert!(first.customer.expanded().is_none());
    assert_eq!(first.customer.deferred_uri(), Some("https://example.com/svc/Orders(1L)/Customer"));
    // `__metadata` is kept as data (member order included).
    assert_eq!(
        first
            .additional_data
            .get("__metadata")
            .and_then(|m| m.get("type")),
        Some(&serde_json::json!("Legacy.Order"))
    );
    // V2 dispatch is by `__metadata.type`: the derived entity is read as itself.
    let AnyOrder::RushOrder(second) = &orders[1] else {
        panic!("{:?}", orders[1])
    };
    assert_eq!(
        second.deadline.value().and_then(|d| d.epoch_millis()),
        Some(1_700_000_000_000)
    );
    assert!(second.additional_data.get("__metadata").is_some());
    let customer = second.customer.expanded().expect("expanded");
    assert_eq!(customer.id.value().map(String::as_str), Some("c"));
    assert_eq!(second.customer.deferred_uri(), None);
    assert_eq!(
        second.placed.value().and_then(|p| p.epoch_millis()),
        Some(-86_400_000)
    );
    let lines = second.lines.value().expect("Lines");
    assert!(lines.is_deferred() && lines.is_empty());
    assert_eq!(
        lines.deferred_uri(),
        Some("https://example.com/svc/Orders(2L)/Lines")
    );
    let customer: &Customer = second.customer.value().expect("Customer");
    assert!(customer.orders.value().expect("Orders").is_deferred());
}

#[test]
fn v1_arrays_and_v3_json_round_trip_exactly() {
    // V1: the envelope holds the array itself.
    let page: Verbose<Results<Order>> =
        exact(r#"{"d":[{"__metadata":{"uri":"u"},"ID":"7","Lines":[{"No":2}]}]}"#);
    assert!(page.d.is_array());
    assert_eq!(page.d[0].lines.value().map(|l| l.len()), Some(1));
    // V3 JSON light: annotations without `@`, arrays, ISO date-times without an offset, numbers
    // as numbers.
    let order: Order = exact(
        r#"{"odata.type":"Legacy.Order","ID":9007199254740993,"Placed":"2024-02-29T23:59:59.1234567","Weight":"INF","Lines":[]}"#,
    );
    assert_eq!(**order.id.value().expect("ID"), 9_007_199_254_740_993);
    assert!(order.id.value().expect("ID").text().is_none());
    assert!(f64::from(**order.weight.value().expect("Weight")).is_infinite());
    // V3 dispatch is by `odata.type`, wherever it is among the members.
    let rush: AnyOrder =
        exact(r#"{"ID":"3","odata.type":"Legacy.RushOrder","Deadline":"2024-01-01T00:00:00Z"}"#);
    let AnyOrder::RushOrder(rush) = rush else {
        panic!("{rush:?}")
    };
    assert_eq!(**rush.id.value().expect("ID"), 3);
    let base: AnyOrder = exact(r#"{"odata.type":"Legacy.Order","ID":"4"}"#);
    assert!(matches!(base, AnyOrder::Order(_)), "{base:?}");
    // A V3 JSON light collection response: `value`, with `odata.metadata` and `odata.nextLink`.
    let page: odata::Page<Order> = exact(
        r#"{"odata.metadata":"https://example.com/svc/$metadata#Orders","value":[{"ID":"5"}],"odata.nextLink":"https://example.com/svc/Orders?$skiptoken=5"}"#,
    );
    assert_eq!(page.value.len(), 1);
    assert_eq!(
        page.next_link(),
        Some("https://example.com/svc/Orders?$skiptoken=5")
    );
}

#[test]
fn invalid_legacy_values_fail_with_the_path() {
    for (json, path, reason) in [
        (r#"{"d":{"ID":"12x"}}"#, "d.ID", "invalid number \"12x\""),
        (
            r#"{"d":{"ID":"9223372036854775808"}}"#,
            "d.ID",
            "invalid number",
        ),
        (
            r#"{"d":{"Placed":"yesterday"}}"#,
            "d.Placed",
            "invalid Edm.DateTime \"yesterday\"",
        ),
        (
            r#"{"d":{"Placed":"/Date(12)"}}"#,
            "d.Placed",
            "invalid Edm.DateTime",
        ),
        (
            r#"{"d":{"Lines":"none"}}"#,
            "d.Lines",
            "an array, or an object with `results`",
        ),
        (
            r#"{"d":{"Lines":{"results":[],"results":[]}}}"#,
            "d.Lines",
            "duplicate field `results`",
        ),
        (r#"{"d":{},"error":{}}"#, ".", "unknown field `error`"),
    ] {
        let e = odata::from_str::<Verbose<Order>>(json).expect_err(json);
        assert_eq!(e.path(), path, "{json}: {e}");
        assert!(e.to_string().contains(reason), "{json}: {e}");
    }
}

#[test]
fn values_made_in_code_are_written_in_the_v2_forms_chosen() {
    let order = Order {
        id: odata::Field::Value(Quoted::new(5)),
        lines: odata::Field::Value(Results::wrapped(Vec::new())),
        ..Order::default()
    };
    assert_eq!(
        odata::to_string(&order).expect("json"),
        r#"{"ID":5,"Lines":{"results":[]}}"#
    );
    let mut id = Quoted::with_text(5_i64, "5");
    assert_eq!(odata::to_string(&id).expect("json"), r#""5""#);
    id.set(6);
    assert_eq!(odata::to_string(&id).expect("json"), "6");
}

/// The request code of a V2 crate speaks V2: typed key literals, `$inlinecount`, `MERGE`, and
/// responses read from the `{"d": ...}` envelope (a feed's `__next` and `__count` as the page's).
#[test]
fn v2_requests_use_v2_urls_and_read_v2_responses() {
    use legacy_v2::requests;
    use legacy_v2::requests::entities::OrderProperty as P;
    assert_eq!(legacy_v2::ODATA_VERSION, "2.0");
    let base = "https://example.com/svc";
    let order = requests::orders().by_key(1_i64);
    let get = order.get();
    assert_eq!(get.url(base), "https://example.com/svc/Orders(1L)");
    let list = requests::orders()
        .list()
        .filter("Weight gt 2")
        .select(&[P::Id, P::Placed])
        .top(2)
        .with_count();
    assert_eq!(
        list.url(base),
        "https://example.com/svc/Orders?$filter=Weight%20gt%202&$select=ID,Placed&$top=2&$inlinecount=allpages"
    );
    let lines = order.lines().list();
    assert_eq!(lines.url(base), "https://example.com/svc/Orders(1L)/Lines");
    let customer = requests::customers().by_key("it's");
    assert_eq!(customer.get().url(base), "https://example.com/svc/Customers('it''s')");
    let update = order.update(&AnyOrder::Order(Box::default()));
    assert_eq!(update.method().as_str(), "MERGE");

    // Responses: the page of `PAGE`, and one order.
    let page = list
        .parse_parts(200, &Default::default(), PAGE.as_bytes())
        .expect("a V2 feed");
    assert_eq!(page.value.len(), 2);
    assert_eq!(page.count.value(), Some(&2));
    assert_eq!(page.next_link(), Some("https://example.com/svc/Orders?$skiptoken=2L"));
    let next = list.next_page(&page).expect("a next page");
    assert_eq!(next.url(base), "https://example.com/svc/Orders?$skiptoken=2L");
    let one = get
        .parse_parts(200, &Default::default(), br#"{"d":{"ID":"1","Weight":"2.5"}}"#)
        .expect("a V2 entity");
    let AnyOrder::Order(one) = one else { panic!("{one:?}") };
    assert_eq!(**one.id.value().expect("ID"), 1);
    // A V2 error: `message` is an object.
    let err = get
        .parse_parts(
            404,
            &Default::default(),
            br#"{"error":{"code":"NotFound","message":{"lang":"en","value":"No order 1"}}}"#,
        )
        .expect_err("an error");
    let odata = err.odata().expect("an OData error");
    assert_eq!((odata.code.as_str(), odata.message.as_str()), ("NotFound", "No order 1"));
}

/// `$batch` of a V2 service: the multipart format (V2 has no JSON batch), a `MERGE` in a change
/// set, and a response as SAP Gateway writes it (parts without `Content-ID`, the entity in `d`).
#[test]
fn v2_batch_is_multipart() {
    use legacy_v2::request::{Batch, Error as V2Error};
    use legacy_v2::requests;
    let base = "https://example.com/svc";
    let mut batch = Batch::new();
    let order = requests::orders().by_key(1_i64);
    let get = batch.add(&order.get());
    let merge = batch.add_atomic("c1", &order.update(&AnyOrder::Order(Box::default())));
    match batch.query().to_http(base) {
        Err(V2Error::Build(m)) => assert!(m.contains("no JSON batch format"), "{m}"),
        other => panic!("expected a build error, got {other:?}"),
    }
    let q = batch.multipart_query();
    let http = q.to_http(base).expect("builds");
    assert_eq!(http.uri(), "https://example.com/svc/$batch");
    let body = String::from_utf8(http.body().clone()).expect("text");
    assert!(body.contains("\r\nGET Orders(1L) HTTP/1.1\r\nAccept: application/json\r\n"), "{body}");
    assert!(body.contains("\r\nMERGE Orders(1L) HTTP/1.1\r\n"), "{body}");
    let answer = "--batch_abc\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDataServiceVersion: 2.0\r\n\r\n{\"d\":{\"ID\":\"1\",\"Weight\":\"2.5\"}}\r\n\
--batch_abc\r\nContent-Type: multipart/mixed; boundary=changeset_def\r\n\r\n\
--changeset_def\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
HTTP/1.1 204 No Content\r\nDataServiceVersion: 1.0\r\n\r\n\r\n--changeset_def--\r\n\
--batch_abc--\r\n";
    let responses = q
        .parse_parts(200, &Default::default(), answer.as_bytes())
        .expect("a V2 batch response");
    let AnyOrder::Order(one) = responses.get(&get).expect("the entity, out of `d`") else {
        panic!("not an order")
    };
    assert_eq!(**one.id.value().expect("ID"), 1);
    assert_eq!(responses.get(&merge).expect("204"), None);
}

/// OData V1–V3 has no `$search`: a V1–V3 crate's collections do not offer it, a V4 crate's do.
#[test]
fn v2_crates_offer_no_search() {
    let read = |p: &str| std::fs::read_to_string(root().join(p)).expect("generated options");
    for v2 in ["tests/legacy/generated", "tests/legacy/olingo/generated"] {
        let options = read(&format!("{v2}/src/requests/options.rs"));
        assert!(options.contains("fn with_count("), "{v2}");
        assert!(!options.contains("fn search("), "{v2}");
    }
    assert!(read("tests/e2e/generated/src/requests/options.rs").contains("fn search("));
}

/// Key literals of every V2 primitive key type (Olingo's entity types named after them).
#[test]
fn v2_key_literals() {
    use olingo_ref_v2::odata::{
        Binary, DateTime, DateTimeOffset, Decimal, Double, Duration, Guid, Single,
    };
    use olingo_ref_v2::requests as r;
    assert_eq!(r::int64s().by_key(-5_i64).path().as_str(), "/Int64s(-5L)");
    assert_eq!(r::int32s().by_key(7).path().as_str(), "/Int32s(7)");
    assert_eq!(r::booleans().by_key(true).path().as_str(), "/Booleans(true)");
    assert_eq!(r::strings().by_key("a b").path().as_str(), "/Strings('a%20b')");
    let guid: Guid = "01234567-89ab-cdef-0123-456789abcdef".parse().expect("guid");
    assert_eq!(r::guids().by_key(guid).path().as_str(), "/Guids(guid'01234567-89ab-cdef-0123-456789abcdef')");
    let dt: DateTime = "2024-01-02T03:04:05".parse().expect("datetime");
    assert_eq!(r::date_times().by_key(dt).path().as_str(), "/DateTimes(datetime'2024-01-02T03:04:05')");
    let dto: DateTimeOffset = "2024-01-02T03:04:05Z".parse().expect("datetimeoffset");
    assert_eq!(r::date_time_offsets().by_key(dto).path().as_str(), "/DateTimeOffsets(datetimeoffset'2024-01-02T03:04:05Z')");
    // Values as V2 JSON carries them (`/Date(ms)/`, SAP's form) address what they name: the
    // literal is the ISO form; a model's Edm.DateTimeOffset (a `DateTime` in V1–V3 crates)
    // converts to the key's `DateTimeOffset`.
    let read: DateTime = "/Date(1492041600000)/".parse().expect("datetime");
    assert_eq!(r::date_times().by_key(read).path().as_str(), "/DateTimes(datetime'2017-04-13T00:00:00')");
    let read: DateTime = "/Date(253402300799000+0000)/".parse().expect("datetime");
    let dto = DateTimeOffset::from(&read);
    assert_eq!(r::date_time_offsets().by_key(dto).path().as_str(), "/DateTimeOffsets(datetimeoffset'9999-12-31T23:59:59Z')");
    let before_1970: DateTime = "/Date(-86399999)/".parse().expect("datetime");
    assert_eq!(before_1970.to_iso(), "1969-12-31T00:00:00.001");
    let t: Duration = "PT13H20M".parse().expect("time");
    assert_eq!(r::times().by_key(t).path().as_str(), "/Times(time'PT13H20M')");
    let d: Decimal = "2.50".parse().expect("decimal");
    assert_eq!(r::decimals().by_key(d).path().as_str(), "/Decimals(2.50M)");
    assert_eq!(r::doubles().by_key(Double::from(1.5)).path().as_str(), "/Doubles(1.5d)");
    assert_eq!(r::singles().by_key(Single::from(0.5_f32)).path().as_str(), "/Singles(0.5f)");
    // Edm.Binary: the bytes in hexadecimal (V2's `binary'...'`), whatever base64 form holds them.
    let bytes = Binary::from_bytes(&[0x0a, 0xbc, 0xff]);
    assert_eq!(r::binaries().by_key(bytes).path().as_str(), "/Binaries(binary'0ABCFF')");
    assert_eq!(r::employees().by_key("1").ne_room().path().as_str(), "/Employees('1')/ne_Room");
}

/// Service operations (function imports) of V2 metadata: `GET` or `POST` of `/Name?p=literal`,
/// results read from the forms Olingo V2 writes them in (`JsonEntityProvider`): an entity as the
/// `d` member, a complex or primitive value wrapped in a member named after the operation, a
/// collection as a `results` array beside a `__metadata` member.
#[test]
fn v2_service_operations() {
    use legacy_v2::odata::DateTime;
    use olingo_ref_v2::models::AnyEmployee;
    use olingo_ref_v2::requests as r;
    let base = "https://example.com/ref.svc";
    let headers = Default::default();

    let search = r::employee_search("Walter's").top(1);
    assert_eq!(search.method().as_str(), "GET");
    assert_eq!(search.url(base), "https://example.com/ref.svc/EmployeeSearch?q='Walter''s'&$top=1");
    let page = search
        .parse_parts(
            200,
            &headers,
            br#"{"d":{"results":[{"__metadata":{"type":"RefScenario.Employee"},"EmployeeId":"1","Age":52}]}}"#,
        )
        .expect("a feed of employees");
    let [AnyEmployee::Employee(walter)] = page.value.as_slice() else { panic!("{page:?}") };
    assert_eq!(walter.employee_id.value().map(String::as_str), Some("1"));

    let locations = r::all_locations()
        .parse_parts(
            200,
            &headers,
            br#"{"d":{"__metadata":{"type":"Collection(RefScenario.c_Location)"},"results":[{"__metadata":{"type":"RefScenario.c_Location"},"City":{"__metadata":{"type":"RefScenario.c_City"},"PostalCode":"69124","CityName":"Heidelberg"},"Country":"Germany"}]}}"#,
        )
        .expect("a collection of complex values");
    assert_eq!(locations.value[0].country.value().map(String::as_str), Some("Germany"));
    assert!(locations.additional_data.get("__metadata").is_some(), "{locations:?}");

    let rooms = r::all_used_room_ids()
        .parse_parts(200, &headers, br#"{"d":{"__metadata":{"type":"Collection(Edm.String)"},"results":["1","3"]}}"#)
        .expect("a collection of strings");
    assert_eq!(rooms.value, ["1", "3"]);

    let age = r::maximal_age();
    assert_eq!(age.url(base), "https://example.com/ref.svc/MaximalAge");
    // Results may be null (V1–V3 cannot say they are not): `Option`s.
    assert_eq!(age.parse_parts(200, &headers, br#"{"d":{"MaximalAge":56}}"#).expect("Int16"), Some(56));
    assert_eq!(age.parse_parts(200, &headers, br#"{"d":{"MaximalAge":null}}"#).expect("null"), None);
    assert_eq!(age.parse_parts(200, &headers, b"null").expect("a bare null"), None);

    let location = r::most_common_location()
        .parse_parts(
            200,
            &headers,
            br#"{"d":{"MostCommonLocation":{"__metadata":{"type":"RefScenario.c_Location"},"City":{"__metadata":{"type":"RefScenario.c_City"},"PostalCode":"69124","CityName":"Heidelberg"},"Country":"Germany"}}}"#,
        )
        .expect("a complex value")
        .expect("not null");
    let city = location.city.value().expect("City");
    assert_eq!(city.city_name.value().map(String::as_str), Some("Heidelberg"));

    let photo = r::manager_photo("1");
    assert_eq!(photo.url(base), "https://example.com/ref.svc/ManagerPhoto?Id='1'");
    let bytes = photo.parse_parts(200, &headers, br#"{"d":{"ManagerPhoto":"AAEC"}}"#).expect("Binary").expect("not null");
    assert_eq!(bytes.bytes(), [0, 1, 2]);

    let oldest = r::oldest_employee()
        .parse_parts(
            200,
            &headers,
            br#"{"d":{"__metadata":{"type":"RefScenario.Employee"},"EmployeeId":"3","Age":56}}"#,
        )
        .expect("an entity")
        .expect("not null");
    let AnyEmployee::Employee(oldest) = oldest else { panic!("{oldest:?}") };
    assert_eq!(oldest.age.value(), Some(&56));

    // The crafted V2 document: a typed literal parameter, and a `POST` operation with no result.
    let since: DateTime = "2024-01-02T00:00:00".parse().expect("datetime");
    let orders = legacy_v2::requests::orders_since(since);
    assert_eq!(orders.url(base), "https://example.com/ref.svc/OrdersSince?since=datetime'2024-01-02T00:00:00'");
    let reset = legacy_v2::requests::reset();
    assert_eq!((reset.method().as_str(), reset.body()), ("POST", None));
    assert_eq!(reset.url(base), "https://example.com/ref.svc/Reset");
    reset.parse_parts(204, &headers, b"").expect("no content");
}

/// How an Olingo payload comes: in the `d` envelope (an entity or a feed), or bare.
#[derive(Clone, Copy, Debug)]
enum Shape {
    Entity,
    Feed,
    Bare,
}

/// Olingo's payloads: (file, entity type in `RefScenario`, shape). Where an entity has no
/// `__metadata`, the type is that of the request its test reads it for.
const OLINGO: &[(&str, &str, Shape)] = &[
    (
        "JsonBuildingWithInlineRoomsClientCase.json",
        "Building",
        Shape::Entity,
    ),
    (
        "JsonBuildingWithInlineRoomsFeedToEmployees.json",
        "Building",
        Shape::Entity,
    ),
    ("JsonEmployeeContentOnly.json", "Employee", Shape::Entity),
    (
        "JsonEmployeeContentOnlyWithAdditionalLink.json",
        "Employee",
        Shape::Entity,
    ),
    (
        "JsonEmployeeInlineRoomBuilding.json",
        "Employee",
        Shape::Entity,
    ),
    (
        "JsonEmployeeInlineRoomBuildingWithoutMetadata.json",
        "Employee",
        Shape::Entity,
    ),
    (
        "jsonEmployeesWithDifferentInlines.json",
        "Room",
        Shape::Bare,
    ),
    (
        "JsonInlineRoomWithInlineNull.json",
        "Employee",
        Shape::Entity,
    ),
    ("JsonRoom.json", "Room", Shape::Entity),
    (
        "JsonRoom_EmptyInlineEmployeesToTeam.json",
        "Room",
        Shape::Entity,
    ),
    ("JsonRoom_InlineEmployeesToTeam.json", "Room", Shape::Entity),
    (
        "JsonRoom_InlineEmployeesToTeamWithoutMetadata.json",
        "Room",
        Shape::Entity,
    ),
    ("JsonRoomContentOnly.json", "Room", Shape::Entity),
    (
        "JsonRooms_InlineEmployees_InlineBuilding.json",
        "Room",
        Shape::Feed,
    ),
    ("JsonRooms_InlineEmployeesTeams.json", "Room", Shape::Feed),
    ("JsonWithDeletedEntries.json", "Room", Shape::Feed),
    (
        "JsonRoomContentOnlyWithAdditionalLink.json",
        "Room",
        Shape::Entity,
    ),
    (
        "JsonRoomsToEmployeesWithInlineTeams.json",
        "Employee",
        Shape::Feed,
    ),
];

/// Apache Olingo's V2 JSON payloads (`tests/fixtures/legacy/olingo/payloads/`, unmodified copies
/// of its unit tests' resources) read as models of its reference scenario's metadata
/// (`refScenario.xml`, Olingo's own): every one round-trips exactly. They cover entities with and
/// without `__metadata` (media entries, etags), deferred, expanded (`results` and V1 bare arrays)
/// and `null` links, feeds, a delta feed with deleted-entry tombstones and `__delta`, and a body
/// without the `d` envelope.
#[test]
fn olingo_v2_payloads_round_trip_exactly() {
    use olingo_ref_v2::models::{AnyEmployee, Building, Room};
    let dir = root().join("tests/fixtures/legacy/olingo/payloads");
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    use olingo_ref_v2::odata::{Results, Verbose};
    let mut checked = Vec::new();
    for &(name, ty, shape) in OLINGO {
        let json = read(name);
        match (ty, shape) {
            ("Building", Shape::Entity) => drop(exact_olingo::<Verbose<Building>>(&json)),
            ("Employee", Shape::Entity) => drop(exact_olingo::<Verbose<AnyEmployee>>(&json)),
            ("Employee", Shape::Feed) => drop(exact_olingo::<Verbose<Results<AnyEmployee>>>(&json)),
            ("Room", Shape::Entity) => drop(exact_olingo::<Verbose<Room>>(&json)),
            ("Room", Shape::Feed) => drop(exact_olingo::<Verbose<Results<Room>>>(&json)),
            ("Room", Shape::Bare) => drop(exact_olingo::<Room>(&json)),
            other => panic!("{name}: no reader for {other:?}"),
        }
        checked.push(name);
    }
    // Every payload of the folder is read.
    let mut all: Vec<String> = std::fs::read_dir(&dir)
        .expect("payloads")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    checked.sort();
    assert_eq!(all, checked);

    // Typed reads: the media entry's `__metadata`, an inline room and its building.
    let e: Verbose<AnyEmployee> = exact_olingo(&read("JsonEmployeeInlineRoomBuilding.json"));
    let AnyEmployee::Employee(e) = e.d else {
        panic!("not an Employee")
    };
    assert_eq!(e.age.value(), Some(&52));
    assert_eq!(
        e.entry_date.value().and_then(|d| d.epoch_millis()),
        Some(915_148_800_000)
    );
    let room = e.ne_room.value().expect("ne_Room");
    let building = room.nr_building.value().expect("nr_Building");
    assert_eq!(
        building.name.value().map(String::as_str),
        Some("Building 1")
    );
    assert!(building.image.is_null());
    assert!(building.nb_rooms.value().expect("nb_Rooms").is_deferred());
}

/// `odatagen examples` on Olingo's payloads against its metadata: none is a finding (the V2
/// forms, and the deleted-entry tombstones of the delta feed, are not mistakes).
#[test]
fn olingo_v2_payloads_are_not_findings() {
    use odatagen::examples_check::{blocks_of_jsonl, check};
    let dir = root().join("tests/fixtures/legacy/olingo");
    let (model, _) = odatagen::frontend::csdl::load(&dir.join("refScenario.xml")).expect("loads");
    let records: Vec<String> = OLINGO
        .iter()
        .map(|&(name, ty, shape)| {
            let json = std::fs::read_to_string(dir.join("payloads").join(name)).expect("payload");
            serde_json::json!({"file": name, "line": 1, "blockType": "response",
                "odata_type": format!("RefScenario.{ty}"),
                "isCollection": matches!(shape, Shape::Feed), "truncated": false, "json": json})
            .to_string()
        })
        .collect();
    let (blocks, bad) = blocks_of_jsonl(&records.join("\n"));
    assert!(bad.is_empty() && blocks.len() == OLINGO.len(), "{bad:?}");
    let findings = check(&model, &blocks);
    assert!(findings.is_empty(), "{findings:#?}");
}

/// The committed crate of `tests/<dir>/odatagen.toml` is what the generator makes now.
fn assert_fresh(dir: &str) {
    let path = root().join("tests").join(dir);
    let file = ConfigFile::read(&path.join("odatagen.toml")).expect("config");
    let (config, out) = file.to_config(&path);
    let (_, stale) = config.check(&out).expect("generation succeeds");
    assert!(
        stale.is_empty(),
        "tests/{dir}/generated is stale; run `cargo run -p odatagen -- --config tests/{dir}/odatagen.toml`"
    );
}

#[test]
fn legacy_crates_are_fresh() {
    assert_fresh("legacy");
    assert_fresh("legacy/olingo");
    assert_fresh("legacy/v3");
}

/// The request code of a V3 crate (`tests/legacy/v3`, from `tests/fixtures/csdl/legacy_v3.xml`):
/// it asks for and sends verbose JSON (`application/json;odata=verbose`: V3 services read plain
/// `application/json` as JSON light), and its bound operations (`FunctionImport
/// IsBindable="true"`) are methods of the entity or collection they are bound to, addressed by
/// the container-qualified name (MS-ODATA: `POST /Customers('ALFKI')/SampleEntities.CreateOrder`):
/// actions `POST` their parameters as a JSON body, functions `GET` with the parameters as literals
/// of the query string; results are read from `{"d": ...}`. An unbound action posts a JSON body
/// too, a service operation literals of the query string.
#[test]
fn v3_bound_operations_and_verbose_json() {
    use legacy_v3::models::{Product, Rating};
    use legacy_v3::odata::{DateTime, Decimal};
    use legacy_v3::requests;
    const VERBOSE: &str = "application/json;odata=verbose";
    assert_eq!(legacy_v3::ODATA_VERSION, "3.0");
    let base = "https://example.com/shop.svc";
    let headers = Default::default();
    let header = |r: &axum::http::Request<Vec<u8>>, name: &str| {
        r.headers().get(name).map(|v| v.to_str().expect("text").to_owned())
    };
    let product = requests::products().by_key(7);

    // A plain read and a create: verbose JSON both ways.
    let get = product.get().to_http(base).expect("builds");
    assert_eq!(get.uri(), "https://example.com/shop.svc/Products(7)");
    assert_eq!(header(&get, "accept").as_deref(), Some(VERBOSE));
    let new = Product { name: "Lamp".to_owned().into(), ..Default::default() };
    let create = requests::products().create(&new).to_http(base).expect("builds");
    assert_eq!(header(&create, "content-type").as_deref(), Some(VERBOSE));
    assert_eq!(header(&create, "accept").as_deref(), Some(VERBOSE));
    assert_eq!(create.body().as_slice(), br#"{"Name":"Lamp"}"#);

    // A bound action with a primitive parameter and an entity result.
    let discount = product.discount(10);
    let http = discount.to_http(base).expect("builds");
    assert_eq!(http.method().as_str(), "POST");
    assert_eq!(http.uri(), "https://example.com/shop.svc/Products(7)/ShopContainer.Discount");
    assert_eq!(header(&http, "content-type").as_deref(), Some(VERBOSE));
    assert_eq!(header(&http, "accept").as_deref(), Some(VERBOSE));
    assert_eq!(http.body().as_slice(), br#"{"percentage":10}"#);
    let discounted = discount
        .parse_parts(
            200,
            &headers,
            br#"{"d":{"__metadata":{"uri":"https://example.com/shop.svc/Products(7)","type":"Shop.Product"},"ID":7,"Name":"Lamp","Price":"18.00","Released":"\/Date(1700000000000)\/"}}"#,
        )
        .expect("an entity in d")
        .expect("not null");
    assert_eq!(discounted.price.value().map(ToString::to_string).as_deref(), Some("18.00"));

    // A bound action with a complex and a DateTime parameter (written in V2/V3 forms), no result.
    let rating = Rating { stars: 5.into(), ..Default::default() };
    let since: DateTime = "2024-01-02T00:00:00".parse().expect("datetime");
    let rate = product.rate(&rating, &since);
    let http = rate.to_http(base).expect("builds");
    assert_eq!(http.uri(), "https://example.com/shop.svc/Products(7)/ShopContainer.Rate");
    let body: serde_json::Value = serde_json::from_slice(http.body()).expect("JSON body");
    assert_eq!(body["rating"]["Stars"], 5);
    assert_eq!(body["since"], "2024-01-02T00:00:00", "as parsed (V3 reads ISO date-times too)");
    rate.parse_parts(204, &headers, b"").expect("no content");

    // A bound function: `GET`, the parameter a literal of the query string, a primitive result
    // in its `{"Name": value}` wrapper.
    let price = product.price_in("EUR");
    let http = price.to_http(base).expect("builds");
    assert_eq!(http.method().as_str(), "GET");
    assert_eq!(
        http.uri(),
        "https://example.com/shop.svc/Products(7)/ShopContainer.PriceIn?currency='EUR'"
    );
    assert!(http.body().is_empty() && header(&http, "content-type").is_none());
    let eur: Decimal = price
        .parse_parts(200, &headers, br#"{"d":{"PriceIn":"16.50"}}"#)
        .expect("a primitive in d")
        .expect("not null");
    assert_eq!(eur.to_string(), "16.50");

    // Bound to the collection: a function with an entity result, an action with a collection.
    let top = requests::products().most_expensive();
    assert_eq!(
        top.to_http(base).expect("builds").uri(),
        "https://example.com/shop.svc/Products/ShopContainer.MostExpensive"
    );
    let top = top.parse_parts(200, &headers, br#"{"d":{"ID":1,"Name":"Sofa"}}"#).expect("entity").expect("not null");
    assert_eq!(top.name.value().map(String::as_str), Some("Sofa"));
    let max: Decimal = "20.00".parse().expect("decimal");
    let clearance = requests::products().clearance_all(max);
    let http = clearance.to_http(base).expect("builds");
    assert_eq!(
        (http.method().as_str(), http.uri().to_string().as_str()),
        ("POST", "https://example.com/shop.svc/Products/ShopContainer.ClearanceAll")
    );
    assert_eq!(http.body().as_slice(), br#"{"maxPrice":"20.00"}"#);
    let page = clearance
        .parse_parts(200, &headers, br#"{"d":{"results":[{"ID":2},{"ID":3}],"__count":"2"}}"#)
        .expect("a collection in d");
    assert_eq!(page.value.len(), 2);

    // The service operation beside them: unqualified, at the service root.
    assert_eq!(
        requests::top_products(3).to_http(base).expect("builds").uri(),
        "https://example.com/shop.svc/TopProducts?count=3"
    );

    // An unbound V3 action (a `FunctionImport` without `m:HttpMethod`): `POST /SendReview` with
    // its parameters as a JSON body, so the complex one goes as it is; the result in its
    // `{"SendReview": value}` wrapper. A service operation taking a complex parameter (`Audit`,
    // `m:HttpMethod="POST"`: literals of the query string) gets no request code.
    let review = requests::send_review(&rating, "shop@example.com");
    let http = review.to_http(base).expect("builds");
    assert_eq!(
        (http.method().as_str(), http.uri().to_string().as_str()),
        ("POST", "https://example.com/shop.svc/SendReview")
    );
    assert_eq!(header(&http, "content-type").as_deref(), Some(VERBOSE));
    assert_eq!(http.body().as_slice(), br#"{"rating":{"Stars":5},"to":"shop@example.com"}"#);
    let sent: bool = review
        .parse_parts(200, &headers, br#"{"d":{"SendReview":true}}"#)
        .expect("a primitive in d")
        .expect("not null");
    assert!(sent);
    let unbound = include_str!("../legacy/v3/generated/src/requests/mod.rs");
    assert!(unbound.contains("pub fn send_review(") && !unbound.contains("fn audit"));
}

/// ASP.NET Web API's OData V3 actions sample (Simple.OData's copy, in the corpus): `CheckOut` is
/// declared twice, bound to a movie and to the collection of movies. Such overloads are no
/// duplicate container members (was: error E0101); each is a method of its own binding.
#[test]
fn v3_bound_overloads_are_methods_of_their_bindings() {
    let file = corpus_file("simplefx__Simple.OData__Metadata.xml", "src/requests/entities/m.rs");
    let flat: String = file.split_whitespace().collect::<Vec<_>>().join(" ");
    let one = flat.find("> crate::request::EntityRef<").expect("EntityRef impl");
    let many = flat.find("> crate::request::EntityCollection<").expect("EntityCollection impl");
    let (single, collection) = if one < many {
        (&flat[one..many], &flat[many..])
    } else {
        (&flat[one..], &flat[many..one])
    };
    for code in [single, collection] {
        assert!(code.contains("pub fn check_out("), "{code}");
        assert!(code.contains(r#"self.action("Container.CheckOut", crate::request::ActionBody::new())"#), "{code}");
    }
    assert!(collection.contains("crate::request::Collection<"), "{collection}");
    assert!(single.contains(r#".param("DueDate", due_date)"#), "{single}");
}

/// CSDL 3.0 writes annotations as `<ValueAnnotation>` and describes with the V3 vocabulary's
/// `Org.OData.Display.V1.Description`: the OData.org V3 demo service's (ruby-odata's copy, in the
/// corpus) description of `Product` is its doc comment, as `Core.Description` is in V4.
#[test]
fn v3_value_annotations_describe() {
    let product = corpus_file("ruby-odata__odata__metadata.xml", "src/models/product.rs");
    assert!(product.contains("/// All Products available in the online store\n"), "{product}");
}

/// SAP's `sap:label` of an entity type (an OpenUI5 test copy of an SAP Gateway service, in the
/// corpus) and of an entity set (the crafted V2 document) are their doc comments, as a
/// property's is.
#[test]
fn sap_labels_of_types_and_sets_describe() {
    let booking = corpus_file("SAP__openui5__rmtsampleflight__metadata.xml", "src/models/booking.rs");
    assert!(booking.contains("/// Flight Booking\n"), "{booking}");
    let root = include_str!("../legacy/generated/src/requests/mod.rs");
    assert!(root.contains("/// The entity set `Lines`. Order lines\n"), "{root}");
}

/// The file `path` of the crate generated (in memory) from the corpus document `csdl/<name>`.
fn corpus_file(name: &str, path: &str) -> String {
    let rendered = odatagen::Config::new()
        .metadata(root().join("tests/fixtures/corpus/csdl").join(name))
        .crate_name("corpus-doc")
        .render()
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let file = rendered.files.into_iter().find(|f| f.path.ends_with(path));
    file.unwrap_or_else(|| panic!("{name}: no {path}")).content
}
