//! `Double`, `Single` and `Decimal`: numbers that round-trip exactly (`1` stays `1`, `1.0` stays `1.0`).

use super::{ParseError, Wire, lex_decimal_number};
use ::core::fmt;
use ::core::str::FromStr;
use ::serde::de::{self, Visitor};
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON number as received (kept so that `1` and `1.0` round-trip exactly), or a special value.
#[derive(Clone, Copy, Debug)]
enum Num {
    U(u64),
    I(i64),
    F(f64),
    Inf,
    NegInf,
    NaN,
}

impl Num {
    fn from_f64(v: f64) -> Num {
        if v.is_nan() {
            Num::NaN
        } else if v == f64::INFINITY {
            Num::Inf
        } else if v == f64::NEG_INFINITY {
            Num::NegInf
        } else {
            Num::F(v)
        }
    }

    fn get(self) -> f64 {
        match self {
            Num::U(u) => u as f64,
            Num::I(i) => i as f64,
            Num::F(f) => f,
            Num::Inf => f64::INFINITY,
            Num::NegInf => f64::NEG_INFINITY,
            Num::NaN => f64::NAN,
        }
    }

    fn same(self, other: Num) -> bool {
        let (a, b) = (self.get(), other.get());
        a == b || (a.is_nan() && b.is_nan())
    }

    fn special(s: &str) -> Option<Num> {
        match s {
            "INF" => Some(Num::Inf),
            "-INF" => Some(Num::NegInf),
            "NaN" => Some(Num::NaN),
            _ => None,
        }
    }

    fn parse(s: &str, edm: &'static str) -> Result<Num, ParseError> {
        if let Some(n) = Num::special(s) {
            return Ok(n);
        }
        let err = || ParseError::new(edm, s, "a decimal number, INF, -INF or NaN");
        if !lex_decimal_number(s) {
            return Err(err());
        }
        if !s.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            let t = s.strip_prefix('+').unwrap_or(s);
            if let Ok(u) = t.parse::<u64>() {
                return Ok(Num::U(u));
            }
            if let Ok(i) = t.parse::<i64>() {
                return Ok(Num::I(i));
            }
        }
        match s.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Num::F(f)),
            _ => Err(err()),
        }
    }

    fn serialize<S: Serializer>(self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Num::U(u) => s.serialize_u64(u),
            Num::I(i) => s.serialize_i64(i),
            Num::F(f) => s.serialize_f64(f),
            Num::Inf => s.serialize_str("INF"),
            Num::NegInf => s.serialize_str("-INF"),
            Num::NaN => s.serialize_str("NaN"),
        }
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::U(u) => write!(f, "{u}"),
            Num::I(i) => write!(f, "{i}"),
            Num::F(x) => write!(f, "{x:?}"),
            Num::Inf => f.write_str("INF"),
            Num::NegInf => f.write_str("-INF"),
            Num::NaN => f.write_str("NaN"),
        }
    }
}

