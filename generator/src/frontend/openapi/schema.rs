//! Schemas → named types, properties and inheritance.

use super::tree::{Node, Value};
use super::{Origin, Pending, Reader};
use crate::ir::annotations::CORE;
use crate::ir::*;
use std::collections::HashSet;

/// Where a type's name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Naming {
    /// A key of `components/schemas`: the document's own name, kept as written.
    Declared,
    /// Made up from where the schema sits (inline schemas, schemas referenced at other JSON
    /// pointers, `<Base>_any` unions): made unique by a suffix, and yields to a declared name.
    Derived,
}

/// What a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// An object with properties (or inheritance): a structured type.
    Struct,
    /// A string enumeration.
    Enum,
    /// `oneOf`/`anyOf` of two or more alternatives without properties of its own.
    Union,
    /// An object with `additionalProperties` and no `properties`: a map.
    Map,
    /// Anything else (primitives, arrays): used inline.
    Other,
}

/// Is this branch of `anyOf`/`oneOf` only "or null"? (`{type: 'null'}` in 3.1, `{nullable: true}`
/// and Microsoft's `{type: object, nullable: true}` in 3.0.)
pub(crate) fn is_null_branch(b: &Node) -> bool {
    types_of(b) == ["null"]
        || (b.get("$ref").is_none()
            && (types_of(b).is_empty() || types_of(b) == ["object"])
            && b.bool("nullable") == Some(true)
            && b.get("properties").is_none())
}

/// The IEEE754Compatible rendering of a number: `[number, string]` (+ `ReferenceNumeric`).
fn is_numeric_form(branches: &[&Node]) -> bool {
    let numeric = branches
        .iter()
        .filter(|b| {
            types_of(b)
                .iter()
                .any(|t| *t == "number" || *t == "integer")
        })
        .count();
    let stringy = branches
        .iter()
        .any(|b| types_of(b).contains(&"string") && b.get("format").is_none());
    numeric == 1
        && stringy
        && branches.iter().all(|b| {
            types_of(b)
                .iter()
                .any(|t| matches!(*t, "number" | "integer" | "string"))
                || b.str("$ref")
                    .is_some_and(|r| r.ends_with("/ReferenceNumeric"))
        })
}

/// The alternatives of a union schema (`oneOf`/`anyOf` with two or more non-null, non-empty
/// branches that are not the IEEE754 number form), with the keyword.
pub(crate) fn union_branches(node: &Node) -> Option<(&'static str, Vec<(usize, &Node)>)> {
    union_branches_with(node, true)
}

/// [`union_branches`]; `numbers`: read `[number, string]` as the IEEE754 number form, not a union.
pub(crate) fn union_branches_with(
    node: &Node,
    numbers: bool,
) -> Option<(&'static str, Vec<(usize, &Node)>)> {
    for key in ["oneOf", "anyOf"] {
        let Some(list) = node.get(key) else { continue };
        let branches: Vec<(usize, &Node)> = list
            .items()
            .iter()
            .enumerate()
            .filter(|(_, b)| !is_null_branch(b) && !b.entries().is_empty())
            .collect();
        let nodes: Vec<&Node> = branches.iter().map(|(_, b)| *b).collect();
        if branches.len() >= 2 && !(numbers && is_numeric_form(&nodes)) {
            return Some((key, branches));
        }
    }
    None
}

/// Longest made-up type name, in bytes (before a uniqueness suffix).
const MAX_DERIVED_NAME: usize = 96;

/// Nesting limit when following `$ref`s to inline (non-named) schemas.
const MAX_DEPTH: usize = 64;

fn types_of(node: &Node) -> Vec<&str> {
    match node.get("type").map(|t| &t.value) {
        Some(Value::Str(s)) => vec![s.as_str()],
        Some(Value::Seq(items)) => items.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    }
}

/// GeoJSON objects (`type` + `coordinates`, as the OASIS converter writes `Edm.Geography*`).
fn is_geojson(node: &Node) -> bool {
    let props = node
        .get("properties")
        .map(Node::entries)
        .unwrap_or_default();
    !props.is_empty()
        && props.iter().any(|(k, _)| k == "coordinates")
        && props
            .iter()
            .all(|(k, _)| matches!(k.as_str(), "type" | "coordinates" | "crs" | "bbox"))
}

pub(crate) fn shape(node: &Node) -> Shape {
    let types = types_of(node);
    if let Some(e) = node.get("enum").or_else(|| node.get("x-extensible-enum"))
        && types.iter().all(|t| *t == "string" || *t == "null")
        && !e.items().is_empty()
        && e.items()
            .iter()
            .all(|i| matches!(i.value, Value::Str(_) | Value::Null))
    {
        return Shape::Enum;
    }
    if is_geojson(node) {
        return Shape::Other;
    }
    let has_props = node.get("properties").is_some_and(Node::is_map);
    if !has_props && node.get("allOf").is_none() && union_branches(node).is_some() {
        return Shape::Union;
    }
    let all_of_ref = node
        .get("allOf")
        .is_some_and(|a| a.items().iter().any(|i| i.get("$ref").is_some()) && a.items().len() > 1);
    let object = types.contains(&"object");
    let map_only = node
        .get("additionalProperties")
        .is_some_and(|a| !matches!(a.value, Value::Bool(false)))
        && !has_props;
    if map_only && (types.is_empty() || object) && node.get("allOf").is_none() {
        return Shape::Map;
    }
    if has_props || all_of_ref || node.get("discriminator").is_some() {
        return Shape::Struct;
    }
    if object
        && !map_only
        && node.get("anyOf").is_none()
        && node.get("oneOf").is_none()
        && node.get("allOf").is_none()
    {
        return Shape::Struct;
    }
    Shape::Other
}

