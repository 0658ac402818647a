//! CSDL JSON input: every twin in `tests/fixtures/csdl-json/` (the OASIS reference converter's
//! JSON of a committed CSDL XML document, see its README) generates the same crate as its XML,
//! byte for byte, with the same diagnostics; errors in JSON point at the JSON's line and column.

use odatagen::Config;
use odatagen::diagnostics::{Diagnostic, Severity};
use odatagen::frontend::csdl::load_bytes;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The XML twin of `csdl-json/NAME.json` (see the directory's README).
fn xml_twin(json: &Path) -> PathBuf {
    let stem = json
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("file name");
    let f = fixtures();
    if stem == "TripPin" {
        f.join("trippin/TripPin.xml")
    } else if stem.contains("__") {
        f.join("corpus/csdl").join(format!("{stem}.xml"))
    } else {
        f.join("csdl").join(format!("{stem}.xml"))
    }
}

fn twins() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures().join("csdl-json"))
        .expect("csdl-json fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    out
}

/// Diagnostics as comparable lines: severity, code, message and notes (vocabulary reference URIs
/// name `.json` documents in the JSON twins, `.xml` ones in XML, and the notes name the file
/// looked for), without positions.
fn comparable(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let notes: Vec<String> = d.notes.iter().map(|n| n.replace(".json", ".xml")).collect();
            format!(
                "{:?} {} {} {:?}",
                d.severity,
                d.code,
                d.message.replace(".json", ".xml"),
                notes
            )
        })
        .collect()
}

/// A generated crate's files (path, content) and its diagnostics (see [`comparable`]).
type Crate = (Vec<(PathBuf, String)>, Vec<String>);

