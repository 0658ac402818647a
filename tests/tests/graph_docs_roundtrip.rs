//! Round trip of the Microsoft Graph docs examples (tests/fixtures/graph-docs/, the v1.0 pages of
//! 2021) through a crate generated from the matching metadata (metadata/graph/v1.0-2021-07-13.xml).
//!
//! The test generates the crate and a harness binary under `target/odatagen-scale/`, builds the
//! harness (its own target directory) and runs it over the examples. Every request/response (and
//! resource) example whose `@odata.type` exists in the metadata must either round-trip exactly
//! (the re-serialized text equals the input's compact form, member order included) or fail with an
//! error naming the property path and the reason. Any panic or inexact round trip fails the test.
//! The counts and the failures are written to `tests/reports/graph-docs-roundtrip.md` (rewritten
//! by every run: `cargo test -p odatagen-tests --test graph_docs_roundtrip`).
//!
//! The harness also benchmarks (see BENCHMARKS.md): `graph-docs-harness bench FILE` compares the
//! typed round trip with `serde_json::Value` and with plain derive structs dropping unknown fields.

use odatagen::config::Config;
use odatagen::emit::plan::Plan;
use odatagen::ir::select::Selection;
use odatagen::ir::{Primitive, Target, TypeId, TypeKind};
use odatagen_tests::{ident as id, root, run_harness_check, scratch, write_if_changed};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;





