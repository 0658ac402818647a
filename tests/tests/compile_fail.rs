//! Compile-fail tests: the query options the metadata's Capabilities annotations forbid do not
//! exist on the request builders (rustc says "no method named `top` found", not that a method
//! exists whose bounds fail). `credentialUserRegistrationCount` says TopSupported=false,
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

const PRELUDE: &str = "#[allow(unused_imports)]\nuse ::graph_beta_models::models::CredentialUserRegistrationCount as C;\n\
#[allow(unused_imports)]\nuse ::graph_beta_models::requests::{self, entities::CredentialUserRegistrationCountProperty as P};\n\
#[allow(unused_imports)]\nuse ::graph_beta_models::request::Order;\n\
#[allow(unused_imports)]\nuse ::graph_beta_e2e::requests::{reports, entities::CredentialUserRegistrationCountProperty as EP};\n\
#[allow(unused_imports)]\nuse ::navcaps::requests::{me, people, entities::{PersonNavigation as NN, PersonProperty as NP, TripProperty as TP}};\n";

/// (name, body, `Some((method, struct))`: the method must not exist on that struct; or
/// `Some((error code, type))`: rustc reports that error naming that type).
type Case = (&'static str, &'static str, Option<(&'static str, &'static str)>);

const CASES: &[Case] = &[
    (
        "ok",
        "let _ = reports().get_credential_user_registration_count()\
            .select(&[EP::Id, EP::TotalUserCount]).order_by(&[(EP::TotalUserCount, ::graph_beta_e2e::request::Order::Desc)]).with_count();\n\
         let _ = requests::collection::<C>(\"/c\").list().select(&[P::Id]);\n\
         let _ = requests::collection::<C>(\"/c\").create(&::core::default::Default::default());\n\
         let _ = people().list().top(1).skip(1).filter(\"true\").with_count();\n\
         let _ = people().count();\n\
         let p = people().by_key(\"a\");\n\
         let _ = p.friends().list().top(1).order_by(&[(NP::Name, ::navcaps::request::Order::Asc)]).search(\"x\");\n\
         let _ = people().list().select(&[NP::Name, NP::Friends]).expand(&[NN::Friends, NN::BestFriend]);\n\
         let _ = requests::collection::<C>(\"/c\").list().expand(&[]);\n\
         let _ = p.friends().create(&::core::default::Default::default());\n\
         let _ = p.trips().list().skip(1).filter(\"true\").select(&[TP::Name]);\n\
         let _ = p.trips().by_key(1).update(&::core::default::Default::default());\n\
         let _ = p.trips().by_key(1).plan_items().list().top(1);\n\
         let _ = p.best_friend().delete();\n\
         let _ = p.recent(5, <::navcaps::requests::params::PersonRecentOptions as ::core::default::Default>::default());\n\
         let _ = p.invite(\"e@x.test\", &::std::vec::Vec::new(), ::navcaps::requests::params::PersonInviteOptions { note: ::core::option::Option::None });\n\
         let _ = me().best_friend().get();",
        None,
    ),
    (
        "top_on_function",
        "let _ = reports().get_credential_user_registration_count().top(1);",
        Some(("top", "Query")),
    ),
    (
        "skip_on_function",
        "let _ = reports().get_credential_user_registration_count().skip(1);",
        Some(("skip", "Query")),
    ),
    (
        "filter_on_function",
        "let _ = reports().get_credential_user_registration_count().filter(\"true\");",
        Some(("filter", "Query")),
    ),
    (
        "top_on_collection",
        "let _ = requests::collection::<C>(\"/c\").list().top(1);",
        Some(("top", "Query")),
    ),
    (
        "skip_on_collection",
        "let _ = requests::collection::<C>(\"/c\").list().skip(1);",
        Some(("skip", "Query")),
    ),
    (
        "filter_on_collection",
        "let _ = requests::collection::<C>(\"/c\").list().filter(\"true\");",
        Some(("filter", "Query")),
    ),
    // Navigation restrictions (tests/fixtures/csdl/nav_capabilities.xml).
    (
        "nav_targeted_top",
        "let _ = people().by_key(\"a\").trips().list().top(1);",
        Some(("top", "Query")),
    ),
    (
        "nav_targeted_insert",
        "let _ = me().trips().create(&::core::default::Default::default());",
        Some(("create", "EntityCollection")),
    ),
    (
        "nav_restricted_skip",
        "let _ = people().by_key(\"a\").friends().list().skip(1);",
        Some(("skip", "Query")),
    ),
    (
        "nav_restricted_filter",
        "let _ = me().friends().list().filter(\"true\");",
        Some(("filter", "Query")),
    ),
    (
        "nav_restricted_path_count",
        "let _ = me().best_friend().friends().list().with_count();",
        Some(("with_count", "Query")),
    ),
    (
        "nav_restricted_on_type_search",
        "let _ = me().trips().by_key(1).plan_items().list().search(\"x\");",
        Some(("search", "Query")),
    ),
    // `$expand` takes navigation properties only (`Some((error code, expected type))`).
    (
        "expand_structural_property",
        "let _ = people().list().expand(&[NP::Name]);",
        Some(("E0308", "PersonNavigation")),
    ),
    (
        "nav_container_path_update",
        "let _ = people().by_key(\"a\").best_friend().update(&::core::default::Default::default());",
        Some(("update", "EntityRef")),
    ),
];