/// The crate's files (the lock file without its input paths and hashes), or the diagnostics of
/// a failed generation.
fn render(metadata: &Path) -> Result<Crate, Vec<String>> {
    let config = Config::new()
        .metadata(metadata)
        .crate_name("twin")
        .input_label("the metadata");
    let rendered = catch_unwind(AssertUnwindSafe(|| config.render()))
        .unwrap_or_else(|_| panic!("{}: the generator panicked", metadata.display()));
    match rendered {
        Ok(r) => {
            let files = r
                .files
                .into_iter()
                .map(|f| {
                    let content = if f.path == Path::new("odatagen.lock") {
                        f.content
                            .lines()
                            // The files read and those looked for (named after each twin's
                            // own reference URIs) differ by nature.
                            .filter(|l| {
                                !l.starts_with("path =")
                                    && !l.starts_with("sha256 =")
                                    && !l.starts_with("absent =")
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    } else {
                        f.content
                    };
                    (f.path, content)
                })
                .collect();
            Ok((files, comparable(&r.diagnostics)))
        }
        Err(e) => Err(comparable(&e.0)),
    }
}

#[test]
fn every_json_twin_generates_the_crate_of_its_xml() {
    let twins = twins();
    assert!(twins.len() >= 27, "{} twins", twins.len());
    let mut crates = 0;
    for json in &twins {
        let xml = xml_twin(json);
        assert!(
            xml.is_file(),
            "{}: no XML twin {}",
            json.display(),
            xml.display()
        );
        match (render(&xml), render(json)) {
            (Ok((xf, xd)), Ok((jf, jd))) => {
                assert_eq!(
                    xf.iter().map(|f| &f.0).collect::<Vec<_>>(),
                    jf.iter().map(|f| &f.0).collect::<Vec<_>>(),
                    "{}: other files than its XML twin's",
                    json.display()
                );
                for ((path, x), (_, j)) in xf.iter().zip(&jf) {
                    assert!(
                        x == j,
                        "{}: `{}` differs from the XML twin's",
                        json.display(),
                        path.display()
                    );
                }
                assert_eq!(xd, jd, "{}: other diagnostics", json.display());
                crates += 1;
            }
            (Err(x), Err(j)) => assert_eq!(x, j, "{}: other errors", json.display()),
            (x, j) => panic!(
                "{}: XML {} but JSON {}",
                json.display(),
                if x.is_ok() { "generates" } else { "fails" },
                if j.is_ok() { "generates" } else { "fails" },
            ),
        }
    }
    // The two invalid corpus documents fail in both forms; all the others generate.
    assert_eq!(crates, twins.len() - 2);
}

#[test]
fn a_one_line_document_reads_like_the_pretty_one() {
    // Services send `$metadata?$format=json` compact, on one line: positions are counted from
    // the previous one, and must still be right.
    let pretty = fixtures().join("csdl-json/TripPin.json");
    let text = std::fs::read_to_string(&pretty).expect("TripPin.json");
    let compact = compact(&text);
    assert!(!compact.contains('\n'));
    let dir = std::env::temp_dir().join(format!("odatagen-csdl-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let one_line = dir.join("TripPin.json");
    std::fs::write(&one_line, &compact).expect("write");
    let (a, b) = (render(&pretty), render(&one_line));
    std::fs::remove_dir_all(&dir).ok();
    let (a, b) = (a.expect("pretty generates"), b.expect("compact generates"));
    assert_eq!(a.1, b.1, "other diagnostics");
    assert_eq!(a.0.len(), b.0.len());
    for ((path, x), (_, y)) in a.0.iter().zip(&b.0) {
        assert!(x == y, "`{}` differs", path.display());
    }

    // An error on that one line: the column is the character column of the value.
    let broken = compact.replacen("\"Edm.Int64\"", "\"Edm.Int65\"", 1);
    let errors = errors(&broken);
    let column = broken.find("\"Edm.Int65\"").expect("replaced") + 1;
    assert_eq!(
        where_(&errors),
        vec![("E0102", 1, u32::try_from(column).expect("small"))],
        "{errors:#?}"
    );
}

/// `json` without the whitespace between tokens (member order kept).
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// Load CSDL JSON text that must fail (without panicking); returns the errors.
fn errors(text: &str) -> Vec<Diagnostic> {
    let path = PathBuf::from("doc.json");
    match catch_unwind(AssertUnwindSafe(|| load_bytes(&path, text.as_bytes()))) {
        Ok(Ok(_)) => panic!("loaded, but an error was expected:\n{text}"),
        Ok(Err(e)) => {
            e.0.into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect()
        }
        Err(_) => panic!("the CSDL reader panicked on:\n{text}"),
    }
}

fn where_(diags: &[Diagnostic]) -> Vec<(&'static str, u32, u32)> {
    diags
        .iter()
        .map(|d| {
            let l = d.location.as_ref().expect("a location");
            assert_eq!(l.file, Path::new("doc.json"));
            (d.code, l.line, l.column)
        })
        .collect()
}

#[test]
fn malformed_csdl_json_is_reported_at_its_line_and_column() {
    // A syntax error.
    let e = errors("{\"$Version\": \"4.01\",\n  \"ns\": {\"T\": {\"$Kind\" \"EntityType\"}}\n}");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].code, "E0004");
    assert!(
        e[0].message.starts_with("malformed JSON"),
        "{}",
        e[0].message
    );
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2));

    // Members of the wrong JSON type, a member given twice, an overload without its kind: all
    // reported, each at its value.
    let text = r#"{
  "$Version": "4.01",
  "ns": {
    "T": {
      "$Kind": "EntityType",
      "$Key": ["id"],
      "id": {"$Type": 5},
      "flag": {"$Type": "Edm.Boolean", "$Nullable": "yes"},
      "flag": {"$Type": "Edm.Boolean"}
    },
    "f": [{"$ReturnType": {"$Type": "Edm.String"}}]
  }
}"#;
    let e = errors(text);
    assert_eq!(
        where_(&e),
        vec![("E0003", 7, 23), ("E0004", 9, 15), ("E0003", 11, 11)],
        "{e:#?}"
    );
    assert!(
        e[0].message
            .contains("`$Type` must be a qualified type name"),
        "{}",
        e[0].message
    );
    assert!(
        e[1].message.contains("member `flag` is given twice"),
        "{}",
        e[1].message
    );
    assert!(
        e[2].message.contains("`Action` or `Function`"),
        "{}",
        e[2].message
    );

    // Model errors found after reading point into the JSON too.
    let e = errors(
        r#"{"$Version": "4.0", "ns": {
  "T": {"$Kind": "EntityType", "$BaseType": "ns.Missing", "$Key": ["id"], "id": {}}}}"#,
    );
    assert_eq!(where_(&e), vec![("E0102", 2, 45)], "{e:#?}");
}

