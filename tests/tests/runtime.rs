//! Tests of the runtime module `generator/runtime/odata/`, included here as a module, with
//! hand-written types shaped like generated ones.

#[allow(dead_code, unused_imports)]
#[path = "../../generator/runtime/odata/mod.rs"]
mod odata;

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

// ------------------------------------------------------------------------------------------------
// Field
// ------------------------------------------------------------------------------------------------

#[test]
fn field_api() {
    let mut f: Field<i32> = Field::default();
    assert!(f.is_absent() && !f.is_present() && !f.is_null() && f.value().is_none());
    f = Field::Null;
    assert!(f.is_null() && f.is_present() && f.value().is_none());
    f = 5.into();
    assert_eq!(f.value(), Some(&5));
    if let Some(v) = f.value_mut() {
        *v += 1;
    }
    assert_eq!(f.as_ref(), Field::Value(&6));
    assert_eq!(f.clone().map(|v| v * 2), Field::Value(12));
    assert_eq!(f.take(), Field::Value(6));
    assert!(f.is_absent());
    assert_eq!(Field::<i32>::from(None::<i32>), Field::Null);
    assert_eq!(Field::<i32>::from(Some(3)), Field::Value(3));
    assert_eq!(Field::Value(3).into_value(), Some(3));
    assert_eq!(Field::<i32>::Null.map(|v| v + 1), Field::Null);
    // Field<T> has no Default bound on T
    struct NoDefault;
    assert!(Field::<NoDefault>::default().is_absent());
}

