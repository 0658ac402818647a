//! The model checks of `odatagen validate` (see the table in [`super`]).

use crate::diagnostics::{Diagnostic, Location};
use crate::ir::select::Selection;
use crate::ir::*;
use std::collections::{BTreeMap, HashSet};

/// All model checks, sorted by location (then code) so the output reads top to bottom.
pub fn all(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(keys(model));
    out.extend(set_keys(model));
    out.extend(partners(model));
    out.extend(bindings(model));
    out.extend(names(model));
    out.extend(crate::lint::selection_warnings(
        model,
        &Selection::all(model),
    ));
    out.extend(unreachable(model));
    out.extend(crate::lint::capability_warnings(model));
    out.extend(crate::lint::unbindable_operation_notes(model));
    out.sort_by(|a, b| (&a.location, a.code).cmp(&(&b.location, b.code)));
    out
}

fn loc(model: &Model, span: Span) -> Option<Location> {
    Location::of(span, &model.sources)
}

/// Primitive types a key property may have: OData CSDL 4.01, 8.3; in V1–V3 (`legacy`) also
/// `Edm.DateTime`, `Edm.Time` and `Edm.Binary` (MS-CSDL 2.1.5: SAP services key by date).
fn key_able(p: Primitive, legacy: bool) -> bool {
    use Primitive::*;
    let v4 = matches!(
        p,
        Boolean
            | Byte
            | Date
            | DateTimeOffset
            | Decimal
            | Duration
            | Guid
            | Int16
            | Int32
            | Int64
            | SByte
            | String
            | TimeOfDay
    );
    v4 || (legacy && matches!(p, DateTime | Time | Binary))
}

/// E0201/E0202: key properties must be non-nullable and of a key-able type.
pub fn keys(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let legacy = model.protocol.is_legacy();
    for (i, td) in model.types.iter().enumerate() {
        let Some(st) = td.as_struct() else { continue };
        for key in &st.key {
            // Following `complex/property` paths; a missing property is the front end's E0109.
            let Some(p) = model.property_at_path(TypeId(i as u32), key) else { continue };
            let ok = !p.ty.collection
                && match p.ty.target {
                    Target::Primitive(pr) => key_able(pr, legacy),
                    Target::Named(t) => match &model.ty(t).kind {
                        TypeKind::Enum(_) => true,
                        TypeKind::Definition(d) => key_able(d.underlying, legacy),
                        _ => false,
                    },
                };
            if !ok {
                let ty = match p.ty.target {
                    Target::Primitive(pr) => pr.edm_name().to_owned(),
                    Target::Named(t) => model.ty(t).qualified_name(),
                };
                out.push(
                    Diagnostic::error(
                        "E0201",
                        format!(
                            "key property `{key}` of `{}` has type `{}{ty}{}`, which cannot be a key",
                            td.qualified_name(),
                            if p.ty.collection { "Collection(" } else { "" },
                            if p.ty.collection { ")" } else { "" },
                        ),
                    )
                    .at(loc(model, p.span))
                    .with_note(if legacy {
                        "keys are single primitive values: Edm.String, Edm.Guid, the integer, date and time types, Edm.Boolean, Edm.Decimal or Edm.Binary"
                    } else {
                        "keys are single primitive values: Edm.String, Edm.Guid, the integer, date and time types, Edm.Boolean, Edm.Decimal, or enums"
                    }),
                );
            } else if p.nullable && !crate::ir::facts::is_key_from_paths(&td.annotations) {
                out.push(
                    Diagnostic::error(
                        "E0202",
                        format!(
                            "key property `{key}` of `{}` is nullable",
                            td.qualified_name()
                        ),
                    )
                    .at(loc(model, p.span))
                    .with_note(
                        "add `Nullable=\"false\"`: a key identifies an entity and cannot be null",
                    ),
                );
            }
        }
    }
    out
}

