//! The names fixture: unions in request bodies, made-up names beside component names, and the
//! crate generated from it.

use super::*;

/// `tests/fixtures/openapi/names/`: unions in a `$ref`'d request body (its members are read again
/// as action parameters), made-up names that meet component names (of this file and of a file
/// referenced later), and `$ref`s to schemas at JSON pointers outside `components/schemas`.
const NAMES: &str = "openapi/names/main.json";

#[test]
fn unions_of_request_bodies_keep_their_alternatives() {
    let (m, diags) = odatagen::frontend::load(&fixture(NAMES)).expect("loads");
    assert_eq!(
        union_alternatives(&m, "api.Req_stop"),
        ["Edm.String", "[Edm.String]"]
    );
    assert_eq!(
        union_alternatives(&m, "api.Req_n"),
        ["Edm.String", "Edm.Int64"]
    );
    assert_eq!(
        union_alternatives(&m, "api.Req_thing"),
        ["Edm.String", "Thing"]
    );
    // Every union the front end makes has alternatives, and none is left as untyped JSON.
    for t in &m.types {
        if let TypeKind::Union(u) = &t.kind {
            assert!(
                !u.alternatives.is_empty(),
                "{} is empty",
                t.qualified_name()
            );
        }
    }
    assert!(!diags.iter().any(|d| d.code == "W0312"), "{diags:#?}");
    // A type listed twice is one alternative, chosen by the tags of both.
    assert_eq!(union_alternatives(&m, "api.Twice"), ["Thing", "subscription_schedule"]);
    let twice = m.ty(m.lookup("api.Twice").expect("Twice"));
    let TypeKind::Union(u) = &twice.kind else {
        panic!("{twice:?}")
    };
    assert_eq!(u.alternatives[0].tags, ["a", "b"]);
}

