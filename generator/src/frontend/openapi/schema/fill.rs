//! Filling registered types from their schemas: enums (members, `x-ms-enum`), maps, unions
//! (alternatives and discriminator tags) and structured types (properties, `allOf` bases,
//! derived types listed by a base, discriminator mappings).

use super::shapes::{type_list_branches, union_branches_with};
use super::tree::{Node, Value};
use super::{annotation, description};
use crate::frontend::openapi::{Pending, Reader};
use crate::ir::*;
use std::collections::{HashMap, HashSet};

impl Reader {
    pub(super) fn fill_enum(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
        let ext = node.get("x-ms-enum");
        let flags = node
            .get("x-ms-enum-flags")
            .and_then(|f| f.bool("isFlags"))
            .unwrap_or(false);
        let mut members = Vec::new();
        let mut seen = HashSet::new();
        let items = node
            .get("enum")
            .or_else(|| node.get("x-extensible-enum"))
            .map(Node::items)
            .unwrap_or_default();
        // `const: cat`: the one value (see `shape`).
        let single = super::shapes::const_string(node).map(std::slice::from_ref);
        let items = match single {
            Some(one) if items.is_empty() => one,
            _ => items,
        };
        for (i, item) in items.iter().enumerate() {
            let Some(name) = item.as_str() else { continue };
            if !seen.insert(name.to_owned()) {
                self.warn(
                    "W0310",
                    doc,
                    item,
                    &format!("{ptr}/enum/{i}"),
                    format!("duplicate enum value `{name}` ignored"),
                );
                continue;
            }
            let mut annotations = Annotations::default();
            let mut value = (!flags).then_some(members.len() as i64);
            if let Some(v) = ext
                .and_then(|e| e.get("values"))
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .find(|v| v.str("value") == Some(name) || v.str("name") == Some(name))
            {
                if let Some(d) = v.str("description").filter(|d| !d.trim().is_empty()) {
                    annotations.push(annotation("Description", d));
                }
                if let Some(Value::Number(n)) = v.get("value").map(|n| &n.value) {
                    value = n.parse().ok();
                }
            }
            members.push(EnumMember {
                name: name.to_owned(),
                value,
                annotations,
                span: self.span(doc, item),
            });
        }
        // Open or closed: OData-derived documents keep the CSDL semantics (open: services add
        // members); in plain OpenAPI an `enum` is the closed set of allowed values unless
        // `x-ms-enum: {modelAsString: true}` says the set may grow.
        let open = self.odata_flavoured
            || ext.and_then(|e| e.bool("modelAsString")).unwrap_or(false)
            || node.get("x-extensible-enum").is_some();
        if !open {
            self.model.types[id.index()]
                .annotations
                .push(crate::ir::facts::flag(crate::ir::facts::CLOSED_ENUM));
        }
        if let TypeKind::Enum(e) = &mut self.model.types[id.index()].kind {
            e.members = members;
            e.is_flags = flags;
        }
    }

    pub(super) fn fill_map(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
        let value = match node.get("additionalProperties") {
            Some(a) if a.is_map() && !a.entries().is_empty() => {
                self.type_of(doc, a, &format!("{ptr}/additionalProperties"), 1)
                    .0
            }
            _ => TypeRef {
                collection: false,
                target: Target::Primitive(Primitive::Untyped),
            },
        };
        self.model.types[id.index()].kind = TypeKind::Map(MapType { value });
    }

