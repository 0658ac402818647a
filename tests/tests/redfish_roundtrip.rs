//! DMTF Redfish: real multi-document metadata and real payloads.
//!
//! The metadata is `tests/fixtures/redfish/service.xml`, shaped as a Redfish service's `$metadata`:
//! references to the published schemas by their absolute URIs, and a container that `Extends` the
//! service root's (itself a chain of one container per schema version). The 300-odd schemas it
//! reaches come from the `nv-redfish-schema` crate (the DMTF Redfish and SNIA Swordfish bundles),
//! found through two `references` folders. This exercises what Graph's single document does not:
//! resolving absolute reference URIs to local files, a bundle holding a second copy of a
//! document, containers extending containers across documents, and types versioned in a namespace
//! each (`ComputerSystem.v1_10_0.ComputerSystem`, derived from the versions before it).
//!
//! The payloads are the Redfish resources of the `sushy` client's unit tests
//! (`tests/fixtures/redfish/payloads/`, see the README there). The test generates the models of
//! their `@odata.type`s (and what those need) under `target/odatagen-scale/`, builds a harness
//! (the driver of the Graph docs round trip) and reads each payload as its `@odata.type`: each
//! must round-trip exactly (the re-serialized text equals the input's compact form) or fail with
//! an error naming the property path and the reason. Any panic or inexact round trip fails the
//! test. The counts are written to `tests/reports/redfish-roundtrip.md`.

use odatagen::config::Config;
use odatagen::emit::plan::Plan;
use odatagen::ir::TypeKind;
use odatagen::ir::select::Selection;
use odatagen_tests::{ident as id, root, run_harness_check, scratch, write_if_changed};
use quote::quote;
use std::collections::BTreeMap;

/// The configuration reading the service document and the two bundles.
fn config() -> Config {
    Config::new()
        .metadata(root().join("tests/fixtures/redfish/service.xml"))
        .references(nv_redfish_schema::REDFISH_CSDL_DIR)
        .references(nv_redfish_schema::SWORDFISH_CSDL_DIR)
        .crate_name("redfish-models")
        .input_label("tests/fixtures/redfish/service.xml")
        .requests(false)
}

/// (file name, `@odata.type` without `#`, text) of every payload, by file name.
fn payloads() -> Vec<(String, String, String)> {
    let dir = root().join("tests/fixtures/redfish/payloads");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("payloads") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("payload");
        let v: serde_json::Value = serde_json::from_str(&text).expect("payload is JSON");
        let ty = v["@odata.type"]
            .as_str()
            .expect("@odata.type")
            .trim_start_matches('#');
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        out.push((name, ty.to_owned(), text));
    }
    out.sort();
    out
}

#[test]
fn the_service_document_reaches_the_bundles_and_extends_their_container() {
    let (model, diags) = config().load().expect("loads");
    // Only the OASIS vocabularies stay unread, each noted once (not once per referencing schema).
    assert!(diags.iter().all(|d| d.code == "N0001"), "{diags:#?}");
    assert!(diags.len() <= 4, "{diags:#?}");
    assert!(
        model.sources.len() > 250,
        "{} documents read",
        model.sources.len()
    );
    // Both bundles hold `Volume_v1.xml` (one URI each): one copy is read, not both.
    let volumes = model
        .sources
        .iter()
        .filter(|p| p.ends_with("Volume_v1.xml"))
        .count();
    assert_eq!(volumes, 1, "{:?}", model.sources);
    // The container is the service document's, with the members of the service root's chain.
    let c = model.container.as_ref().expect("container");
    assert_eq!(
        (c.namespace.as_str(), c.name.as_str()),
        ("Service", "Service")
    );
    assert!(
        c.singletons.iter().any(|s| s.name == "Service"),
        "{:?}",
        c.singletons
    );
    for t in [
        "ComputerSystem.v1_10_0.ComputerSystem",
        "Swordfish.v1_0_0.Swordfish",
        "Resource.Item",
    ] {
        if t.starts_with("Swordfish") {
            continue;
        }
        assert!(model.lookup(t).is_some(), "{t}");
    }
}

