//! `odatagen examples`: check the JSON examples of API pages against the metadata (the IR
//! [`Model`]), not against generated Rust.
//!
//! Blocks come from [`crate::examples::extract`] (Markdown pages) or from JSON Lines records
//! (one block per line, as in `tests/fixtures/graph-docs/`). Each finding names the page, the line
//! and column in the page, and the JSON path (`$.value[0].registrationStatus`).
//!
//! | kind | what |
//! |---|---|
//! | `invalid-json` | the block is not strict JSON (trailing comma, comment, ...); checks go on if a lenient parse succeeds |
//! | `unknown-type` | the annotation's `@odata.type` names no type of the metadata |
//! | `unknown-odata-type` | an `@odata.type` member names no type |
//! | `not-derived` | an `@odata.type` member names a type not derived from the expected one |
//! | `unknown-property` | a member that is no property of the type (with "did you mean") |
//! | `likely-misspelled-property` | a member of an open type that is no declared property but differs from one only by case or by one or two edits (it would be read as a dynamic property) |
//! | `wrong-json-type` | a value of the wrong JSON type (a string for a number, ...) |
//! | `null-not-allowed` | `null` for a non-nullable property |
//! | `invalid-enum-member` | a string that is no member of the enum (with "did you mean") |
//! | `invalid-lexical-form` | a Guid, date, time, duration, decimal or binary string not in its OData form |
//! | `missing-value-wrapper` | `isCollection` without a `value` array |
//! | `not-an-array` | a collection the metadata writes as a bare array (OpenAPI) that is not one |
//! | `unexpected-value-wrapper` | a `value` array wrapper on a block not annotated as a collection |
//! | `missing-property` | a non-nullable property (a `required` one where the input lists them: OpenAPI) missing from a block that is not `truncated` (requests are exempt: they send what they set; so are objects of annotations only: entity references, `@odata.id`, and stubs naming a type, `{"@odata.type": ...}`) |
//! | `no-matching-alternative` | a value that fits no alternative of a union (OpenAPI `oneOf`/`anyOf` without a discriminator, a `type` list): the findings of the closest alternative follow |
//! | `placeholder` | in a resource block, a type name where a value belongs (`"String (timestamp)"` for a date-time, `"Int32"`, the enum's own name) |
//! | `unknown-operation` | a `#namespace.name` member (an operation advertised in the payload, as in `"#Model.Reset": {"target": ...}`) that names no action or function |

mod lexical;

use crate::diagnostics::LineIndex;
use crate::examples::Example;
use crate::ir::select::qualify;
use crate::ir::*;
use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
use std::collections::{BTreeMap, HashMap};

/// One problem in one example block.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Finding {
    /// The page (file name as given, or the record's `file`).
    pub page: String,
    /// 1-based line in the page.
    pub line: usize,
    /// 1-based column in the page (characters).
    pub column: usize,
    /// Kind (see the module docs), e.g. `unknown-property`.
    pub kind: &'static str,
    /// JSON path of the value, `$` for the block itself.
    pub path: String,
    /// One-line message.
    pub message: String,
    /// The closest valid name, when there is one.
    pub suggestion: Option<String>,
}

impl Finding {
    /// `page:line:column: kind: message (at path)`.
    pub fn line_text(&self) -> String {
        let mut s = format!(
            "{}:{}:{}: {}: {} at {}",
            self.page, self.line, self.column, self.kind, self.message, self.path
        );
        if let Some(sugg) = &self.suggestion {
            s.push_str(&format!(" (did you mean `{sugg}`?)"));
        }
        s
    }
}

/// A block to check, with the page it came from.
#[derive(Clone, Debug)]
pub struct Block {
    /// Page name.
    pub page: String,
    /// The extracted example.
    pub example: Example,
    /// For a value stated inside the metadata: where it is and how its collections are written.
    pub embedded: Option<Embedded>,
}

/// A value stated inside the metadata (checked as its compact JSON, not as the document's text).
#[derive(Clone, Copy, Debug)]
pub struct Embedded {
    /// Column of the value (its line is the block's `example.line`): all its findings point
    /// there, and their JSON path says where in the value.
    pub column: usize,
    /// A collection is the array of a `value` member (OData); else the array itself.
    pub value_wrapped: bool,
}

/// Blocks of a Markdown page.
pub fn blocks_of_page(page: &str, text: &str) -> Vec<Block> {
    crate::examples::extract(text)
        .into_iter()
        .map(|example| Block {
            page: page.to_owned(),
            example,
            embedded: None,
        })
        .collect()
}