/// E0207: an entity set whose entity type declares no key (nor do its base types): its
/// entities have no URL (the generated `by_key` takes a `RawKey`, text only the service knows).
/// Singletons need none; nor do the collections of inputs stating their HTTP operations (an
/// OpenAPI path listing items that no path addresses one by one).
pub fn set_keys(model: &Model) -> Vec<Diagnostic> {
    let Some(container) = model.container.as_ref().filter(|_| model.http.is_empty()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for set in &container.entity_sets {
        let keyed = std::iter::once(set.entity_type)
            .chain(model.ancestors(set.entity_type))
            .filter_map(|t| model.ty(t).as_struct())
            .any(|st| !st.key.is_empty());
        if keyed || crate::ir::facts::is_key_from_paths(&model.ty(set.entity_type).annotations) {
            continue;
        }
        let ty = model.ty(set.entity_type);
        out.push(
            Diagnostic::error(
                "E0207",
                format!(
                    "entity set `{}` holds `{}`, which declares no key (nor do its base types)",
                    set.name,
                    ty.qualified_name()
                ),
            )
            .at(loc(model, set.span))
            .with_note(format!(
                "add `<Key><PropertyRef Name=.../></Key>` to `{}`: an entity of a set is addressed by its key",
                ty.qualified_name()
            )),
        );
    }
    out
}

/// Namespace-qualify `name` using the schemas' aliases.
fn qualify(model: &Model, name: &str) -> String {
    match name.rsplit_once('.') {
        Some((prefix, simple)) => match model
            .schemas
            .iter()
            .find(|s| s.alias.as_deref() == Some(prefix))
        {
            Some(s) => format!("{}.{simple}", s.namespace),
            None => name.to_owned(),
        },
        None => name.to_owned(),
    }
}

fn related(model: &Model, a: TypeId, b: TypeId) -> bool {
    a == b || model.ancestors(a).contains(&b) || model.ancestors(b).contains(&a)
}

/// A navigation property named `name` on `ty`, its ancestors or its descendants.
fn find_nav(model: &Model, ty: TypeId, name: &str) -> Option<(TypeId, NavigationProperty)> {
    let mut candidates = vec![ty];
    candidates.extend(model.ancestors(ty));
    candidates.extend(model.descendants(ty));
    for t in candidates {
        if let Some(st) = model.ty(t).as_struct()
            && let Some(n) = st.navigation.iter().find(|n| n.name == name)
        {
            return Some((t, n.clone()));
        }
    }
    None
}

/// E0203: a `Partner` must name a navigation property of the target type whose type is the
/// declaring type (or a base or derived type) and whose own partner, if any, is this property.
pub fn partners(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, td) in model.types.iter().enumerate() {
        let Some(st) = td.as_struct() else { continue };
        let me = TypeId(i as u32);
        for n in &st.navigation {
            let (Some(partner), Target::Named(target)) = (&n.partner, n.ty.target) else {
                continue;
            };
            // `Partner` may be a path with a type cast: `ns.Derived/nav`.
            let (owner, pname) = match partner.rsplit_once('/') {
                Some((cast, last)) => match model.lookup(&qualify(model, cast)) {
                    Some(t) => (t, last),
                    None => (target, last),
                },
                None => (target, partner.as_str()),
            };
            let here = format!("{}/{}", td.qualified_name(), n.name);
            let problem = match find_nav(model, owner, pname) {
                None => Some(format!(
                    "partner `{partner}` of `{here}` is not a navigation property of `{}`",
                    model.ty(owner).qualified_name()
                )),
                Some((_, p)) => {
                    let back = match p.ty.target {
                        Target::Named(t) => related(model, t, me),
                        Target::Primitive(_) => false,
                    };
                    if !back {
                        Some(format!(
                            "partner `{partner}` of `{here}` does not point back: it targets `{}`",
                            match p.ty.target {
                                Target::Named(t) => model.ty(t).qualified_name(),
                                Target::Primitive(pr) => pr.edm_name().to_owned(),
                            }
                        ))
                    } else {
                        match &p.partner {
                            Some(pp) if pp.rsplit('/').next() != Some(n.name.as_str()) => {
                                Some(format!(
                                    "partner `{partner}` of `{here}` does not point back: its partner is `{pp}`"
                                ))
                            }
                            _ => None,
                        }
                    }
                }
            };
            if let Some(msg) = problem {
                out.push(Diagnostic::error("E0203", msg).at(loc(model, n.span)));
            }
        }
    }
    out
}

