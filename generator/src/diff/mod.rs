//! `odatagen diff OLD NEW`: a semantic diff of two metadata versions.
//!
//! Types, properties, navigation properties, enum members, keys, nullability, base types,
//! operations, container members and capabilities (of container members and of navigation
//! properties) are compared by name; each change is classified as breaking
//! or not for clients of the service, and its effect on the generated Rust API is named with the
//! emitter's own naming ([`crate::emit::plan::Plan`], [`crate::emit::naming`]), so a type that
//! keeps its metadata name but whose Rust name changes (a new colliding name took it) shows up too.
//!
//! Classification (for clients reading and writing JSON):
//! - breaking: anything removed (a removed type with the same members as one added type is
//!   flagged as a likely rename); a type's kind, base type, key, flags or property type changed; a
//!   property or return value that may now be `null`; a new required operation parameter
//!   (`Nullable` ones too: only `Core.OptionalParameter` makes one optional, as in the generated
//!   code, where every other parameter is a positional argument); the first optional parameter of
//!   an operation (the generated method gets an `options` argument); a parameter made optional or
//!   required; positional parameters reordered; a Rust item renamed; the protocol moving between
//!   OData V1–V3 and V4 (another JSON format).
//! - not breaking: anything added (enum members too: generated enums are open); a property that
//!   may no longer be `null`; a new optional parameter of an operation that has some already (a
//!   field of its options struct); an enum member's numeric value (the wire uses names).

mod capabilities;
mod rust;

use crate::ir::*;
use std::collections::BTreeMap;

pub use rust::RustNames;

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Change {
    /// Breaking for clients.
    pub breaking: bool,
    /// Stable kind, e.g. `property-removed`.
    pub kind: &'static str,
    /// What changed: `ns.type`, `ns.type/property`, `ns.enum/member`, `ns.op(binding)`, ...
    pub item: String,
    /// Old → new, in words.
    pub detail: String,
    /// Effect on the generated Rust API, if any.
    pub rust: Option<String>,
}

/// The diff of two models.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// All changes, breaking first, then by item.
    pub changes: Vec<Change>,
}

fn type_name(m: &Model, r: &TypeRef) -> String {
    let inner = match r.target {
        Target::Primitive(p) => p.edm_name().to_owned(),
        Target::Named(t) => m.ty(t).qualified_name(),
    };
    if r.collection {
        format!("Collection({inner})")
    } else {
        inner
    }
}

fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Entity(_) => "entity type",
        TypeKind::Complex(_) => "complex type",
        TypeKind::Enum(_) => "enum type",
        TypeKind::Definition(_) => "type definition",
        TypeKind::Union(_) => "union type",
        TypeKind::Map(_) => "map type",
        TypeKind::Array(_) => "array type",
    }
}

struct Ctx<'a> {
    old: &'a Model,
    new: &'a Model,
    old_rust: RustNames,
    new_rust: RustNames,
    out: Vec<Change>,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        breaking: bool,
        kind: &'static str,
        item: String,
        detail: String,
        rust: Option<String>,
    ) {
        self.out.push(Change {
            breaking,
            kind,
            item,
            detail,
            rust,
        });
    }
}

/// Compare two models.
pub fn diff(old: &Model, new: &Model) -> Diff {
    let mut c = Ctx {
        old,
        new,
        old_rust: RustNames::new(old),
        new_rust: RustNames::new(new),
        out: Vec::new(),
    };
    protocol(&mut c);
    types(&mut c);
    operations(&mut c);
    container(&mut c);
    let mut changes = c.out;
    changes.sort_by(|a, b| (!a.breaking, &a.item, a.kind).cmp(&(!b.breaking, &b.item, b.kind)));
    Diff { changes }
}

