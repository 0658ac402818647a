//! OpenAPI front end: OpenAPI 3.0.x / 3.1.x documents (JSON or YAML) → the same resolved
//! [`Model`] the CSDL front end produces, so one emitter serves both. Swagger 2.0 documents are
//! rewritten into the OpenAPI 3.0 layout as they are read (`swagger2.rs`).
//!
//! How OpenAPI maps onto the model (the details are in `schema/` and `paths.rs`):
//!
//! - Named types are the structured (object) and enum schemas of `components/schemas`, plus any such
//!   schema another schema reaches by `$ref` (in the document or in a relative file; files may refer
//!   to each other, and reference cycles are fine: types are registered before they are filled in).
//!   The schema key gives the qualified name (`microsoft.graph.entity` → namespace `microsoft.graph`,
//!   name `entity`); keys without a dot go to the document's main namespace.
//! - Inheritance: `allOf: [{$ref: base}, {own properties}]` (Microsoft's converter), or a base whose
//!   `anyOf` lists its derived types next to its properties with derived types repeating the inherited
//!   properties (the OASIS converter); `discriminator.mapping` and `x-ms-discriminator-value` name
//!   derived types. The `@odata.type` property is the emitter's own `odata_type` field.
//! - Entity or complex: types served at a path (entity sets, singletons, keyed and navigation paths)
//!   and targets of `x-ms-navigationProperty` are entity types, with the whole inheritance tree they
//!   belong to; everything else is a complex type. Properties whose type is an entity type (or marked
//!   `x-ms-navigationProperty`) are navigation properties.
//! - Paths: OData-shaped paths become the container (entity sets, singletons, function and action
//!   imports) and bound functions and actions; see `paths.rs` for what the model cannot hold.
//! - What OpenAPI does not carry (abstractness, schema aliases, open types in Microsoft's rendering,
//!   `IsComposable`, enum member values of flags enums) is not invented; the equivalence tests list
//!   each difference.
//!
//! Unsupported constructs are warnings or errors with the construct's JSON pointer and its
//! file:line:column; the front end never panics on input.

mod examples;
mod paths;
mod schema;
mod swagger2;
pub use schema::REQUIRED_TERM;
pub mod tree;

use crate::diagnostics::{Diagnostic, Errors, Location, Severity};
use crate::ir::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use tree::Node;

/// Does this text look like an OpenAPI document rather than XML? (The caller sniffs for `<`.)
pub fn is_xml(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = b.iter().find(|c| !c.is_ascii_whitespace());
    // UTF-16 XML starts with a NUL next to `<`; leave it to the CSDL reader's encoding errors.
    matches!(first, Some(b'<') | Some(0) | Some(0xFF) | Some(0xFE))
}

/// One loaded document.
pub(crate) struct Doc {
    pub(crate) path: PathBuf,
    pub(crate) root: Node,
}

/// Where a schema lives: document index and JSON pointer (`/components/schemas/x`).
pub(crate) type Origin = (usize, String);

/// Per-type data gathered while filling structured types, finalized at the end.
#[derive(Default, Clone)]
pub(crate) struct Pending {
    pub(crate) st: StructType,
    /// Per property of `st.properties`: marked `x-ms-navigationProperty`.
    pub(crate) nav_flag: Vec<bool>,
    /// The base was found through a base's `anyOf` (properties repeat the inherited ones).
    pub(crate) flattened: bool,
    /// A structured type (not an enum).
    pub(crate) is_struct: bool,
    /// A discriminator other than `@odata.type`: its member and the mapped (value, type) pairs.
    pub(crate) discriminator: Option<(String, Vec<(String, TypeId)>)>,
    /// Structured types referenced by `allOf` after the base (`allOf: [User, Credentials]`),
    /// each with the position in `st.properties` where its members go (their place in the
    /// `allOf` list): their members are copied in (see `Reader::apply_mixins`).
    pub(crate) mixins: Vec<(TypeId, usize)>,
}

