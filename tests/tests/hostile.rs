//! Hostile metadata (`tests/hostile/`, plus inputs too large to commit, built here): naming
//! hazards, injection, path escapes, XML abuse and graph abuse. "Must compile" fixtures are
//! combined into one crate that is checked once with clippy `-D warnings -D missing_docs` and
//! rustdoc `-D warnings`; error fixtures must give the exact diagnostic code and position.

use odatagen::Config;
use odatagen::config::Rendered;
use odatagen::diagnostics::{Errors, Severity};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/hostile").join(name)
}

fn render(path: &Path) -> Result<Rendered, Errors> {
    Config::new().metadata(path).crate_name("hostile").render()
}

/// Render in memory (documents too large to commit), through the public front end.
fn load_bytes(name: &str, bytes: &[u8]) -> Result<(), Errors> {
    odatagen::frontend::csdl::load_bytes(Path::new(name), bytes).map(|_| ())
}

/// The errors as (code, line, column).
fn errors(e: &Errors) -> Vec<(&'static str, u32, u32)> {
    e.0.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let (l, c) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
            (d.code, l, c)
        })
        .collect()
}

fn expect_errors(name: &str, expected: &[(&str, u32, u32)]) -> Errors {
    let e = render(&fixture(name)).err().unwrap_or_else(|| panic!("{name} must fail"));
    assert_eq!(errors(&e), expected, "{name}: {e}");
    for d in &e.0 {
        if let Some(l) = &d.location {
            assert_eq!(l.file, fixture(name), "{name}: location names the file");
        }
    }
    e
}

fn file<'a>(r: &'a Rendered, path: &str) -> &'a str {
    &r.files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no {path} in {:?}", r.files.iter().map(|f| &f.path).collect::<Vec<_>>()))
        .content
}

/// The string literals of the `FIELDS` constant in a generated struct file.
fn wire_fields(src: &str) -> Vec<String> {
    let f = syn::parse_file(src).expect("parses");
    for item in f.items {
        if let syn::Item::Impl(i) = item {
            for it in i.items {
                if let syn::ImplItem::Const(c) = it
                    && c.ident == "FIELDS"
                {
                    let syn::Expr::Reference(r) = c.expr else { panic!("&[..]") };
                    let syn::Expr::Array(a) = *r.expr else { panic!("[..]") };
                    return a
                        .elems
                        .into_iter()
                        .map(|e| match e {
                            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
                            _ => panic!("a string"),
                        })
                        .collect();
                }
            }
        }
    }
    panic!("no FIELDS")
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union", "_", "r#type",
    "macro_rules", "raw", "safe",
];