#[test]
fn forbidden_query_options_do_not_compile() {
    let root = root();
    let dir = root.join("target/odatagen-compile-fail");
    std::fs::create_dir_all(dir.join("src/bin")).expect("scratch dir");
    // The navigation-restrictions fixture, generated here.
    let navcaps = dir.join("navcaps");
    odatagen::Config::new()
        .metadata(root.join("tests/fixtures/csdl/nav_capabilities.xml"))
        .crate_name("navcaps")
        .generate(&navcaps)
        .expect("fixture generates");
    let generated = root.join("generated");
    let manifest = format!(
        "[package]\nname = \"compile-fail-cases\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ngraph-beta-models = {{ path = {:?} }}\ngraph-beta-e2e = {{ path = {:?} }}\nnavcaps = {{ path = {:?} }}\n\n[workspace]\n",
        generated.display().to_string(),
        root.join("tests/e2e/generated").display().to_string(),
        navcaps.display().to_string(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    // The scratch crate shares the workspace's lock file, so nothing new is resolved.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    std::fs::write(dir.join("src/lib.rs"), "").expect("lib");
    // Each case twice: as written, and without the implicit prelude (whose `Iterator::skip` and
    // `Iterator::filter` make rustc word a missing `skip`/`filter` as "is not an iterator").
    let mut bins = Vec::new();
    for (name, body, forbidden) in CASES {
        for bare in [false, true] {
            let bin = if bare { format!("{name}_bare") } else { (*name).to_owned() };
            let attr = if bare { "#![no_implicit_prelude]\n" } else { "" };
            std::fs::write(
                dir.join(format!("src/bin/{bin}.rs")),
                format!("{attr}{PRELUDE}fn main() {{\n{body}\n}}\n"),
            )
            .expect("case");
            bins.push((bin, bare, *forbidden));
        }
    }
    for (bin, bare, forbidden) in bins {
        let out = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--offline", "--bin", &bin, "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target/odatagen-compile-check"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        match forbidden {
            None => assert!(out.status.success(), "{bin} must compile:\n{stderr}"),
            Some((code, ty)) if code.starts_with("E0") => {
                assert!(!out.status.success(), "{bin} must not compile");
                assert!(stderr.contains(&format!("error[{code}]")) && stderr.contains(ty), "{bin}: expected {code} naming `{ty}`:\n{stderr}");
            }
            Some((method, ty)) => {
                assert!(!out.status.success(), "{bin} must not compile");
                // Never "the method `top` exists for struct ... but its trait bounds were not
                // satisfied": the method is absent.
                assert!(!stderr.contains("exists for struct"), "{bin}:\n{stderr}");
                // rustc writes the struct's path when two crates have one of that name.
                let wanted = format!("error[E0599]: no method named `{method}` found for struct `");
                let found = stderr.lines().any(|l| {
                    l.strip_prefix(&wanted).is_some_and(|rest| {
                        rest.starts_with(&format!("{ty}<")) || rest.contains(&format!("::request::{ty}<"))
                    })
                });
                let iterator = matches!(method, "skip" | "filter") && !bare;
                if iterator {
                    assert!(
                        stderr.contains("error[E0599]: `Query<") && stderr.contains("is not an iterator"),
                        "{bin}: expected rustc's wording for a missing `{method}` beside `Iterator::{method}`:\n{stderr}"
                    );
                } else {
                    assert!(found, "{bin}: expected `{wanted}{ty}<`:\n{stderr}");
                }
            }
        }
    }
}
