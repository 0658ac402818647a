//! Real-world metadata beyond Microsoft Graph (`tests/fixtures/corpus/`, sources in its README):
//! 57 CSDL documents of OData V2–V4 (odata2ts, Apache Olingo, OData/odata.net, OpenAPI.NET.OData
//! test services, SAP CAP, Cloud SDK (JavaScript and Java) and OpenUI5 services, ASP.NET Web API,
//! Simple.OData) and 14
//! OpenAPI 3.0/3.1 documents (the OpenAPI Initiative's examples, Twilio, Swagger Petstore,
//! Traccar, Adyen, Scalar, Apache Polaris, Redoc's 3.1 demo).
//!
//! Each valid document generates a crate; all of them are then built together as one workspace
//! with clippy under `-D warnings -D missing_docs` (every feature on). The documents the corpus
//! holds that are invalid must fail with the expected error at a file, line and column, and write
//! nothing.
//!
//! `ODATAGEN_CORPUS=DIR` runs the same checks on another collection (documents in `DIR/csdl/` and
//! `DIR/openapi/`, such as a sample of APIs.guru): every document must generate, or fail with an
//! error at a file, line and column and write nothing (listed on stderr), the report goes
//! to `target/odatagen-scale/corpus/corpus-examples.md`, and the committed corpus's own
//! expectations (its invalid documents, its counts) are not asserted.

use odatagen::Config;
use odatagen::emit::plan::Plan;
use odatagen::ir::select::Selection;
use odatagen::ir::{Target, TypeKind};
use odatagen_tests::{ident, root};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Documents that are not valid metadata, with the error each must report.
const INVALID: &[(&str, &str, &str)] = &[
    // Several schemas with an empty `Namespace` and containers with an empty `Name`.
    (
        "csdl/odata2ts__odata2ts__schemas.xml",
        "E0005",
        "empty `Name`",
    ),
    // `BaseType="System.Object"`: a CLR type, not a type of the metadata.
    (
        "csdl/microsoft__OpenAPI.NET.OData__Contract.OData.xml",
        "E0102",
        "unresolved type `System.Object`",
    ),
    // SAP Cloud SDK test services, broken on purpose. V2: a navigation property over an
    // association of another document.
    (
        "csdl/SAP__cloud-sdk-js__v2__API_MINIMAL_TEST_SRV.xml",
        "E0102",
        "unresolved association `API_TEST_SRV.assoc_TestEntityToSingleLink`",
    ),
    // V2: a primitive type that does not exist (and association ends typed by entity set names;
    // its `Edm.Float`, CSDL 1.0's name of `Edm.Single`, is fine).
    (
        "csdl/SAP__cloud-sdk-js__v2__API_TEST_SRV.xml",
        "E0102",
        "unresolved type `Edm.SomethingTheSDKDoesNotSupport`",
    ),
    // V2: a self-closed `EntitySet` followed by `</EntitySet>`.
    (
        "csdl/SAP__cloud-sdk-js__v2__COMMON_SRV.xml",
        "E0004",
        "malformed XML",
    ),
    // V4 (with the V2 namespaces): an unknown primitive type, Int64 enum values beyond the Int64 range, an
    // import of an action that does not exist.
    (
        "csdl/SAP__cloud-sdk-js__v4__API_TEST_SRV.xml",
        "E0105",
        "`99999999999999999999` is not an integer",
    ),
    // OpenUI5's test copy of an SAP service: the schema renamed, its references not.
    (
        "csdl/SAP__openui5__apfapp__metadata.xml",
        "E0102",
        "unresolved association `sap.hba.r.sb.core.odata.runtime.SMART_BUSINESS.HAS_FILTERSType`",
    ),
    // pyodata's test metadata (V2): a property typed `Country`, unqualified (and two schemas
    // each declaring the default container `EXAMPLE_SRV`).
    (
        "csdl/SAP__python-pyodata__metadata.xml",
        "E0102",
        "unresolved type `Country`",
    ),
    // Simple.OData's Northwind (V1): association ends typed by entity set names.
    (
        "csdl/simplefx__Simple.OData__Northwind3.xml",
        "E0102",
        "unresolved type `NorthwindModel.",
    ),
];

/// Another collection than the committed one (`ODATAGEN_CORPUS`, see the module docs).
fn other_corpus() -> Option<PathBuf> {
    std::env::var_os("ODATAGEN_CORPUS").map(PathBuf::from)
}