/// E0204/E0205: binding targets must be entity sets or singletons of the container, and binding
/// paths must end in a navigation property of the set's type.
pub fn bindings(model: &Model) -> Vec<Diagnostic> {
    let Some(c) = &model.container else {
        return Vec::new();
    };
    let names: HashSet<&str> = c
        .entity_sets
        .iter()
        .map(|s| s.name.as_str())
        .chain(c.singletons.iter().map(|s| s.name.as_str()))
        .collect();
    let qualified_container = format!("{}.{}", c.namespace, c.name);
    let mut out = Vec::new();
    let sources = c
        .entity_sets
        .iter()
        .map(|s| (s.name.as_str(), s.entity_type, &s.bindings))
        .chain(
            c.singletons
                .iter()
                .map(|s| (s.name.as_str(), s.entity_type, &s.bindings)),
        );
    for imp in &c.imports {
        let Some(set) = &imp.entity_set else { continue };
        let mut segs = set.split('/');
        let first = segs.next().unwrap_or_default();
        let set_name = if first == c.name || qualify(model, first) == qualified_container {
            segs.next().unwrap_or_default()
        } else {
            first
        };
        if !names.contains(set_name) {
            let mut d = Diagnostic::error(
                "E0204",
                format!(
                    "operation import `{}` returns entities of `{set}`, which is no entity set or singleton of `{}`",
                    imp.name, c.name
                ),
            )
            .at(loc(model, imp.span));
            if let Some(s) = suggest(set_name, names.iter().copied()) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            out.push(d);
        }
    }
    for (set, ty, bs) in sources {
        for b in bs {
            // `Set`, `Container/Set`, `ns.Container/Set`, or any of these followed by a
            // containment path (`Set/nav`).
            let mut segs = b.target.split('/');
            let first = segs.next().unwrap_or_default();
            let set_name = if first == c.name || qualify(model, first) == qualified_container {
                segs.next().unwrap_or_default()
            } else {
                first
            };
            if !names.contains(set_name) {
                let mut d = Diagnostic::error(
                    "E0204",
                    format!(
                        "binding `{}` of `{set}` targets `{}`, which is no entity set or singleton of `{}`",
                        b.path, b.target, c.name
                    ),
                )
                .at(loc(model, b.span));
                if let Some(s) = suggest(set_name, names.iter().copied()) {
                    d = d.with_note(format!("did you mean `{s}`?"));
                }
                out.push(d);
            }
            if let Err(seg) = binding_path(model, ty, &b.path) {
                out.push(
                    Diagnostic::error(
                        "E0205",
                        format!(
                            "binding path `{}` of `{set}`: `{seg}` is not a navigation property, complex property or type of `{}`",
                            b.path,
                            model.ty(ty).qualified_name()
                        ),
                    )
                    .at(loc(model, b.span)),
                );
            }
        }
    }
    out
}

/// Walk a binding path; `Err(segment)` at the first segment that does not resolve.
fn binding_path<'p>(model: &Model, start: TypeId, path: &'p str) -> Result<(), &'p str> {
    let mut cur = start;
    let segs: Vec<&str> = path.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        if seg.contains('.') {
            match model.lookup(&qualify(model, seg)) {
                Some(t) if !last => cur = t,
                _ => return Err(seg),
            }
            continue;
        }
        if let Some((_, n)) = find_nav(model, cur, seg) {
            if let Target::Named(t) = n.ty.target {
                cur = t;
            }
            continue;
        }
        let mut candidates = vec![cur];
        candidates.extend(model.descendants(cur));
        let prop = candidates
            .iter()
            .flat_map(|&t| model.all_properties(t))
            .find(|p| p.name == *seg);
        match prop {
            Some(p) if !last => match p.ty.target {
                Target::Named(t) => cur = t,
                Target::Primitive(_) => return Err(seg),
            },
            _ => return Err(seg),
        }
    }
    Ok(())
}

