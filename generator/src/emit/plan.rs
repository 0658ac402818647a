//! The emission plan: module tree, Rust names of every selected type, polymorphic enums, and the
//! fields that need a `Box` to break recursion. Computed once, before any code is built.

use super::naming::{self, Scope};
use crate::ir::select::Selection;
use crate::ir::*;
use proc_macro2::{Ident, Span as PmSpan, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where and how one selected type is emitted.
#[derive(Clone, Debug)]
pub struct TypeNames {
    /// Module path under `models` (empty: the root namespace).
    pub module: Vec<String>,
    /// The Rust type name.
    pub ident: String,
    /// The polymorphic enum's name, when the type has selected derived types.
    pub any_ident: Option<String>,
    /// The private file module (`<file>.rs`) holding it.
    pub file: String,
}

/// The plan.
pub struct Plan<'m> {
    /// The model.
    pub model: &'m Model,
    /// The selection.
    pub selection: &'m Selection,
    /// Per type (index = TypeId), for selected types.
    pub names: Vec<Option<TypeNames>>,
    /// Module path → namespaces whose types live there, and child modules.
    pub modules: BTreeMap<Vec<String>, ModuleInfo>,
    /// Selected descendants of each polymorphic type (those with an `Any` enum), stable order.
    pub descendants: HashMap<TypeId, Vec<TypeId>>,
    /// (owner, property wire name) pairs whose value is boxed: to break a recursive layout, and
    /// every single-valued navigation property to a (non-polymorphic) struct: it is absent unless
    /// expanded, and an entity inline would make each struct that can reach it as large as the
    /// whole graph below it (Graph's `sharedDriveItem` was 40 KB, initialised, moved and dropped
    /// with every value read).
    pub boxed: HashSet<(TypeId, String)>,
    /// Cargo features per namespace (when the selection spans several namespaces).
    pub features: Option<super::features::Features>,
    /// OData V4 payloads in the IEEE754Compatible form: Int64 values may be strings
    /// (`odata::Quoted<i64>`, written back as received).
    pub ieee754_compatible: bool,
    /// Items of collection properties that are not `Nullable="false"` are `Option<T>`.
    pub nullable_items: bool,
}

/// A module of `models`.
#[derive(Default, Debug)]
pub struct ModuleInfo {
    /// Namespace(s) mapped here.
    pub namespaces: Vec<String>,
    /// Child module names (namespace modules).
    pub children: Vec<String>,
    /// Types whose file lives here, in emission order.
    pub types: Vec<TypeId>,
}

/// An identifier token (handles `r#` names).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, PmSpan::call_site()),
        None => Ident::new(name, PmSpan::call_site()),
    }
}

