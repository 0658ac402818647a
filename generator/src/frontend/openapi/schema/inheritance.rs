//! The passes over all types once every schema is read: inheritance (from `anyOf` lists and
//! discriminator mappings, flattened properties, cycles), `<Base>_any` unions for discriminated
//! bases, and entity or complex types with their navigation properties.

use super::annotation;
use crate::diagnostics::{Diagnostic, Location};
use crate::frontend::openapi::{Pending, Reader};
use crate::ir::*;
use std::collections::{HashMap, HashSet};

impl Reader {
    /// Inheritance from anyOf lists and discriminator mappings; flattened properties are
    /// removed from derived types; cycles are errors.
    pub(crate) fn resolve_inheritance(&mut self) {
        for (base, derived) in std::mem::take(&mut self.mapped) {
            if self.pending[derived.index()].st.base.is_none() && derived != base {
                self.pending[derived.index()].st.base = Some(base);
            }
        }
        // Cycles.
        let n = self.pending.len();
        for start in 0..n {
            let mut seen = vec![TypeId(start as u32)];
            let mut cur = self.pending[start].st.base;
            while let Some(b) = cur {
                if seen.contains(&b) {
                    let names: Vec<String> = seen
                        .iter()
                        .map(|t| self.model.ty(*t).qualified_name())
                        .collect();
                    let origin = self.origins[start].clone();
                    if let Some((d, segs)) = self.node_at(&origin)
                        && let Some(node) = d.root.pointer(&segs)
                    {
                        self.error(
                            "E0107",
                            origin.0,
                            node,
                            &origin.1,
                            format!(
                                "inheritance cycle: {} → {}",
                                names.join(" → "),
                                self.model.ty(b).qualified_name()
                            ),
                        );
                    }
                    self.pending[start].st.base = None;
                    break;
                }
                seen.push(b);
                cur = self.pending[b.index()].st.base;
            }
        }
        // Flattened derived types repeat inherited properties: keep only their own.
        for i in 0..n {
            if !self.pending[i].flattened {
                continue;
            }
            let inherited = self.inherited(TypeId(i as u32));
            let p = &mut self.pending[i];
            let keep: Vec<bool> =
                p.st.properties
                    .iter()
                    .map(|q| !inherited.contains_key(&q.name))
                    .collect();
            p.retain_members(&keep);
        }
    }

    /// Copies into each type the members of its mixins (`allOf` references after the base, as
    /// in `allOf: [User, Credentials]`), with the mixins' bases and their own mixins, where each
    /// mixin stands in the `allOf` list, except names the type already has or inherits (the first
    /// declaration wins). Rust has no multiple inheritance: the type holds them as members of its
    /// own.
    pub(crate) fn apply_mixins(&mut self) {
        let n = self.pending.len();
        for i in 0..n {
            let mixins = std::mem::take(&mut self.pending[i].mixins);
            if mixins.is_empty() {
                continue;
            }
            let this = TypeId(i as u32);
            let mut have: HashSet<String> = HashSet::new();
            for t in self.base_chain(this) {
                have.extend(
                    self.pending[t.index()]
                        .st
                        .properties
                        .iter()
                        .map(|p| p.name.clone()),
                );
            }
            let mut seen: HashSet<TypeId> = HashSet::from([this]);
            // Per mixin, in `allOf` order: its position and its members.
            let mut inserts: Vec<(usize, Vec<(Property, bool)>)> = Vec::new();
            for (m, at) in mixins {
                let mut add = Vec::new();
                let mut stack = vec![m];
                while let Some(m) = stack.pop() {
                    if !seen.insert(m) {
                        continue;
                    }
                    // The mixin's bases (root first), then the mixin itself; mixins of those not
                    // applied yet (later in this loop) come after.
                    let chain = self.base_chain(m);
                    for &t in chain.iter().rev() {
                        let p = &self.pending[t.index()];
                        for (k, q) in p.st.properties.iter().enumerate() {
                            if have.insert(q.name.clone()) {
                                add.push((q.clone(), p.nav_flag.get(k).copied().unwrap_or(false)));
                            }
                        }
                        stack.extend(p.mixins.iter().rev().map(|(t, _)| *t));
                    }
                }
                inserts.push((at, add));
            }
            let p = &mut self.pending[i];
            p.nav_flag.resize(p.st.properties.len(), false);
            // From the last position back, so that earlier positions stay valid.
            for (at, add) in inserts.into_iter().rev() {
                let at = at.min(p.st.properties.len());
                let (props, navs): (Vec<Property>, Vec<bool>) = add.into_iter().unzip();
                p.st.properties.splice(at..at, props);
                p.nav_flag.splice(at..at, navs);
            }
        }
    }

