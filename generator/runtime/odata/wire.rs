//! [`Wire`]: how a value is read from and written to OData JSON, for the built-in types.

use super::Field;
use ::core::fmt;
use ::core::marker::PhantomData;
use ::serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use ::serde::ser::SerializeMap;
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};
use ::serde_json::Value;

/// How a value is read from and written to OData JSON.
pub trait Wire: Sized {
    /// Reads a value.
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    /// Writes the value.
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

/// A [`DeserializeSeed`] producing a `T` through [`Wire::deserialize_wire`].
pub struct WireSeed<T>(PhantomData<fn() -> T>);

impl<T> WireSeed<T> {
    /// A new seed.
    pub fn new() -> Self {
        WireSeed(PhantomData)
    }
}

impl<T> Default for WireSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for WireSeed<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for WireSeed<T> {}

impl<'de, T: Wire> DeserializeSeed<'de> for WireSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize_wire(d)
    }
}

/// Serializes the borrowed value through [`Wire::serialize_wire`].
pub struct AsWire<'a, T>(pub &'a T);

impl<T: Wire> Serialize for AsWire<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_wire(s)
    }
}

/// A [`DeserializeSeed`] producing a [`Field<T>`]: JSON `null` gives [`Field::Null`], anything else
/// [`Field::Value`] read through [`Wire::deserialize_wire`].
pub struct FieldSeed<T>(PhantomData<fn() -> T>);

impl<T> FieldSeed<T> {
    /// A new seed.
    pub fn new() -> Self {
        FieldSeed(PhantomData)
    }
}

impl<T> Default for FieldSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for FieldSeed<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for FieldSeed<T> {}

impl<'de, T: Wire> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = Field<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        d.deserialize_option(FieldVisitor(PhantomData))
    }
}

struct FieldVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Wire> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null or a value")
    }
    fn visit_none<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Field<T>, E> {
        Ok(Field::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        T::deserialize_wire(d).map(Field::Value)
    }
}

/// Reads the value of the current map entry as a [`Field`] (for generated `de_field`).
pub fn deserialize_field<'de, A: MapAccess<'de>, T: Wire>(
    map: &mut A,
) -> Result<Field<T>, A::Error> {
    map.next_value_seed(FieldSeed::new())
}

/// Reads the value of the current map entry into `field` (for generated `de_field`).
// Out of line: one copy per (map, field type) shared by every model, so a generated `de_field`
// stays a table of calls (the code a round trip of a new type has to fetch).
#[inline(never)]
pub fn read_field<'de, A: MapAccess<'de>, T: Wire>(
    map: &mut A,
    field: &mut Field<T>,
) -> Result<(), A::Error> {
    *field = map.next_value_seed(FieldSeed::new())?;
    Ok(())
}

/// Writes `key: value` when the field is present (for generated `ser_field`); returns whether it
/// wrote the entry (`false` for [`Field::Absent`]).
// Out of line, as `read_field`.
#[inline(never)]
pub fn serialize_field<M: SerializeMap, T: Wire>(
    map: &mut M,
    key: &str,
    field: &Field<T>,
) -> Result<bool, M::Error> {
    match field {
        Field::Absent => Ok(false),
        Field::Null => map.serialize_entry(key, &JsonNull).map(|()| true),
        Field::Value(v) => map.serialize_entry(key, &AsWire(v)).map(|()| true),
    }
}

struct JsonNull;

impl Serialize for JsonNull {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_none()
    }
}

impl Wire for bool {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        bool::deserialize(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*self)
    }
}

impl Wire for String {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl Wire for u8 {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u8::deserialize(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*self)
    }
}

impl Wire for i8 {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i8::deserialize(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i8(*self)
    }
}

impl Wire for i16 {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i16::deserialize(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i16(*self)
    }
}

impl Wire for i32 {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i32::deserialize(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(*self)
    }
}

/// Edm.Int64: a JSON integer. The string form of IEEE754Compatible payloads (`"42"`) is an
/// error, not read: an `i64` would write it back as a number, and a round trip must not change a
/// payload silently (such payloads come only when a client asks for them; `Decimal` keeps both
/// forms).
impl Wire for i64 {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Int64Visitor)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*self)
    }
}

struct Int64Visitor;

impl Visitor<'_> for Int64Visitor {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Int64 (a JSON integer)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| {
            E::custom(format_args!(
                "invalid Edm.Int64 {v}: out of the Int64 range"
            ))
        })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        Err(E::custom(format_args!(
            "invalid Edm.Int64 {v}: expected an integer without a fraction or an exponent, in the Int64 range"
        )))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        // The IEEE754Compatible string form is not read: it would be written back as a number.
        Err(E::custom(format_args!(
            "invalid Edm.Int64 {v:?}: expected a JSON integer, not a string"
        )))
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(VecVisitor(PhantomData))
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(AsWire))
    }
}

struct VecVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Wire> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq
            .next_element_seed(WireSeed::<T>::new())
            .map_err(null_item_hint)?
        {
            out.push(item);
        }
        Ok(out)
    }
}

/// A `null` item where the collection's items are not optional: the error says how to read
/// such collections (CSDL lets collection items be `null` unless `Nullable="false"`).
#[cold]
fn null_item_hint<E: de::Error>(e: E) -> E {
    let text = e.to_string();
    if !text.starts_with("invalid type: null") || text.contains("nullable-items") {
        return e;
    }
    // The position is added again on the way out.
    let reason = text.find(" at line ").map_or(text.as_str(), |i| &text[..i]);
    E::custom(format_args!(
        "{reason} (a `null` item: where the metadata allows them, generate with `--nullable-items` to read collections as `Vec<Option<T>>`)"
    ))
}

impl<T: Wire> Wire for Option<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(FieldVisitor::<T>(PhantomData))
            .map(Field::into_value)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.serialize_wire(s),
            None => s.serialize_none(),
        }
    }
}

impl<T: Wire> Wire for Box<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_wire(d).map(Box::new)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_wire(s)
    }
}

impl Wire for Value {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize(s)
    }
}

/// Edm.Untyped, Edm.PrimitiveType, Geography*/Geometry* (GeoJSON) and Edm.Stream: any JSON value.
pub type Untyped = Value;