struct NumVisitor(&'static str);

impl Visitor<'_> for NumVisitor {
    type Value = Num;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an {} (a JSON number or \"INF\", \"-INF\", \"NaN\")",
            self.0
        )
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        Ok(Num::U(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        Ok(Num::I(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
        Ok(Num::from_f64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
        Num::special(v).ok_or_else(|| {
            E::custom(ParseError::new(
                self.0,
                v,
                "a JSON number or the string \"INF\", \"-INF\" or \"NaN\"",
            ))
        })
    }
}

/// Edm.Double: a JSON number, or the strings `"INF"`, `"-INF"`, `"NaN"`. The received form is kept,
/// so `1` is written back as `1` and `1.0` as `1.0`. Equality compares the numeric values
/// (`1 == 1.0`, and `NaN == NaN` so that equality is reflexive).
#[derive(Clone, Copy, Debug)]
pub struct Double(Num);

impl Double {
    /// From an `f64` (infinities and NaN are written as `"INF"`, `"-INF"`, `"NaN"`).
    pub fn new(v: f64) -> Self {
        Double(Num::from_f64(v))
    }

    /// The value.
    pub fn get(&self) -> f64 {
        self.0.get()
    }
}

impl Default for Double {
    fn default() -> Self {
        Double(Num::U(0))
    }
}

impl From<f64> for Double {
    fn from(v: f64) -> Self {
        Double::new(v)
    }
}

impl From<Double> for f64 {
    fn from(v: Double) -> f64 {
        v.get()
    }
}

impl PartialEq for Double {
    fn eq(&self, other: &Self) -> bool {
        self.0.same(other.0)
    }
}

impl fmt::Display for Double {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Double {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Num::parse(s, "Edm.Double").map(Double)
    }
}

impl Wire for Double {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor("Edm.Double")).map(Double)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

/// Edm.Single: like [`Double`] (the received number is kept exactly), with an `f32` interface.
#[derive(Clone, Copy, Debug)]
pub struct Single(Num);

impl Single {
    /// From an `f32` (written with the shortest decimal form of the `f32`, e.g. `0.1`).
    pub fn new(v: f32) -> Self {
        if !v.is_finite() {
            return Single(Num::from_f64(f64::from(v)));
        }
        // The shortest text of the f32 read as f64 keeps `0.1f32` as the JSON number 0.1.
        let wide = v.to_string().parse::<f64>().unwrap_or(f64::from(v));
        Single(Num::F(wide))
    }

    /// The value (numbers beyond the `f32` range give infinities).
    pub fn get(&self) -> f32 {
        self.0.get() as f32
    }
}

impl Default for Single {
    fn default() -> Self {
        Single(Num::U(0))
    }
}

impl From<f32> for Single {
    fn from(v: f32) -> Self {
        Single::new(v)
    }
}

impl From<Single> for f32 {
    fn from(v: Single) -> f32 {
        v.get()
    }
}

impl PartialEq for Single {
    fn eq(&self, other: &Self) -> bool {
        self.0.same(other.0)
    }
}

impl fmt::Display for Single {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Single {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Num::parse(s, "Edm.Single").map(Single)
    }
}

impl Wire for Single {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor("Edm.Single")).map(Single)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl Serialize for Single {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for Single {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum DecimalRepr {
    Number(::serde_json::Number),
    /// A JSON number that `Number` would not write back as received (`45.00`, or more digits
    /// than an `f64` holds): the nearest `Number`, and the text, which is what is written.
    Digits(::serde_json::Number, RawNumber),
    /// A JSON number beyond an `f64`'s range (`1e400`), which `Number` cannot hold: the text.
    Huge(RawNumber),
    Text(String),
}

/// The text of a JSON number, as received.
#[derive(Clone, Debug)]
struct RawNumber(Box<::serde_json::value::RawValue>);

impl PartialEq for RawNumber {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for RawNumber {}

impl ::core::hash::Hash for RawNumber {
    fn hash<H: ::core::hash::Hasher>(&self, h: &mut H) {
        self.0.get().hash(h);
    }
}

/// Edm.Decimal: a JSON number or a string (IEEE754Compatible), kept exactly as received: a number
/// is written back with its digits as they came (`45.00` stays `45.00`, and a value with more
/// digits than an `f64` holds keeps them all), a string stays a string. Equality compares the
/// representation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal(DecimalRepr);

impl Decimal {
    /// From a JSON number.
    pub fn from_number(n: ::serde_json::Number) -> Self {
        Decimal(DecimalRepr::Number(n))
    }

    /// From a finite `f64` (`None` for infinities and NaN).
    pub fn from_f64(v: f64) -> Option<Self> {
        ::serde_json::Number::from_f64(v).map(Decimal::from_number)
    }

    /// From decimal text, always written as a JSON string (IEEE754Compatible form).
    pub fn from_text(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(Decimal(DecimalRepr::Text(s.to_owned())))
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_decimal_number(s) || Num::special(s).is_some() {
            Ok(())
        } else {
            Err(ParseError::new(
                "Edm.Decimal",
                s,
                "a decimal number like 1.5 or -2e10",
            ))
        }
    }

    /// The JSON number, when the value was a number (the nearest `f64` when its digits do not
    /// fit one: [`Decimal`]'s `Display` gives them all; `None` beyond an `f64`'s range).
    pub fn as_number(&self) -> Option<&::serde_json::Number> {
        match &self.0 {
            DecimalRepr::Number(n) | DecimalRepr::Digits(n, _) => Some(n),
            DecimalRepr::Huge(_) | DecimalRepr::Text(_) => None,
        }
    }

    /// The text, when the value was a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            DecimalRepr::Number(_) | DecimalRepr::Digits(..) | DecimalRepr::Huge(_) => None,
            DecimalRepr::Text(t) => Some(t),
        }
    }

    /// Whether the value is written as a JSON string.
    pub fn is_string(&self) -> bool {
        matches!(self.0, DecimalRepr::Text(_))
    }

    /// The value as an `f64` (may lose precision).
    pub fn to_f64(&self) -> Option<f64> {
        match &self.0 {
            DecimalRepr::Number(n) | DecimalRepr::Digits(n, _) => n.as_f64(),
            DecimalRepr::Huge(raw) => raw.0.get().parse().ok(),
            DecimalRepr::Text(t) => Num::parse(t, "Edm.Decimal").ok().map(Num::get),
        }
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal(DecimalRepr::Number(::serde_json::Number::from(0u8)))
    }
}

impl From<i64> for Decimal {
    fn from(v: i64) -> Self {
        Decimal::from_number(v.into())
    }
}

impl From<u64> for Decimal {
    fn from(v: u64) -> Self {
        Decimal::from_number(v.into())
    }
}

impl From<i32> for Decimal {
    fn from(v: i32) -> Self {
        Decimal::from_number(v.into())
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            DecimalRepr::Number(n) => fmt::Display::fmt(n, f),
            DecimalRepr::Digits(_, raw) | DecimalRepr::Huge(raw) => f.write_str(raw.0.get()),
            DecimalRepr::Text(t) => f.write_str(t),
        }
    }
}

/// Parses decimal text, written as the service's JSON format writes a decimal: a JSON number
/// with every digit as given (`1.50` stays `1.50`, `12345678901234567890123` keeps its digits)
/// in OData V4; a string (`"1.50"`) in V1–V3 and in crates speaking `IEEE754Compatible=true`
/// (the crate's `IEEE754_COMPATIBLE`), as those formats ask. Text that is no JSON number (`+1`,
/// `.5`, `INF`) is a string everywhere.
impl FromStr for Decimal {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        let strings = !crate::ODATA_VERSION.starts_with('4') || crate::IEEE754_COMPATIBLE;
        if !strings
            && s.starts_with(|c: char| c == '-' || c.is_ascii_digit())
            && let Ok(raw) = ::serde_json::from_str::<Box<::serde_json::value::RawValue>>(s)
            && raw.get() == s
            && let Ok(d) = Decimal::from_raw::<::serde_json::Error>(raw)
        {
            return Ok(d);
        }
        Ok(Decimal(DecimalRepr::Text(s.to_owned())))
    }
}

impl Decimal {
    /// From the JSON text of a value: a number (kept as written when `Number` would write it
    /// otherwise) or a string holding a decimal number.
    fn from_raw<E: de::Error>(raw: Box<::serde_json::value::RawValue>) -> Result<Decimal, E> {
        let text = raw.get();
        if text.starts_with('"') {
            let s: String = ::serde_json::from_str(text).map_err(E::custom)?;
            Decimal::check(&s).map_err(E::custom)?;
            return Ok(Decimal(DecimalRepr::Text(s)));
        }
        let n: ::serde_json::Number = match ::serde_json::from_str(text) {
            Ok(n) => n,
            // A JSON number `Number` cannot hold (beyond an `f64`'s range): kept as text.
            Err(_) if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => {
                return Ok(Decimal(DecimalRepr::Huge(RawNumber(raw))));
            }
            Err(_) => {
                return Err(E::custom(format_args!(
                    "invalid type: {text}, expected an Edm.Decimal (a JSON number or a string holding a decimal number)"
                )));
            }
        };
        // `Number` writes what it read unless the text has digits it does not keep (trailing
        // zeros, more than an `f64` holds, `-0`) or another exponent form: then keep the text.
        Ok(Decimal(if n.to_string() == text {
            DecimalRepr::Number(n)
        } else {
            DecimalRepr::Digits(n, RawNumber(raw))
        }))
    }
}

impl Wire for Decimal {
    /// Reads the value's JSON text (serde_json's `RawValue`), so the digits of a number are kept
    /// as received; JSON only (every reader of the generated crates is serde_json's, or a
    /// `serde_json::Value`, which gives its number as `Number` writes it).
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <Box<::serde_json::value::RawValue>>::deserialize(d)?;
        Decimal::from_raw(raw)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            DecimalRepr::Number(n) => n.serialize(s),
            DecimalRepr::Digits(_, raw) | DecimalRepr::Huge(raw) => raw.0.serialize(s),
            DecimalRepr::Text(t) => s.serialize_str(t),
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}