    /// Members a type states again that it inherits (once its mixins are in): `allOf: [Base,
    /// {properties: {email: ...}}]` restating `Base`'s `email`, or two mixins over one ancestor
    /// (`Top: allOf [Left, Right]`, each `allOf [Base, Mixin]`). Each name is one member: the
    /// inherited one stands (a value satisfying both schemas reads as it), and a restatement of
    /// another type is warning W0310.
    pub(crate) fn drop_inherited_repeats(&mut self) {
        for i in 0..self.pending.len() {
            let inherited = self.inherited(TypeId(i as u32));
            if inherited.is_empty() {
                continue;
            }
            let mut conflicts = Vec::new();
            let keep: Vec<bool> = self.pending[i]
                .st
                .properties
                .iter()
                .map(|q| match inherited.get(&q.name) {
                    None => true,
                    Some(ty) => {
                        if *ty != q.ty {
                            conflicts.push((q.name.clone(), q.span));
                        }
                        false
                    }
                })
                .collect();
            self.pending[i].retain_members(&keep);
            for (name, span) in conflicts {
                let ty = self.model.ty(TypeId(i as u32)).qualified_name();
                let loc = self.docs.get(span.file as usize).map(|d| Location {
                    file: d.path.clone(),
                    line: span.line,
                    column: span.column,
                });
                self.diags.push(
                    Diagnostic::warning(
                        "W0310",
                        format!(
                            "property `{name}` of `{ty}` restates an inherited one with another \
                             type; the inherited one is used"
                        ),
                    )
                    .at(loc),
                );
            }
        }
    }

    /// The properties `id` inherits, by name (the nearest base's first), with their types.
    fn inherited(&self, id: TypeId) -> HashMap<String, TypeRef> {
        let mut inherited = HashMap::new();
        for b in self.base_chain(id).into_iter().skip(1) {
            for q in &self.pending[b.index()].st.properties {
                inherited.entry(q.name.clone()).or_insert(q.ty);
            }
        }
        inherited
    }

    /// `id` and its bases, nearest first (cycles were broken by `resolve_inheritance`).
    fn base_chain(&self, id: TypeId) -> Vec<TypeId> {
        let mut chain = vec![id];
        let mut cur = self.pending[id.index()].st.base;
        while let Some(b) = cur {
            if chain.contains(&b) {
                break;
            }
            chain.push(b);
            cur = self.pending[b.index()].st.base;
        }
        chain
    }

