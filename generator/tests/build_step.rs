//! Build-step behaviour: unchanged output is never rewritten, the lock file skips work while
//! inputs and options are unchanged, and input changes are noticed.

use odatagen::{Config, Emit};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const CSDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="ns" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="thing"><Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/>
      </EntityType>
      <EntityContainer Name="c"><EntitySet Name="things" EntityType="ns.thing"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("odatagen-build-step-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn mtimes(dir: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), e.metadata().and_then(|m| m.modified()).expect("mtime")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn unchanged_output_is_not_rewritten_and_lock_skips() {
    let dir = temp_dir("lock");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = dir.join("out");
    let config = Config::new().metadata(&input).crate_name("things");

    let first = config.generate(&out).expect("generates");
    assert!(first.rendered.is_some());
    assert!(!first.report.written.is_empty());
    assert!(out.join("odatagen.lock").is_file());
    let before = mtimes(&out);

    // Same inputs and options: skipped, nothing touched.
    let second = config.generate(&out).expect("generates");
    assert!(second.rendered.is_none(), "the lock file should make this a no-op");
    // Forced: everything rendered, nothing rewritten (contents are equal).
    let forced = config.clone().force(true).generate(&out).expect("generates");
    assert!(forced.rendered.is_some());
    assert!(forced.report.written.is_empty(), "{:?}", forced.report.written);
    assert_eq!(mtimes(&out), before, "unchanged files keep their mtimes");

    // Another selection is another option set: not skipped.
    let other = config.clone().include("ns.thing").generate(&out).expect("generates");
    assert!(other.rendered.is_some());

    // Changed input: regenerated; only the files that changed are written.
    std::fs::write(&input, CSDL.replace(r#"Nullable="false"/>"#, r#"Nullable="false"/><Property Name="n" Type="Edm.Int32"/>"#))
        .expect("write");
    let third = config.generate(&out).expect("generates");
    let written: Vec<String> = third.report.written.iter().map(|p| p.display().to_string()).collect();
    // The new property is a model field and a `$select`/`$orderby` name of the request code.
    assert_eq!(written, ["odatagen.lock", "src/models/thing.rs", "src/requests/entities/t.rs"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_edited_output_is_regenerated_and_a_users_own_files_are_kept() {
    let dir = temp_dir("edited");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = dir.join("out");
    let config = Config::new().metadata(&input).crate_name("things");
    config.generate(&out).expect("generates");
    let model = out.join("src/models/thing.rs");
    let generated = std::fs::read_to_string(&model).expect("read");

    // A generated file edited by hand: the lock's inputs and options still match, but the output
    // does not, so the run regenerates (and `check` agrees with it before and after).
    std::fs::write(&model, format!("{generated}// edited\n")).expect("write");
    assert_eq!(config.check(&out).expect("checks").1.len(), 1);
    let again = config.generate(&out).expect("generates");
    assert!(again.rendered.is_some(), "an edited output is not up to date");
    assert_eq!(again.report.written, [PathBuf::from("src/models/thing.rs")]);
    assert_eq!(std::fs::read_to_string(&model).expect("read"), generated);
    assert!(config.check(&out).expect("checks").1.is_empty());
    assert!(config.generate(&out).expect("generates").rendered.is_none());

    // A user's own Rust file in `src/` (no generated header) is neither removed nor reported.
    let own = out.join("src/extra.rs");
    std::fs::write(&own, "pub fn mine() {}\n").expect("write");
    let forced = config.clone().force(true).generate(&out).expect("generates");
    assert!(forced.report.removed.is_empty(), "{:?}", forced.report.removed);
    assert!(own.is_file());
    assert!(config.check(&out).expect("checks").1.is_empty());
    // A generated file that is no longer generated is still removed.
    let stale = out.join("src/models/gone.rs");
    std::fs::write(&stale, "//! Generated by odatagen 0.1.0 from `m.xml`.\n").expect("write");
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;
    #[cfg(unix)]
    {
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        std::fs::set_permissions(out.join("src/models"), std::fs::Permissions::from_mode(0o750))
            .expect("chmod");
    }
    let forced = config.clone().force(true).generate(&out).expect("generates");
    assert_eq!(forced.report.removed, [PathBuf::from("src/models/gone.rs")]);
    // The directory swapped in, and the directories in it, keep their permissions.
    #[cfg(unix)]
    {
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&out), 0o700);
        assert_eq!(mode(&out.join("src/models")), 0o750);
    }

    // A user's own file where the metadata now puts a generated one is not replaced.
    let widget = out.join("src/models/widget.rs");
    std::fs::write(&widget, "pub struct Mine;\n").expect("write");
    std::fs::write(&input, CSDL.replace("</Schema>", r#"<ComplexType Name="widget"/></Schema>"#))
        .expect("write");
    let e = config.generate(&out).expect_err("refused");
    assert!(e.0[0].message.contains("src/models/widget.rs is not a file odatagen wrote"), "{:?}", e.0);
    assert_eq!(std::fs::read_to_string(&widget).expect("read"), "pub struct Mine;\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_takes_the_arguments_generate_was_given() {
    let dir = temp_dir("check-cli");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = dir.join("out");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_odatagen"))
            .args(args)
            .output()
            .expect("runs")
    };
    let (m, o) = (input.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let args = ["--metadata", m, "--out", o, "--crate-name", "things", "--no-requests"];
    let generate = run(&[&["generate"][..], &args].concat());
    assert!(generate.status.success(), "{}", String::from_utf8_lossy(&generate.stderr));
    assert!(!out.join("src/requests").exists(), "--no-requests writes models only");
    let check = |extra: &[&str]| run(&[&["check"][..], &args, extra].concat());
    assert_eq!(check(&[]).status.code(), Some(0));
    // Other arguments are other output.
    let other = check(&["--ieee754-compatible"]);
    assert_eq!(other.status.code(), Some(1));
    let model = out.join("src/models/thing.rs");
    std::fs::write(&model, "//! Generated by odatagen, then edited\n").expect("write");
    let stale = check(&[]);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(stderr.contains("changed: src/models/thing.rs"), "{stderr}");
    assert!(stderr.contains("run `odatagen generate` with the same arguments"), "{stderr}");
    assert!(run(&[&["generate"][..], &args].concat()).status.success());
    assert_eq!(check(&[]).status.code(), Some(0));
    // `--out` alone is a usage error (clap's exit code 2), not a check of the config file.
    assert_eq!(run(&["check", "--out", o]).status.code(), Some(2));
    // The order (or a repeat) of `--include` selectors changes nothing: the same output, lock
    // included.
    std::fs::write(&input, CSDL).expect("write");
    let a = ["--include", "ns.thing", "--include", "ns"];
    let b = ["--include", "ns", "--include", "ns.thing", "--include", "ns"];
    assert!(run(&[&["generate"][..], &args, &a].concat()).status.success());
    assert_eq!(check(&b).status.code(), Some(0), "{}", String::from_utf8_lossy(&check(&b).stderr));
    // Metadata that does not load is 2 too, apart from "stale" (1): CI can tell them apart.
    std::fs::write(&input, "<edmx:Edmx").expect("write");
    let broken = check(&[]);
    assert_eq!(broken.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("nothing was compared"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_odatagen_did_not_write_is_refused() {
    let dir = temp_dir("foreign");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = dir.join("app");
    std::fs::create_dir_all(out.join("src")).expect("mkdir");
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"app\"\n").expect("write");
    std::fs::write(out.join("src/main.rs"), "fn main() {}\n").expect("write");
    let before = mtimes(&out);
    let err = Config::new().metadata(&input).generate(&out).expect_err("refused");
    let d = &err.0[0];
    assert_eq!(d.code, "E0012");
    assert!(d.message.contains("`Cargo.toml`, `src`"), "{}", d.message);
    assert_eq!(mtimes(&out), before, "nothing touched");
    // Hidden entries alone (a fresh repository's `.git`) do not make a directory foreign.
    let fresh = dir.join("fresh");
    std::fs::create_dir_all(fresh.join(".git")).expect("mkdir");
    Config::new().metadata(&input).generate(&fresh).expect("generates");
    assert!(fresh.join(".git").is_dir() && fresh.join("odatagen.lock").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn single_file_output_parses_and_names_every_input_for_cargo() {
    let dir = temp_dir("single");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let g = Config::new()
        .metadata(&input)
        .crate_name("things")
        .emit(Emit::SingleFile)
        .module_root("crate::things")
        .generate(dir.join("out"))
        .expect("generates");
    let rendered = g.rendered.expect("rendered");
    assert_eq!(rendered.files.len(), 1);
    assert_eq!(rendered.inputs, std::slice::from_ref(&input));
    let text = std::fs::read_to_string(dir.join("out/things.rs")).expect("written");
    let file = syn::parse_file(&text).expect("valid Rust");
    assert!(file.attrs.is_empty(), "no inner attributes at the top: include!-able");
    assert!(text.contains("crate::things::odata::Field"));

    // Types of two namespaces: a crate would get a cargo feature per namespace, but the crate
    // including the file declares none, so the file has no feature gates (nor the ready client,
    // which a crate puts behind `client`: the includer would have to declare that feature).
    let two = CSDL.replace(
        "</Schema>",
        r#"</Schema><Schema Namespace="other" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="note"><Property Name="t" Type="ns.thing"/></ComplexType></Schema>"#,
    );
    std::fs::write(&input, two).expect("write");
    Config::new()
        .metadata(&input)
        .crate_name("things")
        .emit(Emit::SingleFile)
        .generate(dir.join("out"))
        .expect("generates");
    let text = std::fs::read_to_string(dir.join("out/things.rs")).expect("written");
    assert!(text.contains("pub struct Note"), "both namespaces");
    assert!(!text.contains("cfg(feature") && !text.contains("mod client"), "no feature gates");
    assert!(text.contains("pub fn to_http("), "the request values are there");
    let crate_dir = dir.join("crate");
    Config::new().metadata(&input).crate_name("things").generate(&crate_dir).expect("generates");
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).expect("lib");
    assert!(lib.contains("feature = \"other\""), "a crate has namespace features: {lib}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn crate_names_cargo_or_rustc_would_reject_or_warn_about_are_errors() {
    let dir = temp_dir("names");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    for (name, why, suggestion) in [
        ("t-People", "uppercase", "t-people"),
        ("bad name!", "only ASCII letters", "bad-name"),
        ("9lives", "start with a letter", "odata-9lives"),
        ("", "empty", "odata-models"),
        ("a--b", "two separators", "a-b"),
        ("a_-b", "two separators", "a-b"),
    ] {
        let e = Config::new()
            .metadata(&input)
            .crate_name(name)
            .generate(dir.join("out"))
            .err()
            .unwrap_or_else(|| panic!("`{name}` was accepted"));
        let d = &e.0[0];
        assert_eq!(d.code, "E0011", "{d:?}");
        assert!(d.message.contains(why), "{}", d.message);
        assert!(d.notes.iter().any(|n| n.contains(&format!("--crate-name {suggestion}`"))), "{:?}", d.notes);
        assert!(!dir.join("out").exists(), "nothing written for `{name}`");
    }
    // Accepted as cargo accepts them; a single file has no package name (its module is named).
    Config::new().metadata(&input).crate_name("ok-name_2").generate(dir.join("out")).expect("generates");
    Config::new()
        .metadata(&input)
        .crate_name("Any Name")
        .emit(Emit::SingleFile)
        .generate(dir.join("single"))
        .expect("generates");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn operations_bound_to_abstract_types_are_noted_not_dropped_silently() {
    let csdl = CSDL.replace(
        r#"<EntityContainer Name="c">"#,
        r#"<Action Name="Touch" IsBound="true"><Parameter Name="it" Type="Edm.EntityType"/></Action>
      <Function Name="Len" IsBound="true"><Parameter Name="s" Type="Edm.String"/><ReturnType Type="Edm.Int32"/></Function>
      <Action Name="Ping" IsBound="true"><Parameter Name="t" Type="ns.thing"/></Action>
      <EntityContainer Name="c">"#,
    );
    let dir = temp_dir("unbindable");
    let input = dir.join("m.xml");
    std::fs::write(&input, csdl).expect("write");
    let rendered = Config::new().metadata(&input).crate_name("things").render().expect("renders");
    let notes: Vec<_> = rendered.diagnostics.iter().filter(|d| d.code == "N0302").collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes[0].message.contains("`ns.Touch`") && notes[0].message.contains("`Edm.EntityType`"));
    assert!(notes[1].message.contains("bound function `ns.Len` is bound to `Edm.String`"), "{}", notes[1].message);
    // Models only: no request code is expected, so nothing to say.
    let rendered = Config::new().metadata(&input).crate_name("things").requests(false).render().expect("renders");
    assert!(rendered.diagnostics.iter().all(|d| d.code != "N0302"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_document_without_types_says_so() {
    // A vocabulary, or annotations only: the crate is the runtime alone, and a note says why.
    let dir = temp_dir("no-types");
    let input = dir.join("m.xml");
    let csdl = CSDL.replace(
        r#"<EntityType Name="thing"><Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/>
      </EntityType>
      <EntityContainer Name="c"><EntitySet Name="things" EntityType="ns.thing"/></EntityContainer>"#,
        r#"<Term Name="Flag" Type="Edm.Boolean"/>"#,
    );
    assert!(!csdl.contains("EntityType"), "{csdl}");
    std::fs::write(&input, csdl).expect("write");
    let rendered = Config::new().metadata(&input).crate_name("things").render().expect("renders");
    let notes: Vec<_> = rendered.diagnostics.iter().filter(|d| d.code == "N0010").collect();
    assert_eq!(notes.len(), 1, "{:#?}", rendered.diagnostics);
    assert!(notes[0].message.contains("declares no types"), "{}", notes[0].message);
    // A document with types: no such note.
    std::fs::write(&input, CSDL).expect("write");
    let rendered = Config::new().metadata(&input).crate_name("things").render().expect("renders");
    assert!(rendered.diagnostics.iter().all(|d| d.code != "N0010"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn what_validate_rejects_is_generated_with_warnings() {
    // A key of a type that cannot be a key and a binding to no entity set (as in the Northwind
    // sample service): `validate` fails, `generate` writes the crate and says why.
    // And an entity set of a type without a key (SAP Cloud SDK test services have one).
    let csdl = CSDL
        .replace(r#"<Property Name="id" Type="Edm.String" Nullable="false"/>"#, r#"<Property Name="id" Type="Edm.Double" Nullable="false"/>"#)
        .replace(
            r#"<EntitySet Name="things" EntityType="ns.thing"/>"#,
            r#"<EntitySet Name="things" EntityType="ns.thing"/><EntitySet Name="rows" EntityType="ns.row"/>"#,
        )
        .replace("</Schema>", r#"<EntityType Name="row"><Property Name="n" Type="Edm.Int32"/></EntityType></Schema>"#);
    let dir = temp_dir("lenient");
    let input = dir.join("m.xml");
    std::fs::write(&input, csdl).expect("write");
    let g = Config::new().metadata(&input).crate_name("things").generate(dir.join("out")).expect("generates");
    let w: Vec<_> = g.rendered.expect("rendered").diagnostics.into_iter().filter(|d| d.code == "W0200").collect();
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(w[0].message.contains("`Edm.Double`, which cannot be a key"), "{}", w[0].message);
    assert!(w[0].notes.iter().any(|n| n.contains("error E0201")), "{:?}", w[0].notes);
    assert!(w[0].location.as_ref().is_some_and(|l| l.line == 6), "{:?}", w[0].location);
    assert!(w[1].message.contains("entity set `rows` holds `ns.row`, which declares no key"), "{}", w[1].message);
    assert!(w[1].notes.iter().any(|n| n.contains("error E0207")), "{:?}", w[1].notes);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_include_that_names_nothing_is_its_own_error() {
    // E0211, not E0201 (which `validate` uses for key types): codes name one problem each.
    let dir = temp_dir("include");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let e = Config::new()
        .metadata(&input)
        .crate_name("things")
        .include("ns.thng")
        .generate(dir.join("out"))
        .expect_err("an error");
    let d = e.0.iter().find(|d| d.code == "E0211").expect("E0211");
    assert!(d.message.contains("`--include ns.thng` names no type or namespace"), "{}", d.message);
    assert!(d.notes.iter().any(|n| n.contains("did you mean `ns.thing`?")), "{:?}", d.notes);
    assert!(e.0.iter().all(|d| d.code != "E0201"));
    assert!(!dir.join("out").exists());
    // A simple name: the qualified name of the type of that name.
    let e = Config::new().metadata(&input).include("Thing").render().expect_err("an error");
    assert_eq!(e.0[0].notes, ["did you mean `ns.thing`?"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_base_url_that_is_no_url_is_an_error_and_an_unknown_default_namespace_a_warning() {
    let dir = temp_dir("options");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let config = Config::new().metadata(&input);
    for bad in ["not a url", "https://", "ftp://host/x", "https://host/a b", "http://:80/x", "https://h/svc?x=1", "https://h/svc#f"] {
        let e = config.clone().base_url(bad).render().expect_err(bad);
        assert_eq!(e.0[0].code, "E0013", "{bad}: {:?}", e.0);
    }
    for good in ["HTTPS://host:8080/odata/", "http://[::1]:8080/x", "https://user@h.example/v1"] {
        config.clone().base_url(good).render().expect(good);
    }
    let r = config.clone().default_namespace("nss").render().expect("renders");
    let w: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(w, ["W0105"]);
    assert_eq!(r.diagnostics[0].notes, ["did you mean `ns`?"]);
    let r = config.clone().default_namespace("ns").render().expect("renders");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // A schema's alias stands for its namespace: the same output as the namespace.
    std::fs::write(&input, CSDL.replace(r#"Namespace="ns""#, r#"Namespace="ns" Alias="n""#)).expect("write");
    let by_alias = config.clone().default_namespace("n").render().expect("renders");
    assert!(by_alias.diagnostics.is_empty(), "{:?}", by_alias.diagnostics);
    let by_name = config.default_namespace("ns").render().expect("renders");
    let texts = |r: &odatagen::config::Rendered| -> Vec<String> {
        r.files.iter().filter(|f| !f.path.ends_with("odatagen.lock")).map(|f| f.content.clone()).collect()
    };
    assert_eq!(texts(&by_alias), texts(&by_name));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn how_the_metadata_path_is_typed_does_not_change_the_output() {
    // `m.xml`, `./m.xml` (spellings with `.` segments) and the absolute path within the
    // current directory (as build scripts spell paths) name one file: one output (file headers
    // and the lock name the input), so `check` passes either way.
    let dir = temp_dir("spelling");
    std::fs::write(dir.join("m.xml"), CSDL).expect("write");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_odatagen"))
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("runs")
    };
    let generate = run(&["generate", "--metadata", "m.xml", "--out", "out"]);
    assert!(generate.status.success(), "{}", String::from_utf8_lossy(&generate.stderr));
    let absolute = dir.join("m.xml").to_string_lossy().into_owned();
    for spelling in ["./m.xml", "././m.xml", absolute.as_str()] {
        let check = run(&["check", "--metadata", spelling, "--out", "out"]);
        assert_eq!(check.status.code(), Some(0), "{spelling}: {}", String::from_utf8_lossy(&check.stderr));
    }
    // From elsewhere (a subdirectory, another directory): the metadata is named relative to
    // the directory holding the output, so the output is the same.
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    let out = dir.join("out").to_string_lossy().into_owned();
    for (cwd, metadata, out) in [
        (dir.join("sub"), "../m.xml", "../out"),
        (std::env::temp_dir(), absolute.as_str(), out.as_str()),
    ] {
        let check = std::process::Command::new(env!("CARGO_BIN_EXE_odatagen"))
            .current_dir(&cwd)
            .args(["check", "--metadata", metadata, "--out", out])
            .output()
            .expect("runs");
        assert_eq!(check.status.code(), Some(0), "{metadata} from {}: {}", cwd.display(), String::from_utf8_lossy(&check.stderr));
    }
    let lib = std::fs::read_to_string(dir.join("out/src/lib.rs")).expect("lib.rs");
    assert!(lib.starts_with("//! Generated by odatagen") && lib.lines().next().is_some_and(|l| l.contains("`m.xml`")), "{lib:.200}");
    // `--input-label` pins the name wherever the output goes (`--out /out` in a container).
    let elsewhere = run(&["generate", "--metadata", "m.xml", "--out", "out2", "--input-label", "api/m.xml"]);
    assert!(elsewhere.status.success(), "{}", String::from_utf8_lossy(&elsewhere.stderr));
    let lib = std::fs::read_to_string(dir.join("out2/src/lib.rs")).expect("lib.rs");
    assert!(lib.lines().next().is_some_and(|l| l.contains("`api/m.xml`")), "{lib:.200}");
    let check = run(&["check", "--metadata", "./m.xml", "--out", "out2", "--input-label", "api/m.xml"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_run_the_lock_skips_still_names_every_input_for_cargo() {
    // A build script's run replaces the `cargo:rerun-if-changed` set of its previous run: a run
    // skipped by the lock file (build.rs touched, a tracked variable changed) must name the
    // metadata and its references again, or cargo stops watching them and an edited referenced
    // document leaves the generated code stale.
    let dir = temp_dir("skip-inputs");
    std::fs::create_dir_all(dir.join("meta")).expect("mkdir");
    std::fs::write(
        dir.join("meta/main.xml"),
        CSDL.replace(
            "<edmx:DataServices>",
            r#"<edmx:Reference Uri="types.xml"><edmx:Include Namespace="t"/></edmx:Reference>
  <edmx:DataServices>"#,
        )
        .replace(
            r#"<Property Name="id" Type="Edm.String" Nullable="false"/>"#,
            r#"<Property Name="id" Type="Edm.String" Nullable="false"/><Property Name="at" Type="t.where"/>"#,
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("meta/types.xml"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<ComplexType Name="where"><Property Name="street" Type="Edm.String"/></ComplexType></Schema>
</edmx:DataServices></edmx:Edmx>
"#,
    )
    .expect("write");
    let config = Config::new()
        .metadata(dir.join("meta/main.xml"))
        .crate_name("things")
        .cargo_rerun_if_changed(true);
    let first = config.generate(dir.join("out")).expect("generates");
    assert!(first.rendered.is_some());
    let expected = [dir.join("meta/main.xml"), dir.join("meta/types.xml")];
    assert_eq!(first.inputs, expected);
    let second = config.generate(dir.join("out")).expect("generates");
    assert!(second.rendered.is_none(), "skipped by the lock file");
    assert_eq!(second.inputs, expected, "a skipped run names the same inputs");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_referenced_document_that_appears_later_is_noticed() {
    // A reference that is not found is skipped (note N0001); once the document is put where it
    // was looked for, the output changes: the lock must not call the old output up to date, and
    // cargo must be told to watch the folders it was looked in.
    let dir = temp_dir("appearing-reference");
    std::fs::create_dir_all(dir.join("meta")).expect("mkdir");
    std::fs::create_dir_all(dir.join("refs")).expect("mkdir");
    std::fs::write(
        dir.join("meta/main.xml"),
        CSDL.replace(
            "<edmx:DataServices>",
            r#"<edmx:Reference Uri="https://example.com/$metadata/extra.xml"><edmx:Include Namespace="extra"/></edmx:Reference>
  <edmx:DataServices>"#,
        ),
    )
    .expect("write");
    let config = Config::new()
        .metadata(dir.join("meta/main.xml"))
        .references(dir.join("refs"))
        .crate_name("things")
        .cargo_rerun_if_changed(true);
    let first = config.generate(dir.join("out")).expect("generates");
    let notes: Vec<&str> = first.rendered.as_ref().expect("rendered").diagnostics.iter().map(|d| d.code).collect();
    assert!(notes.contains(&"N0001"), "{notes:?}");
    assert!(first.absent.contains(&dir.join("meta/extra.xml")), "{:?}", first.absent);
    assert!(first.absent.contains(&dir.join("refs/extra.xml")), "{:?}", first.absent);
    let lock = std::fs::read_to_string(dir.join("out/odatagen.lock")).expect("lock");
    assert!(lock.contains("absent = ["), "{lock}");
    let second = config.generate(dir.join("out")).expect("generates");
    assert!(second.rendered.is_none(), "skipped by the lock file while nothing appeared");
    assert_eq!(second.absent, first.absent, "a skipped run names the same absent files");
    std::fs::write(
        dir.join("refs/extra.xml"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="extra" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<ComplexType Name="note"><Property Name="text" Type="Edm.String"/></ComplexType></Schema>
</edmx:DataServices></edmx:Edmx>
"#,
    )
    .expect("write");
    assert!(!config.is_up_to_date(&dir.join("out")), "a looked-for document appeared");
    let third = config.generate(dir.join("out")).expect("generates");
    assert!(third.rendered.is_some(), "generated again");
    assert!(third.inputs.contains(&dir.join("refs/extra.xml")), "{:?}", third.inputs);
    assert!(third.absent.is_empty(), "{:?}", third.absent);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn other_reference_folders_are_not_skipped_by_the_lock() {
    // The same main document read with another `references` folder may resolve a reference to
    // another document: the lock must not call that output up to date (generate skipped it and
    // kept the old types while `check` called it stale).
    let dir = temp_dir("reference-folders");
    std::fs::create_dir_all(dir.join("meta")).expect("mkdir");
    std::fs::write(
        dir.join("meta/main.xml"),
        CSDL.replace(
            "<edmx:DataServices>",
            r#"<edmx:Reference Uri="http://example.com/schemas/t.xml"><edmx:Include Namespace="t"/></edmx:Reference>
  <edmx:DataServices>"#,
        )
        .replace(
            r#"<Property Name="id" Type="Edm.String" Nullable="false"/>"#,
            r#"<Property Name="id" Type="Edm.String" Nullable="false"/><Property Name="at" Type="t.where"/>"#,
        ),
    )
    .expect("write");
    for (folder, property) in [("r1", "street"), ("r2", "avenue")] {
        std::fs::create_dir_all(dir.join(folder)).expect("mkdir");
        std::fs::write(
            dir.join(folder).join("t.xml"),
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<ComplexType Name="where"><Property Name="{property}" Type="Edm.String"/></ComplexType></Schema>
</edmx:DataServices></edmx:Edmx>
"#
            ),
        )
        .expect("write");
    }
    let config = |folder: &str| {
        Config::new()
            .metadata(dir.join("meta/main.xml"))
            .references(dir.join(folder))
            .crate_name("things")
    };
    let out = dir.join("out");
    config("r1").generate(&out).expect("generates");
    assert!(config("r1").generate(&out).expect("generates").rendered.is_none(), "same folder: skipped");
    let g = config("r2").generate(&out).expect("generates");
    assert!(g.rendered.is_some(), "another folder is another input");
    let (_, stale) = config("r2").check(&out).expect("checks");
    assert!(stale.is_empty(), "{stale:?}");
    let lock = std::fs::read_to_string(out.join("odatagen.lock")).expect("lock");
    assert!(lock.contains("references=meta/../r2"), "relative to the main document: {lock}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn is_up_to_date_agrees_with_the_skip_of_generate() {
    // `generate` names the metadata relative to the directory holding the output (the temporary
    // directory here, not the current one): `is_up_to_date` must read the lock the same way.
    let dir = temp_dir("up-to-date");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = dir.join("out");
    let config = Config::new().metadata(&input).crate_name("things");
    assert!(!config.is_up_to_date(&out), "nothing generated yet");
    config.generate(&out).expect("generates");
    assert!(config.generate(&out).expect("generates").rendered.is_none(), "skipped");
    assert!(config.is_up_to_date(&out), "what generate skips is up to date");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_dangling_link_is_refused_and_nothing_is_left_beside_it() {
    let dir = temp_dir("dangling");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = dir.join("out");
    std::os::unix::fs::symlink(dir.join("nowhere"), &out).expect("symlink");
    let err = Config::new().metadata(&input).generate(&out).expect_err("refused");
    let d = &err.0[0];
    assert_eq!(d.code, "E0012");
    assert!(d.message.contains("symbolic link to") && d.message.contains("nowhere"), "{}", d.message);
    // The writer alone (a build script calling it with a path it resolved itself): the final
    // rename fails, and its staging tree does not stay behind.
    let files = [odatagen::emit::OutputFile { path: "src/lib.rs".into(), content: "//! Generated by odatagen\n".into() }];
    odatagen::writer::write(&out, &files).expect_err("a rename onto a dangling link fails");
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["m.xml", "out"], "nothing but the input and the link");
    assert!(std::fs::symlink_metadata(&out).expect("link").is_symlink());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_staging_is_removed_and_the_output_kept() {
    // A staging that fails part way (a full disk; here a file where the new output needs a
    // directory) must not stay behind beside the output, holding the space it took.
    use odatagen::emit::OutputFile;
    let dir = temp_dir("failed-staging");
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("src")).expect("mkdir");
    std::fs::write(out.join("src/x"), "in the way").expect("write");
    let files = [OutputFile { path: "src/x/y.rs".into(), content: "//! Generated by odatagen\n".into() }];
    let e = odatagen::writer::write(&out, &files).expect_err("src/x is a file");
    assert!(!dir.join(".out.odatagen-staging").exists(), "staging left behind after: {e}");
    assert_eq!(std::fs::read_to_string(out.join("src/x")).expect("kept"), "in the way");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_output_directory_that_is_a_mount_point_is_written_in_place() {
    // A container's volume mounted at the output path cannot be renamed (EBUSY): its files are
    // replaced one by one instead. Needs `mount --bind` (root, or a user namespace): skipped
    // where it is not permitted.
    let dir = temp_dir("mount-point");
    let (source, out) = (dir.join("volume"), dir.join("out"));
    std::fs::create_dir_all(&source).expect("mkdir");
    std::fs::create_dir_all(&out).expect("mkdir");
    let mounted = std::process::Command::new("mount")
        .args(["--bind"])
        .arg(&source)
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: mount --bind is not permitted here");
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let config = Config::new().metadata(&input).crate_name("things");
    let first = config.generate(&out);
    let changed = CSDL.replace(r#"Nullable="false"/>"#, r#"Nullable="false"/><Property Name="n" Type="Edm.Int32"/>"#);
    std::fs::write(&input, changed).expect("write");
    let second = config.generate(&out);
    let stale = config.check(&out).map(|(_, stale)| stale);
    let _ = std::process::Command::new("umount").arg(&out).status();
    first.expect("generates into the mount point");
    let second = second.expect("regenerates in place");
    assert_eq!(second.report.written.len(), 3, "{:?}", second.report.written);
    assert!(stale.expect("checks").is_empty());
    assert!(source.join("src/models/thing.rs").is_file(), "written into the mounted volume");
    assert!(!dir.join(".out.odatagen-staging").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn crlf_line_ends_of_a_checkout_leave_the_output_up_to_date() {
    // git's `core.autocrlf` (Windows) checks the metadata out with CRLF line ends: the same
    // document, the same code, so `check` must pass and the lock must skip the run.
    let dir = temp_dir("crlf");
    let input = dir.join("m.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = dir.join("out");
    let config = Config::new().metadata(&input).crate_name("things");
    config.generate(&out).expect("generates");
    std::fs::write(&input, CSDL.replace('\n', "\r\n")).expect("write");
    let (_, stale) = config.check(&out).expect("checks");
    assert!(stale.is_empty(), "{stale:?}");
    assert!(config.generate(&out).expect("generates").rendered.is_none(), "skipped");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_generated_package_takes_a_version_a_license_and_publish() {
    // A crate to publish needs its own version and license (a hand edit of `Cargo.toml` would
    // be overwritten, and `check` would call it stale): `odatagen.toml` keys, `Config` methods
    // and `generate` flags. They are options of the lock, so changing one regenerates.
    let dir = temp_dir("package");
    std::fs::write(dir.join("m.xml"), CSDL).expect("write");
    std::fs::write(
        dir.join("odatagen.toml"),
        "metadata = \"m.xml\"\nout = \"out\"\ncrate-name = \"things\"\nversion = \"2.1.0-rc.1\"\nlicense = \"MIT OR Apache-2.0\"\npublish = true\ndescription = \"Things of the \\\"things\\\" service\"\nrepository = \"https://example.com/things\"\n",
    )
    .expect("config");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_odatagen"))
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("runs")
    };
    let out = run(&[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(dir.join("out/Cargo.toml")).expect("read")).expect("TOML");
    let package = &manifest["package"];
    assert_eq!(package["version"].as_str(), Some("2.1.0-rc.1"));
    assert_eq!(package["license"].as_str(), Some("MIT OR Apache-2.0"));
    assert_eq!(package["publish"].as_bool(), Some(true));
    assert_eq!(package["description"].as_str(), Some("Things of the \"things\" service"));
    assert_eq!(package["repository"].as_str(), Some("https://example.com/things"));
    let readme = std::fs::read_to_string(dir.join("out/README.md")).expect("read");
    assert!(readme.contains("odatagen's MIT") && readme.contains("`MIT OR Apache-2.0`"), "{readme}");
    // The same settings as flags: up to date; another version is another output.
    let same = ["check", "--metadata", "m.xml", "--out", "out", "--crate-name", "things", "--crate-version", "2.1.0-rc.1", "--license", "MIT OR Apache-2.0", "--publish", "--description", "Things of the \"things\" service", "--repository", "https://example.com/things"];
    let check = run(&same);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let mut other = same;
    other[8] = "2.1.0-rc.2";
    let check = run(&other);
    assert_eq!(check.status.code(), Some(1), "{}", String::from_utf8_lossy(&check.stderr));
    for (flag, bad) in [("--description", "two\nlines"), ("--repository", "github.com/me/things"), ("--repository", "ftp://example.com/x")] {
        let out = run(&["generate", "--metadata", "m.xml", "--out", "out", "--crate-name", "things", flag, bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0014]"), "{bad}");
    }
    // Versions cargo would refuse are errors, before anything is written.
    for bad in ["1.2", "01.2.3", "1.2.3-", "v1.2.3"] {
        let out = run(&["generate", "--metadata", "m.xml", "--out", "out", "--crate-name", "things", "--crate-version", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0014]"), "{bad}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concurrent_writes_into_one_output_each_succeed_and_leave_one_whole_tree() {
    // Two build scripts (or tests) generating into the same directory at once: each run's write
    // waits for the other's swap instead of removing its staging tree or "repairing" its swap.
    use odatagen::emit::OutputFile;
    let dir = temp_dir("concurrent");
    let out = dir.join("out");
    let tree = |k: usize| -> Vec<OutputFile> {
        (0..40)
            .map(|i| OutputFile {
                path: format!("src/m{i}.rs").into(),
                content: format!("//! Generated by odatagen\n// writer {k}\n"),
            })
            .collect()
    };
    let results: Vec<std::io::Result<odatagen::writer::WriteReport>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|k| {
                let (out, files) = (&out, tree(k));
                s.spawn(move || {
                    let mut last = Ok(Default::default());
                    for _ in 0..5 {
                        last = odatagen::writer::write(out, &files);
                        if last.is_err() {
                            break;
                        }
                    }
                    last
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("no panic")).collect()
    });
    for r in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    // One writer's tree, whole.
    let first = std::fs::read_to_string(out.join("src/m0.rs")).expect("written");
    for i in 0..40 {
        assert_eq!(std::fs::read_to_string(out.join(format!("src/m{i}.rs"))).expect("written"), first);
    }
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["out"], "no staging or previous tree left beside it");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concurrent_single_file_writes_into_one_directory_each_succeed() {
    // `emit = "single-file"` into `OUT_DIR`-like directories: runs writing the same file name
    // at once must not rename each other's temporary file away.
    use odatagen::emit::OutputFile;
    let dir = temp_dir("concurrent-files");
    let results: Vec<std::io::Result<odatagen::writer::WriteReport>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|k| {
                let dir = &dir;
                s.spawn(move || {
                    let files = [OutputFile { path: "models.rs".into(), content: format!("// writer {k}\n") }];
                    let mut last = Ok(Default::default());
                    for _ in 0..20 {
                        last = odatagen::writer::write_files(dir, &files);
                        if last.is_err() {
                            break;
                        }
                    }
                    last
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("no panic")).collect()
    });
    for r in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["models.rs"], "no temporary file left");
    let _ = std::fs::remove_dir_all(&dir);
}
