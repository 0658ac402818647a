//! Swagger 2.0 (OpenAPI 2.0) documents, read as OpenAPI 3.0: the tree is rewritten before the
//! reader sees it, so everything past this file knows one layout.
//!
//! What moves where:
//! - `definitions` → `components/schemas`; global `parameters` → `components/parameters` (body
//!   parameters → `components/requestBodies`), global `responses` → `components/responses`, and
//!   every `$ref` to them is rewritten (`#/definitions/Pet` → `#/components/schemas/Pet`, in
//!   referenced files too);
//! - `host`, `basePath` and `schemes` → `servers`;
//! - a `body` parameter → `requestBody` with the operation's `consumes` (else the document's,
//!   else `application/json`); `formData` parameters → a form `requestBody` (an object of the
//!   parameters); other parameters get their type keys (`type`, `format`, `items`, `enum`, ...)
//!   under `schema`, and `collectionFormat` becomes `style`/`explode`;
//! - a response's `schema` → `content` of the `produces` media type (JSON first), its headers'
//!   type keys → `schema`;
//! - in schemas: `x-nullable` → `nullable`, `type: file` → a binary string, a `discriminator`
//!   naming a property → `{propertyName}`, with `x-ms-discriminator-value`s of the derived types as
//!   its `mapping`.
//!
//! Every node keeps the line and column it has in the document, so diagnostics point into the
//! file as written; their JSON pointers name the OpenAPI 3 layout (a note says so).

use super::tree::{Node, Value};
use std::collections::HashMap;

/// Does `root` declare Swagger 2.0?
pub(crate) fn is_swagger2(root: &Node) -> bool {
    matches!(root.get("swagger").map(|n| &n.value),
        Some(Value::Str(v) | Value::Number(v)) if v == "2.0" || v == "2")
}

/// `root` (a Swagger 2.0 document, or a file one refers to) in the OpenAPI 3.0 layout. A file
/// that is one schema (no `swagger`, `paths`, `definitions`, `parameters` or `responses`) is
/// converted as a schema.
pub(crate) fn to_openapi3(root: &Node) -> Node {
    let c = Converter::new(root);
    let document = ["swagger", "paths", "definitions", "parameters", "responses"]
        .iter()
        .any(|k| root.get(k).is_some());
    if document {
        c.document(root)
    } else {
        c.schema(root)
    }
}

/// A string node at the position of `at`.
fn text(at: &Node, s: &str) -> Node {
    Node {
        value: Value::Str(s.to_owned()),
        line: at.line,
        column: at.column,
    }
}

/// A boolean node at the position of `at`.
fn boolean(at: &Node, b: bool) -> Node {
    Node {
        value: Value::Bool(b),
        line: at.line,
        column: at.column,
    }
}

/// The OpenAPI 3 `style` and `explode` of a Swagger 2.0 `collectionFormat` (`None`: absent, which
/// for an array means `csv`), at the position of `at`. `plain` is the comma-separated style of
/// the place: `form` in a query, a cookie or a form body, `simple` in a path or a header.
fn collection_style(format: Option<&str>, plain: &str, at: &Node) -> [(String, Node); 2] {
    let (style, explode) = match format {
        Some("multi") => ("form", true),
        Some("ssv") => ("spaceDelimited", false),
        Some("pipes") => ("pipeDelimited", false),
        _ => (plain, false),
    };
    [
        ("style".into(), text(at, style)),
        ("explode".into(), boolean(at, explode)),
    ]
}

/// A mapping node at the position of `at`.
fn map(at: &Node, entries: Vec<(String, Node)>) -> Node {
    Node {
        value: Value::Map(entries.into()),
        line: at.line,
        column: at.column,
    }
}

/// The mapping `node` with each value replaced by `f(key, value)`.
fn each(node: &Node, mut f: impl FnMut(&str, &Node) -> Node) -> Node {
    let entries = node
        .entries()
        .iter()
        .map(|(k, v)| (k.clone(), f(k, v)))
        .collect();
    map(node, entries)
}

/// A sequence node at the position of `at`.
fn seq(at: &Node, items: Vec<Node>) -> Node {
    Node {
        value: Value::Seq(items.into()),
        line: at.line,
        column: at.column,
    }
}

