//! What a schema describes ([`Shape`]), and the detection of unions, "or null" branches, the
//! IEEE754Compatible number form and GeoJSON objects behind it.

use super::tree::{Node, Value};

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
        || null_enum(b)
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

/// The branches of a `oneOf`/`anyOf` list that stand for values: not `null`, not `{}`.
fn value_branches(list: &Node) -> Vec<(usize, &Node)> {
    list.items()
        .iter()
        .enumerate()
        .filter(|(_, b)| !is_null_branch(b) && !b.entries().is_empty())
        .collect()
}

/// The alternatives of a union schema (`oneOf`/`anyOf` with two or more non-null, non-empty
/// branches), with the keyword; `numbers`: `[number, string]` is the IEEE754 number form of an
/// OData service's document, not a union.
pub(crate) fn union_branches_with(
    node: &Node,
    numbers: bool,
) -> Option<(&'static str, Vec<(usize, &Node)>)> {
    for key in ["oneOf", "anyOf"] {
        let Some(list) = node.get(key) else { continue };
        let branches = value_branches(list);
        let nodes: Vec<&Node> = branches.iter().map(|(_, b)| *b).collect();
        if branches.len() >= 2 && !(numbers && is_numeric_form(&nodes)) {
            return Some((key, branches));
        }
    }
    None
}