impl<'m> Plan<'m> {
    /// Plan the emission of `selection`.
    pub fn new(model: &'m Model, selection: &'m Selection) -> Self {
        let root = model.root_namespace().to_owned();
        // Namespace → module path.
        let mut ns_path: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for id in selection.ids() {
            let ns = &model.ty(id).namespace;
            if ns_path.contains_key(ns) {
                continue;
            }
            let rest = if *ns == root {
                ""
            } else if let Some(r) = ns.strip_prefix(&format!("{root}.")) {
                r
            } else {
                ns.as_str()
            };
            let mut path: Vec<String> = rest
                .split('.')
                .filter(|s| !s.is_empty())
                .map(naming::module)
                .collect();
            // A module named like its parent (`models::models`, `a::a`) reads badly and trips
            // clippy's `module_inception`: such a segment gets an `_ns` suffix.
            for i in 0..path.len() {
                let parent = if i == 0 { "models" } else { path[i - 1].as_str() };
                if path[i] == parent {
                    path[i] = format!("{}_ns", path[i].trim_end_matches('_'));
                }
            }
            ns_path.insert(ns.clone(), path);
        }
        let mut modules: BTreeMap<Vec<String>, ModuleInfo> = BTreeMap::new();
        modules.entry(Vec::new()).or_default();
        for (ns, path) in &ns_path {
            modules.entry(path.clone()).or_default().namespaces.push(ns.clone());
            for depth in 1..=path.len() {
                let parent = path[..depth - 1].to_vec();
                let child = path[depth - 1].clone();
                let entry = modules.entry(parent).or_default();
                if !entry.children.contains(&child) {
                    entry.children.push(child);
                }
                modules.entry(path[..depth].to_vec()).or_default();
            }
        }
        for m in modules.values_mut() {
            m.children.sort();
        }
        // Types, in model order, into their modules; one scope per module.
        let mut scopes: BTreeMap<Vec<String>, Scope> = modules
            .iter()
            .map(|(p, m)| {
                // Child modules, and the module's own name (a file module named like its parent
                // would trip `module_inception`).
                let own = p.last().map_or("models", String::as_str);
                let reserved: Vec<&str> = m
                    .children
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::once(own))
                    .collect();
                (p.clone(), Scope::with_reserved(&reserved))
            })
            .collect();
        let mut names: Vec<Option<TypeNames>> = vec![None; model.types.len()];
        for id in selection.ids() {
            let t = model.ty(id);
            let module = ns_path[&t.namespace].clone();
            let scope = scopes.get_mut(&module).expect("every namespace has a module");
            let ident = scope.claim(&naming::camel(&t.name));
            modules.get_mut(&module).expect("module").types.push(id);
            names[id.index()] = Some(TypeNames {
                module,
                ident,
                any_ident: None,
                file: String::new(),
            });
        }
        // Polymorphic enums and files, after all type names are taken.
        let mut descendants = HashMap::new();
        for id in selection.ids() {
            let ds: Vec<TypeId> = model
                .descendants(id)
                .into_iter()
                .filter(|d| selection.contains(*d))
                .collect();
            let n = names[id.index()].as_mut().expect("selected");
            let scope = scopes.get_mut(&n.module).expect("module");
            if !ds.is_empty() && model.ty(id).as_struct().is_some() {
                n.any_ident = Some(scope.claim(&format!("Any{}", n.ident)));
                descendants.insert(id, ds);
            }
        }
        for id in selection.ids() {
            let n = names[id.index()].as_mut().expect("selected");
            let scope = scopes.get_mut(&n.module).expect("module");
            let stem = naming::file_stem(&model.ty(id).name);
            n.file = if scope.is_taken(&stem) {
                scope.claim(&format!("{}_type", stem.trim_end_matches('_')))
            } else {
                scope.claim(&stem)
            };
        }
        for info in modules.values_mut() {
            info.types
                .sort_by(|a, b| names[a.index()].as_ref().map(|n| &n.file).cmp(&names[b.index()].as_ref().map(|n| &n.file)));
        }
        let mut plan = Plan {
            model,
            selection,
            names,
            modules,
            descendants,
            boxed: HashSet::new(),
            features: super::features::Features::new(model, selection),
            ieee754_compatible: false,
            nullable_items: false,
        };
        plan.boxed = plan.recursive_fields();
        plan.boxed.extend(plan.navigation_fields());
        plan
    }

    /// Names of a selected type.
    pub fn names(&self, id: TypeId) -> &TypeNames {
        self.names[id.index()]
            .as_ref()
            .expect("only selected types are emitted")
    }

    /// `crate::models::a::b::Ident` for a selected type (its `Any` enum when `polymorphic`).
    pub fn path(&self, id: TypeId, polymorphic: bool) -> TokenStream {
        let n = self.names(id);
        let name = match (&n.any_ident, polymorphic) {
            (Some(any), true) => any,
            _ => &n.ident,
        };
        let segs = n.module.iter().map(|s| ident(s));
        let name = ident(name);
        quote!(crate::models #(:: #segs)* :: #name)
    }

    /// `#[cfg(...)]` for the file of a selected type (empty without features).
    pub fn type_cfg(&self, id: TypeId) -> TokenStream {
        self.features.as_ref().map(|f| f.type_cfg(id)).unwrap_or_default()
    }

    /// `#[cfg(...)]` for a reference from `owner` to a value of type `ty` (empty when the
    /// target is compiled whenever the owner is).
    pub fn reference_cfg(&self, owner: TypeId, ty: &TypeRef) -> TokenStream {
        match (&self.features, ty.target) {
            (Some(f), Target::Named(t)) => f.reference_cfg(owner, t),
            _ => TokenStream::new(),
        }
    }

    /// The negation of [`Plan::reference_cfg`] (empty when that is empty).
    pub fn reference_cfg_not(&self, owner: TypeId, ty: &TypeRef) -> TokenStream {
        match (&self.features, ty.target) {
            (Some(f), Target::Named(t)) => f.reference_cfg_not(owner, t),
            _ => TokenStream::new(),
        }
    }

    /// The `Edm` primitive a named type stands for, if it is a type definition.
    pub fn definition_primitive(&self, id: TypeId) -> Option<Primitive> {
        match &self.model.ty(id).kind {
            TypeKind::Definition(d) => Some(d.underlying),
            _ => None,
        }
    }

    /// Is a value of `ty` boxed as an enum variant (a union's alternative, an error body by
    /// status)? A single struct or union is, so that one large variant does not size the whole
    /// enum (clippy's `large_enum_variant`).
    pub fn boxed_variant(&self, ty: &TypeRef) -> bool {
        !ty.collection
            && matches!(ty.target, Target::Named(t)
                if self.model.ty(t).as_struct().is_some()
                    || matches!(self.model.ty(t).kind, TypeKind::Union(_)))
    }

    /// The Rust type of a primitive value in this service's JSON format: see
    /// [`legacy_primitive`] for OData V1–V3, and [`Self::ieee754_compatible`].
    pub fn primitive_type(&self, p: Primitive) -> TokenStream {
        match self.model.protocol {
            Protocol::V4 if self.ieee754_compatible && p == Primitive::Int64 => {
                quote!(crate::odata::Quoted<i64>)
            }
            Protocol::V4 => primitive(p),
            Protocol::Legacy(_) => legacy_primitive(p),
        }
    }

    /// The Rust type of a value (not wrapped in `Field`).
    pub fn value_type(&self, ty: &TypeRef, boxed: bool) -> TokenStream {
        let inner = match ty.target {
            Target::Primitive(p) => self.primitive_type(p),
            Target::Named(id) => match &self.model.ty(id).kind {
                TypeKind::Definition(d) => self.primitive_type(d.underlying),
                TypeKind::Enum(e) => {
                    let p = self.path(id, false);
                    if e.is_flags {
                        quote!(crate::odata::Flags<#p>)
                    } else {
                        p
                    }
                }
                _ => self.path(id, self.descendants.contains_key(&id)),
            },
        };
        if ty.collection && self.model.protocol.is_legacy() {
            quote!(crate::odata::Results<#inner>)
        } else if ty.collection {
            quote!(::std::vec::Vec<#inner>)
        } else if boxed {
            quote!(::std::boxed::Box<#inner>)
        } else {
            inner
        }
    }

    /// [`Self::value_type`] of a collection whose items may be `null`: `Vec<Option<T>>`
    /// (`Results<Option<T>>` in OData V1–V3).
    pub fn nullable_items_type(&self, ty: &TypeRef) -> TokenStream {
        let item = self.value_type(&TypeRef { collection: false, target: ty.target }, false);
        if self.model.protocol.is_legacy() {
            quote!(crate::odata::Results<::core::option::Option<#item>>)
        } else {
            quote!(::std::vec::Vec<::core::option::Option<#item>>)
        }
    }

    /// Structural properties and selected navigation properties of a struct, base types' first:
    /// (wire name, type, owning type, description source).
    pub fn members(&self, id: TypeId) -> Vec<Member<'m>> {
        let model = self.model;
        let mut out: Vec<Member<'m>> = Vec::new();
        let mut chain = model.ancestors(id);
        chain.reverse();
        chain.push(id);
        for t in chain {
            let Some(st) = model.ty(t).as_struct() else { continue };
            for p in &st.properties {
                if let Target::Named(n) = p.ty.target
                    && !self.selection.contains(n)
                {
                    continue;
                }
                out.push(Member {
                    name: &p.name,
                    ty: p.ty,
                    annotations: &p.annotations,
                    navigation: false,
                    nullable_items: p.ty.collection && p.nullable,
                });
            }
            for p in &st.navigation {
                if let Target::Named(n) = p.ty.target
                    && !self.selection.contains(n)
                {
                    continue;
                }
                out.push(Member {
                    name: &p.name,
                    ty: p.ty,
                    annotations: &p.annotations,
                    navigation: true,
                    nullable_items: false,
                });
            }
        }
        out
    }

    /// Single-valued navigation properties whose target is a struct without derived types.
    fn navigation_fields(&self) -> Vec<(TypeId, String)> {
        let mut out = Vec::new();
        for id in self.selection.ids() {
            if self.model.ty(id).as_struct().is_none() {
                continue;
            }
            for m in self.members(id) {
                if let Target::Named(t) = m.ty.target
                    && m.navigation
                    && !m.ty.collection
                    && self.model.ty(t).as_struct().is_some()
                    && !self.descendants.contains_key(&t)
                {
                    out.push((id, m.name.to_owned()));
                }
            }
        }
        out
    }

    /// Fields whose type contains the owner by value (through non-collection struct fields):
    /// the strongly connected components of the by-value containment graph.
    fn recursive_fields(&self) -> HashSet<(TypeId, String)> {
        let ids: Vec<TypeId> = self
            .selection
            .ids()
            .filter(|id| self.model.ty(*id).as_struct().is_some())
            .collect();
        let edges = |id: TypeId| -> Vec<(TypeId, String)> {
            self.members(id)
                .into_iter()
                .filter(|m| !m.ty.collection)
                .filter_map(|m| match m.ty.target {
                    // Polymorphic enums box their variants, so only plain struct fields count.
                    Target::Named(t)
                        if self.model.ty(t).as_struct().is_some()
                            && !self.descendants.contains_key(&t) =>
                    {
                        Some((t, m.name.to_owned()))
                    }
                    _ => None,
                })
                .collect()
        };
        let comp = scc(&ids, |id| edges(id).into_iter().map(|(t, _)| t).collect());
        let mut out = HashSet::new();
        for &id in &ids {
            for (t, name) in edges(id) {
                if comp.get(&t) == comp.get(&id) {
                    out.insert((id, name));
                }
            }
        }
        out
    }
}

/// A member (structural or navigation property) as emitted.
#[derive(Clone, Copy)]
pub struct Member<'m> {
    /// Wire name.
    pub name: &'m str,
    /// Type.
    pub ty: TypeRef,
    /// Annotations (descriptions, deprecation).
    pub annotations: &'m Annotations,
    /// A navigation property.
    pub navigation: bool,
    /// A structural collection whose items may be `null` (`Nullable` not false).
    pub nullable_items: bool,
}

/// Rust type of an `Edm` primitive.
pub fn primitive(p: Primitive) -> TokenStream {
    use Primitive::*;
    match p {
        String => quote!(::std::string::String),
        Boolean => quote!(bool),
        Byte => quote!(u8),
        SByte => quote!(i8),
        Int16 => quote!(i16),
        Int32 => quote!(i32),
        Int64 => quote!(i64),
        Single => quote!(crate::odata::Single),
        Double => quote!(crate::odata::Double),
        Decimal => quote!(crate::odata::Decimal),
        Guid => quote!(crate::odata::Guid),
        DateTimeOffset => quote!(crate::odata::DateTimeOffset),
        Date => quote!(crate::odata::Date),
        TimeOfDay => quote!(crate::odata::TimeOfDay),
        Duration => quote!(crate::odata::Duration),
        Binary => quote!(crate::odata::Binary),
        DateTime => quote!(crate::odata::DateTime),
        Time => quote!(crate::odata::Duration),
        Stream | Geo | Untyped => quote!(crate::odata::Untyped),
    }
}

/// The Rust type of a primitive value in OData V1–V3 JSON, where it differs from V4's: Int64 and
/// the floating-point types may be strings (`Quoted` keeps which), and date-times are
/// `/Date(ms)/` or ISO text with or without an offset (`DateTime`).
pub fn legacy_primitive(p: Primitive) -> TokenStream {
    use Primitive::*;
    match p {
        Int64 => quote!(crate::odata::Quoted<i64>),
        Single => quote!(crate::odata::Quoted<crate::odata::Single>),
        Double => quote!(crate::odata::Quoted<crate::odata::Double>),
        DateTimeOffset | DateTime => quote!(crate::odata::DateTime),
        other => primitive(other),
    }
}

/// Tarjan's strongly connected components (iterative): node → component number.
fn scc(nodes: &[TypeId], succ: impl Fn(TypeId) -> Vec<TypeId>) -> HashMap<TypeId, usize> {
    let mut index: HashMap<TypeId, usize> = HashMap::new();
    let mut low: HashMap<TypeId, usize> = HashMap::new();
    let mut on_stack: HashSet<TypeId> = HashSet::new();
    let mut stack: Vec<TypeId> = Vec::new();
    let mut comp: HashMap<TypeId, usize> = HashMap::new();
    let mut next = 0usize;
    let mut ncomp = 0usize;
    for &root in nodes {
        if index.contains_key(&root) {
            continue;
        }
        // Work stack of (node, successors, next successor position).
        let mut work: Vec<(TypeId, Vec<TypeId>, usize)> = Vec::new();
        index.insert(root, next);
        low.insert(root, next);
        next += 1;
        stack.push(root);
        on_stack.insert(root);
        work.push((root, succ(root), 0));
        while let Some((v, succs, pos)) = work.last_mut() {
            let v = *v;
            if *pos < succs.len() {
                let w = succs[*pos];
                *pos += 1;
                if let std::collections::hash_map::Entry::Vacant(e) = index.entry(w) {
                    e.insert(next);
                    low.insert(w, next);
                    next += 1;
                    stack.push(w);
                    on_stack.insert(w);
                    let s = succ(w);
                    work.push((w, s, 0));
                } else if on_stack.contains(&w) {
                    let lw = index[&w];
                    let lv = low.get_mut(&v).expect("visited");
                    *lv = (*lv).min(lw);
                }
            } else {
                work.pop();
                if let Some((parent, _, _)) = work.last() {
                    let lv = low[&v];
                    let lp = low.get_mut(parent).expect("visited");
                    *lp = (*lp).min(lv);
                }
                if low[&v] == index[&v] {
                    while let Some(w) = stack.pop() {
                        on_stack.remove(&w);
                        comp.insert(w, ncomp);
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    comp
}