/// `$ref` targets in the OpenAPI 3 layout.
fn rewrite_ref(r: &str) -> String {
    let (file, frag) = r.split_once('#').unwrap_or((r, ""));
    let moved = [
        ("/definitions/", "/components/schemas/"),
        ("/parameters/", "/components/parameters/"),
        ("/responses/", "/components/responses/"),
    ];
    for (from, to) in moved {
        if let Some(rest) = frag.strip_prefix(from) {
            return format!("{file}#{to}{rest}");
        }
    }
    r.to_owned()
}

/// Keys of a Swagger 2.0 parameter, header or `items` object that describe its value's type (they
/// move under `schema` in OpenAPI 3).
const TYPE_KEYS: [&str; 18] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-ms-enum",
    "x-nullable",
];

/// Nesting depth past which nodes are kept as they are (a document nested deeper is no API
/// description; the reader reports what it cannot use, and the stack stays bounded).
const MAX_DEPTH: usize = 256;

struct Converter<'a> {
    root: &'a Node,
    /// Nesting depth of the `any`/`schema` call being made.
    depth: std::cell::Cell<usize>,
    /// Base schema name → (discriminator value, derived schema name), from the derived types'
    /// `x-ms-discriminator-value`.
    mapping: HashMap<String, Vec<(String, String)>>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// The media type a body is written in: the first JSON one listed, else the first, else JSON.