pub(crate) struct Reader {
    pub(crate) docs: Vec<Rc<Doc>>,
    canon: HashMap<PathBuf, usize>,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) model: Model,
    /// Schema location → its type.
    pub(crate) named: HashMap<Origin, TypeId>,
    /// Type → schema location.
    pub(crate) origins: Vec<Origin>,
    /// Types whose names were made up ([`schema::Naming::Derived`]).
    pub(crate) derived: HashSet<TypeId>,
    /// Types with made-up names by (document, `content_hash` of their schema; see
    /// `schema/register.rs`).
    pub(crate) by_content: HashMap<(usize, u64), Vec<TypeId>>,
    /// Schema locations whose type could not be registered (reported once).
    pub(crate) failed: HashSet<Origin>,
    pub(crate) pending: Vec<Pending>,
    /// Types still to fill in.
    pub(crate) queue: Vec<TypeId>,
    /// Evidence of entity types (served at a path, navigation targets).
    pub(crate) entity_evidence: HashSet<TypeId>,
    /// Namespace of keys without a dot, and of the container.
    pub(crate) main_namespace: String,
    /// Derived types named by a base's `discriminator.mapping` (base, derived).
    pub(crate) mapped: Vec<(TypeId, TypeId)>,
    /// The document renders an OData service (see [`odata_flavoured`]).
    pub(crate) odata_flavoured: bool,
    /// The main document is Swagger 2.0 (converted; see `swagger2.rs`).
    swagger2: bool,
    /// (type addressed, navigation property) pairs that paths address by key beneath their owner.
    pub(crate) keyed_navigation: HashSet<(TypeId, String)>,
    /// Entity types of entity sets.
    pub(crate) set_types: HashSet<TypeId>,
    /// Read the document's example values into `Model::examples` (see `examples.rs`).
    pub(crate) collect_examples: bool,
    /// Per document, read when a `$ref` first names a plain-name fragment: each `$anchor` and
    /// the pointer of the schema stating it (`None` for an anchor stated twice).
    anchors: HashMap<usize, HashMap<String, Option<String>>>,
}

/// Every `$anchor` of the schemas of a document, with the JSON pointer of the schema stating it
/// (`None` for one stated twice). Examples, defaults and enumerated values are data, not schemas:
/// not searched. Iterative: documents nest deeper than the stack would allow a recursion to go.
fn anchors_of(root: &Node) -> HashMap<String, Option<String>> {
    let mut out: HashMap<String, Option<String>> = HashMap::new();
    // (node, its pointer, whether its keys are names, as those of `properties`, not keywords)
    let mut stack: Vec<(&Node, String, bool)> = vec![(root, String::new(), false)];
    while let Some((node, ptr, names)) = stack.pop() {
        match &node.value {
            tree::Value::Map(entries) => {
                if !names && let Some(a) = node.str("$anchor") {
                    out.entry(a.to_owned())
                        .and_modify(|p| *p = None)
                        .or_insert_with(|| Some(ptr.clone()));
                }
                for (k, v) in entries.iter().rev() {
                    let data = matches!(
                        k.as_str(),
                        "example" | "examples" | "default" | "enum" | "const"
                    );
                    if names || !data {
                        let inner_names = !names
                            && matches!(
                                k.as_str(),
                                "properties"
                                    | "patternProperties"
                                    | "dependentSchemas"
                                    | "$defs"
                                    | "definitions"
                                    | "schemas"
                            );
                        let at = format!("{ptr}/{}", tree::escape_segment(k));
                        stack.push((v, at, inner_names));
                    }
                }
            }
            tree::Value::Seq(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    stack.push((v, format!("{ptr}/{i}"), false));
                }
            }
            _ => {}
        }
    }
    out
}

/// Does the document render an OData service? An `@odata.type` property, Microsoft's OData
/// extensions (`x-ms-navigationProperty`, `x-ms-docs-operation-type`) or an
/// `x-ms-discriminator-value` naming a type (`#ns.Type`) say so alone. OData system query options
/// as parameters (`$filter`, `$select`, `$expand`, `$orderby`) say so only beside a member
/// named for an OData annotation (`@odata.count`, `@odata.nextLink`): Azure's REST descriptions
/// take `$filter` on plain REST resources, and read as OData they would lose their typed
/// inline bodies, parameters and closed enums.
fn odata_flavoured(node: &Node) -> bool {
    let mut seen = OdataSigns::default();
    odata_signs(node, &mut seen);
    seen.decisive || (seen.query_option && seen.annotation_member)
}