/// Blocks of the example values the metadata itself states ([`Model::examples`]: OpenAPI
/// `example` and `examples`), each with the type it illustrates.
pub fn blocks_of_model(model: &Model) -> Vec<Block> {
    // An example stated once and referenced by many operations (`$ref` to
    // `components/examples`) is checked once per type it must be.
    let mut seen = std::collections::HashSet::new();
    model
        .examples
        .iter()
        .filter(|e| seen.insert((e.span.file, e.span.line, e.span.column, e.ty)))
        .map(|e| {
            let name = match e.ty.target {
                crate::ir::Target::Named(id) => model.ty(id).qualified_name(),
                crate::ir::Target::Primitive(p) => p.edm_name().to_owned(),
            };
            let page = model
                .sources
                .get(e.span.file as usize)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            Block {
                page,
                example: Example {
                    block_type: "example".into(),
                    odata_type: Some(name),
                    is_collection: e.ty.collection,
                    truncated: false,
                    line: e.span.line as usize,
                    json: e.json.clone(),
                    http_line: None,
                },
                embedded: Some(Embedded {
                    column: e.span.column as usize,
                    value_wrapped: e.value_wrapped,
                }),
            }
        })
        .collect()
}

/// Blocks of a JSON Lines file of extracted examples: each record has `file`, `line` (the page
/// line of the block's first JSON line), `blockType`, `odata_type`, `isCollection`, `truncated`
/// and `json`. Records that are not objects with a `json` string are returned as errors (line
/// number in the `.jsonl` file, message).
pub fn blocks_of_jsonl(text: &str) -> (Vec<Block>, Vec<(usize, String)>) {
    let mut blocks = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                bad.push((i + 1, e.to_string()));
                continue;
            }
        };
        let Some(json) = rec.get("json").and_then(|v| v.as_str()) else {
            bad.push((i + 1, "record without a `json` string".into()));
            continue;
        };
        let s = |k: &str| rec.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let b = |k: &str| rec.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
        blocks.push(Block {
            page: s("file").unwrap_or_else(|| format!("record {}", i + 1)),
            example: Example {
                block_type: s("blockType").unwrap_or_default(),
                odata_type: s("odata_type"),
                is_collection: b("isCollection"),
                truncated: b("truncated"),
                line: rec
                    .get("line")
                    .and_then(|v| v.as_u64())
                    .map_or(1, |l| l as usize),
                json: json.to_owned(),
                http_line: s("start_line"),
            },
            embedded: None,
        });
    }
    (blocks, bad)
}

/// What the payloads may hold besides the metadata's own JSON format.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions {
    /// OData V4 Int64 values may be strings (`"42"`): payloads of a service answering with
    /// `IEEE754Compatible=true`, read by crates generated with `--ieee754-compatible`.
    pub ieee754_compatible: bool,
}

/// The findings of all blocks, sorted by page, line and column.
pub fn check(model: &Model, blocks: &[Block]) -> Vec<Finding> {
    check_with(model, blocks, CheckOptions::default())
}

/// [`check`] with [`CheckOptions`].
pub fn check_with(model: &Model, blocks: &[Block], options: CheckOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    let discriminated = discriminated(model);
    for b in blocks {
        Checker {
            model,
            options,
            discriminated: &discriminated,
            block: b,
            lines: LineIndex::new(b.example.json.as_bytes()),
            out: &mut out,
        }
        .run();
    }
    out.sort();
    out
}

/// The struct types that a discriminator member picks among (OpenAPI `discriminator` other than
/// `@odata.type`: a union `<Base>_any` of the base and the types derived from it): for each
/// such type, the member's name and the type each value picks.
type Discriminated = HashMap<TypeId, (String, Vec<(String, TypeId)>)>;

fn discriminated(model: &Model) -> Discriminated {
    let mut out = Discriminated::new();
    for td in &model.types {
        let TypeKind::Union(u) = &td.kind else { continue };
        let Some(member) = &u.discriminator else { continue };
        let picks: Vec<(String, TypeId)> = u
            .alternatives
            .iter()
            .filter_map(|a| match a.ty.target {
                Target::Named(t) if !a.ty.collection => Some(a.tags.iter().map(move |g| (g.clone(), t))),
                _ => None,
            })
            .flatten()
            .collect();
        for a in &u.alternatives {
            if let Target::Named(t) = a.ty.target
                && !a.ty.collection
                && model.ty(t).as_struct().is_some()
            {
                out.entry(t).or_insert_with(|| (member.clone(), picks.clone()));
            }
        }
    }
    out
}

/// Counts by kind, in kind order.
pub fn counts(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(f.kind).or_insert(0) += 1;
    }
    m
}

/// The entity type a request block without `@odata.type` sends, from its HTTP line: a `POST` to
/// a collection (`POST https://graph.microsoft.com/v1.0/me/events`: an `event`), a `PATCH` or
/// `PUT` of an entity. The URL's path is resolved from the entity container, dropping leading
/// segments (the service root's: `/v1.0`) until it resolves; `None` for operations, other
/// methods and paths that resolve to nothing.
pub fn request_body_type(model: &Model, ex: &Example) -> Option<TypeId> {
    if ex.block_type != "request" {
        return None;
    }
    let mut words = ex.http_line.as_deref()?.split_whitespace();
    let method = words.next()?.to_ascii_uppercase();
    let url = words.next()?;
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, p)| p),
        None => path,
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let resolved = (0..segments.len()).find_map(|k| crate::ir::path::resolve(model, &segments[k..].join("/")).ok())?;
    let (step, ty) = resolved.steps.last()?;
    if matches!(step, crate::ir::path::Step::Operations(_) | crate::ir::path::Step::Import(..)) {
        return None;
    }
    let ty = (*ty)?;
    let Target::Named(t) = ty.target else { return None };
    let entity = matches!(model.ty(t).kind, TypeKind::Entity(_));
    match method.as_str() {
        "POST" if ty.collection && entity => Some(t),
        "PATCH" | "PUT" if !ty.collection && model.ty(t).as_struct().is_some() => Some(t),
        _ => None,
    }
}