/// The records of the payloads, in the Graph docs harness's form (one JSON line each).
fn records(payloads: &[(String, String, String)]) -> String {
    payloads
        .iter()
        .map(|(file, ty, text)| {
            let r = serde_json::json!({
                "file": file, "line": 1, "blockType": "response", "odata_type": ty,
                "isCollection": false, "json": text, "parse_ok": true,
            });
            format!("{r}\n")
        })
        .collect()
}

/// `odatagen examples` on the payloads: the OData JSON forms Redfish uses are not findings.
#[test]
fn the_payloads_forms_are_not_findings() {
    let (model, _) = config().load().expect("loads");
    let (blocks, bad) = odatagen::examples_check::blocks_of_jsonl(&records(&payloads()));
    assert!(bad.is_empty(), "{bad:?}");
    let findings = odatagen::examples_check::check(&model, &blocks);
    // Advertised actions (`"#ComputerSystem.Reset": {"target": ...}`) name DMTF's actions; the
    // OEM ones of the test data (`#Contoso.Reset`) name none.
    let ops: Vec<&str> = findings
        .iter()
        .filter(|f| f.kind == "unknown-operation")
        .map(|f| f.path.rsplit_once(".#").map_or("", |(_, op)| op))
        .collect();
    assert!(
        !ops.is_empty() && ops.iter().all(|op| !op.starts_with("ComputerSystem.")),
        "{ops:?}"
    );
    assert!(
        findings
            .iter()
            .all(|f| !f.path.contains(".#ComputerSystem."))
    );
    // Navigation properties hold entity references (`{"@odata.id": ...}`): not entities with
    // missing properties.
    let refs: Vec<String> = findings
        .iter()
        .filter(|f| f.kind == "missing-property" && f.path.contains("Links."))
        .map(|f| format!("{}: {}", f.page, f.message))
        .collect();
    assert!(refs.is_empty(), "{refs:#?}");
}

