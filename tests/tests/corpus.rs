//! Real-world metadata beyond Microsoft Graph (`tests/fixtures/corpus/`, sources in its README):
//! 22 OData V4 CSDL documents (odata2ts, Apache Olingo, OData/odata.net, OpenAPI.NET.OData test
//! services, SAP CAP services) and 12 OpenAPI 3.0/3.1 documents (the OpenAPI Initiative's
//! examples, Twilio, Swagger Petstore, Traccar, Adyen, Scalar, Apache Polaris).
//!
//! Each valid document generates a crate; all of them are then built together as one workspace
//! with clippy under `-D warnings -D missing_docs` (every feature on). The documents the corpus
//! holds that are invalid must fail with the expected error at a file, line and column, and write
//! nothing.

use odatagen::Config;
use odatagen::ir::TypeKind;
use odatagen_tests::root;
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
];

fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["csdl", "openapi"] {
        let dir = root().join("tests/fixtures/corpus").join(dir);
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
    let rel = path
        .strip_prefix(root().join("tests/fixtures/corpus"))
        .expect("under the corpus");
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
        if let Some((_, code, message)) = INVALID.iter().find(|(l, _, _)| *l == label) {
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
        let generated = result.unwrap_or_else(|e| panic!("{label} does not generate:\n{e}"));
        assert!(
            !generated.report.written.is_empty(),
            "{label}: nothing written"
        );
        members.push(name);
    }
    assert_eq!(seen_invalid.len(), INVALID.len(), "{seen_invalid:?}");
    assert!(members.len() >= 30, "{members:?}");

    // One workspace of all the generated crates: their dependencies are built once, and cargo
    // builds the crates in parallel.
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