/// The alternatives a `type` list of two or more non-null types stands for (3.1: `type:
/// [integer, string]`, `type: [string, number, 'null']`): the schema with each type alone, in
/// order, as the branches of `oneOf: [{type: integer}, {type: string}]` (the `null` makes the
/// value nullable, as a null branch does). Each branch keeps what its type reads (`format`,
/// `items`) and drops what would make it a type of its own at the same place (`enum`, `const`,
/// an object's `additionalProperties`): an `object` branch is untyped JSON. `None` for one type,
/// and where the schema has members or a composition of its own (read as before); `numbers`:
/// `[number, string]` is the IEEE754Compatible form of one number (see [`union_branches_with`]).
pub(crate) fn type_list_branches(node: &Node, numbers: bool) -> Option<Vec<Node>> {
    let Some(Node {
        value: Value::Seq(list),
        ..
    }) = node.get("type")
    else {
        return None;
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut at: Vec<&Node> = Vec::new();
    for t in list.iter() {
        if let Some(name) = t.as_str()
            && name != "null"
            && !seen.contains(&name)
        {
            seen.push(name);
            at.push(t);
        }
    }
    if seen.len() < 2
        || ["properties", "allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| node.get(k).is_some())
    {
        return None;
    }
    let branches: Vec<Node> = seen
        .iter()
        .zip(at)
        .map(|(name, t)| {
            let entries: Vec<(String, Node)> =
                node.entries()
                    .iter()
                    .filter(|(k, _)| match k.as_str() {
                        "enum" | "const" | "x-extensible-enum" | "default" | "example"
                        | "examples" => false,
                        "items" | "prefixItems" => *name == "array",
                        "additionalProperties" | "patternProperties" => false,
                        _ => true,
                    })
                    .map(|(k, v)| {
                        if k == "type" {
                            (
                                k.clone(),
                                Node {
                                    value: Value::Str((*name).to_owned()),
                                    ..t.clone()
                                },
                            )
                        } else {
                            (k.clone(), v.clone())
                        }
                    })
                    .collect();
            Node {
                value: Value::Map(entries.into()),
                ..node.clone()
            }
        })
        .collect();
    let refs: Vec<&Node> = branches.iter().collect();
    if numbers && is_numeric_form(&refs) {
        return None;
    }
    Some(branches)
}

/// A schema that only annotates or constrains (`{description: ...}`, `{readOnly: true}`,
/// `{maxLength: 12}`, `{}`): as a branch of `allOf` it adds nothing to the value's type.
pub(super) fn annotation_only(node: &Node) -> bool {
    node.is_map()
        && node.entries().iter().all(|(k, _)| {
            k.starts_with("x-")
                || matches!(
                    k.as_str(),
                    "description"
                        | "title"
                        | "example"
                        | "examples"
                        | "readOnly"
                        | "writeOnly"
                        | "deprecated"
                        | "default"
                        | "externalDocs"
                        | "xml"
                        | "$comment"
                        | "maxLength"
                        | "minLength"
                        | "pattern"
                        | "minimum"
                        | "maximum"
                        | "exclusiveMinimum"
                        | "exclusiveMaximum"
                        | "multipleOf"
                        | "minItems"
                        | "maxItems"
                        | "uniqueItems"
                        | "minProperties"
                        | "maxProperties"
                        | "required"
                        | "nullable"
                )
        })
}

pub(super) fn types_of(node: &Node) -> Vec<&str> {
    match node.get("type").map(|t| &t.value) {
        Some(Value::Str(s)) => vec![s.as_str()],
        Some(Value::Seq(items)) => items.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    }
}

/// GeoJSON objects (`type` + `coordinates`, as the OASIS converter writes `Edm.Geography*`).
pub(super) fn is_geojson(node: &Node) -> bool {
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

/// An `enum` whose only value is `null` (Django REST framework's `NullEnum`, a `oneOf` branch
/// meaning "or null"), or `const: null` (3.1): no value to name, so not an enumeration; the
/// schema allows `null` alone, as `type: 'null'` does.
pub(crate) fn null_enum(node: &Node) -> bool {
    node.get("enum").is_some_and(|e| {
        !e.items().is_empty() && e.items().iter().all(|i| matches!(i.value, Value::Null))
    }) || node
        .get("const")
        .is_some_and(|c| matches!(c.value, Value::Null))
}

/// The string value of `const` (`const: cat`), if that is what the schema has.
pub(crate) fn const_string(node: &Node) -> Option<&Node> {
    node.get("const")
        .filter(|c| matches!(c.value, Value::Str(_)))
}

/// What `node` describes; `numbers`: `oneOf: [number, string]` is the IEEE754Compatible form of
/// one number (documents rendering an OData service), not a union.
pub(crate) fn shape(node: &Node, numbers: bool) -> Shape {
    let types = types_of(node);
    // `const: cat` (3.1; pydantic's `Literal["cat"]`) is the enumeration of that one value, so
    // that a tag member tells union alternatives apart as `enum: [cat]` does.
    if node.get("enum").is_none()
        && node.get("x-extensible-enum").is_none()
        && const_string(node).is_some()
        && types.iter().all(|t| *t == "string" || *t == "null")
    {
        return Shape::Enum;
    }
    if let Some(e) = node.get("enum").or_else(|| node.get("x-extensible-enum"))
        && types.iter().all(|t| *t == "string" || *t == "null")
        && e.items().iter().any(|i| matches!(i.value, Value::Str(_)))
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
    if !has_props
        && node.get("allOf").is_none()
        && (union_branches_with(node, numbers).is_some()
            || type_list_branches(node, numbers).is_some())
    {
        return Shape::Union;
    }
    // `allOf: [X, ...]` with more than X; or `allOf: [X]` alone naming its discriminator value
    // (Azure's derived types that add no member): a type derived from X, not X again.
    let all_of_ref = node.get("allOf").is_some_and(|a| {
        a.items().iter().any(|i| i.get("$ref").is_some())
            && (a.items().len() > 1 || node.get("x-ms-discriminator-value").is_some())
    });
    // `allOf` of inline parts one of which has properties (`allOf: [{properties: {limit}},
    // {properties: {entries}}]`): a structured type holding the members of every part.
    let all_of_object = node.get("allOf").is_some_and(|a| {
        a.items()
            .iter()
            .any(|i| i.get("properties").is_some_and(Node::is_map))
    });
    let object = types.contains(&"object");
    let map_only = node
        .get("additionalProperties")
        .is_some_and(|a| !matches!(a.value, Value::Bool(false)))
        && !has_props;
    if map_only && (types.is_empty() || object) && node.get("allOf").is_none() {
        return Shape::Map;
    }
    // `oneOf`/`anyOf` of one schema (Anthropic's `{type: object, discriminator: ..., oneOf:
    // [X]}`, a union with one member so far): that schema, even with a discriminator.
    let one_branch = !has_props
        && node.get("allOf").is_none()
        && ["oneOf", "anyOf"]
            .iter()
            .any(|k| node.get(k).is_some_and(|l| value_branches(l).len() == 1));
    if one_branch {
        return Shape::Other;
    }
    if has_props || all_of_ref || all_of_object || node.get("discriminator").is_some() {
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