/// What [`odata_flavoured`] looks for.
#[derive(Default)]
struct OdataSigns {
    decisive: bool,
    query_option: bool,
    annotation_member: bool,
}

fn odata_signs(node: &Node, seen: &mut OdataSigns) {
    if seen.decisive {
        return;
    }
    match &node.value {
        tree::Value::Map(m) => {
            for (k, v) in m.iter() {
                if matches!(
                    k.as_str(),
                    "@odata.type" | "x-ms-navigationProperty" | "x-ms-docs-operation-type"
                ) || (k == "x-ms-discriminator-value"
                    && v.as_str().is_some_and(|s| s.starts_with('#')))
                {
                    seen.decisive = true;
                    return;
                }
                if k.starts_with("@odata.") {
                    seen.annotation_member = true;
                }
                if k == "name"
                    && v.as_str().is_some_and(|s| {
                        matches!(s, "$filter" | "$select" | "$expand" | "$orderby")
                    })
                {
                    seen.query_option = true;
                }
                odata_signs(v, seen);
            }
        }
        tree::Value::Seq(items) => items.iter().for_each(|i| odata_signs(i, seen)),
        _ => {}
    }
}

/// Load an OpenAPI document (and the relative files it references) into a resolved model.
pub fn load(path: &Path) -> Result<(Model, Vec<Diagnostic>), Errors> {
    let bytes = std::fs::read(path).map_err(|e| {
        Errors(vec![Diagnostic::error(
            "E0001",
            format!("cannot read {}: {e}", path.display()),
        )])
    })?;
    load_bytes(path, &bytes)
}

/// Like [`load`], for a document already in memory (`path` names it in diagnostics and is the base
/// for relative references).
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<(Model, Vec<Diagnostic>), Errors> {
    read(path, bytes, false)
}

/// Like [`load_bytes`], with the document's example values in [`Model::examples`] (for
/// `odatagen examples`; generation does not read them).
pub fn load_bytes_with_examples(
    path: &Path,
    bytes: &[u8],
) -> Result<(Model, Vec<Diagnostic>), Errors> {
    read(path, bytes, true)
}

fn read(path: &Path, bytes: &[u8], examples: bool) -> Result<(Model, Vec<Diagnostic>), Errors> {
    let mut r = Reader {
        docs: Vec::new(),
        canon: HashMap::new(),
        diags: Vec::new(),
        model: Model::default(),
        named: HashMap::new(),
        origins: Vec::new(),
        derived: HashSet::new(),
        failed: HashSet::new(),
        pending: Vec::new(),
        by_content: HashMap::new(),
        queue: Vec::new(),
        entity_evidence: HashSet::new(),
        main_namespace: String::new(),
        mapped: Vec::new(),
        odata_flavoured: false,
        swagger2: false,
        keyed_navigation: HashSet::new(),
        set_types: HashSet::new(),
        anchors: HashMap::new(),
        collect_examples: examples,
    };
    match r.add_doc(path, bytes) {
        Ok(_) => {}
        Err(d) => return Err(Errors(vec![d])),
    }
    r.check_version();
    if !r.has_errors() {
        r.run();
    }
    // The reader visits some nodes more than once (a response's schema as an operation's return
    // type and again for `Model::http`): one diagnostic per problem.
    let diags = dedup(std::mem::take(&mut r.diags));
    if diags.iter().any(|d| d.severity == Severity::Error) {
        Err(Errors(diags))
    } else {
        Ok((r.model, diags))
    }
}