#[test]
fn made_up_names_never_collide_with_components_or_each_other() {
    let (m, diags) = odatagen::frontend::load(&fixture(NAMES)).expect("loads: no E0101");
    let kind = |q: &str| {
        let id = m.lookup(q).unwrap_or_else(|| panic!("no type {q}"));
        match &m.ty(id).kind {
            TypeKind::Union(_) => "union",
            TypeKind::Complex(_) | TypeKind::Entity(_) => "struct",
            _ => "other",
        }
    };
    // Components keep their names; the inline unions `<parent>_<prop>` that meet them take a
    // suffix, also when the component comes from a file read after the union was named.
    assert_eq!(kind("api.subscription_schedule"), "struct");
    assert_eq!(kind("api.subscription_schedule_2"), "union");
    assert_eq!(kind("api.subscription_plan"), "struct");
    assert_eq!(kind("api.subscription_plan_2"), "union");
    assert_eq!(
        union_alternatives(&m, "api.subscription_schedule_2"),
        ["Edm.String", "subscription_schedule"]
    );
    assert_eq!(
        union_alternatives(&m, "api.subscription_plan_2"),
        ["Edm.String", "subscription_plan"]
    );
    // Schemas at other pointers: named after the named schema or the operation holding them.
    for (q, k) in [
        ("api.Gateway_allOf_0", "struct"),
        ("api.Holder_inner_allOf_0", "struct"),
        ("api.createAnswer_response_200", "struct"),
        ("api.get_counts_response_200", "struct"),
        // Inline request and response bodies, and the objects inside them.
        ("api.makeWidget_request", "struct"),
        ("api.listWidgetParts_response_200_item", "struct"),
        ("api.getWidget_response_200", "struct"),
        ("api.updateWidget_response_200_meta", "struct"),
        ("api.updateWidget_response_200", "struct"),
    ] {
        assert_eq!(kind(q), k, "{q}");
    }
    let names: BTreeSet<String> = m.types.iter().map(|t| t.qualified_name()).collect();
    assert_eq!(names.len(), m.types.len());
    // Same content, same type (named where the reader met it first): the response body of
    // `WidgetCreated` and of `getWidget`, their `meta` and that of `updateWidget`, the `pick` of
    // two responses and `Req.n`; `updateWidget`'s body, with one member more, is a type of its own.
    let member = |owner: &str, name: &str| {
        let st = m
            .ty(m.lookup(owner).expect("owner"))
            .as_struct()
            .expect("struct");
        let p = st
            .properties
            .iter()
            .find(|p| p.name == name)
            .expect("member");
        tname(&m, &p.ty)
    };
    assert_eq!(
        member("api.updateWidget_response_200", "meta"),
        member("api.getWidget_response_200", "meta")
    );
    assert_eq!(member("api.updateWidget_response_200", "pick"), "Req_n");
    assert_eq!(member("api.createAnswer_response_200", "pick"), "Req_n");
    for dup in [
        "api.submitForm_request",
        "api.WidgetCreated_response",
        "api.createAnswer_response_200_pick",
        "api.updateWidget_response_200_pick",
    ] {
        assert!(
            m.lookup(dup).is_none(),
            "{dup} should not be a type of its own"
        );
    }
    // Every JSON body of an operation is typed, whether its inline schema is reached from its
    // own operation first or through a `$ref` from another one (path order does not matter).
    let mut bodies: Vec<String> = Vec::new();
    for op in &m.http {
        let types = op.request_body.iter().map(|b| b.ty);
        for t in types.chain(op.responses.iter().filter_map(|r| r.ty)) {
            bodies.push(format!("{} {}: {}", op.method, op.path, tname(&m, &t)));
        }
    }
    assert_eq!(
        bodies,
        [
            "POST /answers: Req",
            "POST /answers: createAnswer_response_200",
            "POST /answers/again: createAnswer_response_200",
            "GET /counts: get_counts_response_200",
            "GET /counts/again: get_counts_response_200",
            "GET /widgets: [listWidgetParts_response_200_item]",
            "POST /widgets: makeWidget_request",
            // Inline schemas with the content of one named already are that type.
            "POST /widgets: getWidget_response_200",
            // An XML body is sent as bytes: untyped, and no type made for it.
            "POST /forms: Edm.Untyped",
            "GET /widgets/{id}: getWidget_response_200",
            "PATCH /widgets/{id}: updateWidget_response_200",
        ],
        "{bodies:#?}"
    );
    // Each problem is reported once, at the right response.
    let texts: Vec<String> = diags.iter().map(|d| format!("{d:?}")).collect();
    let unique: BTreeSet<&String> = texts.iter().collect();
    assert_eq!(unique.len(), texts.len(), "{texts:#?}");
    assert!(
        diags
            .iter()
            .all(|d| !d.message.contains("/responses/content")),
        "{diags:#?}"
    );
    let c = Config::new().metadata(fixture(NAMES));
    assert_eq!(
        c.render().expect("render").files,
        c.render().expect("render").files,
        "deterministic"
    );
}

