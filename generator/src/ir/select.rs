//! Selection: which types of the model are emitted (`--include` and its closure).

use super::*;
use std::collections::BTreeSet;

/// The selected types.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    selected: Vec<bool>,
}

/// A selector that matched nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSelector(pub String);

impl Selection {
    /// Everything in the model.
    pub fn all(model: &Model) -> Self {
        Selection {
            selected: vec![true; model.types.len()],
        }
    }

    /// Is `id` selected?
    pub fn contains(&self, id: TypeId) -> bool {
        self.selected.get(id.index()).copied().unwrap_or(false)
    }

    /// Selected ids in model order.
    pub fn ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        self.selected
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| TypeId(i as u32))
    }

    /// Number of selected types.
    pub fn len(&self) -> usize {
        self.selected.iter().filter(|s| **s).count()
    }

    /// Nothing selected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The closure of `selectors`: each is a qualified type name (namespace- or alias-qualified),
    /// a namespace (all its types) or a resource path (`/users/{id}/messages`: the types it
    /// selects, see [`path`]). The closure adds base types, the types of structural
    /// properties, and the derived types of every structured type used as a property type (so
    /// polymorphic values deserialize to the right variant). Navigation targets are not followed:
    /// a navigation property whose target is not selected stays in the payload as unknown data.
    /// An empty selector list selects everything.
    pub fn closure(model: &Model, selectors: &[String]) -> Result<Self, UnknownSelector> {
        if selectors.is_empty() {
            return Ok(Self::all(model));
        }
        let mut roots = Vec::new();
        for s in selectors {
            // `type:NAME` and `namespace:NAME` disambiguate a name that is both (Graph's entity
            // type `microsoft.graph.security` beside the namespace `microsoft.graph.security`);
            // a bare name is a type when one has that name, else a namespace.
            let (kind, s) = match s.split_once(':') {
                Some(("type", rest)) => (Some(true), rest),
                Some(("namespace", rest)) => (Some(false), rest),
                _ => (None, s.as_str()),
            };
            if path::is_path(s) {
                // What a path selects ([`path::ResolvedPath::selects`]): every type met on it.
                match path::resolve(model, s) {
                    Ok(p) => roots.extend(p.selects(model).0),
                    Err(_) => return Err(UnknownSelector(s.to_owned())),
                }
                continue;
            }
            let q = qualify(model, s);
            if kind != Some(false)
                && let Some(id) = model.lookup(&q)
            {
                roots.push(id);
                continue;
            }
            if kind == Some(true) {
                return Err(UnknownSelector(s.to_owned()));
            }
            let ns = model
                .schemas
                .iter()
                .find(|sc| sc.namespace == s || sc.alias.as_deref() == Some(s));
            match ns {
                Some(sc) => roots.extend(
                    model
                        .types
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.namespace == sc.namespace)
                        .map(|(i, _)| TypeId(i as u32)),
                ),
                None => return Err(UnknownSelector(s.to_owned())),
            }
        }
        let mut selected = vec![false; model.types.len()];
        let mut polymorphic_done: BTreeSet<TypeId> = BTreeSet::new();
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut selected[id.index()], true) {
                continue;
            }
            if let TypeKind::Map(MapType { value: inner }) | TypeKind::Array(ArrayType { items: inner }) =
                &model.ty(id).kind
                && let Target::Named(t) = inner.target
            {
                stack.push(t);
            }
            if let TypeKind::Union(u) = &model.ty(id).kind {
                for a in &u.alternatives {
                    if let Target::Named(t) = a.ty.target {
                        stack.push(t);
                    }
                }
            }
            let Some(st) = model.ty(id).as_struct() else { continue };
            if let Some(b) = st.base {
                stack.push(b);
            }
            for p in &st.properties {
                if let Target::Named(t) = p.ty.target {
                    stack.push(t);
                    if polymorphic_done.insert(t) {
                        stack.extend(model.descendants(t));
                    }
                }
            }
        }
        Ok(Selection { selected })
    }
}

/// `alias.Name` → `namespace.Name` using the model's schema aliases.
pub fn qualify(model: &Model, name: &str) -> String {
    let name = name.trim_start_matches('#');
    if let Some((prefix, simple)) = name.rsplit_once('.')
        && let Some(sc) = model
            .schemas
            .iter()
            .find(|s| s.alias.as_deref() == Some(prefix))
    {
        return format!("{}.{simple}", sc.namespace);
    }
    name.to_owned()
}

/// The type or namespace name closest to `wanted` (case-insensitive match first, then spelling).
pub fn suggest(model: &Model, wanted: &str) -> Option<String> {
    // A simple name (`user`): the qualified name of a type of that name, the root namespace's
    // first.
    if !wanted.contains('.') {
        let root = model.root_namespace();
        let mut named: Vec<&String> = model
            .by_name
            .keys()
            .filter(|k| k.rsplit_once('.').is_some_and(|(_, n)| n.eq_ignore_ascii_case(wanted)))
            .collect();
        named.sort_by_key(|k| (!k.starts_with(&format!("{root}.")), k.len(), k.as_str()));
        if let Some(first) = named.first() {
            return Some((*first).clone());
        }
    }
    let wanted_q = qualify(model, wanted);
    let candidates = model
        .by_name
        .keys()
        .cloned()
        .chain(model.schemas.iter().map(|s| s.namespace.clone()));
    let mut best: Option<(f64, String)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(&wanted_q) {
            return Some(c);
        }
        let score = strsim::jaro_winkler(&c.to_lowercase(), &wanted_q.to_lowercase());
        if score > 0.9 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
