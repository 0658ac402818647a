//! Schemas → named types, properties and inheritance. The work is split by topic:
//!
//! - `shapes.rs`: what a schema describes ([`Shape`]: struct, enum, union, map, other) and the
//!   union / "or null" / IEEE754 number-form detection behind it;
//! - `register.rs`: registering named types (declared and made-up names, content dedup) and
//!   resolving `$ref`s to them, plus the queue that fills them;
//! - `fill.rs`: filling registered types: enums, maps, unions and structured types (properties,
//!   `allOf` bases, discriminators);
//! - `type_of.rs`: the type of a property or parameter schema (primitives, arrays, wrappers,
//!   inline unions, maps and objects);
//! - `inheritance.rs`: the passes over all types once read: inheritance, discriminated unions,
//!   entity or complex and navigation properties;
//! - `naming.rs`: names for inline schemas and schemas referenced at other JSON pointers.
//!
//! This file holds what several of them share: [`Naming`], the annotation helpers and
//! [`REQUIRED_TERM`].

mod fill;
mod inheritance;
mod naming;
mod register;
mod shapes;
mod type_of;

pub(crate) use shapes::{Shape, shape};

// The topic files reach the tree module as `super::tree` (as this file did before the split).
use super::tree;
use super::tree::Node;
use crate::ir::annotations::CORE;
use crate::ir::*;

/// Where a type's name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Naming {
    /// A key of `components/schemas`: the document's own name, kept as written.
    Declared,
    /// Made up from where the schema sits (inline schemas, schemas referenced at other JSON
    /// pointers, `<Base>_any` unions): made unique by a suffix, and yields to a declared name.
    Derived,
}

fn annotation(term: &str, value: &str) -> Annotation {
    Annotation {
        term: format!("{CORE}.{term}"),
        qualifier: None,
        value: AnnValue::String(value.to_owned()),
    }
}

/// A schema's `description` (and `x-ms-deprecation`) as annotations.
pub(super) fn description(node: &Node) -> Annotations {
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

/// The annotation term on properties listed in `required` (see [`crate::ir::facts::REQUIRED`]).
pub const REQUIRED_TERM: &str = crate::ir::facts::REQUIRED;