/// The directory holding `csdl/` and `openapi/`.
fn corpus_dir() -> PathBuf {
    other_corpus().unwrap_or_else(|| root().join("tests/fixtures/corpus"))
}

fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["csdl", "openapi"] {
        let dir = corpus_dir().join(dir);
        if other_corpus().is_some() && !dir.exists() {
            continue;
        }
        for entry in std::fs::read_dir(&dir).expect("corpus directory") {
            let path = entry.expect("entry").path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("xml" | "json" | "yaml" | "yml")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `csdl/name.xml` for a corpus file.
fn label(path: &Path) -> String {
    let rel = path.strip_prefix(corpus_dir()).expect("under the corpus");
    rel.to_string_lossy().replace('\\', "/")
}

/// A crate name from a file name: lowercase ASCII letters and digits, single `-` between.
fn crate_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("file name");
    let mut name = String::from("corpus-");
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_owned()
}

#[test]
fn real_world_metadata_generates_crates_that_build_clippy_clean() {
    let out = root().join("target/odatagen-scale/corpus");
    let mut members = Vec::new();
    let mut seen_invalid = Vec::new();
    for file in corpus() {
        let label = label(&file);
        let name = crate_name(&file);
        let dir = out.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        let config = Config::new()
            .metadata(&file)
            .input_label(format!("tests/fixtures/corpus/{label}"))
            .crate_name(&name);
        let result = config.generate(&dir);
        let invalid = INVALID
            .iter()
            .find(|(l, _, _)| *l == label)
            .filter(|_| other_corpus().is_none());
        if let Some((_, code, message)) = invalid {
            let errors = result.expect_err(&label).0;
            let e = errors
                .iter()
                .find(|d| d.code == *code)
                .unwrap_or_else(|| panic!("{label}: no {code} in {errors:#?}"));
            assert!(e.message.contains(message), "{label}: {e}");
            let at = e
                .location
                .as_ref()
                .unwrap_or_else(|| panic!("{label}: {e} has no location"));
            assert!(
                at.file.ends_with(file.file_name().expect("name")),
                "{label}: {e}"
            );
            assert!(at.line > 1 && at.column > 1, "{label}: {e}");
            assert!(
                !dir.exists(),
                "{label}: a failed run wrote {}",
                dir.display()
            );
            seen_invalid.push(label);
            continue;
        }
        let generated = match result {
            Ok(g) => g,
            // Another collection may hold invalid documents: each must say where, and write
            // nothing.
            Err(e) if other_corpus().is_some() => {
                assert!(
                    e.0.iter().any(|d| d.location.as_ref().is_some_and(|l| l.line > 0)),
                    "{label}: no error has a location:\n{e}"
                );
                assert!(!dir.exists(), "{label}: a failed run wrote {}", dir.display());
                let first = e.0.iter().find(|d| d.severity == odatagen::diagnostics::Severity::Error);
                eprintln!("{label}: invalid, {}", first.map(ToString::to_string).unwrap_or_default());
                continue;
            }
            Err(e) => panic!("{label} does not generate:\n{e}"),
        };
        assert!(
            !generated.report.written.is_empty(),
            "{label}: nothing written"
        );
        members.push(name);
    }
    if other_corpus().is_none() {
        assert_eq!(seen_invalid.len(), INVALID.len(), "{seen_invalid:?}");
        assert!(members.len() >= 30, "{members:?}");
    } else {
        assert!(
            !members.is_empty(),
            "no document in {}",
            corpus_dir().display()
        );
    }
    let harness = examples_harness(&out, &members);
    members.push(harness.clone());

    // One workspace of all the generated crates (and the examples harness): their dependencies
    // are built once, and cargo builds the crates in parallel.
    let list: Vec<String> = members.iter().map(|m| format!("    \"{m}\",\n")).collect();
    let manifest = out.join("Cargo.toml");
    std::fs::write(
        &manifest,
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
            list.concat()
        ),
    )
    .expect("workspace manifest");
    std::fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock");
    odatagen_tests::cargo_ok(
        &manifest,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
            "-D",
            "missing_docs",
        ],
        &[],
    );
    run_examples(&manifest, &harness);
}