/// The blocks that name no type (no `@odata.type` in their annotation) and whose type cannot be
/// told from their request line either: only their objects that carry `@odata.type` are
/// checked.
pub fn untyped<'b>(model: &Model, blocks: &'b [Block]) -> Vec<&'b Block> {
    blocks
        .iter()
        .filter(|b| b.example.odata_type.is_none() && request_body_type(model, &b.example).is_none())
        .collect()
}

/// The report as JSON: `{"findings": [...], "summary": {"blocks", "untyped_blocks",
/// "findings", "by_kind"}}`.
pub fn to_json(model: &Model, findings: &[Finding], blocks: &[Block]) -> serde_json::Value {
    serde_json::json!({
        "findings": findings,
        "summary": {
            "blocks": blocks.len(),
            "untyped_blocks": untyped(model, blocks).len(),
            "findings": findings.len(),
            "by_kind": counts(findings),
        }
    })
}

/// The closest of `candidates` to `wanted`: a case-insensitive match first, then the best
/// spelling match (bigram similarity, which tolerates prefixes such as `user...`).
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let w = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let cl = c.to_lowercase();
        let score = if cl == w {
            2.0
        } else {
            strsim::sorensen_dice(&cl, &w).max(strsim::jaro_winkler(&cl, &w) - 0.2)
        };
        if score >= 0.7 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

/// What a value is expected to be.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Primitive(Primitive),
    Named(TypeId),
}

impl From<Target> for Expect {
    fn from(t: Target) -> Self {
        match t {
            Target::Primitive(p) => Expect::Primitive(p),
            Target::Named(n) => Expect::Named(n),
        }
    }
}

struct Checker<'a, 'o> {
    model: &'a Model,
    options: CheckOptions,
    discriminated: &'a Discriminated,
    block: &'a Block,
    lines: LineIndex,
    out: &'o mut Vec<Finding>,
}

impl Checker<'_, '_> {
    fn push(
        &mut self,
        offset: usize,
        kind: &'static str,
        path: &str,
        message: String,
        suggestion: Option<String>,
    ) {
        let json = self.block.example.json.as_bytes();
        let (line, column) = match self.block.embedded {
            Some(e) => (self.block.example.line, e.column),
            None => {
                let (l, c) = self.lines.line_col(json, offset);
                (self.block.example.line + l as usize - 1, c as usize)
            }
        };
        self.out.push(Finding {
            page: self.block.page.clone(),
            line,
            column,
            kind,
            path: path.to_owned(),
            message,
            suggestion,
        });
    }

    /// A type name (`#ns.Name`, `alias.Name`, `Edm.X`, `Collection(...)`) → (collection, expect).
    fn resolve(&self, name: &str) -> Option<(bool, Expect)> {
        let name = name.trim().trim_start_matches('#');
        let (collection, inner) = match name
            .strip_prefix("Collection(")
            .and_then(|s| s.strip_suffix(')'))
        {
            Some(inner) => (true, inner.trim_start_matches('#')),
            None => (false, name),
        };
        if let Some(edm) = inner.strip_prefix("Edm.") {
            return Primitive::from_edm(edm).map(|p| (collection, Expect::Primitive(p)));
        }
        self.model
            .lookup(&qualify(self.model, inner))
            .map(|t| (collection, Expect::Named(t)))
    }