/// Two declared schemas of one name stay an error, reported once however often it is reached.
#[test]
fn a_declared_name_twice_is_one_error() {
    let dir = std::env::temp_dir().join(format!("odatagen-openapi-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(
        dir.join("main.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a.X: {type: object, properties: {p: {type: string}}}\n    Y:\n      type: object\n      properties:\n        one: {$ref: 'other.yaml#/components/schemas/a.X'}\n        two: {$ref: 'other.yaml#/components/schemas/a.X'}\n        three: {type: array, items: {$ref: 'other.yaml#/components/schemas/a.X'}}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("other.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a.X: {type: object, properties: {q: {type: string}}}\n",
    )
    .expect("write");
    let e = odatagen::frontend::load(&dir.join("main.yaml")).expect_err("duplicate");
    let dups: Vec<_> = e.0.iter().filter(|d| d.code == "E0101").collect();
    assert_eq!(dups.len(), 1, "{:#?}", e.0);
    std::fs::remove_dir_all(&dir).ok();
}

/// The crate generated from the fixture builds without warnings (clippy `-D warnings`), and each
/// union takes and gives back a value of each alternative.
#[test]
fn names_fixture_crate_builds_cleanly_and_unions_round_trip() {
    let out = root().join("target/openapi-names/crate");
    Config::new()
        .metadata(fixture(NAMES))
        .crate_name("openapi-names-models")
        .force(true)
        .generate(&out)
        .expect("generates");
    let manifest = odatagen_tests::standalone_crate(&out);
    std::fs::create_dir_all(out.join("tests")).expect("tests dir");
    std::fs::write(out.join("tests/unions.rs"), NAMES_ROUND_TRIP).expect("test file");
    odatagen_tests::cargo_ok(
        &manifest,
        &["clippy", "--offline", "--all-targets", "--", "-D", "warnings"],
        &[],
    );
    odatagen_tests::cargo_ok(&manifest, &["test", "--offline", "-q"], &[]);
}

/// Runs inside the crate generated from [`NAMES`].
const NAMES_ROUND_TRIP: &str = r##"//! Unions of the names fixture: each alternative in, the same text out.
use openapi_names_models::models::*;
use openapi_names_models::odata;

fn same<T: odata::Wire>(json: &str) -> T {
    let v: T = odata::from_str(json).expect(json);
    assert_eq!(odata::to_string(&v).expect("ser"), json);
    v
}

#[test]
fn request_body_unions() {
    let r: Req = same(r#"{"stop":"\n","n":"three","thing":"t-1"}"#);
    assert_eq!(r.stop.value(), Some(&ReqStop::String("\n".into())));
    assert_eq!(r.n.value(), Some(&ReqN::String("three".into())));
    assert_eq!(r.thing.value(), Some(&ReqThing::String("t-1".into())));
    let r: Req = same(r#"{"stop":["a","b"],"n":3,"thing":{"id":"t-2"}}"#);
    assert_eq!(
        r.stop.value(),
        Some(&ReqStop::StringList(vec!["a".into(), "b".into()]))
    );
    assert_eq!(r.n.value(), Some(&ReqN::Int64(3)));
    assert!(matches!(r.thing.value(), Some(ReqThing::Thing(t)) if t.id.value().map(String::as_str) == Some("t-2")));
    assert!(odata::from_str::<Req>(r#"{"stop":true}"#).is_err());
}

#[test]
fn unions_named_beside_components() {
    let s: Subscription = same(r#"{"schedule":"sub_1","plan":"basic"}"#);
    assert_eq!(s.schedule.value(), Some(&SubscriptionSchedule2::String("sub_1".into())));
    assert_eq!(s.plan.value(), Some(&SubscriptionPlan2::String("basic".into())));
    let s: Subscription = same(r#"{"schedule":{"id":"s"},"plan":{"amount":5}}"#);
    assert!(matches!(s.schedule.value(), Some(SubscriptionSchedule2::SubscriptionSchedule(_))));
    assert!(matches!(s.plan.value(), Some(SubscriptionPlan2::SubscriptionPlan(p)) if p.amount.value() == Some(&5)));
    let s: Subscription = same(r#"{"schedule":null,"gateway":{"name":"g"},"inner":{"depth":2}}"#);
    assert!(s.schedule.is_null());
    let _: &GatewayAllOf0 = s.gateway.value().expect("gateway");
    let _: &HolderInnerAllOf0 = s.inner.value().expect("inner");
}

#[test]
fn schemas_named_after_their_operation() {
    let a: CreateAnswerResponse200 = same(r#"{"id":"a","pick":7}"#);
    assert_eq!(a.pick.value(), Some(&ReqN::Int64(7)));
    let _: GetCountsResponse200 = same(r#"{"count":1}"#);
    let t: Twice = same(r#"{"kind":"b","id":"t"}"#);
    assert!(matches!(t, Twice::Thing(_)), "{t:?}");
    let w: MakeWidgetRequest = same(r#"{"name":"w","parts":[{"sku":"a"},{"sku":"b","extra":1}]}"#);
    let _: Option<&Vec<ListWidgetPartsResponse200Item>> = w.parts.value();
    let c: GetWidgetResponse200 = same(r#"{"id":7,"meta":{"etag":"W/1"}}"#);
    assert_eq!(c.meta.value().and_then(|m| m.etag.value()).map(String::as_str), Some("W/1"));
    let u: UpdateWidgetResponse200 = same(r#"{"id":7,"meta":{"etag":"W/2"},"pick":"x"}"#);
    let _: Option<&UpdateWidgetResponse200Meta> = u.meta.value();
    assert_eq!(u.pick.value(), Some(&ReqN::String("x".into())));
}
"##;
