//! Request code for a second, differently shaped service: TripPin (`fixtures/trippin/TripPin.xml`,
//! the OData reference service). Entity sets, a singleton, string and integer keys, navigation
//! (collection, single, containment), type casts, bound and unbound functions and actions,
//! namespace-qualified operation names (no default namespace configured). The crate is generated
//! into a temporary directory, must pass clippy with `-D warnings -D missing_docs` (with the
//! `client` feature), and runs the harness below as its own test.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const HARNESS: &str = r##"//! TripPin request harness (sans-IO).
use trippin::models::{Flight, PlanItem};
use trippin::odata::Double;
use trippin::request::{Order, http};
use trippin::requests::{self, entities::PersonNavigation as N, entities::PersonProperty as P};

const NS: &str = "Microsoft.OData.SampleService.Models.TripPin";

#[test]
fn paths() {
    let russell = requests::people().by_key("russell'whyte");
    let trip = russell.trips().by_key(0);
    assert_eq!(trip.plan_items().list().url(""), "/People('russell''whyte')/Trips(0)/PlanItems");
    assert_eq!(
        trip.plan_items().cast::<Flight>().path().as_str(),
        format!("/People('russell''whyte')/Trips(0)/PlanItems/{NS}.Flight")
    );
    assert_eq!(requests::me().photo().get().url("http://h/"), "http://h/Me/Photo");
    // `Photo` is a media entity (HasStream): its bytes are at `$value`.
    let media = requests::me().photo().media().to_http("http://h").expect("builds");
    assert_eq!(media.uri(), "http://h/Me/Photo/$value");
    assert_eq!(media.headers()["accept"], "*/*");
    let put = requests::photos().by_key(7).put_media("image/jpeg", vec![1, 2]);
    let put = put.to_http("http://h").expect("builds");
    assert_eq!((put.method(), put.uri().to_string()), (&http::Method::PUT, "http://h/Photos(7)/$value".to_owned()));
    assert_eq!((put.headers()["content-type"].as_bytes(), put.body().as_slice()), (b"image/jpeg".as_slice(), [1u8, 2].as_slice()));
    assert_eq!(requests::airports().by_key("KSFO").get().url(""), "/Airports('KSFO')");
    let _: trippin::request::EntityCollection<PlanItem, requests::options::All> = trip.plan_items();
}

#[test]
fn operations() {
    let russell = requests::people().by_key("russellwhyte");
    // Bound function, qualified name.
    assert_eq!(
        russell.get_favorite_airline().url(""),
        format!("/People('russellwhyte')/{NS}.GetFavoriteAirline()")
    );
    assert_eq!(
        russell.get_friends_trips("ronald mundy").url(""),
        format!("/People('russellwhyte')/{NS}.GetFriendsTrips(userName='ronald%20mundy')")
    );
    // Unbound function import with Double parameters.
    let q = requests::get_nearest_airport(Double::from(33.0), Double::from(-118.5));
    assert_eq!(q.url(""), "/GetNearestAirport(lat=33.0,lon=-118.5)");
    // Bound action with a JSON body.
    let q = russell.share_trip("scottketchum", 7);
    let req = q.to_http("https://h").expect("request");
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(req.uri().to_string(), format!("https://h/People('russellwhyte')/{NS}.ShareTrip"));
    assert_eq!(req.body().as_slice(), br#"{"userName":"scottketchum","tripId":7}"#);
    // Unbound action import.
    let q = requests::reset_data_source();
    assert_eq!((q.method().as_str(), q.url("")), ("POST", "/ResetDataSource".to_owned()));
}

fn percent_decode(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match (b[i], s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn query_options() {
    let q = requests::people()
        .list()
        .select(&[P::UserName, P::FirstName])
        .filter("FirstName eq 'Scott'")
        .order_by(&[(P::LastName, Order::Asc)])
        .top(2)
        .skip(1)
        .with_count()
        .expand(&[N::Friends]);
    assert_eq!(
        q.url(""),
        "/People?$select=UserName,FirstName&$filter=FirstName%20eq%20'Scott'&$orderby=LastName&$top=2&$skip=1&$count=true&$expand=Friends"
    );
    // People's own Capabilities annotations allow everything; Airports' forbid insert and delete
    // (its builder's marker says so, and has no `create`/`delete`).
    let _: trippin::request::EntityCollection<trippin::models::Person, requests::options::All> =
        requests::people();
    let _: trippin::request::EntityCollection<trippin::models::Airport, requests::options::NoInsertDelete> =
        requests::airports();
    let count = requests::people().count();
    assert_eq!(count.url(""), "/People/$count");
    // Nested options, typed by each navigation property's target (Person, then Trip), nested
    // again; `=` and `;` are percent-encoded as the rest of the value.
    use trippin::request::Expand;
    use trippin::requests::entities::{TripNavigation, TripProperty};
    let q = requests::people().by_key("russellwhyte").get().expand_with(&[
        N::friends(|o| o.select(&[P::UserName]).top(2).order_by(&[(P::LastName, Order::Desc)])),
        N::trips(|o| {
            o.filter("Budget gt 1000")
                .select(&[TripProperty::Name, TripProperty::Budget])
                .expand(&[TripNavigation::photos(|o| o.with_count()), Expand::new(TripNavigation::PlanItems)])
        }),
        Expand::new(N::Photo),
    ]);
    assert_eq!(N::photo(|o| o), Expand::new(N::Photo), "no options, no parentheses");
    assert_eq!(
        percent_decode(&q.url("")),
        "/People('russellwhyte')?$expand=Friends($select=UserName;$top=2;$orderby=LastName desc),\
         Trips($filter=Budget gt 1000;$select=Name,Budget;$expand=Photos($count=true),PlanItems),Photo"
    );
    // A later call replaces; an empty list sets nothing.
    let q = requests::people().list().expand(&[N::Friends]).expand_with(&[N::friends(|o| o.select(&[]).top(1).top(3))]);
    assert_eq!(percent_decode(&q.url("")), "/People?$expand=Friends($top=3)");
    assert_eq!(requests::people().list().expand_with(&[]).url(""), "/People");
    let resp = http::Response::builder().status(200).body(b"20".to_vec()).expect("response");
    assert_eq!(count.parse(&resp).expect("count"), 20);
}
"##;

use odatagen_tests::cargo_in_crate as cargo;

#[test]
fn trippin_requests_compile_cleanly_and_behave() {
    let dir = std::env::temp_dir().join(format!("odatagen-trippin-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    odatagen::Config::new()
        .metadata(root().join("tests/fixtures/trippin/TripPin.xml"))
        .crate_name("trippin")
        .base_url("https://services.odata.org/V4/TripPinServiceRW")
        .generate(&dir)
        .expect("generates");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock");
    std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
    std::fs::write(dir.join("tests/it.rs"), HARNESS).expect("harness");
    cargo(
        &dir,
        &["clippy", "--all-targets", "--all-features", "--", "-D", "warnings", "-D", "missing_docs"],
    );
    cargo(&dir, &["test", "--quiet"]);
    let _ = std::fs::remove_dir_all(&dir);
}