/// The protocol version: from OData V1–V3 to V4 (or back), the JSON format changes, and with it
/// the Rust types of collections, Int64, Double, Single and date-times (and whether request code
/// is generated): breaking.
fn protocol(c: &mut Ctx<'_>) {
    let name = |p: &Protocol| match p {
        Protocol::V4 => "V4".to_owned(),
        Protocol::Legacy(v) => v.clone(),
    };
    if c.old.protocol.is_legacy() != c.new.protocol.is_legacy() {
        let detail = format!(
            "OData {} → {}: another JSON format",
            name(&c.old.protocol),
            name(&c.new.protocol)
        );
        c.push(
            true,
            "protocol-changed",
            "$metadata".into(),
            detail,
            Some(
                "collections, Int64, Double, Single and date-time fields change type \
                 (`odata::Results`, `odata::Quoted`, `odata::DateTime` in V1–V3)"
                    .into(),
            ),
        );
    }
}

/// Kind and member names of a type (empty when it has no members).
fn signature(m: &Model, id: TypeId) -> Option<(&'static str, Vec<String>)> {
    let t = m.ty(id);
    let mut names: Vec<String> = match &t.kind {
        TypeKind::Entity(s) | TypeKind::Complex(s) => s
            .properties
            .iter()
            .map(|p| format!("{}:{}", p.name, type_name(m, &p.ty)))
            .chain(s.navigation.iter().map(|n| n.name.clone()))
            .collect(),
        TypeKind::Enum(e) => e.members.iter().map(|m| m.name.clone()).collect(),
        TypeKind::Union(u) => u.alternatives.iter().map(|a| type_name(m, &a.ty)).collect(),
        TypeKind::Array(a) => vec![type_name(m, &a.items)],
        TypeKind::Definition(_) | TypeKind::Map(_) => Vec::new(),
    };
    names.sort();
    (!names.is_empty()).then(|| (kind_name(&t.kind), names))
}