#[test]
fn field_tristate_round_trip() {
    let m: Outer = text_round_trip(r#"{"id":null,"count":3}"#);
    assert!(m.odata_type.is_absent());
    assert!(m.id.is_null());
    assert_eq!(m.count, Field::Value(3));
    assert!(m.items.is_absent());

    let m: Outer = text_round_trip(r#"{"id":"x"}"#);
    assert_eq!(m.id, Field::Value("x".to_owned()));
    assert!(m.count.is_absent());

    let m: Outer = text_round_trip("{}");
    assert_eq!(m, Outer::default());

    // Option<T> as a wire type: null <=> None
    assert_eq!(odata::from_str::<Option<i32>>("null").unwrap(), None);
    assert_eq!(odata::from_str::<Option<i32>>("4").unwrap(), Some(4));
    assert_eq!(odata::to_string(&None::<i32>).unwrap(), "null");
    let v: Vec<Option<String>> = text_round_trip(r#"["a",null,"b"]"#);
    assert_eq!(v, vec![Some("a".to_owned()), None, Some("b".to_owned())]);
    let b: Box<i64> = text_round_trip("7");
    assert_eq!(*b, 7);
    let any: Value = text_round_trip(r#"{"z":[1,2.5,"x",null,true],"a":{}}"#);
    assert!(any.is_object());
}

// ------------------------------------------------------------------------------------------------
// Integers
// ------------------------------------------------------------------------------------------------

#[test]
fn int64_forms() {
    assert_eq!(odata::from_str::<i64>("42").unwrap(), 42);
    assert_eq!(odata::from_str::<i64>("-42").unwrap(), -42);
    assert_eq!(odata::from_str::<i64>(r#""42""#).unwrap(), 42);
    assert_eq!(odata::from_str::<i64>(r#""-42""#).unwrap(), -42);
    // beyond 2^53, exact both as a number and as a string
    assert_eq!(
        odata::from_str::<i64>("9007199254740993").unwrap(),
        9_007_199_254_740_993
    );
    assert_eq!(
        odata::from_str::<i64>(r#""9007199254740993""#).unwrap(),
        9_007_199_254_740_993
    );
    assert_eq!(
        odata::from_str::<i64>("9223372036854775807").unwrap(),
        i64::MAX
    );
    assert_eq!(
        odata::from_str::<i64>("-9223372036854775808").unwrap(),
        i64::MIN
    );
    assert_eq!(
        odata::from_str::<i64>(r#""-9223372036854775808""#).unwrap(),
        i64::MIN
    );
    // written as a number
    assert_eq!(
        odata::to_string(&9_007_199_254_740_993i64).unwrap(),
        "9007199254740993"
    );
    assert_eq!(
        odata::to_value(&i64::MIN).unwrap(),
        json!(-9_223_372_036_854_775_808i64)
    );

    // out of range
    let e = err_of::<i64>("9223372036854775808");
    assert!(e.contains("out of the Int64 range"), "{e}");
    let e = err_of::<i64>(r#""9223372036854775808""#);
    assert!(e.contains("Int64 range"), "{e}");
    let e = err_of::<i64>("99999999999999999999999999");
    assert!(e.contains("Edm.Int64"), "{e}");
    // not integers
    for bad in [
        r#""abc""#, r#""""#, r#"" 1""#, r#""1.0""#, "1.5", "true", "[]", "{}",
    ] {
        let e = err_of::<i64>(bad);
        assert!(
            e.contains("Int64") || e.contains("invalid type"),
            "{bad}: {e}"
        );
    }
    assert!(err_of::<i64>(r#""abc""#).contains(r#"invalid Edm.Int64 "abc": expected an integer"#));

    // in a model, as number and string
    let m: Outer = odata::from_str(r#"{"count":"9007199254740993"}"#).unwrap();
    assert_eq!(m.count, Field::Value(9_007_199_254_740_993));
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"count":9007199254740993}"#
    );
}

#[test]
fn small_integers() {
    assert_eq!(odata::from_str::<i32>("-5").unwrap(), -5);
    assert_eq!(odata::from_str::<u8>("255").unwrap(), 255);
    assert_eq!(odata::from_str::<i8>("-128").unwrap(), -128);
    assert_eq!(odata::from_str::<i16>("-32768").unwrap(), i16::MIN);
    assert!(odata::from_str::<u8>("256").is_err());
    assert!(odata::from_str::<u8>("-1").is_err());
    assert!(odata::from_str::<i8>("128").is_err());
    assert!(odata::from_str::<i32>("2147483648").is_err());
    assert!(odata::from_str::<i32>("1.5").is_err());
    assert!(odata::from_str::<i32>(r#""5""#).is_err());
    assert!(odata::from_str::<i16>(r#""5""#).is_err());
    assert!(odata::from_str::<bool>("1").is_err());
    assert!(odata::from_str::<bool>("true").unwrap());
    let _: i32 = text_round_trip("-2147483648");
}

// ------------------------------------------------------------------------------------------------
// Double, Single, Decimal
// ------------------------------------------------------------------------------------------------

#[test]
fn double_exact_round_trips() {
    for v in [
        json!(1),
        json!(1.0),
        json!(-1),
        json!(0),
        json!(0.0),
        json!(-0.0),
        json!(0.1),
        json!(1.5e300),
        json!(-2.5e-300),
        json!(18_446_744_073_709_551_615u64),
        json!(i64::MIN),
        json!("INF"),
        json!("-INF"),
        json!("NaN"),
    ] {
        let d: Double = value_round_trip(v.clone());
        // and through text
        let text = serde_json::to_string(&v).unwrap();
        let d2: Double = text_round_trip(&text);
        assert_eq!(d, d2);
    }
    let one: Double = odata::from_str("1").unwrap();
    assert_eq!(odata::to_value(&one).unwrap(), json!(1));
    assert!(odata::to_value(&one).unwrap().is_u64());
    let one_f: Double = odata::from_str("1.0").unwrap();
    assert!(odata::to_value(&one_f).unwrap().is_f64());
    assert_eq!(odata::to_string(&one_f).unwrap(), "1.0");
    assert_eq!(one, one_f, "equality compares numeric values");
    assert_eq!(one.get(), 1.0);

    let inf: Double = odata::from_str(r#""INF""#).unwrap();
    assert_eq!(inf.get(), f64::INFINITY);
    assert_eq!(odata::to_value(&inf).unwrap(), json!("INF"));
    let nan: Double = odata::from_str(r#""NaN""#).unwrap();
    assert!(nan.get().is_nan());
    assert_eq!(nan, nan, "NaN equals itself");
    let ninf: Double = odata::from_str(r#""-INF""#).unwrap();
    assert_eq!(ninf.get(), f64::NEG_INFINITY);

    assert_eq!(
        odata::to_string(&Double::new(f64::INFINITY)).unwrap(),
        r#""INF""#
    );
    assert_eq!(
        odata::to_string(&Double::new(f64::NEG_INFINITY)).unwrap(),
        r#""-INF""#
    );
    assert_eq!(
        odata::to_string(&Double::new(f64::NAN)).unwrap(),
        r#""NaN""#
    );
    assert_eq!(odata::to_string(&Double::from(2.5)).unwrap(), "2.5");
    assert_eq!(odata::to_string(&Double::new(3.0)).unwrap(), "3.0");

    // strings other than the specials are rejected, with a clear message
    let e = err_of::<Double>(r#""1.5""#);
    assert!(e.contains(r#"invalid Edm.Double "1.5""#), "{e}");
    assert!(err_of::<Double>(r#""inf""#).contains("Edm.Double"));
    assert!(err_of::<Double>("true").contains("invalid type"));
    assert!(err_of::<Double>("1e999999").contains("number out of range"));

    // Display / FromStr
    assert_eq!(one.to_string(), "1");
    assert_eq!(one_f.to_string(), "1.0");
    assert_eq!(inf.to_string(), "INF");
    assert_eq!("1.25".parse::<Double>().unwrap().get(), 1.25);
    assert_eq!("-INF".parse::<Double>().unwrap().get(), f64::NEG_INFINITY);
    assert!("1.".parse::<Double>().is_err());
    assert!("inf".parse::<Double>().is_err());
    assert!("1e999".parse::<Double>().is_err());
    assert_eq!(
        odata::to_value(&"7".parse::<Double>().unwrap()).unwrap(),
        json!(7)
    );
}

#[test]
fn single_round_trips() {
    for v in [
        json!(0.1),
        json!(1),
        json!(1.0),
        json!(3.4e38),
        json!("INF"),
        json!("NaN"),
    ] {
        let _: Single = value_round_trip(v);
    }
    let s: Single = odata::from_str("0.1").unwrap();
    assert_eq!(s.get(), 0.1f32);
    assert_eq!(odata::to_string(&Single::new(0.1)).unwrap(), "0.1");
    assert_eq!(odata::to_value(&Single::new(0.1)).unwrap(), json!(0.1));
    assert_eq!(
        odata::to_string(&Single::new(f32::INFINITY)).unwrap(),
        r#""INF""#
    );
    assert!(err_of::<Single>(r#""x""#).contains("Edm.Single"));
}

#[test]
fn decimal_round_trips() {
    for v in [
        json!(1),
        json!(-1),
        json!(1.5),
        json!(1.0),
        json!(18_446_744_073_709_551_615u64),
        json!("1.50"),
        json!("123456789012345678901234567890.123456789"),
        json!("-0.000001"),
        json!("1e-7"),
        json!("INF"),
    ] {
        let d: Decimal = value_round_trip(v);
        let text = odata::to_string(&d).unwrap();
        let _: Decimal = text_round_trip(&text);
    }
    let d: Decimal = odata::from_str(r#""123456789012345678901234567890.5""#).unwrap();
    assert!(d.is_string());
    assert_eq!(d.as_str(), Some("123456789012345678901234567890.5"));
    assert_eq!(d.to_string(), "123456789012345678901234567890.5");
    let n: Decimal = odata::from_str("2.25").unwrap();
    assert!(!n.is_string());
    assert_eq!(
        n.as_number(),
        Some(&serde_json::Number::from_f64(2.25).unwrap())
    );
    assert_eq!(n.to_f64(), Some(2.25));
    assert_eq!(d.to_f64(), Some(123456789012345678901234567890.5));

    for bad in [
        r#""abc""#, r#""1.""#, r#"".5""#, r#""1,5""#, r#""""#, "true", "{}",
    ] {
        let e = err_of::<Decimal>(bad);
        assert!(
            e.contains("Edm.Decimal") || e.contains("invalid type"),
            "{bad}: {e}"
        );
    }
    assert!(err_of::<Decimal>(r#""abc""#).contains(r#"invalid Edm.Decimal "abc""#));

    // FromStr: a number when the number reproduces the text, a string otherwise
    let p: Decimal = "1.5".parse().unwrap();
    assert_eq!(odata::to_value(&p).unwrap(), json!(1.5));
    let p: Decimal = "-3".parse().unwrap();
    assert_eq!(odata::to_value(&p).unwrap(), json!(-3));
    let p: Decimal = "1.50".parse().unwrap();
    assert_eq!(odata::to_value(&p).unwrap(), json!("1.50"));
    let p: Decimal = "99999999999999999999999".parse().unwrap();
    assert_eq!(
        odata::to_value(&p).unwrap(),
        json!("99999999999999999999999")
    );
    assert!("x".parse::<Decimal>().is_err());
    assert_eq!(odata::to_value(&Decimal::from(5i64)).unwrap(), json!(5));
    assert_eq!(
        odata::to_value(&Decimal::from_text("0.10").unwrap()).unwrap(),
        json!("0.10")
    );
    assert!(Decimal::from_f64(f64::NAN).is_none());
}

// ------------------------------------------------------------------------------------------------
// Text-backed types
// ------------------------------------------------------------------------------------------------

#[test]
fn guid_forms() {
    for ok in [
        "01234567-89ab-cdef-0123-456789abcdef",
        "01234567-89AB-CDEF-0123-456789ABCDEF",
        "00000000-0000-0000-0000-000000000000",
    ] {
        let g: Guid = ok_str(ok);
        assert_eq!(g.as_str(), ok);
        assert_eq!(g.to_string(), ok);
        assert_eq!(ok.parse::<Guid>().unwrap(), g);
    }
    let e = bad_str::<Guid>("skuId-value");
    assert!(
        e.contains(r#"invalid Edm.Guid "skuId-value": expected 8-4-4-4-12 hex digits"#),
        "{e}"
    );
    for bad in [
        "",
        "01234567-89ab-cdef-0123-456789abcde",
        "01234567-89ab-cdef-0123-456789abcdef0",
        "0123456789ab-cdef-0123-456789abcdef-",
        "{01234567-89ab-cdef-0123-456789abcdef}",
        "01234567-89ab-cdef-0123-456789abcdeg",
        "01234567_89ab_cdef_0123_456789abcdef",
        "0123456-789ab-cdef-0123-456789abcdef",
        "é1234567-89ab-cdef-0123-456789abcde",
    ] {
        let e = bad_str::<Guid>(bad);
        assert!(e.contains("expected 8-4-4-4-12 hex digits"), "{bad}: {e}");
    }
    let e = "nope".parse::<Guid>().unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"invalid Edm.Guid "nope": expected 8-4-4-4-12 hex digits"#
    );
    assert!(err_of::<Guid>("12").contains("invalid type"));
    // serde impls go through Wire
    assert!(serde_json::from_str::<Guid>(r#""skuId-value""#).is_err());
    let g: Guid = serde_json::from_str(r#""01234567-89ab-cdef-0123-456789abcdef""#).unwrap();
    assert_eq!(
        serde_json::to_string(&g).unwrap(),
        r#""01234567-89ab-cdef-0123-456789abcdef""#
    );
    // long values are shortened in messages
    let long = "x".repeat(10_000);
    let e = bad_str::<Guid>(&long);
    assert!(e.len() < 300, "{e}");
}

#[test]
fn date_time_offset_forms() {
    let d: DateTimeOffset = ok_str("2021-07-16T10:00:00.1234567Z");
    assert_eq!(d.as_str(), "2021-07-16T10:00:00.1234567Z");
    for ok in [
        "2021-07-16T10:00Z",
        "2021-07-16T10:00:00Z",
        "2021-07-16T10:00:00+02:00",
        "2021-07-16T10:00:00.5-11:30",
        "2021-12-31T23:59:59.999999999999Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "-0001-01-01T00:00:00Z",
        "12021-07-16T10:00:00Z",
        "2016-12-31T23:59:60Z",
        "2021-07-16t10:00:00z",
    ] {
        let v: DateTimeOffset = ok_str(ok);
        assert_eq!(v.as_str(), ok);
    }
    for bad in [
        "",
        "2021-07-16",
        "2021-07-16T10:00:00",
        "2021-07-16 10:00:00Z",
        "2021-7-16T10:00:00Z",
        "2021-07-16T10:0:00Z",
        "2021-13-16T10:00:00Z",
        "2021-00-16T10:00:00Z",
        "2021-07-32T10:00:00Z",
        "2021-07-00T10:00:00Z",
        "2021-07-16T24:00:00Z",
        "2021-07-16T10:60:00Z",
        "2021-07-16T10:00:61Z",
        "2021-07-16T10:00:00.Z",
        "2021-07-16T10:00:00+0200",
        "2021-07-16T10:00:00+02",
        "2021-07-16T10:00:00ZZ",
        "02021-07-16T10:00:00Z",
        "21-07-16T10:00:00Z",
        "2021-07-16T10:00:00Z ",
    ] {
        let e = bad_str::<DateTimeOffset>(bad);
        assert!(e.contains("invalid Edm.DateTimeOffset"), "{bad}: {e}");
        assert!(e.contains("expected YYYY-MM-DDThh:mm"), "{bad}: {e}");
    }
}

#[test]
fn date_and_time_of_day_forms() {
    for ok in ["2021-07-16", "0000-01-01", "-0044-03-15", "10000-01-01"] {
        let _: Date = ok_str(ok);
    }
    for bad in [
        "2021-7-16",
        "2021-07-16T00:00Z",
        "20210716",
        "2021-02-30x",
        "",
    ] {
        let e = bad_str::<Date>(bad);
        assert!(
            e.contains("invalid Edm.Date") && e.contains("YYYY-MM-DD"),
            "{bad}: {e}"
        );
    }
    for ok in ["00:00", "23:59", "10:00:00", "10:00:00.1234567", "23:59:60"] {
        let _: TimeOfDay = ok_str(ok);
    }
    for bad in ["24:00", "1:00", "10:00:", "10:00:00.", "10:00Z", "10", ""] {
        let e = bad_str::<TimeOfDay>(bad);
        assert!(e.contains("invalid Edm.TimeOfDay"), "{bad}: {e}");
    }
}

#[test]
fn duration_forms() {
    for ok in [
        "P1DT2H",
        "PT0S",
        "P1D",
        "PT1H",
        "PT1M",
        "PT1.5S",
        "PT1H2M3.25S",
        "-P10DT1H",
        "+PT5M",
        "P12345D",
        "P0DT0H0M0S",
        "pt1h",
        "P",
        "PT",
    ] {
        let d: Duration = ok_str(ok);
        assert_eq!(d.as_str(), ok);
    }
    for bad in [
        "",
        "1D",
        "P1H",
        "PT1D",
        "P1Y",
        "P1M",
        "PT1S2M",
        "PT1M1H",
        "PT1H1H",
        "PT1.S",
        "PT.5S",
        "PT1.5M",
        "P-1D",
        "P1DT",
        "PT1S ",
        "duration'P1D'",
    ] {
        if bad == "P1DT" {
            // allowed by the ABNF: "T" with no components
            let _: Duration = ok_str(bad);
            continue;
        }
        let e = bad_str::<Duration>(bad);
        assert!(e.contains("invalid Edm.Duration"), "{bad}: {e}");
    }
}

#[test]
fn binary_forms() {
    for (text, bytes) in [
        ("", &b""[..]),
        ("Zg==", b"f"),
        ("Zg", b"f"),
        ("Zm8=", b"fo"),
        ("Zm8", b"fo"),
        ("Zm9v", b"foo"),
        ("Zm9vYg==", b"foob"),
        ("Zm9vYmE=", b"fooba"),
        ("Zm9vYmFy", b"foobar"),
        ("-_8=", &[0xfb, 0xff][..]),
        ("+/8=", &[0xfb, 0xff][..]),
        ("-_8", &[0xfb, 0xff][..]),
    ] {
        let b: Binary = ok_str(text);
        assert_eq!(b.bytes(), bytes, "{text}");
        assert_eq!(b.as_str(), text);
    }
    assert_eq!(Binary::from_bytes(b"fooba").as_str(), "Zm9vYmE=");
    assert_eq!(Binary::from_bytes(&[0xfb, 0xff]).as_str(), "+/8=");
    assert_eq!(Binary::from_bytes_url(&[0xfb, 0xff]).as_str(), "-_8");
    assert_eq!(Binary::from_bytes(b"").as_str(), "");
    let all: Vec<u8> = (0..=255u8).collect();
    assert_eq!(Binary::from_bytes(&all).bytes(), all);
    assert_eq!(Binary::from_bytes_url(&all).bytes(), all);
    for bad in [
        "Z", "Z===", "Zg=", "Zm9v=", "Zm9v====", "Zg==Zg==", "Zm 9v", "Zm9v!", "=", "Zm8==",
    ] {
        let e = bad_str::<Binary>(bad);
        assert!(e.contains("invalid Edm.Binary"), "{bad}: {e}");
    }
}

// ------------------------------------------------------------------------------------------------
// Enums and flags
// ------------------------------------------------------------------------------------------------

#[test]
fn open_enum() {
    let c: Color = text_round_trip(r#""red""#);
    assert_eq!(c, Color::Red);
    let c: Color = text_round_trip(r#""unknownFutureValue""#);
    assert_eq!(c, Color::UnknownFutureValue);
    let c: Color = text_round_trip(r#""ultraviolet""#);
    assert_eq!(c, Color::Other("ultraviolet".to_owned()));
    let c: Color = text_round_trip(r#""""#);
    assert_eq!(c, Color::Other(String::new()));
    for bad in ["1", "null", "[]", "{}", "true"] {
        let e = err_of::<Color>(bad);
        assert!(e.contains("expected a string for enum"), "{bad}: {e}");
    }
    let m: Outer = text_round_trip(r#"{"color":"green"}"#);
    assert_eq!(m.color, Field::Value(Color::Green));
    let m: Outer = text_round_trip(r#"{"color":null}"#);
    assert!(m.color.is_null());
    let e = odata::from_str::<Outer>(r#"{"color":7}"#).unwrap_err();
    assert_eq!(e.path(), "color");
    assert!(e.to_string().contains("expected a string for enum"));
}

#[test]
fn flags() {
    let f: Flags<Color> = text_round_trip(r#""red,green""#);
    assert_eq!(f.items(), &[Color::Red, Color::Green]);
    // exact text kept while unchanged, even when not canonical
    let mut f: Flags<Color> = text_round_trip(r#""red, green , blue""#);
    assert_eq!(
        f.items(),
        &[Color::Red, Color::Green, Color::Other("blue".to_owned())]
    );
    assert_eq!(f.to_string(), "red, green , blue");
    f.items_mut().retain(|c| *c != Color::Green);
    assert_eq!(odata::to_string(&f).unwrap(), r#""red,blue""#);
    let f: Flags<Color> = text_round_trip(r#""""#);
    assert!(f.is_empty());
    assert_eq!(odata::to_string(&Flags::<Color>::new()).unwrap(), r#""""#);
    let f = Flags::from(vec![Color::Green, Color::Red]);
    assert_eq!(odata::to_string(&f).unwrap(), r#""green,red""#);
    assert_eq!(odata::to_value(&f).unwrap(), json!("green,red"));
    let g: Flags<Color> = odata::from_str(r#""green ,red""#).unwrap();
    assert_eq!(f, g, "equality compares members");
    assert!(g.contains_wire("red"));
    assert_eq!(g.clone().into_items().len(), 2);
    assert!(err_of::<Flags<Color>>("3").contains("invalid type"));
    let f: Flags<Color> = odata::from_str(r#""red,,green,""#).unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(odata::to_string(&f).unwrap(), r#""red,,green,""#);
}

// ------------------------------------------------------------------------------------------------
// Models
// ------------------------------------------------------------------------------------------------

#[test]
fn model_exact_text_round_trip_with_interleaved_unknowns() {
    let text =
        r##"{"a@odata.type":"x","id":"1","zzz":{"b":1,"a":2},"@odata.type":"#t","count":5}"##;
    let m: Outer = text_round_trip(text);
    assert_eq!(m.id, Field::Value("1".to_owned()));
    assert_eq!(m.count, Field::Value(5));
    assert_eq!(m.odata_type, Field::Value("#t".to_owned()));
    assert_eq!(m.additional_data.len(), 2);
    assert_eq!(m.additional_data.get("a@odata.type"), Some(&json!("x")));
    assert_eq!(m.additional_data.get("zzz"), Some(&json!({"b":1,"a":2})));
    let keys: Vec<&str> = m.additional_data.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["a@odata.type", "zzz"]);
    assert!(m.additional_data.has_recorded_order());

    // also at the Value level and via from_slice / serde entry points
    let v: Value = serde_json::from_str(text).unwrap();
    let m2: Outer = odata::from_value(v.clone()).unwrap();
    assert_eq!(m2, m);
    assert_eq!(
        serde_json::to_string(&odata::to_value(&m2).unwrap()).unwrap(),
        text
    );
    let m3: Outer = odata::from_slice(text.as_bytes()).unwrap();
    assert_eq!(odata::to_string(&m3).unwrap(), text);
    let m4: Outer = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&m4).unwrap(), text);
    assert_eq!(
        String::from_utf8(odata::to_vec(&m4).unwrap()).unwrap(),
        text
    );
}

#[test]
fn model_many_orders_round_trip() {
    for text in [
        r##"{"@odata.type":"#t","id":"1","count":5}"##,
        r#"{"count":5,"id":"1"}"#,
        r#"{"x":1,"id":"1"}"#,
        r##"{"id":"1","x":1,"count":2,"y":[1,{"q":null}],"@odata.type":"#z"}"##,
        r##"{"@odata.context":"https://x/$metadata#things/$entity","@odata.type":"#t","id":"1"}"##,
        r##"{"items":[{"count":1,"name":"n","extra":true,"@odata.type":"#i"},{}],"id":"2"}"##,
        r##"{"items":[],"color":"red","@odata.type":"#t","id@odata.etag":"W/1","id":"9"}"##,
        r#"{"u1":1,"u2":2,"u3":3}"#,
        r#"{"color":"x","items":null,"count":null,"id":null,"@odata.type":null}"#,
    ] {
        let _: Outer = text_round_trip(text);
    }
}

#[test]
fn canonical_order_is_not_recorded() {
    let m: Outer = text_round_trip(r##"{"@odata.type":"#t","id":"1","count":5,"x":1,"y":2}"##);
    assert!(!m.additional_data.has_recorded_order());
    let m: Outer = text_round_trip(r#"{"id":"1","items":[{"name":"a","count":1}]}"#);
    assert!(!m.additional_data.has_recorded_order());
    let inner = &m.items.value().unwrap()[0];
    assert!(!inner.additional_data.has_recorded_order());
    let m: Outer = text_round_trip(r#"{"count":5,"id":"1"}"#);
    assert!(m.additional_data.has_recorded_order());
    let m: Outer = text_round_trip(r#"{"x":1,"id":"1"}"#);
    assert!(m.additional_data.has_recorded_order());
}

#[test]
fn leading_unknown_members_stay_first() {
    // Annotations written before the properties (`@odata.context` first, as services do) are a
    // canonical order too: they stay in front, with no order list.
    let text = r##"{"@odata.context":"c","@odata.etag":"e","@odata.type":"#t","id":"1","x":1}"##;
    let mut m: Outer = text_round_trip(text);
    assert!(m.additional_data.has_recorded_order());
    m.count = Field::Value(3);
    m.additional_data.insert("new".to_owned(), json!(true));
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"@odata.context":"c","@odata.etag":"e","@odata.type":"#t","id":"1","count":3,"x":1,"new":true}"##
    );
    m.additional_data.remove("@odata.context");
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"@odata.etag":"e","@odata.type":"#t","id":"1","count":3,"x":1,"new":true}"##
    );
    m.additional_data.remove("x");
    m.additional_data.remove("@odata.etag");
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"@odata.type":"#t","id":"1","count":3,"new":true}"##
    );
    let mut m: Outer = text_round_trip(r#"{"a":1,"b":2,"id":"1","c":3}"#);
    m.additional_data.clear_order();
    assert!(!m.additional_data.has_recorded_order());
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"id":"1","a":1,"b":2,"c":3}"#);
    // only unknown members: nothing to record
    let m: Outer = text_round_trip(r#"{"b":1,"a":2}"#);
    assert!(!m.additional_data.has_recorded_order());
}

#[test]
fn long_and_duplicated_orders_round_trip() {
    // More members than the recorder keeps on the stack, in a non-canonical order.
    let mut members: Vec<String> = (0..40).map(|i| format!("\"u{i}\":{i}")).collect();
    members.insert(20, r#""count":1"#.to_owned());
    members.push(r#""id":"x""#.to_owned());
    members.insert(3, r#""color":"red""#.to_owned());
    let text = format!("{{{}}}", members.join(","));
    let mut m: Outer = text_round_trip(&text);
    assert!(m.additional_data.has_recorded_order());
    assert_eq!(m.additional_data.len(), 40);
    m.additional_data.remove("u5");
    assert_eq!(
        odata::to_string(&m).unwrap(),
        text.replace(r#""u5":5,"#, "")
    );
    // A short order (kept in place) after removals.
    let mut m: Outer = text_round_trip(r#"{"a":1,"count":2,"b":3,"id":"x","c":4}"#);
    m.additional_data.remove("b");
    m.additional_data.remove("a");
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"count":2,"id":"x","c":4}"#);
    // A known member twice: the last value, at the first position.
    let m: Outer = odata::from_str(r#"{"count":1,"id":"a","count":2,"id":"b","x":0}"#).unwrap();
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"count":2,"id":"b","x":0}"#);
    // The same past the stack buffer.
    let many: Vec<String> = (0..35).map(|i| format!("\"u{i}\":{i}")).collect();
    let text = format!(r#"{{"count":1,{},"id":"a","count":2}}"#, many.join(","));
    let m: Outer = odata::from_str(&text).unwrap();
    assert_eq!(
        odata::to_string(&m).unwrap(),
        format!(r#"{{"count":2,{},"id":"a"}}"#, many.join(","))
    );
}

#[test]
fn orders_past_the_packed_form_round_trip() {
    // Field index 253 is the last that packs into a byte, 254 the first that does not.
    for text in [
        r#"{"f253":1,"f3":2}"#,
        r#"{"f254":1,"f3":2}"#,
        r#"{"x":0,"f299":1,"y":1,"f1":2,"z":2}"#,
        r#"{"f9":1,"f8":1,"f7":1,"f6":1,"f5":1,"f4":1,"f3":1,"f2":1,"f1":1}"#,
    ] {
        let m: Wide = text_round_trip(text);
        assert!(m.additional_data.has_recorded_order(), "{text}");
    }
    let mut m: Wide = text_round_trip(r#"{"x":0,"f299":1,"y":1,"f1":2,"z":2}"#);
    m.additional_data.remove("y");
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"x":0,"f299":1,"f1":2,"z":2}"#);
    m.additional_data.remove("x");
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"f299":1,"f1":2,"z":2}"#);
    // in field order: nothing recorded
    let mut m: Wide = text_round_trip(r#"{"f1":1,"f254":2,"f299":3,"x":0}"#);
    assert!(!m.additional_data.has_recorded_order());
    // Members set after reading, in several words of the presence bit set, and one removed:
    // the present ones are written by field index, the absent one not at all.
    m.values[200] = Field::Value(Value::from(4));
    m.values[63] = Field::Null;
    m.values[64] = Field::Value(Value::from(5));
    m.values[254] = Field::Absent;
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"f1":1,"f63":null,"f64":5,"f200":4,"f299":3,"x":0}"#
    );
    let mut m: Wide = text_round_trip(r#"{"f130":1,"f2":2}"#);
    m.values[70] = Field::Value(Value::from(3));
    m.values[2] = Field::Absent;
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"f130":1,"f70":3}"#);
}

#[test]
fn model_explicit_nulls_kept_and_type_not_injected() {
    let text = r#"{"id":null,"count":null,"items":null,"x":null}"#;
    let m: Outer = text_round_trip(text);
    assert!(m.id.is_null() && m.count.is_null() && m.items.is_null());
    assert_eq!(m.additional_data.get("x"), Some(&Value::Null));
    let out = odata::to_string(&m).unwrap();
    assert!(!out.contains("@odata.type"));

    let mut m = Outer {
        id: Field::Value("a".to_owned()),
        ..Outer::default()
    };
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"id":"a"}"#);
    m.count = Field::Null;
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"id":"a","count":null}"#);
    m.color = Field::Null;
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"id":"a","count":null,"color":null}"#
    );
}

#[test]
fn model_duplicate_keys_last_wins() {
    let m: Outer =
        odata::from_str(r#"{"id":"1","count":1,"id":"2","x":1,"y":0,"x":2,"count":3}"#).unwrap();
    assert_eq!(m.id, Field::Value("2".to_owned()));
    assert_eq!(m.count, Field::Value(3));
    assert_eq!(m.additional_data.get("x"), Some(&json!(2)));
    assert_eq!(m.additional_data.len(), 2);
    // each member once, at its first position
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"id":"2","count":3,"x":2,"y":0}"#
    );

    let m: Outer = odata::from_str(r#"{"x":1,"count":1,"id":"2","count":4,"x":5}"#).unwrap();
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"x":5,"count":4,"id":"2"}"#
    );
    // a duplicate that is null last
    let m: Outer = odata::from_str(r#"{"id":"1","id":null}"#).unwrap();
    assert!(m.id.is_null());
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"id":null}"#);
}

#[test]
fn modified_model_serializes_sensibly() {
    let mut m: Outer = odata::from_str(r#"{"zzz":1,"count":5,"id":"1","aaa":2}"#).unwrap();
    // change a value in place: keeps its position
    m.count = Field::Value(6);
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"zzz":1,"count":6,"id":"1","aaa":2}"#
    );
    // set a field that was absent: written after the recorded members (by field index)
    m.odata_type = Field::Value("#t".to_owned());
    m.color = Field::Value(Color::Red);
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"zzz":1,"count":6,"id":"1","aaa":2,"@odata.type":"#t","color":"red"}"##
    );
    // unset a field: dropped
    m.count = Field::Absent;
    // remove an unknown member: the others keep their positions
    assert_eq!(m.additional_data.remove("zzz"), Some(json!(1)));
    assert_eq!(m.additional_data.remove("nope"), None);
    // add unknown members: replaced in place, or appended at the end
    m.additional_data.insert("aaa".to_owned(), json!(3));
    m.additional_data.insert("new".to_owned(), json!([true]));
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"id":"1","aaa":3,"@odata.type":"#t","color":"red","new":[true]}"##
    );
    m.additional_data.remove("aaa");
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"id":"1","@odata.type":"#t","color":"red","new":[true]}"##
    );
    // an unknown member named like a known one is not written twice
    m.additional_data.insert("id".to_owned(), json!("shadow"));
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"id":"1","@odata.type":"#t","color":"red","new":[true]}"##
    );
    m.additional_data.remove("id");
    // forgetting the order gives the canonical order
    m.additional_data.clear_order();
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r##"{"@odata.type":"#t","id":"1","color":"red","new":[true]}"##
    );

    // a model built in code
    let mut n = Outer::default();
    n.additional_data.insert("k".to_owned(), json!(1));
    n.items = Field::Value(vec![Inner {
        count: Field::Value(1),
        ..Inner::default()
    }]);
    n.id = "i".to_owned().into();
    assert_eq!(
        odata::to_string(&n).unwrap(),
        r#"{"id":"i","items":[{"count":1}],"k":1}"#
    );
    // equality ignores member order
    let a: Outer = odata::from_str(r#"{"x":1,"id":"1","y":2}"#).unwrap();
    let b: Outer = odata::from_str(r#"{"id":"1","x":1,"y":2}"#).unwrap();
    let c: Outer = odata::from_str(r#"{"id":"1","y":2,"x":1}"#).unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_ne!(a, Outer::default());
    assert_eq!(
        format!("{:?}", a.additional_data),
        r#"{"x": Number(1), "y": Number(2)}"#
    );
}

#[test]
fn additional_data_api() {
    let mut d = AdditionalData::new();
    assert!(d.is_empty());
    assert_eq!(d.get("a"), None);
    assert_eq!(d.remove("a"), None);
    d.insert("b".to_owned(), json!(1));
    d.insert("a".to_owned(), json!(2));
    d.insert("b".to_owned(), json!(3));
    assert_eq!(d.len(), 2);
    assert!(d.contains_key("a"));
    let items: Vec<(&str, &Value)> = d.iter().collect();
    assert_eq!(items, [("b", &json!(3)), ("a", &json!(2))]);
    if let Some(v) = d.get_mut("a") {
        *v = json!("x");
    }
    assert_eq!(d.get("a"), Some(&json!("x")));
    assert_eq!(d.remove("b"), Some(json!(3)));
    assert_eq!(d.len(), 1);
    assert_eq!(d, d.clone());
    assert_eq!(AdditionalData::new(), AdditionalData::default());
}

#[test]
fn many_unknown_members_keep_order_and_lookups() {
    // more unknown members than the linear-scan limit, interleaved with known ones
    let mut text = String::from("{");
    for k in 0..40 {
        text.push_str(&format!(r#""u{k}":{k},"#));
        if k == 10 {
            text.push_str(r#""count":1,"#);
        }
        if k == 30 {
            text.push_str(r#""id":"x","#);
        }
    }
    text.push_str(r#""last":true}"#);
    let mut m: Outer = text_round_trip(&text);
    assert_eq!(m.additional_data.len(), 41);
    assert_eq!(m.additional_data.get("u25"), Some(&json!(25)));
    assert!(m.additional_data.contains_key("last"));
    assert!(!m.additional_data.contains_key("u40"));
    // reversed member order: equal, not the same text
    let mut reversed: Vec<(String, Value)> = m
        .additional_data
        .iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect();
    reversed.reverse();
    let mut other = Outer {
        id: m.id.clone(),
        count: m.count.clone(),
        ..Outer::default()
    };
    for (k, v) in reversed {
        other.additional_data.insert(k, v);
    }
    assert_eq!(other, m);
    assert_ne!(odata::to_string(&other).unwrap(), text);
    // remove in the middle: the rest keep their positions, lookups still work
    assert_eq!(m.additional_data.remove("u20"), Some(json!(20)));
    assert_eq!(m.additional_data.get("u21"), Some(&json!(21)));
    assert_eq!(m.additional_data.get("u20"), None);
    assert_eq!(
        odata::to_string(&m).unwrap(),
        text.replace(r#""u20":20,"#, "")
    );
    // replace in place
    m.additional_data.insert("u5".to_owned(), json!("five"));
    assert_eq!(
        odata::to_string(&m).unwrap(),
        text.replace(r#""u20":20,"#, "")
            .replace(r#""u5":5"#, r#""u5":"five""#)
    );
    // shrink below the index limit and keep working
    for k in 0..35 {
        m.additional_data.remove(&format!("u{k}"));
    }
    assert_eq!(m.additional_data.len(), 6);
    assert_eq!(m.additional_data.get("u39"), Some(&json!(39)));
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"count":1,"id":"x","u35":35,"u36":36,"u37":37,"u38":38,"u39":39,"last":true}"#
    );
}

#[test]
fn error_paths() {
    let e =
        odata::from_str::<Outer>(r#"{"id":"1","items":[{"count":1},{"name":"n","count":"x1"}]}"#)
            .unwrap_err();
    assert_eq!(e.path(), "items[1].count");
    let msg = e.to_string();
    assert!(msg.starts_with("at `items[1].count`: "), "{msg}");
    assert!(msg.contains(r#"invalid Edm.Int64 "x1""#), "{msg}");

    let e = odata::from_str::<Outer>(r#"{"items":[{"count":1.5}]}"#).unwrap_err();
    assert_eq!(e.path(), "items[0].count");
    let e = odata::from_str::<Outer>(r#"{"id":5}"#).unwrap_err();
    assert_eq!(e.path(), "id");
    let e = odata::from_str::<Outer>(r#"{"items":{"count":1}}"#).unwrap_err();
    assert_eq!(e.path(), "items");
    let e = odata::from_str::<Outer>(r#"{"items":[{"name":"a"},7]}"#).unwrap_err();
    assert_eq!(e.path(), "items[1]");
    assert!(
        e.to_string().contains("expected an object for Inner"),
        "{e}"
    );
    // errors inside unknown members have paths too
    let e = odata::from_str::<Outer>(r#"{"x":{"y":[1,tru]}}"#).unwrap_err();
    assert!(e.path().starts_with("x.y"), "{}", e.path());
    // from_value carries paths as well
    let e = odata::from_value::<Outer>(json!({"items":[{"count":"no"}]})).unwrap_err();
    assert_eq!(e.path(), "items[0].count");
    // syntax errors and trailing characters
    let e = odata::from_str::<Outer>(r#"{"id":"1"} x"#).unwrap_err();
    assert!(e.to_string().contains("trailing characters"), "{e}");
    let e = odata::from_str::<Outer>(r#"{"id":"1""#).unwrap_err();
    assert!(e.to_string().contains("EOF"), "{e}");
    // conversion to serde_json::Error keeps the path in the message
    let e: serde_json::Error = odata::from_str::<Outer>(r#"{"id":5}"#).unwrap_err().into();
    assert!(e.to_string().contains("at `id`"), "{e}");
    let e = odata::from_str::<Outer>(r#"{"id":5}"#).unwrap_err();
    assert!(e.inner().is_data());
    assert!(std::error::Error::source(&e).is_none());
}

#[test]
fn non_object_input_errors() {
    for bad in ["[]", "[1]", r#""x""#, "1", "true", "null", ""] {
        let e = err_of::<Outer>(bad);
        if !bad.is_empty() {
            assert!(e.contains("expected an object for Outer"), "{bad}: {e}");
        }
    }
    // null for a field is Null, not an error; for a collection member it is an error
    let e = odata::from_str::<Outer>(r#"{"items":[null]}"#).unwrap_err();
    assert_eq!(e.path(), "items[0]");
}

#[test]
fn hostile_input_gives_errors_not_panics() {
    let deep_arrays = "[".repeat(10_000);
    assert!(odata::from_str::<Value>(&deep_arrays).is_err());
    assert!(odata::from_str::<Outer>(&deep_arrays).is_err());
    assert!(odata::from_str::<Outer>(&format!(r#"{{"zzz":{deep_arrays}"#)).is_err());
    assert!(odata::from_str::<Outer>(&format!(r#"{{"items":{deep_arrays}"#)).is_err());
    let deep_objects = r#"{"zzz":"#.repeat(10_000);
    assert!(odata::from_str::<Outer>(&deep_objects).is_err());
    let deep_items = r#"{"items":[{"#.repeat(10_000).replace("{{", "{");
    assert!(odata::from_str::<Outer>(&deep_items).is_err());
    let closed = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(odata::from_str::<Vec<Value>>(&closed).is_err());
    assert!(odata::from_str::<Shape>(&format!(r#"{{"x":{closed}}}"#)).is_err());

    // huge numbers
    let huge = "9".repeat(5_000);
    assert!(odata::from_str::<i64>(&huge).is_err());
    assert!(odata::from_str::<i64>(&format!("\"{huge}\"")).is_err());
    assert!(odata::from_str::<Double>(&huge).is_err() || odata::from_str::<Double>(&huge).is_ok());
    assert!(odata::from_str::<Double>("1e999999").is_err());
    assert!(odata::from_str::<Decimal>("-1e999999").is_err());
    let d: Decimal = odata::from_str(&format!("\"{huge}\"")).unwrap();
    assert_eq!(d.as_str(), Some(huge.as_str()));
    assert!(odata::from_str::<Outer>(&format!(r#"{{"count":{huge}}}"#)).is_err());
    assert!(odata::from_str::<Outer>(r#"{"count":1e400}"#).is_err());
    assert!(odata::from_str::<u8>("1e400").is_err());
    assert!(odata::from_str::<Date>(&format!("\"{huge}-01-01\"")).is_ok());

    // lone surrogates and invalid UTF-8
    assert!(odata::from_str::<Outer>(r#"{"id":"\ud800"}"#).is_err());
    assert!(odata::from_str::<Outer>(r#"{"\ud800":1}"#).is_err());
    assert!(odata::from_str::<Outer>(r#"{"x":"\udc00\ud800"}"#).is_err());
    assert!(odata::from_str::<Guid>(r#""\ud800""#).is_err());
    assert!(odata::from_slice::<Outer>(b"{\"id\":\"\xff\xfe\"}").is_err());
    assert!(odata::from_slice::<Outer>(b"{\"\xc3\":1}").is_err());
    // non-ASCII text in validated types
    for s in [
        "\u{0660}\u{0661}:00",
        "é",
        "２０２１-07-16",
        "P１D",
        "Zg==\u{0}",
    ] {
        assert!(odata::from_str::<TimeOfDay>(&serde_json::to_string(s).unwrap()).is_err());
        assert!(odata::from_str::<Date>(&serde_json::to_string(s).unwrap()).is_err());
        assert!(odata::from_str::<Duration>(&serde_json::to_string(s).unwrap()).is_err());
        assert!(odata::from_str::<Binary>(&serde_json::to_string(s).unwrap()).is_err());
        assert!(odata::from_str::<Guid>(&serde_json::to_string(s).unwrap()).is_err());
    }
    // many members, many duplicates
    let mut many = String::from("{");
    for k in 0..20_000 {
        many.push_str(&format!(r#""k{}":{},"id":"{k}","#, k % 1000, k));
    }
    many.push_str(r#""count":1}"#);
    let m: Outer = odata::from_str(&many).unwrap();
    assert_eq!(m.additional_data.len(), 1000);
    assert_eq!(m.id, Field::Value("19999".to_owned()));
}

/// Random byte-level mutations of valid documents never panic.
#[test]
fn mutation_fuzz_never_panics() {
    let seeds = [
        r##"{"a@odata.type":"x","id":"1","zzz":{"b":1,"a":2},"@odata.type":"#t","count":5}"##,
        r#"{"items":[{"count":"12","name":"n"},{"count":-3}],"color":"red","id":null}"#,
        r##"{"shapes":[{"@odata.type":"#test.circle","radius":"INF"},{"@odata.type":"#test.square","side":2}]}"##,
    ];
    let alphabet: &[u8] = b"{}[]\":,\\u0123456789abcdefnullINF-+.eE@# \xff\xc3";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..6_000 {
        let seed = seeds[round % seeds.len()].as_bytes();
        let mut doc = seed.to_vec();
        let edits = 1 + (next() % 4) as usize;
        for _ in 0..edits {
            let pos = (next() % (doc.len() as u64 + 1)) as usize;
            let byte = alphabet[(next() % alphabet.len() as u64) as usize];
            match next() % 3 {
                0 if pos < doc.len() => doc[pos] = byte,
                1 if pos < doc.len() => {
                    doc.remove(pos);
                }
                _ => doc.insert(pos, byte),
            }
        }
        let _ = odata::from_slice::<Outer>(&doc);
        let _ = odata::from_slice::<Drawing>(&doc);
        if let Ok(m) = odata::from_slice::<Outer>(&doc) {
            // whatever parsed must serialize and parse back to an equal value
            let text = odata::to_string(&m).unwrap();
            let again: Outer = odata::from_str(&text).unwrap();
            assert_eq!(again, m);
            assert_eq!(odata::to_string(&again).unwrap(), text);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Polymorphism
// ------------------------------------------------------------------------------------------------

#[test]
fn polymorphic_dispatch() {
    let text = r##"{"shapes":[{"@odata.type":"#test.circle","radius":1.5},{"side":3,"@odata.type":"test.square","x":1},{"radius":"INF"}]}"##;
    let d: Drawing = text_round_trip(text);
    let shapes = d.shapes.value().unwrap();
    assert_eq!(shapes.len(), 3);
    match &shapes[0] {
        Shape::Circle(c) => {
            assert_eq!(c.value.value().map(Double::get), Some(1.5));
            assert_eq!(c.odata_type, Field::Value("#test.circle".to_owned()));
        }
        other => panic!("{other:?}"),
    }
    match &shapes[1] {
        Shape::Square(s) => {
            assert_eq!(s.value, Field::Value(3));
            assert_eq!(s.additional_data.get("x"), Some(&json!(1)));
        }
        other => panic!("{other:?}"),
    }
    match &shapes[2] {
        Shape::Circle(c) => assert!(c.odata_type.is_absent()),
        other => panic!("{other:?}"),
    }

    // an unknown type reads as the declared (base) type, keeping its @odata.type
    let d: Drawing = text_round_trip(r##"{"shapes":[{"@odata.type":"#test.triangle","radius":2}]}"##);
    match &d.shapes.value().unwrap()[0] {
        Shape::Circle(c) => assert_eq!(c.odata_type, Field::Value("#test.triangle".to_owned())),
        other => panic!("{other:?}"),
    }
    // @odata.type after other members: those are replayed into the derived type, in order,
    // with unknown members, explicit nulls and a duplicate (last value wins, first position)
    let text = r##"{"shapes":[{"z":null,"side":1,"side":4,"w":[1,{"a":2}],"@odata.type":"#test.square","y":"s"}]}"##;
    let d: Drawing = odata::from_str(text).unwrap();
    match &d.shapes.value().unwrap()[0] {
        Shape::Square(s) => {
            assert_eq!(s.value, Field::Value(4));
            assert_eq!(s.additional_data.get("z"), Some(&Value::Null));
            assert_eq!(s.additional_data.get("y"), Some(&json!("s")));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        odata::to_string(&d).unwrap(),
        r##"{"shapes":[{"z":null,"side":4,"w":[1,{"a":2}],"@odata.type":"#test.square","y":"s"}]}"##
    );
    // duplicate @odata.type: a non-derived one before a derived one switches (the last wins);
    // one conflicting with the derived type being read is an error; an identical one is kept
    let d: Drawing = odata::from_str(
        r##"{"shapes":[{"@odata.type":"#test.circle","@odata.type":"#test.square","side":1}]}"##,
    )
    .unwrap();
    assert!(matches!(&d.shapes.value().unwrap()[0], Shape::Square(_)));
    let e = odata::from_str::<Drawing>(
        r##"{"shapes":[{"@odata.type":"#test.square","side":1,"@odata.type":"#test.circle"}]}"##,
    )
    .unwrap_err();
    assert!(e.to_string().contains("conflicting \"@odata.type\""), "{e}");
    let d: Drawing = odata::from_str(
        r##"{"shapes":[{"@odata.type":"#test.square","side":1,"@odata.type":"#test.square"}]}"##,
    )
    .unwrap();
    assert!(matches!(&d.shapes.value().unwrap()[0], Shape::Square(_)));
    // a derived type's error keeps the path to the member: the value streams into it
    let e =
        odata::from_str::<Drawing>(r##"{"shapes":[{"@odata.type":"#test.square","side":"x"}]}"##)
            .unwrap_err();
    assert_eq!(e.path(), "shapes[0].side");
    // ... also for a replayed member (read before @odata.type): the message names it
    let e =
        odata::from_str::<Drawing>(r##"{"shapes":[{"side":"x","@odata.type":"#test.square"}]}"##)
            .unwrap_err();
    assert!(e.to_string().contains("side: "), "{e}");
    // non-objects reach the dispatch with no type and fail there
    let e = odata::from_str::<Drawing>(r#"{"shapes":[5]}"#).unwrap_err();
    assert!(
        e.to_string().contains("expected an object for Circle"),
        "{e}"
    );

    assert_eq!(
        odata::normalize_type_name("#microsoft.graph.user"),
        "microsoft.graph.user"
    );
    assert_eq!(
        odata::normalize_type_name("microsoft.graph.user"),
        "microsoft.graph.user"
    );
    assert_eq!(odata::normalize_type_name(""), "");
}

// ------------------------------------------------------------------------------------------------
// Serialization errors
// ------------------------------------------------------------------------------------------------

#[test]
fn serialization_error_paths() {
    // a Value with a non-finite float cannot exist, so provoke an error with a failing writer:
    // to_value of every wire type succeeds, and to_string of a model holding any Value works.
    let mut m = Outer::default();
    m.additional_data
        .insert("v".to_owned(), json!({"a":[1,2,{"b":null}]}));
    m.items = Field::Value(vec![Inner::default()]);
    assert_eq!(
        odata::to_value(&m).unwrap(),
        json!({"items":[{}],"v":{"a":[1,2,{"b":null}]}})
    );
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"items":[{}],"v":{"a":[1,2,{"b":null}]}}"#
    );
}

// ------------------------------------------------------------------------------------------------
// Field lookup tables (`Model::FIELD_TABLE`)
// ------------------------------------------------------------------------------------------------

#[test]
fn the_generator_and_the_runtime_hash_wire_names_alike() {
    for key in ["", "@odata.type", "id", "displayName", "remote_Control_Software", "ä€𝄞", "x\u{0}y"] {
        assert_eq!(odata::field_hash(key), odatagen::emit::structs::field_hash(key), "{key:?}");
    }
}

#[test]
fn field_lookup_probes_past_tombstones_and_stops_at_empty_slots() {
    let fields = ["@odata.type", "a", "b"];
    let mask = 7;
    let slot = |k: &str| usize::try_from(odata::field_hash(k)).unwrap() & mask;
    // "b" sits one slot after its hash position, behind a tombstone (a member compiled out by
    // features): the probe goes on past it.
    let mut table = [0u32; 8];
    let hb = slot("b");
    table[hb] = u32::MAX;
    table[(hb + 1) & mask] = 3;
    assert_eq!(odata::field_lookup(&table, &fields, "b"), Some(2));
    // An empty slot ends the probe: a name not in the table is unknown.
    if slot("a") != hb && slot("a") != (hb + 1) & mask {
        assert_eq!(odata::field_lookup(&table, &fields, "a"), None);
    }
    // A slot naming another member does not match; a full table of tombstones ends after one pass.
    assert_eq!(odata::field_lookup(&[u32::MAX; 8], &fields, "a"), None);
    assert_eq!(odata::field_lookup(&[], &fields, "a"), None);
    // Out-of-range indices (a corrupt table) are a miss, not a panic.
    assert_eq!(odata::field_lookup(&[99; 8], &fields, "a"), None);
}

#[test]
fn generated_tables_find_every_member_and_nothing_else() {
    use graph_beta_e2e::odata::Model as _;
    fn check<T: graph_beta_e2e::odata::Model>() {
        for (i, key) in T::FIELDS.iter().enumerate() {
            assert_eq!(T::field_index(key), Some(i), "{key}");
        }
        for key in ["", "ID", "id ", "@odata.context", "displayname", "additionalData"] {
            assert_eq!(T::field_index(key), None, "{key}");
        }
    }
    check::<graph_beta_e2e::models::User>();
    check::<graph_beta_e2e::models::Team>();
    check::<graph_beta_e2e::models::Entity>();
    check::<graph_beta_e2e::models::MailboxSettings>();
    assert!(graph_beta_e2e::models::User::FIELDS.len() > 50);
}