/// A crate of the examples the corpus documents state (OpenAPI `example`/`examples`, read as
/// `odatagen examples` reads them), each round-tripped through the generated crate as the type it
/// illustrates (a derived type's base as its `Any` enum, a collection as `Vec<T>` or `Page<T>`):
/// one JSON line per example, `exact` (the output is the input's compact form, member order
/// included), `error` (with the path and reason), `inexact` or `panic`. Returns its member name.
fn examples_harness(out: &Path, members: &[String]) -> String {
    let dir = corpus_dir();
    let mut runners = Vec::new();
    let mut entries = Vec::new();
    for (k, member) in members.iter().enumerate() {
        let file = corpus()
            .into_iter()
            .find(|f| crate_name(f) == *member)
            .expect("a corpus file per member");
        let (model, _) = odatagen::frontend::load_with_examples(&file).expect("loads");
        if model.examples.is_empty() {
            continue;
        }
        let selection = Selection::all(&model);
        let plan = Plan::new(&model, &selection);
        let krate = ident(&member.replace('-', "_"));
        let module = format_ident!("c{}", k);
        let runner = quote! {
            mod #module {
                pub fn run<T: #krate::odata::Wire>(json: &str) -> Result<String, String> {
                    let v: T = #krate::odata::from_str(json).map_err(|e| e.to_string())?;
                    #krate::odata::to_string(&v).map_err(|e| e.to_string())
                }
            }
        };
        let before = entries.len();
        let label_file = file
            .strip_prefix(&dir)
            .expect("in the corpus")
            .to_string_lossy()
            .replace('\\', "/");
        for e in &model.examples {
            let Target::Named(t) = e.ty.target else {
                continue;
            };
            let n = plan.names(t);
            let name = ident(n.any_ident.as_ref().unwrap_or(&n.ident));
            let segs = n.module.iter().map(|s| ident(s));
            let path = quote!(#krate::models #(:: #segs)* :: #name);
            let ty = match (e.ty.collection, e.value_wrapped) {
                (false, _) => path,
                (true, false) => quote!(::std::vec::Vec<#path>),
                (true, true) => quote!(#krate::odata::Page<#path>),
            };
            let label = Literal::string(&format!("{label_file}:{}:{}", e.span.line, e.span.column));
            let json = Literal::string(&e.json);
            entries.push(quote!((#label, #json, #module::run::<#ty>),));
        }
        // Primitive examples (of properties) are checked by `odatagen examples`, not here.
        if entries.len() > before {
            runners.push(runner);
        }
    }
    let main: TokenStream = quote! {
        //! Generated by tests/tests/corpus.rs: round trips of the corpus documents' examples.

        #(#runners)*

        /// (label, example, typed round trip)
        type Example = (&'static str, &'static str, fn(&str) -> Result<String, String>);

        const EXAMPLES: &[Example] = &[#(#entries)*];

        fn compact(json: &str) -> Option<String> {
            serde_json::from_str::<serde_json::Value>(json).ok().map(|v| v.to_string())
        }

        fn main() {
            std::panic::set_hook(Box::new(|_| {}));
            for (label, json, f) in EXAMPLES {
                let (outcome, detail) = match std::panic::catch_unwind(|| f(json)) {
                    Err(_) => ("panic", String::new()),
                    Ok(Err(e)) => ("error", e),
                    Ok(Ok(text)) if compact(json).as_deref() == Some(text.as_str()) => {
                        ("exact", String::new())
                    }
                    Ok(Ok(text)) => ("inexact", text),
                };
                println!(
                    "{}",
                    serde_json::json!({"example": label, "outcome": outcome, "detail": detail})
                );
            }
        }
    };
    let file: syn::File = syn::parse2(main).expect("harness parses");
    let name = "corpus-examples";
    let dir = out.join(name);
    std::fs::create_dir_all(dir.join("src")).expect("harness dir");
    std::fs::write(dir.join("src/main.rs"), prettyplease::unparse(&file)).expect("main.rs");
    let deps: Vec<String> = members
        .iter()
        .map(|m| format!("{m} = {{ path = \"../{m}\" }}\n"))
        .collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nserde_json = {{ version = \"1\", features = [\"preserve_order\", \"float_roundtrip\"] }}\n{}",
            deps.concat()
        ),
    )
    .expect("harness manifest");
    name.to_owned()
}

/// Runs the examples harness: no panic and no inexact round trip; the outcomes are written to
/// `tests/reports/corpus-examples.md`.
fn run_examples(manifest: &Path, harness: &str) {
    let stdout = odatagen_tests::cargo_ok(manifest, &["run", "--quiet", "-p", harness], &[]);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows = String::new();
    let mut failures = Vec::new();
    for line in stdout.lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let outcome = r["outcome"].as_str().expect("outcome").to_owned();
        *counts.entry(outcome.clone()).or_default() += 1;
        match outcome.as_str() {
            "panic" | "inexact" => failures.push(line.to_owned()),
            "error" => rows.push_str(&format!(
                "| {} | {} |\n",
                r["example"].as_str().unwrap_or("?"),
                r["detail"].as_str().unwrap_or("?").replace('|', "\\|")
            )),
            _ => {}
        }
    }
    let mut report = String::from(
        "# Corpus examples: round trip report\n\n\
         Generated by `cargo test -p odatagen-tests --test corpus` (do not edit). Every example the\n\
         documents of `tests/fixtures/corpus/` state (OpenAPI `example` and `examples` of named\n\
         schemas and JSON bodies) is read as the type it illustrates by the crate generated from its\n\
         document and written back: `exact` when the output is the input's compact form (member\n\
         order included), `error` when reading fails (the path and the reason are below).\n\n\
         | outcome | examples |\n|---|---|\n",
    );
    for (k, v) in &counts {
        report.push_str(&format!("| {k} | {v} |\n"));
    }
    if !rows.is_empty() {
        report.push_str("\n## Errors\n\n| example | error |\n|---|---|\n");
        report.push_str(&rows);
    }
    let path = match other_corpus() {
        Some(_) => root().join("target/odatagen-scale/corpus/corpus-examples.md"),
        None => root().join("tests/reports/corpus-examples.md"),
    };
    if std::fs::read_to_string(&path).ok().as_deref() != Some(report.as_str()) {
        std::fs::write(&path, &report).expect("report");
    }
    assert!(
        failures.is_empty(),
        "panics or inexact round trips:\n{}",
        failures.join("\n")
    );
    assert!(
        other_corpus().is_some() || counts.get("exact").copied().unwrap_or(0) >= 5,
        "{counts:?}"
    );
}

fn load(label: &str) -> odatagen::ir::Model {
    let (model, _) = odatagen::frontend::load(&root().join("tests/fixtures/corpus").join(label))
        .unwrap_or_else(|e| panic!("{label}:\n{e}"));
    model
}

fn enum_values(model: &odatagen::ir::Model, qualified: &str) -> Vec<String> {
    let id = model
        .lookup(qualified)
        .unwrap_or_else(|| panic!("no type {qualified}"));
    match &model.ty(id).kind {
        TypeKind::Enum(e) => e.members.iter().map(|m| m.name.clone()).collect(),
        other => panic!("{qualified} is not an enum: {other:?}"),
    }
}

#[test]
fn inline_enums_of_real_documents_are_named_enums() {
    // Adyen: `status` and `type` are inline enums of the response and request schemas.
    let m = load("openapi/Adyen__adyen-openapi__BalanceControlService-v1.json");
    assert_eq!(
        enum_values(&m, "api.BalanceTransferResponse_status"),
        ["error", "failed", "notEnoughBalance", "transferred"]
    );
    // The request's `type` lists the same values as the response's: one enum serves both.
    let member_type = |owner: &str, member: &str| {
        let id = m.lookup(owner).expect(owner);
        let st = m.ty(id).as_struct().expect("struct");
        st.properties
            .iter()
            .find(|p| p.name == member)
            .map(|p| p.ty.target)
            .expect(member)
    };
    assert_eq!(
        member_type("api.BalanceTransferRequest", "type"),
        member_type("api.BalanceTransferResponse", "type")
    );
    assert!(m.lookup("api.BalanceTransferResponse_type").is_some());
    // Polaris: the discriminator member of `StorageConfigInfo` is an inline enum too, and the
    // types derived from it are chosen by its value.
    let m = load("openapi/apache__polaris__polaris-management-service.yml");
    assert_eq!(
        enum_values(&m, "api.StorageConfigInfo_storageType"),
        ["S3", "GCS", "AZURE", "FILE"]
    );
    let id = m
        .lookup("api.StorageConfigInfo_any")
        .expect("discriminated union");
    let TypeKind::Union(u) = &m.ty(id).kind else {
        panic!("not a union")
    };
    assert_eq!(u.discriminator.as_deref(), Some("storageType"));
    assert!(
        u.alternatives.iter().any(|a| a.tags == ["S3"]),
        "{:?}",
        u.alternatives
    );
}