fn json_first(media: &[String]) -> &str {
    media
        .iter()
        .find(|m| crate::ir::http::is_json_media(m))
        .or_else(|| media.first())
        .map_or("application/json", String::as_str)
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

impl<'a> Converter<'a> {
    fn new(root: &'a Node) -> Self {
        let mut mapping: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (name, def) in root
            .get("definitions")
            .map(Node::entries)
            .unwrap_or_default()
        {
            let Some(value) = def.str("x-ms-discriminator-value") else {
                continue;
            };
            for part in def.get("allOf").map(Node::items).unwrap_or_default() {
                if let Some(base) = part
                    .str("$ref")
                    .and_then(|r| r.strip_prefix("#/definitions/"))
                {
                    mapping
                        .entry(base.to_owned())
                        .or_default()
                        .push((value.to_owned(), name.clone()));
                }
            }
        }
        Converter {
            root,
            depth: std::cell::Cell::new(0),
            mapping,
            consumes: strings(root.get("consumes")),
            produces: strings(root.get("produces")),
        }
    }

    fn document(&self, root: &Node) -> Node {
        let mut out: Vec<(String, Node)> = Vec::new();
        let mut components: Vec<(String, Node)> = Vec::new();
        let mut servers_at = None;
        for (k, v) in root.entries() {
            match k.as_str() {
                "swagger" => out.push(("openapi".into(), text(v, "3.0.3"))),
                "host" | "basePath" | "schemes" => {
                    servers_at.get_or_insert(v);
                }
                "consumes" | "produces" | "securityDefinitions" | "security" => {}
                "paths" => out.push((k.clone(), each(v, |_, item| self.path_item(item)))),
                "definitions" => {
                    components.push(("schemas".into(), each(v, |n, s| self.definition(n, s))));
                }
                "parameters" => {
                    let (mut params, mut bodies) = (Vec::new(), Vec::new());
                    for (n, p) in v.entries() {
                        match p.str("in") {
                            Some("body") => bodies.push((n.clone(), self.body(p, &self.consumes))),
                            _ => params.push((n.clone(), self.parameter(p))),
                        }
                    }
                    components.push(("parameters".into(), map(v, params)));
                    if !bodies.is_empty() {
                        components.push(("requestBodies".into(), map(v, bodies)));
                    }
                }
                "responses" => {
                    let responses = each(v, |_, r| self.response(r, &self.produces));
                    components.push(("responses".into(), responses));
                }
                _ => out.push((k.clone(), self.any(v))),
            }
        }
        if let Some(at) = servers_at {
            let scheme = strings(root.get("schemes"))
                .into_iter()
                .find(|s| s == "https")
                .or_else(|| strings(root.get("schemes")).into_iter().next())
                .unwrap_or_else(|| "https".into());
            let url = match (root.str("host"), root.str("basePath")) {
                (Some(h), b) => format!("{scheme}://{h}{}", b.unwrap_or_default()),
                (None, b) => b.unwrap_or_default().to_owned(),
            };
            let server = map(at, vec![("url".into(), text(at, &url))]);
            out.push(("servers".into(), seq(at, vec![server])));
        }
        if !components.is_empty() {
            out.push(("components".into(), map(root, components)));
        }
        map(root, out)
    }

    /// Runs `f` one level deeper, or gives `node` back as it is past [`MAX_DEPTH`].
    fn nested(&self, node: &Node, f: impl FnOnce() -> Node) -> Node {
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return node.clone();
        }
        self.depth.set(depth + 1);
        let out = f();
        self.depth.set(depth);
        out
    }

    /// Any node: `$ref`s rewritten, the rest as it is.
    fn any(&self, node: &Node) -> Node {
        self.nested(node, || self.any_here(node))
    }

    fn any_here(&self, node: &Node) -> Node {
        match &node.value {
            Value::Map(entries) => map(
                node,
                entries
                    .iter()
                    .map(|(k, v)| match (k.as_str(), v.as_str()) {
                        ("$ref", Some(r)) => (k.clone(), text(v, &rewrite_ref(r))),
                        _ => (k.clone(), self.any(v)),
                    })
                    .collect(),
            ),
            Value::Seq(items) => seq(node, items.iter().map(|i| self.any(i)).collect()),
            _ => node.clone(),
        }
    }

    /// A schema of `definitions/<name>`: [`Self::schema`], with the discriminator mapping its
    /// derived types declare.
    fn definition(&self, name: &str, s: &Node) -> Node {
        let converted = self.schema(s);
        let Some(values) = self.mapping.get(name) else {
            return converted;
        };
        let entries = converted
            .entries()
            .iter()
            .map(|(k, v)| {
                if k != "discriminator" {
                    return (k.clone(), v.clone());
                }
                let mapping = values
                    .iter()
                    .map(|(value, derived)| {
                        let target = format!(
                            "#/components/schemas/{}",
                            super::tree::escape_segment(derived)
                        );
                        (value.clone(), text(v, &target))
                    })
                    .collect();
                let mut d: Vec<(String, Node)> = v.entries().to_vec();
                d.push(("mapping".into(), map(v, mapping)));
                (k.clone(), map(v, d))
            })
            .collect();
        map(&converted, entries)
    }

    /// A schema object.
    fn schema(&self, s: &Node) -> Node {
        self.nested(s, || self.schema_here(s))
    }

    fn schema_here(&self, s: &Node) -> Node {
        let Value::Map(entries) = &s.value else {
            return self.any(s);
        };
        let file = s.str("type") == Some("file");
        let mut out: Vec<(String, Node)> = Vec::new();
        for (k, v) in entries.iter() {
            match k.as_str() {
                "$ref" => out.push((
                    k.clone(),
                    v.as_str()
                        .map_or_else(|| v.clone(), |r| text(v, &rewrite_ref(r))),
                )),
                "x-nullable" => out.push(("nullable".into(), v.clone())),
                "type" if file => out.push((k.clone(), text(v, "string"))),
                "discriminator" => match v.as_str() {
                    Some(p) => {
                        out.push((k.clone(), map(v, vec![("propertyName".into(), text(v, p))])))
                    }
                    None => out.push((k.clone(), self.any(v))),
                },
                "properties" | "definitions" | "patternProperties" => {
                    out.push((k.clone(), each(v, |_, p| self.schema(p))));
                }
                "items" | "additionalProperties" | "not" => out.push((k.clone(), self.schema(v))),
                "allOf" | "anyOf" | "oneOf" => {
                    let items = v.items().iter().map(|i| self.schema(i)).collect();
                    out.push((k.clone(), seq(v, items)));
                }
                _ => out.push((k.clone(), self.any(v))),
            }
        }
        if file {
            out.push(("format".into(), text(s, "binary")));
        }
        map(s, out)
    }

    /// A global parameter `#/parameters/<name>` that an operation refers to.
    fn global_parameter(&self, r: &str) -> Option<&'a Node> {
        let name = r.strip_prefix("#/parameters/")?;
        let name = super::tree::split_pointer(&format!("/{name}")).pop()?;
        self.root.get("parameters")?.get(&name)
    }

    fn path_item(&self, item: &Node) -> Node {
        let mut out: Vec<(String, Node)> = Vec::new();
        for (k, v) in item.entries() {
            match k.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                    out.push((k.clone(), self.operation(v, item)));
                }
                // Path-level body and form parameters have no OpenAPI 3 place; each operation
                // takes them into its own request body (see `operation`).
                "parameters" => out.push((k.clone(), self.parameters(v))),
                _ => out.push((k.clone(), self.any(v))),
            }
        }
        map(item, out)
    }

    /// A list of parameters without the body and form ones (which become a request body).
    fn parameters(&self, list: &Node) -> Node {
        let params = list
            .items()
            .iter()
            .filter(|p| !self.is_body_or_form(p))
            .map(|p| self.parameter(p))
            .collect();
        seq(list, params)
    }

    fn is_body_or_form(&self, p: &Node) -> bool {
        let p = p
            .str("$ref")
            .and_then(|r| self.global_parameter(r))
            .unwrap_or(p);
        matches!(p.str("in"), Some("body" | "formData"))
    }

    fn operation(&self, op: &Node, item: &Node) -> Node {
        let consumes = op
            .get("consumes")
            .map(|c| strings(Some(c)))
            .unwrap_or_else(|| self.consumes.clone());
        let produces = op
            .get("produces")
            .map(|c| strings(Some(c)))
            .unwrap_or_else(|| self.produces.clone());
        let mut out: Vec<(String, Node)> = Vec::new();
        let mut body: Option<Node> = None;
        let mut form: Vec<&Node> = Vec::new();
        // Path-level body and form parameters first, the operation's own after (they win).
        let all = item
            .get("parameters")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .chain(op.get("parameters").map(Node::items).unwrap_or_default());
        for p in all {
            let local = p.str("$ref").and_then(|r| self.global_parameter(r));
            match local.unwrap_or(p).str("in") {
                Some("body") => {
                    body = Some(match (p.str("$ref"), local) {
                        (Some(r), Some(_)) => map(
                            p,
                            vec![(
                                "$ref".into(),
                                text(
                                    p,
                                    &rewrite_ref(r).replace(
                                        "/components/parameters/",
                                        "/components/requestBodies/",
                                    ),
                                ),
                            )],
                        ),
                        _ => self.body(p, &consumes),
                    });
                }
                Some("formData") => form.push(local.unwrap_or(p)),
                _ => {}
            }
        }
        for (k, v) in op.entries() {
            match k.as_str() {
                "consumes" | "produces" | "schemes" | "security" => {}
                "parameters" => out.push((k.clone(), self.parameters(v))),
                "responses" => out.push((k.clone(), each(v, |_, r| self.response(r, &produces)))),
                _ => out.push((k.clone(), self.any(v))),
            }
        }
        if body.is_none() && !form.is_empty() {
            body = Some(self.form(op, &form, &consumes));
        }
        if let Some(b) = body {
            out.push(("requestBody".into(), b));
        }
        map(op, out)
    }

    /// A `body` parameter as a request body.
    fn body(&self, p: &Node, consumes: &[String]) -> Node {
        let media = json_first(consumes);
        let mut out = Vec::new();
        if let Some(d) = p.get("description") {
            out.push(("description".into(), d.clone()));
        }
        if let Some(r) = p.get("required") {
            out.push(("required".into(), r.clone()));
        }
        let schema = p
            .get("schema")
            .map_or_else(|| map(p, Vec::new()), |s| self.schema(s));
        let media_type = map(p, vec![("schema".into(), schema)]);
        out.push((
            "content".into(),
            map(p, vec![(media.to_owned(), media_type)]),
        ));
        for (k, v) in p.entries() {
            if k.starts_with("x-") {
                out.push((k.clone(), v.clone()));
            }
        }
        map(p, out)
    }

    /// `formData` parameters as a form request body: an object with a property per parameter.
    fn form(&self, op: &Node, params: &[&Node], consumes: &[String]) -> Node {
        let media = if consumes
            .iter()
            .any(|m| m.starts_with("multipart/form-data"))
        {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut properties = Vec::new();
        let mut required = Vec::new();
        let mut encoding = Vec::new();
        for p in params {
            let Some(name) = p.str("name") else { continue };
            properties.push((name.to_owned(), self.type_schema(p)));
            if p.bool("required") == Some(true) {
                required.push(text(p, name));
            }
            // An array is comma-separated unless `collectionFormat` says otherwise (`multi`:
            // the name repeated, OpenAPI 3's default for forms, needs no encoding).
            let format = p.str("collectionFormat");
            if p.str("type") == Some("array") && format != Some("multi") {
                let style = collection_style(format, "form", p);
                encoding.push((name.to_owned(), map(p, style.into())));
            }
        }
        let mut schema = vec![
            ("type".into(), text(op, "object")),
            ("properties".into(), map(op, properties)),
        ];
        let any_required = !required.is_empty();
        if any_required {
            schema.push(("required".into(), seq(op, required)));
        }
        let mut media_type = vec![("schema".into(), map(op, schema))];
        if !encoding.is_empty() {
            media_type.push(("encoding".into(), map(op, encoding)));
        }
        let mut body = vec![(
            "content".into(),
            map(op, vec![(media.to_owned(), map(op, media_type))]),
        )];
        // A required form parameter makes the body required.
        if any_required {
            body.push(("required".into(), boolean(op, true)));
        }
        map(op, body)
    }

    /// The type keys of a parameter, header or `items` object as a schema.
    fn type_schema(&self, p: &Node) -> Node {
        let entries = p
            .entries()
            .iter()
            .filter(|(k, _)| TYPE_KEYS.contains(&k.as_str()) || k == "description")
            .cloned()
            .collect();
        self.schema(&map(p, entries))
    }

    /// A non-body parameter (or a `$ref` to one).
    fn parameter(&self, p: &Node) -> Node {
        if p.get("$ref").is_some() || p.get("schema").is_some() {
            return self.any(p);
        }
        let mut out: Vec<(String, Node)> = Vec::new();
        let plain = match p.str("in").unwrap_or_default() {
            "query" | "cookie" => "form",
            _ => "simple",
        };
        for (k, v) in p.entries() {
            match k.as_str() {
                _ if TYPE_KEYS.contains(&k.as_str()) => {}
                "collectionFormat" => out.extend(collection_style(v.as_str(), plain, v)),
                _ => out.push((k.clone(), self.any(v))),
            }
        }
        // A Swagger 2.0 array parameter without `collectionFormat` is comma-separated.
        if p.str("type") == Some("array") && p.get("collectionFormat").is_none() {
            out.extend(collection_style(None, plain, p));
        }
        let without_description: Vec<(String, Node)> = p
            .entries()
            .iter()
            .filter(|(k, _)| TYPE_KEYS.contains(&k.as_str()))
            .cloned()
            .collect();
        out.push(("schema".into(), self.schema(&map(p, without_description))));
        map(p, out)
    }

    /// A response (or a `$ref` to one).
    fn response(&self, r: &Node, produces: &[String]) -> Node {
        if r.get("$ref").is_some() {
            return self.any(r);
        }
        let mut out: Vec<(String, Node)> = Vec::new();
        for (k, v) in r.entries() {
            match k.as_str() {
                "schema" => {
                    let media = json_first(produces);
                    let media_type = map(v, vec![("schema".into(), self.schema(v))]);
                    out.push((
                        "content".into(),
                        map(v, vec![(media.to_owned(), media_type)]),
                    ));
                }
                "headers" => {
                    let headers = each(v, |_, h| {
                        let mut e = Vec::new();
                        if let Some(d) = h.get("description") {
                            e.push(("description".into(), d.clone()));
                        }
                        e.push(("schema".into(), self.type_schema(h)));
                        map(h, e)
                    });
                    out.push((k.clone(), headers));
                }
                "examples" => {}
                _ => out.push((k.clone(), self.any(v))),
            }
        }
        // OpenAPI 3 requires a description; Swagger 2.0 did too, but documents omit it.
        if r.get("description").is_none() {
            out.push(("description".into(), text(r, "")));
        }
        map(r, out)
    }
}
