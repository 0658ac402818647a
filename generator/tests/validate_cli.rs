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
fn annotations_of_unknown_terms_and_targets_naming_nothing_are_warnings() {
    // W0103: a term whose alias nothing declares or includes, once per document (at its first
    // use). W0104: targets naming a type, property, enumeration member, container child,
    // parameter or namespace that does not exist, each with the nearest name. Paths, casts,
    // inherited properties, imports, `$ReturnType`, terms and what an included but unread
    // document declares are not reported.
    let file = "tests/fixtures/validate/annotations.xml";
    let (got, v, code) = json_findings(file, &[]);
    assert_eq!(
        got,
        vec![
            f("N0001", 4, 3),
            f("W0103", 15, 23),
            f("W0104", 41, 20),
            f("W0104", 44, 20),
            f("W0104", 48, 20),
            f("W0104", 51, 20),
            f("W0104", 54, 20),
            f("W0104", 57, 20),
        ]
    );
    assert_eq!(code, 1);
    let notes = |i: usize| v["diagnostics"][i]["notes"][0].as_str().unwrap_or_default().to_owned();
    let message = |i: usize| v["diagnostics"][i]["message"].as_str().unwrap_or_default().to_owned();
    assert!(message(1).contains("alias `Comon`"), "{}", message(1));
    assert_eq!(notes(1), "did you mean `Common`?");
    assert_eq!(v["diagnostics"][1]["notes"][1], "1 more annotation of this document uses it");
    assert_eq!(message(2), "annotation target `ns.persn` names nothing: namespace `ns` declares no `persn`");
    assert_eq!(notes(2), "did you mean `ns.person`?");
    assert_eq!(message(3), "annotation target `self.person/nmae` names nothing: `ns.person` has no member `nmae`");
    assert_eq!(notes(3), "did you mean `name`?");
    assert!(message(4).contains("`ns.color` has no member `green`"), "{}", message(4));
    assert_eq!(notes(5), "did you mean `people`?");
    assert_eq!(notes(6), "did you mean `distance`?");
    assert!(message(7).contains("no document declares or includes `nss`"), "{}", message(7));
}

#[test]
fn terms_a_standard_vocabulary_does_not_define_are_warnings() {
    // W0106: `Core.OptionalParamter` (a typo: the parameter silently became required) once per
    // document and term, with the near miss; a service's own term in the Capabilities namespace
    // (Graph's `SelectRestrictions`) without a misleading suggestion. Terms the vocabulary
    // defines, by alias or namespace, are not reported.
    let file = "tests/fixtures/validate/vocabulary-terms.xml";
    let (got, v, code) = json_findings(file, &[]);
    assert_eq!(got, vec![f("W0106", 13, 23), f("W0106", 25, 23)]);
    assert_eq!(code, 1);
    let d = &v["diagnostics"];
    assert_eq!(
        d[0]["message"],
        "annotation term `Core.OptionalParamter`: the vocabulary `Org.OData.Core.V1` defines no term `OptionalParamter`"
    );
    assert_eq!(d[0]["notes"][0], "did you mean `OptionalParameter`?");
    assert_eq!(d[0]["notes"][1], "1 more annotation of this document uses it");
    assert!(
        d[1]["notes"].as_array().is_some_and(|n| n.iter().all(|n| !n.as_str().unwrap_or_default().contains("did you mean"))),
        "{}",
        d[1]
    );
}

#[test]
fn an_entity_set_of_a_type_without_a_key_is_an_error() {
    // E0207 at the set (`authors`); a key declared by a base type counts; a singleton needs none.
    let file = "tests/fixtures/validate/missing-key.xml";
    let (got, v, code) = json_findings(file, &[]);
    assert_eq!(got, vec![f("E0207", 18, 20)]);
    assert_eq!(code, 2);
    assert_eq!(
        v["diagnostics"][0]["message"],
        "entity set `authors` holds `ns.author`, which declares no key (nor do its base types)"
    );
}

#[test]
fn referential_constraints_naming_no_property_are_warnings() {
    // W0107: `Property` on the declaring type (through a complex property's path: reported on
    // the complex type), `ReferencedProperty` on the target type (alias-qualified or not), each
    // with the nearest name; the valid constraint is not reported.
    let file = "tests/fixtures/validate/referential.xml";
    let (got, v, code) = json_findings(file, &[]);
    assert_eq!(got, vec![f("W0107", 18, 34), f("W0107", 21, 34), f("W0107", 21, 62)]);
    assert_eq!(code, 1);
    let d = &v["diagnostics"];
    assert_eq!(d[0]["message"], "referential constraint `Property=\"authorID\"`: `ns.book` has no property `authorID`");
    assert_eq!(d[0]["notes"][0], "did you mean `author_ID`?");
    assert_eq!(d[1]["message"], "referential constraint `Property=\"origin/authorRef\"`: `ns.place` has no property `authorRef`");
    assert_eq!(d[2]["notes"][0], "did you mean `ID`?");
}