/// Removed type → the one added type with the same kind and members (a likely rename).
fn renames(old: &Model, new: &Model) -> BTreeMap<String, String> {
    let mut added: BTreeMap<(&'static str, Vec<String>), Vec<String>> = BTreeMap::new();
    for (name, &id) in &new.by_name {
        if !old.by_name.contains_key(name)
            && let Some(sig) = signature(new, id)
        {
            added.entry(sig).or_default().push(name.clone());
        }
    }
    let mut removed: BTreeMap<(&'static str, Vec<String>), Vec<String>> = BTreeMap::new();
    for (name, &id) in &old.by_name {
        if !new.by_name.contains_key(name)
            && let Some(sig) = signature(old, id)
        {
            removed.entry(sig).or_default().push(name.clone());
        }
    }
    removed
        .into_iter()
        .filter_map(
            |(sig, r)| match (r.as_slice(), added.get(&sig).map(Vec::as_slice)) {
                ([from], Some([to])) => Some((from.clone(), to.clone())),
                _ => None,
            },
        )
        .collect()
}

fn types(c: &mut Ctx<'_>) {
    let (old, new) = (c.old, c.new);
    let renamed = renames(old, new);
    for (name, &oid) in &old.by_name {
        let Some(&nid) = new.by_name.get(name) else {
            let rust = c.old_rust.type_path(oid).map(|p| format!("`{p}` removed"));
            let mut detail = format!("{} removed", kind_name(&old.ty(oid).kind));
            if let Some(to) = renamed.get(name) {
                detail.push_str(&format!(" (likely renamed to `{to}`: same members)"));
            }
            c.push(true, "type-removed", name.clone(), detail, rust);
            continue;
        };
        let (ot, nt) = (old.ty(oid), new.ty(nid));
        if std::mem::discriminant(&ot.kind) != std::mem::discriminant(&nt.kind) {
            c.push(
                true,
                "type-kind-changed",
                name.clone(),
                format!("{} → {}", kind_name(&ot.kind), kind_name(&nt.kind)),
                c.new_rust
                    .type_path(nid)
                    .map(|p| format!("`{p}` changes shape")),
            );
            continue;
        }
        if let (Some(op), Some(np)) = (c.old_rust.type_path(oid), c.new_rust.type_path(nid))
            && op != np
        {
            c.push(
                true,
                "rust-type-renamed",
                name.clone(),
                "the generated name changed".into(),
                Some(format!("`{op}` → `{np}`")),
            );
        }
        match (&ot.kind, &nt.kind) {
            (TypeKind::Entity(os), TypeKind::Entity(ns))
            | (TypeKind::Complex(os), TypeKind::Complex(ns)) => {
                structure(c, name, oid, nid, os, ns);
            }
            (TypeKind::Enum(oe), TypeKind::Enum(ne)) => enumeration(c, name, oid, nid, oe, ne),
            (TypeKind::Definition(od), TypeKind::Definition(nd))
                if od.underlying != nd.underlying =>
            {
                c.push(
                    true,
                    "underlying-type-changed",
                    name.clone(),
                    format!(
                        "{} → {}",
                        od.underlying.edm_name(),
                        nd.underlying.edm_name()
                    ),
                    c.new_rust
                        .type_path(nid)
                        .map(|p| format!("`{p}` changes type")),
                );
            }
            _ => {}
        }
    }
    for (name, &nid) in &new.by_name {
        if !old.by_name.contains_key(name) {
            let rust = c.new_rust.type_path(nid).map(|p| format!("`{p}` added"));
            c.push(
                false,
                "type-added",
                name.clone(),
                format!("{} added", kind_name(&new.ty(nid).kind)),
                rust,
            );
        }
    }
}

fn structure(
    c: &mut Ctx<'_>,
    name: &str,
    oid: TypeId,
    nid: TypeId,
    os: &StructType,
    ns: &StructType,
) {
    let (old, new) = (c.old, c.new);
    let obase = os.base.map(|b| old.ty(b).qualified_name());
    let nbase = ns.base.map(|b| new.ty(b).qualified_name());
    if obase != nbase {
        let show = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".into());
        // The fields that come and go with the base (wire name → field): of all members, old
        // and new, those the type does not declare itself (its own are compared below).
        let own = |m: &Model, id: TypeId| -> Vec<String> {
            m.ty(id)
                .as_struct()
                .map(|s| {
                    s.properties
                        .iter()
                        .map(|p| p.name.clone())
                        .chain(s.navigation.iter().map(|n| n.name.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (was, is) = (c.old_rust.fields(oid), c.new_rust.fields(nid));
        let (old_own, new_own) = (own(old, oid), own(new, nid));
        let gone: Vec<String> = was
            .iter()
            .filter(|(w, _)| !is.contains_key(*w) && !old_own.contains(*w))
            .map(|(_, f)| format!("`{f}`"))
            .collect();
        let came: Vec<String> = is
            .iter()
            .filter(|(w, _)| !was.contains_key(*w) && !new_own.contains(*w))
            .map(|(_, f)| format!("`{f}`"))
            .collect();
        let path = c.new_rust.type_path(nid).or_else(|| c.old_rust.type_path(oid));
        let mut rust = Vec::new();
        if !gone.is_empty() {
            rust.push(format!("inherited fields removed: {}", gone.join(", ")));
        }
        if !came.is_empty() {
            rust.push(format!("inherited fields added: {}", came.join(", ")));
        }
        let rust = if rust.is_empty() {
            "the type's place in its hierarchy changes (`@odata.type` dispatch, `cast`)".to_owned()
        } else {
            rust.join("; ")
        };
        c.push(
            true,
            "base-type-changed",
            name.to_owned(),
            format!("{} → {}", show(&obase), show(&nbase)),
            Some(match path {
                Some(p) => format!("`{p}`: {rust}"),
                None => rust,
            }),
        );
    }
    if os.is_abstract != ns.is_abstract {
        c.push(
            !os.is_abstract,
            "abstract-changed",
            name.to_owned(),
            format!("Abstract {} → {}", os.is_abstract, ns.is_abstract),
            None,
        );
    }
    if os.is_open != ns.is_open {
        c.push(
            os.is_open,
            "open-type-changed",
            name.to_owned(),
            format!("OpenType {} → {}", os.is_open, ns.is_open),
            None,
        );
    }
    // Keys: the effective key (own or inherited).
    let key = |m: &Model, id: TypeId| -> Vec<String> {
        std::iter::once(id)
            .chain(m.ancestors(id))
            .filter_map(|t| m.ty(t).as_struct())
            .map(|s| s.key.clone())
            .find(|k| !k.is_empty())
            .unwrap_or_default()
    };
    let (ok, nk) = (key(old, oid), key(new, nid));
    if ok != nk {
        c.push(
            true,
            "key-changed",
            name.to_owned(),
            format!("({}) → ({})", ok.join(", "), nk.join(", ")),
            None,
        );
    }
    // Declared properties.
    let ofields = c.old_rust.fields(oid);
    let nfields = c.new_rust.fields(nid);
    let field = |f: &BTreeMap<String, String>, p: &str| f.get(p).cloned();
    let opath = c.old_rust.type_path(oid);
    let npath = c.new_rust.type_path(nid);
    for op in &os.properties {
        let item = format!("{name}/{}", op.name);
        let Some(np) = ns.properties.iter().find(|p| p.name == op.name) else {
            // Moved to a base type is not a removal.
            if new.all_properties(nid).iter().any(|p| p.name == op.name) {
                continue;
            }
            let rust = opath
                .as_ref()
                .zip(field(&ofields, &op.name))
                .map(|(t, f)| format!("field `{t}::{f}` removed"));
            c.push(
                true,
                "property-removed",
                item,
                format!("property `{}` removed", op.name),
                rust,
            );
            continue;
        };
        let (otn, ntn) = (type_name(old, &op.ty), type_name(new, &np.ty));
        if otn != ntn {
            let rust = npath
                .as_ref()
                .zip(field(&nfields, &np.name))
                .map(|(t, f)| format!("field `{t}::{f}` changes type"));
            c.push(
                true,
                "property-type-changed",
                item.clone(),
                format!("{otn} → {ntn}"),
                rust,
            );
        }
        if op.nullable != np.nullable {
            c.push(
                np.nullable,
                "nullability-changed",
                item.clone(),
                format!("Nullable {} → {}", op.nullable, np.nullable),
                None,
            );
        }
        if let (Some(t), Some(of), Some(nf)) =
            (&npath, field(&ofields, &op.name), field(&nfields, &np.name))
            && of != nf
        {
            c.push(
                true,
                "rust-field-renamed",
                item.clone(),
                "the generated field name changed".into(),
                Some(format!("`{t}::{of}` → `{t}::{nf}`")),
            );
        }
    }
    for np in &ns.properties {
        if os.properties.iter().any(|p| p.name == np.name)
            || old.all_properties(oid).iter().any(|p| p.name == np.name)
        {
            continue;
        }
        let rust = npath
            .as_ref()
            .zip(field(&nfields, &np.name))
            .map(|(t, f)| {
                format!("field `{t}::{f}` added (a struct literal without `..Default::default()` needs it)")
            });
        c.push(
            false,
            "property-added",
            format!("{name}/{}", np.name),
            format!(
                "property `{}`: {}{}",
                np.name,
                type_name(new, &np.ty),
                if np.nullable { "" } else { " (not nullable)" }
            ),
            rust,
        );
    }
    // Navigation properties.
    for on in &os.navigation {
        let item = format!("{name}/{}", on.name);
        let Some(nn) = ns.navigation.iter().find(|n| n.name == on.name) else {
            if new.all_navigation(nid).iter().any(|n| n.name == on.name) {
                continue;
            }
            let rust = opath
                .as_ref()
                .zip(field(&ofields, &on.name))
                .map(|(t, f)| format!("field `{t}::{f}` removed"));
            c.push(
                true,
                "navigation-removed",
                item,
                format!("navigation property `{}` removed", on.name),
                rust,
            );
            continue;
        };
        let (otn, ntn) = (type_name(old, &on.ty), type_name(new, &nn.ty));
        if otn != ntn {
            let rust = npath
                .as_ref()
                .zip(field(&nfields, &nn.name))
                .map(|(t, f)| format!("field `{t}::{f}` changes type"));
            c.push(
                true,
                "navigation-type-changed",
                item.clone(),
                format!("{otn} → {ntn}"),
                rust,
            );
        }
        if on.contains_target != nn.contains_target {
            c.push(
                true,
                "containment-changed",
                item.clone(),
                format!(
                    "ContainsTarget {} → {}",
                    on.contains_target, nn.contains_target
                ),
                None,
            );
        }
    }
    for nn in &ns.navigation {
        if os.navigation.iter().any(|n| n.name == nn.name)
            || old.all_navigation(oid).iter().any(|n| n.name == nn.name)
        {
            continue;
        }
        let rust = npath
            .as_ref()
            .zip(field(&nfields, &nn.name))
            .map(|(t, f)| {
                format!("field `{t}::{f}` added (a struct literal without `..Default::default()` needs it)")
            });
        c.push(
            false,
            "navigation-added",
            format!("{name}/{}", nn.name),
            format!(
                "navigation property `{}`: {}",
                nn.name,
                type_name(new, &nn.ty)
            ),
            rust,
        );
    }
}

fn enumeration(
    c: &mut Ctx<'_>,
    name: &str,
    oid: TypeId,
    nid: TypeId,
    oe: &EnumType,
    ne: &EnumType,
) {
    let ov = c.old_rust.variants(oid);
    let nv = c.new_rust.variants(nid);
    let opath = c.old_rust.type_path(oid);
    let npath = c.new_rust.type_path(nid);
    if oe.is_flags != ne.is_flags {
        c.push(
            true,
            "flags-changed",
            name.to_owned(),
            format!("IsFlags {} → {}", oe.is_flags, ne.is_flags),
            npath
                .as_ref()
                .map(|p| format!("fields of type `{p}` change type")),
        );
    }
    if oe.underlying != ne.underlying {
        c.push(
            true,
            "underlying-type-changed",
            name.to_owned(),
            format!(
                "{} → {}",
                oe.underlying.edm_name(),
                ne.underlying.edm_name()
            ),
            None,
        );
    }
    for om in &oe.members {
        let item = format!("{name}/{}", om.name);
        match ne.members.iter().find(|m| m.name == om.name) {
            None => {
                let rust = opath
                    .as_ref()
                    .zip(ov.get(&om.name))
                    .map(|(t, v)| format!("variant `{t}::{v}` removed"));
                c.push(
                    true,
                    "enum-member-removed",
                    item,
                    format!("member `{}` removed", om.name),
                    rust,
                );
            }
            Some(nm) => {
                if om.value != nm.value {
                    let show = |v: Option<i64>| v.map_or("none".into(), |v| v.to_string());
                    c.push(
                        false,
                        "enum-value-changed",
                        item.clone(),
                        format!("value {} → {}", show(om.value), show(nm.value)),
                        None,
                    );
                }
                if let (Some(t), Some(a), Some(b)) = (&npath, ov.get(&om.name), nv.get(&nm.name))
                    && a != b
                {
                    c.push(
                        true,
                        "rust-variant-renamed",
                        item,
                        "the generated variant name changed".into(),
                        Some(format!("`{t}::{a}` → `{t}::{b}`")),
                    );
                }
            }
        }
    }
    for nm in &ne.members {
        if !oe.members.iter().any(|m| m.name == nm.name) {
            let rust = npath.as_ref().zip(nv.get(&nm.name)).map(|(t, v)| {
                format!("variant `{t}::{v}` added (exhaustive `match`es need an arm)")
            });
            c.push(
                false,
                "enum-member-added",
                format!("{name}/{}", nm.name),
                format!("member `{}` added", nm.name),
                rust,
            );
        }
    }
}

/// `ns.name(bindingType)` for bound operations, `ns.name()` otherwise; overloads of unbound
/// functions are told apart by their parameter names.
fn op_keys(m: &Model) -> BTreeMap<String, &Operation> {
    let mut out = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let base = |o: &Operation| {
        let binding = if o.is_bound {
            o.parameters
                .first()
                .map(|p| type_name(m, &p.ty))
                .unwrap_or_default()
        } else {
            String::new()
        };
        format!("{}.{}({binding})", o.namespace, o.name)
    };
    for o in &m.operations {
        *counts.entry(base(o)).or_default() += 1;
    }
    for o in &m.operations {
        let b = base(o);
        let key = if counts.get(&b).copied().unwrap_or(0) > 1 {
            let names: Vec<&str> = o
                .parameters
                .iter()
                .skip(usize::from(o.is_bound))
                .map(|p| p.name.as_str())
                .collect();
            format!("{b}[{}]", names.join(","))
        } else {
            b
        };
        out.insert(key, o);
    }
    out
}

/// Optional as the generated request code has it (`Core.OptionalParameter`: a field of the
/// operation's options struct); every other parameter, `Nullable` ones too, is a positional
/// argument of the generated method (see `emit::requests::operations::is_optional`).
fn optional(p: &Parameter) -> bool {
    crate::emit::requests::operations::is_optional(p)
}

/// Where the request code offers operation `o`: a method of the request builders of its binding
/// type (named by `emit::requests::operations::method_base`, before overload suffixes), or
/// the function of `requests` its import is.
fn op_rust(m: &Model, names: &RustNames, o: &Operation) -> Option<String> {
    if o.is_bound {
        let binding = o.parameters.first()?;
        let Target::Named(t) = binding.ty.target else { return None };
        let base = crate::emit::requests::operations::method_base(o);
        let on = names.type_path(t)?;
        let builder = if binding.ty.collection { "EntityCollection" } else { "EntityRef" };
        Some(format!("method `{base}` of `request::{builder}<{on}>`"))
    } else {
        let index = m.operations.iter().position(|x| std::ptr::eq(x, o))?;
        let import = m.container.as_ref()?.imports.iter().find(|i| i.operations.contains(&index))?;
        Some(format!("function `requests::{}`", crate::emit::naming::snake(&import.name)))
    }
}

fn operations(c: &mut Ctx<'_>) {
    let (old, new) = (c.old, c.new);
    let (oo, no) = (op_keys(old), op_keys(new));
    let kind = |o: &Operation| match o.kind {
        OperationKind::Action => "action",
        OperationKind::Function => "function",
    };
    for (key, o) in &oo {
        let Some(n) = no.get(key) else {
            let rust = op_rust(old, &c.old_rust, o).map(|r| format!("{r} removed"));
            c.push(
                true,
                "operation-removed",
                key.clone(),
                format!("{} removed", kind(o)),
                rust,
            );
            continue;
        };
        if o.kind != n.kind {
            c.push(
                true,
                "operation-kind-changed",
                key.clone(),
                format!("{} → {}", kind(o), kind(n)),
                None,
            );
        }
        let (ort, nrt) = (
            o.return_type.as_ref().map(|r| type_name(old, &r.ty)),
            n.return_type.as_ref().map(|r| type_name(new, &r.ty)),
        );
        if ort != nrt {
            let show = |r: &Option<String>| r.clone().unwrap_or_else(|| "nothing".into());
            let rust = op_rust(new, &c.new_rust, n).map(|r| format!("{r} returns another type"));
            c.push(
                true,
                "return-type-changed",
                key.clone(),
                format!("{} → {}", show(&ort), show(&nrt)),
                rust,
            );
        } else if let (Some(a), Some(b)) = (&o.return_type, &n.return_type)
            && a.nullable != b.nullable
        {
            // A single result that may be null is an `Option`: the method's result type changes
            // either way.
            let single = !b.ty.collection && b.ty.target != Target::Primitive(Primitive::Stream);
            let rust = op_rust(new, &c.new_rust, n).filter(|_| single).map(|r| {
                if b.nullable {
                    format!("{r} returns an `Option`")
                } else {
                    format!("{r} no longer returns an `Option`")
                }
            });
            c.push(
                b.nullable || single,
                "nullability-changed",
                format!("{key}/return"),
                format!("Nullable {} → {}", a.nullable, b.nullable),
                rust,
            );
        }
        let skip = usize::from(o.is_bound);
        for op in o.parameters.iter().skip(skip) {
            let item = format!("{key}/{}", op.name);
            match n.parameters.iter().skip(skip).find(|p| p.name == op.name) {
                None => c.push(
                    true,
                    "parameter-removed",
                    item,
                    format!("parameter `{}` removed", op.name),
                    None,
                ),
                Some(np) => {
                    let (a, b) = (type_name(old, &op.ty), type_name(new, &np.ty));
                    if a != b {
                        c.push(
                            true,
                            "parameter-type-changed",
                            item.clone(),
                            format!("{a} → {b}"),
                            None,
                        );
                    }
                    if op.nullable != np.nullable {
                        c.push(
                            !np.nullable,
                            "nullability-changed",
                            item.clone(),
                            format!("Nullable {} → {}", op.nullable, np.nullable),
                            None,
                        );
                    }
                    // Optional → required: callers that left it out now fail; either way the
                    // generated method changes (a positional argument ↔ an options field).
                    let (oo, no) = (optional(op), optional(np));
                    if oo != no {
                        let word = |o: bool| if o { "optional" } else { "required" };
                        c.push(
                            true,
                            "parameter-optionality-changed",
                            item,
                            format!("{} → {}", word(oo), word(no)),
                            Some(if no {
                                "argument moves into the method's options struct".into()
                            } else {
                                "options field becomes a positional argument of the method".into()
                            }),
                        );
                    }
                }
            }
        }
        // Positional (required) parameters kept by both versions, in order: the generated
        // method takes them as arguments in this order, so a reordering compiles against old
        // calls of the same types with the values swapped.
        let positional = |op: &Operation, other: &Operation| -> Vec<String> {
            op.parameters
                .iter()
                .skip(skip)
                .filter(|p| !optional(p))
                .filter(|p| {
                    other
                        .parameters
                        .iter()
                        .skip(skip)
                        .any(|q| q.name == p.name && !optional(q))
                })
                .map(|p| p.name.clone())
                .collect()
        };
        let (op_order, np_order) = (positional(o, n), positional(n, o));
        if op_order != np_order {
            c.push(
                true,
                "parameters-reordered",
                key.clone(),
                format!("({}) → ({})", op_order.join(", "), np_order.join(", ")),
                Some("positional arguments of the method change order".into()),
            );
        }
        let had_options = o.parameters.iter().skip(skip).any(optional);
        for np in n.parameters.iter().skip(skip) {
            if !o.parameters.iter().skip(skip).any(|p| p.name == np.name) {
                let opt = optional(np);
                // A required parameter is a new positional argument; the first optional one is
                // a new `options` argument (the options struct did not exist); later optional
                // ones are fields of an existing options struct (`..Default::default()`).
                let (breaking, rust) = if !opt {
                    (true, "new positional argument of the method")
                } else if !had_options {
                    (
                        true,
                        "new `options` argument of the method (its options struct is new)",
                    )
                } else {
                    (false, "new field of the method's options struct")
                };
                c.push(
                    breaking,
                    "parameter-added",
                    format!("{key}/{}", np.name),
                    format!(
                        "{} parameter `{}`: {}",
                        if opt { "optional" } else { "required" },
                        np.name,
                        type_name(new, &np.ty)
                    ),
                    Some(rust.into()),
                );
            }
        }
    }
    for (key, n) in &no {
        if !oo.contains_key(key) {
            let rust = op_rust(new, &c.new_rust, n).map(|r| format!("{r} added"));
            c.push(
                false,
                "operation-added",
                key.clone(),
                format!("{} added", kind(n)),
                rust,
            );
        }
    }
}

fn container(c: &mut Ctx<'_>) {
    let members = |m: &Model| -> BTreeMap<String, (&'static str, String)> {
        let mut out = BTreeMap::new();
        if let Some(ct) = &m.container {
            for s in &ct.entity_sets {
                out.insert(
                    s.name.clone(),
                    ("entity set", m.ty(s.entity_type).qualified_name()),
                );
            }
            for s in &ct.singletons {
                out.insert(
                    s.name.clone(),
                    ("singleton", m.ty(s.entity_type).qualified_name()),
                );
            }
            // Operation imports are URLs of the service (`/ResetAll`) and functions of
            // `requests` too: a removed or renamed import is gone for clients.
            for i in &ct.imports {
                let kind = match i.kind {
                    OperationKind::Action => "action import",
                    OperationKind::Function => "function import",
                };
                let ops = i
                    .operations
                    .first()
                    .and_then(|&o| m.operations.get(o))
                    .map(|o| format!("{}.{}", o.namespace, o.name))
                    .unwrap_or_default();
                out.insert(i.name.clone(), (kind, ops));
            }
        }
        out
    };
    let (om, nm) = (members(c.old), members(c.new));
    let function = |name: &str, what: &str| Some(format!("function `requests::{}` {what}", crate::emit::naming::snake(name)));
    for (name, (kind, ty)) in &om {
        match nm.get(name) {
            None => c.push(
                true,
                "container-member-removed",
                format!("/{name}"),
                format!("{kind} of {ty} removed"),
                function(name, "removed"),
            ),
            Some((nk, nt)) if (nk, nt) != (kind, ty) => c.push(
                true,
                "container-member-changed",
                format!("/{name}"),
                format!("{kind} of {ty} → {nk} of {nt}"),
                None,
            ),
            _ => {}
        }
    }
    for (name, (kind, ty)) in &nm {
        if !om.contains_key(name) {
            c.push(
                false,
                "container-member-added",
                format!("/{name}"),
                format!("{kind} of {ty} added"),
                function(name, "added"),
            );
        }
    }
    capabilities::container_members(c);
    capabilities::navigation(c);
}

impl Diff {
    /// Number of breaking changes.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// Counts by kind.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for c in &self.changes {
            *m.entry(c.kind).or_insert(0) += 1;
        }
        m
    }

    /// JSON: `{"changes": [...], "summary": {"breaking", "non_breaking", "by_kind"}}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "changes": self.changes,
            "summary": {
                "breaking": self.breaking(),
                "non_breaking": self.changes.len() - self.breaking(),
                "by_kind": self.counts(),
            }
        })
    }

    /// A Markdown report: summary, then a table of breaking and one of other changes.
    pub fn to_markdown(&self, old: &str, new: &str) -> String {
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        let mut out = format!(
            "# Metadata diff\n\n`{}` → `{}`: {} changes, {} breaking.\n",
            cell(old),
            cell(new),
            self.changes.len(),
            self.breaking()
        );
        for (title, breaking) in [("Breaking changes", true), ("Non-breaking changes", false)] {
            let rows: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.breaking == breaking)
                .collect();
            out.push_str(&format!("\n## {title} ({})\n\n", rows.len()));
            if rows.is_empty() {
                out.push_str("None.\n");
                continue;
            }
            out.push_str("| change | item | detail | Rust API |\n|---|---|---|---|\n");
            for c in rows {
                out.push_str(&format!(
                    "| {} | `{}` | {} | {} |\n",
                    c.kind,
                    cell(&c.item),
                    cell(&c.detail),
                    cell(c.rust.as_deref().unwrap_or(""))
                ));
            }
        }
        out
    }
}