/// `graph_v1_2021::models::a::Name` of a selected type (its `Any` enum when polymorphic).
fn typed_path(plan: &Plan<'_>, t: TypeId, polymorphic: bool) -> TokenStream {
    let n = plan.names(t);
    let name = match (&n.any_ident, polymorphic) {
        (Some(a), true) => a,
        _ => &n.ident,
    };
    let segs = n.module.iter().map(|s| id(s));
    let name = id(name);
    quote!(graph_v1_2021::models #(:: #segs)* :: #name)
}

/// Plain `#[derive(Deserialize, Serialize)]` structs (the floor: unknown members dropped, no
/// member order kept, no polymorphism, enums as strings), one per struct type: `P<index>`.
fn plain_types(plan: &Plan<'_>) -> TokenStream {
    let model = plan.model;
    let mut out = TokenStream::new();
    for t in plan.selection.ids() {
        if model.ty(t).as_struct().is_none() {
            continue;
        }
        let name = format_ident!("P{}", t.index());
        let mut scope = std::collections::HashSet::new();
        let fields = plan.members(t).into_iter().enumerate().map(|(i, m)| {
            let inner = match m.ty.target {
                Target::Primitive(p) => plain_primitive(p),
                Target::Named(n) => match &model.ty(n).kind {
                    TypeKind::Definition(d) => plain_primitive(d.underlying),
                    TypeKind::Enum(_) => quote!(::std::string::String),
                    _ => {
                        let p = format_ident!("P{}", n.index());
                        quote!(::std::boxed::Box<#p>)
                    }
                },
            };
            let ty = if m.ty.collection { quote!(::std::vec::Vec<#inner>) } else { inner };
            let f = format_ident!("f{}", i);
            scope.insert(m.name);
            let wire = m.name;
            quote! {
                #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]
                #f: ::core::option::Option<#ty>,
            }
        });
        out.extend(quote! {
            #[allow(dead_code)]
            #[derive(::serde::Deserialize, ::serde::Serialize)]
            pub struct #name {
                #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
                odata_type: ::core::option::Option<::std::string::String>,
                #(#fields)*
            }
        });
    }
    out
}

fn plain_primitive(p: Primitive) -> TokenStream {
    use Primitive::*;
    match p {
        Boolean => quote!(bool),
        Byte | SByte | Int16 | Int32 | Int64 => quote!(i64),
        Single | Double => quote!(::serde_json::Value),
        Stream | Geo | Untyped | Decimal => quote!(::serde_json::Value),
        _ => quote!(::std::string::String),
    }
}

/// The (type, collection) pairs the examples use: only those are instantiated (monomorphizing
/// every type's serde code would make the harness slow to build).
fn used_types() -> std::collections::BTreeSet<(String, bool)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/graph-docs/graph-docs-v1-visible.jsonl"))
        .expect("examples");
    let mut out = std::collections::BTreeSet::new();
    for line in text.lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let Some(t) = r["odata_type"].as_str() else { continue };
        let mut collection = r["isCollection"].as_bool().unwrap_or(false);
        let mut t = t.to_owned();
        if t.to_ascii_lowercase().starts_with("collection(") && t.ends_with(')') {
            t = t["collection(".len()..t.len() - 1].to_owned();
            collection = true;
        }
        out.insert((t, collection));
    }
    out
}

fn harness_main(plan: &Plan<'_>) -> String {
    let model = plan.model;
    let mut typed = Vec::new();
    let mut plain = Vec::new();
    for (q, collection) in used_types() {
        let Some(t) = model.lookup(&q) else { continue };
        let td = model.ty(t);
        match &td.kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => {
                let p = typed_path(plan, t, true);
                let pl = format_ident!("P{}", t.index());
                if collection {
                    typed.push(quote!((#q, true) => ::core::option::Option::Some(run::<odata::Page<#p>>),));
                    plain.push(quote!((#q, true) => ::core::option::Option::Some(plain_rt::<PlainPage<#pl>>),));
                } else {
                    typed.push(quote!((#q, false) => ::core::option::Option::Some(run::<#p>),));
                    plain.push(quote!((#q, false) => ::core::option::Option::Some(plain_rt::<#pl>),));
                }
            }
            TypeKind::Enum(_) => {
                let p = typed_path(plan, t, false);
                if collection {
                    typed.push(quote!((#q, true) => ::core::option::Option::Some(run::<odata::Page<#p>>),));
                } else {
                    typed.push(quote!((#q, false) => ::core::option::Option::Some(run::<#p>),));
                }
            }
            // CSDL has no unions, maps or arrays (they come from OpenAPI documents).
            TypeKind::Definition(_) | TypeKind::Union(_) | TypeKind::Map(_) | TypeKind::Array(_) => {}
        }
    }
    let plain_types = plain_types(plan);
    let file = quote! {
        //! Generated by tests/tests/graph_docs_roundtrip.rs: round trip and benchmark harness.
        use graph_v1_2021::odata::{self, Wire};

        /// Typed round trip: `Ok(text)` or the error (path and reason).
        fn run<T: Wire>(json: &str) -> ::core::result::Result<::std::string::String, ::std::string::String> {
            let v: T = odata::from_str(json).map_err(|e| e.to_string())?;
            odata::to_string(&v).map_err(|e| e.to_string())
        }

        #[cfg(feature = "bench")]
        fn plain_rt<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) -> ::core::result::Result<::std::string::String, ::std::string::String> {
            let v: T = ::serde_json::from_str(json).map_err(|e| e.to_string())?;
            ::serde_json::to_string(&v).map_err(|e| e.to_string())
        }

        #[cfg(feature = "bench")]
        #[derive(::serde::Deserialize, ::serde::Serialize)]
        struct PlainPage<T> {
            value: ::std::vec::Vec<T>,
        }

        #[cfg(feature = "bench")]
        mod plain_types {
            #plain_types
        }
        #[cfg(feature = "bench")]
        use plain_types::*;

        /// A round trip of one example: `Ok(text)` or the error.
        type RoundTrip = fn(&str) -> ::core::result::Result<::std::string::String, ::std::string::String>;

        /// The typed round trip of `name` (a collection: a page of it), chosen once per example.
        fn typed(name: &str, collection: bool) -> ::core::option::Option<RoundTrip> {
            match (name, collection) {
                #(#typed)*
                _ => ::core::option::Option::None,
            }
        }

        #[cfg(feature = "bench")]
        fn plain(name: &str, collection: bool) -> ::core::option::Option<RoundTrip> {
            match (name, collection) {
                #(#plain)*
                _ => ::core::option::Option::None,
            }
        }

        #[cfg(not(feature = "bench"))]
        fn plain(_: &str, _: bool) -> ::core::option::Option<RoundTrip> {
            ::core::option::Option::None
        }

        include!("driver.rs");
    };
    let file: syn::File = syn::parse2(file).expect("harness parses");
    prettyplease::unparse(&file)
}

#[test]
fn graph_docs_examples_round_trip_or_fail_with_a_path() {
    let metadata = root().join("metadata/graph/v1.0-2021-07-13.xml");
    let config = Config::new()
        .metadata(&metadata)
        .crate_name("graph-v1-2021")
        .input_label("metadata/graph/v1.0-2021-07-13.xml");
    let crate_dir = scratch("graph-v1-2021");
    config.generate(&crate_dir).expect("generates");

    let (model, _) = config.load().expect("loads");
    let selection = Selection::all(&model);
    let plan = Plan::new(&model, &selection);
    let harness = scratch("graph-docs-harness");
    write_if_changed(
        &harness.join("Cargo.toml"),
        "[package]\nname = \"graph-docs-harness\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ngraph-v1-2021 = { path = \"../graph-v1-2021\" }\nserde = { version = \"1\", features = [\"derive\"] }\n\
         serde_json = { version = \"1\", features = [\"preserve_order\"] }\n\n[features]\nbench = []\n",
    );
    write_if_changed(&harness.join("src/main.rs"), &harness_main(&plan));
    let driver = std::fs::read_to_string(root().join("tests/scale/graph_docs_driver.rs")).expect("driver");
    write_if_changed(&harness.join("src/driver.rs"), &driver);

    let stdout = run_harness_check(&harness, &root().join("tests/fixtures/graph-docs/graph-docs-v1-visible.jsonl"));
    // One JSON line per example: {"outcome": ..., ...}; then the report is built here.
    let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for line in stdout.lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("harness prints JSON lines");
        let outcome = r["outcome"].as_str().expect("outcome").to_owned();
        *by_outcome.entry(format!("{} / {}", r["blockType"].as_str().unwrap_or("?"), outcome)).or_default() += 1;
        match outcome.as_str() {
            "panic" | "inexact" => failures.push(line.to_string()),
            "error" => {
                let msg = r["detail"].as_str().unwrap_or_default();
                // Errors name the property path (`at `path`: reason`) and the reason.
                assert!(
                    msg.starts_with("at `") && msg.contains("`: "),
                    "an error without the property path and reason: {line}"
                );
                let reason = msg.split_once("`: ").map(|(_, r)| r).unwrap_or(msg);
                let reason = reason.split(" at line ").next().unwrap_or(reason);
                let reason: String = reason.chars().take(90).collect();
                *reasons.entry(reason).or_default() += 1;
            }
            _ => {}
        }
    }
    let mut report = String::from(
        "# Graph docs examples: round trip report\n\n\
         Generated by `cargo test -p odatagen-tests --test graph_docs_roundtrip` (do not edit).\n\n\
         Examples: `tests/fixtures/graph-docs/graph-docs-v1-visible.jsonl`; crate generated from\n\
         `metadata/graph/v1.0-2021-07-13.xml`. `exact`: the re-serialized text equals the input's\n\
         compact form (member order included); `error`: deserialization failed with an error naming\n\
         the JSON path and the reason; `no-type`: the annotated `@odata.type` is not an entity,\n\
         complex or enum type of the metadata (e.g. `string`, `stream`); `bad-json`: the docs block is\n\
         not JSON. Collections (`isCollection` or `Collection(...)`) are read as `Page<T>`.\n\n\
         | block type / outcome | examples |\n|---|---|\n",
    );
    for (k, v) in &by_outcome {
        report.push_str(&format!("| {k} | {v} |\n"));
    }
    report.push_str("\n## Errors by reason (the path is in the full list below)\n\n| reason | examples |\n|---|---|\n");
    for (k, v) in &reasons {
        report.push_str(&format!("| {} | {v} |\n", k.replace('|', "\\|").replace('\n', " ")));
    }
    report.push_str("\n## Every error\n\n| example | type | error |\n|---|---|---|\n");
    for line in stdout.lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        if r["outcome"] == "error" {
            report.push_str(&format!(
                "| {}:{} | `{}` | {} |\n",
                r["file"].as_str().unwrap_or("?"),
                r["line"],
                r["type"].as_str().unwrap_or("?"),
                r["detail"].as_str().unwrap_or("?").replace('|', "\\|").replace('\n', " ")
            ));
        }
    }
    write_if_changed(&root().join("tests/reports/graph-docs-roundtrip.md"), &report);
    assert!(failures.is_empty(), "panics or inexact round trips:\n{}", failures.join("\n"));
    let exact: usize = by_outcome.iter().filter(|(k, _)| k.ends_with("/ exact")).map(|(_, v)| v).sum();
    assert!(exact > 500, "most examples round-trip exactly: {by_outcome:?}");
}
