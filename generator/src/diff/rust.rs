//! Rust names of types, fields and enum variants as the emitter gives them (whole model selected).

use crate::emit::enums::CATCH_ALL;
use crate::emit::naming::{self, Scope};
use crate::emit::plan::Plan;
use crate::emit::structs::RESERVED_FIELDS;
use crate::ir::select::Selection;
use crate::ir::*;
use std::collections::BTreeMap;

/// The generated Rust names of one model (every type selected, as `odatagen generate` without
/// `--include` does).
pub struct RustNames {
    paths: Vec<Option<String>>,
    fields: Vec<BTreeMap<String, String>>,
    variants: Vec<BTreeMap<String, String>>,
}

impl RustNames {
    /// Plan the whole model and record its names.
    pub fn new(model: &Model) -> Self {
        let selection = Selection::all(model);
        let plan = Plan::new(model, &selection);
        let n = model.types.len();
        let mut paths = vec![None; n];
        let mut fields = vec![BTreeMap::new(); n];
        let mut variants = vec![BTreeMap::new(); n];
        for id in selection.ids() {
            let Some(names) = plan.names.get(id.index()).and_then(Option::as_ref) else {
                continue;
            };
            let mut path = vec!["models".to_owned()];
            path.extend(names.module.iter().cloned());
            path.push(names.ident.clone());
            paths[id.index()] = Some(path.join("::"));
            match &model.ty(id).kind {
                TypeKind::Entity(_) | TypeKind::Complex(_) => {
                    // As `emit::structs::emit` names fields: members in order, one scope.
                    let mut scope = Scope::with_reserved(RESERVED_FIELDS);
                    for m in plan.members(id) {
                        let f = scope.claim(&naming::snake(m.name));
                        fields[id.index()].entry(m.name.to_owned()).or_insert(f);
                    }
                }
                TypeKind::Enum(e) => {
                    // As `emit::enums::emit` names variants.
                    let mut scope = Scope::with_reserved(&[CATCH_ALL]);
                    for m in &e.members {
                        let v = scope.claim(&naming::variant(&m.name));
                        variants[id.index()].entry(m.name.clone()).or_insert(v);
                    }
                }
                // Unions, maps and arrays (OpenAPI input) have no members to rename.
                TypeKind::Definition(_)
                | TypeKind::Union(_)
                | TypeKind::Map(_)
                | TypeKind::Array(_) => {}
            }
        }
        RustNames {
            paths,
            fields,
            variants,
        }
    }

    /// `models::module::Type`.
    pub fn type_path(&self, id: TypeId) -> Option<String> {
        self.paths.get(id.index()).cloned().flatten()
    }

    /// Wire name → field name (inherited members included).
    pub fn fields(&self, id: TypeId) -> BTreeMap<String, String> {
        self.fields.get(id.index()).cloned().unwrap_or_default()
    }

    /// Member name → variant name.
    pub fn variants(&self, id: TypeId) -> BTreeMap<String, String> {
        self.variants.get(id.index()).cloned().unwrap_or_default()
    }
}