/// The closest of `candidates` to `wanted` (case-insensitive match first, then Jaro-Winkler).
pub fn suggest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = if c.eq_ignore_ascii_case(wanted) {
            2.0
        } else {
            strsim::jaro_winkler(&c.to_lowercase(), &wanted.to_lowercase())
        };
        if score >= 0.85 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `userName`, `user_name` and `UserName` all become `username`.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Report groups of names that fold together. `case_error`: names equal but for case are E0206.
fn collisions<'a>(
    model: &Model,
    scope: &str,
    items: impl Iterator<Item = (&'a str, Span)>,
    case_error: bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut groups: BTreeMap<String, Vec<(&str, Span)>> = BTreeMap::new();
    for (name, span) in items {
        groups.entry(fold(name)).or_default().push((name, span));
    }
    for group in groups.values() {
        let Some(&(first, first_span)) = group.first() else {
            continue;
        };
        for &(name, span) in group.iter().skip(1) {
            if name == first {
                continue; // exact duplicates are the front end's E0101
            }
            let case_only = name.to_lowercase() == first.to_lowercase();
            let d = if case_only && case_error {
                Diagnostic::error(
                    "E0206",
                    format!("`{name}` and `{first}` in {scope} differ only by case"),
                )
                .with_note("they collide where names are case-insensitive: file systems, generated modules, and URLs of services such as Microsoft Graph")
            } else {
                Diagnostic::warning(
                    "W0303",
                    format!(
                        "`{name}` and `{first}` in {scope} differ only by {}",
                        if case_only {
                            "case"
                        } else {
                            "case or underscores"
                        }
                    ),
                )
                .with_note("generated names for them collide and get numbered")
            };
            let mut d = d.at(loc(model, span));
            if let Some(l) = loc(model, first_span) {
                d = d.with_note(format!(
                    "`{first}` is declared at {}:{}:{}",
                    l.file.display(),
                    l.line,
                    l.column
                ));
            }
            out.push(d);
        }
    }
}

