//! Tests of the runtime module `generator/runtime/odata/`, included here as a module, with
//! hand-written types shaped like generated ones.
//!
//! This file holds the included runtime, the hand-written types and the helpers; the tests are
//! in the topic modules, which reach all of these through `use super::*`.

#[allow(dead_code, unused_imports)]
#[path = "../../../generator/runtime/odata/mod.rs"]
mod odata;

// What a generated crate's `lib.rs` states about its service, which the runtime reads: an
// OData V4 service without `IEEE754Compatible=true`.
const ODATA_VERSION: &str = "4.0";
const IEEE754_COMPATIBLE: bool = false;

mod enums;
mod errors;
mod field_tables;
mod fields;
mod models;
mod polymorphism;
mod primitives;

use odata::{
    AdditionalData, AsWire, Binary, Date, DateTimeOffset, Decimal, Double, Duration, Field,
    FieldSeed, Flags, Guid, Model, OpenEnum, Single, TimeOfDay, Wire,
};
use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde::{Deserializer, Serializer};
use serde_json::{Value, json};

// ------------------------------------------------------------------------------------------------
// Hand-written types shaped like generated code
// ------------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Color {
    Red,
    Green,
    UnknownFutureValue,
    Other(String),
}

impl OpenEnum for Color {
    fn from_wire(s: &str) -> Self {
        match s {
            "red" => Color::Red,
            "green" => Color::Green,
            "unknownFutureValue" => Color::UnknownFutureValue,
            _ => Color::Other(s.to_owned()),
        }
    }
    fn as_wire(&self) -> &str {
        match self {
            Color::Red => "red",
            Color::Green => "green",
            Color::UnknownFutureValue => "unknownFutureValue",
            Color::Other(s) => s,
        }
    }
}

impl Wire for Color {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        odata::deserialize_enum(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        odata::serialize_enum(self, s)
    }
}

/// `Wire` for a hand-written [`Model`]: through the runtime's model functions, as generated
/// code does.
macro_rules! model_wire {
    ($t:ty) => {
        impl Wire for $t {
            fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                odata::deserialize_model(d)
            }
            fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                odata::serialize_model(self, s)
            }
        }
    };
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Inner {
    odata_type: Field<String>,
    name: Field<String>,
    count: Field<i64>,
    additional_data: AdditionalData,
}

impl Model for Inner {
    const FIELDS: &'static [&'static str] = &["@odata.type", "name", "count"];
    // Hand-written: `field_index` is a match instead.
    const FIELD_TABLE: &'static [u32] = &[];
    fn de_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match index {
            0 => self.odata_type = map.next_value_seed(FieldSeed::new())?,
            1 => self.name = map.next_value_seed(FieldSeed::new())?,
            2 => self.count = map.next_value_seed(FieldSeed::new())?,
            _ => {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(())
    }
    fn ser_field<M: SerializeMap>(
        &self,
        index: usize,
        _key: &'static str,
        map: &mut M,
    ) -> Result<bool, M::Error> {
        match index {
            0 => odata::serialize_field(map, "@odata.type", &self.odata_type),
            1 => odata::serialize_field(map, "name", &self.name),
            2 => odata::serialize_field(map, "count", &self.count),
            _ => Ok(false),
        }
    }
    fn additional_data(&self) -> &AdditionalData {
        &self.additional_data
    }
    fn additional_data_mut(&mut self) -> &mut AdditionalData {
        &mut self.additional_data
    }
    fn field_index(key: &str) -> Option<usize> {
        match key {
            "@odata.type" => Some(0),
            "name" => Some(1),
            "count" => Some(2),
            _ => None,
        }
    }
}

model_wire!(Inner);

#[derive(Clone, Debug, Default, PartialEq)]
struct Outer {
    odata_type: Field<String>,
    id: Field<String>,
    count: Field<i64>,
    items: Field<Vec<Inner>>,
    color: Field<Color>,
    additional_data: AdditionalData,
}