fn annotation(term: &str, value: &str) -> Annotation {
    Annotation {
        term: format!("{CORE}.{term}"),
        qualifier: None,
        value: AnnValue::String(value.to_owned()),
    }
}

fn description(node: &Node) -> Annotations {
    let mut a = Annotations::default();
    if let Some(d) = node.str("description").filter(|d| !d.trim().is_empty()) {
        a.push(annotation("Description", d));
    }
    if let Some(r) = deprecation(node) {
        a.push(r);
    }
    a
}

/// Microsoft's `x-ms-deprecation` (`description`, `version`, `date`, `removalDate`) as the
/// `Core.Revisions` record it was converted from.
fn deprecation(node: &Node) -> Option<Annotation> {
    let d = node.get("x-ms-deprecation")?;
    let mut fields = vec![(
        "Kind".to_owned(),
        AnnValue::EnumMember(format!("{CORE}.RevisionKind/Deprecated")),
    )];
    for (key, field) in [
        ("version", "Version"),
        ("date", "Date"),
        ("removalDate", "RemovalDate"),
        ("description", "Description"),
    ] {
        if let Some(v) = d.str(key) {
            fields.push((field.to_owned(), AnnValue::String(v.to_owned())));
        }
    }
    Some(Annotation {
        term: format!("{CORE}.Revisions"),
        qualifier: None,
        value: AnnValue::Collection(vec![AnnValue::Record(fields)]),
    })
}

impl Reader {
    /// Register every structured and enum schema of the main document's `components/schemas`.
    pub(crate) fn register_components(&mut self) {
        let doc = self.docs[0].clone();
        let Some(schemas) = doc.root.get("components").and_then(|c| c.get("schemas")) else {
            return;
        };
        let keys: HashSet<&str> = schemas.entries().iter().map(|(k, _)| k.as_str()).collect();
        for (key, node) in schemas.entries() {
            // The OASIS converter's request-body variants of each type.
            if self.odata_flavoured
                && let Some(stem) = key
                    .strip_suffix("-create")
                    .or_else(|| key.strip_suffix("-update"))
                && keys.contains(stem)
            {
                continue;
            }
            let ptr = format!("/components/schemas/{}", super::tree::escape_segment(key));
            let target = match node.str("$ref") {
                Some(_) => continue, // an alias of another schema: used where referenced
                None => node,
            };
            if shape(target) != Shape::Other {
                self.register((0, ptr), key, target, Naming::Declared);
            }
        }
    }

    /// Register a named type for the schema at `origin` (idempotent). A [`Naming::Derived`] name
    /// that is taken gets a numeric suffix (`Req_stop_2`); a [`Naming::Declared`] name takes its
    /// name back from a derived one; two declared schemas of one name are an error, reported once.
    pub(crate) fn register(
        &mut self,
        origin: Origin,
        key: &str,
        node: &Node,
        naming: Naming,
    ) -> Option<TypeId> {
        if let Some(&id) = self.named.get(&origin) {
            return Some(id);
        }
        if self.failed.contains(&origin) {
            return None;
        }
        // A made-up name for a schema with the same content as one named already (the same
        // object inlined at several places, as in fully dereferenced documents): that type.
        let content = (naming == Naming::Derived).then(|| (origin.0, content_hash(node)));
        if let Some(key) = content
            && let Some(id) = self.same_content_as(key, node)
        {
            self.named.insert(origin, id);
            return Some(id);
        }
        let (namespace, mut name) = match key.rsplit_once('.') {
            Some((ns, n)) if !ns.is_empty() && !n.is_empty() => (ns.to_owned(), n.to_owned()),
            _ => (self.main_namespace.clone(), key.to_owned()),
        };
        if naming == Naming::Derived && name.len() > MAX_DERIVED_NAME {
            // Deep pointers make long names; file names must stay well below 255 bytes.
            let mut end = MAX_DERIVED_NAME;
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            name.truncate(end);
            name.truncate(name.trim_end_matches('_').len());
        }
        let mut qualified = format!("{namespace}.{name}");
        if let Some(&prev) = self.model.by_name.get(&qualified) {
            match naming {
                Naming::Derived => {
                    name = self.free_name(&namespace, &name);
                    qualified = format!("{namespace}.{name}");
                }
                Naming::Declared if self.derived.contains(&prev) => {
                    // The document's own name wins; the made-up one moves aside.
                    let fresh = self.free_name(&namespace, &name);
                    self.model.by_name.remove(&qualified);
                    self.model
                        .by_name
                        .insert(format!("{namespace}.{fresh}"), prev);
                    self.model.types[prev.index()].name = fresh;
                }
                Naming::Declared => {
                    let prev_origin = self.origins[prev.index()].clone();
                    let label = self.pointer_label(prev_origin.0, &prev_origin.1);
                    self.error(
                        "E0101",
                        origin.0,
                        node,
                        &origin.1,
                        format!("duplicate type name `{qualified}` (also defined at `{label}`)"),
                    );
                    self.failed.insert(origin);
                    return None;
                }
            }
        }
        if !self.model.schemas.iter().any(|s| s.namespace == namespace) {
            let span = self.span(origin.0, node);
            self.model.schemas.push(Schema {
                namespace: namespace.clone(),
                alias: None,
                span,
            });
        }
        let id = TypeId(self.model.types.len() as u32);
        let kind = match shape(node) {
            Shape::Enum => TypeKind::Enum(EnumType {
                members: Vec::new(),
                is_flags: false,
                underlying: Primitive::Int32,
            }),
            Shape::Union => TypeKind::Union(UnionType::default()),
            Shape::Map => TypeKind::Map(MapType {
                value: TypeRef {
                    collection: false,
                    target: Target::Primitive(Primitive::Untyped),
                },
            }),
            _ => TypeKind::Complex(StructType::default()),
        };
        let span = self.span(origin.0, node);
        self.model.types.push(TypeDef {
            namespace,
            name,
            kind,
            annotations: description(node),
            span,
        });
        self.model.by_name.insert(qualified, id);
        if naming == Naming::Derived {
            self.derived.insert(id);
        }
        if let Some(key) = content {
            self.by_content.entry(key).or_default().push(id);
        }
        self.named.insert(origin.clone(), id);
        self.origins.push(origin);
        self.pending.push(Pending::default());
        self.queue.push(id);
        Some(id)
    }

