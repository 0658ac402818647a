//! Golden test: the committed `generated/` crate is exactly what the generator produces now from
//! the committed `odatagen.toml` (the same check as `odatagen check`).

use odatagen::config::ConfigFile;
use odatagen::writer::Stale;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn committed_output_is_fresh() {
    let root = root();
    let file = ConfigFile::read(&root.join("odatagen.toml")).expect("config");
    let (config, out) = file.to_config(&root);
    let (rendered, stale) = config.check(&out).expect("generation succeeds");
    let report: Vec<String> = stale
        .iter()
        .map(|s| match s {
            Stale::Missing(p) => format!("missing {}", p.display()),
            Stale::Extra(p) => format!("extra {}", p.display()),
            Stale::Changed(p, diff) => format!("changed {}\n{diff}", p.display()),
        })
        .collect();
    assert!(
        report.is_empty(),
        "generated/ is stale; run `cargo run -p odatagen`:\n{}",
        report.join("\n")
    );
    // Exactly the closure of credentialUserRegistrationCount.
    assert_eq!(rendered.types, 4);
    let mut models: Vec<String> = rendered
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/models"))
        .map(|f| f.path.display().to_string())
        .collect();
    models.sort();
    assert_eq!(
        models,
        [
            "src/models/credential_user_registration_count.rs",
            "src/models/entity.rs",
            "src/models/mod.rs",
            "src/models/registration_status_type.rs",
            "src/models/user_registration_count.rs",
        ]
    );
    // The request code of the default metadata is part of the golden output.
    let mut requests: Vec<String> = rendered
        .files
        .iter()
        .map(|f| f.path.display().to_string().replace('\\', "/"))
        .filter(|p| p.starts_with("src/request"))
        .collect();
    requests.sort();
    assert_eq!(
        requests,
        [
            "src/request/batch.rs",
            "src/request/body.rs",
            "src/request/client.rs",
            "src/request/entity.rs",
            "src/request/error.rs",
            "src/request/expand.rs",
            "src/request/literals.rs",
            "src/request/mod.rs",
            "src/request/multipart_batch.rs",
            "src/request/paths.rs",
            "src/request/query.rs",
            "src/request/response.rs",
            "src/request/rest.rs",
            "src/requests/entities/c.rs",
            "src/requests/entities/e.rs",
            "src/requests/entities/mod.rs",
            "src/requests/mod.rs",
            "src/requests/options.rs",
            "src/requests/params.rs",
        ]
    );
    let root = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("requests/mod.rs"))
        .expect("requests/mod.rs");
    // No singleton is selected: the seed's Create goes to a caller-supplied collection URL.
    assert!(root.content.contains("pub fn collection<"), "{}", root.content);
    assert!(!root.content.contains("pub fn reports()"), "{}", root.content);
    assert!(root.content.contains("\"https://graph.microsoft.com/beta\""));
}

/// A path selector adds the singleton's entity type (its request builder returns it): the
/// closure plus `reportRoot`, and the fluent `reports()` path.
#[test]
fn path_selector_adds_the_singleton_type() {
    let root = root();
    let rendered = odatagen::Config::new()
        .metadata(root.join("metadata/graph/beta-USSec.csdl"))
        .include("microsoft.graph.credentialUserRegistrationCount")
        .include("/reports/getCredentialUserRegistrationCount")
        .render()
        .expect("render");
    assert_eq!(rendered.types, 5);
    let root_mod = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("requests/mod.rs"))
        .expect("requests/mod.rs");
    assert!(root_mod.content.contains("pub fn reports()"), "{}", root_mod.content);
}

/// The end-to-end test's second committed crate is fresh too.
#[test]
fn e2e_crate_is_fresh() {
    let dir = root().join("tests/e2e");
    let file = ConfigFile::read(&dir.join("odatagen.toml")).expect("config");
    let (config, out) = file.to_config(&dir);
    let (_, stale) = config.check(&out).expect("generation succeeds");
    assert!(
        stale.is_empty(),
        "tests/e2e/generated is stale; run `cargo run -p odatagen -- --config tests/e2e/odatagen.toml`"
    );
}

#[test]
fn generation_is_deterministic() {
    let root = root();
    let file = ConfigFile::read(&root.join("odatagen.toml")).expect("config");
    let (config, _) = file.to_config(&root);
    let a = config.render().expect("render");
    let b = config.render().expect("render");
    assert_eq!(a.files, b.files);
}

#[test]
fn headers_name_generator_and_input() {
    let root = root();
    let file = ConfigFile::read(&root.join("odatagen.toml")).expect("config");
    let (config, _) = file.to_config(&root);
    for f in config.render().expect("render").files {
        if f.path.as_os_str() == "README.md" {
            assert!(f.content.contains("metadata/graph/beta-USSec.csdl"), "{}", f.content);
            continue;
        }
        if f.path.as_os_str() == "odatagen.lock" {
            assert!(f.content.contains("path = \"metadata/graph/beta-USSec.csdl\""), "{}", f.content);
            assert!(f.content.contains("sha256:"), "{}", f.content);
            continue;
        }
        let first = f.content.lines().next().unwrap_or_default().to_owned();
        assert!(
            first.contains("Generated by odatagen") && first.contains("metadata/graph/beta-USSec.csdl"),
            "{}: {first}",
            f.path.display()
        );
    }
}
