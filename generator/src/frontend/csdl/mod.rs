//! CSDL front end: `$metadata` documents (edmx 4.0/4.01, or a bare `<Schema>`; or CSDL JSON,
//! read by [`json`] into the same element tree) → [`Model`].
//!
//! Two passes over the element trees: the first registers every type name (so ids exist before any
//! reference is resolved, and recursion needs no special case), the second fills in properties, bases,
//! operations, the container and annotations. All problems are collected, each with file:line:column.

mod annotation;
pub mod json;
pub mod xml;

use crate::diagnostics::{Diagnostic, Errors, LineIndex, Location, Severity};
use crate::ir::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use xml::Element;

/// Well-known vocabulary aliases, used when a document uses them without an `edmx:Include`.
pub(crate) const DEFAULT_ALIASES: &[(&str, &str)] = &[
    ("Core", "Org.OData.Core.V1"),
    ("Capabilities", "Org.OData.Capabilities.V1"),
    ("Validation", "Org.OData.Validation.V1"),
    ("Measures", "Org.OData.Measures.V1"),
    ("Authorization", "Org.OData.Authorization.V1"),
];

/// Namespace and alias resolution.
#[derive(Debug, Default)]
pub struct Names {
    aliases: HashMap<String, String>,
}

impl Names {
    /// `alias.Name` or `namespace.Name` → `namespace.Name`.
    pub fn qualify(&self, name: &str) -> String {
        match name.rsplit_once('.') {
            Some((prefix, simple)) => match self.aliases.get(prefix) {
                Some(ns) => format!("{ns}.{simple}"),
                None => name.to_owned(),
            },
            None => name.to_owned(),
        }
    }

    /// A term name: like [`Names::qualify`], with the standard vocabulary aliases as fallback.
    pub fn qualify_term(&self, term: &str) -> String {
        if let Some((prefix, simple)) = term.rsplit_once('.')
            && !self.aliases.contains_key(prefix)
            && let Some((_, ns)) = DEFAULT_ALIASES.iter().find(|(a, _)| *a == prefix)
        {
            return format!("{ns}.{simple}");
        }
        self.qualify(term)
    }
}

pub(crate) struct Doc {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    pub(crate) lines: LineIndex,
    pub(crate) root: Element,
}

struct Reader {
    docs: Vec<Doc>,
    /// Folders to look in for referenced documents, after the referencing document's own.
    search: Vec<PathBuf>,
    /// The schema namespaces the documents read declare.
    declared: HashSet<String>,
    /// The namespaces the documents' references include.
    included: HashSet<String>,
    names: Names,
    diags: Vec<Diagnostic>,
    model: Model,
}

/// Load a CSDL document (and the local documents it references) into a resolved model.
/// Returns the model and the warnings and notes, or all diagnostics when there is an error.
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
    load_bytes_with(path, bytes, &[])
}

/// Like [`load_bytes`], looking for referenced documents also in the folders `references` (in
/// order, after the referencing document's own folder): by their relative URI, or an absolute
/// URI's file name (`http://redfish.dmtf.org/schemas/v1/Resource_v1.xml` is `Resource_v1.xml`).
pub fn load_bytes_with(
    path: &Path,
    bytes: &[u8],
    references: &[PathBuf],
) -> Result<(Model, Vec<Diagnostic>), Errors> {
    let mut r = Reader {
        docs: Vec::new(),
        search: references.to_vec(),
        declared: HashSet::new(),
        included: HashSet::new(),
        names: Names::default(),
        diags: Vec::new(),
        model: Model::default(),
    };
    r.add_doc(path, bytes);
    if r.docs.is_empty() {
        return Err(Errors(r.diags));
    }
    r.load_references(0);
    let mut b = build::Builder {
        docs: &r.docs,
        names: &r.names,
        model: r.model,
        diags: r.diags,
        type_elems: Vec::new(),
        associations: HashMap::new(),
        namespaces: r.declared.union(&r.included).cloned().collect(),
    };
    b.run();
    let (model, diags) = (b.model, b.diags);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        Err(Errors(diags))
    } else {
        Ok((model, diags))
    }
}

fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16/32 with a byte order mark, or without one (`<` then a NUL byte, or the reverse).
    if bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"\0\0\xFE\xFF")
        || bytes.starts_with(b"<\0")
        || bytes.starts_with(b"\0<")
        || bytes.starts_with(b"\0\0\0<")
    {
        return Err(Diagnostic::error(
            "E0002",
            "unsupported encoding UTF-16 (or UTF-32): metadata must be UTF-8",
        )
        .at_file(path, 1, 1));
    }
    if let Some(enc) = declared_encoding(bytes)
        && !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii")
    {
        return Err(Diagnostic::error(
            "E0002",
            format!("unsupported encoding `{enc}`: metadata must be UTF-8"),
        )
        .at_file(path, 1, 1));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let (line, col) = LineIndex::new(bytes).line_col(bytes, e.valid_up_to());
            Err(
                Diagnostic::error("E0002", "invalid UTF-8: metadata must be UTF-8")
                    .at_file(path, line, col),
            )
        }
    }
}

/// The `encoding` of the XML declaration, lowercased, if the document starts with one.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let decl = bytes.strip_prefix(b"<?xml")?;
    let decl = &decl[..decl.windows(2).position(|w| w == b"?>")?];
    let decl = std::str::from_utf8(decl).ok()?;
    let rest = &decl[decl.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_ascii_lowercase())
}

/// Namespace URIs of the CSDL and EDMX versions before OData V4 start with this.
const LEGACY_NAMESPACE: &str = "http://schemas.microsoft.com/ado/";

/// The OData version of V1–V3 metadata (EDMX 1.0, or a CSDL 1.x–3.0 `Schema`): the
/// `DataServiceVersion` of `edmx:DataServices` when stated, else the version its CSDL namespace
/// implies; `None` for V4 (and for documents that do not say).
fn legacy_version(root: &xml::Element) -> Option<String> {
    let stated = || {
        root.children_named("DataServices")
            .find_map(|ds| ds.attr("DataServiceVersion"))
            .map(|v| v.trim().to_owned())
    };
    // A stated EDMX version decides (SAP writes `Version="4.0"` with the V2 namespaces).
    if root.name == "Edmx"
        && let Some(v) = root.attr("Version")
    {
        return (!v.trim().starts_with('4')).then(|| stated().unwrap_or_else(|| "1.0".to_owned()));
    }
    // `xmlns` (a Schema's default namespace) and `xmlns:edmx`.
    let (_, ns, _) = root
        .xmlns
        .iter()
        .find(|(k, v, _)| (k == "xmlns" || k == "xmlns:edmx") && v.starts_with(LEGACY_NAMESPACE))?;
    Some(stated().unwrap_or_else(|| {
        if ns.ends_with("2009/11/edm") { "3.0" } else { "2.0" }.to_owned()
    }))
}

