//! [`Page`]: a collection response and its paging links.

use super::{
    AdditionalData, AsWire, Field, FieldSeed, Model, Quoted, Wire, WireSeed, deserialize_model,
    serialize_field, serialize_model,
};
use ::serde::de::MapAccess;
use ::serde::ser::SerializeMap;
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A page of a collection response: `value`, the paging links and the count, with the other
/// members (`@odata.context`, ...) kept in order like any model's unknown members.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub value: Vec<T>,
    /// `@odata.count`, when requested with `$count=true` (a JSON number, or a string as services
    /// write it for `IEEE754Compatible=true`: written back as it came while unchanged).
    pub count: Field<i64>,
    /// `@odata.nextLink`: the URL of the next page.
    pub next_link: Field<String>,
    /// `@odata.deltaLink`: the URL for changes since this response.
    pub delta_link: Field<String>,
    /// Other members, in their original order.
    pub additional_data: AdditionalData,
    /// Whether `value` was in the payload: a page read without one is written without one.
    value_present: bool,
    /// The string `@odata.count` was read from, when it came as one.
    count_text: Option<Box<str>>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            count: Field::Absent,
            next_link: Field::Absent,
            delta_link: Field::Absent,
            additional_data: AdditionalData::default(),
            value_present: false,
            count_text: None,
        }
    }
}

impl<T> Page<T> {
    /// A page holding `value`.
    pub fn new(value: Vec<T>) -> Self {
        Page {
            value,
            value_present: true,
            ..Page::default()
        }
    }

    /// The next page's URL, if there is one: `@odata.nextLink`, or the same link as OData 4.01
    /// JSON (`@nextLink`, without the `odata.` prefix) or V3 JSON light (`odata.nextLink`) name it.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link
            .value()
            .map(String::as_str)
            .or_else(|| self.other_str(&["@nextLink", "odata.nextLink"]))
    }

    /// The URL for changes since this response, if there is one: `@odata.deltaLink`, or
    /// `@deltaLink` (OData 4.01) or `odata.deltaLink` (V3 JSON light).
    pub fn delta_link(&self) -> Option<&str> {
        self.delta_link
            .value()
            .map(String::as_str)
            .or_else(|| self.other_str(&["@deltaLink", "odata.deltaLink"]))
    }

    /// The number of items in the whole collection, when the response says it: `@odata.count`,
    /// or `@count` (OData 4.01) or `odata.count` (V3 JSON light, a string), each a JSON number or
    /// a string holding an integer.
    pub fn total_count(&self) -> Option<i64> {
        if let Field::Value(n) = self.count {
            return Some(n);
        }
        ["@count", "odata.count"].iter().find_map(|k| {
            match self.additional_data.get(k)? {
                ::serde_json::Value::Number(n) => n.as_i64(),
                ::serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
        })
    }

    /// The first of the members `keys` kept in `additional_data` that is a string.
    fn other_str(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.additional_data.get(k).and_then(::serde_json::Value::as_str))
    }
}

impl<T: Wire> Model for Page<T> {
    const FIELDS: &'static [&'static str] = &[
        "@odata.count",
        "@odata.nextLink",
        "@odata.deltaLink",
        "value",
    ];

    // Four members: a match, not a table.
    const FIELD_TABLE: &'static [u32] = &[];

    fn field_index(key: &str) -> Option<usize> {
        match key {
            "@odata.count" => Some(0),
            "@odata.nextLink" => Some(1),
            "@odata.deltaLink" => Some(2),
            "value" => Some(3),
            _ => None,
        }
    }

    fn de_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match index {
            0 => {
                let count: Field<Quoted<i64>> = map.next_value_seed(FieldSeed::new())?;
                self.count_text = count.value().and_then(Quoted::text).map(Into::into);
                self.count = count.map(Quoted::into_inner);
            }
            1 => self.next_link = map.next_value_seed(FieldSeed::new())?,
            2 => self.delta_link = map.next_value_seed(FieldSeed::new())?,
            3 => {
                self.value = map.next_value_seed(WireSeed::new())?;
                self.value_present = true;
            }
            _ => {}
        }
        Ok(())
    }

    fn ser_field<M: SerializeMap>(
        &self,
        index: usize,
        key: &'static str,
        map: &mut M,
    ) -> Result<bool, M::Error> {
        match index {
            0 => match (&self.count, self.count_text.as_deref()) {
                // As read, while the value is still the one the text says.
                (Field::Value(n), Some(t)) if t.trim().parse::<i64>().ok() == Some(*n) => {
                    serialize_field(map, key, &Field::Value(Quoted::with_text(*n, t)))
                }
                _ => serialize_field(map, key, &self.count),
            },
            1 => serialize_field(map, key, &self.next_link),
            2 => serialize_field(map, key, &self.delta_link),
            3 if self.value_present || !self.value.is_empty() => {
                map.serialize_entry(key, &AsWire(&self.value))?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn additional_data(&self) -> &AdditionalData {
        &self.additional_data
    }

    fn additional_data_mut(&mut self) -> &mut AdditionalData {
        &mut self.additional_data
    }
}

impl<T: Wire> Wire for Page<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_model(d)
    }

    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_model(self, s)
    }
}

impl<'de, T: Wire> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_model(d)
    }
}

impl<T: Wire> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_model(self, s)
    }
}