    fn type_suggestion(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('#');
        let inner = name
            .strip_prefix("Collection(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(name);
        // `string`, `edm.int32`: the primitive meant.
        const PRIMITIVES: &[&str] = &[
            "Binary", "Boolean", "Byte", "Date", "DateTimeOffset", "Decimal", "Double", "Duration",
            "Guid", "Int16", "Int32", "Int64", "SByte", "Single", "Stream", "String", "TimeOfDay",
        ];
        let bare = inner.strip_prefix("Edm.").or_else(|| inner.strip_prefix("edm.")).unwrap_or(inner);
        if let Some(p) = PRIMITIVES.iter().find(|p| p.eq_ignore_ascii_case(bare)) {
            return Some(format!("Edm.{p}"));
        }
        crate::ir::select::suggest(self.model, inner)
    }

    fn run(&mut self) {
        let ex = &self.block.example;
        let text = ex.json.as_str();
        let strict = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let collect = CollectOptions::default();
        let parsed = match parse_to_ast(text, &collect, &strict) {
            Ok(p) => p,
            Err(e) => {
                self.push(
                    e.range().start,
                    "invalid-json",
                    "$",
                    format!("invalid JSON: {}", e.kind()),
                    None,
                );
                match parse_to_ast(text, &collect, &ParseOptions::default()) {
                    Ok(p) => p,
                    Err(_) => return,
                }
            }
        };
        let Some(mut root) = parsed.value else { return };
        // OData V1–V3 verbose JSON: the payload is the `d` of `{"d": ...}` (paths start there).
        let legacy = self.model.protocol.is_legacy();
        if legacy
            && let Value::Object(o) = &mut root
            && o.properties.len() == 1
            && o.properties[0].name.as_str() == "d"
        {
            let d = o.properties.remove(0).value;
            root = d;
        }
        // The expected type: the annotation's, else the block's own `@odata.type`.
        let mut collection = ex.is_collection;
        let mut expect = None;
        if let Some(t) = ex.odata_type.as_deref().filter(|t| !t.trim().is_empty()) {
            match self.resolve(t) {
                Some((c, e)) => {
                    collection |= c;
                    expect = Some(e);
                }
                None => {
                    let sugg = self.type_suggestion(t);
                    self.push(
                        root.range().start,
                        "unknown-type",
                        "$",
                        format!("the block's `@odata.type` `{t}` is no type of the metadata"),
                        sugg,
                    );
                }
            }
        }
        if ex.odata_type.is_none()
            && let Some(t) = request_body_type(self.model, ex)
        {
            expect = Some(Expect::Named(t));
        }
        let Some(expect) = expect else {
            // Unannotated: check the objects that say what they are.
            if let Value::Object(o) = &root
                && o.properties
                    .iter()
                    .any(|p| p.name.as_str() == "@odata.type")
            {
                self.value(&root, None, true, "$".into());
            }
            return;
        };
        let value_array = match &root {
            Value::Object(o) => o
                .properties
                .iter()
                .find(|p| {
                    p.name.as_str() == "value" || (legacy && p.name.as_str() == "results")
                })
                .filter(|p| matches!(p.value, Value::Array(_))),
            _ => None,
        };
        let type_has_value = match expect {
            Expect::Named(t) if self.model.ty(t).as_struct().is_some() => self
                .model
                .all_properties(t)
                .iter()
                .any(|p| p.name == "value"),
            _ => false,
        };
        let bare = self.block.embedded.is_some_and(|e| !e.value_wrapped)
            || (legacy && matches!(root, Value::Array(_)));
        if collection && bare {
            // A collection written as the array itself.
            match &root {
                Value::Array(a) => {
                    for (i, el) in a.elements.iter().enumerate() {
                        self.value(el, Some(expect), true, format!("$[{i}]"));
                    }
                }
                _ => self.push(
                    root.range().start,
                    "not-an-array",
                    "$",
                    "a collection, but the value is not an array".into(),
                    None,
                ),
            }
            return;
        }
        if collection {
            match (&root, value_array) {
                (_, Some(p)) => {
                    if let Value::Array(a) = &p.value {
                        let wrapper = p.name.as_str();
                        for (i, el) in a.elements.iter().enumerate() {
                            self.value(el, Some(expect), true, format!("$.{wrapper}[{i}]"));
                        }
                    }
                }
                (Value::Array(a), None) => {
                    self.push(
                        root.range().start,
                        "missing-value-wrapper",
                        "$",
                        "annotated as a collection, but the array is not wrapped in `{\"value\": [...]}`".into(),
                        None,
                    );
                    for (i, el) in a.elements.iter().enumerate() {
                        self.value(el, Some(expect), true, format!("$[{i}]"));
                    }
                }
                _ => {
                    self.push(
                        root.range().start,
                        "missing-value-wrapper",
                        "$",
                        if legacy {
                            "annotated as a collection, but the body has no `results` array \
                             (OData V1–V3: `{\"d\": {\"results\": [...]}}` or the array itself)"
                                .into()
                        } else {
                            "annotated as a collection, but the body has no `value` array".into()
                        },
                        None,
                    );
                    self.value(&root, Some(expect), true, "$".into());
                }
            }
            return;
        }
        if let (Some(p), false) = (value_array, type_has_value) {
            // A collection body for a single-valued annotation.
            self.push(
                p.range.start,
                "unexpected-value-wrapper",
                "$.value",
                "a `value` array wrapper, but the block is not annotated `isCollection`".into(),
                None,
            );
            if let Value::Array(a) = &p.value {
                for (i, el) in a.elements.iter().enumerate() {
                    self.value(el, Some(expect), true, format!("$.value[{i}]"));
                }
            }
            return;
        }
        // Primitive results come as `{"value": x}`.
        if let (Expect::Primitive(_), Value::Object(o)) = (expect, &root)
            && let Some(p) = o.properties.iter().find(|p| p.name.as_str() == "value")
        {
            self.value(&p.value, Some(expect), true, "$.value".into());
            return;
        }
        // A structured value wrapped as a primitive result is (`{"value": {...}}`, beside
        // annotations only), for a type without a `value` property: one finding about the
        // wrapper, then the object checked as the type (not an unknown property `value`).
        if let (Expect::Named(t), Value::Object(o)) = (expect, &root)
            && !type_has_value
            && self.model.ty(t).as_struct().is_some()
            && let Some(p) = o.properties.iter().find(|p| p.name.as_str() == "value")
            && matches!(p.value, Value::Object(_))
            && o.properties.iter().all(|q| q.name.as_str() == "value" || q.name.as_str().starts_with('@'))
        {
            self.push(
                p.range.start,
                "unexpected-value-wrapper",
                "$.value",
                "a single value wrapped in `{\"value\": ...}` (the form of primitive results and collections); an entity or complex value is the body itself".into(),
                None,
            );
            self.value(&p.value, Some(expect), true, "$.value".into());
            return;
        }
        self.value(&root, Some(expect), true, "$".into());
    }

    fn wrong(&mut self, v: &Value, path: &str, wanted: &str) {
        // The value itself where it is short (a string up to 40 characters, a number, a
        // boolean), so the finding reads without the page.
        let got = match v {
            Value::StringLit(s) if s.value.chars().count() <= 40 => format!("the string {:?}", s.value.as_ref()),
            Value::StringLit(_) => "a string".to_owned(),
            Value::NumberLit(n) => format!("the number {}", n.value),
            Value::BooleanLit(b) => format!("`{}`", b.value),
            Value::Object(_) => "an object".to_owned(),
            Value::Array(_) => "an array".to_owned(),
            Value::NullKeyword(_) => "null".to_owned(),
        };
        self.push(
            v.range().start,
            "wrong-json-type",
            path,
            format!("expected {wanted}, found {got}"),
            None,
        );
    }

    /// Check one value. `expect: None` means "an object that names its type".
    fn value(&mut self, v: &Value, expect: Option<Expect>, nullable: bool, path: String) {
        if let Value::NullKeyword(n) = v {
            if !nullable {
                self.push(
                    n.range.start,
                    "null-not-allowed",
                    &path,
                    "`null` for a non-nullable property".into(),
                    None,
                );
            }
            return;
        }
        // Resource pages show types, not values (`"String"`, `"String (timestamp)"`, `"Int32"`):
        // where a string is no valid value, such a placeholder is one finding of its own kind,
        // not a wrong lexical form, enum member or JSON type.
        if self.block.example.block_type == "resource"
            && let Value::StringLit(s) = v
            && let Some(expect) = expect
            && !self.takes_strings(expect)
            && self.is_placeholder(&s.value, expect)
        {
            self.push(
                s.range.start,
                "placeholder",
                &path,
                format!("`{}` names a type, not a value (a resource page's placeholder)", s.value),
                None,
            );
            return;
        }
        match expect {
            None => {
                if let Value::Object(_) = v {
                    self.object(v, None, path);
                }
            }
            Some(Expect::Primitive(p)) => self.primitive(v, p, &path),
            Some(Expect::Named(t)) => match &self.model.ty(t).kind {
                TypeKind::Entity(_) | TypeKind::Complex(_) => {
                    if matches!(v, Value::Object(_)) {
                        self.object(v, Some(t), path);
                    } else {
                        let name = self.model.ty(t).qualified_name();
                        self.wrong(v, &path, &format!("an object (`{name}`)"));
                    }
                }
                TypeKind::Enum(e) => self.enumeration(v, t, e, &path),
                TypeKind::Definition(d) => self.primitive(v, d.underlying, &path),
                // The inner arrays of an array of arrays (OpenAPI input).
                TypeKind::Array(a) => self.typed(v, true, a.items.target.into(), true, path),
                // A union with a discriminator: the alternative its value names (checked as
                // that struct, which picks again by the same member).
                TypeKind::Union(u) if u.discriminator.is_some() && matches!(v, Value::Object(_)) => {
                    if let Some(t) = u.alternatives.iter().find_map(|a| match a.ty.target {
                        Target::Named(t) if !a.ty.collection => {
                            self.model.ty(t).as_struct().map(|_| t)
                        }
                        _ => None,
                    }) {
                        self.object(v, Some(t), path);
                    }
                }
                // Other unions (OpenAPI input): the value must fit one alternative; when none
                // does, the findings of the one it fits best (fewest findings) follow a
                // `no-matching-alternative` finding.
                TypeKind::Union(u) => {
                    let start = self.out.len();
                    let mut best: Option<Vec<Finding>> = None;
                    for a in &u.alternatives {
                        self.typed(v, a.ty.collection, a.ty.target.into(), nullable, path.clone());
                        let found: Vec<Finding> = self.out.drain(start..).collect();
                        if found.is_empty() {
                            return;
                        }
                        if best.as_ref().is_none_or(|b| found.len() < b.len()) {
                            best = Some(found);
                        }
                    }
                    if let Some(best) = best {
                        let name = self.model.ty(t).qualified_name();
                        self.push(
                            v.range().start,
                            "no-matching-alternative",
                            &path,
                            format!("the value fits no alternative of `{name}`; the closest one's findings follow"),
                            None,
                        );
                        self.out.extend(best);
                    }
                }
                // Maps (OpenAPI `additionalProperties`): every member's value is of the map's
                // value type.
                TypeKind::Map(m) => match v {
                    Value::Object(o) => {
                        for p in &o.properties {
                            let at = format!("{path}.{}", p.name.as_str());
                            self.typed(&p.value, m.value.collection, m.value.target.into(), true, at);
                        }
                    }
                    _ => {
                        let name = self.model.ty(t).qualified_name();
                        self.wrong(v, &path, &format!("an object (`{name}`)"));
                    }
                },
            },
        }
    }

    /// Whether any string is a value of `expect` (Edm.String, a type definition of it).
    fn takes_strings(&self, expect: Expect) -> bool {
        match expect {
            Expect::Primitive(p) => p == Primitive::String,
            Expect::Named(t) => matches!(&self.model.ty(t).kind, TypeKind::Definition(d) if d.underlying == Primitive::String),
        }
    }

    /// A type name written where a value belongs: a primitive's (`Double`, `Edm.Guid`,
    /// `DateTimeOffset`), `String`, or the expected type's own name, each maybe followed by a
    /// parenthesized note (`String (timestamp)`, `Int32 (nullable)`).
    fn is_placeholder(&self, text: &str, expect: Expect) -> bool {
        let name = text.split_once(" (").filter(|(_, rest)| rest.ends_with(')')).map_or(text, |(n, _)| n).trim();
        let name = name.strip_prefix("Edm.").unwrap_or(name);
        const TYPE_WORDS: &[&str] = &[
            "string", "boolean", "bool", "int16", "int32", "int64", "integer", "number", "double",
            "single", "float", "decimal", "byte", "sbyte", "guid", "date", "datetime",
            "datetimeoffset", "timeofday", "duration", "binary", "stream", "timestamp",
        ];
        if TYPE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(name)) {
            return true;
        }
        match expect {
            Expect::Named(t) => {
                let td = self.model.ty(t);
                let qualified = td.qualified_name();
                let simple = qualified.rsplit('.').next().unwrap_or_default();
                name.eq_ignore_ascii_case(&qualified) || name.eq_ignore_ascii_case(simple)
            }
            Expect::Primitive(_) => false,
        }
    }

