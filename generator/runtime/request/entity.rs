//! What requests can address: entity types, their keys and properties, capabilities.

use super::KeyValue;
use crate::odata::Wire;

/// An entity type that requests can address. Implemented by the generated `requests` module for
/// every selected entity type.
///
/// What a resource allows (query options, and reading, creating, updating, deleting) is the
/// last type parameter `C` of [`EntityRef`](super::EntityRef), [`EntityCollection`](super::EntityCollection) and [`Query`](super::Query): a marker type of
/// the generated `requests::options` module, one per set of capabilities the metadata's
/// Capabilities annotations give. Only the methods that set allows are implemented for it, so a
/// forbidden query option or operation does not exist on the builder.
pub trait Entity: Sized {
    /// Namespace-qualified name (the type-cast segment).
    const QUALIFIED_NAME: &'static str;
    /// Wire names of the key properties, in key order.
    const KEY: &'static [&'static str];
    /// What a response holds for this type (the model, or its polymorphic `Any` enum).
    type Value: Wire;
    /// The key value (a primitive, or a tuple for composite keys).
    type Key: KeyValue;
    /// Property names accepted by `$select` and `$orderby`.
    type Property: Property;
    /// Navigation property names accepted by `$expand` ([`NoNavigation`] for a type without any).
    type Navigation: Property;
    /// What a value of this type allows when nothing else (an entity set, a navigation property)
    /// says more: a marker of `requests::options`.
    type Options;
}

/// A property name of an entity type (generated enums).
pub trait Property: Copy {
    /// The wire name.
    fn name(self) -> &'static str;
}

/// The navigation properties of an entity type that has none: nothing to `$expand`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoNavigation {}

impl Property for NoNavigation {
    fn name(self) -> &'static str {
        match self {}
    }
}

/// The wire name of the property with discriminant `index` of a generated property enum, whose
/// `names` are listed in variant order (for the generated [`Property::name`]: one array instead
/// of a `match` arm per property, which is cheaper to check across thousands of entity types).
#[doc(hidden)]
pub fn property_name(names: &'static [&'static str], index: usize) -> &'static str {
    names.get(index).copied().unwrap_or_default()
}

/// `Self` derives from `B`: a type-cast segment from `B` to `Self` is valid.
pub trait DerivedFrom<B> {}
