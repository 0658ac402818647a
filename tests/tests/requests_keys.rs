//! Keys the request code addresses (`tests/fixtures/csdl/keys.xml`): five parts of different
//! types (a tuple), paths into a complex property with aliases (the URL names them by alias),
//! and more parts than the runtime has tuples for (a `RawKey`); a set name that is not ASCII,
//! percent-encoded as the runtime encodes segments; a set read by key only (`get`, no `list`). The crate is generated into a
//! temporary directory, must pass clippy with `-D warnings -D missing_docs`, and runs the
//! harness below as its own test.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const HARNESS: &str = r##"//! Keys harness (sans-IO).
use keys::request::RawKey;
use keys::requests;

#[test]
fn five_part_keys_are_named_pairs_in_key_order() {
    let row = requests::rows().by_key((1, "it's".to_owned(), 7i64, true, -2i16));
    assert_eq!(row.path().as_str(), "/Rows(A=1,B='it''s',C=7,D=true,E=-2)");
}

#[test]
fn key_paths_into_complex_properties_use_their_aliases() {
    let thing = requests::things().by_key(("x".to_owned(), 2));
    assert_eq!(thing.path().as_str(), "/Things(Key1='x',Key2=2)");
}

#[test]
fn keys_longer_than_the_tuples_are_written_as_given() {
    let text = (1..=13).map(|i| format!("K{i}={i}")).collect::<Vec<_>>().join(",");
    let wide = requests::wides().by_key(RawKey(text.clone()));
    assert_eq!(wide.path().as_str(), format!("/Wides({text})"));
}

#[test]
fn non_ascii_set_names_are_percent_encoded_as_segments_are() {
    let set = requests::gr_u00f6_u00df_en();
    assert_eq!(set.path().as_str(), keys::request::Path::new("").segment("Größen").as_str());
    assert_eq!(set.path().as_str(), "/Gr%C3%B6%C3%9Fen");
}

#[test]
fn a_set_read_by_key_only_has_get_but_no_list() {
    let set: keys::request::EntityCollection<keys::models::Row, requests::options::NoList> = requests::downloads();
    let q = set.by_key((1, "a".to_owned(), 2i64, false, 3i16)).get();
    assert_eq!(q.url(""), "/Downloads(A=1,B='a',C=2,D=false,E=3)");
}
"##;

use odatagen_tests::cargo_in_crate as cargo;

#[test]
fn keys_of_every_shape_address_their_entities() {
    let dir = std::env::temp_dir().join(format!("odatagen-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    odatagen::Config::new()
        .metadata(root().join("tests/fixtures/csdl/keys.xml"))
        .crate_name("keys")
        .generate(&dir)
        .expect("generates");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock");
    std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
    std::fs::write(dir.join("tests/it.rs"), HARNESS).expect("harness");
    cargo(&dir, &["clippy", "--all-targets", "--", "-D", "warnings", "-D", "missing_docs"]);
    cargo(&dir, &["test", "--quiet"]);
    let _ = std::fs::remove_dir_all(&dir);
}