    pub(super) fn fill_union(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
        // The branches with their places: a `oneOf`/`anyOf`'s, else those of a `type` list
        // (each the schema itself with one type, so at its place).
        let branches: Option<Vec<(String, Node)>> =
            match union_branches_with(node, self.odata_flavoured) {
                Some((key, b)) => Some(
                    b.into_iter()
                        .map(|(i, b)| (format!("{ptr}/{key}/{i}"), b.clone()))
                        .collect(),
                ),
                None => type_list_branches(node, self.odata_flavoured)
                    .map(|b| b.into_iter().map(|b| (ptr.to_owned(), b)).collect()),
            };
        let Some(branches) = branches else {
            // Never an enum without variants (no value would deserialize).
            self.warn(
                "W0312",
                doc,
                node,
                ptr,
                "no alternatives to choose from; the value is kept as untyped JSON".into(),
            );
            self.model.types[id.index()].kind = TypeKind::Union(UnionType {
                alternatives: vec![UnionAlternative {
                    ty: TypeRef {
                        collection: false,
                        target: Target::Primitive(Primitive::Untyped),
                    },
                    tags: Vec::new(),
                }],
                discriminator: None,
            });
            return;
        };
        let mut u = UnionType {
            alternatives: Vec::new(),
            discriminator: node
                .get("discriminator")
                .and_then(|d| d.str("propertyName"))
                .map(str::to_owned),
        };
        let mapping: Vec<(String, String)> = node
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .map(Node::entries)
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect();
        for (bptr, b) in &branches {
            if self.is_null_schema(doc, b, 0) {
                // `oneOf: [X, NullEnum]`: the value may be null, which every field can hold.
                continue;
            }
            let (ty, _) = self.type_of(doc, b, bptr, 1);
            let mut tags = Vec::new();
            if let Some(r) = b.str("$ref")
                && let Ok(origin) = self.resolve_ref(doc, r)
            {
                for (tag, target) in &mapping {
                    // Mapping values are references or bare schema names.
                    let hit = match self.resolve_ref(doc, target) {
                        Ok(o) => o == origin,
                        Err(_) => origin
                            .1
                            .ends_with(&format!("/{}", super::tree::escape_segment(target))),
                    };
                    if hit {
                        tags.push(tag.clone());
                    }
                }
                if mapping.is_empty() && u.discriminator.is_some() {
                    // Implicit mapping: the schema's name.
                    if let Some(last) = super::tree::split_pointer(&origin.1).last() {
                        tags.push(last.clone());
                    }
                }
            }
            // A type listed twice (`oneOf: [A, A, B]`) is one alternative, with the tags of both.
            match u.alternatives.iter_mut().find(|a| a.ty == ty) {
                Some(a) => {
                    for t in tags {
                        if !a.tags.contains(&t) {
                            a.tags.push(t);
                        }
                    }
                }
                None => u.alternatives.push(UnionAlternative { ty, tags }),
            }
        }
        self.model.types[id.index()].kind = TypeKind::Union(u);
    }

    /// The structured type a schema that is only another one's alias stands for: `FoodEstablishment:
    /// {allOf: [{$ref: LocalBusiness}]}` (annotations aside, no members of its own) is
    /// `LocalBusiness`, through up to 8 such aliases. `None` when `r` names no such alias.
    fn alias_of(&mut self, doc: usize, r: &str) -> Option<Target> {
        let (mut doc, mut node) = self.ref_target(doc, r)?;
        for _ in 0..8 {
            let parts = node.get("allOf")?.items().to_vec();
            let mut refs = parts.iter().filter(|p| p.get("$ref").is_some());
            let inner = refs.next()?.clone();
            if refs.next().is_some()
                || node.get("properties").is_some()
                || !parts
                    .iter()
                    .all(|p| p.get("$ref").is_some() || super::shapes::annotation_only(p))
            {
                return None;
            }
            let inner_ref = inner.str("$ref")?.to_owned();
            if let Some(t @ Target::Named(_)) = self.named_ref(doc, &inner, "", &inner_ref) {
                return Some(t);
            }
            (doc, node) = self.ref_target(doc, &inner_ref)?;
        }
        None
    }