#[test]
fn names_are_valid_rust_and_keep_their_wire_names() {
    let r = render(&fixture("names.xml")).expect("names.xml generates");
    // Every keyword as a property: distinct fields, wire names kept in order.
    let src = file(&r, "src/models/keywords.rs");
    let mut expected = vec!["@odata.type".to_owned()];
    expected.extend(KEYWORDS.iter().map(|k| k.to_string()));
    assert_eq!(wire_fields(src), expected);
    for (field, wire) in [("r#type", "type"), ("self_", "self"), ("self_2", "Self"), ("crate_", "crate"),
        ("super_", "super"), ("unnamed", "_"), ("r_type", "r#type")]
    {
        let _ = wire;
        assert!(src.contains(&format!("pub {field}:")), "field {field} in keywords.rs");
    }
    // Every keyword as an enum member, the catch-all's name taken by members too.
    let src = file(&r, "src/models/keyword_members.rs");
    for k in KEYWORDS.iter().chain(&["Unrecognized", "unrecognized"]) {
        assert!(src.contains(&format!("{:?} => Self::", k)), "member {k}");
    }
    assert!(src.contains("Unrecognized(::std::string::String)"));
    assert!(src.contains("Self::Unrecognized2 =>") && src.contains("Self::Unrecognized3 =>"));
    // Collisions after case conversion are numbered in metadata order.
    let src = file(&r, "src/models/case_collisions.rs");
    assert_eq!(
        wire_fields(src)[1..],
        ["fooBar", "FooBar", "foo_bar", "foo__bar", "_foo_bar_", "FOO_BAR", "foo_bar_2",
            "additional_data", "additionalData", "odata_type", "odataType", "odata.type", "odata.etag"]
    );
    for f in ["foo_bar", "foo_bar_2", "foo_bar_3", "foo_bar_4", "foo_bar_5", "foo_bar_6", "foo_bar_2_2",
        "additional_data_2", "additional_data_3", "odata_type_2", "odata_type_3", "odata_type_4", "odata_etag"]
    {
        assert!(src.contains(&format!("pub {f}:")), "field {f}");
    }
    // A numbered field's doc names its member.
    assert!(src.contains("/// Wire name `FooBar`.\n    pub foo_bar_2:"), "{src}");
    // Types: case collisions, leading digits, non-ASCII, keywords, std and helper names.
    let types: BTreeSet<String> = file(&r, "src/models/mod.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("pub use self::"))
        .flat_map(|l| {
            let names = l.split_once("::").map_or("", |(_, n)| n).trim_end_matches(';');
            names.trim_matches(['{', '}']).split(", ").map(str::to_owned).collect::<Vec<_>>()
        })
        .collect();
    for t in ["Thing", "Thing2", "Thing3", "ThiNg", "Thing22", "N1st", "N2nd", "CafU00e9", "U65e5U672c",
        "Unnamed", "Unnamed2", "SelfType", "SelfType2", "Crate", "Type", "RType", "Option", "Result",
        "String", "Vec", "Box", "Default", "Field", "Wire", "Model", "Unrecognized", "Odata", "Models",
        "Animal", "AnyAnimal", "AnyAnimal2", "AnyAnimal3", "Dog"]
    {
        assert!(types.contains(t), "type {t} in {types:?}");
    }
    // Keyword namespaces become modules with a `_` suffix; the module tree is complete.
    for m in ["src/models/self_/mod.rs", "src/models/crate_/mod.rs", "src/models/type_/mod.rs",
        "src/models/super_/mod.rs", "src/models/unnamed/mod.rs",
        "src/models/fn_/mod_/r_type/mod.rs", "src/models/odata/mod.rs", "src/models/models_ns/mod.rs",
        "src/models/core/mod.rs", "src/models/std/mod.rs", "src/models/serde/mod.rs"]
    {
        file(&r, m);
    }
}

/// Items of a generated file: (kind, name) for every item and impl member.
fn items(src: &str) -> Vec<(String, String)> {
    let f = syn::parse_file(src).expect("generated code parses");
    let mut out = Vec::new();
    for a in &f.attrs {
        assert!(a.path().is_ident("doc"), "only doc inner attributes");
    }
    for item in f.items {
        let attrs_ok = |attrs: &[syn::Attribute]| {
            for a in attrs {
                let p = a.path();
                assert!(
                    ["doc", "derive", "deprecated", "allow"].iter().any(|n| p.is_ident(n)),
                    "unexpected attribute {:?}",
                    p.get_ident()
                );
            }
        };
        match item {
            syn::Item::Struct(s) => {
                attrs_ok(&s.attrs);
                out.push(("struct".into(), s.ident.to_string()));
            }
            syn::Item::Enum(e) => {
                attrs_ok(&e.attrs);
                out.push(("enum".into(), e.ident.to_string()));
            }
            syn::Item::Type(t) => {
                attrs_ok(&t.attrs);
                out.push(("type".into(), t.ident.to_string()));
            }
            syn::Item::Mod(m) => out.push(("mod".into(), m.ident.to_string())),
            syn::Item::Use(_) => out.push(("use".into(), String::new())),
            syn::Item::Impl(i) => {
                attrs_ok(&i.attrs);
                let tr = i.trait_.as_ref().map(|(p, _)| {
                    p.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
                });
                out.push(("impl".into(), tr.unwrap_or_default()));
                for it in i.items {
                    match it {
                        syn::ImplItem::Fn(f) => out.push(("fn".into(), f.sig.ident.to_string())),
                        syn::ImplItem::Const(c) => out.push(("const".into(), c.ident.to_string())),
                        syn::ImplItem::Type(t) => out.push(("assoc".into(), t.ident.to_string())),
                        _ => panic!("unexpected impl item"),
                    }
                }
            }
            _ => panic!("unexpected item"),
        }
    }
    out
}

#[test]
fn injection_yields_only_the_declared_items() {
    let r = render(&fixture("injection.xml")).expect("injection.xml generates");
    let mut declared = BTreeSet::new();
    let allowed_fns: BTreeSet<&str> = [
        "field_index", "de_field", "ser_field", "present", "additional_data", "additional_data_mut",
        "deserialize_wire", "serialize_wire", "deserialize", "serialize", "value", "from_wire",
        "to_wire", "as_str", "as_wire", "fmt", "from_wire_str", "wire_name", "members", "parse", "name",
        "from_base", "read_derived", "from_str", "from",
    ]
    .into_iter()
    .collect();
    let allowed_impls: BTreeSet<&str> =
        ["", "crate::odata::Model", "crate::odata::Wire", "serde::Deserialize", "serde::Serialize",
            "crate::odata::OpenEnum", "crate::odata::EnumMember", "crate::odata::FlagsMember",
            "core::str::FromStr", "core::fmt::Display", "serde::de::Deserialize", "serde::ser::Serialize",
            "crate::odata::Polymorphic", "core::convert::From"]
            .into_iter()
            .collect();
    for f in &r.files {
        let p = f.path.to_string_lossy();
        if !p.starts_with("src/models/") {
            continue;
        }
        for (kind, name) in items(&f.content) {
            match kind.as_str() {
                "struct" | "enum" | "type" => {
                    declared.insert(name);
                }
                "fn" => assert!(allowed_fns.contains(name.as_str()), "fn {name} in {p}"),
                "impl" => assert!(allowed_impls.contains(name.as_str()), "impl {name} in {p}"),
                "const" => assert!(["ODATA_TYPE", "FIELDS", "FIELD_TABLE"].contains(&name.as_str()), "{name}"),
                "assoc" => assert!(["Base", "Err"].contains(&name.as_str()), "associated type {name} in {p}"),
                _ => {}
            }
        }
    }
    let expected: BTreeSet<String> =
        ["AB", "AnyAB", "ENum", "Td", "Span", "BDerived"].iter().map(|s| s.to_string()).collect();
    assert_eq!(declared, expected);
    // Descriptions stay in doc strings: the text is there, escaped, and no raw line break
    // survives into a doc line.
    let src = file(&r, "src/models/a_b.rs");
    assert!(src.contains(r"\<script\>alert(1)\</script\>"), "{src}");
    for line in src.lines().filter(|l| l.trim_start().starts_with("///")) {
        assert!(!line.contains("#![allow"), "{line}");
    }
    // Wire names survive verbatim.
    assert_eq!(
        wire_fields(src)[1..],
        ["x\"y", "p\\q", "#[derive(Copy)]", "}", "line\nbreak\r\ttab", "<img src=x onerror=alert(1)>",
            "`code`", "*/"]
    );
    let e = file(&r, "src/models/e_num.rs");
    assert!(e.contains(r#""a\"b" => Self::AB"#) && e.contains(r#""c\\d" => Self::CD"#), "{e}");
}

#[test]
fn paths_never_leave_the_output_directory() {
    let r = render(&fixture("paths.xml")).expect("paths.xml generates");
    let reserved = ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"];
    for f in &r.files {
        let comps: Vec<Component<'_>> = f.path.components().collect();
        assert!(comps.iter().all(|c| matches!(c, Component::Normal(_))), "{}", f.path.display());
        for c in &comps {
            let s = c.as_os_str().to_str().expect("ASCII");
            assert!(s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b)), "{s}");
            let stem = s.split('.').next().unwrap_or_default().to_ascii_lowercase();
            assert!(!reserved.contains(&stem.as_str()), "Windows device name {s}");
        }
    }
    let got: BTreeSet<String> = r
        .files
        .iter()
        .map(|f| f.path.to_string_lossy().into_owned())
        .filter(|p| p.starts_with("src/models/"))
        .collect();
    let expected: BTreeSet<String> = [
        "src/models/mod.rs", "src/models/tmp_evil.rs", "src/models/etc_passwd.rs",
        "src/models/windows_system32.rs", "src/models/unnamed_type.rs", "src/models/con_type.rs",
        "src/models/aux_.rs", "src/models/nul_.rs", "src/models/com1_.rs", "src/models/lpt9_.rs",
        "src/models/mod_.rs", "src/models/c_x.rs",
        "src/models/unnamed/mod.rs", "src/models/unnamed/unnamed_ns/mod.rs",
        "src/models/unnamed/unnamed_ns/x/mod.rs", "src/models/unnamed/unnamed_ns/x/t.rs",
        "src/models/con_/mod.rs", "src/models/con_/aux_/mod.rs", "src/models/con_/aux_/etc/mod.rs",
        "src/models/con_/aux_/etc/prn_.rs", "src/models/c_windows/mod.rs", "src/models/c_windows/lib.rs",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(got, expected);
    // Written for real: the parent of --out holds nothing but the output directory.
    let base = root().join("target/hostile/paths");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("dir");
    Config::new()
        .metadata(fixture("paths.xml"))
        .crate_name("paths")
        .generate(base.join("out"))
        .expect("writes");
    let top: Vec<_> = std::fs::read_dir(&base)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, ["out"]);
    assert!(!Path::new("/tmp/evil.rs").exists() && !root().join("etc").exists());
}

#[test]
fn nul_and_control_characters_in_names() {
    // `&#0;` is not XML.
    expect_errors("nul_char_ref.xml", &[("E0004", 5, 20)]);
    // A raw NUL byte (or an escape character) in a name: generated under safe names, and the
    // diagnostics quoting the name show it escaped.
    let doc = "<Schema Namespace=\"x\0y\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\
        <ComplexType Name=\"a/\0/..\x1b[2J\"><Property Name=\"p\0\" Type=\"Edm.String\"/></ComplexType>\
        <EntityType Name=\"e\x1b[31m\"><Key><PropertyRef Name=\"id\"/></Key><Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/></EntityType></Schema>";
    let dir = root().join("target/hostile/nul");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("m.xml"), doc).expect("write");
    match render(&dir.join("m.xml")) {
        Ok(r) => {
            for f in &r.files {
                let s = f.path.to_string_lossy();
                assert!(s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_./-".contains(&b)), "{s}");
                if s.ends_with(".rs") {
                    syn::parse_file(&f.content).expect("parses");
                }
            }
            for d in &r.diagnostics {
                let shown = d.render();
                assert!(!shown.contains('\x1b') && !shown.contains('\0'), "{shown:?}");
            }
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.contains('\x1b') && !shown.contains('\0'), "{shown:?}");
        }
    }
}

