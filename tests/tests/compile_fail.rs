//! Compile-fail tests: the query options the metadata's Capabilities annotations forbid do not
//! exist on the request builders. `credentialUserRegistrationCount` says TopSupported=false,
//! SkipSupported=false and FilterRestrictions/Filterable=false, so `.top()`, `.skip()` and
//! `.filter()` must not compile, on the function result and on a caller-supplied collection;
//! the allowed options (`$select`, `$orderby`, `$count`) must compile (the control case, so the
//! harness itself is proven to build valid code).
//!
//! The function result comes from `tests/e2e/generated` (generated with the path selector
//! `/reports/getCredentialUserRegistrationCount`), the caller-supplied collection from the default
//! `generated/` crate.
//!
//! Each case is a binary of a scratch crate depending on the committed generated crates, checked
//! with `cargo check` in the compile-check target directory.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const PRELUDE: &str = "use graph_beta_models::models::CredentialUserRegistrationCount as C;\n\
use graph_beta_models::requests::{self, entities::CredentialUserRegistrationCountProperty as P};\n\
#[allow(unused_imports)]\nuse graph_beta_models::request::Order;\n\
#[allow(unused_imports)]\nuse graph_beta_e2e::requests::{reports, entities::CredentialUserRegistrationCountProperty as EP};\n";

const CASES: &[(&str, &str, Option<&str>)] = &[
    (
        "ok",
        "let _ = reports().get_credential_user_registration_count()\
            .select(&[EP::Id, EP::TotalUserCount]).order_by(&[(EP::TotalUserCount, graph_beta_e2e::request::Order::Desc)]).with_count();\n\
         let _ = requests::collection::<C>(\"/c\").list().select(&[P::Id]);",
        None,
    ),
    (
        "top_on_function",
        "let _ = reports().get_credential_user_registration_count().top(1);",
        Some("top"),
    ),
    (
        "skip_on_function",
        "let _ = reports().get_credential_user_registration_count().skip(1);",
        Some("skip"),
    ),
    (
        "filter_on_function",
        "let _ = reports().get_credential_user_registration_count().filter(\"true\");",
        Some("filter"),
    ),
    (
        "top_on_collection",
        "let _ = requests::collection::<C>(\"/c\").list().top(1);",
        Some("top"),
    ),
    (
        "skip_on_collection",
        "let _ = requests::collection::<C>(\"/c\").list().skip(1);",
        Some("skip"),
    ),
    (
        "filter_on_collection",
        "let _ = requests::collection::<C>(\"/c\").list().filter(\"true\");",
        Some("filter"),
    ),
];

#[test]
fn forbidden_query_options_do_not_compile() {
    let root = root();
    let dir = root.join("target/odatagen-compile-fail");
    std::fs::create_dir_all(dir.join("src/bin")).expect("scratch dir");
    let generated = root.join("generated");
    let manifest = format!(
        "[package]\nname = \"compile-fail-cases\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ngraph-beta-models = {{ path = {:?} }}\ngraph-beta-e2e = {{ path = {:?} }}\n\n[workspace]\n",
        generated.display().to_string(),
        root.join("tests/e2e/generated").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    // The scratch crate shares the workspace's lock file, so nothing new is resolved.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    std::fs::write(dir.join("src/lib.rs"), "").expect("lib");
    for (name, body, _) in CASES {
        std::fs::write(
            dir.join(format!("src/bin/{name}.rs")),
            format!("{PRELUDE}fn main() {{\n{body}\n}}\n"),
        )
        .expect("case");
    }
    for (name, _, forbidden) in CASES {
        let out = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--offline", "--bin", name, "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target/odatagen-compile-check"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        match forbidden {
            None => assert!(out.status.success(), "{name} must compile:\n{stderr}"),
            Some(method) => {
                assert!(!out.status.success(), "{name} must not compile");
                assert!(
                    stderr.contains("E0599") && stderr.contains(&format!("`{method}`")),
                    "{name}: expected `no method named {method}` (E0599):\n{stderr}"
                );
            }
        }
    }
}