#[test]
fn json_defaults_differ_from_xml_and_are_read_as_json_states_them() {
    // `$Type` defaults to Edm.String and `$Nullable` to false; a member without `$Kind` is a
    // property; `$Collection` wraps the type; an annotation may be qualified.
    let text = r##"{
  "$Version": "4.01",
  "$EntityContainer": "ns.C",
  "ns": {
    "$Alias": "n",
    "E": {
      "$Kind": "EntityType",
      "$Key": ["id"],
      "id": {},
      "note": {"$Nullable": true, "@Core.Description#short": "A note."},
      "tags": {"$Collection": true},
      "kids": {"$Kind": "NavigationProperty", "$Type": "n.E", "$Collection": true}
    },
    "C": {"$Kind": "EntityContainer", "es": {"$Collection": true, "$Type": "n.E"}, "one": {"$Type": "n.E"}}
  }
}"##;
    let (model, _) = load_bytes(Path::new("doc.json"), text.as_bytes()).expect("loads");
    let e = model.lookup("ns.E").expect("ns.E");
    let s = model.ty(e).as_struct().expect("entity");
    let prop = |name: &str| {
        s.properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("property {name}"))
    };
    assert!(!prop("id").nullable);
    assert!(prop("note").nullable);
    let note = &prop("note").annotations.0;
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].term, "Org.OData.Core.V1.Description");
    assert_eq!(note[0].qualifier.as_deref(), Some("short"));
    assert!(prop("tags").ty.collection);
    assert_eq!(s.navigation.len(), 1);
    assert!(s.navigation[0].ty.collection);
    let container = model.container.as_ref().expect("container");
    assert_eq!(container.entity_sets.len(), 1);
    assert_eq!(container.singletons.len(), 1);
}

#[test]
fn cut_and_damaged_documents_never_panic() {
    // Every prefix of a real document at 61-byte steps, and the same with each `$Type` value
    // made a number, an array or null: errors or models, never a panic.
    let text = std::fs::read_to_string(fixtures().join("csdl-json/full.json")).expect("full.json");
    let mut variants: Vec<String> = (1..text.len())
        .step_by(61)
        .filter(|&n| text.is_char_boundary(n))
        .map(|n| text[..n].to_owned())
        .collect();
    for replacement in ["5", "[]", "null", "{}", "true"] {
        for key in [
            "\"$Type\": ",
            "\"$Kind\": ",
            "\"$Key\": ",
            "\"$Parameter\": ",
        ] {
            variants.push(text.replace(
                &format!("{key}\""),
                &format!("{key}{replacement}, \"x\": \""),
            ));
        }
    }
    for v in &variants {
        let path = PathBuf::from("doc.json");
        let outcome = catch_unwind(AssertUnwindSafe(|| load_bytes(&path, v.as_bytes())));
        assert!(outcome.is_ok(), "the CSDL reader panicked on:\n{v}");
    }
}

#[test]
fn the_front_end_is_chosen_by_content() {
    let dir = std::env::temp_dir().join(format!("odatagen-csdl-json-kind-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // An OpenAPI document that mentions `$Version` (in an example) stays OpenAPI.
    let openapi = dir.join("api.json");
    std::fs::write(
        &openapi,
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Doc": {"type": "object",
              "properties": {"$Version": {"type": "string"}},
              "example": {"$Version": "4.01"}}}}}"#,
    )
    .expect("write");
    let (model, _) = odatagen::frontend::load(&openapi).expect("loads as OpenAPI");
    assert!(model.lookup("api.Doc").is_some(), "{:?}", model.by_name);
    std::fs::remove_dir_all(&dir).ok();

    // The semantic diff of a document and its JSON twin finds the same model, but for one
    // reading of the converter's: a collection without `Nullable` in CSDL 4.0 XML (items
    // nullable) has no `$Nullable` in its JSON (items not nullable). Nothing else differs.
    let xml = fixtures().join("trippin/TripPin.xml");
    let json = fixtures().join("csdl-json/TripPin.json");
    let (a, _) = odatagen::frontend::load(&xml).expect("XML");
    let (b, _) = odatagen::frontend::load(&json).expect("JSON");
    let d = odatagen::diff::diff(&a, &b);
    let items: Vec<&str> = d.changes.iter().map(|c| c.item.as_str()).collect();
    assert_eq!(
        items,
        [
            "Microsoft.OData.SampleService.Models.TripPin.Person/AddressInfo",
            "Microsoft.OData.SampleService.Models.TripPin.Person/Emails",
        ],
        "{:#?}",
        d.changes
    );
    for c in &d.changes {
        assert!(
            c.kind == "nullability-changed" && c.detail == "Nullable true → false" && !c.breaking,
            "{c:#?}"
        );
    }
}
