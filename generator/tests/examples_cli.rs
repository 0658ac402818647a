//! `odatagen examples`: findings with page, line, column and JSON path, on the seed pages, crafted
//! pages and the docs corpus, run on the built binary.


mod common;
use common::{root, run};

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    let mut a = vec!["examples", "--format", "json"];
    a.extend_from_slice(args);
    let out = run(&a);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (v, out.status.code().unwrap_or(-1))
}

/// (page file name, line, column, kind, path, suggestion)
type Row = (String, u64, u64, String, String, Option<String>);

fn rows(v: &serde_json::Value) -> Vec<Row> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let page = f["page"].as_str().unwrap_or_default();
            (
                page.rsplit('/').next().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["kind"].as_str().unwrap_or_default().to_owned(),
                f["path"].as_str().unwrap_or_default().to_owned(),
                f["suggestion"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn r(page: &str, line: u64, col: u64, kind: &str, path: &str, sugg: Option<&str>) -> Row {
    (
        page.to_owned(),
        line,
        col,
        kind.to_owned(),
        path.to_owned(),
        sugg.map(str::to_owned),
    )
}

#[test]
fn examples_stated_in_an_openapi_document() {
    // No pages: the document's own `example`s and `examples` (of schemas, properties, request
    // and response bodies, through a `$ref` to `components/examples`) are the blocks, each
    // checked against the type it illustrates; findings point at the example value, the path
    // says where inside it.
    let (v, code) = json(&["--metadata", "tests/fixtures/examples/openapi.yaml"]);
    let p = "openapi.yaml";
    assert_eq!(
        rows(&v),
        [
            // A bare array is expected (not an OData `value` wrapper). (`owner: null` in the
            // clean one is fine: `Owner` allows `null` itself.)
            r(p, 20, 26, "not-an-array", "$", None),
            r(p, 37, 24, "invalid-enum-member", "$.kind", Some("cat")),
            r(p, 37, 24, "invalid-lexical-form", "$.born", None),
            // `null` for an array: fine where the array says `nullable` (`tags`), not elsewhere.
            r(p, 37, 24, "null-not-allowed", "$.toys", None),
            // Referenced twice (`shared`, `again`), found once.
            r(p, 41, 14, "unknown-property", "$.knid", Some("kind")),
            // A property's own example (`born: {format: date, example: yesterday}`).
            r(p, 49, 53, "invalid-lexical-form", "$", None),
            // An array of arrays is checked to its innermost items.
            r(p, 51, 84, "invalid-lexical-form", "$[1][1]", None),
            r(p, 58, 16, "invalid-lexical-form", "$.weight", None),
            // Presence follows `required` (`name`), not nullability (`kind` may be absent).
            r(p, 58, 16, "missing-property", "$", None),
        ]
    );
    // The clean examples (the two-pet array among them) count as blocks without findings.
    assert_eq!(v["summary"]["blocks"], 7);
    assert_eq!(code, 1);
    // Also in a document read as OData-flavoured (a `$filter` parameter, an `@odata.etag`
    // member): only the required
    // `id` is missing from an example, not the non-nullable `size`.
    // Media type examples written as strings holding JSON are checked as that JSON: the clean
    // one has no finding; the other's misspelled member and offset without its colon (which
    // the models read, but which is not the OData or RFC 3339 form) are reported.
    let (v, _) = json(&["--metadata", "tests/fixtures/examples/openapi-escaped.yaml"]);
    let p = "openapi-escaped.yaml";
    assert_eq!(
        rows(&v),
        [
            r(p, 23, 24, "invalid-lexical-form", "$.created", None),
            r(p, 23, 24, "unknown-property", "$.crated", Some("created")),
        ]
    );
    assert_eq!(v["summary"]["blocks"], 2);
    let (v, _) = json(&["--metadata", "tests/fixtures/examples/openapi-filter.yaml"]);
    assert_eq!(
        rows(&v),
        [r(
            "openapi-filter.yaml",
            18,
            36,
            "missing-property",
            "$",
            None
        )]
    );
}

#[test]
fn seed_pages() {
    let (v, code) = json(&[
        "--metadata",
        "metadata/graph/beta-USSec.csdl",
        "tests/fixtures/seed/credentialuserregistrationcount-resource.md",
        "tests/fixtures/seed/reportroot-getcredentialuserregistrationcount.md",
        "tests/fixtures/seed/userregistrationcount-resource.md",
        "tests/fixtures/seed/000_9865bf5f908030b7.txt",
    ]);
    let p = "000_9865bf5f908030b7.txt";
    let rr = "reportroot-getcredentialuserregistrationcount.md";
    assert_eq!(
        rows(&v),
        vec![
            r(
                p,
                76,
                29,
                "invalid-enum-member",
                "$.userRegistrationCounts[0].registrationStatus",
                None
            ),
            r(
                p,
                96,
                1,
                "unknown-type",
                "$",
                Some("microsoft.graph.credentialUserRegistrationCount")
            ),
            r(
                p,
                103,
                29,
                "invalid-enum-member",
                "$.userRegistrationCounts[0].registrationStatus",
                None
            ),
            r(
                rr,
                112,
                11,
                "unknown-property",
                "$.value[0].userRegistrationCounts[0].userRegistrationStatus",
                Some("registrationStatus")
            ),
            r(
                rr,
                113,
                11,
                "unknown-property",
                "$.value[0].userRegistrationCounts[0].userRegistationCount",
                Some("registrationCount")
            ),
            // The resource page's `"String"` is a placeholder, not a misspelled member.
            r(
                "userregistrationcount-resource.md",
                40,
                24,
                "placeholder",
                "$.registrationStatus",
                None
            ),
        ]
    );
    assert_eq!(v["summary"]["blocks"], 5);
    assert_eq!(v["summary"]["by_kind"]["invalid-enum-member"], 2);
    assert_eq!(code, 1);
}

#[test]
fn seed_pages_human_output() {
    let out = run(&[
        "examples",
        "--metadata",
        "metadata/graph/beta-USSec.csdl",
        "tests/fixtures/seed/reportroot-getcredentialuserregistrationcount.md",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text,
        "tests/fixtures/seed/reportroot-getcredentialuserregistrationcount.md:112:11: unknown-property: `userRegistrationStatus` is not a property of `microsoft.graph.userRegistrationCount` at $.value[0].userRegistrationCounts[0].userRegistrationStatus (did you mean `registrationStatus`?)
tests/fixtures/seed/reportroot-getcredentialuserregistrationcount.md:113:11: unknown-property: `userRegistationCount` is not a property of `microsoft.graph.userRegistrationCount` at $.value[0].userRegistrationCounts[0].userRegistationCount (did you mean `registrationCount`?)
2 findings in 1 block: 2 unknown-property
"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn crafted_page_every_kind() {
    let (v, code) = json(&[
        "--metadata",
        "tests/fixtures/examples/model.xml",
        "tests/fixtures/examples/crafted.md",
    ]);
    let p = "crafted.md";
    assert_eq!(
        rows(&v),
        vec![
            r(p, 27, 16, "invalid-json", "$", None),
            r(p, 36, 3, "invalid-json", "$", None),
            r(p, 46, 9, "invalid-lexical-form", "$.id", None),
            r(p, 47, 13, "invalid-lexical-form", "$.placed", None),
            r(p, 48, 10, "invalid-lexical-form", "$.due", None),
            r(p, 49, 13, "invalid-lexical-form", "$.window", None),
            r(p, 50, 12, "invalid-enum-member", "$.color", Some("red")),
            r(p, 51, 11, "wrong-json-type", "$.paid", None),
            r(p, 52, 12, "wrong-json-type", "$.items", None),
            r(p, 60, 1, "unknown-type", "$", Some("shop.order")),
            r(p, 67, 22, "not-derived", "$.items[0].@odata.type", None),
            r(p, 67, 36, "unknown-property", "$.items[0].text", None),
            r(
                p,
                68,
                22,
                "unknown-odata-type",
                "$.items[1].@odata.type",
                Some("shop.note")
            ),
            r(
                p,
                69,
                31,
                "unknown-property",
                "$.items[2].cout",
                Some("count")
            ),
            r(p, 78, 1, "missing-value-wrapper", "$", None),
            r(p, 83, 3, "unexpected-value-wrapper", "$.value", None),
            r(p, 90, 1, "missing-property", "$", None),
            r(p, 100, 24, "null-not-allowed", "$.count", None),
            // `#shop.ship` and `#s.ship` advertise the bound action; `previous` is an entity
            // reference (no missing properties); `extra` allows additional properties.
            r(p, 112, 3, "unknown-operation", "$.#shop.sink", None),
            // `extra` is open: `Size` and `itemCont` would be dynamic properties, but they are
            // `size` in another case and `itemCount` one edit away.
            r(p, 114, 75, "likely-misspelled-property", "$.extra.Size", Some("size")),
            r(p, 114, 86, "likely-misspelled-property", "$.extra.itemCont", Some("itemCount")),
        ]
    );
    let msgs: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs[0], "invalid JSON: Trailing commas are not allowed");
    assert_eq!(msgs[1], "invalid JSON: Comments are not allowed");
    assert_eq!(code, 1);
}

#[test]
fn clean_block_exit_0() {
    let dir = std::env::temp_dir().join(format!("odatagen-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("clean.md");
    let text = std::fs::read_to_string(root().join("tests/fixtures/examples/crafted.md")).unwrap();
    // Only the first block (clean).
    let end = text.find("Trailing comma:").unwrap();
    std::fs::write(&page, &text[..end]).unwrap();
    let (v, code) = json(&[
        "--metadata",
        "tests/fixtures/examples/model.xml",
        page.to_str().unwrap(),
    ]);
    assert_eq!(v["summary"]["findings"], 0, "{v}");
    assert_eq!(v["summary"]["blocks"], 1);
    assert_eq!(code, 0);
    std::fs::remove_dir_all(&dir).ok();
}

/// The committed report's table equals a fresh run on the docs corpus.
#[test]
fn docs_corpus_matches_committed_report() {
    let (v, _) = json(&[
        "--metadata",
        "metadata/graph/v1.0-2021-07-13.xml",
        "tests/fixtures/graph-docs/graph-docs-v1-visible.jsonl",
    ]);
    assert_eq!(v["summary"]["blocks"], 1047);
    let report =
        std::fs::read_to_string(root().join("tests/fixtures/graph-docs/examples-report.md"))
            .unwrap();
    let mut table = serde_json::Map::new();
    for line in report.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if let [_, kind, n, _] = cells.as_slice()
            && let (Some(kind), Ok(n)) = (
                kind.strip_prefix('`').and_then(|k| k.strip_suffix('`')),
                n.parse::<u64>(),
            )
        {
            table.insert(kind.to_owned(), n.into());
        }
    }
    assert!(table.len() >= 8, "report table: {table:?}");
    assert_eq!(v["summary"]["by_kind"], serde_json::Value::Object(table));
    // Invalid JSON agrees with an independent parser: the records' `parse_ok` (Python's `json`).
    let corpus = std::fs::read_to_string(
        root().join("tests/fixtures/graph-docs/graph-docs-v1-visible.jsonl"),
    )
    .unwrap();
    let mut not_ok: Vec<(String, u64)> = corpus
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["parse_ok"] == false)
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_owned(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    not_ok.sort();
    let (mut invalid, mut pages): (Vec<(String, u64)>, Vec<String>) = (Vec::new(), Vec::new());
    for f in v["findings"].as_array().unwrap() {
        if f["kind"] == "invalid-json" {
            pages.push(f["page"].as_str().unwrap().to_owned());
        }
    }
    for (file, line) in &not_ok {
        if pages.contains(file) {
            invalid.push((file.clone(), *line));
        }
    }
    assert_eq!(invalid, not_ok);
    assert_eq!(pages.len(), not_ok.len());
    // The seed's kinds of mistakes are there in the docs too.
    let f = v["findings"].as_array().unwrap();
    assert!(f.iter().any(|f| f["kind"] == "invalid-json"
        && f["message"] == "invalid JSON: Trailing commas are not allowed"));
}

#[test]
fn directory_stands_for_its_markdown_pages() {
    let (v, code) = json(&[
        "--metadata",
        "metadata/graph/beta-USSec.csdl",
        "tests/fixtures/seed",
    ]);
    // The three `.md` pages (the `.txt` page is not Markdown by name).
    assert_eq!(v["summary"]["blocks"], 3);
    assert_eq!(v["summary"]["by_kind"]["unknown-property"], 2);
    assert_eq!(v["summary"]["by_kind"]["placeholder"], 1);
    assert_eq!(code, 1);
}

#[test]
fn primitive_annotation_suggests_the_edm_name() {
    let (v, _) = json(&[
        "--metadata",
        "metadata/graph/v1.0-2021-07-13.xml",
        "tests/fixtures/graph-docs/graph-docs-v1-visible.jsonl",
    ]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["page"] == "api-reference/v1.0/api/directoryobject-getmembergroups.md")
        .expect("finding on getmembergroups");
    assert_eq!(f["kind"], "unknown-type");
    assert_eq!(f["suggestion"], "Edm.String");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(96), Some(1))
    );
}

/// OData V1–V3 payloads are checked in their own JSON forms: the `d` envelope, `results`
/// collections, deferred links, `__metadata` and quoted numbers are not findings; real mistakes
/// still are.
#[test]
fn legacy_v2_payloads_are_checked_in_their_json_forms() {
    use odatagen::examples_check::{blocks_of_jsonl, check};
    let (model, _) = odatagen::frontend::csdl::load(&root().join("tests/fixtures/csdl/legacy_v2.xml"))
        .expect("V2 metadata loads");
    let record = |json: &str, collection: bool| {
        serde_json::json!({"file": "v2", "line": 1, "blockType": "response",
            "odata_type": "Legacy.Order", "isCollection": collection, "truncated": false,
            "json": json})
        .to_string()
    };
    let clean = r#"{"d":{"results":[{"__metadata":{"uri":"u","type":"Legacy.RushOrder"},"ID":"1","Placed":"/Date(1700000000000)/","Window":"PT13H20M","Weight":"1.5E+01","Deadline":"/Date(1700000000000+0060)/","Customer":{"__deferred":{"uri":"c"}},"Lines":{"results":[{"No":1,"Order":{"__deferred":{"uri":"o"}}}]}},{"ID":2,"Lines":{"__deferred":{"uri":"l"}}}],"__count":"2","__next":"n"}}"#;
    let v1 = r#"{"d":[{"ID":"3","Placed":"2024-01-01T00:00:00","Lines":[]}]}"#;
    let wrong = r#"{"d":{"__metadata":{"type":"Legacy.Order"},"ID":"12x","Placed":"yesterday","Weigth":"1","Lines":"none"}}"#;
    let empty = r#"{"d":{"ID":"5"}}"#;
    let text = [record(clean, true), record(v1, true), record(wrong, false), record(empty, true)].join("\n");
    let (blocks, bad) = blocks_of_jsonl(&text);
    assert!(bad.is_empty(), "{bad:?}");
    let findings = check(&model, &blocks);
    let found: Vec<(&str, &str)> = findings.iter().map(|f| (f.kind, f.path.as_str())).collect();
    // The findings are the third record's, and the fourth's (a collection without `results`).
    assert_eq!(
        found,
        [
            ("missing-value-wrapper", "$"),
            ("invalid-lexical-form", "$.ID"),
            ("invalid-lexical-form", "$.Placed"),
            ("unknown-property", "$.Weigth"),
            ("wrong-json-type", "$.Lines"),
        ],
        "{findings:#?}"
    );
    // Worded in V1–V3 terms.
    assert!(findings[0].message.contains("no `results` array"), "{}", findings[0].message);
}

/// A discriminator other than `@odata.type` (plain OpenAPI and Swagger 2.0 polymorphism): its
/// value picks the derived type an example is checked as, at the top and inside other values.
#[test]
fn discriminators_pick_the_type_examples_are_checked_as() {
    let (v, code) = json(&["--metadata", "tests/fixtures/examples/discriminated.yaml"]);
    let p = "discriminated.yaml";
    assert_eq!(
        rows(&v),
        [
            r(p, 28, 14, "unknown-property", "$.c.n", None),
            r(p, 28, 14, "wrong-json-type", "$.b.n", None),
        ]
    );
    assert_eq!((v["summary"]["blocks"].as_u64(), code), (Some(2), 1));
}

/// `--ieee754-compatible`: V4 Int64 values as strings are accepted (the form crates generated
/// with the same option read); without it each is a `wrong-json-type`. Malformed ones stay
/// findings either way.
#[test]
fn ieee754_compatible_int64_strings() {
    let dir = std::env::temp_dir().join(format!("odatagen-examples-ieee-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let record = |json: &str| {
        serde_json::json!({"file": "p", "line": 1, "blockType": "response",
            "odata_type": "test.ieee.account", "isCollection": false, "truncated": false,
            "json": json})
        .to_string()
    };
    let good = r#"{"id":"9007199254740993","balance":"12.50","visits":"7","usage":{"bytes":42,"samples":["1",2]}}"#;
    let bad = r#"{"id":"12x","usage":{"samples":["1.5"]}}"#;
    let file = dir.join("payloads.jsonl");
    std::fs::write(&file, [record(good), record(bad)].join("\n")).expect("write");
    let metadata = root().join("tests/fixtures/features/ieee754.xml");
    let (m, f) = (metadata.to_str().expect("utf-8"), file.to_str().expect("utf-8"));
    // Both records are line 1 of page `p`: compared in (kind, path) order.
    let kinds = |v: &serde_json::Value| -> Vec<(String, String)> {
        let mut k: Vec<(String, String)> = rows(v).into_iter().map(|r| (r.3, r.4)).collect();
        k.sort();
        k
    };
    let (plain, code) = json(&["--metadata", m, f]);
    assert_eq!(code, 1);
    assert_eq!(
        kinds(&plain),
        [
            ("wrong-json-type", "$.id"),
            ("wrong-json-type", "$.id"),
            ("wrong-json-type", "$.usage.samples[0]"),
            ("wrong-json-type", "$.usage.samples[0]"),
            ("wrong-json-type", "$.visits"),
        ]
        .map(|(k, p)| (k.to_owned(), p.to_owned())),
        "{plain:#}"
    );
    let (compatible, code) = json(&["--ieee754-compatible", "--metadata", m, f]);
    assert_eq!(code, 1);
    assert_eq!(
        kinds(&compatible),
        [
            ("invalid-lexical-form", "$.id"),
            ("invalid-lexical-form", "$.usage.samples[0]"),
        ]
        .map(|(k, p)| (k.to_owned(), p.to_owned())),
        "{compatible:#}"
    );
    // Without `--metadata`, the config file's metadata and `ieee754-compatible` (as the crate
    // generated from it reads payloads).
    let config = dir.join("odatagen.toml");
    let toml = |extra: &str| {
        format!("metadata = {:?}\nout = \"gen\"\ncrate-name = \"ieee\"\n{extra}", metadata.to_str().expect("utf-8"))
    };
    std::fs::write(&config, toml("ieee754-compatible = true\n")).expect("write");
    let cfg = config.to_str().expect("utf-8");
    let (from_config, code) = json(&["--config", cfg, f]);
    assert_eq!((code, kinds(&from_config)), (1, kinds(&compatible)), "{from_config:#}");
    std::fs::write(&config, toml("")).expect("write");
    let (from_config, _) = json(&["--config", cfg, f]);
    assert_eq!(kinds(&from_config), kinds(&plain), "{from_config:#}");
    // No metadata and no config file: exit 2, saying what to do.
    let out = run(&["examples", "--config", dir.join("none.toml").to_str().expect("utf-8"), f]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `const: null` allows `null` as `type: 'null'` does (it was a `null-not-allowed`), on a
/// property and as the "or null" branch of a `oneOf`; `null` for a property that does not allow
/// it is still reported.
#[test]
fn const_null_allows_null() {
    let (v, code) = json(&["--metadata", "tests/fixtures/examples/const-null.yaml"]);
    assert_eq!(
        rows(&v),
        [r("const-null.yaml", 22, 11, "null-not-allowed", "$.strict", None)]
    );
    assert_eq!((v["summary"]["blocks"].as_u64(), code), (Some(2), 1));
}

/// A `type` list of several types (`type: [integer, string]`) is a union: an example may hold a
/// value of any of them (it used to be checked as the first type only: `"five"` was a
/// `wrong-json-type` for `integer`).
#[test]
fn type_lists_accept_every_listed_type() {
    let (v, code) = json(&["--metadata", "tests/fixtures/openapi/multi_type_array.yaml"]);
    assert_eq!(rows(&v), []);
    assert_eq!((v["summary"]["blocks"].as_u64(), code), (Some(2), 0));
}

/// A union without a discriminator (`oneOf` of two objects, a `type` list) takes a value that fits
/// one alternative; a value that fits none is a `no-matching-alternative` finding followed by the
/// findings of the closest alternative (they were not checked at all). A map's values are checked
/// against its value type.
#[test]
fn union_values_fit_an_alternative_and_map_values_their_type() {
    let (v, code) = json(&["--metadata", "tests/fixtures/examples/unions.yaml"]);
    assert_eq!(
        rows(&v),
        [
            r("unions.yaml", 32, 11, "no-matching-alternative", "$.idOrName", None),
            r("unions.yaml", 32, 11, "no-matching-alternative", "$.pet", None),
            r("unions.yaml", 32, 11, "wrong-json-type", "$.idOrName", None),
            r("unions.yaml", 32, 11, "wrong-json-type", "$.pet.bark", None),
            r("unions.yaml", 32, 11, "wrong-json-type", "$.scores.a", None),
        ]
    );
    assert_eq!((v["summary"]["blocks"].as_u64(), code), (Some(3), 1));
}

/// A request block without `@odata.type` is checked as the entity type its request line sends
/// (a `POST` to an entity set, a `PATCH` of an entity: the URL resolved from the container after
/// the service root's own segments); the blocks whose type stays unknown (an action's
/// parameters, a path naming nothing) are counted and listed, not passed over in silence.
#[test]
fn request_blocks_are_checked_as_their_request_line_says() {
    let (v, code) = json(&["--metadata", "tests/fixtures/examples/model.xml", "tests/fixtures/examples/requests.md"]);
    let p = "requests.md";
    assert_eq!(
        rows(&v),
        [
            r(p, 11, 11, "wrong-json-type", "$.paid", None),
            r(p, 12, 3, "unknown-property", "$.colour", Some("color")),
            r(p, 24, 12, "invalid-enum-member", "$.color", None),
        ]
    );
    assert_eq!((v["summary"]["blocks"].as_u64(), v["summary"]["untyped_blocks"].as_u64(), code), (Some(4), Some(2), 1));
    // A wrong JSON type quotes the value found.
    assert_eq!(v["findings"][0]["message"], r#"expected a boolean (Edm.Boolean), found the string "yes""#);
    let out = run(&["examples", "--metadata", "tests/fixtures/examples/model.xml", "tests/fixtures/examples/requests.md"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 blocks name no type") && text.contains("requests.md:35\n") && text.contains("requests.md:45\n"), "{text}");
}
