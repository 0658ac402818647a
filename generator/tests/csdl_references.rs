//! `edmx:Reference`s resolved to local files (relative URIs, absolute URIs by file name, search
//! folders, one file per URI, one copy per namespace) and entity containers that `Extends` others,
//! on documents written into a temporary folder. The real case (DMTF Redfish: 300-odd documents in
//! two bundles, a container chain per schema version) is `tests/tests/redfish_roundtrip.rs`.

use odatagen::diagnostics::{Diagnostic, Severity};
use odatagen::frontend::csdl::load_bytes_with;
use odatagen::frontend::{LoadOptions, load_with};
use odatagen::ir::Model;
use std::path::{Path, PathBuf};

/// A fresh folder under the system temp folder, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        let d = std::env::temp_dir().join(format!("odatagen-refs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        Dir(d)
    }
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
        std::fs::write(&p, text).expect("write");
        p
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A CSDL document: `refs` are `(uri, namespace)` pairs, `body` the schema contents.
fn doc(refs: &[(&str, &str)], ns: &str, body: &str) -> String {
    let refs: String = refs
        .iter()
        .map(|(uri, n)| {
            format!("  <edmx:Reference Uri=\"{uri}\"><edmx:Include Namespace=\"{n}\"/></edmx:Reference>\n")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n{refs}\
         \x20 <edmx:DataServices>\n\
         \x20   <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"{ns}\">\n{body}\
         \x20   </Schema>\n\
         \x20 </edmx:DataServices>\n\
         </edmx:Edmx>\n"
    )
}

fn load(path: &Path, references: &[&Path]) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    let options = LoadOptions {
        references: references.iter().map(|p| p.to_path_buf()).collect(),
        ..LoadOptions::default()
    };
    load_with(path, &options).map_err(|e| e.0)
}