    /// A base whose discriminator is another member than `@odata.type` (plain OpenAPI
    /// polymorphism: `Pet` with `petType`, `Cat: allOf [Pet, ...]`): every use of the base becomes
    /// a union `<Base>_any` of the base and its descendants, chosen by that member (mapped values,
    /// else the schema names).
    pub(crate) fn discriminated_unions(&mut self) {
        let n = self.pending.len();
        let mut children: Vec<Vec<TypeId>> = vec![Vec::new(); n];
        for (i, p) in self.pending.iter().enumerate() {
            if let Some(b) = p.st.base {
                children[b.index()].push(TypeId(i as u32));
            }
        }
        let mut retarget: Vec<(TypeId, TypeId)> = Vec::new();
        for i in 0..n {
            let Some((prop, tags)) = self.pending[i].discriminator.clone() else {
                continue;
            };
            let base = TypeId(i as u32);
            // The base and its descendants, depth first.
            let mut members = Vec::new();
            let mut stack = vec![base];
            while let Some(t) = stack.pop() {
                if members.contains(&t) {
                    continue;
                }
                members.push(t);
                stack.extend(children[t.index()].iter().rev());
            }
            let alternatives: Vec<UnionAlternative> = members
                .iter()
                .map(|&t| {
                    let mut mapped: Vec<String> = tags
                        .iter()
                        .filter(|(_, d)| *d == t)
                        .map(|(k, _)| k.clone())
                        .collect();
                    // Unmapped: the type's `x-ms-discriminator-value` (Azure), else its name.
                    if mapped.is_empty() {
                        let origin = &self.origins[t.index()];
                        let stated = self.node_at(origin).and_then(|(d, segs)| {
                            d.root
                                .pointer(&segs)
                                .and_then(|n| n.str("x-ms-discriminator-value"))
                                .map(str::to_owned)
                        });
                        match stated {
                            Some(v) => mapped.push(v),
                            None => mapped.extend(super::tree::split_pointer(&origin.1).pop()),
                        }
                    }
                    UnionAlternative {
                        ty: TypeRef {
                            collection: false,
                            target: Target::Named(t),
                        },
                        tags: mapped,
                    }
                })
                .collect();
            let td = &self.model.types[i];
            let (namespace, mut name, span) =
                (td.namespace.clone(), format!("{}_any", td.name), td.span);
            if self
                .model
                .by_name
                .contains_key(&format!("{namespace}.{name}"))
            {
                name = self.free_name(&namespace, &name);
            }
            let qualified = format!("{namespace}.{name}");
            let id = TypeId(self.model.types.len() as u32);
            let mut annotations = Annotations::default();
            annotations.push(annotation(
                "Description",
                &format!(
                    // Plain text: descriptions are metadata text, escaped for rustdoc.
                    "{} or a type derived from it, chosen by its member \"{prop}\".",
                    self.model.types[i].qualified_name()
                ),
            ));
            self.model.types.push(TypeDef {
                namespace,
                name,
                kind: TypeKind::Union(UnionType {
                    alternatives,
                    discriminator: Some(prop),
                }),
                annotations,
                span,
            });
            self.model.by_name.insert(qualified, id);
            self.derived.insert(id);
            let origin = self.origins[i].clone();
            self.origins
                .push((origin.0, format!("{}/discriminator", origin.1)));
            self.pending.push(Pending::default());
            retarget.push((base, id));
        }
        if retarget.is_empty() {
            return;
        }
        let map = |t: &mut TypeRef| {
            if let Target::Named(x) = t.target
                && let Some((_, u)) = retarget.iter().find(|(b, _)| *b == x)
            {
                t.target = Target::Named(*u);
            }
        };
        for p in &mut self.pending {
            for q in &mut p.st.properties {
                map(&mut q.ty);
            }
        }
        for o in &mut self.model.operations {
            for q in o.parameters.iter_mut().skip(usize::from(o.is_bound)) {
                map(&mut q.ty);
            }
            if let Some(r) = &mut o.return_type {
                map(&mut r.ty);
            }
        }
        for h in &mut self.model.http {
            for q in &mut h.parameters {
                map(&mut q.ty);
            }
            if let Some(b) = &mut h.request_body {
                map(&mut b.ty);
            }
            for r in &mut h.responses {
                if let Some(t) = &mut r.ty {
                    map(t);
                }
            }
        }
    }

