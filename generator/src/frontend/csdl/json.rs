//! CSDL JSON (OData 4.01, `$metadata?$format=application/json`) read into the element tree of
//! the XML reader.
//!
//! CSDL JSON states the same model as CSDL XML with other defaults, so the reader converts it to
//! the elements and attributes the XML would have, and one builder serves both:
//! - an object member without `$Kind` is a `Property`; `$Type` defaults to `Edm.String`;
//! - `$Nullable` defaults to `false` (XML's `Nullable` to `true`), so every converted property,
//!   parameter and return type states `Nullable`;
//! - `$Collection: true` wraps the type in `Collection(...)`;
//! - a schema member that is an array lists the overloads of an action or function;
//! - an entity container member is an `EntitySet` (`$Collection`), an `ActionImport`
//!   (`$Action`), a `FunctionImport` (`$Function`) or else a `Singleton`;
//! - `@Term#Qualifier` members are annotations, `Member@Term` members annotate an enumeration
//!   member, and `$Annotations` holds the targeted ones.
//!
//! Every element and attribute keeps the byte offset of its JSON value, so diagnostics point
//! into the JSON document.

use super::xml::{Element, XmlError};
use crate::diagnostics::LineIndex;
use crate::frontend::openapi::tree::{self, Node, Value};
use std::collections::HashMap;

/// Does `bytes` look like a CSDL JSON document rather than an OpenAPI one? (A JSON object with
/// a `$Version` member; the parse decides.)
pub fn sniff(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let starts_object = b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{');
    starts_object && b.windows(10).any(|w| w == b"\"$Version\"")
}

/// Parse CSDL JSON `text` into an `Edmx` element tree. Errors carry byte offsets.
pub fn parse(text: &str, lines: &LineIndex) -> Result<Element, Vec<XmlError>> {
    let (root, duplicates) = tree::parse_with_duplicates(text).map_err(|e| {
        let mut c = Converter::new(text, lines);
        vec![XmlError {
            offset: c.offset(e.line, e.column),
            message: format!("malformed JSON: {}", e.message),
            code: "E0004",
        }]
    })?;
    let mut c = Converter::new(text, lines);
    for d in duplicates {
        let offset = c.offset(d.line, d.column);
        c.errors.push(XmlError {
            offset,
            message: format!("malformed CSDL JSON: member `{}` is given twice", d.key),
            code: "E0004",
        });
    }
    if !root.is_map() || root.get("$Version").is_none() {
        let offset = c.at(&root);
        c.errors.push(XmlError {
            offset,
            message: "expected a CSDL JSON document: an object with `$Version`".into(),
            code: "E0003",
        });
        return Err(c.errors);
    }
    let edmx = c.document(&root);
    if c.errors.is_empty() {
        Ok(edmx)
    } else {
        c.errors.sort_by_key(|e| e.offset);
        Err(c.errors)
    }
}

/// The JSON type a `$`-member holding an attribute's value must have.
#[derive(Clone, Copy)]
enum Kind {
    String,
    Bool,
    /// A string, a number or a boolean (facets and default values).
    Scalar,
}

struct Converter<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    /// The last position converted: (line, column, byte offset). Nodes are converted in
    /// document order, so counting on from here keeps one-line documents linear.
    cursor: (u32, u32, usize),
    errors: Vec<XmlError>,
}

impl<'a> Converter<'a> {
    fn new(text: &'a str, lines: &'a LineIndex) -> Self {
        Converter {
            text,
            lines,
            cursor: (1, 1, 0),
            errors: Vec::new(),
        }
    }

    /// Byte offset of 1-based `line` and `column` (in characters).
    fn offset(&mut self, line: u32, column: u32) -> usize {
        let (cl, cc, co) = self.cursor;
        let offset = if cl == line && column < cc {
            // Back on the same line: count back from the cursor.
            let before = self.text.get(..co).unwrap_or_default();
            before
                .char_indices()
                .rev()
                .nth((cc - column - 1) as usize)
                .map_or(0, |(i, _)| i)
        } else {
            let (from, skip) = if cl == line {
                (co, column - cc)
            } else {
                match self.lines.line_start(line) {
                    Some(start) => (start, column.saturating_sub(1)),
                    None => return self.text.len(),
                }
            };
            let rest = self.text.get(from..).unwrap_or_default();
            rest.char_indices()
                .nth(skip as usize)
                .map_or(self.text.len(), |(i, _)| from + i)
        };
        self.cursor = (line, column, offset);
        offset
    }

    fn at(&mut self, node: &Node) -> usize {
        self.offset(node.line, node.column)
    }

