//! Facts an input format states that CSDL has no attribute for, kept on the model as annotations
//! of odatagen's own vocabulary (`odatagen.Model.*`) so the IR's shape stays the same for every
//! front end. Today the OpenAPI front end sets them; the emitter reads them through these helpers.

use super::{AnnValue, Annotation, Annotations};

/// A structural property the input says must be present (OpenAPI `required`). CSDL has no such
/// notion: under `$select` any property may be absent, so models keep every property a
/// `Field<T>` either way; the fact is documented on the field.
pub const REQUIRED: &str = "odatagen.Model.Required";

/// A structured type whose input says which members must be present by listing them (OpenAPI
/// `required`): members without [`REQUIRED`] may be absent, whatever their nullability. Without
/// it (CSDL) a non-nullable property is expected in a full representation.
pub const PRESENCE_BY_REQUIRED: &str = "odatagen.Model.PresenceByRequired";

/// An enumeration whose value set is closed (a plain OpenAPI `enum`): no catch-all variant, and
/// other values are deserialization errors. CSDL enums stay open (services add members).
pub const CLOSED_ENUM: &str = "odatagen.Model.ClosedEnum";

/// A collection-valued property whose input allows `null` for the collection itself (OpenAPI
/// `nullable: true` or `type: [array, "null"]` on the array, or a `null` branch beside it). A
/// collection's own `nullable` is its items' (as in CSDL, where a collection is never `null`);
/// the generated `Field<Vec<T>>` reads and writes `null` either way, and this fact keeps
/// `odatagen examples` from reporting it.
pub const NULLABLE_COLLECTION: &str = "odatagen.Model.NullableCollection";

/// A structured type whose key the input does not state but the front end inferred (OpenAPI:
/// from the path parameters of the paths that serve the type, `/packages/{name}`). Such a key
/// says how the service addresses the type, not what the schema promises about the property,
/// so `validate` does not hold its nullability against it (E0202).
pub const KEY_FROM_PATHS: &str = "odatagen.Model.KeyFromPaths";

/// The types whose members a structured type copies in (OpenAPI `allOf` parts after the base),
/// as a collection of qualified names: the type uses them though no property or base type
/// leads to them (`validate`'s reachability follows it).
pub const MIXINS: &str = "odatagen.Model.Mixins";

/// The annotation listing the mixins of a type (see [`MIXINS`]).
pub fn mixins(qualified_names: Vec<String>) -> Annotation {
    Annotation {
        term: MIXINS.to_owned(),
        qualifier: None,
        value: AnnValue::Collection(qualified_names.into_iter().map(AnnValue::String).collect()),
    }
}

/// The qualified names of the mixins a type's annotations list (see [`MIXINS`]).
pub fn mixin_names(a: &Annotations) -> Vec<&str> {
    match a.get(MIXINS) {
        Some(AnnValue::Collection(items)) => items.iter().filter_map(AnnValue::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Does `a` state `term` (see [`flag`])?
fn is_set(a: &Annotations, term: &str) -> bool {
    a.get(term).and_then(AnnValue::as_bool).unwrap_or(false)
}

/// The annotation stating `term` (a boolean `true`).
pub fn flag(term: &str) -> Annotation {
    Annotation {
        term: term.to_owned(),
        qualifier: None,
        value: AnnValue::Bool(true),
    }
}

/// Is the property required?
pub fn is_required(a: &Annotations) -> bool {
    is_set(a, REQUIRED)
}

/// May the collection itself be `null` (see [`NULLABLE_COLLECTION`])?
pub fn is_nullable_collection(a: &Annotations) -> bool {
    is_set(a, NULLABLE_COLLECTION)
}

/// Was the type's key inferred (see [`KEY_FROM_PATHS`])?
pub fn is_key_from_paths(a: &Annotations) -> bool {
    is_set(a, KEY_FROM_PATHS)
}

/// Is the enumeration closed?
pub fn is_closed_enum(a: &Annotations) -> bool {
    is_set(a, CLOSED_ENUM)
}

/// Does the type say which members must be present (see [`PRESENCE_BY_REQUIRED`])?
pub fn presence_by_required(a: &Annotations) -> bool {
    is_set(a, PRESENCE_BY_REQUIRED)
}