    /// A type with a made-up name whose schema (in the same document, so that relative `$ref`s
    /// mean the same) has the content of `node`.
    fn same_content_as(&self, key: (usize, u64), node: &Node) -> Option<TypeId> {
        self.by_content.get(&key)?.iter().copied().find(|id| {
            self.node_at(&self.origins[id.index()])
                .and_then(|(d, segs)| d.root.pointer(&segs).map(|n| same_content(n, node)))
                .unwrap_or(false)
        })
    }

    /// `{name}_2`, `{name}_3`, ...: the first that no type of `namespace` has.
    fn free_name(&self, namespace: &str, name: &str) -> String {
        (2u32..)
            .map(|n| format!("{name}_{n}"))
            .find(|c| !self.model.by_name.contains_key(&format!("{namespace}.{c}")))
            .unwrap_or_else(|| name.to_owned())
    }

    pub(crate) fn drain_queue(&mut self) {
        while let Some(id) = self.queue.pop() {
            let origin = self.origins[id.index()].clone();
            let Some((doc, segs)) = self.node_at(&origin) else {
                continue;
            };
            let Some(node) = doc.root.pointer(&segs) else {
                continue;
            };
            let forced = matches!(self.model.ty(id).kind, TypeKind::Union(_));
            match shape(node) {
                _ if forced => self.fill_union(id, origin.0, node, &origin.1),
                Shape::Enum => self.fill_enum(id, origin.0, node, &origin.1),
                Shape::Union => self.fill_union(id, origin.0, node, &origin.1),
                Shape::Map => self.fill_map(id, origin.0, node, &origin.1),
                _ => self.fill_struct(id, origin.0, node, &origin.1),
            }
        }
    }