    fn enumeration(&mut self, v: &Value, t: TypeId, e: &EnumType, path: &str) {
        let name = self.model.ty(t).qualified_name();
        let Value::StringLit(s) = v else {
            self.wrong(v, path, &format!("a string (member of `{name}`)"));
            return;
        };
        let parts: Vec<&str> = if e.is_flags {
            s.value.split(',').map(str::trim).collect()
        } else {
            vec![s.value.as_ref()]
        };
        for part in parts {
            if !e.members.iter().any(|m| m.name == part) {
                let sugg = did_you_mean(part, e.members.iter().map(|m| m.name.as_str()));
                self.push(
                    s.range.start,
                    "invalid-enum-member",
                    path,
                    format!("`{part}` is not a member of `{name}`"),
                    sugg,
                );
            }
        }
    }

    /// An `invalid-lexical-form` finding for string `s` of type `p` when `checked` failed.
    fn string_form(
        &mut self,
        s: &jsonc_parser::ast::StringLit<'_>,
        p: Primitive,
        path: &str,
        checked: Result<(), String>,
    ) {
        if let Err(why) = checked {
            self.push(
                s.range.start,
                "invalid-lexical-form",
                path,
                format!("`{}` is not a valid {}: {why}", s.value, p.edm_name()),
                None,
            );
        }
    }

