//! Front ends: each reads one input format into the resolved [`crate::ir::Model`].

pub mod csdl;
pub mod openapi;

use crate::diagnostics::{Diagnostic, Errors};
use crate::ir::Model;
use std::path::{Path, PathBuf};

/// How to read metadata: see [`load_with`].
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Keep the example values the document states (OpenAPI `example` and `examples`) in
    /// [`Model::examples`](crate::ir::Model::examples); CSDL states none.
    pub examples: bool,
    /// Folders to look in for the documents a CSDL `edmx:Reference` names, after the referencing
    /// document's own folder (as a compiler's include path): a relative URI as it is, an absolute
    /// one by its file name (`http://redfish.dmtf.org/schemas/v1/Resource_v1.xml` is
    /// `Resource_v1.xml`).
    pub references: Vec<PathBuf>,
}

/// Like [`load`], with the example values the document states (OpenAPI `example` and
/// `examples`) in [`Model::examples`](crate::ir::Model::examples); CSDL states none.
pub fn load_with_examples(path: &Path) -> Result<(Model, Vec<Diagnostic>), Errors> {
    load_with(
        path,
        &LoadOptions {
            examples: true,
            ..LoadOptions::default()
        },
    )
}

/// Load metadata, choosing the front end by content: XML or CSDL JSON (an object with
/// `$Version`) → CSDL, other JSON or YAML → OpenAPI.
pub fn load(path: &Path) -> Result<(Model, Vec<Diagnostic>), Errors> {
    load_with(path, &LoadOptions::default())
}

/// [`load`] with options.
pub fn load_with(path: &Path, options: &LoadOptions) -> Result<(Model, Vec<Diagnostic>), Errors> {
    let bytes = std::fs::read(path).map_err(|e| {
        Errors(vec![Diagnostic::error(
            "E0001",
            format!("cannot read {}: {e}", path.display()),
        )])
    })?;
    load_bytes_as(path, &bytes, options)
}

/// Like [`load`], for a document already in memory (`path` names it in diagnostics and is the
/// base for relative references).
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<(Model, Vec<Diagnostic>), Errors> {
    load_bytes_as(path, bytes, &LoadOptions::default())
}

fn load_bytes_as(
    path: &Path,
    bytes: &[u8],
    options: &LoadOptions,
) -> Result<(Model, Vec<Diagnostic>), Errors> {
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err(Errors(vec![Diagnostic::error(
            "E0003",
            "the metadata file is empty: expected CSDL (XML or JSON) or an OpenAPI document",
        )
        .at_file(path, 1, 1)]));
    }
    if openapi::is_xml(bytes) || is_csdl_json(bytes) {
        csdl::load_bytes_with(path, bytes, &options.references)
    } else if content.contains(&0) {
        // (UTF-16 XML is the CSDL reader's: it says which encoding it is.)
        Err(Errors(vec![Diagnostic::error(
            "E0002",
            "the metadata file is binary (it holds NUL bytes): expected CSDL (XML or JSON) or \
             an OpenAPI document, as UTF-8 text",
        )
        .at_file(path, 1, 1)]))
    } else if options.examples {
        openapi::load_bytes_with_examples(path, bytes)
    } else {
        openapi::load_bytes(path, bytes)
    }
}

/// Is `bytes` a CSDL JSON document? Only when it looks like one (a JSON object that mentions
/// `"$Version"`) are its top-level member names read, without building a tree (the CSDL reader
/// builds the one it reads). A document that then does not parse as JSON is taken for CSDL
/// JSON: the CSDL reader reports its syntax error.
fn is_csdl_json(bytes: &[u8]) -> bool {
    csdl::json::sniff(bytes)
        && serde_json::from_slice::<TopLevel>(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_or(true, |t| t.version && !t.openapi)
}

/// Which of the members that tell CSDL JSON from OpenAPI a JSON object has (values skipped).
#[derive(Default)]
struct TopLevel {
    /// `$Version`.
    version: bool,
    /// `openapi` or `swagger`.
    openapi: bool,
}

impl<'de> serde::Deserialize<'de> for TopLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = TopLevel;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopLevel, A::Error> {
                let mut t = TopLevel::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "$Version" => t.version = true,
                        "openapi" | "swagger" => t.openapi = true,
                        _ => {}
                    }
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(t)
            }
        }
        d.deserialize_map(Keys)
    }
}