fn errors(r: Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>>) -> Vec<Diagnostic> {
    match r {
        Ok(_) => panic!("loaded, but an error was expected"),
        Err(d) => d
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

fn at(d: &Diagnostic) -> (&str, String, u32, u32) {
    let l = d.location.as_ref().expect("located");
    let file = l
        .file
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default()
        .to_owned();
    (d.code, file, l.line, l.column)
}

const TYPE_A: &str =
    "      <ComplexType Name=\"A\"><Property Name=\"x\" Type=\"Edm.String\"/></ComplexType>\n";

#[test]
fn absolute_uris_resolve_by_file_name_beside_the_document_then_in_search_folders() {
    let d = Dir::new("search");
    let main = d.write(
        "svc/main.xml",
        &doc(
            &[
                ("http://example.com/schemas/v1/Types_v1.xml", "Types"),
                ("https://example.com/other/Far_v1.xml?x=1#top", "Far"),
                // As Redfish services and vendor schemas write them: a path on the service.
                ("/redfish/v1/Schemas/Oem_v1.xml", "Oem"),
                ("http://docs.oasis-open.org/odata/odata/v4.0/os/vocabularies/Org.OData.Core.V1.xml", "Org.OData.Core.V1"),
            ],
            "Main",
            "      <ComplexType Name=\"M\"><Property Name=\"a\" Type=\"Types.A\"/><Property Name=\"f\" Type=\"Far.F\"/><Property Name=\"o\" Type=\"Oem.O\"/></ComplexType>\n",
        ),
    );
    d.write("svc/Types_v1.xml", &doc(&[], "Types", TYPE_A));
    d.write(
        "bundle/Far_v1.xml",
        &doc(&[], "Far", "      <ComplexType Name=\"F\"/>\n"),
    );
    d.write(
        "bundle/Oem_v1.xml",
        &doc(&[], "Oem", "      <ComplexType Name=\"O\"/>\n"),
    );
    // Without the search folder, `Far_v1.xml` is not found: the type it declares is unresolved,
    // and the note says where it was looked for (not for the vocabulary: nothing is missing).
    let all = load(&main, &[]).expect_err("unresolved");
    let e: Vec<&Diagnostic> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(e.iter().any(|d| d.message.contains("`Far.F`")), "{e:#?}");
    let notes: Vec<&Vec<String>> = all
        .iter()
        .filter(|d| d.code == "N0001")
        .map(|d| &d.notes)
        .collect();
    assert_eq!(notes.len(), 3, "{all:#?}");
    assert_eq!(
        notes
            .iter()
            .filter(|n| n
                .iter()
                .any(|t| t.contains("looked for `Far_v1.xml` or `Far.xml` or `Far.json` beside")))
            .count(),
        1,
        "{notes:#?}"
    );
    assert!(
        notes.iter().filter(|n| n.is_empty()).count() == 1,
        "{notes:#?}"
    );
    // With it, both resolve; the vocabulary stays unread, with a note.
    let (m, diags) = load(&main, &[&d.0.join("bundle")]).expect("loads");
    assert!(m.lookup("Types.A").is_some() && m.lookup("Far.F").is_some());
    assert!(m.lookup("Oem.O").is_some());
    assert_eq!(m.sources.len(), 4, "{:?}", m.sources);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(at(&diags[0]), ("N0001", "main.xml".into(), 6, 3));
}

#[test]
fn a_reference_is_found_by_the_namespace_it_includes() {
    // SAP Gateway references its vocabularies by catalog URIs ending in `$value`: no file name.
    // A document named after the namespace it includes (as vocabularies are published) serves.
    let d = Dir::new("by-namespace");
    let uri = "../../catalogservice;v=2/Vocabularies(TechnicalName='%2FIWBEP%2FVOC_COMMON',Version='0001')/$value";
    let main = d.write(
        "svc/main.xml",
        &doc(
            &[(uri, "com.example.Common")],
            "Main",
            "      <ComplexType Name=\"M\"><Property Name=\"c\" Type=\"com.example.Common.C\"/></ComplexType>\n",
        ),
    );
    let all = load(&main, &[]).expect_err("unresolved");
    let note = all.iter().find(|d| d.code == "N0001").expect("a note");
    assert!(
        note.message.ends_with("was not found; skipped (it declares com.example.Common)"),
        "{}",
        note.message
    );
    assert!(
        note.notes[0].starts_with("looked for `com.example.Common.xml` or `com.example.Common.json` beside"),
        "{:?}",
        note.notes
    );
    d.write(
        "vocabularies/com.example.Common.json",
        r#"{"$Version":"4.0","com.example.Common":{"C":{"$Kind":"ComplexType","n":{"$Nullable":true}}}}"#,
    );
    let (m, diags) = load(&main, &[&d.0.join("vocabularies")]).expect("loads");
    assert!(m.lookup("com.example.Common.C").is_some());
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn one_file_per_uri_one_copy_per_namespace_one_note_per_unreadable_uri() {
    let d = Dir::new("copies");
    let vocab = "http://docs.oasis-open.org/odata/odata/v4.0/os/vocabularies/Org.OData.Core.V1.xml";
    // `a.xml` and `b.xml` each reference the same two documents; a second bundle holds another
    // copy of `Shared_v1.xml`, found first from `b.xml` (beside it), under the same URI, and of
    // `Moved_v1.xml` under another URI (the namespace is what it is referenced for).
    let main = d.write(
        "one/main.xml",
        &doc(
            &[
                ("a.xml", "A"),
                ("../two/b.xml", "B"),
                (vocab, "Org.OData.Core.V1"),
            ],
            "Main",
            "",
        ),
    );
    let refs = |ns: &str| {
        doc(
            &[
                ("http://example.com/v1/Shared_v1.xml", "Shared"),
                (&format!("http://example.com/{ns}/Moved_v1.xml"), "Moved"),
                (vocab, "Org.OData.Core.V1"),
            ],
            ns,
            "",
        )
    };
    d.write("one/a.xml", &refs("A"));
    d.write("two/b.xml", &refs("B"));
    for dir in ["one", "two"] {
        d.write(&format!("{dir}/Shared_v1.xml"), &doc(&[], "Shared", TYPE_A));
        d.write(&format!("{dir}/Moved_v1.xml"), &doc(&[], "Moved", TYPE_A));
    }
    let (m, diags) = load(&main, &[]).expect("no type declared twice");
    let shared: Vec<&PathBuf> = m
        .sources
        .iter()
        .filter(|p| p.ends_with("Shared_v1.xml"))
        .collect();
    let moved: Vec<&PathBuf> = m
        .sources
        .iter()
        .filter(|p| p.ends_with("Moved_v1.xml"))
        .collect();
    assert_eq!((shared.len(), moved.len()), (1, 1), "{:?}", m.sources);
    assert!(m.lookup("Shared.A").is_some() && m.lookup("Moved.A").is_some());
    // The vocabulary is referenced three times: one note, at the first reference.
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(at(&diags[0]).1, "main.xml");
}

fn container(name: &str, extends: Option<&str>, members: &str) -> String {
    let ext = extends
        .map(|e| format!(" Extends=\"{e}\""))
        .unwrap_or_default();
    format!("      <EntityContainer Name=\"{name}\"{ext}>\n{members}      </EntityContainer>\n")
}

const ENTITY: &str = "      <EntityType Name=\"E\"><Key><PropertyRef Name=\"id\"/></Key><Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/></EntityType>\n      <EntityType Name=\"F\" BaseType=\"S.E\"/>\n";

#[test]
fn containers_extending_containers_form_the_service_container() {
    // Three containers in one schema, declared out of order, each extending another (Redfish
    // declares one per schema version): the one nothing extends is the service's, with every
    // member of the chain; a member redeclared further down the chain replaces the one above.
    let body = format!(
        "{ENTITY}{}{}{}",
        container(
            "V2",
            Some("S.V1"),
            "        <Singleton Name=\"Root\" Type=\"S.F\"/>\n        <EntitySet Name=\"Fs\" EntityType=\"S.F\"/>\n"
        ),
        container(
            "V1",
            Some("S.V0"),
            "        <EntitySet Name=\"Es\" EntityType=\"S.E\"/>\n"
        ),
        container(
            "V0",
            None,
            "        <Singleton Name=\"Root\" Type=\"S.E\"/>\n"
        ),
    );
    let text = doc(&[], "S", &body);
    let (m, _) = load_bytes_with(Path::new("chain.xml"), text.as_bytes(), &[]).expect("loads");
    let c = m.container.as_ref().expect("container");
    assert_eq!((c.namespace.as_str(), c.name.as_str()), ("S", "V2"));
    let sets: Vec<&str> = c.entity_sets.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(sets, ["Es", "Fs"]);
    assert_eq!(c.singletons.len(), 1);
    assert_eq!(c.singletons[0].entity_type, m.lookup("S.F").expect("F"));
}

#[test]
fn a_service_document_extends_a_container_of_a_referenced_document() {
    let d = Dir::new("extends");
    d.write(
        "Base_v1.xml",
        &doc(
            &[],
            "S",
            &format!(
                "{ENTITY}{}",
                container(
                    "C",
                    None,
                    "        <EntitySet Name=\"Es\" EntityType=\"S.E\"/>\n"
                )
            ),
        ),
    );
    let main = d.write(
        "main.xml",
        &doc(
            &[("http://example.com/Base_v1.xml", "S")],
            "Service",
            &container("Service", Some("S.C"), ""),
        ),
    );
    let (m, _) = load(&main, &[]).expect("loads");
    let c = m.container.as_ref().expect("container");
    assert_eq!(
        (c.namespace.as_str(), c.name.as_str()),
        ("Service", "Service")
    );
    assert_eq!(c.entity_sets.len(), 1);
}

#[test]
fn of_two_containers_nothing_extends_the_first_is_the_services() {
    // A service has exactly one; a document with two that form no chain is read with the first
    // (warning W0102 at the other, whose members get no request code).
    let members = |set: &str| format!("        <EntitySet Name=\"{set}\" EntityType=\"S.E\"/>\n");
    let text = doc(
        &[],
        "S",
        &format!("{ENTITY}{}{}", container("A", None, &members("a")), container("B", None, &members("b"))),
    );
    let (m, diags) = load_bytes_with(Path::new("two.xml"), text.as_bytes(), &[]).expect("loads");
    let c = m.container.as_ref().expect("a container");
    assert_eq!(c.name, "A");
    let sets: Vec<&str> = c.entity_sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sets, ["a"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].code, at(&diags[0]).2, at(&diags[0]).3), ("W0102", 10, 7));
    assert!(diags[0].message.contains("`S.A` is the service's"), "{}", diags[0].message);
    assert!(diags[0].message.contains("of `S.B` get no request code"), "{}", diags[0].message);
}

#[test]
fn container_errors_are_located() {
    let check = |name: &str, body: String, want: &[(&str, u32, u32)], message: &str| {
        let text = doc(&[], "S", &format!("{ENTITY}{body}"));
        let e = errors(load_bytes_with(Path::new(name), text.as_bytes(), &[]).map_err(|e| e.0));
        let got: Vec<(&str, u32, u32)> = e.iter().map(|d| (d.code, at(d).2, at(d).3)).collect();
        assert_eq!(got, want, "{e:#?}");
        assert!(e[0].message.contains(message), "{}", e[0].message);
    };
    check(
        "unresolved.xml",
        container("A", Some("S.Nope"), ""),
        &[("E0102", 7, 33)],
        "unresolved entity container `S.Nope`",
    );
    check(
        "cycle.xml",
        format!(
            "{}{}{}",
            container("A", Some("S.B"), ""),
            container("B", Some("S.A"), ""),
            container("Top", Some("S.A"), "")
        ),
        &[("E0101", 9, 33)],
        "extends itself",
    );
}

#[test]
fn the_cli_takes_reference_folders() {
    let d = Dir::new("cli");
    let main = d.write(
        "svc/main.xml",
        &doc(
            &[("http://example.com/schemas/Types_v1.xml", "Types")],
            "Main",
            "      <ComplexType Name=\"M\"><Property Name=\"a\" Type=\"Types.A\"/></ComplexType>\n",
        ),
    );
    d.write("bundle/Types_v1.xml", &doc(&[], "Types", TYPE_A));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_odatagen"))
            .args(args)
            .output()
            .expect("runs")
    };
    let main = main.to_string_lossy().into_owned();
    let bundle = d.0.join("bundle").to_string_lossy().into_owned();
    let out = run(&["validate", &main]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["validate", &main, "--references", &bundle]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let crate_dir = d.0.join("out").to_string_lossy().into_owned();
    let out = run(&[
        "generate",
        "--metadata",
        &main,
        "--references",
        &bundle,
        "--out",
        &crate_dir,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The lock file names the referenced document relative to the main one.
    let lock = std::fs::read_to_string(d.0.join("out/odatagen.lock")).expect("lock");
    assert!(lock.contains("../bundle/Types_v1.xml"), "{lock}");
}

#[test]
fn an_absolute_path_is_a_path_on_the_service_not_on_this_machine() {
    let d = Dir::new("abspath");
    let elsewhere = d.write("elsewhere/Hidden_v1.xml", &doc(&[], "Hidden", TYPE_A));
    let uri = elsewhere.to_string_lossy().into_owned();
    assert!(uri.starts_with('/'), "{uri}");
    let main = d.write(
        "svc/main.xml",
        &doc(&[(uri.as_str(), "Hidden")], "Main", ""),
    );
    // Not read from where the path points: looked up by its file name, and not found.
    let (m, diags) = load(&main, &[]).expect("loads");
    assert_eq!(m.sources.len(), 1, "{:?}", m.sources);
    assert!(m.lookup("Hidden.A").is_none());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        diags[0].notes.iter().any(|n| n.contains("`Hidden_v1.xml`")),
        "{diags:#?}"
    );
    // Found by its file name in a search folder.
    let (m, _) = load(&main, &[&d.0.join("elsewhere")]).expect("loads");
    assert!(m.lookup("Hidden.A").is_some());
}
