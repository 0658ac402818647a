//! Front ends: each reads one input format into the resolved [`crate::ir::Model`].

pub mod csdl;
pub mod openapi;

use crate::diagnostics::{Diagnostic, Errors};
use crate::ir::Model;
use std::path::Path;

/// Like [`load`], with the example values the document states (OpenAPI `example` and
/// `examples`) in [`Model::examples`](crate::ir::Model::examples); CSDL states none.
pub fn load_with_examples(path: &Path) -> Result<(Model, Vec<Diagnostic>), Errors> {
    read_and_load(path, true)
}

/// Load metadata, choosing the front end by content: XML or CSDL JSON (an object with
/// `$Version`) → CSDL, other JSON or YAML → OpenAPI.
pub fn load(path: &Path) -> Result<(Model, Vec<Diagnostic>), Errors> {
    read_and_load(path, false)
}

fn read_and_load(path: &Path, examples: bool) -> Result<(Model, Vec<Diagnostic>), Errors> {
    let bytes = std::fs::read(path).map_err(|e| {
        Errors(vec![Diagnostic::error(
            "E0001",
            format!("cannot read {}: {e}", path.display()),
        )])
    })?;
    load_bytes_as(path, &bytes, examples)
}

/// Like [`load`], for a document already in memory (`path` names it in diagnostics and is the
/// base for relative references).
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<(Model, Vec<Diagnostic>), Errors> {
    load_bytes_as(path, bytes, false)
}

fn load_bytes_as(
    path: &Path,
    bytes: &[u8],
    examples: bool,
) -> Result<(Model, Vec<Diagnostic>), Errors> {
    if openapi::is_xml(bytes) || is_csdl_json(bytes) {
        csdl::load_bytes(path, bytes)
    } else if examples {
        openapi::load_bytes_with_examples(path, bytes)
    } else {
        openapi::load_bytes(path, bytes)
    }
}

/// Is `bytes` a CSDL JSON document? (Parsed only when it looks like one: a JSON object that
/// mentions `"$Version"`; a document that then does not parse is taken for CSDL JSON.)
fn is_csdl_json(bytes: &[u8]) -> bool {
    csdl::json::sniff(bytes)
        && std::str::from_utf8(bytes).ok().is_some_and(|t| {
            // A syntax error is reported by the CSDL reader, as the document looks like CSDL.
            openapi::tree::parse(t.trim_start_matches('\u{feff}'))
                .map_or(true, |root| csdl::json::is_csdl(&root))
        })
}
