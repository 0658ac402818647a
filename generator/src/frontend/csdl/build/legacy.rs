//! OData V1–V3 metadata (EDMX 1.0) where it differs from V4: navigation properties typed by an
//! `Association` (`Relationship`, `FromRole`, `ToRole`) instead of `Type`, navigation bindings
//! stated by `AssociationSet`s, and `FunctionImport`s that declare their own parameters and
//! return type instead of naming a `Function` or `Action`. Each is turned into its V4 form, so
//! nothing past the IR knows the difference (beyond [`Protocol`], which fixes the JSON format).

use super::super::Names;
use super::super::annotation;
use super::super::xml::Element;
use super::{Builder, parse_bool};
use crate::ir::*;

impl<'a> Builder<'a> {
    /// Indexes every `Association` by its qualified name (and its alias-qualified name).
    pub(super) fn index_associations(&mut self, schemas: &[(usize, &'a Element)]) {
        for &(di, s) in schemas {
            let Some(ns) = s.attr("Namespace") else {
                continue;
            };
            for a in s.children_named("Association") {
                if let Some(name) = a.attr("Name") {
                    self.associations.insert(format!("{ns}.{name}"), (di, a));
                }
            }
        }
    }

    /// The type of a V1–V3 navigation property `p`, from the `ToRole` end of its association:
    /// the end's entity type, a collection when its multiplicity is `*`, nullable unless it is
    /// `1`. Errors (E0005, E0102) at the attribute at fault.
    pub(super) fn association_target(
        &mut self,
        di: usize,
        p: &Element,
        name: &str,
        names: &Names,
    ) -> Option<(TypeRef, bool)> {
        let (Some(rel), Some(to)) = (p.attr("Relationship"), p.attr("ToRole")) else {
            self.err(
                "E0005",
                di,
                p.offset,
                format!(
                    "navigation property `{name}` without a `Type` (V4) or a `Relationship` and \
                     `ToRole` (V2/V3)"
                ),
            );
            return None;
        };
        let Some(&(adi, association)) = self.associations.get(&names.qualify(rel)) else {
            self.err(
                "E0102",
                di,
                p.attr_offset("Relationship"),
                format!("unresolved association `{rel}`"),
            );
            return None;
        };
        let Some(end) = association
            .children_named("End")
            .find(|e| e.attr("Role") == Some(to))
        else {
            self.err(
                "E0102",
                di,
                p.attr_offset("ToRole"),
                format!("association `{rel}` has no end with role `{to}`"),
            );
            return None;
        };
        let Some(raw) = end.attr("Type") else {
            self.err(
                "E0005",
                di,
                p.attr_offset("ToRole"),
                format!("the end `{to}` of association `{rel}` has no `Type`"),
            );
            return None;
        };
        let mut ty = self.type_ref(raw, adi, end.attr_offset("Type"), names)?;
        let multiplicity = end.attr("Multiplicity").unwrap_or("*").trim();
        ty.collection = multiplicity == "*";
        Some((ty, multiplicity != "1"))
    }

    /// The partner of V1–V3 navigation property `p` of a type: the navigation property of
    /// `target` over the same association from the other end.
    pub(super) fn association_partner(
        &self,
        p: &Element,
        target: TypeId,
        names: &Names,
    ) -> Option<String> {
        let rel = names.qualify(p.attr("Relationship")?);
        let to = p.attr("ToRole")?;
        let (_, el) = self.type_elems.get(target.index())?;
        el.children_named("NavigationProperty")
            .find(|n| {
                n.attr("Relationship").is_some_and(|r| names.qualify(r) == rel)
                    && n.attr("FromRole") == Some(to)
            })
            .and_then(|n| n.attr("Name").map(str::to_owned))
    }

    /// Navigation bindings of entity set `set` (of type `ty`) stated by the `AssociationSet`s of
    /// `container`: for each navigation property of the type (and its base types) whose
    /// association has a set with this entity set at the `FromRole` end, the entity set at the
    /// other end.
    pub(super) fn association_bindings(
        &self,
        di: usize,
        container: &Element,
        set: &str,
        ty: TypeId,
        names: &Names,
    ) -> Vec<Binding> {
        let mut out = Vec::new();
        let mut chain = self.model.ancestors(ty);
        chain.insert(0, ty);
        for t in chain {
            let Some(&(_, el)) = self.type_elems.get(t.index()) else {
                continue;
            };
            for nav in el.children_named("NavigationProperty") {
                let (Some(name), Some(rel), Some(from), Some(to)) = (
                    nav.attr("Name"),
                    nav.attr("Relationship"),
                    nav.attr("FromRole"),
                    nav.attr("ToRole"),
                ) else {
                    continue;
                };
                let rel = names.qualify(rel);
                let target = container
                    .children_named("AssociationSet")
                    .filter(|s| {
                        s.attr("Association").is_some_and(|a| names.qualify(a) == rel)
                    })
                    .find_map(|s| {
                        let end = |role: &str| {
                            s.children_named("End")
                                .find(|e| e.attr("Role") == Some(role))
                                .and_then(|e| e.attr("EntitySet"))
                        };
                        (end(from) == Some(set)).then(|| end(to)).flatten()
                    });
                if let Some(target) = target {
                    out.push(Binding {
                        path: name.to_owned(),
                        target: target.to_owned(),
                        span: self.span(di, nav.offset),
                    });
                }
            }
        }
        out
    }

    /// A V1–V3 `FunctionImport` (no `Function` attribute): the operation it declares, added to
    /// the model in the container's namespace. A service operation with `HttpMethod="GET"` (V2),
    /// or `IsSideEffecting="false"` (V3), is a function; any other is an action. A V3 import with
    /// `IsBindable="true"` is bound to its first parameter, and is not an import (`None`).
    pub(super) fn legacy_function_import(
        &mut self,
        ns: &str,
        di: usize,
        el: &'a Element,
        names: &Names,
    ) -> Option<usize> {
        let name = el.attr("Name")?;
        let parameters = self.parameters(di, el, names);
        let return_type = match el.attr("ReturnType") {
            Some(raw) => Some(ReturnType {
                ty: self.type_ref(raw, di, el.attr_offset("ReturnType"), names)?,
                nullable: true,
            }),
            None => None,
        };
        let kind = match (el.attr("HttpMethod"), el.attr("IsSideEffecting")) {
            (Some(m), _) if m.trim().eq_ignore_ascii_case("GET") => OperationKind::Function,
            (None, Some("false")) => OperationKind::Function,
            _ => OperationKind::Action,
        };
        let is_bound = is_bindable(el) && !parameters.is_empty();
        // V3 declares its actions and functions without an HTTP method; V1 and V2 know service
        // operations only.
        let v3 = matches!(&self.model.protocol, Protocol::Legacy(v) if v.trim().starts_with('3'));
        let service_operation = !v3 || el.attr("HttpMethod").is_some();
        self.model.operations.push(Operation {
            namespace: ns.to_owned(),
            name: name.to_owned(),
            kind,
            is_bound,
            is_composable: parse_bool(el.attr("IsComposable"), false),
            entity_set_path: None,
            service_operation,
            parameters,
            return_type,
            annotations: annotation::inline(el, names),
            span: self.span(di, el.attr_offset("Name")),
        });
        (!is_bound).then(|| self.model.operations.len() - 1)
    }
}

/// `IsBindable="true"` (OData V3): the `FunctionImport` is bound to its first parameter.
fn is_bindable(el: &Element) -> bool {
    parse_bool(el.attr("IsBindable"), false)
}

/// The binding parameter's type of a V3 `FunctionImport` with `IsBindable="true"`.
pub(super) fn binding_type(el: &Element) -> Option<&str> {
    if el.name != "FunctionImport" || !is_bindable(el) {
        return None;
    }
    el.children.iter().find(|c| c.name == "Parameter")?.attr("Type")
}