    /// A `$`-member that must be of one JSON type: report another.
    fn wrong(&mut self, node: &Node, key: &str, expected: &str) {
        let offset = self.at(node);
        self.errors.push(XmlError {
            offset,
            message: format!("malformed CSDL JSON: `{key}` must be {expected}"),
            code: "E0003",
        });
    }

    fn element(&mut self, name: &str, node: &Node) -> Element {
        Element {
            name: name.to_owned(),
            offset: self.at(node),
            ..Element::default()
        }
    }

    /// Attribute `name` with the value of member `key` of `node` (if present) as XML writes it,
    /// the member being of JSON type `kind`.
    fn attr(&mut self, el: &mut Element, node: &Node, key: &str, name: &str, kind: Kind) {
        let Some(v) = node.get(key) else { return };
        let text = match (&v.value, kind) {
            (Value::Str(s), Kind::String | Kind::Scalar) | (Value::Number(s), Kind::Scalar) => {
                s.clone()
            }
            (Value::Bool(b), Kind::Bool | Kind::Scalar) => b.to_string(),
            _ => {
                let expected = match kind {
                    Kind::String => "a string",
                    Kind::Bool => "`true` or `false`",
                    Kind::Scalar => "a string, a number or a boolean",
                };
                return self.wrong(v, key, expected);
            }
        };
        let offset = self.at(v);
        el.attrs.push((name.to_owned(), text, offset));
    }

    fn string_attr(&mut self, el: &mut Element, node: &Node, key: &str, name: &str) {
        self.attr(el, node, key, name, Kind::String);
    }

    fn bool_attr(&mut self, el: &mut Element, node: &Node, key: &str, name: &str) {
        self.attr(el, node, key, name, Kind::Bool);
    }

    fn scalar_attr(&mut self, el: &mut Element, node: &Node, key: &str, name: &str) {
        self.attr(el, node, key, name, Kind::Scalar);
    }