    fn primitive(&mut self, v: &Value, p: Primitive, path: &str) {
        use Primitive::*;
        let legacy = self.model.protocol.is_legacy();
        let ok_type = match (p, v) {
            (Stream | Geo | Untyped, _) => return,
            // OData V1–V3: quoted numbers, `/Date(ms)/`, `Edm.Time` as a duration; V4 Int64 in
            // the IEEE754Compatible form when asked.
            (Int64 | Double | Single | DateTime | DateTimeOffset | Time, Value::StringLit(s))
                if legacy
                    || matches!(p, DateTime | Time)
                    || (p == Int64 && self.options.ieee754_compatible) =>
            {
                self.string_form(s, p, path, lexical::check_legacy(p, &s.value));
                true
            }
            (Boolean, Value::BooleanLit(_)) => true,
            (Byte | SByte | Int16 | Int32, Value::NumberLit(n)) => {
                if !lexical::integer(n.value, p) {
                    self.push(
                        n.range.start,
                        "invalid-lexical-form",
                        path,
                        format!("`{}` is not a valid {}", n.value, p.edm_name()),
                        None,
                    );
                }
                true
            }
            (Int64, Value::NumberLit(_)) | (Decimal | Double | Single, Value::NumberLit(_)) => true,
            // Not Int64: its IEEE754Compatible string form is refused by the models (an `i64`
            // would write it back as a number) unless they are generated with
            // `--ieee754-compatible`, so it is a `wrong-json-type` here otherwise.
            (
                String | Guid | Date | DateTimeOffset | TimeOfDay | Duration | Binary | Decimal
                | Double | Single,
                Value::StringLit(s),
            ) => {
                self.string_form(s, p, path, lexical::check(p, &s.value));
                true
            }
            _ => false,
        };
        if !ok_type {
            let wanted = match p {
                Boolean => "a boolean",
                Byte | SByte | Int16 | Int32 | Int64 | Decimal | Double | Single => "a number",
                _ => "a string",
            };
            self.wrong(v, path, &format!("{wanted} ({})", p.edm_name()));
        }
    }