    /// Entity or complex, navigation properties, derived lists: write the pending data into the model.
    pub(crate) fn finish_types(&mut self) {
        let n = self.pending.len();
        // Navigation targets are entity types.
        for i in 0..n {
            let p = &self.pending[i];
            let targets: Vec<TypeId> =
                p.st.properties
                    .iter()
                    .zip(&p.nav_flag)
                    .filter(|(_, f)| **f)
                    .filter_map(|(q, _)| match q.ty.target {
                        Target::Named(t) => Some(t),
                        _ => None,
                    })
                    .collect();
            self.entity_evidence.extend(targets);
        }
        let root_of = |pending: &[Pending], mut t: TypeId| {
            let mut guard = 0;
            while let Some(b) = pending[t.index()].st.base {
                t = b;
                guard += 1;
                if guard > pending.len() {
                    break;
                }
            }
            t
        };
        let entity_roots: HashSet<TypeId> = self
            .entity_evidence
            .iter()
            .filter(|t| self.pending.get(t.index()).is_some_and(|p| p.is_struct))
            .map(|t| root_of(&self.pending, *t))
            .collect();
        let is_entity: Vec<bool> = (0..n)
            .map(|i| {
                self.pending[i].is_struct
                    && entity_roots.contains(&root_of(&self.pending, TypeId(i as u32)))
            })
            .collect();
        let bases: Vec<Option<TypeId>> = self.pending.iter().map(|p| p.st.base).collect();
        let mut derived: Vec<Vec<TypeId>> = vec![Vec::new(); n];
        for (i, p) in self.pending.iter().enumerate() {
            if let Some(b) = p.st.base {
                derived[b.index()].push(TypeId(i as u32));
            }
        }
        for i in 0..n {
            if !self.pending[i].is_struct {
                continue;
            }
            let mut p = std::mem::take(&mut self.pending[i]);
            // Members are optional unless `required` lists them, in every OpenAPI document (also
            // those rendering an OData service, or using `$filter` as Azure's do).
            self.model.types[i].annotations.push(crate::ir::facts::flag(
                crate::ir::facts::PRESENCE_BY_REQUIRED,
            ));
            let mut ds = std::mem::take(&mut derived[i]);
            ds.sort_by_key(|d| self.model.ty(*d).qualified_name());
            p.st.derived = ds;
            let mut structural = Vec::new();
            for (prop, flag) in
                p.st.properties
                    .drain(..)
                    .zip(p.nav_flag.iter().copied().chain(std::iter::repeat(false)))
            {
                let to_entity = matches!(prop.ty.target, Target::Named(t) if is_entity[t.index()]);
                if to_entity || (flag && matches!(prop.ty.target, Target::Named(_))) {
                    // Contained: addressed by key beneath its owner (this type or a derived one)
                    // while no entity set holds the target type.
                    let contained = match prop.ty.target {
                        Target::Named(target) => {
                            !self.set_types.contains(&target)
                                && self.keyed_navigation.iter().any(|(o, n)| {
                                    *n == prop.name
                                        && (o.index() == i
                                            || is_ancestor(&bases, TypeId(i as u32), *o))
                                })
                        }
                        Target::Primitive(_) => false,
                    };
                    p.st.navigation.push(NavigationProperty {
                        name: prop.name,
                        ty: prop.ty,
                        nullable: prop.nullable,
                        contains_target: contained,
                        partner: None,
                        annotations: prop.annotations,
                        span: prop.span,
                    });
                } else {
                    structural.push(prop);
                }
            }
            p.st.properties = structural;
            self.model.types[i].kind = if is_entity[i] {
                TypeKind::Entity(p.st)
            } else {
                TypeKind::Complex(p.st)
            };
        }
    }
}

/// Is `a` a base (transitively) of `t`?
fn is_ancestor(bases: &[Option<TypeId>], a: TypeId, t: TypeId) -> bool {
    let mut cur = bases.get(t.index()).copied().flatten();
    for _ in 0..bases.len() {
        let Some(b) = cur else { return false };
        if b == a {
            return true;
        }
        cur = bases.get(b.index()).copied().flatten();
    }
    false
}

impl Pending {
    /// Keeps the members whose `keep` is true (`st.properties` and `nav_flag` side by side).
    fn retain_members(&mut self, keep: &[bool]) {
        let mut k = keep.iter();
        self.st.properties.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.nav_flag.retain(|_| *k.next().unwrap_or(&true));
    }
}