#[test]
fn dtds_entities_and_encodings_are_refused() {
    expect_errors("billion_laughs.xml", &[("E0004", 2, 1)]);
    expect_errors("external_entity.xml", &[("E0004", 2, 1)]);
    expect_errors("external_dtd.xml", &[("E0004", 2, 1)]);
    expect_errors("undeclared_entity.xml", &[("E0004", 5, 65)]);
    expect_errors("latin1.xml", &[("E0002", 1, 1)]);
    expect_errors("utf16.xml", &[("E0002", 1, 1)]);
    expect_errors("invalid_utf8.xml", &[("E0002", 3, 25)]);
}

#[test]
fn names_that_cannot_be_names_are_errors() {
    expect_errors("empty_names.xml", &[("E0005", 3, 16), ("E0005", 4, 35), ("E0005", 5, 30), ("E0005", 6, 32)]);
    expect_errors("reserved_member.xml", &[("E0111", 4, 15), ("E0111", 5, 15)]);
    let long = "n".repeat(512);
    let doc = format!("<Schema Namespace=\"x\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\"><ComplexType Name=\"{long}\"/></Schema>");
    let e = load_bytes("long.xml", doc.as_bytes()).expect_err("too long");
    assert_eq!(errors(&e), [("E0112", 1, SCHEMA.len() as u32 + 14)]);
}

