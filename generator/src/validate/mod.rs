//! `odatagen validate`: every problem of a metadata document in one run.
//!
//! The front end's errors (malformed XML, unresolved types, inheritance cycles, duplicate names,
//! bad keys) and warnings come first; when the document loads, the model checks of this module
//! run over all of it:
//!
//! | code | severity | check |
//! |---|---|---|
//! | E0201 | error | a key property whose type cannot be a key (not a primitive, enum or type definition of a key-able primitive) |
//! | E0202 | error | a nullable key property (a stated key: not one inferred from OpenAPI paths) |
//! | E0203 | error | a navigation property's `Partner` that does not exist or does not point back |
//! | E0204 | error | a navigation property binding or operation import whose entity set is no entity set or singleton of the container |
//! | E0205 | error | a binding path that names no navigation property of the set's type |
//! | E0207 | error | an entity set whose entity type (with its base types) declares no key |
//! | E0206 | error | two types of one namespace, or two members of the entity container, whose names differ only by case |
//! | W0301 | warning | an entity type no entity set, collection-valued or containment navigation property holds (not for inputs stating their HTTP operations) |
//! | W0302 | warning | a type reachable from nothing the service exposes (entity container, HTTP operations) |
//! | W0303 | warning | names in one scope that differ only by case or underscores |
//! | W0304 | warning | a Capabilities restriction whose navigation-property path names nothing |

pub mod checks;

use crate::diagnostics::{Diagnostic, Severity};
use std::path::Path;

/// The result of validating one document.
#[derive(Debug, Clone)]
pub struct Report {
    /// All diagnostics, front end first, then the model checks (each group in source order).
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Exit code: 0 clean, 1 warnings (only), 2 errors. With `fail_on_warnings`, warnings give 2.
    pub fn exit_code(&self, fail_on_warnings: bool) -> u8 {
        if self.count(Severity::Error) > 0 {
            2
        } else if self.count(Severity::Warning) > 0 {
            if fail_on_warnings { 2 } else { 1 }
        } else {
            0
        }
    }

    /// The report as JSON: `{"diagnostics": [...], "summary": {...}}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "diagnostics": self.diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>(),
            "summary": {
                "errors": self.count(Severity::Error),
                "warnings": self.count(Severity::Warning),
                "notes": self.count(Severity::Note),
            }
        })
    }

    /// A one-line summary (`2 errors, 1 warning`).
    pub fn summary(&self) -> String {
        let e = self.count(Severity::Error);
        let w = self.count(Severity::Warning);
        format!(
            "{e} error{}, {w} warning{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        )
    }
}

/// One diagnostic as JSON (file, line and column are null when unknown).
pub fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    serde_json::json!({
        "severity": sev,
        "code": d.code,
        "message": d.message,
        "file": d.location.as_ref().map(|l| l.file.display().to_string()),
        "line": d.location.as_ref().map(|l| l.line),
        "column": d.location.as_ref().map(|l| l.column),
        "notes": d.notes,
    })
}

/// Validate the document at `path` (and the local documents it references).
pub fn validate(path: &Path) -> Report {
    validate_with(path, &crate::frontend::LoadOptions::default())
}

/// [`validate`] with options (folders to look in for referenced documents).
pub fn validate_with(path: &Path, options: &crate::frontend::LoadOptions) -> Report {
    let diagnostics = match crate::frontend::load_with(path, options) {
        Ok((model, mut diags)) => {
            diags.extend(checks::all(&model));
            diags
        }
        Err(e) => e.0,
    };
    Report { diagnostics }
}
