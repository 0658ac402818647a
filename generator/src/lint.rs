//! Checks of the resolved model that are not errors: problems a metadata author should hear about.

use crate::diagnostics::{Diagnostic, Location};
use crate::ir::select::Selection;
use crate::ir::*;

/// Selected entity types that no entity set, no collection-valued navigation property and no
/// containment navigation property holds: the service gives them no collection URL (Graph's docs
/// say "Collection URI for ... not found").
///
/// Not for a model whose input states its HTTP operations (OpenAPI): there the entity types and
/// their sets are inferred from the paths, requests are the operations as stated (the `rest`
/// module), and a type served only by `GET /servers/{id}` or sent only in a `POST` body misses
/// nothing (a plain REST document got a warning for most of its types).
pub fn selection_warnings(model: &Model, selection: &Selection) -> Vec<Diagnostic> {
    if !model.http.is_empty() {
        return Vec::new();
    }
    let mut has_collection = vec![false; model.types.len()];
    if let Some(c) = &model.container {
        for s in &c.entity_sets {
            has_collection[s.entity_type.index()] = true;
        }
        // A singleton is addressable by itself: its type needs no collection URL.
        for s in &c.singletons {
            has_collection[s.entity_type.index()] = true;
        }
    }
    for t in &model.types {
        if let Some(st) = t.as_struct() {
            for n in &st.navigation {
                // A contained entity is addressed through its container's navigation, single-
                // valued too (CAP's `DraftAdministrativeData`): it belongs in no entity set.
                if let (true, Target::Named(target)) =
                    (n.ty.collection || n.contains_target, n.ty.target)
                {
                    has_collection[target.index()] = true;
                }
            }
        }
    }
    let mut out = Vec::new();
    for id in selection.ids() {
        let td = model.ty(id);
        let TypeKind::Entity(st) = &td.kind else { continue };
        if st.is_abstract || has_collection[id.index()] {
            continue;
        }
        // A collection of a base type also holds derived instances.
        if model.ancestors(id).iter().any(|a| has_collection[a.index()]) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "W0301",
                format!(
                    "Collection URI for {} not found: no entity set or collection-valued navigation property holds this entity type",
                    td.qualified_name()
                ),
            )
            .at(Location::of(td.span, &model.sources))
            .with_note("create requests for it need a collection URL supplied by the caller"),
        );
    }
    out
}

/// Capabilities restrictions whose navigation-property path names nothing
/// (`NavigationRestrictions/RestrictedProperties`, `<Annotations>` targeting a container path):
/// the restriction cannot be applied to any request builder.
pub fn capability_warnings(model: &Model) -> Vec<Diagnostic> {
    crate::ir::capabilities::NavigationRestrictions::new(model)
        .unresolved
        .into_iter()
        .map(|u| {
            Diagnostic::warning(
                "W0304",
                format!(
                    "Capabilities restriction of `{}` for navigation path `{}` is not applied: {}",
                    u.owner, u.path, u.reason
                ),
            )
            .at(Location::of(u.span, &model.sources))
        })
        .collect()
}

/// Bound operations whose binding parameter is not a type of the model (`Edm.EntityType`,
/// `Edm.ComplexType`, `Edm.Untyped`, a primitive): they apply to any value of that kind, but bound
/// operations are methods of their binding type's request builders, so they get none.
pub fn unbindable_operation_notes(model: &Model) -> Vec<Diagnostic> {
    model
        .operations
        .iter()
        .filter(|op| op.is_bound)
        .filter_map(|op| {
            let binding = op.parameters.first()?;
            let crate::ir::Target::Primitive(p) = binding.ty.target else { return None };
            Some(
                Diagnostic::note(
                    "N0302",
                    format!(
                        "bound {} `{}.{}` is bound to {}, not to a type of the model: no request \
                         code is generated for it",
                        match op.kind {
                            crate::ir::OperationKind::Action => "action",
                            crate::ir::OperationKind::Function => "function",
                        },
                        op.namespace,
                        op.name,
                        if p == crate::ir::Primitive::Untyped {
                            "an abstract type (`Edm.EntityType`, `Edm.ComplexType`, `Edm.Untyped`)".to_owned()
                        } else {
                            format!("`{}`", p.edm_name())
                        },
                    ),
                )
                .at(Location::of(binding.span, &model.sources)),
            )
        })
        .collect()
}

/// The errors `odatagen validate` finds in the model (a key of a type that cannot be a key, a
/// binding to a missing entity set, ...), as warnings W0200: code is generated (services such as
/// Northwind have such metadata and work), but the user hears of them.
pub fn validation_failures(model: &Model) -> Vec<Diagnostic> {
    use crate::validate::checks;
    let mut out: Vec<Diagnostic> = [checks::keys(model), checks::set_keys(model), checks::partners(model), checks::bindings(model), checks::names(model)]
        .into_iter()
        .flatten()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| Diagnostic {
            severity: crate::diagnostics::Severity::Warning,
            code: "W0200",
            message: d.message,
            location: d.location,
            notes: std::iter::once(format!("`odatagen validate` reports this as error {}", d.code))
                .chain(d.notes)
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| a.location.cmp(&b.location));
    out
}
