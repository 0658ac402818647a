//! Reading `<Annotation>` elements (inline and inside `<Annotations Target=...>`) into [`AnnValue`]s.

use super::Names;
use super::xml::Element;
use crate::ir::annotations::{CAPABILITIES, CORE, SAP_COMMON};
use crate::ir::{AnnValue, Annotation, Annotations};

/// Constant-expression attributes, as written on `<Annotation>` or `<PropertyValue>`.
const CONSTANTS: &[&str] = &[
    "Bool",
    "String",
    "Int",
    "Float",
    "Decimal",
    "Date",
    "DateTimeOffset",
    "TimeOfDay",
    "Duration",
    "Guid",
    "Binary",
    "EnumMember",
    "Path",
    "PropertyPath",
    "NavigationPropertyPath",
    "AnnotationPath",
    "ModelElementPath",
    "UrlRef",
];

fn constant(kind: &str, v: &str) -> AnnValue {
    match kind {
        "Bool" => match v {
            "true" => AnnValue::Bool(true),
            "false" => AnnValue::Bool(false),
            other => AnnValue::Other(kind.into(), other.into()),
        },
        "String" => AnnValue::String(v.into()),
        "Int" => AnnValue::Int(v.into()),
        "EnumMember" => AnnValue::EnumMember(v.into()),
        "Path" | "PropertyPath" | "NavigationPropertyPath" | "AnnotationPath"
        | "ModelElementPath" => AnnValue::Path(v.into()),
        _ => AnnValue::Other(kind.into(), v.into()),
    }
}

/// The value of an element carrying an expression in an attribute or as child elements.
fn value_of(el: &Element, names: &Names) -> AnnValue {
    for kind in CONSTANTS {
        if let Some(v) = el.attr(kind) {
            return constant(kind, v);
        }
    }
    // Element notation: the first child that is an expression.
    for child in &el.children {
        if child.name == "Annotation" {
            continue;
        }
        return expression(child, names);
    }
    AnnValue::Default
}

fn expression(el: &Element, names: &Names) -> AnnValue {
    match el.name.as_str() {
        "Record" => AnnValue::Record(
            el.children_named("PropertyValue")
                .map(|pv| {
                    (
                        pv.attr("Property").unwrap_or_default().to_owned(),
                        value_of(pv, names),
                    )
                })
                .collect(),
        ),
        "Collection" => AnnValue::Collection(
            el.children
                .iter()
                .filter(|c| c.name != "Annotation")
                .map(|c| expression(c, names))
                .collect(),
        ),
        "Null" => AnnValue::Null,
        kind if CONSTANTS.contains(&kind) => constant(kind, el.text.trim()),
        other => AnnValue::Other(other.to_owned(), el.text.clone()),
    }
}

/// One `<Annotation>` element.
pub fn read(el: &Element, names: &Names) -> Option<Annotation> {
    let term = el.attr("Term")?;
    Some(Annotation {
        term: names.qualify_term(term),
        qualifier: el.attr("Qualifier").map(str::to_owned),
        value: value_of(el, names),
    })
}

/// An annotation element: `<Annotation>`, or CSDL 3.0's `<ValueAnnotation>` (OData V3, the same
/// `Term` and value attributes).
pub fn is_annotation(el: &Element) -> bool {
    el.name == "Annotation" || el.name == "ValueAnnotation"
}

/// The inline annotations that are direct children of `el`.
pub fn inline(el: &Element, names: &Names) -> Annotations {
    let mut out = Annotations::default();
    for a in el.children.iter().filter(|c| is_annotation(c)) {
        if let Some(a) = read(a, names) {
            out.push(a);
        }
    }
    // SAP's annotation attributes (OData V2 `sap:label`, `sap:quickinfo`; no CSDL element has
    // attributes of these names), as the terms SAP defines them to be.
    for (attr, term) in [("label", "Label"), ("quickinfo", "QuickInfo")] {
        let Some(v) = el.attr(attr) else { continue };
        let term = format!("{SAP_COMMON}.{term}");
        if out.get(&term).is_none() {
            out.push(Annotation {
                term,
                qualifier: None,
                value: AnnValue::String(v.to_owned()),
            });
        }
    }
    // CSDL 1.0–3.0 `<Documentation>` (`Summary`, `LongDescription`), as the Core terms V4
    // states them with.
    for doc in el.children_named("Documentation") {
        for (child, term) in [("Summary", "Description"), ("LongDescription", "LongDescription")] {
            let term = format!("{CORE}.{term}");
            let text = doc.children_named(child).map(|c| c.text.as_str()).find(|t| !t.is_empty());
            if let Some(text) = text
                && out.get(&term).is_none()
            {
                out.push(Annotation { term, qualifier: None, value: AnnValue::String(text.to_owned()) });
            }
        }
    }
    // SAP's OData V2 entity set attributes (`sap:creatable="false"`, ...), as the Capabilities
    // terms that say the same (a Capabilities annotation, where there is one, wins).
    if el.name == "EntitySet" {
        let restrictions: [(&str, &str, Option<&str>); 6] = [
            ("creatable", "InsertRestrictions", Some("Insertable")),
            ("updatable", "UpdateRestrictions", Some("Updatable")),
            ("deletable", "DeleteRestrictions", Some("Deletable")),
            ("pageable", "TopSupported", None),
            ("pageable", "SkipSupported", None),
            ("countable", "CountRestrictions", Some("Countable")),
        ];
        for (attr, term, property) in restrictions {
            if el.attr(attr) != Some("false") {
                continue;
            }
            let term = format!("{CAPABILITIES}.{term}");
            if out.get(&term).is_none() {
                let value = match property {
                    Some(p) => AnnValue::Record(vec![(p.to_owned(), AnnValue::Bool(false))]),
                    None => AnnValue::Bool(false),
                };
                out.push(Annotation { term, qualifier: None, value });
            }
        }
    }
    out
}
