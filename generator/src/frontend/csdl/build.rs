//! The two passes from element trees to the resolved [`Model`].

use super::annotation;
use super::xml::Element;
use super::{Doc, Names};
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::*;
use std::collections::{HashMap, HashSet};

mod constraints;
mod container;
mod legacy;
mod targets;

/// The longest name accepted (CSDL: 511 characters for a namespace, 128 for a simple identifier).
pub(crate) const MAX_NAME_CHARS: usize = 511;

pub(crate) struct Builder<'a> {
    pub(crate) docs: &'a [Doc],
    pub(crate) names: &'a Names,
    pub(crate) model: Model,
    pub(crate) diags: Vec<Diagnostic>,
    /// The element declaring each type (index = TypeId), with its document.
    pub(crate) type_elems: Vec<(usize, &'a Element)>,
    /// OData V1–V3 `Association`s by qualified name, with their documents.
    pub(crate) associations: HashMap<String, (usize, &'a Element)>,
    /// The schema namespaces the documents read declare, and those their references include.
    pub(crate) namespaces: HashSet<String>,
}

/// A structural property's type and nullability (`None` for a navigation property).
type Shape = Option<(TypeRef, bool)>;

fn parse_bool(v: Option<&str>, default: bool) -> bool {
    match v {
        Some("true") => true,
        Some("false") => false,
        _ => default,
    }
}

impl<'a> Builder<'a> {
    fn span(&self, doc: usize, offset: usize) -> Span {
        super::span_in(self.docs, doc, offset)
    }

    fn loc(&self, span: Span) -> Option<Location> {
        Location::of(span, &self.model.sources)
    }

    /// `d` with a note `{what} file:line:column` pointing at `span` (when it has a location).
    fn note_at(&self, d: Diagnostic, what: &str, span: Span) -> Diagnostic {
        match self.loc(span) {
            Some(p) => d.with_note(format!(
                "{what} {}:{}:{}",
                p.file.display(),
                p.line,
                p.column
            )),
            None => d,
        }
    }

    fn err(&mut self, code: &'static str, doc: usize, offset: usize, msg: String) {
        let loc = self.loc(self.span(doc, offset));
        self.diags.push(Diagnostic::error(code, msg).at(loc));
    }

    fn schemas(&self) -> Vec<(usize, &'a Element)> {
        let mut out = Vec::new();
        for (di, d) in self.docs.iter().enumerate() {
            out.extend(super::schemas_of(&d.root).map(|s| (di, s)));
        }
        out
    }

    pub(crate) fn run(&mut self) {
        self.check_empty_names();
        let schemas = self.schemas();
        if schemas.is_empty() {
            self.err("E0003", 0, 0, "the document declares no `Schema`".into());
            return;
        }
        // Aliases first: any schema may refer to any other by alias.
        let mut names = Names {
            aliases: self.names.aliases.clone(),
        };
        for &(di, s) in &schemas {
            let Some(ns) = s.attr("Namespace") else {
                self.err("E0005", di, s.offset, "`Schema` without a `Namespace`".into());
                continue;
            };
            if let Some(alias) = s.attr("Alias") {
                names.aliases.insert(alias.to_owned(), ns.to_owned());
            }
            let span = self.span(di, s.offset);
            self.model.schemas.push(Schema {
                namespace: ns.to_owned(),
                alias: s.attr("Alias").map(str::to_owned),
                span,
            });
        }
        // Pass 1: register names.
        for &(di, s) in &schemas {
            let Some(ns) = s.attr("Namespace") else { continue };
            for el in &s.children {
                let kind = match el.name.as_str() {
                    "EntityType" => TypeKind::Entity(StructType::default()),
                    "ComplexType" => TypeKind::Complex(StructType::default()),
                    "EnumType" => TypeKind::Enum(EnumType {
                        members: Vec::new(),
                        is_flags: false,
                        underlying: Primitive::Int32,
                    }),
                    "TypeDefinition" => TypeKind::Definition(TypeDefinition {
                        underlying: Primitive::String,
                    }),
                    _ => continue,
                };
                let Some(name) = el.attr("Name") else {
                    self.err("E0005", di, el.offset, format!("`{}` without a `Name`", el.name));
                    continue;
                };
                let qualified = format!("{ns}.{name}");
                let span = self.span(di, el.attr_offset("Name"));
                if let Some(prev) = self.model.by_name.get(&qualified) {
                    let prev_span = self.model.types[prev.index()].span;
                    let d =
                        Diagnostic::error("E0101", format!("duplicate type name `{qualified}`"))
                            .at(self.loc(span));
                    let d = self.note_at(d, "first declared at", prev_span);
                    self.diags.push(d);
                    continue;
                }
                let id = TypeId(self.model.types.len() as u32);
                self.model.by_name.insert(qualified, id);
                self.model.types.push(TypeDef {
                    namespace: ns.to_owned(),
                    name: name.to_owned(),
                    kind,
                    annotations: annotation::inline(el, &names),
                    span,
                });
                self.type_elems.push((di, el));
            }
        }
        self.index_associations(&schemas);
        // Pass 2: bodies.
        for i in 0..self.type_elems.len() {
            let (di, el) = self.type_elems[i];
            self.fill_type(TypeId(i as u32), di, el, &names);
        }
        self.check_bases();
        self.compute_derived();
        self.check_properties();
        for &(di, s) in &schemas {
            let Some(ns) = s.attr("Namespace") else { continue };
            for el in &s.children {
                match el.name.as_str() {
                    "Function" | "Action" => self.operation(ns, di, el, &names),
                    _ => {}
                }
            }
        }
        // The service's container is the main document's; referenced documents contribute types,
        // operations, annotations and containers to extend only (their containers belong to
        // other services).
        let containers: Vec<(String, usize, &'a Element)> = schemas
            .iter()
            .filter_map(|&(di, s)| Some((s.attr("Namespace")?, di, s)))
            .flat_map(|(ns, di, s)| {
                s.children_named("EntityContainer").map(move |el| {
                    let name = el.attr("Name").unwrap_or_default();
                    (format!("{ns}.{name}"), di, el)
                })
            })
            .collect();
        self.service_container(&containers, &names);
        self.check_terms(&names);
        self.check_constraints(&schemas, &names);
        let declared = targets::declared(&schemas);
        for &(di, s) in &schemas {
            for el in s.children_named("Annotations") {
                self.targeted(el, di, &declared, &names);
            }
        }
    }

    /// Empty (or blank) `Name`, `Namespace` and `Alias` attributes are errors (E0005): such an
    /// element has no identity on the wire (CSDL requires a non-empty simple identifier), so no
    /// Rust name can stand for it. Property names starting with `@` are errors too (E0111).
    fn check_empty_names(&mut self) {
        let mut found = Vec::new();
        for (di, d) in self.docs.iter().enumerate() {
            let mut stack = vec![&d.root];
            while let Some(el) = stack.pop() {
                for (key, value, offset) in &el.attrs {
                    if matches!(key.as_str(), "Name" | "Namespace" | "Alias")
                        && value.trim().is_empty()
                    {
                        found.push((
                            di,
                            *offset,
                            "E0005",
                            format!("`{}` with an empty `{key}`", el.name),
                        ));
                    }
                    if matches!(key.as_str(), "Name" | "Namespace" | "Alias")
                        && value.chars().count() > MAX_NAME_CHARS
                    {
                        found.push((
                            di,
                            *offset,
                            "E0112",
                            format!(
                                "`{key}` of `{}` is longer than {MAX_NAME_CHARS} characters",
                                el.name
                            ),
                        ));
                    }
                    // `@...` members are instance annotations on the wire (`@odata.type` is the
                    // type of the value): a property of that name could never be told apart.
                    if key == "Name"
                        && matches!(el.name.as_str(), "Property" | "NavigationProperty")
                        && value.starts_with('@')
                    {
                        found.push((
                            di,
                            *offset,
                            "E0111",
                            format!(
                                "property name `{value}` is an instance annotation name (starts with `@`)"
                            ),
                        ));
                    }
                }
                stack.extend(el.children.iter().rev());
            }
        }
        for (di, offset, code, msg) in found {
            self.err(code, di, offset, msg);
        }
    }

    /// Resolve `Type="..."`; reports an error and returns `None` when it does not resolve.
    fn type_ref(&mut self, raw: &str, di: usize, offset: usize, names: &Names) -> Option<TypeRef> {
        let (collection, inner) = match raw
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            Some(inner) => (true, inner.trim()),
            None => (false, raw.trim()),
        };
        if let Some(edm) = inner.strip_prefix("Edm.")
            && let Some(p) = Primitive::from_edm(edm)
        {
            return Some(TypeRef {
                collection,
                target: Target::Primitive(p),
            });
        }
        let qualified = names.qualify(inner);
        match self.model.by_name.get(&qualified) {
            Some(&id) => Some(TypeRef {
                collection,
                target: Target::Named(id),
            }),
            None => {
                let loc = self.loc(self.span(di, offset));
                let mut d = Diagnostic::error("E0102", format!("unresolved type `{inner}`")).at(loc);
                if let Some(note) = self.unresolved_note(inner, &qualified) {
                    d = d.with_note(note);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// What to say about an unresolved type name: the nearest name of its namespace, or that the
    /// namespace is declared by no document read.
    fn unresolved_note(&self, written: &str, qualified: &str) -> Option<String> {
        const EDM: &[&str] = &[
            "Binary", "Boolean", "Byte", "Date", "DateTimeOffset", "Decimal", "Double", "Duration",
            "Guid", "Int16", "Int32", "Int64", "SByte", "Single", "Stream", "String", "TimeOfDay",
            "Untyped", "PrimitiveType", "ComplexType", "EntityType",
        ];
        if let Some(edm) = written.strip_prefix("Edm.") {
            let s = crate::validate::checks::suggest(edm, EDM.iter().copied())?;
            return Some(format!("did you mean `Edm.{s}`?"));
        }
        let Some((ns, simple)) = qualified.rsplit_once('.') else {
            return Some("type names are qualified by their namespace or its alias".into());
        };
        if !self.model.schemas.iter().any(|s| s.namespace == ns) {
            return Some(format!(
                "no document read declares namespace `{ns}` (a missing `edmx:Reference`, or one \
                 that was not found?)"
            ));
        }
        let prefix = format!("{ns}.");
        let names = self.model.by_name.keys().filter_map(|k| k.strip_prefix(&prefix));
        let s = crate::validate::checks::suggest(simple, names)?;
        let shown = written.rsplit_once('.').map_or(ns, |(p, _)| p);
        Some(format!("did you mean `{shown}.{s}`?"))
    }

    fn fill_type(&mut self, id: TypeId, di: usize, el: &'a Element, names: &Names) {
        let kind = match el.name.as_str() {
            "EntityType" | "ComplexType" => {
                let mut st = StructType {
                    is_abstract: parse_bool(el.attr("Abstract"), false),
                    is_open: parse_bool(el.attr("OpenType"), false),
                    has_stream: parse_bool(el.attr("HasStream"), false),
                    ..StructType::default()
                };
                if let Some(base) = el.attr("BaseType") {
                    let off = el.attr_offset("BaseType");
                    if let Some(r) = self.type_ref(base, di, off, names) {
                        match r.target {
                            Target::Named(b)
                                if !r.collection
                                    && std::mem::discriminant(&self.model.ty(b).kind)
                                        == std::mem::discriminant(&self.model.ty(id).kind) =>
                            {
                                st.base = Some(b)
                            }
                            _ => self.err(
                                "E0103",
                                di,
                                off,
                                format!(
                                    "base type `{base}` of `{}` is not a {}",
                                    el.attr("Name").unwrap_or_default(),
                                    if el.name == "EntityType" {
                                        "entity type"
                                    } else {
                                        "complex type"
                                    }
                                ),
                            ),
                        }
                    }
                }
                for key in el.children_named("Key") {
                    for pr in key.children_named("PropertyRef") {
                        if let Some(n) = pr.attr("Name") {
                            st.key.push(n.to_owned());
                            st.key_alias.push(pr.attr("Alias").map(str::to_owned));
                        }
                    }
                }
                for p in el.children_named("Property") {
                    if let Some(prop) = self.property(di, p, names) {
                        st.properties.push(prop);
                    }
                }
                for p in el.children_named("NavigationProperty") {
                    match self.navigation(di, p, names) {
                        Some(Nav::Typed(nav)) => st.navigation.push(nav),
                        Some(Nav::AnyEntity(prop)) => st.properties.push(prop),
                        None => {}
                    }
                }
                if el.name == "EntityType" {
                    TypeKind::Entity(st)
                } else {
                    TypeKind::Complex(st)
                }
            }
            "EnumType" => {
                let underlying = match el.attr("UnderlyingType") {
                    None => Primitive::Int32,
                    Some(u) => match u.strip_prefix("Edm.").and_then(Primitive::from_edm) {
                        Some(
                            p @ (Primitive::Byte
                            | Primitive::SByte
                            | Primitive::Int16
                            | Primitive::Int32
                            | Primitive::Int64),
                        ) => p,
                        _ => {
                            self.err(
                                "E0104",
                                di,
                                el.attr_offset("UnderlyingType"),
                                format!("enum underlying type `{u}` is not an integer type"),
                            );
                            Primitive::Int32
                        }
                    },
                };
                let mut members: Vec<EnumMember> = Vec::new();
                let mut seen = HashSet::new();
                for (i, m) in el.children_named("Member").enumerate() {
                    let Some(name) = m.attr("Name") else {
                        self.err("E0005", di, m.offset, "`Member` without a `Name`".into());
                        continue;
                    };
                    if !seen.insert(name) {
                        self.err(
                            "E0101",
                            di,
                            m.attr_offset("Name"),
                            format!(
                                "duplicate member `{name}` in enum `{}`",
                                el.attr("Name").unwrap_or_default()
                            ),
                        );
                        continue;
                    }
                    let value = match m.attr("Value") {
                        Some(v) => match v.trim().parse::<i64>() {
                            Ok(v) => Some(v),
                            Err(_) => {
                                self.err(
                                    "E0105",
                                    di,
                                    m.attr_offset("Value"),
                                    format!("enum member value `{v}` is not an integer"),
                                );
                                None
                            }
                        },
                        None => Some(i as i64),
                    };
                    members.push(EnumMember {
                        name: name.to_owned(),
                        value,
                        annotations: annotation::inline(m, names),
                        span: self.span(di, m.attr_offset("Name")),
                    });
                }
                TypeKind::Enum(EnumType {
                    members,
                    is_flags: parse_bool(el.attr("IsFlags"), false),
                    underlying,
                })
            }
            _ => {
                let raw = el.attr("UnderlyingType").unwrap_or("Edm.String");
                let underlying = match raw.strip_prefix("Edm.").and_then(Primitive::from_edm) {
                    Some(p) => p,
                    None => {
                        self.err(
                            "E0104",
                            di,
                            el.attr_offset("UnderlyingType"),
                            format!("type definition underlying type `{raw}` is not primitive"),
                        );
                        Primitive::String
                    }
                };
                TypeKind::Definition(TypeDefinition { underlying })
            }
        };
        self.model.types[id.index()].kind = kind;
    }

    fn property(&mut self, di: usize, p: &Element, names: &Names) -> Option<Property> {
        let Some(name) = p.attr("Name") else {
            self.err("E0005", di, p.offset, "`Property` without a `Name`".into());
            return None;
        };
        let Some(raw) = p.attr("Type") else {
            self.err("E0005", di, p.offset, format!("property `{name}` without a `Type`"));
            return None;
        };
        let ty = self.type_ref(raw, di, p.attr_offset("Type"), names)?;
        Some(Property {
            name: name.to_owned(),
            ty,
            nullable: parse_bool(p.attr("Nullable"), true),
            default_value: p.attr("DefaultValue").map(str::to_owned),
            max_length: p.attr("MaxLength").map(str::to_owned),
            precision: p.attr("Precision").and_then(|v| v.parse().ok()),
            scale: p.attr("Scale").map(str::to_owned),
            annotations: annotation::inline(p, names),
            span: self.span(di, p.attr_offset("Name")),
        })
    }

    fn navigation(&mut self, di: usize, p: &Element, names: &Names) -> Option<Nav> {
        let Some(name) = p.attr("Name") else {
            self.err("E0005", di, p.offset, "`NavigationProperty` without a `Name`".into());
            return None;
        };
        let Some(raw) = p.attr("Type") else {
            // OData V1–V3: typed by its association.
            let (ty, nullable) = self.association_target(di, p, name, names)?;
            let partner = match ty.target {
                Target::Named(t) => self.association_partner(p, t, names),
                Target::Primitive(_) => None,
            };
            return Some(Nav::Typed(NavigationProperty {
                name: name.to_owned(),
                ty,
                nullable,
                contains_target: false,
                partner,
                annotations: annotation::inline(p, names),
                span: self.span(di, p.attr_offset("Name")),
            }));
        };
        let off = p.attr_offset("Type");
        let ty = self.type_ref(raw, di, off, names)?;
        // CSDL 4.01: the abstract `Edm.EntityType` (an entity of any type; the OASIS Core and
        // Temporal vocabularies use it). No type to address it by: a property of untyped JSON.
        let element = raw.trim().strip_prefix("Collection(").and_then(|r| r.strip_suffix(')'));
        if element.unwrap_or(raw).trim() == "Edm.EntityType" {
            return Some(Nav::AnyEntity(Property {
                name: name.to_owned(),
                ty,
                nullable: parse_bool(p.attr("Nullable"), true),
                default_value: None,
                max_length: None,
                precision: None,
                scale: None,
                annotations: annotation::inline(p, names),
                span: self.span(di, p.attr_offset("Name")),
            }));
        }
        if !matches!(ty.target, Target::Named(t) if matches!(self.model.ty(t).kind, TypeKind::Entity(_)))
        {
            self.err(
                "E0106",
                di,
                off,
                format!("navigation property `{name}` must target an entity type, not `{raw}`"),
            );
            return None;
        }
        Some(Nav::Typed(NavigationProperty {
            name: name.to_owned(),
            ty,
            nullable: parse_bool(p.attr("Nullable"), true),
            contains_target: parse_bool(p.attr("ContainsTarget"), false),
            partner: p.attr("Partner").map(str::to_owned),
            annotations: annotation::inline(p, names),
            span: self.span(di, p.attr_offset("Name")),
        }))
    }

    /// Base-type cycles are errors; the cycle is broken so later passes terminate.
    fn check_bases(&mut self) {
        let n = self.model.types.len();
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; n];
        for start in 0..n {
            let mut path = Vec::new();
            let mut cur = Some(TypeId(start as u32));
            while let Some(t) = cur {
                match state[t.index()] {
                    2 => break,
                    1 => {
                        // Cycle: report at the type whose base closes it, then cut that edge.
                        let last = *path.last().unwrap_or(&t);
                        let cycle: Vec<String> = path
                            .iter()
                            .skip_while(|&&p| p != t)
                            .map(|&p: &TypeId| self.model.ty(p).qualified_name())
                            .collect();
                        let (di, el) = self.type_elems[last.index()];
                        self.err(
                            "E0107",
                            di,
                            el.attr_offset("BaseType"),
                            format!("inheritance cycle: {} → {}", cycle.join(" → "), self.model.ty(t).qualified_name()),
                        );
                        if let TypeKind::Entity(s) | TypeKind::Complex(s) =
                            &mut self.model.types[last.index()].kind
                        {
                            s.base = None;
                        }
                        break;
                    }
                    _ => {}
                }
                state[t.index()] = 1;
                path.push(t);
                cur = self.model.ty(t).as_struct().and_then(|s| s.base);
            }
            for p in path {
                state[p.index()] = 2;
            }
        }
        self.check_depth();
    }

    /// Inheritance chains deeper than [`MAX_INHERITANCE_DEPTH`] are errors (after cycles are cut,
    /// so every chain ends). Depths are memoised: linear in the number of types. The base of each
    /// type that is too deep is cut so that later passes stay linear too.
    fn check_depth(&mut self) {
        let n = self.model.types.len();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        for start in 0..n {
            // Walk up to the first type of known depth, then assign depths on the way back.
            let mut path = Vec::new();
            let mut cur = Some(TypeId(start as u32));
            let mut base_depth = 0;
            while let Some(t) = cur {
                if let Some(d) = depth[t.index()] {
                    base_depth = d + 1;
                    break;
                }
                path.push(t);
                cur = self.model.ty(t).as_struct().and_then(|s| s.base);
            }
            for (i, t) in path.iter().rev().enumerate() {
                depth[t.index()] = Some(base_depth + i);
            }
        }
        for (i, d) in depth.iter().enumerate() {
            let Some(d) = *d else { continue };
            if d == 0 || d % (MAX_INHERITANCE_DEPTH + 1) != 0 {
                continue;
            }
            // Cut every `MAX + 1` levels (so no chain left is deeper than the limit); report the
            // first type beyond the limit (its base is at the limit).
            if let TypeKind::Entity(s) | TypeKind::Complex(s) = &mut self.model.types[i].kind {
                s.base = None;
            }
            if d != MAX_INHERITANCE_DEPTH + 1 {
                continue;
            }
            let (di, el) = self.type_elems[i];
            let name = self.model.types[i].qualified_name();
            self.err(
                "E0110",
                di,
                el.attr_offset("BaseType"),
                format!(
                    "inheritance chain of `{name}` is deeper than {MAX_INHERITANCE_DEPTH} levels"
                ),
            );
        }
    }

    fn compute_derived(&mut self) {
        let mut derived: HashMap<TypeId, Vec<TypeId>> = HashMap::new();
        for (i, t) in self.model.types.iter().enumerate() {
            if let Some(b) = t.as_struct().and_then(|s| s.base) {
                derived.entry(b).or_default().push(TypeId(i as u32));
            }
        }
        for (b, mut ds) in derived {
            ds.sort_by_key(|d| self.model.ty(*d).qualified_name());
            if let TypeKind::Entity(s) | TypeKind::Complex(s) = &mut self.model.types[b.index()].kind
            {
                s.derived = ds;
            }
        }
    }

    /// Whether the document declares a `Property` named `name` on `id` or one of its base types,
    /// whether its type resolved or not, or may declare it: on a base type that did not resolve.
    fn may_declare(&self, id: TypeId, name: &str) -> bool {
        let mut current = Some(id);
        // Bounded: an inheritance cycle (E0107) must not loop.
        for _ in 0..=self.model.types.len() {
            let Some(t) = current else { return false };
            let Some(&(_, el)) = self.type_elems.get(t.index()) else { return false };
            if el.children_named("Property").any(|p| p.attr("Name") == Some(name)) {
                return true;
            }
            let base = self.model.ty(t).as_struct().and_then(|s| s.base);
            if base.is_none() && el.attr("BaseType").is_some() {
                return true;
            }
            current = base;
        }
        false
    }

    /// Whether a property typed `new` may redefine an inherited one typed `old`: the same type,
    /// a type derived from it, or any type for an untyped one (`Edm.Untyped`, `Edm.PrimitiveType`).
    fn narrows(&self, new: TypeRef, old: TypeRef) -> bool {
        new.collection == old.collection
            && match (new.target, old.target) {
                (a, b) if a == b => true,
                (_, Target::Primitive(Primitive::Untyped)) => true,
                (Target::Named(a), Target::Named(b)) => self.model.ancestors(a).contains(&b),
                _ => false,
            }
    }

    /// Duplicate property names along an inheritance chain, and keys that name no property.
    fn check_properties(&mut self) {
        for i in 0..self.model.types.len() {
            let id = TypeId(i as u32);
            let Some(_) = self.model.ty(id).as_struct() else { continue };
            // (name, where, the structural property's type and nullability).
            let mut seen: HashMap<&str, (Span, Shape)> = HashMap::new();
            let mut dups = Vec::new();
            let mut redeclared = Vec::new();
            let props: Vec<(&str, Span, Shape)> = self
                .model
                .all_properties(id)
                .into_iter()
                .map(|p| (p.name.as_str(), p.span, Some((p.ty, p.nullable))))
                .chain(
                    self.model
                        .all_navigation(id)
                        .into_iter()
                        .map(|p| (p.name.as_str(), p.span, None)),
                )
                .collect();
            let own = self.model.ty(id).as_struct();
            let declared_here = |span: Span| {
                own.is_some_and(|s| {
                    s.properties.iter().any(|p| p.span == span)
                        || s.navigation.iter().any(|p| p.span == span)
                })
            };
            for (name, span, shape) in props {
                if let Some((prev, prev_shape)) = seen.insert(name, (span, shape)) {
                    // Report once, on the type that declares the duplicate.
                    if span.file == self.model.ty(id).span.file && declared_here(span) {
                        // An inherited property declared again with the same type or one
                        // derived from it (CSDL 4.01 redefines properties so; SAP IdM (OData
                        // V1) writes its base's keys again; SAP's Common and UI vocabularies
                        // do both): the inherited one stands, and reads every value.
                        let narrows = shape.zip(prev_shape).is_some_and(|((new, _), (old, _))| {
                            self.narrows(new, old)
                        });
                        if narrows && !declared_here(prev) {
                            redeclared.push((name.to_owned(), span, prev));
                        } else {
                            dups.push((name.to_owned(), span, prev));
                        }
                    }
                }
            }
            for (name, span, prev) in redeclared {
                let d = Diagnostic::warning(
                    "W0101",
                    format!(
                        "`{name}` of `{}` declares an inherited property again (the same type, or \
                         one derived from it): the inherited one is used",
                        self.model.ty(id).qualified_name()
                    ),
                )
                .at(self.loc(span));
                let d = self.note_at(d, "inherited from", prev);
                self.diags.push(d);
                if let TypeKind::Entity(st) | TypeKind::Complex(st) = &mut self.model.types[i].kind {
                    st.properties.retain(|p| p.span != span);
                }
            }
            // Keys: the first segment of each `PropertyRef` path must be a structural property.
            if let Some(st) = self.model.ty(id).as_struct() {
                let all = self.model.all_properties(id);
                for k in &st.key {
                    let head = k.split('/').next().unwrap_or_default();
                    // A declared property whose type did not resolve is left out of the model
                    // (and reported as E0102): no follow-on error for the key naming it.
                    if !all.iter().any(|p| p.name == head) && !self.may_declare(id, head) {
                        let (di, el) = self.type_elems[i];
                        let off = el
                            .children_named("Key")
                            .flat_map(|key| key.children_named("PropertyRef"))
                            .find(|pr| pr.attr("Name") == Some(k.as_str()))
                            .map_or(el.offset, |pr| pr.attr_offset("Name"));
                        let msg = format!(
                            "key property `{k}` is not a property of `{}`",
                            self.model.ty(id).qualified_name()
                        );
                        let loc = self.loc(self.span(di, off));
                        self.diags.push(Diagnostic::error("E0109", msg).at(loc));
                    }
                }
            }
            for (name, span, prev) in dups {
                let d = Diagnostic::error(
                    "E0101",
                    format!(
                        "duplicate property `{name}` in `{}`",
                        self.model.ty(id).qualified_name()
                    ),
                )
                .at(self.loc(span));
                let d = self.note_at(d, "also declared at", prev);
                self.diags.push(d);
            }
        }
    }

    /// The `Parameter`s of an operation (or of a V1–V3 function import); one that lacks a name
    /// or type, or whose type does not resolve, is an error and left out.
    fn parameters(&mut self, di: usize, el: &Element, names: &Names) -> Vec<Parameter> {
        let mut parameters = Vec::new();
        for p in el.children_named("Parameter") {
            let (Some(pname), Some(raw)) = (p.attr("Name"), p.attr("Type")) else {
                self.err("E0005", di, p.offset, "`Parameter` needs `Name` and `Type`".into());
                continue;
            };
            if let Some(ty) = self.type_ref(raw, di, p.attr_offset("Type"), names) {
                parameters.push(Parameter {
                    name: pname.to_owned(),
                    ty,
                    nullable: parse_bool(p.attr("Nullable"), true),
                    annotations: annotation::inline(p, names),
                    span: self.span(di, p.attr_offset("Name")),
                });
            }
        }
        parameters
    }

    fn operation(&mut self, ns: &str, di: usize, el: &'a Element, names: &Names) {
        let Some(name) = el.attr("Name") else {
            self.err("E0005", di, el.offset, format!("`{}` without a `Name`", el.name));
            return;
        };
        let parameters = self.parameters(di, el, names);
        let return_type = match el.children_named("ReturnType").next() {
            Some(rt) => match rt.attr("Type") {
                Some(raw) => self
                    .type_ref(raw, di, rt.attr_offset("Type"), names)
                    .map(|ty| ReturnType {
                        ty,
                        nullable: parse_bool(rt.attr("Nullable"), true),
                    }),
                None => None,
            },
            None => None,
        };
        let is_bound = parse_bool(el.attr("IsBound"), false);
        // A binding parameter that is declared but broken (unresolved type: E0102, no `Name`:
        // E0005) has its own error.
        if is_bound && el.children_named("Parameter").next().is_none() {
            self.err(
                "E0108",
                di,
                el.offset,
                format!("bound operation `{name}` has no binding parameter"),
            );
        }
        let span = self.span(di, el.attr_offset("Name"));
        self.model.operations.push(Operation {
            namespace: ns.to_owned(),
            name: name.to_owned(),
            kind: if el.name == "Action" {
                OperationKind::Action
            } else {
                OperationKind::Function
            },
            is_bound,
            is_composable: parse_bool(el.attr("IsComposable"), false),
            entity_set_path: el.attr("EntitySetPath").map(str::to_owned),
            service_operation: false,
            parameters,
            return_type,
            annotations: annotation::inline(el, names),
            span,
        });
    }

    /// `<Annotations Target="...">`: attach to the target; unknown targets are kept on the model.
    fn targeted(
        &mut self,
        el: &Element,
        di: usize,
        declared: &HashMap<String, targets::Declared<'_>>,
        names: &Names,
    ) {
        let Some(target) = el.attr("Target") else { return };
        let list: Vec<Annotation> = el
            .children
            .iter()
            .filter(|c| annotation::is_annotation(c))
            .filter_map(|a| annotation::read(a, names))
            .collect();
        let (head, member) = match target.split_once('/') {
            Some((h, m)) => (h, Some(m)),
            None => (target, None),
        };
        // Operation targets look like `ns.name(ns.bindingType)`.
        let (head, is_op) = match head.split_once('(') {
            Some((h, _)) => (h, true),
            None => (head, false),
        };
        let q = names.qualify(head);
        let slot: Option<&mut Annotations> = if is_op {
            None
        } else if let Some(&id) = self.model.by_name.get(&q) {
            let td = &mut self.model.types[id.index()];
            match (member, &mut td.kind) {
                (None, _) => Some(&mut td.annotations),
                (Some(m), TypeKind::Entity(s) | TypeKind::Complex(s)) => {
                    if let Some(p) = s.properties.iter_mut().find(|p| p.name == m) {
                        Some(&mut p.annotations)
                    } else {
                        s.navigation
                            .iter_mut()
                            .find(|p| p.name == m)
                            .map(|p| &mut p.annotations)
                    }
                }
                (Some(m), TypeKind::Enum(e)) => e
                    .members
                    .iter_mut()
                    .find(|x| x.name == m)
                    .map(|x| &mut x.annotations),
                _ => None,
            }
        } else if let Some(c) = self
            .model
            .container
            .as_mut()
            .filter(|c| format!("{}.{}", c.namespace, c.name) == q)
        {
            match member {
                None => Some(&mut c.annotations),
                Some(m) => {
                    if let Some(s) = c.entity_sets.iter_mut().find(|s| s.name == m) {
                        Some(&mut s.annotations)
                    } else {
                        c.singletons
                            .iter_mut()
                            .find(|s| s.name == m)
                            .map(|s| &mut s.annotations)
                    }
                }
            }
        } else {
            None
        };
        if let Some(slot) = slot {
            for a in list {
                slot.push(a);
            }
            return;
        }
        // Operations (all overloads of that name), or one of their parameters (`op(...)/param`).
        let mut hit = false;
        for op in &mut self.model.operations {
            if format!("{}.{}", op.namespace, op.name) == q {
                let slot = match member {
                    None => Some(&mut op.annotations),
                    Some(m) => op
                        .parameters
                        .iter_mut()
                        .find(|p| p.name == m)
                        .map(|p| &mut p.annotations),
                };
                if let Some(slot) = slot {
                    hit = true;
                    for a in &list {
                        slot.push(a.clone());
                    }
                }
            }
        }
        if !hit {
            self.check_target(declared, target, &q, member, di, el.attr_offset("Target"));
            self.model.other_annotations.push((target.to_owned(), list));
        }
    }
}

/// A `NavigationProperty` as the model takes it.
enum Nav {
    /// To a named entity type.
    Typed(NavigationProperty),
    /// To the abstract `Edm.EntityType`: a structural property of untyped JSON.
    AnyEntity(Property),
}