#[test]
fn inheritance_cycles_are_errors() {
    let e = expect_errors("inheritance_cycle.xml", &[("E0107", 4, 25), ("E0107", 6, 27)]);
    assert!(e.0[0].message.contains("x.a → x.c → x.b → x.a"), "{}", e.0[0].message);
}

const SCHEMA: &str = "<Schema Namespace=\"x\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">";

#[test]
fn deep_nesting_is_an_error() {
    let mut doc = format!("{SCHEMA}\n");
    for _ in 0..10_000 {
        doc.push_str("<a>");
    }
    for _ in 0..10_000 {
        doc.push_str("</a>");
    }
    doc.push_str("\n</Schema>");
    let e = load_bytes("deep.xml", doc.as_bytes()).expect_err("too deep");
    // The schema is level 1: the 256th `<a>` is the first element too deep.
    assert_eq!(errors(&e), [("E0004", 2, 255 * 3 + 1)]);
    assert!(e.0[0].message.contains("nested deeper than 256"), "{}", e.0[0].message);
}

#[test]
fn huge_attributes_and_attribute_floods_are_errors() {
    let big = "x".repeat(100 << 20);
    let doc = format!("{SCHEMA}\n<ComplexType Name=\"t\">\n  <Annotation Term=\"Core.Description\" String=\"{big}\"/></ComplexType></Schema>");
    drop(big);
    let e = load_bytes("big.xml", doc.as_bytes()).expect_err("too long");
    assert_eq!(errors(&e), [("E0004", 3, 39)]);
    assert!(e.0[0].message.contains("longer than 1048576 bytes"), "{}", e.0[0].message);
    drop(doc);
    // The same as element text.
    let big = "y".repeat(100 << 20);
    let doc = format!("{SCHEMA}<Annotation Term=\"Core.Description\"><String>{big}</String></Annotation></Schema>");
    drop(big);
    let e = load_bytes("big-text.xml", doc.as_bytes()).expect_err("too long");
    assert_eq!(errors(&e)[0].0, "E0004");
    drop(doc);
    // Text made of many pieces (entity references split text into events): accepted, and read in
    // linear time (200,000 references just under the length limit).
    let doc = format!(
        "{SCHEMA}<ComplexType Name=\"t\"><Annotation Term=\"Core.Description\"><String>{}</String></Annotation></ComplexType></Schema>",
        "a&amp;".repeat(170_000)
    );
    load_bytes("refs.xml", doc.as_bytes()).expect("many entity references");
    // 100,000 attributes on one element.
    let mut doc = format!("{SCHEMA}<ComplexType Name=\"t\"");
    for i in 0..100_000 {
        doc.push_str(&format!(" a{i}=\"\""));
    }
    doc.push_str("/></Schema>");
    let e = load_bytes("attrs.xml", doc.as_bytes()).expect_err("too many");
    assert_eq!(errors(&e), [("E0004", 1, SCHEMA.len() as u32 + 1)]);
}

