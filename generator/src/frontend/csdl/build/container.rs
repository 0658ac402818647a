//! The entity container: the main document's, with the containers it `Extends` (in any
//! document), and the entity types and navigation bindings its members name.

use super::super::Names;
use super::super::annotation;
use super::super::xml::Element;
use super::Builder;
use crate::diagnostics::Diagnostic;
use crate::ir::*;
use std::collections::{HashMap, HashSet};

impl<'a> Builder<'a> {
    fn entity_type(
        &mut self,
        raw: &str,
        di: usize,
        offset: usize,
        names: &Names,
    ) -> Option<TypeId> {
        let r = self.type_ref(raw, di, offset, names)?;
        match r.target {
            Target::Named(t)
                if !r.collection && matches!(self.model.ty(t).kind, TypeKind::Entity(_)) =>
            {
                Some(t)
            }
            _ => {
                self.err(
                    "E0106",
                    di,
                    offset,
                    format!("`{raw}` is not an entity type"),
                );
                None
            }
        }
    }

    fn bindings(&self, di: usize, el: &Element) -> Vec<Binding> {
        el.children_named("NavigationPropertyBinding")
            .filter_map(|b| {
                Some(Binding {
                    path: b.attr("Path")?.to_owned(),
                    target: b.attr("Target")?.to_owned(),
                    span: self.span(di, b.offset),
                })
            })
            .collect()
    }

