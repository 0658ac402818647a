//! Cargo features per namespace, so a user compiles only what they use.
//!
//! When the emitted types span more than one namespace, the generated crate gets one feature per
//! namespace (all on by default). Feature `N` compiles the selection closure of namespace `N`
//! (its types plus everything they need: base types, property types and the derived types of
//! structured property types, whatever namespace those live in), so every feature is consistent on
//! its own. Each type file is compiled under `cfg(any(feature = ...))` of the features whose
//! closure holds it; a field or polymorphic variant whose type may be compiled out (navigation
//! targets, derived types outside the closure) carries the cfg of its type, and when it is compiled
//! out its member is kept in `additional_data` like any unknown member.
//!
//! A condition on several features is one internal feature, `_any-<hash of their names>`, that
//! each of them enables, rather than `any(feature = ...)` written out at each use: a type derived
//! in many namespaces (DMTF Redfish versions each resource in a namespace of its own, so a base
//! type has hundreds of derived types) would otherwise repeat the whole list at every field,
//! table entry and match arm that mentions it.

use super::naming;
use crate::ir::select::Selection;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The features of a generated crate.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// Feature names with their namespace, in namespace order.
    pub features: Vec<(String, String)>,
    /// Per type (index = TypeId): indices into `features` of the features that compile it.
    per_type: Vec<Vec<u16>>,
    /// The internal feature standing for each set of several features (see the module docs).
    gates: BTreeMap<Vec<u16>, String>,
}

impl Features {
    /// Features for `selection`; `None` when the selection has a single namespace (nothing to
    /// split).
    pub fn new(model: &Model, selection: &Selection) -> Option<Self> {
        let mut namespaces: BTreeMap<&str, ()> = BTreeMap::new();
        for id in selection.ids() {
            namespaces.insert(&model.ty(id).namespace, ());
        }
        if namespaces.len() < 2 {
            return None;
        }
        let root = model.root_namespace();
        let mut used: Vec<String> = Vec::new();
        let mut features = Vec::new();
        let mut per_type: Vec<Vec<u16>> = vec![Vec::new(); model.types.len()];
        for (i, ns) in namespaces.keys().enumerate() {
            let name = feature_name(ns, root, &used);
            used.push(name.clone());
            features.push((name, (*ns).to_owned()));
            let closure = Selection::closure(model, &[format!("namespace:{ns}")])
                .unwrap_or_else(|_| Selection::all(model));
            for id in closure.ids() {
                if selection.contains(id)
                    && let Some(v) = per_type.get_mut(id.index())
                {
                    v.push(i as u16);
                }
            }
        }
        let mut gates: BTreeMap<Vec<u16>, String> = BTreeMap::new();
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        for set in &per_type {
            if set.len() < 2 || set.len() == features.len() || gates.contains_key(set) {
                continue;
            }
            let names: Vec<&str> = set
                .iter()
                .filter_map(|i| features.get(usize::from(*i)))
                .map(|(n, _)| n.as_str())
                .collect();
            let digest = crate::lock::digest(names.join(",").as_bytes());
            let hex = digest.strip_prefix("sha256:").unwrap_or(&digest);
            let base = format!("_any-{}", hex.get(..12).unwrap_or(hex));
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            gates.insert(set.clone(), name);
        }
        Some(Features {
            features,
            per_type,
            gates,
        })
    }

    /// The internal features each namespace feature enables (index = index into `features`),
    /// each list sorted.
    pub fn gates_by_feature(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = vec![Vec::new(); self.features.len()];
        for (set, name) in &self.gates {
            for f in set {
                if let Some(list) = out.get_mut(usize::from(*f)) {
                    list.push(name.clone());
                }
            }
        }
        for list in &mut out {
            list.sort();
        }
        out
    }

    /// Every internal feature, sorted.
    pub fn gate_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self.gates.values().cloned().collect();
        out.sort();
        out
    }

    /// The one feature that stands for `f`: the feature itself or its internal feature.
    fn single(&self, f: &[u16]) -> Option<&str> {
        match f {
            [one] => self
                .features
                .get(usize::from(*one))
                .map(|(n, _)| n.as_str()),
            _ => self.gates.get(f).map(String::as_str),
        }
    }

    fn of(&self, id: TypeId) -> &[u16] {
        self.per_type.get(id.index()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `#[cfg(...)]` for the file of type `id` (empty when every feature compiles it).
    pub fn type_cfg(&self, id: TypeId) -> TokenStream {
        let f = self.of(id);
        if f.len() == self.features.len() {
            return TokenStream::new();
        }
        self.cfg(f)
    }

    /// `#[cfg(...)]` for a reference from type `owner` to type `target` (empty when `target` is
    /// compiled whenever `owner` is).
    pub fn reference_cfg(&self, owner: TypeId, target: TypeId) -> TokenStream {
        self.reference_features(owner, target).map(|t| self.cfg(t)).unwrap_or_default()
    }

    /// The features compiling `target`, when some feature compiles `owner` without it.
    fn reference_features(&self, owner: TypeId, target: TypeId) -> Option<&[u16]> {
        let (o, t) = (self.of(owner), self.of(target));
        (!o.iter().all(|f| t.contains(f))).then_some(t)
    }

    /// The negation of [`Features::reference_cfg`] (empty when that is empty).
    pub fn reference_cfg_not(&self, owner: TypeId, target: TypeId) -> TokenStream {
        let Some(t) = self.reference_features(owner, target) else {
            return TokenStream::new();
        };
        if let Some(one) = self.single(t) {
            return quote!(#[cfg(not(feature = #one))]);
        }
        let names = self.names(t);
        quote!(#[cfg(not(any(#(feature = #names),*)))])
    }

    fn names(&self, f: &[u16]) -> Vec<&str> {
        f.iter()
            .filter_map(|i| self.features.get(usize::from(*i)))
            .map(|(n, _)| n.as_str())
            .collect()
    }

    fn cfg(&self, f: &[u16]) -> TokenStream {
        // One feature, or the internal one standing for several (no `any(...)`: clippy's
        // `non_minimal_cfg` for one, a long list repeated at every use for several).
        if let Some(one) = self.single(f) {
            return quote!(#[cfg(feature = #one)]);
        }
        let names = self.names(f);
        quote!(#[cfg(any(#(feature = #names),*))])
    }
}

/// `microsoft.graph.callRecords` → `call-records`; the root namespace gets its last segment
/// (`graph`). Unique among `used`.
fn feature_name(ns: &str, root: &str, used: &[String]) -> String {
    let rest = if ns == root {
        ns.rsplit('.').next().unwrap_or(ns)
    } else {
        ns.strip_prefix(root).and_then(|r| r.strip_prefix('.')).unwrap_or(ns)
    };
    let base: String = rest
        .split('.')
        .map(|s| naming::module(s).replace('_', "-").trim_matches('-').to_owned())
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() { "models".to_owned() } else { base };
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) || name == "default" {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(feature_name("microsoft.graph", "microsoft.graph", &[]), "graph");
        assert_eq!(
            feature_name("microsoft.graph.callRecords", "microsoft.graph", &[]),
            "call-records"
        );
        assert_eq!(
            feature_name("microsoft.graph.partners.billing", "microsoft.graph", &[]),
            "partners-billing"
        );
        assert_eq!(
            feature_name("other.ns", "microsoft.graph", &["other-ns".into()]),
            "other-ns-2"
        );
    }
}