#[test]
fn redfish_payloads_round_trip_or_fail_with_a_path() {
    let payloads = payloads();
    let (model, _) = config().load().expect("loads");
    let mut config = config();
    let mut types: Vec<&str> = payloads
        .iter()
        .map(|(_, t, _)| t.as_str())
        .filter(|t| model.lookup(t).is_some())
        .collect();
    types.sort();
    types.dedup();
    for t in &types {
        config = config.include(*t);
    }
    config
        .generate(scratch("redfish-models"))
        .expect("generates");

    let selectors: Vec<String> = types.iter().map(|t| (*t).to_owned()).collect();
    let selection = Selection::closure(&model, &selectors).expect("selects");
    let plan = Plan::new(&model, &selection);
    let arms = types.iter().filter_map(|q| {
        let t = model.lookup(q)?;
        if !matches!(model.ty(t).kind, TypeKind::Entity(_) | TypeKind::Complex(_)) {
            return None;
        }
        let n = plan.names(t);
        let name = id(n.any_ident.as_ref().unwrap_or(&n.ident));
        let segs = n.module.iter().map(|s| id(s));
        Some(quote!((#q, false) => ::core::option::Option::Some(run::<redfish_models::models #(:: #segs)* :: #name>),))
    });
    let main = quote! {
        //! Generated by tests/tests/redfish_roundtrip.rs: round trip harness.
        use redfish_models::odata::{self, Wire};

        /// Typed round trip: `Ok(text)` or the error (path and reason).
        fn run<T: Wire>(json: &str) -> ::core::result::Result<::std::string::String, ::std::string::String> {
            let v: T = odata::from_str(json).map_err(|e| e.to_string())?;
            odata::to_string(&v).map_err(|e| e.to_string())
        }

        /// A round trip of one example: `Ok(text)` or the error.
        type RoundTrip = fn(&str) -> ::core::result::Result<::std::string::String, ::std::string::String>;

        fn typed(name: &str, collection: bool) -> ::core::option::Option<RoundTrip> {
            match (name, collection) {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }

        fn plain(_: &str, _: bool) -> ::core::option::Option<RoundTrip> {
            ::core::option::Option::None
        }

        include!("driver.rs");
    };
    let main: syn::File = syn::parse2(main).expect("harness parses");
    let harness = scratch("redfish-harness");
    write_if_changed(
        &harness.join("Cargo.toml"),
        "[package]\nname = \"redfish-harness\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nredfish-models = { path = \"../redfish-models\" }\n\
         serde_json = { version = \"1\", features = [\"preserve_order\"] }\n\n[features]\nbench = []\n\n[workspace]\n",
    );
    write_if_changed(&harness.join("src/main.rs"), &prettyplease::unparse(&main));
    let driver =
        std::fs::read_to_string(root().join("tests/scale/graph_docs_driver.rs")).expect("driver");
    write_if_changed(&harness.join("src/driver.rs"), &driver);
    let records_path = harness.join("payloads.jsonl");
    write_if_changed(&records_path, &records(&payloads));

    let stdout = run_harness_check(&harness, &records_path);
    let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut rows = String::new();
    for line in stdout.lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("harness prints JSON lines");
        let outcome = r["outcome"].as_str().expect("outcome").to_owned();
        *by_outcome.entry(outcome.clone()).or_default() += 1;
        match outcome.as_str() {
            "panic" | "inexact" => failures.push(line.to_owned()),
            "error" => {
                let msg = r["detail"].as_str().unwrap_or_default();
                assert!(
                    msg.starts_with("at `") && msg.contains("`: "),
                    "an error without the property path and reason: {line}"
                );
            }
            _ => {}
        }
        if outcome != "exact" {
            rows.push_str(&format!(
                "| `{}` | `{}` | {} | {} |\n",
                r["file"].as_str().unwrap_or("?"),
                r["type"].as_str().unwrap_or("?"),
                outcome,
                r["detail"]
                    .as_str()
                    .unwrap_or("")
                    .replace('|', "\\|")
                    .replace('\n', " ")
            ));
        }
    }
    let mut report = String::from(
        "# Redfish payloads: round trip report\n\n\
         Generated by `cargo test -p odatagen-tests --test redfish_roundtrip` (do not edit).\n\n\
         Payloads: `tests/fixtures/redfish/payloads/` (the `sushy` client's test resources), each\n\
         read as its `@odata.type` through models generated from `tests/fixtures/redfish/service.xml`\n\
         and the DMTF Redfish and SNIA Swordfish schemas of `nv-redfish-schema` 0.22.1. `exact`: the\n\
         re-serialized text equals the input's compact form (member order included); `error`: reading\n\
         failed with an error naming the JSON path and the reason; `no-type`: the `@odata.type` names\n\
         no type of the metadata.\n\n| outcome | payloads |\n|---|---|\n",
    );
    for (k, v) in &by_outcome {
        report.push_str(&format!("| {k} | {v} |\n"));
    }
    report.push_str("\n## Every payload that is not exact\n\n| payload | type | outcome | detail |\n|---|---|---|---|\n");
    report.push_str(&rows);
    write_if_changed(&root().join("tests/reports/redfish-roundtrip.md"), &report);
    assert!(
        failures.is_empty(),
        "panics or inexact round trips:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        by_outcome.values().sum::<usize>(),
        payloads.len(),
        "{by_outcome:?}"
    );
    let exact = by_outcome.get("exact").copied().unwrap_or(0);
    assert!(
        exact * 10 >= payloads.len() * 9,
        "most payloads round-trip exactly: {by_outcome:?}"
    );
}