/// The first server of `root` whose URL is absolute (`http(s)://`), with `{variables}` replaced by
/// their defaults; `None` when there is none (a relative URL names no host).
fn service_root(root: &Node) -> Option<String> {
    root.get("servers")?.items().iter().find_map(|server| {
        let mut url = server.str("url")?.to_owned();
        for (name, var) in server
            .get("variables")
            .map(Node::entries)
            .unwrap_or_default()
        {
            if let Some(default) = var.str("default") {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
        let absolute = url.starts_with("https://") || url.starts_with("http://");
        (absolute && !url.contains(['{', '}', ' ', '"', '\\'])).then_some(url)
    })
}

/// `diags` without repetitions (same code, message and location), in their order.
fn dedup(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    diags
        .into_iter()
        .filter(|d| {
            seen.insert((
                d.code,
                d.message.clone(),
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.column)),
            ))
        })
        .collect()
}

fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let (line, col) = crate::diagnostics::line_col(bytes, e.valid_up_to());
            Err(
                Diagnostic::error("E0002", "invalid UTF-8: OpenAPI documents must be UTF-8")
                    .at_file(path, line, col),
            )
        }
    }
}

impl Reader {
    pub(crate) fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    /// Parse and register a document; returns its index.
    fn add_doc(&mut self, path: &Path, bytes: &[u8]) -> Result<usize, Diagnostic> {
        let text = decode(path, bytes)?;
        let (root, duplicates) = tree::parse_with_duplicates(&text).map_err(|e| {
            Diagnostic::error("E0301", format!("malformed JSON/YAML: {}", e.message))
                .at_file(path, e.line, e.column)
        })?;
        for d in duplicates {
            self.diags.push(
                Diagnostic::warning(
                    "W0325",
                    format!(
                        "key `{}` is given more than once in this mapping; the last value is used",
                        d.key
                    ),
                )
                .at_file(path, d.line, d.column),
            );
        }
        if !root.is_map() {
            return Err(Diagnostic::error(
                "E0302",
                "an OpenAPI document must be a JSON/YAML object",
            )
            .at_file(path, root.line, root.column));
        }
        // Swagger 2.0: the document, and the files it refers to, read in the OpenAPI 3 layout.
        let root = if swagger2::is_swagger2(&root)
            || (self.swagger2 && root.get("openapi").is_none())
        {
            if self.docs.is_empty() {
                self.swagger2 = true;
                let at = root.get("swagger").unwrap_or(&root);
                self.diags.push(
                    Diagnostic::note(
                        "N0303",
                        "Swagger 2.0 document: read as OpenAPI 3.0 (`definitions` as `components/schemas`, body and form parameters as request bodies); JSON pointers in diagnostics name that layout",
                    )
                    .at_file(path, at.line, at.column),
                );
            }
            swagger2::to_openapi3(&root)
        } else {
            root
        };
        let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.docs.push(Rc::new(Doc {
            path: path.to_path_buf(),
            root,
        }));
        self.model.sources.push(path.to_path_buf());
        let idx = self.docs.len() - 1;
        self.canon.insert(canon, idx);
        Ok(idx)
    }

    fn check_version(&mut self) {
        let doc = self.docs[0].clone();
        let root = &doc.root;
        if root.get("$Version").is_some() {
            self.error(
                "E0302",
                0,
                root,
                "",
                "CSDL JSON documents are not supported; use the CSDL XML (`$metadata`) form".into(),
            );
            return;
        }
        // (Swagger 2.0 was converted when it was read.)
        if let Some(n) = root.get("swagger") {
            let v = match &n.value {
                tree::Value::Str(s) | tree::Value::Number(s) => s.as_str(),
                _ => "",
            };
            self.error(
                "E0302",
                0,
                n,
                "/swagger",
                format!(
                    "Swagger {v} is not supported (Swagger 2.0 and OpenAPI 3.0.x and 3.1.x are)"
                ),
            );
            return;
        }
        match root.get("openapi") {
            Some(n) => {
                let v = match &n.value {
                    tree::Value::Str(s) | tree::Value::Number(s) => s.as_str(),
                    _ => "",
                };
                if !(v.starts_with("3.0") || v.starts_with("3.1")) {
                    self.error(
                        "E0302",
                        0,
                        n,
                        "/openapi",
                        format!(
                            "unsupported OpenAPI version `{v}` (3.0.x and 3.1.x are supported)"
                        ),
                    );
                }
            }
            None => self.error(
                "E0302",
                0,
                root,
                "",
                "not an OpenAPI document: no `openapi` member (and not XML, so not CSDL)".into(),
            ),
        }
    }