#[test]
fn a_ten_thousand_deep_inheritance_chain_is_an_error() {
    let mut doc = format!("{SCHEMA}\n<ComplexType Name=\"t0\"><Property Name=\"p0\" Type=\"Edm.String\"/></ComplexType>\n");
    for i in 1..10_000 {
        doc.push_str(&format!(
            "<ComplexType Name=\"t{i}\" BaseType=\"x.t{}\"><Property Name=\"p{i}\" Type=\"Edm.String\"/></ComplexType>\n",
            i - 1
        ));
    }
    doc.push_str("</Schema>");
    let e = load_bytes("chain.xml", doc.as_bytes()).expect_err("too deep");
    // t101 has 101 base types: reported once, at its BaseType attribute (line 103).
    assert_eq!(errors(&e), [("E0110", 103, 26)]);
    assert!(e.0[0].message.contains("`x.t101`"), "{}", e.0[0].message);
}

#[test]
fn a_chain_at_the_depth_limit_generates() {
    let dir = root().join("target/hostile/chain100");
    std::fs::create_dir_all(&dir).expect("dir");
    let mut doc = format!("{SCHEMA}\n<ComplexType Name=\"t0\"><Property Name=\"p0\" Type=\"Edm.String\"/></ComplexType>\n");
    for i in 1..=100 {
        doc.push_str(&format!(
            "<ComplexType Name=\"t{i}\" BaseType=\"x.t{}\"><Property Name=\"p{i}\" Type=\"x.t{}\"/></ComplexType>\n",
            i - 1,
            i - 1
        ));
    }
    doc.push_str("</Schema>");
    std::fs::write(dir.join("m.xml"), doc).expect("write");
    let r = render(&dir.join("m.xml")).expect("100 levels are fine");
    let src = file(&r, "src/models/t100.rs");
    assert_eq!(wire_fields(src).len(), 102);
    let t0 = file(&r, "src/models/t0.rs");
    assert_eq!(t0.matches("(::std::boxed::Box<crate::models::T").count(), 101, "AnyT0 has 101 variants");
}