    /// The service's entity container: the main document's. Several there are accepted when
    /// they form one `Extends` chain (DMTF Redfish declares a container per schema version, each
    /// extending the one before); the container no other extends is the service's, holding the
    /// members of every container it extends, the extending one's member winning on a name.
    pub(super) fn service_container(
        &mut self,
        all: &[(String, usize, &'a Element)],
        names: &Names,
    ) {
        let mut main: Vec<&(String, usize, &'a Element)> =
            all.iter().filter(|(_, di, _)| *di == 0).collect();
        // OData V1–V3: of several containers, the service's is marked the default one.
        if main.len() > 1
            && main.iter().any(|(_, _, el)| is_default_container(el))
        {
            main.retain(|(_, _, el)| is_default_container(el));
        }
        for &&(_, di, el) in &main {
            if el.attr("Name").is_none() {
                self.err(
                    "E0005",
                    di,
                    el.offset,
                    "`EntityContainer` without a `Name`".into(),
                );
                return;
            }
        }
        let extended: HashSet<String> = main
            .iter()
            .filter_map(|(_, _, el)| el.attr("Extends").map(|e| names.qualify(e)))
            .collect();
        let mut leaves = main.iter().filter(|(q, _, _)| !extended.contains(q));
        let Some(&&(ref leaf_name, leaf_doc, leaf)) = leaves.next().or(main.first()) else {
            return;
        };
        // A service has exactly one (CSDL); of several that do not form one chain, the first is
        // taken, and each other one is said to be left out (its types are models all the same).
        for &&(ref q, di, el) in &main {
            if q != leaf_name && !extended.contains(q) {
                let loc = self.loc(self.span(di, el.offset));
                let d = Diagnostic::warning(
                    "W0102",
                    format!(
                        "more than one `EntityContainer`: `{leaf_name}` is the service's (the \
                         first), so the entity sets, singletons and imports of `{q}` get no \
                         request code"
                    ),
                )
                .at(loc)
                .with_note(
                    "a service has exactly one entity container (or one that extends the others)"
                        .to_owned(),
                );
                self.diags.push(d);
            }
        }
        // The chain from the leaf to its first base.
        let mut chain = vec![(leaf_doc, leaf)];
        let mut visited: HashSet<&str> = HashSet::from([leaf_name.as_str()]);
        while let Some(&(current_doc, current)) = chain.last()
            && let Some(raw) = current.attr("Extends")
        {
            let q = names.qualify(raw);
            match all.iter().find(|(name, _, _)| *name == q) {
                Some((name, di, el)) if visited.insert(name.as_str()) => chain.push((*di, el)),
                Some(_) => {
                    self.err(
                        "E0101",
                        current_doc,
                        current.attr_offset("Extends"),
                        format!("entity container `{q}` extends itself (through `Extends`)"),
                    );
                    break;
                }
                None => {
                    self.err(
                        "E0102",
                        current_doc,
                        current.attr_offset("Extends"),
                        format!("unresolved entity container `{raw}`"),
                    );
                    break;
                }
            }
        }
        let ns = leaf_name
            .rsplit_once('.')
            .map_or("", |(ns, _)| ns)
            .to_owned();
        let mut c = Container {
            namespace: ns,
            name: leaf.attr("Name").unwrap_or_default().to_owned(),
            entity_sets: Vec::new(),
            singletons: Vec::new(),
            imports: Vec::new(),
            annotations: annotation::inline(leaf, names),
            span: self.span(leaf_doc, leaf.offset),
        };
        for &(di, el) in chain.iter().rev() {
            self.container_members(&mut c, di, el, names);
        }
        self.model.container = Some(c);
    }

    /// Adds the members of container element `el` to `c` (a member named like one already there
    /// replaces it: see [`Self::service_container`]).
    fn container_members(&mut self, c: &mut Container, di: usize, el: &'a Element, names: &Names) {
        let cname = el.attr("Name").unwrap_or_default();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for child in &el.children {
            let Some(name) = child.attr("Name") else {
                continue;
            };
            if !matches!(
                child.name.as_str(),
                "EntitySet" | "Singleton" | "FunctionImport" | "ActionImport"
            ) {
                continue;
            }
            let span = self.span(di, child.attr_offset("Name"));
            // A V3 bound operation (`IsBindable="true"`) is no member of the container: its
            // overloads differ by binding type (ASP.NET Web API's `CheckOut` of a movie and of
            // the collection of movies).
            let key = match super::legacy::binding_type(child) {
                Some(binding) if self.model.protocol.is_legacy() => format!("{name}({binding})"),
                _ => name.to_owned(),
            };
            if let Some(first) = seen.get(&key).copied() {
                let d = Diagnostic::error(
                    "E0101",
                    format!("duplicate name `{name}` in entity container `{cname}`"),
                )
                .at(self.loc(span));
                let d = self.note_at(d, "first declared at", first);
                self.diags.push(d);
                continue;
            }
            seen.insert(key, span);
            match child.name.as_str() {
                "EntitySet" => {
                    let Some(raw) = child.attr("EntityType") else {
                        continue;
                    };
                    if let Some(t) =
                        self.entity_type(raw, di, child.attr_offset("EntityType"), names)
                    {
                        let mut bindings = self.bindings(di, child);
                        bindings.extend(self.association_bindings(di, el, name, t, names));
                        c.remove_member(name);
                        c.entity_sets.push(EntitySet {
                            name: name.to_owned(),
                            entity_type: t,
                            bindings,
                            annotations: annotation::inline(child, names),
                            span,
                        });
                    }
                }
                "Singleton" => {
                    let Some(raw) = child.attr("Type") else {
                        continue;
                    };
                    if let Some(t) = self.entity_type(raw, di, child.attr_offset("Type"), names) {
                        let bindings = self.bindings(di, child);
                        c.remove_member(name);
                        c.singletons.push(Singleton {
                            name: name.to_owned(),
                            entity_type: t,
                            bindings,
                            annotations: annotation::inline(child, names),
                            span,
                        });
                    }
                }
                "FunctionImport"
                    if child.attr("Function").is_none() && self.model.protocol.is_legacy() =>
                {
                    // OData V1–V3: the import declares its operation.
                    let ns = c.namespace.clone();
                    if let Some(op) = self.legacy_function_import(&ns, di, child, names) {
                        c.remove_member(name);
                        c.imports.push(OperationImport {
                            name: name.to_owned(),
                            kind: self.model.operations[op].kind,
                            operations: vec![op],
                            entity_set: child.attr("EntitySet").map(str::to_owned),
                            span,
                        });
                    }
                }
                kind => {
                    let (attr, okind) = if kind == "FunctionImport" {
                        ("Function", OperationKind::Function)
                    } else {
                        ("Action", OperationKind::Action)
                    };
                    let Some(raw) = child.attr(attr) else {
                        continue;
                    };
                    let q = names.qualify(raw);
                    let ops: Vec<usize> = self
                        .model
                        .operations
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| {
                            o.kind == okind
                                && !o.is_bound
                                && format!("{}.{}", o.namespace, o.name) == q
                        })
                        .map(|(i, _)| i)
                        .collect();
                    if ops.is_empty() {
                        self.err(
                            "E0102",
                            di,
                            child.attr_offset(attr),
                            format!("unresolved unbound {} `{raw}`", attr.to_lowercase()),
                        );
                        continue;
                    }
                    c.remove_member(name);
                    c.imports.push(OperationImport {
                        name: name.to_owned(),
                        kind: okind,
                        operations: ops,
                        entity_set: child.attr("EntitySet").map(str::to_owned),
                        span,
                    });
                }
            }
        }
    }
}

/// `m:IsDefaultEntityContainer="true"` (OData V1–V3).
fn is_default_container(el: &Element) -> bool {
    el.attr("IsDefaultEntityContainer") == Some("true")
}