/// E0206/W0303: names that differ only by case or underscores in one scope.
pub fn names(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in &model.schemas {
        collisions(
            model,
            &format!("namespace `{}`", s.namespace),
            model
                .types
                .iter()
                .filter(|t| t.namespace == s.namespace)
                .map(|t| (t.name.as_str(), t.span)),
            true,
            &mut out,
        );
    }
    for (i, td) in model.types.iter().enumerate() {
        let scope = format!("`{}`", td.qualified_name());
        match &td.kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => {
                let id = TypeId(i as u32);
                // Inherited members share the scope, but each pair is reported once: at the
                // type declaring the later one.
                let props = model.all_properties(id);
                let navs = model.all_navigation(id);
                let items: Vec<(&str, Span)> = props
                    .iter()
                    .map(|p| (p.name.as_str(), p.span))
                    .chain(navs.iter().map(|n| (n.name.as_str(), n.span)))
                    .collect();
                let own: HashSet<Span> = td
                    .as_struct()
                    .map(|s| {
                        s.properties
                            .iter()
                            .map(|p| p.span)
                            .chain(s.navigation.iter().map(|n| n.span))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut found = Vec::new();
                collisions(model, &scope, items.into_iter(), false, &mut found);
                let own_locs: std::collections::BTreeSet<Option<Location>> =
                    own.iter().map(|s| loc(model, *s)).collect();
                out.extend(found.into_iter().filter(|d| own_locs.contains(&d.location)));
            }
            TypeKind::Enum(e) => collisions(
                model,
                &scope,
                e.members.iter().map(|m| (m.name.as_str(), m.span)),
                false,
                &mut out,
            ),
            TypeKind::Definition(_) | TypeKind::Union(_) | TypeKind::Map(_) | TypeKind::Array(_) => {}
        }
    }
    if let Some(c) = &model.container {
        collisions(
            model,
            &format!("entity container `{}`", c.name),
            c.entity_sets
                .iter()
                .map(|s| (s.name.as_str(), s.span))
                .chain(c.singletons.iter().map(|s| (s.name.as_str(), s.span)))
                .chain(c.imports.iter().map(|s| (s.name.as_str(), s.span))),
            true,
            &mut out,
        );
    }
    out
}

/// W0302: types of the main document that nothing in the entity container reaches (through entity
/// sets, singletons, imported operations, operations bound to reached types, property and
/// navigation types, base and derived types, union alternatives and map values; with OpenAPI,
/// the parameters and bodies of the HTTP operations and the `allOf` parts whose members a type
/// copies in, too). Skipped without a container.
pub fn unreachable(model: &Model) -> Vec<Diagnostic> {
    let Some(c) = &model.container else {
        return Vec::new();
    };
    let n = model.types.len();
    let mut seen = vec![false; n];
    let mut stack: Vec<TypeId> = c
        .entity_sets
        .iter()
        .map(|s| s.entity_type)
        .chain(c.singletons.iter().map(|s| s.entity_type))
        .collect();
    for op in &model.http {
        let types = op.parameters.iter().map(|p| p.ty);
        let types = types.chain(op.request_body.iter().map(|b| b.ty));
        for t in types.chain(op.responses.iter().filter_map(|r| r.ty)) {
            if let Target::Named(id) = t.target {
                stack.push(id);
            }
        }
    }
    let mut ops_done = vec![false; model.operations.len()];
    let mut op_queue: Vec<usize> = c
        .imports
        .iter()
        .flat_map(|i| i.operations.iter().copied())
        .collect();
    let named = |r: &TypeRef| match r.target {
        Target::Named(t) => Some(t),
        Target::Primitive(_) => None,
    };
    loop {
        while let Some(op) = op_queue.pop() {
            if std::mem::replace(&mut ops_done[op], true) {
                continue;
            }
            let o = &model.operations[op];
            stack.extend(o.parameters.iter().filter_map(|p| named(&p.ty)));
            stack.extend(o.return_type.as_ref().and_then(|r| named(&r.ty)));
        }
        while let Some(t) = stack.pop() {
            if std::mem::replace(&mut seen[t.index()], true) {
                continue;
            }
            let mixins = crate::ir::facts::mixin_names(&model.ty(t).annotations);
            stack.extend(mixins.into_iter().filter_map(|q| model.lookup(q)));
            if let Some(st) = model.ty(t).as_struct() {
                stack.extend(st.base);
                stack.extend(st.derived.iter().copied());
                stack.extend(st.properties.iter().filter_map(|p| named(&p.ty)));
                stack.extend(st.navigation.iter().filter_map(|p| named(&p.ty)));
            }
            match &model.ty(t).kind {
                TypeKind::Union(u) => stack.extend(u.alternatives.iter().filter_map(|a| named(&a.ty))),
                TypeKind::Map(m) => stack.extend(named(&m.value)),
                TypeKind::Array(a) => stack.extend(named(&a.items)),
                _ => {}
            }
        }
        // Bound operations of reached types.
        for (i, o) in model.operations.iter().enumerate() {
            if ops_done[i] || !o.is_bound {
                continue;
            }
            if o.parameters
                .first()
                .and_then(|p| named(&p.ty))
                .is_some_and(|t| seen[t.index()])
            {
                op_queue.push(i);
            }
        }
        if op_queue.is_empty() {
            break;
        }
    }
    model
        .types
        .iter()
        .enumerate()
        .filter(|(i, t)| !seen[*i] && t.span.file == 0)
        .map(|(_, t)| {
            Diagnostic::warning(
                "W0302",
                format!(
                    "`{}` is reachable from nothing the service exposes",
                    t.qualified_name()
                ),
            )
            .at(loc(model, t.span))
            .with_note(
                "no entity set, singleton, operation (or HTTP operation's parameter or body), property or base type leads to it",
            )
        })
        .collect()
}
