//! Registering named types (declared and made-up names, the same content registered once) and
//! resolving `$ref`s to them; the queue of registered types still to fill.

use super::shapes::{Shape, shape};
use super::tree::{Node, Value};
use super::{Naming, description};
use crate::frontend::openapi::{Origin, Pending, Reader};
use crate::ir::*;
use std::collections::HashSet;

/// Longest made-up type name, in bytes (before a uniqueness suffix).
const MAX_DERIVED_NAME: usize = 96;

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
            if shape(target, self.odata_flavoured) != Shape::Other {
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
        let kind = match shape(node, self.odata_flavoured) {
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
    pub(super) fn free_name(&self, namespace: &str, name: &str) -> String {
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
            // An array type is complete when registered (`array_type`).
            if matches!(self.model.ty(id).kind, TypeKind::Array(_)) {
                continue;
            }
            // Whatever the schema becomes, keywords nothing reads are reported (a component's
            // `if`/`then` as an inline property's).
            self.unsupported_keywords(origin.0, node, &origin.1);
            let forced = matches!(self.model.ty(id).kind, TypeKind::Union(_));
            match shape(node, self.odata_flavoured) {
                _ if forced => self.fill_union(id, origin.0, node, &origin.1),
                Shape::Enum => self.fill_enum(id, origin.0, node, &origin.1),
                Shape::Union => self.fill_union(id, origin.0, node, &origin.1),
                Shape::Map => self.fill_map(id, origin.0, node, &origin.1),
                _ => self.fill_struct(id, origin.0, node, &origin.1),
            }
        }
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
        // A bare name read as a schema of this document (not a file: see `resolve_ref`).
        if !r.contains(['#', '/', '.']) && origin.0 == doc {
            self.warn(
                "W0326",
                doc,
                at,
                ptr,
                format!(
                    "`$ref: {r}` names no file; read as `#/components/schemas/{r}` (Swagger 2.0: \
                     `#/definitions/{r}`), the schema of that name"
                ),
            );
        }
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
        if shape(node, self.odata_flavoured) == Shape::Other {
            return None;
        }
        let (key, naming) = self.name_of(&origin, &segs);
        self.register(origin, &key, node, naming).map(Target::Named)
    }

    /// The name of the schema at `origin` (`segs`: its pointer's segments):
    /// `components/schemas/<key>` names itself; a schema elsewhere (`#/paths/.../schema`,
    /// `#/components/schemas/X/allOf/0`) is named after where it sits.
    pub(super) fn name_of(&self, origin: &Origin, segs: &[String]) -> (String, Naming) {
        match segs {
            [c, s, key] if c == "components" && s == "schemas" => (key.clone(), Naming::Declared),
            _ => (self.pointer_name(origin), Naming::Derived),
        }
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
