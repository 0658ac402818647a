//! The type of a property or parameter schema: `$ref`s, wrappers (`allOf: [X]`, null branches,
//! the IEEE754Compatible number form), arrays, primitives by `type` and `format`, and inline
//! unions, maps and objects (named by where they sit).

use super::Naming;
use super::naming::unnamed_place;
use super::shapes::{
    Shape, annotation_only, is_geojson, is_null_branch, null_enum, shape, type_list_branches,
    types_of,
};
use super::tree::{Node, Value};
use crate::frontend::openapi::Reader;
use crate::ir::*;

/// Nesting limit when following `$ref`s to inline (non-named) schemas.
const MAX_DEPTH: usize = 64;

impl Reader {
    /// The type made for the inline schema `node` at `ptr`, named from where it sits (see
    /// `inline_name`); `None` where no name can be made or the schema is not registered.
    fn inline_type(&mut self, doc: usize, node: &Node, ptr: &str) -> Option<TypeRef> {
        let name = self.inline_name(doc, ptr)?;
        let id = self.register((doc, ptr.to_owned()), &name, node, Naming::Derived)?;
        Some(TypeRef {
            collection: false,
            target: Target::Named(id),
        })
    }

    /// The schema `$ref` `r` of document `doc` names, with its document (`None` when it does not
    /// resolve: an unresolved reference is reported where the branch is read).
    pub(super) fn ref_target(&mut self, doc: usize, r: &str) -> Option<(usize, Node)> {
        let origin = self.resolve_ref(doc, r).ok()?;
        let (d, segs) = self.node_at(&origin)?;
        Some((origin.0, d.root.pointer(&segs)?.clone()))
    }

    /// Whether a branch of a composition describes an object: members, inheritance, or a `$ref`
    /// to such a schema.
    fn is_object_schema(&mut self, doc: usize, b: &Node) -> bool {
        let odata = self.odata_flavoured;
        match b.str("$ref") {
            Some(r) => self
                .ref_target(doc, r)
                .is_some_and(|(_, n)| shape(&n, odata) == Shape::Struct),
            None => shape(b, odata) == Shape::Struct,
        }
    }

    /// Whether a branch of a composition allows `null` alone ([`is_null_branch`]: `{type:
    /// 'null'}`, an `enum` of `null` only such as Django REST framework's `NullEnum`, ...), or is
    /// a `$ref` to such a schema.
    pub(super) fn is_null_schema(&mut self, doc: usize, b: &Node, depth: usize) -> bool {
        match b.str("$ref") {
            Some(r) if depth < 8 => self
                .ref_target(doc, r)
                .is_some_and(|(d, n)| self.is_null_schema(d, &n, depth + 1)),
            Some(_) => false,
            None => is_null_branch(b),
        }
    }

    /// Does the schema itself allow `null` (not its items): `nullable: true`, a `"null"` among
    /// its types, or a `null` branch of its `anyOf`/`oneOf`?
    pub(super) fn null_allowed(&mut self, doc: usize, node: &Node) -> bool {
        node.bool("nullable").unwrap_or(false)
            || types_of(node).contains(&"null")
            || null_enum(node)
            || ["anyOf", "oneOf"].iter().any(|k| {
                node.get(k).is_some_and(|l| {
                    l.items().iter().any(|b| self.is_null_schema(doc, b, 0))
                })
            })
    }

    /// The inner arrays of an array of arrays (`items`, at `ptr`, an array of `inner.target`) as
    /// an array type: named by the component when `items` refers to one (`Position`), else
    /// from where it sits (`Route_coordinates_item`). `None` where no name can be made.
    fn array_type(
        &mut self,
        doc: usize,
        items: &Node,
        ptr: &str,
        inner: TypeRef,
    ) -> Option<TypeId> {
        let (origin, node, name, naming) = match items.str("$ref") {
            Some(r) => {
                let origin = self.resolve_ref(doc, r).ok()?;
                let (d, segs) = self.node_at(&origin)?;
                let node = d.root.pointer(&segs)?.clone();
                let (name, naming) = self.name_of(&origin, &segs);
                (origin, node, name, naming)
            }
            None => (
                (doc, ptr.to_owned()),
                items.clone(),
                self.inline_name(doc, ptr)?,
                Naming::Derived,
            ),
        };
        let count = self.model.types.len();
        let id = self.register(origin, &name, &node, naming)?;
        let items = TypeRef {
            collection: false,
            target: inner.target,
        };
        if id.index() >= count {
            self.model.types[id.index()].kind = TypeKind::Array(ArrayType { items });
        }
        // A type registered before for the same schema is the same array; anything else (a
        // schema of the same content registered as another kind) is not.
        matches!(self.model.ty(id).kind, TypeKind::Array(a) if a.items == items).then_some(id)
    }