    fn fill_enum(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
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

    fn fill_map(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
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

    fn fill_union(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
        let Some((key, branches)) = union_branches_with(node, self.odata_flavoured) else {
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
        for (i, b) in branches {
            let bptr = format!("{ptr}/{key}/{i}");
            let (ty, _) = self.type_of(doc, b, &bptr, 1);
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

    fn fill_struct(&mut self, id: TypeId, doc: usize, node: &Node, ptr: &str) {
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
                Some(r) => match self.named_ref(doc, item, &iptr, r) {
                    Some(Target::Named(b)) if p.st.base.is_none() && self.is_struct_id(b) => {
                        p.st.base = Some(b)
                    }
                    _ => self.warn(
                        "W0311",
                        doc,
                        item,
                        &iptr,
                        "`allOf` member is not a structured base type; ignored".into(),
                    ),
                },
                None => parts.push((item, iptr)),
            }
        }
        let mut required: HashSet<String> = HashSet::new();
        for (part, pptr) in &parts {
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
            if *pptr != ptr
                && let Some(d) = part.str("description")
                && !d.trim().is_empty()
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
                    self.warn(
                        "W0310",
                        doc,
                        ps,
                        &pptr2,
                        format!("property `{name}` declared twice; the first wins"),
                    );
                    continue;
                }
                let (ty, nullable) = self.type_of(doc, ps, &pptr2, 0);
                p.nav_flag
                    .push(ps.bool("x-ms-navigationProperty").unwrap_or(false));
                let mut annotations = description(ps);
                if required.contains(name) {
                    annotations.push(crate::ir::facts::flag(crate::ir::facts::REQUIRED));
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

    /// Resolve a `$ref` to a named type (registering it) or, for inline schemas, `None`
    /// (errors are reported here).
    pub(crate) fn named_ref(
        &mut self,
        doc: usize,
        at: &Node,
        ptr: &str,
        r: &str,
    ) -> Option<Target> {
        let origin = match self.resolve_ref(doc, r) {
            Ok(o) => o,
            Err(msg) => {
                self.error("E0102", doc, at, ptr, msg);
                return None;
            }
        };
        let origin = self.variant_stem(origin);
        if let Some(&id) = self.named.get(&origin) {
            return Some(Target::Named(id));
        }
        let (d, segs) = self.node_at(&origin)?;
        let node = d.root.pointer(&segs)?;
        let key = segs.last().cloned().unwrap_or_default();
        if let Some(p) = key.strip_prefix("Edm.").and_then(Primitive::from_edm) {
            return Some(Target::Primitive(p));
        }
        if shape(node) == Shape::Other {
            return None;
        }
        // `components/schemas/<key>` names itself; a schema elsewhere (`#/paths/.../schema`,
        // `#/components/schemas/X/allOf/0`) is named after where it sits.
        let (key, naming) = match segs.as_slice() {
            [c, s, _] if c == "components" && s == "schemas" => (key, Naming::Declared),
            _ => (self.pointer_name(&origin), Naming::Derived),
        };
        self.register(origin, &key, node, naming).map(Target::Named)
    }

    /// The OASIS converter's request-body variants (`X-create`, `X-update`: X without key and
    /// read-only members) stand for X.
    fn variant_stem(&self, origin: Origin) -> Origin {
        if !self.odata_flavoured {
            return origin;
        }
        let Some(rest) = origin.1.strip_prefix("/components/schemas/") else {
            return origin;
        };
        let Some(stem) = rest
            .strip_suffix("-create")
            .or_else(|| rest.strip_suffix("-update"))
        else {
            return origin;
        };
        let stem_origin = (origin.0, format!("/components/schemas/{stem}"));
        if self.node_at(&stem_origin).is_some() {
            stem_origin
        } else {
            origin
        }
    }

    /// The type of a property or parameter schema, and whether it is nullable.
    pub(crate) fn type_of(
        &mut self,
        doc: usize,
        node: &Node,
        ptr: &str,
        depth: usize,
    ) -> (TypeRef, bool) {
        let untyped = TypeRef {
            collection: false,
            target: Target::Primitive(Primitive::Untyped),
        };
        if depth > MAX_DEPTH {
            self.error(
                "E0107",
                doc,
                node,
                ptr,
                "reference cycle through inline schemas".into(),
            );
            return (untyped, true);
        }
        let mut nullable = node.bool("nullable").unwrap_or(false);
        let types = types_of(node);
        if types.contains(&"null") {
            nullable = true;
        }
        if let Some(r) = node.str("$ref") {
            return match self.named_ref(doc, node, ptr, r) {
                Some(t) => (
                    TypeRef {
                        collection: false,
                        target: t,
                    },
                    nullable,
                ),
                None => match self.resolve_ref(doc, r) {
                    Ok(origin) => match self.node_at(&origin) {
                        Some((d, segs)) => match d.root.pointer(&segs) {
                            Some(target) => {
                                let (t, n) = self.type_of(origin.0, target, &origin.1, depth + 1);
                                (t, n || nullable)
                            }
                            None => (untyped, true),
                        },
                        None => (untyped, true),
                    },
                    Err(_) => (untyped, true),
                },
            };
        }
        // Wrappers: `allOf: [X]` (+ nullable), `anyOf`/`oneOf` with null branches or the
        // IEEE754Compatible `[number, string]` form.
        for key in ["allOf", "anyOf", "oneOf"] {
            let Some(list) = node.get(key) else { continue };
            let mut branches: Vec<(usize, &Node)> = Vec::new();
            for (i, b) in list.items().iter().enumerate() {
                // `{type: 'null'}` (3.1), `{nullable: true}` and Microsoft's `{type: object, nullable: true}`.
                let is_null = types_of(b) == ["null"]
                    || (b.get("$ref").is_none()
                        && (types_of(b).is_empty() || types_of(b) == ["object"])
                        && b.bool("nullable") == Some(true)
                        && b.get("properties").is_none());
                if is_null {
                    nullable = true;
                } else if !(b.entries().is_empty() && key != "allOf") {
                    branches.push((i, b));
                }
            }
            // `{}` in anyOf means "anything else": ignore it next to real branches.
            let numeric: Vec<&Node> = branches
                .iter()
                .map(|(_, b)| *b)
                .filter(|b| {
                    types_of(b)
                        .iter()
                        .any(|t| *t == "number" || *t == "integer")
                })
                .collect();
            let stringy = branches
                .iter()
                .any(|(_, b)| types_of(b).contains(&"string") && b.get("format").is_none());
            let reference_numeric = |b: &Node| {
                b.str("$ref")
                    .is_some_and(|r| r.ends_with("/ReferenceNumeric"))
            };
            if self.odata_flavoured
                && numeric.len() == 1
                && stringy
                && branches.iter().all(|(_, b)| {
                    types_of(b)
                        .iter()
                        .any(|t| matches!(*t, "number" | "integer" | "string"))
                        || reference_numeric(b)
                })
            {
                let format = numeric[0].str("format").or_else(|| node.str("format"));
                let integer = types_of(numeric[0]).contains(&"integer");
                let p = number_format(format, integer).unwrap_or(Primitive::Decimal);
                nullable |= numeric[0].bool("nullable").unwrap_or(false);
                return (
                    TypeRef {
                        collection: false,
                        target: Target::Primitive(p),
                    },
                    nullable,
                );
            }
            if branches.len() == 1 {
                let (i, b) = branches[0];
                let (t, n) = self.type_of(doc, b, &format!("{ptr}/{key}/{i}"), depth + 1);
                return (t, n || nullable);
            }
            if key != "allOf"
                && branches.len() > 1
                && let Some(name) = self.inline_name(doc, ptr)
            {
                let origin = (doc, ptr.to_owned());
                let count = self.model.types.len();
                if let Some(id) = self.register(origin, &name, node, Naming::Derived) {
                    // Only when new: a second visit (a request body's members are read again as
                    // action parameters), or the same union inlined elsewhere, must not empty the
                    // union filled since.
                    if id.index() >= count {
                        self.model.types[id.index()].kind = TypeKind::Union(UnionType::default());
                    }
                    return (
                        TypeRef {
                            collection: false,
                            target: Target::Named(id),
                        },
                        nullable,
                    );
                }
            }
            if key != "allOf" && branches.len() > 1 {
                self.warn(
                    "W0312",
                    doc,
                    list,
                    &format!("{ptr}/{key}"),
                    format!("`{key}` with {} alternatives is not supported yet; the value is kept as untyped JSON", branches.len()),
                );
                return (untyped, nullable);
            }
            if key == "allOf" && branches.len() > 1 {
                self.warn(
                    "W0312",
                    doc,
                    list,
                    &format!("{ptr}/allOf"),
                    "inline `allOf` composition is not supported; the value is kept as untyped JSON".into(),
                );
                return (untyped, nullable);
            }
        }
        for unsupported in [
            "not",
            "if",
            "then",
            "else",
            "patternProperties",
            "prefixItems",
        ] {
            if let Some(n) = node.get(unsupported) {
                self.warn(
                    "W0313",
                    doc,
                    n,
                    &format!("{ptr}/{unsupported}"),
                    format!("`{unsupported}` is not supported; ignored"),
                );
            }
        }
        let prim = |p: Primitive| TypeRef {
            collection: false,
            target: Target::Primitive(p),
        };
        let main = types.iter().copied().find(|t| *t != "null");
        let format = node.str("format");
        match main {
            Some("array") => {
                let Some(items) = node.get("items") else {
                    return (
                        TypeRef {
                            collection: true,
                            target: Target::Primitive(Primitive::Untyped),
                        },
                        nullable,
                    );
                };
                // A collection's nullability is its elements' (as CSDL's `Nullable` on collections).
                let (inner, items_nullable) =
                    self.type_of(doc, items, &format!("{ptr}/items"), depth + 1);
                let nullable = items_nullable;
                if inner.collection {
                    self.warn(
                        "W0314",
                        doc,
                        items,
                        &format!("{ptr}/items"),
                        "nested arrays are not supported; the inner arrays are kept as untyped JSON".into(),
                    );
                    return (
                        TypeRef {
                            collection: true,
                            target: Target::Primitive(Primitive::Untyped),
                        },
                        nullable,
                    );
                }
                (
                    TypeRef {
                        collection: true,
                        target: inner.target,
                    },
                    nullable,
                )
            }
            Some("string") => {
                let p = match format {
                    Some("uuid") => Primitive::Guid,
                    Some("date-time") => Primitive::DateTimeOffset,
                    Some("date") => Primitive::Date,
                    Some("time") => Primitive::TimeOfDay,
                    Some("duration") => Primitive::Duration,
                    Some("base64url") | Some("byte") => Primitive::Binary,
                    Some("binary") => Primitive::Stream,
                    _ => Primitive::String,
                };
                if node.get("enum").is_some() && depth == 0 && !ptr.contains("/parameters/") {
                    self.warn(
                        "W0315",
                        doc,
                        node,
                        ptr,
                        "inline string enum: values are not checked (declare it under `components/schemas` for a Rust enum)".into(),
                    );
                }
                (prim(p), nullable)
            }
            Some("integer") => (
                prim(number_format(format, true).unwrap_or(Primitive::Int64)),
                nullable,
            ),
            Some("number") => (
                prim(number_format(format, false).unwrap_or(Primitive::Double)),
                nullable,
            ),
            Some("boolean") => (prim(Primitive::Boolean), nullable),
            Some("object") | None => {
                if is_geojson(node) {
                    return (prim(Primitive::Geo), nullable);
                }
                if shape(node) == Shape::Map
                    && let Some(name) = self.inline_name(doc, ptr)
                    && let Some(id) =
                        self.register((doc, ptr.to_owned()), &name, node, Naming::Derived)
                {
                    return (
                        TypeRef {
                            collection: false,
                            target: Target::Named(id),
                        },
                        nullable,
                    );
                }
                if node
                    .get("properties")
                    .is_some_and(|p| !p.entries().is_empty())
                {
                    match self.inline_name(doc, ptr) {
                        Some(name) => {
                            // `None`: not registered (reported on its own).
                            if let Some(id) =
                                self.register((doc, ptr.to_owned()), &name, node, Naming::Derived)
                            {
                                return (
                                    TypeRef {
                                        collection: false,
                                        target: Target::Named(id),
                                    },
                                    nullable,
                                );
                            }
                        }
                        None => self.warn(
                            "W0316",
                            doc,
                            node,
                            ptr,
                            format!(
                                "inline object schema {} is not named: declare it under `components/schemas` for a typed struct; kept as untyped JSON",
                                unnamed_place(ptr)
                            ),
                        ),
                    }
                }
                (untyped, nullable)
            }
            Some(other) => {
                self.warn(
                    "W0313",
                    doc,
                    node,
                    ptr,
                    format!("unknown schema type `{other}`; kept as untyped JSON"),
                );
                (untyped, nullable)
            }
        }
    }

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
            let mut inherited: HashSet<String> = HashSet::new();
            let mut cur = self.pending[i].st.base;
            let mut guard = 0;
            while let Some(b) = cur {
                guard += 1;
                if guard > n {
                    break;
                }
                inherited.extend(
                    self.pending[b.index()]
                        .st
                        .properties
                        .iter()
                        .map(|p| p.name.clone()),
                );
                cur = self.pending[b.index()].st.base;
            }
            let p = &mut self.pending[i];
            let keep: Vec<bool> =
                p.st.properties
                    .iter()
                    .map(|q| !inherited.contains(&q.name))
                    .collect();
            let mut k = keep.iter();
            p.st.properties.retain(|_| *k.next().unwrap_or(&true));
            let mut k = keep.iter();
            p.nav_flag.retain(|_| *k.next().unwrap_or(&true));
        }
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
                    if mapped.is_empty() {
                        let origin = &self.origins[t.index()].1;
                        if let Some(last) = super::tree::split_pointer(origin).last() {
                            mapped.push(last.clone());
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
                    "`{}` or a type derived from it, chosen by `{prop}`.",
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

/// The annotation term on properties listed in `required` (see [`crate::ir::facts::REQUIRED`]).
pub const REQUIRED_TERM: &str = crate::ir::facts::REQUIRED;

/// A name part from a pointer segment: no `.` (it would split off a namespace) and no other
/// punctuation; `None` when nothing is left.
fn name_part(seg: &str) -> Option<String> {
    let mut out = String::with_capacity(seg.len());
    for c in seg.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_');
    (!out.is_empty()).then(|| out.to_owned())
}

/// The name parts of a chain of member steps (`properties/<p>` → `p`, `items` → `item`,
/// `additionalProperties` → `value`); `None` if `segs` is anything else.
fn member_chain(segs: &[String]) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        match segs[i].as_str() {
            "properties" => {
                let p = segs.get(i + 1)?;
                parts.push(name_part(p).unwrap_or_else(|| "member".to_owned()));
                i += 2;
            }
            "items" => {
                parts.push("item".to_owned());
                i += 1;
            }
            "additionalProperties" => {
                parts.push("value".to_owned());
                i += 1;
            }
            // A branch of a composition: `allOf_0`, `oneOf_1` (as `pointer_name` says it).
            seg @ ("allOf" | "oneOf" | "anyOf") => {
                let n = segs.get(i + 1).filter(|n| n.parse::<usize>().is_ok())?;
                parts.push(seg.to_owned());
                parts.push(n.clone());
                i += 2;
            }
            _ => return None,
        }
    }
    Some(parts)
}

/// A hash of a schema's content (not its position), for [`Reader::same_content_as`].
fn content_hash(node: &Node) -> u64 {
    use std::hash::{Hash, Hasher};
    // `DefaultHasher::new()` has fixed keys: the same content hashes the same in every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // Iterative: documents nest deeper than the stack would allow a recursion to follow.
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Null => 0u8.hash(&mut h),
            Value::Bool(b) => (1u8, b).hash(&mut h),
            Value::Number(x) => (2u8, x).hash(&mut h),
            Value::Str(x) => (3u8, x).hash(&mut h),
            Value::Seq(items) => {
                (4u8, items.len()).hash(&mut h);
                stack.extend(items.iter().rev());
            }
            Value::Map(entries) => {
                (5u8, entries.len()).hash(&mut h);
                for (k, _) in entries.iter() {
                    k.hash(&mut h);
                }
                stack.extend(entries.iter().rev().map(|(_, v)| v));
            }
        }
    }
    h.finish()
}

/// Whether two schemas have the same content (positions aside).
fn same_content(a: &Node, b: &Node) -> bool {
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        match (&a.value, &b.value) {
            (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => {
                stack.extend(x.iter().zip(y.iter()))
            }
            (Value::Map(x), Value::Map(y)) if x.len() == y.len() => {
                for ((kx, vx), (ky, vy)) in x.iter().zip(y.iter()) {
                    if kx != ky {
                        return false;
                    }
                    stack.push((vx, vy));
                }
            }
            (Value::Seq(_) | Value::Map(_), _) => return false,
            (x, y) => {
                if x != y {
                    return false;
                }
            }
        }
    }
    true
}

/// `/a/b` from segments.
fn join_pointer(segs: &[String]) -> String {
    segs.iter()
        .map(|s| format!("/{}", super::tree::escape_segment(s)))
        .collect()
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Reader {
    /// When `segs` is at or below the schema of a JSON request or response body, or of a form or
    /// multipart request body (of an operation under `paths` or `webhooks`, or of
    /// `components/responses` or `components/requestBodies`): the number of segments up to and
    /// including that `schema`. Bodies of other media types (XML, bytes) are left out: request
    /// code sends and reads them as bytes; so are all bodies of a document
    /// rendering an OData service (an action's parameters, a return value wrapper: the operations
    /// read from the same schemas describe them).
    pub(crate) fn typed_body_len(&self, segs: &[String]) -> Option<usize> {
        if self.odata_flavoured {
            return None;
        }
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let (media, body, request) = match s.as_slice() {
            [
                "paths" | "webhooks",
                _,
                method,
                "requestBody",
                "content",
                media,
                "schema",
                ..,
            ] if METHODS.contains(method) => (*media, 7, true),
            [
                "paths" | "webhooks",
                _,
                method,
                "responses",
                _,
                "content",
                media,
                "schema",
                ..,
            ] if METHODS.contains(method) => (*media, 8, false),
            [
                "components",
                kind @ ("responses" | "requestBodies"),
                _,
                "content",
                media,
                "schema",
                ..,
            ] => (*media, 6, *kind == "requestBodies"),
            _ => return None,
        };
        use crate::ir::http::{BodyKind, body_kind};
        let kind = body_kind(media);
        (kind == BodyKind::Json || (request && matches!(kind, BodyKind::Form | BodyKind::Multipart)))
            .then_some(body)
    }

    /// A name for an inline union, map or object below a named type or a `components/schemas`
    /// key: `{owner}_{property}` (`api.Pet_either`), nested properties joined by `_`, `_item` for
    /// array items, `_value` for map values; for a request or response body (or a member of
    /// one), a name from its operation and role (`createApp_response_201`, see
    /// [`Self::pointer_name`]) unless the document renders an OData service; `None` below
    /// compositions and elsewhere.
    pub(crate) fn inline_name(&self, doc: usize, ptr: &str) -> Option<String> {
        let segs = super::tree::split_pointer(ptr);
        // The nearest enclosing named type (a component, or a schema named by its pointer)
        // below which only members lead here.
        for (cut, id) in self.named_ancestors(doc, &segs) {
            if let Some(parts) = member_chain(&segs[cut..])
                && !parts.is_empty()
            {
                let owner = self.model.ty(id);
                return Some(format!(
                    "{}.{}_{}",
                    owner.namespace,
                    owner.name,
                    parts.join("_")
                ));
            }
        }
        // A request or response body (inline in an operation, or a reusable response or request
        // body), or a member of one: named from the operation and its role.
        if let Some(body) = self.typed_body_len(&segs) {
            member_chain(&segs[body..])?;
            return Some(self.pointer_name(&(doc, ptr.to_owned())));
        }
        // A component that is no type of its own (an array, a request-body variant).
        let at = segs.iter().position(|s| s == "schemas")?;
        let owner = segs.get(at + 1)?;
        let parts = member_chain(&segs[at + 2..])?;
        (!parts.is_empty()).then(|| format!("{owner}_{}", parts.join("_")))
    }

    /// A name for a schema referenced at a JSON pointer other than `components/schemas/<key>`,
    /// from the nearest named type that holds it, or else from where it sits: the component and
    /// its section (`Error_response`), or the operation (`operationId`, else method and path)
    /// and its role (`createApp_response_200`, `createApp_request`), then the members and
    /// composition branches below (`ApplicationGateway_allOf_0`). Made unique by `register`.
    pub(crate) fn pointer_name(&self, origin: &Origin) -> String {
        let (doc, ptr) = origin;
        let segs = super::tree::split_pointer(ptr);
        if let Some((cut, id)) = self.named_ancestors(*doc, &segs).next() {
            let owner = self.model.ty(id);
            let parts = self.pointer_parts(*doc, &segs[..cut], &segs[cut..]);
            return if parts.is_empty() {
                owner.qualified_name()
            } else {
                format!("{}.{}_{}", owner.namespace, owner.name, parts.join("_"))
            };
        }
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let (namespace, base, rest) = match s.as_slice() {
            ["components", "schemas", key, ..] => match key.rsplit_once('.') {
                Some((ns, n)) if !ns.is_empty() && !n.is_empty() => {
                    (ns.to_owned(), name_part(n), 3)
                }
                _ => (self.main_namespace.clone(), name_part(key), 3),
            },
            ["components", section, key, ..] => {
                let role = match *section {
                    "responses" => "response",
                    "requestBodies" => "request",
                    "parameters" => "parameter",
                    "headers" => "header",
                    other => other,
                };
                let base =
                    name_part(key).map(|k| format!("{k}_{}", name_part(role).unwrap_or_default()));
                (self.main_namespace.clone(), base, 3)
            }
            ["paths" | "webhooks", path, method, ..] if METHODS.contains(method) => {
                let op = self.docs[*doc].root.pointer(&segs[..3]);
                let base = op
                    .and_then(|o| o.str("operationId"))
                    .and_then(name_part)
                    .or_else(|| name_part(path).map(|p| format!("{method}_{p}")));
                (self.main_namespace.clone(), base, 3)
            }
            ["paths" | "webhooks", path, ..] => (self.main_namespace.clone(), name_part(path), 2),
            _ => (self.main_namespace.clone(), None, 0),
        };
        let rest = rest.min(segs.len());
        let mut parts: Vec<String> = base.into_iter().collect();
        parts.extend(self.pointer_parts(*doc, &segs[..rest], &segs[rest..]));
        if parts.is_empty() {
            // A whole file (`other.yaml` without a fragment): its stem.
            let stem = self.docs[*doc]
                .path
                .file_stem()
                .and_then(|f| name_part(&f.to_string_lossy()));
            parts.push(stem.unwrap_or_else(|| "schema".to_owned()));
        }
        format!("{namespace}.{}", parts.join("_"))
    }

    /// The named types enclosing the schema at `segs` of document `doc`, nearest first, each
    /// with the number of segments of its own pointer.
    fn named_ancestors<'s>(
        &'s self,
        doc: usize,
        segs: &'s [String],
    ) -> impl Iterator<Item = (usize, TypeId)> + 's {
        (1..segs.len()).rev().filter_map(move |cut| {
            Some((cut, *self.named.get(&(doc, join_pointer(&segs[..cut])))?))
        })
    }

    /// Name parts for the pointer steps `rest` below `prefix` (see [`Self::pointer_name`]).
    fn pointer_parts(&self, doc: usize, prefix: &[String], rest: &[String]) -> Vec<String> {
        let mut parts = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let next = rest.get(i + 1);
            match rest[i].as_str() {
                "properties" | "headers" | "links" | "callbacks" if next.is_some() => {
                    parts.extend(next.and_then(|n| name_part(n)));
                    i += 2;
                }
                "items" => {
                    parts.push("item".to_owned());
                    i += 1;
                }
                "additionalProperties" => {
                    parts.push("value".to_owned());
                    i += 1;
                }
                // The media type says nothing a name needs.
                "content" if next.is_some() => i += 2,
                "schema" => i += 1,
                "requestBody" => {
                    parts.push("request".to_owned());
                    i += 1;
                }
                "responses" if next.is_some() => {
                    parts.push("response".to_owned());
                    parts.extend(next.and_then(|n| name_part(n)));
                    i += 2;
                }
                "parameters" if next.is_some() => {
                    let mut at: Vec<String> = prefix.to_vec();
                    at.extend(rest[..i + 2].iter().cloned());
                    let name = self.docs[doc]
                        .root
                        .pointer(&at)
                        .and_then(|p| p.str("name"))
                        .and_then(name_part);
                    parts.push(name.unwrap_or_else(|| {
                        format!("parameter_{}", next.map(String::as_str).unwrap_or_default())
                    }));
                    i += 2;
                }
                other => {
                    parts.extend(name_part(other));
                    i += 1;
                }
            }
        }
        parts
    }
}

/// Where an inline schema is that [`Reader::inline_name`] cannot name, for W0316: `in a response body`,
/// `below a composition (\`allOf\`)`, `below \`not\``.
fn unnamed_place(ptr: &str) -> String {
    let segs = super::tree::split_pointer(ptr);
    let Some(at) = segs.iter().position(|s| s == "schemas") else {
        // Inline in an operation (or anywhere else outside `components/schemas`): the innermost
        // object holding the schema (segments below `schema` are the schema's own, such as
        // property names).
        let schema = segs
            .iter()
            .position(|s| s == "schema")
            .unwrap_or(segs.len());
        return segs[..schema]
            .iter()
            .rev()
            .find_map(|s| match s.as_str() {
                "responses" => Some("in a response body"),
                "requestBody" | "requestBodies" => Some("in a request body"),
                "parameters" => Some("in a parameter"),
                "headers" => Some("in a header"),
                _ => None,
            })
            .unwrap_or("outside `components/schemas`")
            .to_owned();
    };
    let mut i = at + 2;
    while let Some(seg) = segs.get(i) {
        match seg.as_str() {
            "properties" => i += 2,
            "items" | "additionalProperties" => i += 1,
            "allOf" | "oneOf" | "anyOf" => return format!("below a composition (`{seg}`)"),
            other => return format!("below `{other}`"),
        }
    }
    "at the top of `components/schemas`".to_owned()
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

/// A numeric `format` → primitive.
fn number_format(format: Option<&str>, integer: bool) -> Option<Primitive> {
    Some(match format? {
        "int64" => Primitive::Int64,
        "int32" => Primitive::Int32,
        "int16" => Primitive::Int16,
        "int8" => Primitive::SByte,
        "uint8" => Primitive::Byte,
        "double" => Primitive::Double,
        "float" => Primitive::Single,
        "decimal" => Primitive::Decimal,
        _ if integer => Primitive::Int64,
        _ => return None,
    })
}
