//! Request code: the `requests` module of a generated crate (fluent paths from the entity
//! container, operations, capability-gated query options) and the `request` runtime it uses.
//!
//! Generated per selected entity type: one `Entity` impl (key, property-name enum, capability
//! set) and inherent methods on the runtime's generic `EntityRef<T, C>` /
//! `EntityCollection<T, C>` for navigation properties and bound operations. Per capability set
//! used (`requests::options`, a handful): a marker type and only the query options and
//! operations it allows, so forbidden ones do not exist. Everything else (URLs,
//! query strings, response parsing, errors, paging, the client) is generic runtime code, so the
//! per-type expansion stays small.

pub mod entities;
pub mod operations;
pub mod options;
pub mod root;

use super::EmitOptions;
use super::naming;
use super::plan::{Plan, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use std::path::PathBuf;

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

/// One request file to build (owned data: built on a worker thread).
#[derive(Clone, Debug)]
pub enum RequestFile {
    /// `src/requests/mod.rs`, the service root.
    Root,
    /// `src/requests/options.rs`: the capability sets used, with their methods.
    Options(Vec<crate::ir::capabilities::Allowed>),
    /// `src/requests/params.rs`: the options structs of operations with optional parameters.
    Params,
    /// `src/requests/entities/mod.rs`: the group modules, re-exported.
    EntitiesMod(Vec<String>),
    /// `src/requests/entities/<group>.rs`: entity types and their enum names.
    Group(String, Vec<EnumNames>),
}

/// An entity type and the names of its enums in `requests::entities`.
#[derive(Clone, Debug)]
pub struct EnumNames {
    /// The entity type.
    pub id: TypeId,
    /// Its property names (`$select`, `$orderby`): `UserProperty`.
    pub property: String,
    /// Its navigation property names (`$expand`), if it has any: `UserNavigation`.
    pub navigation: Option<String>,
}

/// The request files for `plan`. Entity types are grouped into files by the first letter of
/// their model file (`a.rs` ... `z.rs`), so large services format in parallel and a change to
/// one type rewrites one group; property-enum names are claimed once, crate-wide, in model order.
pub fn files(plan: &Plan<'_>) -> Vec<RequestFile> {
    let mut scope = naming::Scope::default();
    let mut groups: std::collections::BTreeMap<String, Vec<EnumNames>> = Default::default();
    let ids: Vec<TypeId> = entity_types(plan).collect();
    let properties: Vec<String> = ids
        .iter()
        .map(|&id| scope.claim(&format!("{}Property", plan.names(id).ident)))
        .collect();
    // Claimed after every property enum: a name of either kind never moves the other's.
    let navigations: Vec<Option<String>> = ids
        .iter()
        .map(|&id| {
            plan.members(id)
                .iter()
                .any(|m| m.navigation)
                .then(|| scope.claim(&format!("{}Navigation", plan.names(id).ident)))
        })
        .collect();
    for ((id, property), navigation) in ids.into_iter().zip(properties).zip(navigations) {
        let n = plan.names(id);
        let key = n
            .file
            .chars()
            .next()
            .filter(char::is_ascii_lowercase)
            .map(String::from)
            .unwrap_or_else(|| "other".to_owned());
        groups.entry(key).or_default().push(EnumNames { id, property, navigation });
    }
    let mut out = vec![
        RequestFile::Root,
        RequestFile::Options(options::used(plan)),
        RequestFile::Params,
        RequestFile::EntitiesMod(groups.keys().cloned().collect()),
    ];
    out.extend(groups.into_iter().map(|(k, v)| RequestFile::Group(k, v)));
    out
}

/// Build one request file.
pub fn file(
    plan: &Plan<'_>,
    opts: &EmitOptions,
    f: RequestFile,
) -> Result<(PathBuf, TokenStream), String> {
    let h = |what: &str| super::header(opts, what);
    Ok(match f {
        RequestFile::Root => {
            let h = h(", request paths");
            let body = root::emit(plan, &opts.request);
            ("src/requests/mod.rs".into(), quote::quote!(#h #body))
        }
        RequestFile::Options(sets) => {
            let h = h(", what each resource allows");
            let body = options::emit(&sets, plan.model.protocol.is_legacy());
            ("src/requests/options.rs".into(), quote::quote!(#h #body))
        }
        RequestFile::Params => {
            let h = h(", optional operation parameters");
            let body = operations::emit_params(plan, &opts.request);
            ("src/requests/params.rs".into(), quote::quote!(#h #body))
        }
        RequestFile::EntitiesMod(groups) => {
            let h = h(", request support of the entity types");
            let body = entities::emit_mod(&groups);
            ("src/requests/entities/mod.rs".into(), quote::quote!(#h #body))
        }
        RequestFile::Group(name, types) => {
            let h = h(", request support of the entity types");
            let body = entities::emit(plan, &opts.request, &types);
            (
                PathBuf::from(format!("src/requests/entities/{name}.rs")),
                quote::quote!(#h #body),
            )
        }
    })
}

/// The marker type of a capability set: `crate::requests::options::NoFilterTopSkip`.
pub fn options_path(a: crate::ir::capabilities::Allowed) -> TokenStream {
    let n = naming::Scope::default().claim(&a.name());
    let n = ident(&n);
    quote::quote!(crate::requests::options::#n)
}

/// Is this operation emitted: wanted by the options, and every type it names selected?
pub fn operation_emitted(plan: &Plan<'_>, req: &RequestOptions, index: usize) -> bool {
    let Some(op) = plan.model.operations.get(index) else { return false };
    // OData V1–V3 service operations (and V3 bound functions) take their parameters as literals
    // in the query string: those whose parameters are all primitive are generated.
    if plan.model.protocol.is_legacy() && !operations::legacy_invocable(op) {
        return false;
    }
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
    by_path: &crate::ir::path::PathSelection,
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
