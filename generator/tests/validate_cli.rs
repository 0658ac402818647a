//! `odatagen validate`: codes, positions, exit codes and JSON output, run on the built binary.


mod common;
use common::run;

/// (code, line, column) of every diagnostic, from the JSON output.
fn json_findings(file: &str, extra: &[&str]) -> (Vec<(String, u64, u64)>, serde_json::Value, i32) {
    let mut args = vec!["validate", file, "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let list = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (list, v, out.status.code().unwrap_or(-1))
}

fn f(code: &str, line: u64, column: u64) -> (String, u64, u64) {
    (code.to_owned(), line, column)
}

#[test]
fn model_errors_with_positions_exit_2() {
    let (got, v, code) = json_findings("tests/fixtures/validate/errors.xml", &[]);
    assert_eq!(
        got,
        vec![
            f("E0201", 10, 19),
            f("E0202", 14, 19),
            f("E0203", 19, 29),
            f("E0203", 20, 29),
            f("E0203", 25, 29),
            f("E0206", 27, 19),
            f("E0204", 34, 11),
            f("E0205", 35, 11),
            f("E0206", 38, 20),
            f("E0204", 41, 25),
        ]
    );
    assert_eq!(code, 2);
    assert_eq!(v["summary"]["errors"], 10);
    assert_eq!(v["summary"]["warnings"], 0);
    let d = &v["diagnostics"][6];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["notes"][0], "did you mean `shapes`?");
    assert!(d["file"].as_str().unwrap().ends_with("errors.xml"));
}

#[test]
fn warnings_exit_1_or_2_when_denied() {
    let (got, _, code) = json_findings("tests/fixtures/validate/warnings.xml", &[]);
    assert_eq!(
        got,
        vec![
            f("W0303", 9, 19),
            f("W0301", 12, 19),
            f("W0302", 16, 20),
            f("W0302", 19, 17),
            f("W0303", 21, 17),
        ]
    );
    assert_eq!(code, 1);
    let (_, _, code) = json_findings("tests/fixtures/validate/warnings.xml", &["--deny-warnings"]);
    assert_eq!(code, 2);
}

#[test]
fn clean_exit_0() {
    let (got, v, code) = json_findings("tests/fixtures/validate/clean.xml", &["--deny-warnings"]);
    assert!(got.is_empty(), "{v}");
    assert_eq!(code, 0);
}

#[test]
fn front_end_errors_are_reported_too() {
    let (got, _, code) = json_findings("tests/fixtures/csdl/err_malformed.xml", &[]);
    assert_eq!(got, vec![f("E0004", 7, 7)]);
    assert_eq!(code, 2);
    let (got, _, _) = json_findings("tests/fixtures/csdl/err_cycle.xml", &[]);
    assert_eq!(got, vec![f("E0107", 4, 25)]);
    let (got, _, _) = json_findings("tests/fixtures/csdl/err_unresolved.xml", &[]);
    assert_eq!(got, vec![f("E0102", 6, 32), f("E0102", 7, 31)]);
}

#[test]
fn human_output_is_rustc_like() {
    let out = run(&["validate", "tests/fixtures/validate/errors.xml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = "error[E0202]: key property `id` of `ns.tag` is nullable
   --> tests/fixtures/validate/errors.xml:14:19
   |
14 |         <Property Name=\"id\" Type=\"Edm.String\" />
   |                   ^
   |
   = note: add `Nullable=\"false\"`: a key identifies an entity and cannot be null
";
    assert!(err.contains(expected), "{err}");
    assert!(
        err.ends_with("tests/fixtures/validate/errors.xml: 10 errors, 0 warnings\n"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn seed_metadata_warns_about_the_missing_collection() {
    let (got, v, code) = json_findings("metadata/graph/beta-USSec.csdl", &[]);
    assert_eq!(code, 1, "no errors on real Graph metadata");
    let w = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["message"].as_str().unwrap().starts_with(
                "Collection URI for microsoft.graph.credentialUserRegistrationCount not found",
            )
        })
        .expect("W0301 for credentialUserRegistrationCount");
    assert_eq!(w["code"], "W0301");
    assert!(got.iter().all(|(c, _, _)| c.starts_with('W')));
}

#[test]
fn trippin_is_clean() {
    // Real bindings with type casts (`ns.Flight/From`) and containment resolve.
    let (got, v, code) = json_findings("tests/fixtures/trippin/TripPin.xml", &["--deny-warnings"]);
    // Only the notes about remote vocabulary references.
    assert!(got.iter().all(|(c, _, _)| c == "N0001"), "{v}");
    assert_eq!(got.len(), 3);
    assert_eq!(code, 0);
}
