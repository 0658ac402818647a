//! Graph at scale: the full Microsoft Graph v1.0 metadata (3,822 types, 11 namespaces).
//!
//! - the hazards of the real metadata keep their wire names (checked in the emitted source, and at
//!   run time in a crate generated from a selection of it: `tests/scale/v1_hazards.rs`);
//! - the full crate passes clippy with `-D warnings -D missing_docs`, all features, and `cargo
//!   check` with single-namespace features alone; so does the full Graph beta crate the seed
//!   comes from (2,318 types, clippy);
//! - regenerating unchanged input rewrites no file (mtimes unchanged).
//!
//! Crates are generated under `target/odatagen-scale/` and built there with their own target
//! directory, so the flags do not invalidate the workspace build.

use odatagen::config::Config;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    root().join("target/odatagen-scale").join(name)
}

fn v1() -> PathBuf {
    root().join("metadata/graph/v1.0.csdl")
}

/// `cargo SUB --manifest-path DIR/Cargo.toml ARGS` with `-D warnings`, in the shared scratch
/// target directory.
fn cargo(dir: &Path, sub: &str, args: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .arg(sub)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(args)
        .env("CARGO_TARGET_DIR", scratch("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {sub} {args:?} in {} failed:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mtimes(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p, e.metadata().and_then(|m| m.modified()).expect("mtime"));
            }
        }
    }
    out
}

fn file<'a>(files: &'a [odatagen::emit::OutputFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == Path::new(path))
        .map(|f| f.content.as_str())
        .unwrap_or_else(|| panic!("{path} is generated"))
}

