//! Front ends: each reads one input format into the resolved [`crate::ir::Model`].

pub mod csdl;

use crate::diagnostics::{Diagnostic, Errors};
use crate::ir::Model;
use std::path::Path;

/// Load metadata, choosing the front end by content (XML → CSDL).
pub fn load(path: &Path) -> Result<(Model, Vec<Diagnostic>), Errors> {
    csdl::load(path)
}
