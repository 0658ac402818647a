//! The JSON of OData V1–V3 services (models generated from EDMX 1.0 metadata), where it differs
//! from V4's: [`Verbose`] (the `{"d": ...}` envelope), [`Results`] (collections as arrays,
//! `{"results": [...]}` objects or `{"__deferred": {...}}` links) and [`Quoted`] (Int64 and
//! floating-point values that may be strings); their date-times are [`DateTime`](super::DateTime).
//! Each keeps the form it was read in, so a round trip is exact.

use super::{Field, Model, Wire, WireSeed};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::core::ops::Deref;
use ::serde::de::value::SeqAccessDeserializer;
use ::serde::de::{self, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use ::serde::ser::SerializeMap;
use ::serde::{Deserializer, Serializer};
use ::serde_json::Value;

/// A number that OData V1–V3 JSON may write as a string: Edm.Int64 (`"42"`), Edm.Double and
/// Edm.Single (`"2.5"`, `"1E+01"`). Read from a JSON number or from a string holding one; the
/// string is kept, so the value is written back in the form it came in, until [`Quoted::set`]
/// replaces it (a value made here is written as a JSON number).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quoted<T> {
    value: T,
    text: Option<Box<str>>,
}

impl<T> Quoted<T> {
    /// A value written as a JSON number.
    pub fn new(value: T) -> Self {
        Quoted { value, text: None }
    }

    /// A value written as the JSON string `text` (which must read as `value`).
    pub fn with_text(value: T, text: impl Into<Box<str>>) -> Self {
        Quoted {
            value,
            text: Some(text.into()),
        }
    }

    /// The value.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// Replaces the value (written as a JSON number from now on).
    pub fn set(&mut self, value: T) {
        self.value = value;
        self.text = None;
    }

    /// The string the value was read from, if it came as a string.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// Converts into the value.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> From<T> for Quoted<T> {
    fn from(value: T) -> Self {
        Quoted::new(value)
    }
}

impl<T> Deref for Quoted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Quoted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(t) => f.write_str(t),
            None => self.value.fmt(f),
        }
    }
}

struct QuotedVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Wire> Visitor<'de> for QuotedVisitor<T> {
    type Value = Quoted<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quoted<T>, E> {
        T::deserialize_wire(v.into_deserializer()).map(Quoted::new)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quoted<T>, E> {
        T::deserialize_wire(v.into_deserializer()).map(Quoted::new)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quoted<T>, E> {
        T::deserialize_wire(v.into_deserializer()).map(Quoted::new)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Quoted<T>, E> {
        // A JSON number in the string, read as the type reads numbers (its range and rules).
        let mut de = ::serde_json::Deserializer::from_str(v);
        let number = v.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
            && !v.ends_with(|c: char| c.is_ascii_whitespace());
        if number {
            match T::deserialize_wire(&mut de) {
                Ok(value) if de.end().is_ok() => return Ok(Quoted::with_text(value, v)),
                // A number the type does not take (`"5.0"` for an integer): its reason.
                Err(e) if !e.is_syntax() && !e.is_eof() => {
                    // Its position is within the string: left out.
                    let text = e.to_string();
                    let at = format!(" at line {} column {}", e.line(), e.column());
                    let reason = text.strip_suffix(&at).unwrap_or(&text);
                    return Err(E::custom(format_args!("invalid number {v:?}: {reason}")));
                }
                _ => {}
            }
        }
        // Strings the type reads itself (Double's `"INF"`, `"-INF"`, `"NaN"`); an error names
        // the text otherwise.
        let strict: Result<T, ::serde::de::value::Error> =
            T::deserialize_wire(v.into_deserializer());
        strict.map(Quoted::new).map_err(|_| {
            E::custom(format_args!(
                "invalid number {v:?}: expected a JSON number, or a string holding one as JSON writes it (no `+` sign, no leading zeros, no spaces)"
            ))
        })
    }
}

impl<T: Wire> Wire for Quoted<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuotedVisitor(PhantomData))
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(t) => s.serialize_str(t),
            None => self.value.serialize_wire(s),
        }
    }
}

/// A collection in OData V1–V3 JSON: an array (V1, V3), an object whose `results` member holds
/// the array (V2 verbose JSON, with `__count` and `__next` beside it), or a link that was not
/// expanded (`{"__deferred": {"uri": ...}}`: no items). The other members are kept in place.
#[derive(Clone, Debug, PartialEq)]
pub struct Results<T> {
    items: Option<Vec<T>>,
    members: Vec<(String, Value)>,
    results_at: usize,
    array: bool,
}

impl<T> Default for Results<T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<T> From<Vec<T>> for Results<T> {
    /// A collection written as an array.
    fn from(items: Vec<T>) -> Self {
        Results {
            items: Some(items),
            members: Vec::new(),
            results_at: 0,
            array: true,
        }
    }
}

impl<T> Results<T> {
    /// A collection written as `{"results": [...]}` (V2 verbose JSON).
    pub fn wrapped(items: Vec<T>) -> Self {
        Results {
            array: false,
            ..items.into()
        }
    }

    /// The items (none for a deferred link).
    pub fn items(&self) -> &[T] {
        self.items.as_deref().unwrap_or_default()
    }

