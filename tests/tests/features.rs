//! The emitter's features on a crafted metadata document (`fixtures/features/features.xml`):
//! polymorphism, recursion, flags, keywords and collisions, nested namespaces, all primitives,
//! descriptions and deprecations (and, in `ieee754.xml`, Int64 in the IEEE754Compatible form). The
//! crate is generated into a temporary directory, must pass clippy with `-D warnings -D
//! missing_docs`, and runs `fixtures/features/it.rs` as its own test.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

use odatagen_tests::cargo_in_crate as cargo;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/features")
}

/// An empty scratch directory for a generated crate.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("odatagen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Gives the crate at `dir` the workspace's dependency versions and the test files `harness`
/// (fixture name, name under `tests/`).
fn install_tests(dir: &Path, harness: &[(&str, &str)]) {
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock");
    std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
    for (from, to) in harness {
        std::fs::copy(fixtures().join(from), dir.join("tests").join(to)).expect("copy harness");
    }
}

/// Clippy (`-D warnings -D missing_docs`) and the tests of the crate at `dir`, with the cargo
/// feature arguments `features`.
fn clippy_and_test(dir: &Path, features: &[&str]) {
    let lints = ["--", "-D", "warnings", "-D", "missing_docs"];
    cargo(dir, &[&["clippy", "--all-targets"][..], features, &lints].concat());
    cargo(dir, &[&["test", "--quiet"][..], features].concat());
}

#[test]
fn crafted_metadata_compiles_cleanly_and_behaves() {
    let dir = scratch("features");
    let generated = odatagen::Config::new()
        .metadata(fixtures().join("features.xml"))
        .crate_name("features")
        .generate(&dir)
        .expect("generates");
    assert_eq!(generated.rendered.expect("rendered").types, 18);
    install_tests(&dir, &[("it.rs", "it.rs"), ("it_sub.rs", "it_sub.rs")]);
    clippy_and_test(&dir, &[]);
    // One namespace alone: members typed in the other are compiled out (tombstones in the lookup
    // table) and read as unknown members.
    clippy_and_test(&dir, &["--no-default-features", "--features", "sub"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The crate of fixture `name`.xml generated with one option (`configure`) into a scratch
/// directory; asserts that the crate's README mentions it (`readme`) and that the lock file
/// records it (`lock`), so that switching it regenerates.
fn generate_with(
    name: &str,
    configure: impl FnOnce(odatagen::Config) -> odatagen::Config,
    readme: &str,
    lock: &str,
) -> PathBuf {
    let dir = scratch(name);
    configure(odatagen::Config::new().metadata(fixtures().join(format!("{name}.xml"))))
        .crate_name(name)
        .generate(&dir)
        .expect("generates");
    let text = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
    assert!(text.contains(readme), "the crate's README says so: {text}");
    let text = std::fs::read_to_string(dir.join("odatagen.lock")).expect("lock");
    assert!(text.contains(lock), "the option is part of the lock: {text}");
    dir
}

/// `ieee754_compatible`: OData V4 Int64 members typed `odata::Quoted<i64>`, so payloads in the
/// IEEE754Compatible form (`"42"`) read and round-trip exactly (`fixtures/features/ieee754.xml`,
/// run by `fixtures/features/it_ieee754.rs`). The request code (an Int64 key, a function with an
/// Int64 parameter) compiles with it.
#[test]
fn ieee754_compatible_int64_reads_strings_and_numbers() {
    let dir = generate_with(
        "ieee754",
        |c| c.ieee754_compatible(true),
        "`odata::Quoted<i64>`",
        "ieee754-compatible",
    );
    let model = std::fs::read_to_string(dir.join("src/models/usage.rs")).expect("usage.rs");
    assert!(model.contains("crate::odata::Field<crate::odata::Quoted<i64>>"), "{model}");
    install_tests(&dir, &[("it_ieee754.rs", "it.rs")]);
    clippy_and_test(&dir, &[]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `nullable_items`: collection properties that are not `Nullable="false"` typed
/// `Vec<Option<T>>`, so `null` items (TripPin's `Emails`, Olingo's test service) read and
/// round-trip (`fixtures/features/nullable_items.xml`, run by
/// `fixtures/features/it_nullable_items.rs`).
#[test]
fn nullable_items_read_null_items_of_nullable_collections() {
    let dir = generate_with(
        "nullable_items",
        |c| c.nullable_items(true),
        "`Vec<Option<T>>`",
        "nullable-items",
    );
    let model = std::fs::read_to_string(dir.join("src/models/person.rs")).expect("person.rs");
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    for field in [
        "pub emails: crate::odata::Field<::std::vec::Vec<::core::option::Option<::std::string::String>>",
        "pub codes: crate::odata::Field<::std::vec::Vec<i32>>",
    ] {
        assert!(squeeze(&model).contains(&squeeze(field)), "{field}: {model}");
    }
    install_tests(&dir, &[("it_nullable_items.rs", "it.rs")]);
    clippy_and_test(&dir, &[]);
    let _ = std::fs::remove_dir_all(&dir);
}