impl Model for Outer {
    const FIELDS: &'static [&'static str] = &["@odata.type", "id", "count", "items", "color"];
    // Hand-written: `field_index` is a match instead.
    const FIELD_TABLE: &'static [u32] = &[];
    fn de_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match index {
            0 => self.odata_type = map.next_value_seed(FieldSeed::new())?,
            1 => self.id = map.next_value_seed(FieldSeed::new())?,
            2 => self.count = map.next_value_seed(FieldSeed::new())?,
            3 => self.items = odata::deserialize_field(map)?,
            4 => self.color = odata::deserialize_field(map)?,
            _ => {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(())
    }
    fn ser_field<M: SerializeMap>(
        &self,
        index: usize,
        _key: &'static str,
        map: &mut M,
    ) -> Result<bool, M::Error> {
        match index {
            0 => odata::serialize_field(map, "@odata.type", &self.odata_type),
            1 => odata::serialize_field(map, "id", &self.id),
            2 => odata::serialize_field(map, "count", &self.count),
            3 => odata::serialize_field(map, "items", &self.items),
            4 => match &self.color {
                Field::Absent => Ok(false),
                Field::Null => map.serialize_entry("color", &()).map(|()| true),
                Field::Value(v) => map.serialize_entry("color", &AsWire(v)).map(|()| true),
            },
            _ => Ok(false),
        }
    }
    fn additional_data(&self) -> &AdditionalData {
        &self.additional_data
    }
    fn additional_data_mut(&mut self) -> &mut AdditionalData {
        &mut self.additional_data
    }
    fn field_index(key: &str) -> Option<usize> {
        match key {
            "@odata.type" => Some(0),
            "id" => Some(1),
            "count" => Some(2),
            "items" => Some(3),
            "color" => Some(4),
            _ => None,
        }
    }
}

/// A model with 300 members: member orders with field indices past 253 do not fit the packed
/// form and are kept in a list.
#[derive(Clone, Debug, Default, PartialEq)]
struct Wide {
    /// Field `i` is `values[i]` (0 is `@odata.type`, kept as any value here).
    values: Vec<Field<Value>>,
    additional_data: AdditionalData,
}