    /// The members of `node` named by the model (not `$`-members or annotations) whose values
    /// are objects; the others are reported (`expected`: what each must be).
    fn objects<'n>(&mut self, node: &'n Node, expected: &str) -> Vec<(&'n str, &'n Node)> {
        let mut out = Vec::new();
        for (name, value) in node.entries() {
            if name.starts_with(['$', '@']) {
                continue;
            }
            if value.is_map() {
                out.push((name.as_str(), value));
            } else {
                self.wrong(value, name, expected);
            }
        }
        out
    }

    /// Boolean member `key` of `node`: `false` when absent (CSDL JSON's default for every flag).
    fn flag(&mut self, node: &Node, key: &str) -> bool {
        match node.get(key).map(|v| (v, &v.value)) {
            Some((_, Value::Bool(b))) => *b,
            Some((v, _)) => {
                self.wrong(v, key, "`true` or `false`");
                false
            }
            None => false,
        }
    }

    fn name_attr(&mut self, el: &mut Element, name: &str, node: &Node) {
        let offset = self.at(node);
        el.attrs.push(("Name".into(), name.to_owned(), offset));
    }

    /// `Type` (with `$Collection`), `Nullable` (JSON's default is `false`) and the facets of a
    /// property, parameter, return type or type definition.
    fn typed(&mut self, el: &mut Element, node: &Node, type_key: &str, type_attr: &str) {
        let node_offset = self.at(node);
        let (ty, offset) = match node.get(type_key) {
            Some(v) => match v.as_str() {
                Some(s) => (s.to_owned(), self.at(v)),
                None => {
                    self.wrong(v, type_key, "a qualified type name");
                    return;
                }
            },
            None => ("Edm.String".to_owned(), node_offset),
        };
        let ty = if self.flag(node, "$Collection") {
            format!("Collection({ty})")
        } else {
            ty
        };
        el.attrs.push((type_attr.to_owned(), ty, offset));
        if type_key == "$Type" {
            let nullable = self.flag(node, "$Nullable");
            el.attrs
                .push(("Nullable".into(), nullable.to_string(), node_offset));
        }
        for (key, name) in [
            ("$MaxLength", "MaxLength"),
            ("$Precision", "Precision"),
            ("$Scale", "Scale"),
            ("$SRID", "SRID"),
            ("$Unicode", "Unicode"),
            ("$DefaultValue", "DefaultValue"),
        ] {
            self.scalar_attr(el, node, key, name);
        }
    }

    /// The `Edmx` element of the document.
    fn document(&mut self, root: &Node) -> Element {
        let mut edmx = self.element("Edmx", root);
        self.scalar_attr(&mut edmx, root, "$Version", "Version");
        if let Some(refs) = root.get("$Reference") {
            if !refs.is_map() {
                self.wrong(refs, "$Reference", "an object");
            }
            for (uri, r) in refs.entries() {
                let mut reference = self.element("Reference", r);
                let offset = reference.offset;
                reference.attrs.push(("Uri".into(), uri.clone(), offset));
                for include in r.get("$Include").map_or(&[][..], Node::items) {
                    let mut el = self.element("Include", include);
                    self.string_attr(&mut el, include, "$Namespace", "Namespace");
                    self.string_attr(&mut el, include, "$Alias", "Alias");
                    reference.children.push(el);
                }
                edmx.children.push(reference);
            }
        }
        let mut services = self.element("DataServices", root);
        for (namespace, schema) in self.objects(root, "an object (a schema)") {
            let el = self.schema(namespace, schema);
            services.children.push(el);
        }
        edmx.children.push(services);
        edmx
    }

    fn schema(&mut self, namespace: &str, node: &Node) -> Element {
        let mut schema = self.element("Schema", node);
        let offset = schema.offset;
        schema
            .attrs
            .push(("Namespace".into(), namespace.to_owned(), offset));
        self.string_attr(&mut schema, node, "$Alias", "Alias");
        for (name, member) in node.entries() {
            if name == "$Annotations" {
                for (target, annotations) in member.entries() {
                    let mut el = self.element("Annotations", annotations);
                    let offset = el.offset;
                    el.attrs.push(("Target".into(), target.clone(), offset));
                    self.annotations(&mut el, annotations);
                    schema.children.push(el);
                }
                continue;
            }
            if name.starts_with(['$', '@']) {
                continue;
            }
            match &member.value {
                Value::Seq(overloads) => {
                    for o in overloads.iter() {
                        if let Some(el) = self.operation(name, o) {
                            schema.children.push(el);
                        }
                    }
                }
                Value::Map(_) => {
                    if let Some(el) = self.schema_element(name, member) {
                        schema.children.push(el);
                    }
                }
                _ => self.wrong(member, name, "an object or an array of overloads"),
            }
        }
        self.annotations(&mut schema, node);
        schema
    }

    /// A type, a term or the entity container (`None` for kinds the reader does not use).
    fn schema_element(&mut self, name: &str, node: &Node) -> Option<Element> {
        let kind = node.str("$Kind").unwrap_or_default();
        let mut el = self.element(kind, node);
        self.name_attr(&mut el, name, node);
        match kind {
            "EntityType" | "ComplexType" => {
                self.string_attr(&mut el, node, "$BaseType", "BaseType");
                self.bool_attr(&mut el, node, "$Abstract", "Abstract");
                self.bool_attr(&mut el, node, "$OpenType", "OpenType");
                self.bool_attr(&mut el, node, "$HasStream", "HasStream");
                if let Some(key) = node.get("$Key") {
                    let k = self.key(key);
                    el.children.push(k);
                }
                for (member, value) in self.objects(node, "an object (a property)") {
                    let navigation = value.str("$Kind") == Some("NavigationProperty");
                    let mut p = self.element(
                        if navigation {
                            "NavigationProperty"
                        } else {
                            "Property"
                        },
                        value,
                    );
                    self.name_attr(&mut p, member, value);
                    self.typed(&mut p, value, "$Type", "Type");
                    if navigation {
                        self.string_attr(&mut p, value, "$Partner", "Partner");
                        self.bool_attr(&mut p, value, "$ContainsTarget", "ContainsTarget");
                    }
                    self.annotations(&mut p, value);
                    el.children.push(p);
                }
            }
            "EnumType" => {
                self.string_attr(&mut el, node, "$UnderlyingType", "UnderlyingType");
                self.bool_attr(&mut el, node, "$IsFlags", "IsFlags");
                // `Member@Term` annotates the member, wherever it stands.
                let mut annotations: HashMap<&str, Vec<(&str, &Node)>> = HashMap::new();
                for (key, ann) in node.entries() {
                    if let Some((member, term)) = key.split_once('@')
                        && !member.is_empty()
                    {
                        annotations.entry(member).or_default().push((term, ann));
                    }
                }
                for (member, value) in node.entries() {
                    if member.starts_with(['$', '@']) || member.contains('@') {
                        continue;
                    }
                    let mut m = self.element("Member", value);
                    self.name_attr(&mut m, member, value);
                    match &value.value {
                        Value::Number(n) => m.attrs.push(("Value".into(), n.clone(), m.offset)),
                        _ => self.wrong(value, member, "an integer (the member's value)"),
                    }
                    for (term, ann) in annotations.get(member.as_str()).into_iter().flatten() {
                        self.annotation(&mut m, term, ann);
                    }
                    el.children.push(m);
                }
            }
            "TypeDefinition" => self.typed(&mut el, node, "$UnderlyingType", "UnderlyingType"),
            "EntityContainer" => {
                self.string_attr(&mut el, node, "$Extends", "Extends");
                for (member, value) in self.objects(node, "an object (a container member)") {
                    let c = self.container_member(member, value);
                    el.children.push(c);
                }
            }
            "Term" => self.typed(&mut el, node, "$Type", "Type"),
            _ => return None,
        }
        self.annotations(&mut el, node);
        Some(el)
    }

    /// `$Key`: property paths, or `{alias: path}` objects.
    fn key(&mut self, node: &Node) -> Element {
        let mut key = self.element("Key", node);
        if !matches!(node.value, Value::Seq(_)) {
            self.wrong(node, "$Key", "an array of property paths");
        }
        for item in node.items() {
            let mut r = self.element("PropertyRef", item);
            let offset = r.offset;
            match &item.value {
                Value::Str(path) => r.attrs.push(("Name".into(), path.clone(), offset)),
                Value::Map(m) if m.len() == 1 => {
                    let (alias, path) = &m[0];
                    match path.as_str() {
                        Some(p) => {
                            r.attrs.push(("Name".into(), p.to_owned(), offset));
                            r.attrs.push(("Alias".into(), alias.clone(), offset));
                        }
                        None => self.wrong(path, alias, "a property path"),
                    }
                }
                _ => self.wrong(item, "$Key", "an array of property paths"),
            }
            key.children.push(r);
        }
        key
    }

    fn container_member(&mut self, name: &str, node: &Node) -> Element {
        let kind = if node.get("$Action").is_some() {
            "ActionImport"
        } else if node.get("$Function").is_some() {
            "FunctionImport"
        } else if node.bool("$Collection") == Some(true) {
            "EntitySet"
        } else {
            "Singleton"
        };
        let mut el = self.element(kind, node);
        self.name_attr(&mut el, name, node);
        match kind {
            "ActionImport" => {
                self.string_attr(&mut el, node, "$Action", "Action");
                self.string_attr(&mut el, node, "$EntitySet", "EntitySet");
            }
            "FunctionImport" => {
                self.string_attr(&mut el, node, "$Function", "Function");
                self.string_attr(&mut el, node, "$EntitySet", "EntitySet");
                self.bool_attr(
                    &mut el,
                    node,
                    "$IncludeInServiceDocument",
                    "IncludeInServiceDocument",
                );
            }
            _ => {
                let type_attr = if kind == "EntitySet" {
                    "EntityType"
                } else {
                    "Type"
                };
                self.string_attr(&mut el, node, "$Type", type_attr);
                if kind == "Singleton" {
                    self.bool_attr(&mut el, node, "$Nullable", "Nullable");
                } else {
                    self.bool_attr(
                        &mut el,
                        node,
                        "$IncludeInServiceDocument",
                        "IncludeInServiceDocument",
                    );
                }
                if let Some(bindings) = node.get("$NavigationPropertyBinding") {
                    for (path, target) in bindings.entries() {
                        let mut b = self.element("NavigationPropertyBinding", target);
                        let offset = self.at(target);
                        b.attrs.push(("Path".into(), path.clone(), offset));
                        match target.as_str() {
                            Some(t) => b.attrs.push(("Target".into(), t.to_owned(), offset)),
                            None => self.wrong(target, path, "a target path"),
                        }
                        el.children.push(b);
                    }
                }
            }
        }
        self.annotations(&mut el, node);
        el
    }

    /// One overload of an action or function.
    fn operation(&mut self, name: &str, node: &Node) -> Option<Element> {
        let kind = match node.str("$Kind") {
            Some(k @ ("Action" | "Function")) => k,
            _ => {
                self.wrong(
                    node,
                    "$Kind",
                    "`Action` or `Function` in an array of overloads",
                );
                return None;
            }
        };
        let mut el = self.element(kind, node);
        self.name_attr(&mut el, name, node);
        self.bool_attr(&mut el, node, "$IsBound", "IsBound");
        self.bool_attr(&mut el, node, "$IsComposable", "IsComposable");
        self.string_attr(&mut el, node, "$EntitySetPath", "EntitySetPath");
        for p in node.get("$Parameter").map_or(&[][..], Node::items) {
            let mut param = self.element("Parameter", p);
            self.string_attr(&mut param, p, "$Name", "Name");
            self.typed(&mut param, p, "$Type", "Type");
            self.annotations(&mut param, p);
            el.children.push(param);
        }
        if let Some(r) = node.get("$ReturnType") {
            let mut ret = self.element("ReturnType", r);
            self.typed(&mut ret, r, "$Type", "Type");
            self.annotations(&mut ret, r);
            el.children.push(ret);
        }
        self.annotations(&mut el, node);
        Some(el)
    }

    /// The `@Term#Qualifier` members of `node`, as `Annotation` children of `el`.
    fn annotations(&mut self, el: &mut Element, node: &Node) {
        for (key, value) in node.entries() {
            if let Some(term) = key.strip_prefix('@') {
                self.annotation(el, term, value);
            }
        }
    }

    /// One annotation `Term#Qualifier: value` (annotations of annotations, `Term@Other`, are not
    /// read, as in XML).
    fn annotation(&mut self, el: &mut Element, term: &str, value: &Node) {
        if term.contains('@') {
            return;
        }
        let (term, qualifier) = match term.split_once('#') {
            Some((t, q)) => (t, Some(q)),
            None => (term, None),
        };
        let mut a = self.element("Annotation", value);
        let offset = a.offset;
        a.attrs.push(("Term".into(), term.to_owned(), offset));
        if let Some(q) = qualifier {
            a.attrs.push(("Qualifier".into(), q.to_owned(), offset));
        }
        self.value(&mut a, value);
        el.children.push(a);
    }

    /// The value of an annotation or a record member: a constant as an attribute, anything else
    /// as a child expression.
    fn value(&mut self, el: &mut Element, node: &Node) {
        let offset = self.at(node);
        let constant = match &node.value {
            Value::Str(s) => Some(("String", s.clone())),
            Value::Bool(b) => Some(("Bool", b.to_string())),
            Value::Number(n) => Some((number_kind(n), n.clone())),
            Value::Map(_) => path_expression(node).map(|(k, v)| (k, v.to_owned())),
            _ => None,
        };
        match constant {
            Some((kind, text)) => el.attrs.push((kind.to_owned(), text, offset)),
            None => {
                let child = self.expression(node);
                el.children.push(child);
            }
        }
    }

    /// An expression in element notation.
    fn expression(&mut self, node: &Node) -> Element {
        let mut el = self.element("", node);
        match &node.value {
            Value::Null => el.name = "Null".into(),
            Value::Str(s) => {
                el.name = "String".into();
                el.text = s.clone();
            }
            Value::Bool(b) => {
                el.name = "Bool".into();
                el.text = b.to_string();
            }
            Value::Number(n) => {
                el.name = number_kind(n).into();
                el.text = n.clone();
            }
            Value::Seq(items) => {
                el.name = "Collection".into();
                for item in items.iter() {
                    let child = self.expression(item);
                    el.children.push(child);
                }
            }
            Value::Map(entries) => {
                if let Some((kind, text)) = path_expression(node) {
                    el.name = kind.into();
                    el.text = text.to_owned();
                } else if let Some((key, _)) = entries.iter().find(|(k, _)| k.starts_with('$')) {
                    // `$Apply`, `$If`, `$Cast`, ...: kept by name, not evaluated.
                    el.name = key.trim_start_matches('$').to_owned();
                } else {
                    el.name = "Record".into();
                    self.string_attr(&mut el, node, "@type", "Type");
                    for (property, value) in entries.iter() {
                        if property.contains('@') {
                            continue;
                        }
                        let mut pv = self.element("PropertyValue", value);
                        let offset = pv.offset;
                        pv.attrs.push(("Property".into(), property.clone(), offset));
                        self.value(&mut pv, value);
                        el.children.push(pv);
                    }
                }
            }
        }
        el
    }
}

/// `Int` for an integer literal, `Float` for one with a fraction or an exponent.
fn number_kind(n: &str) -> &'static str {
    if n.contains(['.', 'e', 'E']) {
        "Float"
    } else {
        "Int"
    }
}

/// `{"$Path": "a/b"}` and the other path expressions: (XML name, path).
fn path_expression(node: &Node) -> Option<(&'static str, &str)> {
    let [(key, value)] = node.entries() else {
        return None;
    };
    let kind = match key.as_str() {
        "$Path" => "Path",
        "$PropertyPath" => "PropertyPath",
        "$NavigationPropertyPath" => "NavigationPropertyPath",
        "$AnnotationPath" => "AnnotationPath",
        "$ModelElementPath" => "ModelElementPath",
        "$UrlRef" => "UrlRef",
        _ => return None,
    };
    Some((kind, value.as_str()?))
}