    /// Whether the schema `r` refers to says it allows `null` (`nullable: true` or a `'null'`
    /// among its `type`s).
    fn ref_allows_null(&mut self, doc: usize, r: &str) -> bool {
        let Ok(origin) = self.resolve_ref(doc, r) else { return false };
        let Some((d, segs)) = self.node_at(&origin) else { return false };
        d.root
            .pointer(&segs)
            .is_some_and(|t| {
                t.bool("nullable") == Some(true) || types_of(t).contains(&"null") || null_enum(t)
            })
    }

    /// W0313 for each keyword of the schema `node` (at `ptr`) that nothing reads (`not`,
    /// `if`/`then`/`else`, ...), wherever the schema sits: a property's, a component's (whatever
    /// type it becomes), an `allOf` part's. Reported once however often the node is visited.
    pub(super) fn unsupported_keywords(&mut self, doc: usize, node: &Node, ptr: &str) {
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
        // JSON Schema 2020-12 keywords of OpenAPI 3.1 that nothing reads either.
        if let Some(n) = node.get("dependentSchemas") {
            let names: Vec<String> = n.entries().iter().map(|(k, _)| format!("`{k}`")).collect();
            self.warn(
                "W0313",
                doc,
                n,
                &format!("{ptr}/dependentSchemas"),
                format!(
                    "`dependentSchemas` is not supported; ignored: what it adds when {} is present is not part of the type",
                    if names.is_empty() { "a member".to_owned() } else { names.join(" or ") }
                ),
            );
        }
        // `false`, `true` and `{}` say nothing a type could hold; a schema types the members
        // (items) no other keyword does, which these types do not.
        for (key, what) in [
            ("unevaluatedProperties", "members no other keyword declares are kept as untyped JSON"),
            ("unevaluatedItems", "items no other keyword declares are not typed by it"),
        ] {
            if let Some(n) = node.get(key).filter(|n| !n.entries().is_empty()) {
                self.warn(
                    "W0313",
                    doc,
                    n,
                    &format!("{ptr}/{key}"),
                    format!("`{key}` with a schema is not supported; ignored: {what}"),
                );
            }
        }
        for (key, what) in [
            (
                "$dynamicRef",
                "the schema it names is not followed (without other keywords, the value is kept as untyped JSON)",
            ),
            ("$dynamicAnchor", "no `$dynamicRef` is followed to it"),
        ] {
            if let Some(n) = node.get(key) {
                self.warn(
                    "W0313",
                    doc,
                    n,
                    &format!("{ptr}/{key}"),
                    format!("`{key}` is not supported; ignored: {what}"),
                );
            }
        }
    }