/// The local file an `edmx:Reference` URI names, to look for in the referencing document's folder
/// and then in the search folders: a relative URI as it is; an absolute one
/// (`http://redfish.dmtf.org/schemas/v1/Resource_v1.xml`) by its file name, so a folder holding a
/// service's published documents (DMTF's Redfish bundle, or a saved `$metadata` and what it
/// references) resolves without a network; an absolute path (`/redfish/v1/Schemas/Resource_v1.xml`,
/// as Redfish services and vendors' schemas write them: a path on the service, not on this machine)
/// by its file name too. Nothing for an empty URI or one without a file name.
fn local_reference(uri: &str) -> Option<&str> {
    let uri = uri.trim();
    let (absolute, path) = match uri.split_once("://") {
        Some((_, rest)) => (true, rest.split_once('/').map_or("", |(_, p)| p)),
        None => (false, uri),
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    if name.is_empty() || name == "." || name == ".." {
        return None;
    }
    Some(if absolute || path.starts_with('/') {
        name
    } else {
        path
    })
}

/// The file names a reference may be found under: the last segment of its URI (the path, when
/// relative), unless that names a resource of a service (`.../$value`, as SAP Gateway's
/// vocabulary catalog URIs end), then `{Namespace}.xml` and `{Namespace}.json` for each
/// namespace it includes (vocabularies are published under such names).
fn candidate_files(uri: &str, includes: &[(String, Option<String>)]) -> Vec<String> {
    let own = local_reference(uri).filter(|name| {
        let last = name.rsplit('/').next().unwrap_or(name);
        !last.starts_with('$')
    });
    let mut out: Vec<String> = own.map(str::to_owned).into_iter().collect();
    for (ns, _) in includes {
        let safe = !ns.is_empty() && !ns.contains(['/', '\\']) && !ns.starts_with('.');
        if safe {
            for ext in ["xml", "json"] {
                let name = format!("{ns}.{ext}");
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// The `Schema` elements of a document: the root itself, or those of its `edmx:DataServices`.
pub(crate) fn schemas_of(root: &Element) -> impl Iterator<Item = &Element> {
    let bare = (root.name == "Schema").then_some(root);
    let services = (root.name != "Schema").then(|| {
        root.children_named("DataServices")
            .flat_map(|ds| ds.children_named("Schema"))
    });
    bare.into_iter().chain(services.into_iter().flatten())
}

/// The position of byte `offset` of document `doc`.
pub(crate) fn span_in(docs: &[Doc], doc: usize, offset: usize) -> Span {
    let d = &docs[doc];
    let (line, column) = d.lines.line_col(d.text.as_bytes(), offset);
    Span {
        file: doc as u32,
        line,
        column,
    }
}

impl Reader {
    fn add_doc(&mut self, path: &Path, bytes: &[u8]) -> Option<usize> {
        let text = match decode(path, bytes) {
            Ok(t) => t,
            Err(d) => {
                self.diags.push(d);
                return None;
            }
        };
        let lines = LineIndex::new(text.as_bytes());
        let json = json::sniff(text.as_bytes());
        let parsed = if json {
            json::parse(&text, &lines)
        } else {
            xml::parse(&text).map_err(|e| vec![e])
        };
        match parsed {
            Ok(root) => {
                if root.name != "Edmx" && root.name != "Schema" {
                    let (l, c) = lines.line_col(text.as_bytes(), root.offset);
                    self.diags.push(
                        Diagnostic::error(
                            "E0003",
                            format!(
                                "expected an `edmx:Edmx` or `Schema` root element, found `{}`",
                                root.name
                            ),
                        )
                        .at_file(path, l, c),
                    );
                    return None;
                }
                if let Some(version) = legacy_version(&root)
                    && self.docs.is_empty()
                {
                    self.model.protocol = Protocol::Legacy(version);
                }
                self.model.sources.push(path.to_path_buf());
                self.declared.extend(
                    schemas_of(&root).filter_map(|s| s.attr("Namespace").map(str::to_owned)),
                );
                self.docs.push(Doc {
                    path: path.to_path_buf(),
                    text,
                    lines,
                    root,
                });
                Some(self.docs.len() - 1)
            }
            Err(errors) => {
                for e in errors {
                    let (l, c) = lines.line_col(text.as_bytes(), e.offset);
                    self.diags.push(
                        match e.code {
                            // The JSON reader words its own messages.
                            "E0004" if !json => {
                                Diagnostic::error("E0004", format!("malformed XML: {}", e.message))
                            }
                            code => Diagnostic::error(code, e.message),
                        }
                        .at_file(path, l, c),
                    );
                }
                None
            }
        }
    }

    fn span(&self, doc: usize, offset: usize) -> Span {
        span_in(&self.docs, doc, offset)
    }

    fn loc(&self, span: Span) -> Option<Location> {
        Location::of(span, &self.model.sources)
    }

    /// Read `edmx:Reference`s of document `doc` (recursively for loaded documents).
    fn load_references(&mut self, doc: usize) {
        let mut seen: HashSet<PathBuf> = self
            .docs
            .iter()
            .map(|d| d.path.canonicalize().unwrap_or_else(|_| d.path.clone()))
            .collect();
        let mut unreachable: HashSet<String> = HashSet::new();
        let mut resolved: HashMap<String, PathBuf> = HashMap::new();
        let mut queue = vec![doc];
        while let Some(di) = queue.pop() {
            // (Uri, [(Namespace, Alias)], offset) of each edmx:Reference.
            type Reference = (String, Vec<(String, Option<String>)>, usize);
            let refs: Vec<Reference> = self.docs[di]
                .root
                .children_named("Reference")
                .map(|r| {
                    let includes = r
                        .children_named("Include")
                        .filter_map(|i| {
                            Some((
                                i.attr("Namespace")?.to_owned(),
                                i.attr("Alias").map(str::to_owned),
                            ))
                        })
                        .collect();
                    (r.attr("Uri").unwrap_or_default().to_owned(), includes, r.offset)
                })
                .collect();
            for (uri, includes, offset) in refs {
                for (ns, alias) in &includes {
                    self.included.insert(ns.clone());
                    if let Some(a) = alias {
                        self.names.aliases.insert(a.clone(), ns.clone());
                    }
                }
                let base = self.docs[di].path.parent().map(Path::to_path_buf);
                // An absolute URI names one document wherever it is referenced from: the file
                // found for it first serves every later reference (folders of several bundles
                // may each hold a copy).
                let absolute = uri.contains("://") || uri.trim_start().starts_with('/');
                let names = candidate_files(&uri, &includes);
                let local = match resolved.get(&uri) {
                    Some(p) => Some(p.clone()),
                    None => names.iter().find_map(|name| {
                        std::iter::once(base.clone().unwrap_or_default())
                            .chain(self.search.iter().cloned())
                            .map(|dir| dir.join(name))
                            .find(|p| p.is_file())
                    }),
                };
                if absolute && let Some(p) = &local {
                    resolved.entry(uri.clone()).or_insert_with(|| p.clone());
                }
                let span = self.span(di, offset);
                match local {
                    // Every namespace it is referenced for is declared by a document read
                    // already: a second copy of it (another bundle's, under another URI) would
                    // declare each type twice.
                    Some(_)
                        if !includes.is_empty()
                            && includes.iter().all(|(ns, _)| self.declared.contains(ns)) => {}
                    Some(p) => {
                        let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
                        if !seen.insert(canon) {
                            continue;
                        }
                        match std::fs::read(&p) {
                            Ok(bytes) => {
                                if let Some(new) = self.add_doc(&p, &bytes) {
                                    queue.push(new);
                                }
                            }
                            Err(e) => {
                                let loc = self.loc(span);
                                self.diags.push(
                                    Diagnostic::error(
                                        "E0001",
                                        format!("cannot read referenced {}: {e}", p.display()),
                                    )
                                    .at(loc),
                                );
                            }
                        }
                    }
                    // One note per document that cannot be read (services built from many
                    // documents reference the same vocabularies from each).
                    None if !unreachable.insert(uri.clone()) => {}
                    None => {
                        let loc = self.loc(span);
                        let what: Vec<&str> = includes.iter().map(|(n, _)| n.as_str()).collect();
                        let found = if absolute { "is not a local file" } else { "was not found" };
                        let namespaces = if what.is_empty() {
                            String::new()
                        } else {
                            format!(" (it declares {})", what.join(", "))
                        };
                        let mut note = Diagnostic::note(
                            "N0001",
                            format!("referenced document `{uri}` {found}; skipped{namespaces}"),
                        )
                        .at(loc);
                        // Where it was looked for, unless it is an OASIS vocabulary (whose terms
                        // odatagen knows: nothing is missing).
                        if !what.iter().all(|n| n.starts_with("Org.OData.")) && !names.is_empty() {
                            for dir in std::iter::once(base.clone().unwrap_or_default())
                                .chain(self.search.iter().cloned())
                            {
                                for p in names.iter().map(|n| dir.join(n)) {
                                    if !self.model.absent.contains(&p) {
                                        self.model.absent.push(p);
                                    }
                                }
                            }
                            let folders = match self.search.len() {
                                0 => String::new(),
                                1 => " and in the `--references` folder".to_owned(),
                                n => format!(" and in the {n} `--references` folders"),
                            };
                            let names: Vec<String> =
                                names.iter().map(|n| format!("`{n}`")).collect();
                            note = note.with_note(format!(
                                "looked for {} beside the referencing document{folders}; \
                                 `--references DIR` adds a folder to look in",
                                names.join(" or ")
                            ));
                        }
                        self.diags.push(note);
                    }
                }
            }
        }
    }

}

mod build;