    /// The items, mutably (`None` for a deferred link).
    pub fn items_mut(&mut self) -> Option<&mut Vec<T>> {
        self.items.as_mut()
    }

    /// Converts into the items.
    pub fn into_items(self) -> Vec<T> {
        self.items.unwrap_or_default()
    }

    /// Whether the collection came as an array (not a `results` object).
    pub fn is_array(&self) -> bool {
        self.array
    }

    /// Whether this is a link without items (`{"__deferred": ...}`, no `results`).
    pub fn is_deferred(&self) -> bool {
        self.items.is_none()
    }

    /// The members beside `results`, in order (`__count`, `__next`, `__deferred`, ...).
    pub fn members(&self) -> &[(String, Value)] {
        &self.members
    }

    fn member(&self, name: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// `__deferred.uri`: where the items of a link that was not expanded are.
    pub fn deferred_uri(&self) -> Option<&str> {
        self.member("__deferred")?.get("uri")?.as_str()
    }

    /// `__next`: the URL of the next page.
    pub fn next_link(&self) -> Option<&str> {
        self.member("__next")?.as_str()
    }

    /// `__count` (`$inlinecount=allpages`): a string in V2 JSON, a number in some services.
    pub fn count(&self) -> Option<u64> {
        match self.member("__count")? {
            Value::String(s) => s.parse().ok(),
            v => v.as_u64(),
        }
    }
}

impl<T> Deref for Results<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.items()
    }
}

struct ResultsVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Wire> Visitor<'de> for ResultsVisitor<T> {
    type Value = Results<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array, or an object with `results` or `__deferred`")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Results<T>, A::Error> {
        Vec::<T>::deserialize_wire(SeqAccessDeserializer::new(seq)).map(Results::from)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Results<T>, A::Error> {
        let mut out = Results {
            items: None,
            members: Vec::new(),
            results_at: 0,
            array: false,
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == "results" {
                if out.items.is_some() {
                    return Err(de::Error::duplicate_field("results"));
                }
                out.items = Some(map.next_value_seed(WireSeed::<Vec<T>>::new())?);
                out.results_at = out.members.len();
            } else {
                let value: Value = map.next_value()?;
                out.members.push((key, value));
            }
        }
        Ok(out)
    }
}

impl<T: Wire> Wire for Results<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ResultsVisitor(PhantomData))
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = self.items.as_ref();
        if self.array {
            // An array form always has its items (`From<Vec<T>>`, or read from an array).
            return match items {
                Some(items) => items.serialize_wire(s),
                None => Vec::<T>::new().serialize_wire(s),
            };
        }
        let mut map = s.serialize_map(Some(self.members.len() + usize::from(items.is_some())))?;
        let (before, after) = self
            .members
            .split_at(self.results_at.min(self.members.len()));
        for (k, v) in before {
            map.serialize_entry(k, v)?;
        }
        if let Some(items) = items {
            map.serialize_entry("results", &super::AsWire(items))?;
        }
        for (k, v) in after {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The envelope of an OData V1–V3 verbose JSON response: `{"d": ...}`, around an entity, a
/// collection ([`Results`]) or a value. Any other member is an error (an error response is
/// `{"error": ...}`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verbose<T> {
    /// The payload.
    pub d: T,
}

struct VerboseVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Wire> Visitor<'de> for VerboseVisitor<T> {
    type Value = Verbose<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with the member `d`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Verbose<T>, A::Error> {
        let mut d = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "d" {
                return Err(de::Error::unknown_field(&key, &["d"]));
            }
            if d.is_some() {
                return Err(de::Error::duplicate_field("d"));
            }
            d = Some(map.next_value_seed(WireSeed::<T>::new())?);
        }
        d.map(|d| Verbose { d })
            .ok_or_else(|| de::Error::missing_field("d"))
    }
}

impl<T: Wire> Wire for Verbose<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(VerboseVisitor(PhantomData))
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("d", &super::AsWire(&self.d))?;
        map.end()
    }
}

/// A single-valued navigation property of OData V1–V3 (`Field<Box<T>>`): the entity when the
/// service expanded it; a link that was not expanded (`{"__deferred": {"uri": ...}}`, which V2
/// services send for every navigation property by default) reads as an entity holding nothing but
/// that member, kept so that it is written back.
impl<T: Model> Field<Box<T>> {
    /// The entity, when it was expanded: `None` for absent, `null` and a deferred link.
    pub fn expanded(&self) -> Option<&T> {
        self.value().map(|b| &**b).filter(|m| deferred_uri_of(*m).is_none())
    }

    /// `__deferred.uri` of a link that was not expanded: where the entity is.
    pub fn deferred_uri(&self) -> Option<&str> {
        self.value().and_then(|b| deferred_uri_of(&**b))
    }
}

/// The URI of a model that is only a deferred link: no known member present, and `__deferred`.
fn deferred_uri_of<T: Model>(m: &T) -> Option<&str> {
    let mut present = [0u64; 8];
    let words = T::FIELDS.len().div_ceil(64);
    if words <= present.len() {
        m.present(&mut present[..words]);
        if present.iter().any(|w| *w != 0) {
            return None;
        }
    }
    m.additional_data().get("__deferred")?.get("uri")?.as_str()
}