#[test]
fn wide_types_and_huge_enums_generate() {
    let dir = root().join("target/hostile/wide");
    std::fs::create_dir_all(&dir).expect("dir");
    let mut doc = format!("{SCHEMA}\n<ComplexType Name=\"wide\">");
    for i in 0..10_000 {
        doc.push_str(&format!("<Property Name=\"p{i}\" Type=\"Edm.Int32\"/>"));
    }
    doc.push_str("</ComplexType>\n<EnumType Name=\"huge\">");
    for i in 0..100_000 {
        doc.push_str(&format!("<Member Name=\"m{i}\" Value=\"{i}\"/>"));
    }
    doc.push_str("</EnumType>\n</Schema>");
    std::fs::write(dir.join("m.xml"), doc).expect("write");
    let r = render(&dir.join("m.xml")).expect("generates");
    assert_eq!(wire_fields(file(&r, "src/models/wide.rs")).len(), 10_001);
    let huge = syn::parse_file(file(&r, "src/models/huge.rs")).expect("parses");
    let variants = huge.items.iter().find_map(|i| match i {
        syn::Item::Enum(e) => Some(e.variants.len()),
        _ => None,
    });
    assert_eq!(variants, Some(100_001));
}

#[test]
fn recursive_types_generate_boxed() {
    let r = render(&fixture("recursive.xml")).expect("generates");
    let node = file(&r, "src/models/node.rs");
    assert!(node.contains("pub next: crate::odata::Field<::std::boxed::Box<crate::models::Node>>"), "{node}");
    assert!(node.contains("pub children: crate::odata::Field<::std::vec::Vec<crate::models::Node>>"));
}

#[test]
fn a_document_on_one_line_generates() {
    // Minified metadata: every position is on line 1 (column lookups must stay linear).
    let text = std::fs::read_to_string(fixture("names.xml")).expect("read");
    let one_line: String = text.replace(['\n', '\r'], " ");
    let dir = root().join("target/hostile/one-line");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("m.xml"), &one_line).expect("write");
    render(&dir.join("m.xml")).expect("generates");
    let broken = one_line.replace("Type=\"hostile.names.keywords\"/><ReturnType", "Type=\"nope.x\"/><ReturnType");
    std::fs::write(dir.join("m.xml"), &broken).expect("write");
    let e = render(&dir.join("m.xml")).expect_err("unresolved");
    // Columns count characters (the document has non-ASCII names before the error).
    let at = broken[..broken.find("Type=\"nope.x\"").expect("there")].chars().count() as u32 + 1;
    assert_eq!(errors(&e), [("E0102", 1, at)]);
}

/// Every "must compile" fixture in one crate, checked as the committed crate is.
#[test]
fn combined_hazards_build_without_warnings_and_document_cleanly() {
    let out = root().join("target/hostile/crate");
    Config::new()
        .metadata(fixture("combined.xml"))
        .crate_name("hostile-models")
        .force(true)
        .generate(&out)
        .expect("combined.xml generates");
    // A crate of its own (it lives under the workspace's target/), with the workspace's versions.
    let manifest = odatagen_tests::standalone_crate(&out);
    let cargo = |args: &[&str], env: &[(&str, &str)]| odatagen_tests::cargo_ok(&manifest, args, env);
    cargo(&["clippy", "--offline", "--", "-D", "warnings", "-D", "missing_docs"], &[]);
    cargo(&["doc", "--offline", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]);
}