    /// `file#/pointer` as shown in diagnostics.
    pub(crate) fn pointer_label(&self, doc: usize, ptr: &str) -> String {
        if doc == 0 {
            format!("#{ptr}")
        } else {
            let name = self.docs[doc]
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("{name}#{ptr}")
        }
    }

    pub(crate) fn location(&self, doc: usize, node: &Node) -> Option<Location> {
        Some(Location {
            file: self.docs.get(doc)?.path.clone(),
            line: node.line,
            column: node.column,
        })
    }

    pub(crate) fn span(&self, doc: usize, node: &Node) -> Span {
        Span {
            file: doc as u32,
            line: node.line,
            column: node.column,
        }
    }

    pub(crate) fn error(
        &mut self,
        code: &'static str,
        doc: usize,
        node: &Node,
        ptr: &str,
        msg: String,
    ) {
        let label = self.pointer_label(doc, ptr);
        let loc = self.location(doc, node);
        self.diags
            .push(Diagnostic::error(code, format!("{msg} (at `{label}`)")).at(loc));
    }

    pub(crate) fn warn(
        &mut self,
        code: &'static str,
        doc: usize,
        node: &Node,
        ptr: &str,
        msg: String,
    ) {
        let label = self.pointer_label(doc, ptr);
        let loc = self.location(doc, node);
        self.diags
            .push(Diagnostic::warning(code, format!("{msg} (at `{label}`)")).at(loc));
    }

    /// W0324 for `callbacks` or `webhooks` (`what`) at `node`, when it names any: requests the
    /// service makes, for which no client code is generated.
    pub(crate) fn warn_service_requests(&mut self, what: &str, doc: usize, node: &Node, ptr: &str) {
        if node.entries().is_empty() {
            return;
        }
        let names: Vec<&str> = node.entries().iter().map(|(k, _)| k.as_str()).collect();
        self.warn(
            "W0324",
            doc,
            node,
            ptr,
            format!(
                "{what} ({}) are requests the service makes, not the client: no code is generated for them",
                names.join(", ")
            ),
        );
    }

    /// Resolve a `$ref` written in document `doc` to (document, pointer), loading relative files.
    pub(crate) fn resolve_ref(&mut self, doc: usize, r: &str) -> Result<Origin, String> {
        let (file, frag) = match r.split_once('#') {
            Some((f, p)) => (f, p),
            None => (r, ""),
        };
        let target_doc = if file.is_empty() {
            doc
        } else if file.contains("://") || file.starts_with("//") {
            return Err(format!(
                "remote reference `{r}` is not supported (only relative files)"
            ));
        } else {
            let base = self.docs[doc]
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let file_path = base.join(tree::split_pointer(&format!("/{file}")).join("/"));
            let canon = file_path
                .canonicalize()
                .unwrap_or_else(|_| file_path.clone());
            match self.canon.get(&canon) {
                Some(&i) => i,
                // A bare name that is no file but a schema of this document (`$ref: Pet`, as
                // early Swagger 2.0 documents write it and swagger-parser reads it).
                None if frag.is_empty()
                    && !file_path.exists()
                    && !file.contains(['/', '\\', '.'])
                    && self.docs[doc]
                        .root
                        .pointer(&["components".to_owned(), "schemas".to_owned(), file.to_owned()])
                        .is_some() =>
                {
                    // W0326 where the reference is read (`named_ref`).
                    return Ok((doc, format!("/components/schemas/{}", tree::escape_segment(file))));
                }
                None => {
                    let bytes = std::fs::read(&file_path).map_err(|e| {
                        format!("cannot read referenced file {}: {e}", file_path.display())
                    })?;
                    match self.add_doc(&file_path, &bytes) {
                        Ok(i) => i,
                        Err(d) => {
                            self.diags.push(d);
                            return Err(format!("referenced file `{file}` cannot be read"));
                        }
                    }
                }
            }
        };
        if !frag.is_empty() && !frag.starts_with('/') {
            // A plain-name fragment (3.1, JSON Schema 2020-12): the schema whose `$anchor` it is.
            let docs = &self.docs;
            let anchors = self
                .anchors
                .entry(target_doc)
                .or_insert_with(|| anchors_of(&docs[target_doc].root));
            return match anchors.get(frag) {
                Some(Some(ptr)) => Ok((target_doc, ptr.clone())),
                Some(None) => Err(format!(
                    "`{r}`: more than one schema states `$anchor: {frag}`"
                )),
                None => Err(format!(
                    "`{r}` does not resolve: no schema states `$anchor: {frag}` (fragments are JSON pointers, `#/...`, or such anchors)"
                )),
            };
        }
        let segments = tree::split_pointer(frag);
        if self.docs[target_doc].root.pointer(&segments).is_none() {
            return Err(format!("`{r}` does not resolve"));
        }
        let ptr: String = segments
            .iter()
            .map(|s| format!("/{}", tree::escape_segment(s)))
            .collect();
        Ok((target_doc, ptr))
    }