    pub(super) fn fill_struct(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
        // `type: [object, string]` with `properties`: read as the object (its members typed);
        // a value of the other types does not deserialize, which the user must hear of.
        let others: Vec<&str> = node
            .get("type")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(Node::as_str)
            .filter(|t| !matches!(*t, "object" | "null"))
            .collect();
        if !others.is_empty() && node.get("type").is_some_and(|t| t.items().iter().any(|t| t.as_str() == Some("object"))) {
            self.warn(
                "W0312",
                doc,
                node,
                ptr,
                format!(
                    "a `type` list of `object` and {} with `properties` is read as the object: \
                     a value of type {} does not deserialize",
                    others.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "),
                    others.join(" or ")
                ),
            );
        }
        let mut p = Pending {
            is_struct: true,
            ..Pending::default()
        };
        // The parts describing this type: the schema itself and the inline members of `allOf`.
        let mut parts: Vec<(&Node, String)> = vec![(node, ptr.to_owned())];
        for (i, item) in node
            .get("allOf")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let iptr = format!("{ptr}/allOf/{i}");
            match item.str("$ref") {
                Some(r) => match self
                    .named_ref(doc, item, &iptr, r)
                    .or_else(|| self.alias_of(doc, r))
                {
                    // The first structured type is the base, except for a type with a made-up
                    // name (an inline `allOf`): no payload names it, so it derives from nothing
                    // (its parts would otherwise become polymorphic) and holds their members.
                    Some(Target::Named(b))
                        if p.st.base.is_none()
                            && !self.derived.contains(&id)
                            && self.is_struct_id(b) =>
                    {
                        p.st.base = Some(b)
                    }
                    // A further structured type: a mixin, its members copied in where it
                    // stands (before the inline parts that follow it; a position in `parts`
                    // until the members are read).
                    Some(Target::Named(b)) if b != id && self.is_struct_id(b) => {
                        if !p.mixins.iter().any(|(m, _)| *m == b) {
                            p.mixins.push((b, parts.len()));
                        }
                    }
                    _ => self.warn(
                        "W0311",
                        doc,
                        item,
                        &iptr,
                        "`allOf` member is not a structured base type; ignored".into(),
                    ),
                },
                None => {
                    self.unsupported_keywords(doc, item, &iptr);
                    parts.push((item, iptr))
                }
            }
        }
        let mut required: HashSet<String> = HashSet::new();
        // Where each part's members start in `p.st.properties`.
        let mut part_start = Vec::with_capacity(parts.len());
        // The schema of each member as its first part declares it.
        let mut declared: HashMap<&str, &Node> = HashMap::new();
        for (part, pptr) in &parts {
            part_start.push(p.st.properties.len());
            for r in part.get("required").map(Node::items).unwrap_or_default() {
                if let Some(s) = r.as_str() {
                    required.insert(s.to_owned());
                }
            }
            if let Some(a) = part.get("additionalProperties")
                && !matches!(a.value, Value::Bool(false))
            {
                p.st.is_open = true;
            }
            // A part's description describes the type when the schema itself has none.
            if *pptr != ptr
                && let Some(d) = part.str("description")
                && !d.trim().is_empty()
                && self.model.types[id.index()]
                    .annotations
                    .description()
                    .is_none()
            {
                self.model.types[id.index()]
                    .annotations
                    .push(annotation("Description", d));
            }
            for (name, ps) in part
                .get("properties")
                .map(Node::entries)
                .unwrap_or_default()
            {
                if name == "@odata.type" {
                    continue;
                }
                let pptr2 = format!("{pptr}/properties/{}", super::tree::escape_segment(name));
                if p.st.properties.iter().any(|q| q.name == *name) {
                    // A part restating the member as the earlier one declares it (maybe with
                    // other documentation) is no conflict.
                    if declared.get(name.as_str()).is_some_and(|first| same_schema(first, ps)) {
                        continue;
                    }
                    self.warn(
                        "W0310",
                        doc,
                        ps,
                        &pptr2,
                        format!("property `{name}` declared twice; the first wins"),
                    );
                    continue;
                }
                declared.insert(name.as_str(), ps);
                let (ty, nullable) = self.type_of(doc, ps, &pptr2, 0);
                let null_ok = nullable || self.null_allowed(doc, ps);
                self.property_examples(doc, ps, ty, null_ok);
                p.nav_flag
                    .push(ps.bool("x-ms-navigationProperty").unwrap_or(false));
                let mut annotations = description(ps);
                if required.contains(name) {
                    annotations.push(crate::ir::facts::flag(crate::ir::facts::REQUIRED));
                }
                if ty.collection && self.null_allowed(doc, ps) {
                    annotations.push(crate::ir::facts::flag(
                        crate::ir::facts::NULLABLE_COLLECTION,
                    ));
                }
                p.st.properties.push(Property {
                    name: name.clone(),
                    ty,
                    nullable,
                    default_value: ps.get("default").and_then(|d| match &d.value {
                        Value::Str(s) | Value::Number(s) => Some(s.clone()),
                        Value::Bool(b) => Some(b.to_string()),
                        _ => None,
                    }),
                    max_length: ps.get("maxLength").and_then(|d| match &d.value {
                        Value::Number(s) => Some(s.clone()),
                        _ => None,
                    }),
                    precision: None,
                    scale: None,
                    annotations,
                    span: self.span(doc, ps),
                });
            }
            // Derived types listed by a base (OASIS converter: `anyOf: [$ref derived..., {}]`).
            for key in ["anyOf", "oneOf"] {
                for (i, item) in part
                    .get(key)
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let Some(r) = item.str("$ref") else { continue };
                    let iptr = format!("{pptr}/{key}/{i}");
                    if let Some(Target::Named(d)) = self.named_ref(doc, item, &iptr, r)
                        && self.is_struct_id(d)
                    {
                        self.mapped.push((id, d));
                        self.flattened_children_mark(d);
                    }
                }
            }
            if let Some(disc) = part.get("discriminator") {
                let prop = disc.str("propertyName").unwrap_or_default().to_owned();
                let odata = prop == "@odata.type";
                let mut tags = Vec::new();
                for (k, v) in disc.get("mapping").map(Node::entries).unwrap_or_default() {
                    let Some(r) = v.as_str() else { continue };
                    let iptr = format!(
                        "{pptr}/discriminator/mapping/{}",
                        super::tree::escape_segment(k)
                    );
                    // Mapping values are references or bare schema names.
                    let r = if r.contains('#') || r.contains('/') {
                        r.to_owned()
                    } else {
                        format!("#/components/schemas/{}", super::tree::escape_segment(r))
                    };
                    // A mapping entry that leads nowhere cannot select a type; the type itself is
                    // still fine (an unresolved `$ref` of a schema stays an error).
                    let resolves = self
                        .resolve_ref(doc, &r)
                        .ok()
                        .is_some_and(|o| self.node_at(&o).is_some());
                    if !resolves {
                        self.warn(
                            "W0311",
                            doc,
                            v,
                            &iptr,
                            format!(
                                "discriminator mapping `{k}` → `{r}` does not resolve; ignored"
                            ),
                        );
                        continue;
                    }
                    if let Some(Target::Named(d)) = self.named_ref(doc, v, &iptr, &r)
                        && self.is_struct_id(d)
                    {
                        if d != id {
                            self.mapped.push((id, d));
                        }
                        if odata {
                            self.check_tag(doc, v, &iptr, k, d);
                        } else {
                            tags.push((k.clone(), d));
                        }
                    }
                }
                if !odata && !prop.is_empty() {
                    // Chosen by another member: the base's uses become a tagged union (see
                    // `discriminated_unions`).
                    p.discriminator = Some((prop, tags));
                }
            }
            // In a document rendering an OData service the value is the `@odata.type`; elsewhere
            // (Azure) it is the value of the base's own discriminator, read with its mapping.
            if self.odata_flavoured
                && let Some(v) = part.get("x-ms-discriminator-value")
                && let Some(tag) = v.as_str()
            {
                let tag = tag.to_owned();
                self.check_tag(
                    doc,
                    v,
                    &format!("{pptr}/x-ms-discriminator-value"),
                    &tag,
                    id,
                );
            }
        }
        // A mixin's members go before the first inline part after it, else at the end.
        for (_, at) in &mut p.mixins {
            *at = part_start
                .get(*at)
                .copied()
                .unwrap_or(p.st.properties.len());
        }
        if !p.mixins.is_empty() {
            let names = p.mixins.iter().map(|(m, _)| self.model.ty(*m).qualified_name()).collect();
            self.model.types[id.index()].annotations.push(crate::ir::facts::mixins(names));
        }
        let old = std::mem::take(&mut self.pending[id.index()]);
        p.flattened |= old.flattened;
        self.pending[id.index()] = p;
    }

    /// The generated code recognizes a derived type by its qualified name (`#ns.Name`); a
    /// discriminator value that says otherwise would not select it.
    fn check_tag(&mut self, doc: usize, at: &Node, ptr: &str, tag: &str, id: TypeId) {
        let q = self.model.ty(id).qualified_name();
        if tag.trim_start_matches('#') != q {
            self.warn(
                "W0318",
                doc,
                at,
                ptr,
                format!("discriminator value `{tag}` is not the type's qualified name `#{q}`; payloads are matched by `#{q}`"),
            );
        }
    }

    fn flattened_children_mark(&mut self, d: TypeId) {
        if let Some(p) = self.pending.get_mut(d.index()) {
            p.flattened = true;
        }
    }

    fn is_struct_id(&self, id: TypeId) -> bool {
        self.model.ty(id).as_struct().is_some()
    }
}

/// Do two schemas say the same about a value? Equal but for where they are written and for
/// what only documents them (`description`, `title`, examples, `x-` extensions, ...).
fn same_schema(a: &Node, b: &Node) -> bool {
    const DOCS: &[&str] = &[
        "description", "title", "example", "examples", "externalDocs", "deprecated", "readOnly",
        "writeOnly", "xml", "$comment",
    ];
    let significant = |(k, _): &&(String, Node)| !DOCS.contains(&k.as_str()) && !k.starts_with("x-");
    match (&a.value, &b.value) {
        (Value::Map(x), Value::Map(y)) => {
            let (x, y): (Vec<_>, Vec<_>) = (x.iter().filter(significant).collect(), y.iter().filter(significant).collect());
            x.len() == y.len()
                && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && same_schema(v, v2)))
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_schema(a, b))
        }
        (x, y) => x == y,
    }
}