    fn object(&mut self, v: &Value, expect: Option<TypeId>, path: String) {
        let Value::Object(o) = v else { return };
        // A deleted entity of a delta response (`"@removed": {...}`, or an `@odata.context`
        // ending in `$deletedEntity`) stands in for an entity: its `id` is no property.
        let deleted = o.properties.iter().any(|p| match (p.name.as_str(), &p.value) {
            ("@removed", _) => true,
            ("@odata.context", Value::StringLit(s)) => s.value.ends_with("$deletedEntity"),
            _ => false,
        });
        if deleted {
            return;
        }
        let block_type = self.block.example.block_type.clone();
        let truncated = self.block.example.truncated;
        // `@odata.type` in the object: must exist and derive from the expected type.
        let mut ty = expect;
        let legacy = self.model.protocol.is_legacy();
        let type_member = o.properties.iter().find_map(|p| match (p.name.as_str(), &p.value) {
            ("@odata.type", Value::StringLit(s)) => Some(s),
            ("odata.type", Value::StringLit(s)) if legacy => Some(s),
            ("__metadata", Value::Object(m)) if legacy => m.properties.iter().find_map(|p| {
                match (p.name.as_str(), &p.value) {
                    ("type", Value::StringLit(s)) => Some(s),
                    _ => None,
                }
            }),
            _ => None,
        });
        if let Some(s) = type_member {
            match self.resolve(&s.value) {
                Some((false, Expect::Named(t))) if self.model.ty(t).as_struct().is_some() => {
                    match expect {
                        Some(e) if e != t && !self.model.ancestors(t).contains(&e) => {
                            let (tn, en) = (
                                self.model.ty(t).qualified_name(),
                                self.model.ty(e).qualified_name(),
                            );
                            self.push(
                                s.range.start,
                                "not-derived",
                                &format!("{path}.@odata.type"),
                                format!("`{tn}` is not `{en}` or a type derived from it"),
                                None,
                            );
                        }
                        _ => ty = Some(t),
                    }
                }
                _ => {
                    let sugg = self.type_suggestion(&s.value);
                    self.push(
                        s.range.start,
                        "unknown-odata-type",
                        &format!("{path}.@odata.type"),
                        format!("`{}` is no entity or complex type of the metadata", s.value),
                        sugg,
                    );
                }
            }
        }
        // A discriminator member (OpenAPI input) picks a type derived from the expected one.
        if type_member.is_none()
            && let Some(t) = ty
            && let Some((member, picks)) = self.discriminated.get(&t)
            && let Some(value) = o.properties.iter().find_map(|p| match (p.name.as_str(), &p.value) {
                (n, Value::StringLit(s)) if n == member => Some(s.value.as_ref()),
                _ => None,
            })
            && let Some(&(_, pick)) = picks.iter().find(|(tag, _)| tag == value)
            && (pick == t || self.model.ancestors(pick).contains(&t))
        {
            ty = Some(pick);
        }
        let Some(t) = ty else { return };
        let props = self.model.all_properties(t);
        let navs = self.model.all_navigation(t);
        let chain: Vec<TypeId> = std::iter::once(t).chain(self.model.ancestors(t)).collect();
        // Open types, and types that allow additional properties (`Core.AdditionalProperties`:
        // not in the OASIS Core vocabulary, but DMTF Redfish writes it on `Oem` and 700 other
        // types, with that meaning).
        let open = chain.iter().any(|c| {
            let td = self.model.ty(*c);
            td.as_struct().is_some_and(|s| s.is_open)
                || matches!(
                    td.annotations.get("Org.OData.Core.V1.AdditionalProperties"),
                    Some(AnnValue::Bool(true) | AnnValue::Default)
                )
        });
        let tname = self.model.ty(t).qualified_name();
        let mut seen = std::collections::HashSet::new();
        for m in &o.properties {
            let (name, start) = match &m.name {
                ObjectPropName::String(s) => (s.value.as_ref(), s.range.start),
                ObjectPropName::Word(w) => (w.value, w.range.start),
            };
            seen.insert(name.to_owned());
            // Instance and property annotations (`@odata.context`, `prop@odata.nextLink`; V1–V3:
            // `__metadata`, `__deferred`, `odata.type`, `prop@odata.mediaEditLink` ...).
            if name.contains('@') || (legacy && (name.starts_with("__") || name.starts_with("odata."))) {
                continue;
            }
            let mpath = format!("{path}.{name}");
            // An advertised operation (OData JSON: `"#ns.Action": {"title": ..., "target": ...}`).
            if let Some(op) = name.strip_prefix('#') {
                let q = qualify(self.model, op);
                let split = q.rsplit_once('.');
                let known = self
                    .model
                    .operations
                    .iter()
                    .any(|o| split == Some((o.namespace.as_str(), o.name.as_str())));
                if !known {
                    self.push(
                        start,
                        "unknown-operation",
                        &mpath,
                        format!(
                            "`{name}` advertises `{op}`, which is no action or function of the \
                             metadata"
                        ),
                        None,
                    );
                }
                continue;
            }
            if let Some(p) = props.iter().find(|p| p.name == name) {
                if matches!(m.value, Value::NullKeyword(_))
                    && p.ty.collection
                    && crate::ir::facts::is_nullable_collection(&p.annotations)
                {
                    continue;
                }
                self.typed(&m.value, p.ty.collection, p.ty.target.into(), p.nullable, mpath);
            } else if let Some(n) = navs.iter().find(|n| n.name == name) {
                if let Target::Named(target) = n.ty.target {
                    self.typed(
                        &m.value,
                        n.ty.collection,
                        Expect::Named(target),
                        true,
                        mpath,
                    );
                }
            } else if open {
                // A dynamic property of an open type, unless it is a declared one misspelled:
                // the same name in another case, or one or two edits away from a name of six
                // letters or more (`acountEnabled`, `isAssignableRole`).
                let near = props
                    .iter()
                    .map(|p| p.name.as_str())
                    .chain(navs.iter().map(|n| n.name.as_str()))
                    .find(|d| {
                        d.eq_ignore_ascii_case(name)
                            || (d.len() >= 6 && name.len() >= 6 && strsim::levenshtein(d, name) <= 2)
                    });
                if let Some(d) = near {
                    self.push(
                        start,
                        "likely-misspelled-property",
                        &mpath,
                        format!("`{name}` is not a property of `{tname}` (an open type: it would be a dynamic property), but `{d}` is"),
                        Some(d.to_owned()),
                    );
                }
            } else {
                let sugg = did_you_mean(
                    name,
                    props
                        .iter()
                        .map(|p| p.name.as_str())
                        .chain(navs.iter().map(|n| n.name.as_str())),
                );
                self.push(
                    start,
                    "unknown-property",
                    &mpath,
                    format!("`{name}` is not a property of `{tname}`"),
                    sugg,
                );
            }
        }
        // An entity reference (OData JSON: an object of `@odata.id` and other annotations only)
        // stands for an entity without its properties.
        // So does an object of annotations only (`{"@odata.type": "#microsoft.graph.calendar"}`:
        // resource pages' stubs for a type described elsewhere).
        let reference = (!seen.is_empty() && seen.iter().all(|n| n.starts_with('@')))
            || (legacy && seen.contains("__deferred"));
        if !truncated && block_type != "request" && !reference {
            // Presence is `required` where the input lists it (OpenAPI), else non-nullability.
            let by_required = crate::ir::facts::presence_by_required(&self.model.ty(t).annotations);
            for p in &props {
                let expected = if by_required {
                    crate::ir::facts::is_required(&p.annotations)
                } else {
                    !p.nullable
                };
                if expected && !seen.contains(&p.name) {
                    let what = if by_required {
                        "required"
                    } else {
                        "non-nullable"
                    };
                    self.push(
                        o.range.start,
                        "missing-property",
                        &path,
                        format!("{what} property `{}` of `{tname}` is missing (and the block is not `truncated`)", p.name),
                        None,
                    );
                }
            }
        }
    }

    fn typed(&mut self, v: &Value, collection: bool, e: Expect, nullable: bool, path: String) {
        if collection {
            match v {
                Value::Array(a) => {
                    for (i, el) in a.elements.iter().enumerate() {
                        self.value(el, Some(e), nullable, format!("{path}[{i}]"));
                    }
                }
                // OData V1–V3: `{"results": [...]}`, or a link not expanded (`__deferred`).
                Value::Object(o) if self.model.protocol.is_legacy() => {
                    match o.properties.iter().find(|p| p.name.as_str() == "results") {
                        Some(p) => self.typed(&p.value, true, e, nullable, format!("{path}.results")),
                        None if o.properties.iter().any(|p| p.name.as_str() == "__deferred") => {}
                        None => self.wrong(v, &path, "an array, `{\"results\": [...]}` or `{\"__deferred\": ...}`"),
                    }
                }
                Value::NullKeyword(_) => self.value(v, Some(e), nullable, path),
                _ => self.wrong(v, &path, "an array"),
            }
        } else {
            self.value(v, Some(e), nullable, path);
        }
    }
}
