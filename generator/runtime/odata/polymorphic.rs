//! Polymorphism: the `AnyX` enums choose a derived type by `@odata.type` (OData V4; `@type` in
//! 4.01 JSON, which may leave out the `odata.` prefix), or by `odata.type` (V3 JSON light) or
//! `__metadata.type` (V1–V3 verbose JSON).

use super::{
    Key, KeySeed, Member, Model, OrderRecorder, read_member, read_members, read_odata_type,
    replay_member, serialize_model, short_type_name,
};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::serde::Deserializer;
use ::serde::de::{self, MapAccess, Visitor};
use ::serde_json::Value;

/// Implemented by the generated `AnyX` enums: a base type and its derived types, chosen by
/// `@odata.type`.
pub trait Polymorphic: Sized {
    /// The declared (base) type, read when `@odata.type` is absent, not a string, or names no
    /// derived type.
    type Base: Model;
    /// The base variant.
    fn from_base(base: Self::Base) -> Self;
    /// When `ty` (an `@odata.type` without `#`) names one of the derived types: the object read
    /// as that type, from the members read so far (`read`) and the rest of `map` (see
    /// [`resume_model`]). `None` (and nothing read) otherwise.
    fn read_derived<'de, A: MapAccess<'de>>(
        ty: &str,
        read: ReadMembers<'_, Self::Base>,
        map: &mut A,
    ) -> Option<Result<Self, A::Error>>;
}

/// The members of an object read (into its base type) before its `@odata.type`.
pub struct ReadMembers<'a, B> {
    base: &'a mut B,
    rec: &'a mut OrderRecorder,
    /// The member naming the type: `@odata.type`, `odata.type` or `__metadata`.
    type_key: &'static str,
    odata_type: &'a Value,
}

impl<B: Model> ReadMembers<'_, B> {
    /// The members as received: the partial base model written back (exactly, in the received
    /// order), then `@odata.type`.
    fn into_members(self) -> Result<Vec<(String, Value)>, ::serde_json::Error> {
        self.base
            .additional_data_mut()
            .set_order(self.rec.finish(B::FIELDS.len()));
        let mut members = match serialize_model(&*self.base, ::serde_json::value::Serializer)? {
            Value::Object(m) => m.into_iter().collect(),
            _ => Vec::new(),
        };
        members.push((self.type_key.to_owned(), self.odata_type.clone()));
        Ok(members)
    }
}

/// Reads a derived type: the members read already (replayed), then the rest of `map`, streamed.
pub fn resume_model<'de, T: Model, B: Model, A: MapAccess<'de>>(
    read: ReadMembers<'_, B>,
    map: &mut A,
) -> Result<T, A::Error> {
    let mut model = T::default();
    let mut rec = OrderRecorder::new();
    let chosen: &Value = read.odata_type;
    let v4 = read.type_key == ODATA_TYPE;
    if v4 && read.rec.slots().is_empty() {
        // `@odata.type` came first (as Graph writes it): nothing to replay.
        read_odata_type::<A>(&mut model, &mut rec, chosen.clone())?;
    } else {
        for (k, v) in read.into_members().map_err(de::Error::custom)? {
            replay_member::<A>(&mut model, T::field_index, &mut rec, k, v)?;
        }
    }
    // Conflicting duplicates of `@odata.type` are an error; an identical one is kept as any
    // duplicate.
    read_members(map, &mut model, T::field_index, &mut rec, v4.then_some(chosen))?;
    model
        .additional_data_mut()
        .set_order(rec.finish(T::FIELDS.len()));
    Ok(model)
}

/// [`resume_model`] for a generated `read_derived` arm: the derived type `T`, boxed into the
/// variant `wrap` (a tuple-variant constructor).
pub fn resume_boxed<'de, T: Model, B: Model, A: MapAccess<'de>, P>(
    read: ReadMembers<'_, B>,
    map: &mut A,
    wrap: fn(Box<T>) -> P,
) -> Option<Result<P, A::Error>> {
    Some(resume_model::<T, B, A>(read, map).map(|x| wrap(Box::new(x))))
}

/// The V4 type annotation (field 0 of every model).
const ODATA_TYPE: &str = "@odata.type";
/// The type annotation of OData V3 JSON light.
const LEGACY_TYPE: &str = "odata.type";
/// The type annotation as OData 4.01 JSON may write it, without the `odata.` prefix.
const SHORT_TYPE: &str = "@type";
/// The metadata object of OData V1–V3 verbose JSON, whose `type` names the type.
const VERBOSE_METADATA: &str = "__metadata";

struct PolymorphicVisitor<P>(PhantomData<fn() -> P>);

impl<'de, P: Polymorphic> Visitor<'de> for PolymorphicVisitor<P> {
    type Value = P;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object for {}", short_type_name::<P::Base>())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<P, A::Error> {
        let mut model = P::Base::default();
        let mut rec = OrderRecorder::new();
        while let Some(key) = map.next_key_seed(KeySeed(P::Base::field_index))? {
            // Field 0 of every model is "@odata.type"; V1–V3 name the type elsewhere.
            let type_key = match &key {
                Key::Known(0) => ODATA_TYPE,
                Key::Unknown(k) if k == LEGACY_TYPE => LEGACY_TYPE,
                Key::Unknown(k) if k == SHORT_TYPE => SHORT_TYPE,
                Key::Unknown(k) if k == VERBOSE_METADATA => VERBOSE_METADATA,
                _ => {
                    read_member(&mut model, &mut rec, key, &mut map)?;
                    continue;
                }
            };
            let ty: Value = map.next_value()?;
            let name = if type_key == VERBOSE_METADATA {
                ty.get("type").and_then(Value::as_str)
            } else {
                ty.as_str()
            };
            if let Some(name) = name.map(normalize_type_name) {
                let read = ReadMembers {
                    base: &mut model,
                    rec: &mut rec,
                    type_key,
                    odata_type: &ty,
                };
                if let Some(derived) = P::read_derived(name, read, &mut map) {
                    return derived;
                }
            }
            if type_key == ODATA_TYPE {
                read_odata_type::<A>(&mut model, &mut rec, ty)?;
            } else {
                let duplicate = model
                    .additional_data_mut()
                    .put(type_key.to_owned(), Member::from_value(ty));
                rec.unknown(duplicate);
            }
        }
        model
            .additional_data_mut()
            .set_order(rec.finish(P::Base::FIELDS.len()));
        Ok(P::from_base(model))
    }
}

/// Deserialize an object, choosing the concrete type by its "@odata.type" (with or without '#'),
/// without buffering: the members stream into the base type until an `@odata.type` naming a
/// derived type appears; then the members read so far are replayed into the derived type, which
/// reads the rest (Graph writes `@odata.type` first, so there is usually nothing to replay).
pub fn deserialize_polymorphic<'de, D: Deserializer<'de>, P: Polymorphic>(
    d: D,
) -> Result<P, D::Error> {
    d.deserialize_map(PolymorphicVisitor(PhantomData))
}

/// Strips a leading '#' from a type name (`#microsoft.graph.user` -> `microsoft.graph.user`).
pub fn normalize_type_name(s: &str) -> &str {
    s.strip_prefix('#').unwrap_or(s)
}