    /// The union type of the inline schema `node` at `ptr` (`oneOf`/`anyOf` alternatives, a
    /// `type` list), named from where it sits; `None` where no name can be made.
    fn inline_union(&mut self, doc: usize, ptr: &str, node: &Node) -> Option<TypeRef> {
        let name = self.inline_name(doc, ptr)?;
        let count = self.model.types.len();
        let id = self.register((doc, ptr.to_owned()), &name, node, Naming::Derived)?;
        // Only when new: a second visit (a request body's members are read again as action
        // parameters), or the same union inlined elsewhere, must not empty the union filled
        // since.
        if id.index() >= count {
            self.model.types[id.index()].kind = TypeKind::Union(UnionType::default());
        }
        Some(TypeRef {
            collection: false,
            target: Target::Named(id),
        })
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
        // `type: 'null'`, and `const: null` or `enum: [null]`, which allow the same.
        if types.contains(&"null") || null_enum(node) {
            nullable = true;
        }
        // Before anything returns: beside a `$ref` (3.1) or a composition too.
        self.unsupported_keywords(doc, node, ptr);
        if let Some(r) = node.str("$ref") {
            return match self.named_ref(doc, node, ptr, r) {
                // A named schema that allows `null` itself (`nullable: true`, `type: [object,
                // 'null']`: GitHub's `nullable-simple-user`) makes every use of it nullable.
                Some(t) => (
                    TypeRef {
                        collection: false,
                        target: t,
                    },
                    nullable || self.ref_allows_null(doc, r),
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
                if self.is_null_schema(doc, b, 0) {
                    nullable = true;
                } else if key == "allOf" && annotation_only(b) {
                    // `allOf: [X, {description: ...}]` is X.
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
                && let Some(t) = self.inline_union(doc, ptr, node)
            {
                return (t, nullable);
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
            // `allOf` of several schemas (`allOf: [Page, {properties: {data: ...}}]`,
            // `allOf: [User, Credentials]`): a structured type named from where it sits, holding
            // the members of every part (it derives from none: see `fill_struct`).
            if key == "allOf"
                && branches.len() > 1
                && branches.iter().any(|(_, b)| self.is_object_schema(doc, b))
                && let Some(t) = self.inline_type(doc, node, ptr)
            {
                return (t, nullable);
            }
            if key == "allOf" && branches.len() > 1 {
                // Parts that are all one type, constrained in each (`allOf: [{type: string},
                // {type: string, minLength: 1}]`, `allOf: [$ref: Slug, {type: string,
                // nullable: true}]`): that type.
                let parts: Vec<(TypeRef, bool)> = branches
                    .iter()
                    .map(|(i, b)| self.type_of(doc, b, &format!("{ptr}/allOf/{i}"), depth + 1))
                    .collect();
                let first = &parts[0].0;
                if *first != untyped && parts.iter().all(|(t, _)| t == first) {
                    let any_null = parts.iter().any(|(_, n)| *n);
                    return (*first, nullable || any_null);
                }
                self.warn(
                    "W0312",
                    doc,
                    list,
                    &format!("{ptr}/allOf"),
                    "inline `allOf` of parts of different types is not supported; the value is kept as untyped JSON".into(),
                );
                return (untyped, nullable);
            }
        }
        // A `type` list of several types (`type: [integer, string]`): the union `oneOf:
        // [{type: integer}, {type: string}]` is, named from where it sits.
        if let Some(branches) = type_list_branches(node, self.odata_flavoured) {
            if let Some(t) = self.inline_union(doc, ptr, node) {
                return (t, nullable);
            }
            self.warn(
                "W0312",
                doc,
                node,
                ptr,
                format!("a `type` list of {} types at a place no type name can be made for is not supported; the value is kept as untyped JSON", branches.len()),
            );
            return (untyped, nullable);
        }
        // An inline string enum (`status: {type: string, enum: [...]}`, common in real
        // documents) is a Rust enum named from where it sits (`Order_status`), as a component
        // enum is; the same values inlined again in the document share it.
        if shape(node, self.odata_flavoured) == Shape::Enum
            && let Some(t) = self.inline_type(doc, node, ptr)
        {
            return (t, nullable);
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
                    // `[[T]]`: the inner arrays are a type of their own.
                    if let Some(id) = self.array_type(doc, items, &format!("{ptr}/items"), inner) {
                        return (
                            TypeRef {
                                collection: true,
                                target: Target::Named(id),
                            },
                            nullable,
                        );
                    }
                    self.warn(
                        "W0314",
                        doc,
                        items,
                        &format!("{ptr}/items"),
                        "inner arrays at a place no type name can be made for are kept as untyped JSON".into(),
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
                if let Some(e) = node.get("enum")
                    && depth == 0
                    && !ptr.contains("/parameters/")
                {
                    // An `enum` with no string value (`enum: []`, `enum: [null]`) names no value
                    // an enumeration could have: any string is kept, whatever the place.
                    let message = if e.items().iter().any(|i| matches!(i.value, Value::Str(_))) {
                        "inline string enum at a place no type name can be made for: values are not checked (declare it under `components/schemas` for a Rust enum)"
                    } else {
                        "`enum` lists no string value, so it allows no string: kept as a plain string that accepts any value"
                    };
                    self.warn("W0315", doc, node, ptr, message.into());
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
                if shape(node, self.odata_flavoured) == Shape::Map
                    && let Some(t) = self.inline_type(doc, node, ptr)
                {
                    return (t, nullable);
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