impl Model for Wide {
    const FIELDS: &'static [&'static str] = &[
        "@odata.type", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12",
        "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25",
        "f26", "f27", "f28", "f29", "f30", "f31", "f32", "f33", "f34", "f35", "f36", "f37", "f38",
        "f39", "f40", "f41", "f42", "f43", "f44", "f45", "f46", "f47", "f48", "f49", "f50", "f51",
        "f52", "f53", "f54", "f55", "f56", "f57", "f58", "f59", "f60", "f61", "f62", "f63", "f64",
        "f65", "f66", "f67", "f68", "f69", "f70", "f71", "f72", "f73", "f74", "f75", "f76", "f77",
        "f78", "f79", "f80", "f81", "f82", "f83", "f84", "f85", "f86", "f87", "f88", "f89", "f90",
        "f91", "f92", "f93", "f94", "f95", "f96", "f97", "f98", "f99", "f100", "f101", "f102",
        "f103", "f104", "f105", "f106", "f107", "f108", "f109", "f110", "f111", "f112", "f113",
        "f114", "f115", "f116", "f117", "f118", "f119", "f120", "f121", "f122", "f123", "f124",
        "f125", "f126", "f127", "f128", "f129", "f130", "f131", "f132", "f133", "f134", "f135",
        "f136", "f137", "f138", "f139", "f140", "f141", "f142", "f143", "f144", "f145", "f146",
        "f147", "f148", "f149", "f150", "f151", "f152", "f153", "f154", "f155", "f156", "f157",
        "f158", "f159", "f160", "f161", "f162", "f163", "f164", "f165", "f166", "f167", "f168",
        "f169", "f170", "f171", "f172", "f173", "f174", "f175", "f176", "f177", "f178", "f179",
        "f180", "f181", "f182", "f183", "f184", "f185", "f186", "f187", "f188", "f189", "f190",
        "f191", "f192", "f193", "f194", "f195", "f196", "f197", "f198", "f199", "f200", "f201",
        "f202", "f203", "f204", "f205", "f206", "f207", "f208", "f209", "f210", "f211", "f212",
        "f213", "f214", "f215", "f216", "f217", "f218", "f219", "f220", "f221", "f222", "f223",
        "f224", "f225", "f226", "f227", "f228", "f229", "f230", "f231", "f232", "f233", "f234",
        "f235", "f236", "f237", "f238", "f239", "f240", "f241", "f242", "f243", "f244", "f245",
        "f246", "f247", "f248", "f249", "f250", "f251", "f252", "f253", "f254", "f255", "f256",
        "f257", "f258", "f259", "f260", "f261", "f262", "f263", "f264", "f265", "f266", "f267",
        "f268", "f269", "f270", "f271", "f272", "f273", "f274", "f275", "f276", "f277", "f278",
        "f279", "f280", "f281", "f282", "f283", "f284", "f285", "f286", "f287", "f288", "f289",
        "f290", "f291", "f292", "f293", "f294", "f295", "f296", "f297", "f298", "f299",
    ];
    const FIELD_TABLE: &'static [u32] = &[];
    fn de_field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        if self.values.len() < Self::FIELDS.len() {
            self.values.resize(Self::FIELDS.len(), Field::Absent);
        }
        self.values[index] = map.next_value_seed(FieldSeed::new())?;
        Ok(())
    }
    fn ser_field<M: SerializeMap>(&self, index: usize, key: &'static str, map: &mut M) -> Result<bool, M::Error> {
        match self.values.get(index) {
            Some(f) => odata::serialize_field(map, key, f),
            None => Ok(false),
        }
    }
    // Exact, as generated models do (the other hand-written models keep the default, which
    // marks every member): words past the first are exercised by indices up to 299.
    fn present(&self, present: &mut [u64]) {
        for (i, f) in self.values.iter().enumerate() {
            odata::mark_present(present, i, f);
        }
    }
    fn additional_data(&self) -> &AdditionalData {
        &self.additional_data
    }
    fn additional_data_mut(&mut self) -> &mut AdditionalData {
        &mut self.additional_data
    }
    fn field_index(key: &str) -> Option<usize> {
        Self::FIELDS.iter().position(|f| *f == key)
    }
}

model_wire!(Wide);
model_wire!(Outer);

impl serde::Serialize for Outer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> serde::Deserialize<'de> for Outer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

/// A minimal model with one typed property, for the primitive-in-a-model tests.
macro_rules! one_field_model {
    ($name:ident, $key:literal, $ty:ty) => {
        #[derive(Clone, Debug, Default, PartialEq)]
        struct $name {
            odata_type: Field<String>,
            value: Field<$ty>,
            additional_data: AdditionalData,
        }

        impl Model for $name {
            const FIELDS: &'static [&'static str] = &["@odata.type", $key];
            const FIELD_TABLE: &'static [u32] = &[];
            fn de_field<'de, A: MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> Result<(), A::Error> {
                match index {
                    0 => self.odata_type = odata::deserialize_field(map)?,
                    _ => self.value = odata::deserialize_field(map)?,
                }
                Ok(())
            }
            fn ser_field<M: SerializeMap>(
                &self,
                index: usize,
                _key: &'static str,
                map: &mut M,
            ) -> Result<bool, M::Error> {
                match index {
                    0 => odata::serialize_field(map, "@odata.type", &self.odata_type),
                    1 => odata::serialize_field(map, $key, &self.value),
                    _ => Ok(false),
                }
            }
            fn additional_data(&self) -> &AdditionalData {
                &self.additional_data
            }
            fn additional_data_mut(&mut self) -> &mut AdditionalData {
                &mut self.additional_data
            }
            fn field_index(key: &str) -> Option<usize> {
                match key {
                    "@odata.type" => Some(0),
                    $key => Some(1),
                    _ => None,
                }
            }
        }

        impl Wire for $name {
            fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                odata::deserialize_model(d)
            }
            fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                odata::serialize_model(self, s)
            }
        }
    };
}

