//! Capability changes: what the Capabilities annotations allow on each entity set and singleton,
//! and on each navigation property (the request builders offer a query option or an operation
//! only where allowed). One allowed no more is breaking (its method is gone), one allowed now is
//! not.

use super::Ctx;
use crate::ir::capabilities::{self as caps, CAPABILITIES, Capability, NavigationRestrictions};
use crate::ir::{Model, Target, TypeId, TypeKind};
use std::collections::BTreeMap;

/// The methods of the request builders that capability `cap` decides.
fn methods(cap: Capability) -> &'static str {
    match cap {
        Capability::Select => "`select`",
        Capability::Expand => "`expand`",
        Capability::Filter => "`filter`",
        Capability::OrderBy => "`order_by`",
        Capability::Top => "`top`",
        Capability::Skip => "`skip`",
        Capability::Count => "`with_count`, `count`",
        Capability::Search => "`search`",
        Capability::Read => "`list`",
        Capability::ReadByKey => "`get`",
        Capability::Insert => "`create`",
        Capability::Update => "`update`",
        Capability::Delete => "`delete`",
    }
}

/// Pushes `capabilities-restricted` and `capabilities-extended` for `item` (whose request builder
/// is `builder`, in words) when `o` and `n` differ.
fn report(c: &mut Ctx<'_>, item: String, o: caps::Allowed, n: caps::Allowed, builder: &str) {
    let lost: Vec<Capability> = CAPABILITIES.into_iter().filter(|&k| o.allows(k) && !n.allows(k)).collect();
    let gained: Vec<Capability> = CAPABILITIES.into_iter().filter(|&k| !o.allows(k) && n.allows(k)).collect();
    let list = |ks: &[Capability]| ks.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ");
    let rust = |ks: &[Capability], what: &str| {
        let m: Vec<&str> = ks.iter().map(|&k| methods(k)).collect();
        format!("{builder}: {} {what}", m.join(", "))
    };
    if !lost.is_empty() {
        c.push(
            true,
            "capabilities-restricted",
            item.clone(),
            format!("no longer allowed: {}", list(&lost)),
            Some(rust(&lost, "no longer offered")),
        );
    }
    if !gained.is_empty() {
        c.push(
            false,
            "capabilities-extended",
            item,
            format!("now allowed: {}", list(&gained)),
            Some(rust(&gained, "now offered")),
        );
    }
}

/// What the Capabilities annotations allow on each entity set and singleton of both versions
/// (the request builders offer a query option or an operation only where allowed): one allowed
/// no more is breaking (its method is gone), one allowed now is not.
pub(super) fn container_members(c: &mut Ctx<'_>) {
    let allowed = |m: &Model| -> BTreeMap<String, (TypeId, caps::Allowed)> {
        let mut out = BTreeMap::new();
        if let Some(ct) = &m.container {
            for s in &ct.entity_sets {
                out.insert(s.name.clone(), (s.entity_type, caps::of_container_member(m, &s.annotations, s.entity_type)));
            }
            for s in &ct.singletons {
                out.insert(s.name.clone(), (s.entity_type, caps::of_container_member(m, &s.annotations, s.entity_type)));
            }
        }
        out
    };
    let (oa, na) = (allowed(c.old), allowed(c.new));
    for (name, (ot, o)) in &oa {
        let Some((nt, n)) = na.get(name) else { continue };
        // Another type is `container-member-changed` already.
        if c.old.ty(*ot).qualified_name() != c.new.ty(*nt).qualified_name() {
            continue;
        }
        report(c, format!("/{name}"), *o, *n, &format!("`requests::{}()`", crate::emit::naming::snake(name)));
    }
}


/// The capabilities of each navigation property of each entity type of both versions (its
/// `NavigationRestrictions`, stated on the type, an ancestor or an entity set of it, then the
/// target type's own): reported at the type that declares the navigation property, and at a
/// derived type only where it differs from its base type's (a restriction stated for the derived
/// type), so one change is one line, not one per derived type.
pub(super) fn navigation(c: &mut Ctx<'_>) {
    let (old, new) = (c.old, c.new);
    if old.container.is_none() || new.container.is_none() {
        return;
    }
    let (onavs, nnavs) = (NavigationRestrictions::new(old), NavigationRestrictions::new(new));
    // (type, navigation) → (old, new) of every entity type in both versions.
    let mut seen: BTreeMap<(String, String), (caps::Allowed, caps::Allowed)> = BTreeMap::new();
    let mut found = Vec::new();
    for (name, &oid) in &old.by_name {
        let Some(&nid) = new.by_name.get(name) else { continue };
        let (TypeKind::Entity(_), TypeKind::Entity(_)) = (&old.ty(oid).kind, &new.ty(nid).kind) else {
            continue;
        };
        for on in old.all_navigation(oid) {
            let Some(nn) = new.all_navigation(nid).into_iter().find(|n| n.name == on.name) else {
                continue;
            };
            // Another target is `navigation-type-changed` already.
            let target = |m: &Model, t: &Target| match t {
                Target::Named(id) => Some(m.ty(*id).qualified_name()),
                Target::Primitive(_) => None,
            };
            if target(old, &on.ty.target) != target(new, &nn.ty.target) {
                continue;
            }
            let pair = (onavs.of(old, oid, on), nnavs.of(new, nid, nn));
            seen.insert((name.clone(), on.name.clone()), pair);
            found.push((name.clone(), oid, on.name.clone(), pair));
        }
    }
    for (name, oid, nav, (o, n)) in found {
        if o == n {
            continue;
        }
        // Inherited with the same capabilities as in the base type: reported there.
        let base = old.ty(oid).as_struct().and_then(|s| s.base).map(|b| old.ty(b).qualified_name());
        if base.is_some_and(|b| seen.get(&(b, nav.clone())) == Some(&(o, n))) {
            continue;
        }
        report(c, format!("{name}/{nav}"), o, n, &format!("the request builder of navigation property `{nav}`"));
    }
}