#[test]
fn referential_constraints_of_v2_associations_naming_no_property_are_warnings() {
    // V1–V3 state constraints on the `Association`: each `PropertyRef` of the `Principal` and
    // the `Dependent` on the type of that role's `End`.
    let (got, v, code) = json_findings("tests/fixtures/validate/referential-v2.xml", &[]);
    assert_eq!(got, vec![f("W0107", 22, 44)]);
    assert_eq!(code, 1);
    assert_eq!(v["diagnostics"][0]["notes"][0], "did you mean `CustomerId`?");
}

#[test]
fn legacy_keys_of_date_time_and_binary_are_valid() {
    // V1–V3 allow `Edm.DateTime`, `Edm.Time` and `Edm.Binary` keys (V4 has no such types, and
    // no binary keys): clean, exit 0.
    let (got, _, code) = json_findings("tests/fixtures/validate/legacy_keys.xml", &[]);
    assert_eq!((got, code), (vec![], 0));
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
    let lines: Vec<(u64, u64)> = (6..=11).map(|l| (l, if l % 2 == 0 { 32 } else { 31 })).collect();
    assert_eq!(got, lines.iter().map(|&(l, c)| f("E0102", l, c)).collect::<Vec<_>>());
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
fn stated_operations_need_no_collection_uri() {
    // `NewPet` is only sent to `POST /pets` (no entity set holds it): in CSDL that would be
    // W0301, but a document stating its operations gives requests for it as stated.
    let file = "tests/fixtures/corpus/openapi/OAI__OpenAPI-Specification__petstore-expanded.yaml";
    let (got, v, code) = json_findings(file, &[]);
    assert!(got.iter().all(|(c, _, _)| c != "W0301"), "{v}");
    assert_eq!(code, 0, "{v}");
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

#[test]
fn a_key_inferred_from_openapi_paths_may_be_nullable() {
    // `/packages/{name}` makes `name` the key of `Package`; the schema says `nullable` (as
    // C#-generated documents do for every string): no E0202, which is for stated keys.
    let (got, v, code) = json_findings("tests/fixtures/validate/openapi_path_key.yaml", &[]);
    assert_eq!(got, Vec::<(String, u64, u64)>::new(), "{v}");
    assert_eq!(code, 0);
    // `--metadata FILE`, as `generate` and `examples` take it, works too.
    let out = run(&["validate", "--metadata", "tests/fixtures/validate/errors.xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0202"));
}

/// An OpenAPI document with `warnings` unsupported `not` keywords (W0313 each) followed by an unresolved
/// `$ref` (E0102), in a fresh directory.
fn many_warnings_then_an_error(name: &str, warnings: usize) -> std::path::PathBuf {
    many_findings(name, warnings, 1)
}

/// An OpenAPI document with `warnings` W0313 (`not`), then `errors` E0102 (unresolved `$ref`s).
fn many_findings(name: &str, warnings: usize, errors: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("odatagen-cap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let props: Vec<String> = (0..warnings)
        .map(|i| format!("        p{i}:\n          type: string\n          not: {{enum: [a]}}\n"))
        .collect();
    let refs: Vec<String> = (0..errors)
        .map(|i| format!("        last{i}:\n          $ref: '#/components/schemas/Missing{i}'\n"))
        .collect();
    let doc = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n{}{}",
        props.concat(),
        refs.concat()
    );
    let file = dir.join("api.yaml");
    std::fs::write(&file, doc).expect("fixture");
    file
}

#[test]
fn errors_come_first_and_the_cap_never_hides_them() {
    // `generate` shows the error first, then 5 of the 150 warnings of one code and a line
    // counting the others.
    let generate = |file: &std::path::Path| {
        let out_dir = file.with_file_name("out");
        let out = run(&[
            "generate",
            "--metadata",
            file.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert!(!out.status.success());
        let _ = std::fs::remove_dir_all(file.parent().unwrap());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = generate(&many_warnings_then_an_error("generate", 150));
    assert!(err.starts_with("error[E0102]: "), "{err}");
    assert_eq!(err.matches("warning[W0313]").count(), 6, "{err}");
    assert!(
        err.ends_with(
            "warning[W0313]: 145 more like the above, not shown (`odatagen validate` lists every one)\n\
             error: generation failed with 1 error; nothing was written\n"
        ),
        "{err}"
    );
    // Errors are never folded, but at most 100 diagnostics are shown in full: the errors first.
    let err = generate(&many_findings("generate-errors", 3, 120));
    assert_eq!(err.matches("error[E0102]").count(), 100, "{err}");
    assert!(!err.contains("warning[W0313]"), "{err}");
    assert!(
        err.ends_with(
            "... and 23 more diagnostics (20 errors, 3 warnings)\n\
             error: generation failed with 120 errors; nothing was written\n"
        ),
        "{err}"
    );
    // `validate` shows them all, the error first too (the JSON keeps the document's order).
    let file = many_warnings_then_an_error("validate", 3);
    let out = run(&["validate", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[E0102]: "), "{err}");
    assert_eq!(err.matches("warning[W0313]").count(), 3, "{err}");
    assert!(err.ends_with(": 1 error, 3 warnings\n"), "{err}");
    let (got, _, code) = json_findings(file.to_str().unwrap(), &[]);
    assert_eq!(got.last().map(|f| f.0.as_str()), Some("E0102"));
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}