    /// The node at an origin (documents are shared, so callers may keep it while mutating `self`).
    pub(crate) fn node_at(&self, origin: &Origin) -> Option<(Rc<Doc>, Vec<String>)> {
        let d = self.docs.get(origin.0)?.clone();
        let segs = tree::split_pointer(&origin.1);
        d.root.pointer(&segs)?;
        Some((d, segs))
    }

    fn run(&mut self) {
        self.odata_flavoured = odata_flavoured(&self.docs[0].root);
        self.model.service_root = service_root(&self.docs[0].root);
        self.main_namespace = self.pick_namespace();
        self.model.schemas.push(Schema {
            namespace: self.main_namespace.clone(),
            alias: None,
            span: Span {
                file: 0,
                line: 1,
                column: 1,
            },
        });
        if let Some(hooks) = self.docs[0].root.get("webhooks").cloned() {
            self.warn_service_requests("webhooks", 0, &hooks, "/webhooks");
        }
        self.register_components();
        self.drain_queue();
        self.resolve_inheritance();
        self.read_paths();
        self.drain_queue();
        self.resolve_inheritance();
        self.apply_mixins();
        self.drop_inherited_repeats();
        self.discriminated_unions();
        self.finish_types();
        self.schema_examples();
    }

    /// The namespace most dotted schema keys share (the container's namespace), else `api`.
    fn pick_namespace(&self) -> String {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        if let Some(s) = self.docs[0]
            .root
            .get("components")
            .and_then(|c| c.get("schemas"))
        {
            for (k, _) in s.entries() {
                if let Some((ns, _)) = k.rsplit_once('.') {
                    *counts.entry(ns).or_default() += 1;
                }
            }
        }
        let mut best: Vec<(&str, usize)> = counts.into_iter().collect();
        best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        best.first()
            .map_or_else(|| "api".to_owned(), |(ns, _)| (*ns).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_root_is_the_first_absolute_server() {
        let root = |yaml: &str| service_root(&tree::parse(yaml).expect("yaml"));
        assert_eq!(
            root("servers: [{url: /v3}, {url: 'https://a.example/v3/'}]").as_deref(),
            Some("https://a.example/v3/")
        );
        assert_eq!(
            root("servers: [{url: 'https://{region}.example/{v}', variables: {region: {default: eu}, v: {default: v2}}}]").as_deref(),
            Some("https://eu.example/v2")
        );
        // A variable without a default, a relative URL, or no servers: none.
        assert_eq!(root("servers: [{url: 'https://{region}.example'}]"), None);
        assert_eq!(root("servers: [{url: /api}]"), None);
        assert_eq!(root("openapi: 3.0.0"), None);
    }
}