#[test]
fn v1_hazards_in_the_emitted_source() {
    let r = Config::new().metadata(v1()).crate_name("graph-v1").render().expect("renders");
    assert_eq!(r.types, 3822);
    // Both enum members, distinct variants, each with its own wire name.
    let wmc = file(&r.files, "src/models/windows_malware_category.rs");
    assert!(wmc.contains(r#"Self::RemoteControlSoftware => "remoteControlSoftware""#), "{wmc}");
    assert!(wmc.contains(r#"Self::RemoteControlSoftware2 => "remote_Control_Software""#), "{wmc}");
    // The entity type `microsoft.graph.security` beside the module of namespace
    // `microsoft.graph.security` (alias `self`).
    let models = file(&r.files, "src/models/mod.rs");
    assert!(models.contains("pub mod security;"));
    assert!(models.contains("pub use self::security_type::Security;"));
    let sec = file(&r.files, "src/models/security_type.rs");
    assert!(sec.contains(r#"pub const ODATA_TYPE: &'static str = "microsoft.graph.security";"#));
    assert!(sec.contains("crate::models::security::Alert"), "the entity refers into the namespace");
    let alert = file(&r.files, "src/models/security/alert.rs");
    assert!(alert.contains(r#""microsoft.graph.security.alert""#));
    // Keyword names: raw identifiers with the wire name in the serde code.
    let mut raw_fields = 0;
    for f in &r.files {
        for line in f.content.lines() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix("pub r#")
                && let Some((name, _)) = rest.split_once(':')
            {
                raw_fields += 1;
                let wire = format!("\"{name}\"");
                assert!(f.content.contains(&wire), "{}: r#{name} keeps {wire}", f.path.display());
            }
        }
    }
    // v1.0 has 67 keyword-named properties (63 `type`, `self`, `final`, `move`); inherited ones
    // repeat in every derived struct.
    assert!(raw_fields >= 67, "keyword properties, found {raw_fields}");
    // `self` cannot be a raw identifier: `self_`, still `"self"` on the wire.
    let onenote = file(&r.files, "src/models/section_group.rs");
    // (`ser_field` gets the wire name from `FIELDS`.)
    assert!(onenote.contains("crate::odata::serialize_field(map, key, &self.self_)"));
    assert!(onenote.contains(r#""self""#));
    // Keyword enum members keep theirs too.
    let app = file(&r.files, "src/models/drive_item_source_application.rs");
    assert!(app.contains(r#""loop" => Self::Loop"#) && app.contains(r#"Self::Loop => "loop""#));
    // Graph's restrictions of navigation properties (`<Annotations Target="microsoft.graph.calendar/events">`:
    // not expandable, not searchable) reach the accessor; every restriction path resolves.
    assert!(r.diagnostics.iter().all(|d| d.code != "W0304"), "unresolved navigation restrictions");
    let flat: String = file(&r.files, "src/requests/entities/c.rs").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("pub fn events( &self, ) -> crate::request::EntityCollection< crate::models::Event, crate::requests::options::NoExpandSearch, >"),
        "calendar/events"
    );
    // Namespace features: the generated crate lets a user compile one namespace.
    let manifest = file(&r.files, "Cargo.toml");
    for feature in ["graph = [\"_any-", "security = [", "term-store = [", "call-records = [\"_any-"] {
        assert!(manifest.contains(feature), "{feature} in\n{manifest}");
    }
    // What several features compile is gated by one internal feature each of them enables, not
    // by `any(...)` lists repeated at every use.
    assert!(manifest.contains("\n_any-"), "{manifest}");
    for f in &r.files {
        assert!(!f.content.contains("any(feature"), "{}", f.path.display());
    }
}

/// A crate from a selection of the real v1.0 metadata, with one hazard the current metadata lost
/// added back (`searchQuery` had both `queryString` and `query_string`), built and tested.
#[test]
fn v1_hazards_at_run_time() {
    let text = std::fs::read_to_string(v1()).expect("v1.0 metadata");
    let query_string = r#"<Property Name="queryString" Type="Edm.String" Nullable="false" />"#;
    assert_eq!(text.matches(query_string).count(), 1);
    let patched = text.replace(
        query_string,
        &format!(r#"{query_string}<Property Name="query_string" Type="Edm.String" />"#),
    );
    let dir = scratch("graph-v1-hazards");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let metadata = scratch("v1.0-query_string.csdl");
    std::fs::write(&metadata, patched).expect("write metadata");
    let mut c = Config::new()
        .metadata(&metadata)
        .crate_name("graph-v1-hazards")
        .input_label("metadata/graph/v1.0.csdl (+ searchQuery.query_string)");
    for i in [
        "microsoft.graph.directoryObject",
        "microsoft.graph.user",
        "graph.group",
        "graph.servicePrincipal",
        "graph.device",
        "microsoft.graph.windowsMalwareCategory",
        "microsoft.graph.searchQuery",
        "type:microsoft.graph.security",
        "self.alert",
        "graph.accessPackageResourceRole",
    ] {
        c = c.include(i);
    }
    c.generate(&dir).expect("generates");
    std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
    let test = std::fs::read(root().join("tests/scale/v1_hazards.rs")).expect("hazard test");
    if std::fs::read(dir.join("tests/v1_hazards.rs")).ok().as_deref() != Some(&test[..]) {
        std::fs::write(dir.join("tests/v1_hazards.rs"), test).expect("copy hazard test");
    }
    cargo(&dir, "test", &["--quiet"]);
}

#[test]
fn v1_full_crate_checks_without_warnings_and_regenerates_nothing() {
    let dir = scratch("graph-v1");
    let config = Config::new()
        .metadata(v1())
        .crate_name("graph-v1")
        .input_label("metadata/graph/v1.0.csdl");
    // Forced: a previous run's lock file must not skip this one.
    let first = config.clone().force(true).generate(&dir).expect("generates");
    let first = first.rendered.expect("rendered");
    assert_eq!(first.types, 3822);
    // Unchanged input, forced through rendering: nothing rewritten, mtimes unchanged (so cargo
    // rebuilds nothing).
    let before = mtimes(&dir.join("src"));
    let second = config.clone().force(true).generate(&dir).expect("regenerates");
    assert!(second.report.written.is_empty(), "rewritten: {:?}", second.report.written);
    assert!(second.report.removed.is_empty());
    assert_eq!(second.report.unchanged, first.files.len());
    assert_eq!(mtimes(&dir.join("src")), before, "mtimes changed");
    // Unforced: the lock file skips the run altogether.
    let third = config.generate(&dir).expect("skips");
    assert!(third.rendered.is_none());
    assert_eq!(mtimes(&dir.join("src")), before, "mtimes changed");

    // All features (clippy, as the committed crates), then single namespaces alone (each
    // feature is self-consistent).
    cargo(&dir, "clippy", &["--quiet", "--all-features", "--", "-D", "warnings", "-D", "missing_docs"]);
    for feature in ["term-store", "call-records", "security"] {
        cargo(&dir, "check", &["--quiet", "--no-default-features", "--features", feature]);
    }
}

/// The whole of the Graph beta metadata the seed comes from (`metadata/graph/beta-USSec.csdl`,
/// 2,318 types): the crate passes clippy with `-D warnings -D missing_docs`, all features. (Its
/// enum types without members once failed `clippy::match_single_binding`.)
#[test]
fn beta_full_crate_passes_clippy() {
    let dir = scratch("graph-beta");
    let generated = Config::new()
        .metadata(root().join("metadata/graph/beta-USSec.csdl"))
        .crate_name("graph-beta-full")
        .input_label("metadata/graph/beta-USSec.csdl")
        .force(true)
        .generate(&dir)
        .expect("generates");
    assert_eq!(generated.rendered.expect("rendered").types, 2318);
    cargo(&dir, "clippy", &["--quiet", "--all-features", "--", "-D", "warnings", "-D", "missing_docs"]);
}

#[test]
fn selectors_tell_the_security_type_from_the_security_namespace() {
    use odatagen::ir::select::Selection;
    let (model, _) = Config::new().metadata(v1()).load().expect("loads");
    let names = |s: &Selection| -> Vec<String> {
        s.ids().map(|id| model.ty(id).qualified_name()).collect()
    };
    let in_ns = |s: &Selection, ns: &str| s.ids().filter(|id| model.ty(*id).namespace == ns).count();
    let all_security = model
        .types
        .iter()
        .filter(|t| t.namespace == "microsoft.graph.security")
        .count();
    assert!(all_security > 300, "the security namespace has {all_security} types");

    // A bare name that is both: the type (and its closure), not the whole namespace.
    let bare = Selection::closure(&model, &["microsoft.graph.security".into()]).expect("selects");
    let typed = Selection::closure(&model, &["type:microsoft.graph.security".into()]).expect("selects");
    assert_eq!(names(&bare), names(&typed));
    assert!(names(&typed).contains(&"microsoft.graph.security".to_owned()));
    assert!(in_ns(&typed, "microsoft.graph.security") < all_security);

    // `namespace:` (or the alias `self`) takes every type of the namespace, plus the closure in
    // other namespaces (base types such as `microsoft.graph.entity`).
    for sel in ["namespace:microsoft.graph.security", "namespace:self"] {
        let ns = Selection::closure(&model, &[sel.into()]).expect("selects");
        assert_eq!(in_ns(&ns, "microsoft.graph.security"), all_security, "{sel}");
        assert!(names(&ns).contains(&"microsoft.graph.entity".to_owned()), "{sel}");
        assert!(!names(&ns).contains(&"microsoft.graph.security".to_owned()), "{sel}: the entity type is not needed");
    }
    // Alias-qualified type names (`self.alert`) and unknown prefixed names.
    let alert = Selection::closure(&model, &["self.alert".into()]).expect("selects");
    assert!(names(&alert).contains(&"microsoft.graph.security.alert".to_owned()));
    assert!(Selection::closure(&model, &["type:microsoft.graph.callRecords".into()]).is_err());
    assert!(Selection::closure(&model, &["namespace:microsoft.graph.user".into()]).is_err());
}

#[test]
fn paths_select_the_type_they_address_and_its_closure() {
    use odatagen::ir::{path, select::Selection};
    let (model, _) = Config::new().metadata(v1()).load().expect("loads");
    let name = |p: &str| path::resolve(&model, p).ok().and_then(|r| r.target_type()).map(|id| model.ty(id).qualified_name());
    assert_eq!(name("/users/{id}/messages").as_deref(), Some("microsoft.graph.message"));
    assert_eq!(name("/users").as_deref(), Some("microsoft.graph.user"));
    assert_eq!(name("/me/drive/root").as_deref(), Some("microsoft.graph.driveItem"));
    assert_eq!(name("/groups/{id}/members/microsoft.graph.user").as_deref(), Some("microsoft.graph.user"));
    assert_eq!(name("/security/alerts_v2/{id}").as_deref(), Some("microsoft.graph.security.alert"));
    assert_eq!(name("/nothing/here"), None);
    let s = Selection::closure(&model, &["/users/{id}/messages".into()]).expect("selects");
    let names: Vec<String> = s.ids().map(|id| model.ty(id).qualified_name()).collect();
    for t in ["microsoft.graph.message", "microsoft.graph.outlookItem", "microsoft.graph.itemBody", "microsoft.graph.recipient"] {
        assert!(names.contains(&t.to_owned()), "{t}");
    }
    // One path semantics (`ir::path`) for `Selection::closure` and `--include`: every entity type
    // on the path is selected (the builders on the way return them), not only the last.
    assert!(names.contains(&"microsoft.graph.user".to_owned()), "the types on the path too");
    assert_eq!(name("/users/123/messages('x')").as_deref(), Some("microsoft.graph.message"));
    assert_eq!(name("/users/{id}/nope"), None, "a typo is an error, not a key");
    assert_eq!(name("/me/{id}"), None, "a singleton takes no key");
    assert!(Selection::closure(&model, &["/users/{id}/nope".into()]).is_err());
}