one_field_model!(Circle, "radius", Double);
one_field_model!(Square, "side", i32);

#[derive(Clone, Debug, PartialEq)]
enum Shape {
    Circle(Circle),
    Square(Square),
}

/// Shaped like a generated `AnyX`: the base type (`Circle`) and one derived type.
impl odata::Polymorphic for Shape {
    type Base = Circle;
    fn from_base(base: Circle) -> Self {
        Shape::Circle(base)
    }
    fn read_derived<'de, A: MapAccess<'de>>(
        ty: &str,
        read: odata::ReadMembers<'_, Circle>,
        map: &mut A,
    ) -> Option<Result<Self, A::Error>> {
        match ty {
            "test.square" => Some(odata::resume_model(read, map).map(Shape::Square)),
            _ => None,
        }
    }
}

impl Wire for Shape {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        odata::deserialize_polymorphic(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shape::Circle(c) => c.serialize_wire(s),
            Shape::Square(q) => q.serialize_wire(s),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Drawing {
    odata_type: Field<String>,
    shapes: Field<Vec<Shape>>,
    additional_data: AdditionalData,
}

impl Model for Drawing {
    const FIELDS: &'static [&'static str] = &["@odata.type", "shapes"];
    const FIELD_TABLE: &'static [u32] = &[];
    fn de_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match index {
            0 => self.odata_type = odata::deserialize_field(map)?,
            _ => self.shapes = odata::deserialize_field(map)?,
        }
        Ok(())
    }
    fn ser_field<M: SerializeMap>(
        &self,
        index: usize,
        _key: &'static str,
        map: &mut M,
    ) -> Result<bool, M::Error> {
        match index {
            0 => odata::serialize_field(map, "@odata.type", &self.odata_type),
            1 => odata::serialize_field(map, "shapes", &self.shapes),
            _ => Ok(false),
        }
    }
    fn additional_data(&self) -> &AdditionalData {
        &self.additional_data
    }
    fn additional_data_mut(&mut self) -> &mut AdditionalData {
        &mut self.additional_data
    }
    fn field_index(key: &str) -> Option<usize> {
        match key {
            "@odata.type" => Some(0),
            "shapes" => Some(1),
            _ => None,
        }
    }
}

impl Wire for Drawing {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        odata::deserialize_model(d)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        odata::serialize_model(self, s)
    }
}

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

/// JSON text -> T -> JSON text must give the same text.
#[track_caller]
fn text_round_trip<T: Wire>(text: &str) -> T {
    let v: T = odata::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(odata::to_string(&v).unwrap(), text);
    v
}

/// JSON value -> T -> JSON value must give the same value (numbers compared exactly).
#[track_caller]
fn value_round_trip<T: Wire>(value: Value) -> T {
    let v: T = odata::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    let back = odata::to_value(&v).unwrap();
    assert_eq!(back, value);
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        serde_json::to_string(&value).unwrap()
    );
    v
}

#[track_caller]
fn err_of<T: Wire + std::fmt::Debug>(text: &str) -> String {
    match odata::from_str::<T>(text) {
        Ok(v) => panic!("{text} unexpectedly parsed as {v:?}"),
        Err(e) => e.to_string(),
    }
}

#[track_caller]
fn ok_str<T: Wire>(s: &str) -> T {
    let text = serde_json::to_string(s).unwrap();
    text_round_trip(&text)
}

#[track_caller]
fn bad_str<T: Wire + std::fmt::Debug>(s: &str) -> String {
    let text = serde_json::to_string(s).unwrap();
    err_of::<T>(&text)
}
