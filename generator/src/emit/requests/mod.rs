//! Request code: the `requests` module of a generated crate (fluent paths from the entity
//! container, operations, capability-gated query options) and the `request` runtime it uses.
//!
//! Generated per selected entity type: one `Entity` impl (capabilities as marker types, key,
//! property-name enum) and inherent methods on the runtime's generic `EntityRef<T>` /
//! `EntityCollection<T>` for navigation properties and bound operations. Everything else (URLs,
//! query strings, response parsing, errors, paging, the client) is generic runtime code, so the
//! per-type expansion stays small.

pub mod entities;
pub mod operations;
pub mod paths;
pub mod root;

use super::EmitOptions;
use super::plan::Plan;
use crate::ir::*;
use proc_macro2::TokenStream;
use std::path::PathBuf;

/// The request runtime copied into every generated crate as `src/request.rs`.
pub const RUNTIME: &str = include_str!("../../../runtime/request.rs");

/// Request-related emission settings.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// The service root the generated client uses by default (`requests::BASE_URL`).
    pub base_url: Option<String>,
    /// Operations (sorted indices into [`Model::operations`]) to emit; `None`: every operation
    /// whose binding type and parameter/return types are selected.
    pub operations: Option<Vec<usize>>,
    /// Emit models only: no `request`/`requests` modules, no HTTP dependencies.
    pub models_only: bool,
    /// Operations of this namespace are written unqualified in URLs.
    pub default_namespace: Option<String>,
}

/// The request files of the crate (paths relative to the crate root), in a stable order.
pub fn file_names() -> [&'static str; 3] {
    ["src/request.rs", "src/requests/entities.rs", "src/requests/mod.rs"]
}

/// Build one request file (`index` into [`file_names`]).
pub fn file(plan: &Plan<'_>, opts: &EmitOptions, index: usize) -> Result<(PathBuf, TokenStream), String> {
    let h = |what: &str| super::header(opts, what);
    let name = file_names().get(index).copied().unwrap_or("src/request.rs");
    let tokens = match index {
        0 => {
            let runtime: TokenStream = RUNTIME
                .parse()
                .map_err(|e| format!("request runtime does not lex: {e}"))?;
            let h = h(" (request runtime, the same for every crate)");
            quote::quote!(#h #![doc = ""] #runtime)
        }
        1 => {
            let h = h(", request support of the entity types");
            let body = entities::emit(plan, &opts.request);
            quote::quote!(#h #body)
        }
        _ => {
            let h = h(", request paths");
            let body = root::emit(plan, &opts.request);
            quote::quote!(#h #body)
        }
    };
    Ok((PathBuf::from(name), tokens))
}

/// Is this operation emitted: wanted by the options, and every type it names selected?
pub fn operation_emitted(plan: &Plan<'_>, req: &RequestOptions, index: usize) -> bool {
    let Some(op) = plan.model.operations.get(index) else { return false };
    if let Some(wanted) = &req.operations
        && wanted.binary_search(&index).is_err()
    {
        return false;
    }
    let selected = |t: &TypeRef| match t.target {
        Target::Named(id) => plan.selection.contains(id),
        Target::Primitive(_) => true,
    };
    op.parameters.iter().all(|p| selected(&p.ty))
        && op.return_type.as_ref().is_none_or(|r| selected(&r.ty))
        && (!op.is_bound
            || op.parameters.first().is_some_and(|b| {
                matches!(b.ty.target, Target::Named(id) if is_entity(plan.model, id))
            }))
}

/// An entity type.
pub fn is_entity(model: &Model, id: TypeId) -> bool {
    matches!(model.ty(id).kind, TypeKind::Entity(_))
}

/// Selected entity types, in model order.
pub fn entity_types<'a>(plan: &'a Plan<'_>) -> impl Iterator<Item = TypeId> + 'a {
    plan.selection.ids().filter(|id| is_entity(plan.model, *id))
}

/// The operations a selection emits: `None` (all) when nothing was selected; else those named
/// by a path selector, those bound to a type of the closure of the type selectors, and the
/// imported ones whose parameter or return types include such a type.
pub fn selected_operations(
    model: &Model,
    type_selectors: &[String],
    by_path: &paths::PathSelection,
) -> Result<Option<Vec<usize>>, crate::ir::select::UnknownSelector> {
    if type_selectors.is_empty() && by_path.operations.is_empty() && by_path.types.is_empty() {
        return Ok(None);
    }
    let mut out = by_path.operations.clone();
    if !type_selectors.is_empty() {
        let types = crate::ir::select::Selection::closure(model, type_selectors)?;
        let named = |t: &TypeRef| matches!(t.target, Target::Named(id) if types.contains(id));
        for (i, op) in model.operations.iter().enumerate() {
            let hit = if op.is_bound {
                op.parameters.first().is_some_and(|b| named(&b.ty))
            } else {
                op.parameters.iter().any(|p| named(&p.ty))
                    || op.return_type.as_ref().is_some_and(|r| named(&r.ty))
            };
            if hit {
                out.push(i);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(Some(out))
}
