//! `odatagen diff`: every class of change on a crafted pair, the real Graph v1.0 versions, and the
//! Markdown and JSON outputs, run on the built binary.

mod common;
use common::run;

fn json(old: &str, new: &str) -> serde_json::Value {
    let out = run(&["diff", old, new, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// (breaking, kind, item, rust effect)
fn rows(v: &serde_json::Value) -> Vec<(bool, String, String, String)> {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["breaking"].as_bool().unwrap(),
                c["kind"].as_str().unwrap().to_owned(),
                c["item"].as_str().unwrap().to_owned(),
                c["rust"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn row(b: bool, kind: &str, item: &str, rust: &str) -> (bool, String, String, String) {
    (b, kind.to_owned(), item.to_owned(), rust.to_owned())
}

const OLD: &str = "tests/fixtures/diff/old.xml";
const NEW: &str = "tests/fixtures/diff/new.xml";

#[test]
fn crafted_pair_every_class() {
    let v = json(OLD, NEW);
    assert_eq!(
        rows(&v),
        vec![
            row(true, "container-member-changed", "/best", ""),
            row(true, "container-member-removed", "/items", "function `requests::items` removed"),
            row(true, "operation-removed", "shop.cancel(shop.order)", "method `cancel` of `request::EntityRef<models::Order>` removed"),
            row(
                true,
                "enum-member-removed",
                "shop.color/blue",
                "variant `models::Color::Blue` removed"
            ),
            row(
                true,
                "rust-variant-renamed",
                "shop.color/darkRed",
                "`models::Color::DarkRed` → `models::Color::DarkRed2`"
            ),
            row(true, "type-removed", "shop.gone", "`models::Gone` removed"),
            row(true, "key-changed", "shop.item", ""),
            row(true, "abstract-changed", "shop.order", ""),
            row(
                true,
                "navigation-type-changed",
                "shop.order/first",
                "field `models::Order::first` changes type"
            ),
            row(true, "containment-changed", "shop.order/items", ""),
            row(
                true,
                "property-removed",
                "shop.order/legacy",
                "field `models::Order::legacy` removed"
            ),
            row(true, "nullability-changed", "shop.order/note", ""),
            row(
                true,
                "navigation-removed",
                "shop.order/old",
                "field `models::Order::old` removed"
            ),
            row(
                true,
                "property-type-changed",
                "shop.order/total",
                "field `models::Order::total` changes type"
            ),
            row(
                true,
                "rust-field-renamed",
                "shop.order/userName",
                "`models::Order::user_name` → `models::Order::user_name_2`"
            ),
            row(
                true,
                "flags-changed",
                "shop.perms",
                "fields of type `models::Perms` change type"
            ),
            row(
                true,
                "type-removed",
                "shop.postalCode",
                "`models::PostalCode` removed",
            ),
            row(
                true,
                "rust-type-renamed",
                "shop.queryString",
                "`models::QueryString` → `models::QueryString2`"
            ),
            row(
                true,
                "type-kind-changed",
                "shop.shape",
                "`models::Shape` changes shape"
            ),
            row(
                true,
                "base-type-changed",
                "shop.specialOrder",
                "`models::SpecialOrder`: inherited fields removed: `code`, `first`, `items`, `legacy`, `note`, `old`, `total`, `user_name`; inherited fields added: `sku`"
            ),
            row(true, "key-changed", "shop.specialOrder", ""),
            row(true, "return-type-changed", "shop.total(shop.order)", "method `total` of `request::EntityRef<models::Order>` returns another type"),
            row(
                true,
                "parameter-type-changed",
                "shop.total(shop.order)/currency",
                ""
            ),
            row(
                true,
                "parameter-added",
                "shop.total(shop.order)/day",
                "new positional argument of the method"
            ),
            row(
                true,
                "parameter-added",
                "shop.total(shop.order)/region",
                "new positional argument of the method"
            ),
            row(false, "container-member-added", "/shapes", "function `requests::shapes` added"),
            row(
                false,
                "type-added",
                "shop.QueryString",
                "`models::QueryString` added"
            ),
            row(
                false,
                "enum-member-added",
                "shop.color/dark_red",
                "variant `models::Color::DarkRed` added (exhaustive `match`es need an arm)"
            ),
            row(false, "enum-value-changed", "shop.color/green", ""),
            row(
                false,
                "enum-member-added",
                "shop.color/yellow",
                "variant `models::Color::Yellow` added (exhaustive `match`es need an arm)"
            ),
            row(false, "type-added", "shop.fresh", "`models::Fresh` added"),
            row(
                false,
                "property-added",
                "shop.item/sku",
                "field `models::Item::sku` added (a struct literal without `..Default::default()` needs it)"
            ),
            row(false, "nullability-changed", "shop.order/code", ""),
            row(
                false,
                "navigation-added",
                "shop.order/latest",
                "field `models::Order::latest` added (a struct literal without `..Default::default()` needs it)"
            ),
            row(
                false,
                "property-added",
                "shop.order/shipTo",
                "field `models::Order::ship_to` added (a struct literal without `..Default::default()` needs it)"
            ),
            row(
                false,
                "property-added",
                "shop.order/user_name",
                "field `models::Order::user_name` added (a struct literal without `..Default::default()` needs it)"
            ),
            row(false, "operation-added", "shop.refund(shop.order)", "method `refund` of `request::EntityRef<models::Order>` added"),
            row(
                false,
                "type-added",
                "shop.zipCode",
                "`models::ZipCode` added"
            ),
        ]
    );
    assert_eq!(v["summary"]["breaking"], 25);
    assert_eq!(v["summary"]["non_breaking"], 13);
    let details: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["detail"].as_str().unwrap())
        .collect();
    assert!(details.contains(&"Nullable false → true"));
    assert!(
        details.contains(&"complex type removed (likely renamed to `shop.zipCode`: same members)")
    );

    assert!(details.contains(&"(id) → (id, sku)"));
    assert!(details.contains(&"Edm.Int32 → Edm.Int64"));
}

#[test]
fn reversed_pair_mirrors() {
    let v = json(NEW, OLD);
    let r = rows(&v);
    assert!(r.contains(&row(
        false,
        "type-added",
        "shop.gone",
        "`models::Gone` added"
    )));
    assert!(r.contains(&row(
        true,
        "type-removed",
        "shop.fresh",
        "`models::Fresh` removed"
    )));
    assert!(r.contains(&row(
        true,
        "parameter-removed",
        "shop.total(shop.order)/region",
        ""
    )));
    assert!(r.contains(&row(false, "nullability-changed", "shop.order/note", "")));
    assert!(r.contains(&row(
        true,
        "rust-field-renamed",
        "shop.order/userName",
        "`models::Order::user_name_2` → `models::Order::user_name`"
    )));
}

#[test]
fn identical_documents_have_no_changes() {
    let v = json(OLD, OLD);
    assert_eq!(v["changes"].as_array().unwrap().len(), 0);
    let out = run(&["diff", OLD, OLD]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("0 changes, 0 breaking."), "{md}");
}

#[test]
fn markdown_report() {
    let out = run(&["diff", OLD, NEW, "--format", "markdown"]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("# Metadata diff\n\n`tests/fixtures/diff/old.xml` → `tests/fixtures/diff/new.xml`: 38 changes, 25 breaking.\n"), "{md}");
    assert!(md.contains(
        "## Breaking changes (25)\n\n| change | item | detail | Rust API |\n|---|---|---|---|\n"
    ));
    assert!(md.contains(
        "| type-removed | `shop.gone` | complex type removed | `models::Gone` removed |\n"
    ));
    assert!(md.contains("## Non-breaking changes (13)\n"));
}

#[test]
fn fail_on_breaking_exit_1() {
    let out = run(&["diff", OLD, NEW, "--fail-on-breaking", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["diff", OLD, OLD, "--fail-on-breaking"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn load_errors_exit_2() {
    let out = run(&["diff", OLD, "tests/fixtures/csdl/err_malformed.xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0004]"));
}

#[test]
fn graph_v1_2021_to_current() {
    let v = json(
        "metadata/graph/v1.0-2021-07-13.xml",
        "metadata/graph/v1.0.csdl",
    );
    let s = &v["summary"];
    assert_eq!(s["breaking"], 151);
    assert_eq!(s["non_breaking"], 4431);
    // Entity sets and singletons (6) and navigation properties (59) whose Capabilities
    // annotations forbid what they allowed (`SelectSupport/Supported` false on
    // `/directoryObjects`: no `select` on its builder).
    assert_eq!(s["by_kind"]["capabilities-restricted"], 65);
    assert_eq!(s["by_kind"]["type-removed"], 3);
    assert_eq!(s["by_kind"]["type-added"], 2481);
    let r = rows(&v);
    assert!(r.contains(&row(
        true,
        "type-removed",
        "microsoft.graph.restrictedSignIn",
        "`models::RestrictedSignIn` removed"
    )));
    assert!(r.contains(&row(
        true,
        "navigation-removed",
        "microsoft.graph.auditLogRoot/restrictedSignIns",
        "field `models::AuditLogRoot::restricted_sign_ins` removed"
    )));
    assert!(r.contains(&row(
        true,
        "capabilities-restricted",
        "microsoft.graph.authentication/fido2Methods",
        "the request builder of navigation property `fido2Methods`: `create`, `update` no longer offered"
    )));
    assert!(r.contains(&row(
        true,
        "operation-kind-changed",
        "microsoft.graph.setUpResourcesFolder(microsoft.graph.educationAssignment)",
        ""
    )));
    // Positional arguments swapped (the generated `accept(comment, send_response)` became
    // `accept(send_response, comment)`), and nullable parameters without
    // `Core.OptionalParameter`, which the generated method takes as arguments.
    assert!(r.contains(&row(
        true,
        "parameters-reordered",
        "microsoft.graph.accept(microsoft.graph.event)",
        "positional arguments of the method change order"
    )));
    assert!(r.contains(&row(
        true,
        "parameter-added",
        "microsoft.graph.sendActivityNotification(microsoft.graph.chat)/iconId",
        "new positional argument of the method"
    )));
}

/// Navigation restrictions decide the methods of a navigation property's request builder: a
/// change is reported at the type declaring the property, and at a derived type only where its
/// own restrictions make it differ.
#[test]
fn navigation_restrictions_are_compared() {
    let v = json("tests/fixtures/diff/nav-old.xml", "tests/fixtures/diff/nav-new.xml");
    assert_eq!(
        rows(&v),
        vec![
            row(true, "capabilities-restricted", "Demo.Owner/Devices", "the request builder of navigation property `Devices`: `create` no longer offered"),
            row(true, "capabilities-restricted", "Demo.Team/Devices", "the request builder of navigation property `Devices`: `skip`, `create` no longer offered"),
            row(false, "capabilities-extended", "Demo.Owner/Manager", "the request builder of navigation property `Manager`: `top` now offered"),
        ]
    );
}

/// Operation imports are container members (URLs of the service, functions of `requests`): a
/// removed or renamed import is breaking even when its operation stays.
#[test]
fn operation_imports_are_container_members() {
    let v = json(
        "tests/fixtures/diff/imports-old.xml",
        "tests/fixtures/diff/imports-new.xml",
    );
    assert_eq!(
        rows(&v),
        vec![
            row(true, "container-member-removed", "/CountDevices", "function `requests::count_devices` removed"),
            row(true, "capabilities-restricted", "/Devices", "`requests::devices()`: `filter`, `create` no longer offered"),
            row(true, "container-member-removed", "/ResetAll", "function `requests::reset_all` removed"),
            row(false, "container-member-added", "/DeviceCount", "function `requests::device_count` added"),
            row(false, "capabilities-extended", "/Devices", "`requests::devices()`: `top` now offered"),
        ]
    );
    let details: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["detail"].as_str().unwrap())
        .collect();
    assert_eq!(
        details,
        [
            "function import of Demo.CountDevices removed",
            "no longer allowed: Filter, Insert",
            "action import of Demo.ResetAll removed",
            "function import of Demo.CountDevices added",
            "now allowed: Top",
        ]
    );
}

/// Parameters as the generated methods take them: only `Core.OptionalParameter` makes one
/// optional (an options field); every other one, nullable or not, is a positional argument.
#[test]
fn parameters_as_the_generated_methods_take_them() {
    let v = json(
        "tests/fixtures/diff/params-old.xml",
        "tests/fixtures/diff/params-new.xml",
    );
    assert_eq!(
        rows(&v),
        vec![
            row(
                true,
                "parameter-optionality-changed",
                "Demo.Find(Demo.Device)/Pattern",
                "options field becomes a positional argument of the method"
            ),
            row(
                true,
                "parameters-reordered",
                "Demo.Move(Demo.Device)",
                "positional arguments of the method change order"
            ),
            row(
                true,
                "parameter-added",
                "Demo.Ping(Demo.Device)/Timeout",
                "new `options` argument of the method (its options struct is new)"
            ),
            row(
                true,
                "parameter-added",
                "Demo.Reset(Demo.Device)/Force",
                "new positional argument of the method"
            ),
        ]
    );
    // Reversed: a required parameter made optional moves into the options struct.
    let r = rows(&json(
        "tests/fixtures/diff/params-new.xml",
        "tests/fixtures/diff/params-old.xml",
    ));
    assert!(r.contains(&row(
        true,
        "parameter-optionality-changed",
        "Demo.Find(Demo.Device)/Pattern",
        "argument moves into the method's options struct"
    )));
}

/// Two releases of a bundle reference the same URIs: each side reads its own folder.
#[test]
fn each_side_reads_its_own_reference_folders() {
    let dir = std::env::temp_dir().join(format!("odatagen-diff-refs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let doc = |refs: &str, body: &str| {
        format!(
            r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">{refs}
  <edmx:DataServices><Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="{ns}">{body}</Schema></edmx:DataServices>
</edmx:Edmx>"#,
            ns = if refs.is_empty() { "Types" } else { "Service" }
        )
    };
    let service = write(
        "service.xml",
        &doc(
            r#"<edmx:Reference Uri="http://example.com/schemas/Types_v1.xml"><edmx:Include Namespace="Types"/></edmx:Reference>"#,
            r#"<ComplexType Name="S"><Property Name="t" Type="Types.T"/></ComplexType>"#,
        ),
    );
    let t = |props: &str| {
        doc(
            "",
            &format!(r#"<ComplexType Name="T">{props}</ComplexType>"#),
        )
    };
    write(
        "2024/Types_v1.xml",
        &t(r#"<Property Name="x" Type="Edm.String"/>"#),
    );
    write(
        "2025/Types_v1.xml",
        &t(r#"<Property Name="x" Type="Edm.String"/><Property Name="y" Type="Edm.Int32"/>"#),
    );
    let (old, new) = (dir.join("2024"), dir.join("2025"));
    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    let out = run(&[
        "diff",
        &service,
        &service,
        "--old-references",
        &old,
        "--new-references",
        &new,
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items: Vec<String> = rows(&v).into_iter().map(|r| r.2).collect();
    assert_eq!(items, ["Types.T/y"], "{v}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The same CAP service in its OData V2 and V4 renderings: the model read from the V2 document
/// (associations, association sets, function imports) matches the V4 one but for what V2 lacks;
/// the protocol change itself is breaking (another JSON format, other Rust types).
#[test]
fn the_same_service_in_v2_and_v4() {
    let v2 = "tests/fixtures/corpus/csdl/odata2ts__odata2ts__catalog-v2-srv.xml";
    let v4 = "tests/fixtures/corpus/csdl/odata2ts__odata2ts__catalog-srv.xml";
    let rows = rows(&json(v2, v4));
    let breaking: Vec<_> = rows.iter().filter(|r| r.0).collect();
    assert_eq!(breaking.len(), 1, "{rows:#?}");
    assert_eq!((breaking[0].1.as_str(), breaking[0].2.as_str()), ("protocol-changed", "$metadata"));
    assert!(rows.len() <= 5, "{rows:#?}");
    let back = self::rows(&json(v4, v2));
    assert!(back.iter().any(|r| r.0 && r.1 == "protocol-changed"), "{back:#?}");
}
