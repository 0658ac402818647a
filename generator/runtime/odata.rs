//! OData runtime support: the tri-state [`Field`], the [`Wire`] JSON mapping, the Edm primitive types,
//! open enums and flags, order-preserving (de)serialization of entity and complex types ([`Model`]),
//! polymorphic dispatch and JSON entry points whose errors carry the JSON path ([`from_str`]).
//!
//! This module is copied verbatim into every generated crate; it depends only on `serde`,
//! `serde_json` (feature `preserve_order`) and `serde_path_to_error`, and never panics on input.

use ::core::fmt;
use ::core::marker::PhantomData;
use ::core::str::FromStr;
use ::serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{self, SerializeMap};
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};
use ::serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Field
// ---------------------------------------------------------------------------------------------

/// The value of a property on the wire: absent (member not present), explicit `null`, or a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Field<T> {
    /// The member is not present in the JSON object (it is not written either).
    #[default]
    Absent,
    /// The member is present with the value `null`.
    Null,
    /// The member is present with a value.
    Value(T),
}

impl<T> Field<T> {
    /// Whether the member is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the member is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// Whether the member is present (`null` or a value).
    pub fn is_present(&self) -> bool {
        !self.is_absent()
    }

    /// Whether the member holds a (non-null) value.
    pub fn is_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }

    /// The value, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => None,
        }
    }

    /// The value, mutably, if any.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => None,
        }
    }

    /// Converts into the value, if any.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => None,
        }
    }

    /// Borrows the value: `Field<T>` to `Field<&T>`.
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }

    /// Borrows the value mutably: `Field<T>` to `Field<&mut T>`.
    pub fn as_mut(&mut self) -> Field<&mut T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }

    /// Maps the value, keeping `Absent` and `Null`.
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(f(v)),
        }
    }

    /// Takes the field out, leaving `Absent`.
    pub fn take(&mut self) -> Field<T> {
        ::core::mem::take(self)
    }
}

impl<T> From<T> for Field<T> {
    fn from(v: T) -> Self {
        Field::Value(v)
    }
}

impl<T> From<Option<T>> for Field<T> {
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Field::Value(v),
            None => Field::Null,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Wire
// ---------------------------------------------------------------------------------------------

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

/// Edm.Int64: a JSON number, or a string holding an integer (IEEE754Compatible); written as a number.
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
        f.write_str("an Edm.Int64 (a JSON integer or a string holding an integer)")
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
            "invalid Edm.Int64 {v}: expected an integer in the Int64 range"
        )))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        parse_int64(v).map_err(E::custom)
    }
}

fn parse_int64(v: &str) -> Result<i64, ParseError> {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::new("Edm.Int64", v, "an integer"));
    }
    v.parse::<i64>()
        .map_err(|_| ParseError::new("Edm.Int64", v, "an integer in the Int64 range"))
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
        while let Some(item) = seq.next_element_seed(WireSeed::<T>::new())? {
            out.push(item);
        }
        Ok(out)
    }
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

// ---------------------------------------------------------------------------------------------
// Parse errors
// ---------------------------------------------------------------------------------------------

/// An invalid lexical form of an Edm primitive type, e.g.
/// `invalid Edm.Guid "skuId-value": expected 8-4-4-4-12 hex digits`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    type_name: &'static str,
    value: String,
    expected: &'static str,
}

impl ParseError {
    fn new(type_name: &'static str, value: &str, expected: &'static str) -> Self {
        const MAX: usize = 64;
        let value = if value.chars().count() > MAX {
            let mut s: String = value.chars().take(MAX).collect();
            s.push('…');
            s
        } else {
            value.to_owned()
        };
        ParseError {
            type_name,
            value,
            expected,
        }
    }

    /// The Edm type name, e.g. `Edm.Guid`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// What was expected, e.g. `8-4-4-4-12 hex digits`.
    pub fn expected(&self) -> &'static str {
        self.expected
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} {:?}: expected {}",
            self.type_name, self.value, self.expected
        )
    }
}

impl ::std::error::Error for ParseError {}

// ---------------------------------------------------------------------------------------------
// Lexical validation (OData ABNF)
// ---------------------------------------------------------------------------------------------

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            b: s.as_bytes(),
            i: 0,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn bump(&mut self) {
        if self.i < self.b.len() {
            self.i += 1;
        }
    }
    /// Consumes `c` (ASCII case-insensitive, as ABNF literals are) if it is next.
    fn eat(&mut self, c: u8) -> bool {
        match self.peek() {
            Some(x) if x.eq_ignore_ascii_case(&c) => {
                self.bump();
                true
            }
            _ => false,
        }
    }
    fn eat_sign(&mut self) -> bool {
        self.eat(b'+') || self.eat(b'-')
    }
    /// Consumes a run of digits; returns (count, value saturated).
    fn digits(&mut self) -> (usize, u32) {
        let mut n = 0usize;
        let mut v = 0u32;
        while let Some(c) = self.peek() {
            if !c.is_ascii_digit() {
                break;
            }
            v = v.saturating_mul(10).saturating_add(u32::from(c - b'0'));
            n += 1;
            self.bump();
        }
        (n, v)
    }
    /// Exactly two digits with a value in `0..=max`.
    fn two(&mut self, min: u32, max: u32) -> bool {
        let start = self.i;
        let (n, v) = self.digits();
        if n == 2 && (min..=max).contains(&v) {
            true
        } else {
            self.i = start;
            false
        }
    }
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

fn lex_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `year "-" month "-" day`, year = `["-"] ("0" 3DIGIT / oneToNine 3*DIGIT)`.
fn lex_date_part(c: &mut Cursor<'_>) -> bool {
    c.eat(b'-');
    let first = c.peek();
    let (n, _) = c.digits();
    if n < 4 || (n > 4 && first == Some(b'0')) {
        return false;
    }
    c.eat(b'-') && c.two(1, 12) && c.eat(b'-') && c.two(1, 31)
}

/// `hour ":" minute [":" second ["." fractionalSeconds]]`.
fn lex_time_part(c: &mut Cursor<'_>) -> bool {
    if !(c.two(0, 23) && c.eat(b':') && c.two(0, 59)) {
        return false;
    }
    if c.eat(b':') {
        if !c.two(0, 60) {
            return false;
        }
        if c.eat(b'.') && c.digits().0 == 0 {
            return false;
        }
    }
    true
}

fn lex_date(s: &str) -> bool {
    let mut c = Cursor::new(s);
    lex_date_part(&mut c) && c.done()
}

fn lex_time_of_day(s: &str) -> bool {
    let mut c = Cursor::new(s);
    lex_time_part(&mut c) && c.done()
}

fn lex_date_time_offset(s: &str) -> bool {
    let mut c = Cursor::new(s);
    if !(lex_date_part(&mut c) && c.eat(b'T') && lex_time_part(&mut c)) {
        return false;
    }
    if c.eat(b'Z') {
        return c.done();
    }
    c.eat_sign() && c.two(0, 23) && c.eat(b':') && c.two(0, 59) && c.done()
}

/// `[SIGN] "P" [1*DIGIT "D"] ["T" [1*DIGIT "H"] [1*DIGIT "M"] [1*DIGIT ["." 1*DIGIT] "S"]]`.
fn lex_duration(s: &str) -> bool {
    let mut c = Cursor::new(s);
    c.eat_sign();
    if !c.eat(b'P') {
        return false;
    }
    if c.digits().0 > 0 && !c.eat(b'D') {
        return false;
    }
    if c.done() {
        return true;
    }
    if !c.eat(b'T') {
        return false;
    }
    // 0: nothing yet, 1: after H, 2: after M, 3: after S
    let mut stage = 0u8;
    while !c.done() {
        if c.digits().0 == 0 {
            return false;
        }
        if c.eat(b'.') {
            if c.digits().0 == 0 || !c.eat(b'S') {
                return false;
            }
            stage = 3;
        } else if stage < 1 && c.eat(b'H') {
            stage = 1;
        } else if stage < 2 && c.eat(b'M') {
            stage = 2;
        } else if stage < 3 && c.eat(b'S') {
            stage = 3;
        } else {
            return false;
        }
        if stage == 3 && !c.done() {
            return false;
        }
    }
    true
}

/// `[SIGN] 1*DIGIT ["." 1*DIGIT] ["e" [SIGN] 1*DIGIT]`.
fn lex_decimal_number(s: &str) -> bool {
    let mut c = Cursor::new(s);
    c.eat_sign();
    if c.digits().0 == 0 {
        return false;
    }
    if c.eat(b'.') && c.digits().0 == 0 {
        return false;
    }
    if c.eat(b'e') {
        c.eat_sign();
        if c.digits().0 == 0 {
            return false;
        }
    }
    c.done()
}

fn base64_sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// base64 or base64url, padded or not.
fn lex_binary(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let pad = s.len() - body.len();
    if pad > 2 || !body.bytes().all(|c| base64_sextet(c).is_some()) {
        return false;
    }
    match body.len() % 4 {
        1 => false,
        0 => pad == 0,
        _ => pad == 0 || s.len().is_multiple_of(4),
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let body = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in body.bytes() {
        let Some(v) = base64_sextet(c) else {
            break;
        };
        acc = ((acc << 6) | u32::from(v)) & 0xFF_FFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xFF) as u8);
        }
    }
    out
}

fn base64_encode(bytes: &[u8], url: bool) -> String {
    fn sym(v: u32, url: bool) -> char {
        let v = (v & 63) as u8;
        char::from(match v {
            0..=25 => b'A' + v,
            26..=51 => b'a' + (v - 26),
            52..=61 => b'0' + (v - 52),
            62 if url => b'-',
            62 => b'+',
            _ if url => b'_',
            _ => b'/',
        })
    }
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (k, b) in chunk.iter().enumerate() {
            n |= u32::from(*b) << (16 - 8 * k as u32);
        }
        let syms = chunk.len() + 1;
        for k in 0..4u32 {
            if (k as usize) < syms {
                out.push(sym(n >> (18 - 6 * k), url));
            } else if !url {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Text-backed primitive types
// ---------------------------------------------------------------------------------------------

struct TextVisitor<T> {
    expecting: &'static str,
    check: fn(&str) -> Result<(), ParseError>,
    wrap: fn(String) -> T,
}

impl<T> Visitor<'_> for TextVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.check)(v).map_err(E::custom)?;
        Ok((self.wrap)(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        (self.check)(&v).map_err(E::custom)?;
        Ok((self.wrap)(v))
    }
}

/// Edm.Guid: `8-4-4-4-12` hex digits, kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Guid(String);

impl Guid {
    /// The text exactly as received or parsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Converts into the text.
    pub fn into_string(self) -> String {
        self.0
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_guid(s) {
            Ok(())
        } else {
            Err(ParseError::new("Edm.Guid", s, "8-4-4-4-12 hex digits"))
        }
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Guid {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(Guid(s.to_owned()))
    }
}

impl TryFrom<String> for Guid {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        Self::check(&s)?;
        Ok(Guid(s))
    }
}

impl TryFrom<&str> for Guid {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl AsRef<str> for Guid {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Wire for Guid {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expecting: "an Edm.Guid string (8-4-4-4-12 hex digits)",
            check: Self::check,
            wrap: Guid,
        })
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

/// Edm.DateTimeOffset: `YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|±hh:mm)`, kept exactly as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateTimeOffset(String);

impl DateTimeOffset {
    /// The text exactly as received or parsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Converts into the text.
    pub fn into_string(self) -> String {
        self.0
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_date_time_offset(s) {
            Ok(())
        } else {
            Err(ParseError::new(
                "Edm.DateTimeOffset",
                s,
                "YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|+hh:mm|-hh:mm)",
            ))
        }
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(DateTimeOffset(s.to_owned()))
    }
}

impl TryFrom<String> for DateTimeOffset {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        Self::check(&s)?;
        Ok(DateTimeOffset(s))
    }
}

impl TryFrom<&str> for DateTimeOffset {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl AsRef<str> for DateTimeOffset {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Wire for DateTimeOffset {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expecting: "an Edm.DateTimeOffset string (YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|+hh:mm|-hh:mm))",
            check: Self::check,
            wrap: DateTimeOffset,
        })
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

/// Edm.Date: `YYYY-MM-DD`, kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Date(String);

impl Date {
    /// The text exactly as received or parsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Converts into the text.
    pub fn into_string(self) -> String {
        self.0
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_date(s) {
            Ok(())
        } else {
            Err(ParseError::new("Edm.Date", s, "YYYY-MM-DD"))
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Date {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(Date(s.to_owned()))
    }
}

impl TryFrom<String> for Date {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        Self::check(&s)?;
        Ok(Date(s))
    }
}

impl TryFrom<&str> for Date {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl AsRef<str> for Date {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Wire for Date {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expecting: "an Edm.Date string (YYYY-MM-DD)",
            check: Self::check,
            wrap: Date,
        })
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

/// Edm.TimeOfDay: `hh:mm[:ss[.fffffff]]`, kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TimeOfDay(String);

impl TimeOfDay {
    /// The text exactly as received or parsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Converts into the text.
    pub fn into_string(self) -> String {
        self.0
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_time_of_day(s) {
            Ok(())
        } else {
            Err(ParseError::new("Edm.TimeOfDay", s, "hh:mm[:ss[.fffffff]]"))
        }
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(TimeOfDay(s.to_owned()))
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        Self::check(&s)?;
        Ok(TimeOfDay(s))
    }
}

impl TryFrom<&str> for TimeOfDay {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl AsRef<str> for TimeOfDay {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Wire for TimeOfDay {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expecting: "an Edm.TimeOfDay string (hh:mm[:ss[.fffffff]])",
            check: Self::check,
            wrap: TimeOfDay,
        })
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

/// Edm.Duration: `[-]P[nD][T[nH][nM][n[.f]S]]` (e.g. `P1DT2H`, `PT0S`), kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Duration(String);

impl Duration {
    /// The text exactly as received or parsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Converts into the text.
    pub fn into_string(self) -> String {
        self.0
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_duration(s) {
            Ok(())
        } else {
            Err(ParseError::new(
                "Edm.Duration",
                s,
                "[-]P[nD][T[nH][nM][n[.f]S]] (e.g. P1DT2H)",
            ))
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Duration {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(Duration(s.to_owned()))
    }
}

impl TryFrom<String> for Duration {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        Self::check(&s)?;
        Ok(Duration(s))
    }
}

impl TryFrom<&str> for Duration {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl AsRef<str> for Duration {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Wire for Duration {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expecting: "an Edm.Duration string ([-]P[nD][T[nH][nM][n[.f]S]] (e.g. P1DT2H))",
            check: Self::check,
            wrap: Duration,
        })
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

/// Edm.Binary: base64url or base64 text, with or without padding, kept as written;
/// [`Binary::bytes`] decodes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Binary(String);

impl Binary {
    /// The text exactly as received or parsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Converts into the text.
    pub fn into_string(self) -> String {
        self.0
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_binary(s) {
            Ok(())
        } else {
            Err(ParseError::new("Edm.Binary", s, "base64url or base64 text"))
        }
    }
}

impl fmt::Display for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Binary {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(Binary(s.to_owned()))
    }
}

impl TryFrom<String> for Binary {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        Self::check(&s)?;
        Ok(Binary(s))
    }
}

impl TryFrom<&str> for Binary {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl AsRef<str> for Binary {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Wire for Binary {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expecting: "an Edm.Binary string (base64url or base64 text)",
            check: Self::check,
            wrap: Binary,
        })
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

impl Binary {
    /// The decoded bytes.
    pub fn bytes(&self) -> Vec<u8> {
        base64_decode(&self.0)
    }

    /// Encodes bytes as standard base64 with padding (what most OData services accept).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Binary(base64_encode(bytes, false))
    }

    /// Encodes bytes as base64url without padding (the OData ABNF form).
    pub fn from_bytes_url(bytes: &[u8]) -> Self {
        Binary(base64_encode(bytes, true))
    }
}

// ---------------------------------------------------------------------------------------------
// Double, Single, Decimal
// ---------------------------------------------------------------------------------------------

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
    Text(String),
}

/// Edm.Decimal: a JSON number or a string (IEEE754Compatible), kept exactly as received (a number
/// stays the same `serde_json::Number`, a string stays a string). Equality compares the
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

    /// The JSON number, when the value was a number.
    pub fn as_number(&self) -> Option<&::serde_json::Number> {
        match &self.0 {
            DecimalRepr::Number(n) => Some(n),
            DecimalRepr::Text(_) => None,
        }
    }

    /// The text, when the value was a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            DecimalRepr::Number(_) => None,
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
            DecimalRepr::Number(n) => n.as_f64(),
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
            DecimalRepr::Text(t) => f.write_str(t),
        }
    }
}

/// Parses decimal text: a JSON number when the number reproduces the text exactly (`1.5`, `-3`),
/// otherwise a string that keeps every digit (`1.50`, `12345678901234567890123`).
impl FromStr for Decimal {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        if let Ok(n) = ::serde_json::from_str::<::serde_json::Number>(s)
            && n.to_string() == s
        {
            return Ok(Decimal(DecimalRepr::Number(n)));
        }
        Ok(Decimal(DecimalRepr::Text(s.to_owned())))
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Decimal (a JSON number or a string holding a decimal number)")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Decimal::from_f64(v)
            .ok_or_else(|| E::custom(format_args!("invalid Edm.Decimal {v}: not finite")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        Decimal::check(v).map_err(E::custom)?;
        Ok(Decimal(DecimalRepr::Text(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Decimal, E> {
        Decimal::check(&v).map_err(E::custom)?;
        Ok(Decimal(DecimalRepr::Text(v)))
    }
}

impl Wire for Decimal {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            DecimalRepr::Number(n) => n.serialize(s),
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

// ---------------------------------------------------------------------------------------------
// Open enums and flags
// ---------------------------------------------------------------------------------------------

/// An enum whose unknown members are kept (generated enums have a catch-all variant).
pub trait OpenEnum: Sized {
    /// The member for a wire name (unknown names give the catch-all variant).
    fn from_wire(s: &str) -> Self;
    /// The wire name of the member.
    fn as_wire(&self) -> &str;
}

struct EnumVisitor<E>(PhantomData<fn() -> E>);

impl<E: OpenEnum> Visitor<'_> for EnumVisitor<E> {
    type Value = E;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string for enum")
    }
    fn visit_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(E::from_wire(v))
    }
}

/// Reads an open enum member from a JSON string (any string is accepted and kept).
pub fn deserialize_enum<'de, D: Deserializer<'de>, E: OpenEnum>(d: D) -> Result<E, D::Error> {
    d.deserialize_str(EnumVisitor(PhantomData))
}

/// Writes an open enum member as a JSON string.
pub fn serialize_enum<S: Serializer, E: OpenEnum>(e: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_wire())
}

/// A flags enum value: comma-separated members (`"a,b"`). The received text is written back
/// exactly while the members are not modified.
pub struct Flags<E> {
    items: Vec<E>,
    /// The received text, kept only when it differs from the canonical `a,b` form.
    text: Option<String>,
}

impl<E> Flags<E> {
    /// No members.
    pub fn new() -> Self {
        Flags {
            items: Vec::new(),
            text: None,
        }
    }

    /// The members.
    pub fn items(&self) -> &[E] {
        &self.items
    }

    /// The members, mutably (the received text is then no longer used).
    pub fn items_mut(&mut self) -> &mut Vec<E> {
        self.text = None;
        &mut self.items
    }

    /// Converts into the members.
    pub fn into_items(self) -> Vec<E> {
        self.items
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

impl<E: OpenEnum> Flags<E> {
    /// Whether a member with this wire name is set.
    pub fn contains_wire(&self, name: &str) -> bool {
        self.items.iter().any(|e| e.as_wire() == name)
    }

    fn parse_text(s: &str) -> Self {
        let items: Vec<E> = s
            .split(',')
            .map(|p| p.trim_matches(' '))
            .filter(|p| !p.is_empty())
            .map(E::from_wire)
            .collect();
        let mut flags = Flags { items, text: None };
        if !flags.is_canonical(s) {
            flags.text = Some(s.to_owned());
        }
        flags
    }

    /// Whether `s` is exactly the members joined by `,`.
    fn is_canonical(&self, s: &str) -> bool {
        let mut rest = s;
        for (k, e) in self.items.iter().enumerate() {
            if k > 0 {
                match rest.strip_prefix(',') {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            match rest.strip_prefix(e.as_wire()) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

impl<E> Default for Flags<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Clone> Clone for Flags<E> {
    fn clone(&self) -> Self {
        Flags {
            items: self.items.clone(),
            text: self.text.clone(),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Flags").field(&self.items).finish()
    }
}

/// Compares the members (not the received text).
impl<E: PartialEq> PartialEq for Flags<E> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<E: Eq> Eq for Flags<E> {}

impl<E: ::core::hash::Hash> ::core::hash::Hash for Flags<E> {
    fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
        self.items.hash(state);
    }
}

impl<E> From<Vec<E>> for Flags<E> {
    fn from(items: Vec<E>) -> Self {
        Flags { items, text: None }
    }
}

impl<E: OpenEnum> fmt::Display for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.text {
            return f.write_str(t);
        }
        for (k, e) in self.items.iter().enumerate() {
            if k > 0 {
                f.write_str(",")?;
            }
            f.write_str(e.as_wire())?;
        }
        Ok(())
    }
}

impl<E: OpenEnum> FromStr for Flags<E> {
    type Err = ::core::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse_text(s))
    }
}

struct FlagsVisitor<E>(PhantomData<fn() -> E>);

impl<E: OpenEnum> Visitor<'_> for FlagsVisitor<E> {
    type Value = Flags<E>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string of comma-separated flags")
    }
    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Flags<E>, Er> {
        Ok(Flags::parse_text(v))
    }
}

impl<E: OpenEnum> Wire for Flags<E> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FlagsVisitor(PhantomData))
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(t) => s.serialize_str(t),
            None => s.collect_str(self),
        }
    }
}

impl<E: OpenEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de, E: OpenEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}

// ---------------------------------------------------------------------------------------------
// Structs: AdditionalData, Model
// ---------------------------------------------------------------------------------------------

/// Marker in the recorded order for "the next unknown member".
const EXTRA: u32 = u32::MAX;

/// Above this many unknown members, lookups go through a hash index instead of a linear scan.
const INDEX_FROM: usize = 16;

/// The unknown members of an object, in order, and the wire order of all its members.
///
/// Two words: nothing is allocated until an object has an unknown member or a member order of
/// more than 8 members that is not canonical (structs nest many of these, and their size is
/// moved and initialised with every value). The members are kept in a vector (no hashing for the
/// usual handful of annotations; a hash index is added for large objects). The order is a list
/// of known field indices and "next unknown member" markers, packed into the second word when
/// short; it is empty when the received order was canonical: the first `leading` unknown members
/// (annotations such as `@odata.context`, which services write first), then known members by
/// field index, then the other unknown members. Equality compares the unknown members only (not
/// their order).
#[derive(Clone, Default)]
pub struct AdditionalData {
    inner: Option<Box<Extra>>,
    /// A recorded order of at most [`PACKED`] members with field indices below 254, packed in
    /// place (most objects that need an order; no allocation): byte k is slot k (field index + 1,
    /// or 0xFF for the next unknown member), a 0 byte ends it. 0 = no order here.
    packed: u64,
}

/// Slots of a member order packed into [`AdditionalData::packed`].
const PACKED: usize = 8;

/// Packs `slots` (field indices and [`EXTRA`] markers) into a `u64` when they fit.
fn pack_order(slots: impl IntoIterator<Item = u32>) -> Option<u64> {
    let mut packed = 0u64;
    for (n, slot) in slots.into_iter().enumerate() {
        let byte = match slot {
            EXTRA => 0xFF,
            i if i < 0xFE => u64::from(i) + 1,
            _ => return None,
        };
        if n >= PACKED {
            return None;
        }
        packed |= byte << (8 * n);
    }
    Some(packed)
}

/// The slots of a recorded member order.
#[derive(Clone)]
enum Slots<'a> {
    Packed(u64),
    Heap(::core::slice::Iter<'a, u32>),
}

impl Iterator for Slots<'_> {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            Slots::Packed(p) => {
                let byte = *p & 0xFF;
                *p >>= 8;
                match byte {
                    0 => None,
                    0xFF => Some(EXTRA),
                    // One byte.
                    #[allow(clippy::cast_possible_truncation)]
                    b => Some(b as u32 - 1),
                }
            }
            Slots::Heap(it) => it.next().copied(),
        }
    }
}

#[derive(Clone, Default)]
struct Extra {
    entries: Vec<(String, Value)>,
    /// Key -> position in `entries`; present exactly when there are more than `INDEX_FROM` entries.
    index: Option<::std::collections::HashMap<String, usize>>,
    order: Vec<u32>,
    /// With an empty `order`: how many of `entries` come before the known members.
    leading: usize,
}

impl Extra {
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    fn rebuild_index(&mut self) {
        self.index = if self.entries.len() > INDEX_FROM {
            Some(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect(),
            )
        } else {
            None
        };
    }
}

impl AdditionalData {
    /// A new, empty value.
    pub fn new() -> Self {
        Self::default()
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.inner.get_or_insert_with(Box::default)
    }

    fn entries(&self) -> &[(String, Value)] {
        self.inner.as_deref().map_or(&[], |e| e.entries.as_slice())
    }

    /// The recorded order (nothing when it is canonical).
    fn order(&self) -> Slots<'_> {
        if self.packed != 0 {
            return Slots::Packed(self.packed);
        }
        Slots::Heap(self.inner.as_deref().map_or(&[][..], |e| e.order.as_slice()).iter())
    }

    fn has_order(&self) -> bool {
        self.packed != 0 || self.inner.as_deref().is_some_and(|e| !e.order.is_empty())
    }

    /// With a canonical order: how many unknown members come before the known members.
    fn leading(&self) -> usize {
        self.inner.as_deref().map_or(0, |e| e.leading)
    }

    /// Records the wire order (a canonical order allocates nothing).
    fn set_order(&mut self, order: Order) {
        self.packed = 0;
        let order = match order {
            Order::Recorded(slots) => match pack_order(slots.iter().copied()) {
                Some(packed) => Order::Packed(packed),
                None => Order::Recorded(slots),
            },
            order => order,
        };
        match order {
            Order::Packed(packed) if packed != 0 => {
                self.packed = packed;
                if let Some(e) = self.inner.as_deref_mut() {
                    e.order = Vec::new();
                    e.leading = 0;
                }
            }
            Order::Recorded(order) if !order.is_empty() => {
                let extra = self.extra_mut();
                extra.order = order;
                extra.leading = 0;
            }
            Order::Canonical { leading } if leading > 0 => {
                let extra = self.extra_mut();
                extra.order = Vec::new();
                extra.leading = leading;
            }
            _ => {
                if let Some(e) = self.inner.as_deref_mut() {
                    e.order = Vec::new();
                    e.leading = 0;
                }
            }
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.inner.as_deref()?.position(key)
    }

    /// Replaces the value in place or appends the member; returns whether the key was present.
    fn put(&mut self, key: String, value: Value) -> bool {
        let extra = self.extra_mut();
        if let Some(i) = extra.position(&key) {
            if let Some(entry) = extra.entries.get_mut(i) {
                entry.1 = value;
            }
            return true;
        }
        if let Some(index) = &mut extra.index {
            index.insert(key.clone(), extra.entries.len());
        }
        extra.entries.push((key, value));
        if extra.index.is_none() && extra.entries.len() > INDEX_FROM {
            extra.rebuild_index();
        }
        false
    }

    /// The unknown member `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        let i = self.position(key)?;
        self.entries().get(i).map(|(_, v)| v)
    }

    /// The unknown member `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        let extra = self.inner.as_deref_mut()?;
        let i = extra.position(key)?;
        extra.entries.get_mut(i).map(|(_, v)| v)
    }

    /// Whether there is an unknown member `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets an unknown member: replaces the value in place, or appends the member (written after
    /// the members that were received). Keys naming a known member of the type are not written
    /// (set the typed field instead).
    pub fn insert(&mut self, key: String, value: Value) {
        self.put(key, value);
    }

    /// Removes an unknown member, keeping the order of the others.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self.position(key)?;
        if pos >= self.len() {
            return None;
        }
        if self.has_order() {
            // Drop the marker of this member from the recorded order, if it has one.
            let mut order: Vec<u32> = self.order().collect();
            let at = order
                .iter()
                .enumerate()
                .filter(|(_, slot)| **slot == EXTRA)
                .nth(pos)
                .map(|(k, _)| k);
            if let Some(k) = at {
                order.remove(k);
            }
            self.set_order(Order::Recorded(order));
        }
        let extra = self.inner.as_deref_mut()?;
        if pos < extra.leading {
            extra.leading -= 1;
        }
        let (_, value) = extra.entries.remove(pos);
        if extra.index.is_some() {
            extra.rebuild_index();
        }
        Some(value)
    }

    /// The unknown members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries().iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of unknown members.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether there are no unknown members.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Forgets the recorded member order (serialization then writes known members by field index,
    /// then unknown members).
    pub fn clear_order(&mut self) {
        self.set_order(Order::Canonical { leading: 0 });
    }

    /// Whether a member order other than "known members by field index, then unknown members"
    /// was recorded.
    pub fn has_recorded_order(&self) -> bool {
        self.has_order() || self.leading() > 0
    }
}

impl PartialEq for AdditionalData {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl fmt::Debug for AdditionalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Implemented by generated structs (the generator writes the two match statements).
pub trait Model: Default {
    /// Wire names of the known members, index = field index (index 0 is "@odata.type").
    const FIELDS: &'static [&'static str];
    /// Deserialize the value of known member `index` from `map` into self.
    fn de_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Serialize known member `index` (wire name `key`, which is `FIELDS[index]`) if it is
    /// present (not Absent); return whether it was written.
    fn ser_field<M: SerializeMap>(
        &self,
        index: usize,
        key: &'static str,
        map: &mut M,
    ) -> Result<bool, M::Error>;
    /// Sets bit `i` of `present` (bit `i % 64` of word `i / 64`; the words arrive zeroed) for
    /// each known member `i` that is not [`Field::Absent`], so serialization visits only those. The default marks
    /// every member (each is then asked through `ser_field`); generated models mark exactly the
    /// present ones, one branch-free test per field.
    fn present(&self, present: &mut [u64]) {
        for (i, w) in present.iter_mut().enumerate() {
            let bits = Self::FIELDS.len().saturating_sub(i * 64);
            *w = if bits >= 64 { u64::MAX } else { (1u64 << bits) - 1 };
        }
    }
    /// The unknown members and the member order.
    fn additional_data(&self) -> &AdditionalData;
    /// The unknown members and the member order, mutably.
    fn additional_data_mut(&mut self) -> &mut AdditionalData;
    /// Field index + 1 of each wire name at its [`field_hash`] (open addressing, linear
    /// probing, a power of two in size); 0 is an empty slot, `u32::MAX` a member compiled out by
    /// namespace features. A table rather than a generated `match`: less code per type to
    /// compile and to keep in cache.
    const FIELD_TABLE: &'static [u32];
    /// Map a wire key to a field index (a lookup in `FIELD_TABLE`).
    fn field_index(key: &str) -> Option<usize> {
        field_lookup(Self::FIELD_TABLE, Self::FIELDS, key)
    }
}

/// The index in `fields` of `key`, looked up in `table` (see [`Model::FIELD_TABLE`]).
#[doc(hidden)]
pub fn field_lookup(table: &[u32], fields: &[&str], key: &str) -> Option<usize> {
    let mask = table.len().checked_sub(1)?;
    // Truncation to the table's bits is the point.
    #[allow(clippy::cast_possible_truncation)]
    let mut h = field_hash(key) as usize & mask;
    for _ in 0..table.len() {
        match *table.get(h)? {
            0 => return None,
            u32::MAX => {}
            slot => {
                let i = usize::try_from(slot - 1).ok()?;
                if same_key(fields.get(i)?, key) {
                    return Some(i);
                }
            }
        }
        h = (h + 1) & mask;
    }
    None
}

/// `a == b` for the short strings of member names, without a call to `memcmp`: eight bytes at
/// a time, the last (overlapping) chunk covering the tail.
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let (mut x, mut y) = (a, b);
    while let (Some((p, rx)), Some((q, ry))) = (x.split_first_chunk::<8>(), y.split_first_chunk::<8>()) {
        if p != q {
            return false;
        }
        x = rx;
        y = ry;
    }
    a.last_chunk::<8>() == b.last_chunk::<8>()
}

/// The hash of a wire name in [`Model::FIELD_TABLE`]: the first and last eight bytes and the
/// length, mixed by one folded 128-bit multiply (constant time: member names of one type differ
/// almost always in their ends or length, and a collision costs only a probe). The generator
/// compiles this module and builds the tables with this function.
#[doc(hidden)]
#[inline]
// Folding the product's two halves into 64 bits is the point.
#[allow(clippy::cast_possible_truncation)]
pub fn field_hash(key: &str) -> u64 {
    let b = key.as_bytes();
    let n = b.len() as u64;
    let (x, y) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => match (b.first_chunk::<4>(), b.last_chunk::<4>()) {
            (Some(head), Some(tail)) => (
                u64::from(u32::from_le_bytes(*head)),
                u64::from(u32::from_le_bytes(*tail)),
            ),
            _ => b.iter().fold((0, 0), |(x, _), &c| ((x << 8) | u64::from(c), 0)),
        },
    };
    let m = u128::from(x ^ 0x243f_6a88_85a3_08d3) * u128::from(y ^ n.rotate_left(32) ^ 0x1319_8a2e_0370_7344);
    (m as u64) ^ ((m >> 64) as u64)
}

/// Marks field `index` in a [`Model::present`] bit set when `field` is not absent (for
/// generated `present`).
#[inline]
pub fn mark_present<T>(present: &mut [u64], index: usize, field: &Field<T>) {
    if let Some(w) = present.get_mut(index / 64) {
        *w |= u64::from(!field.is_absent()) << (index % 64);
    }
}

/// A small bit set over field indices (inline up to 512 fields).
enum Bits {
    Inline([u64; 8]),
    Heap(Vec<u64>),
}

impl Bits {
    #[inline]
    fn new(n: usize) -> Self {
        if n <= 512 {
            Bits::Inline([0; 8])
        } else {
            Bits::Heap(vec![0; n.div_ceil(64)])
        }
    }
    #[inline]
    fn words(&self) -> &[u64] {
        match self {
            Bits::Inline(w) => w,
            Bits::Heap(w) => w,
        }
    }
    #[inline]
    fn get(&self, i: usize) -> bool {
        self.words()
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
    #[inline]
    fn words_mut(&mut self) -> &mut [u64] {
        match self {
            Bits::Inline(w) => w,
            Bits::Heap(w) => w,
        }
    }
    #[inline]
    fn set(&mut self, i: usize) {
        if let Some(w) = self.words_mut().get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }
    #[inline]
    fn clear(&mut self, i: usize) {
        if let Some(w) = self.words_mut().get_mut(i / 64) {
            *w &= !(1u64 << (i % 64));
        }
    }
    /// The set bits, in increasing order.
    #[inline]
    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words().iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            ::core::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(k * 64 + bit)
            })
        })
    }
}

/// The member order of an object that was read.
enum Order {
    /// The first `leading` unknown members, then the known members by field index, then the
    /// other unknown members: nothing to store beyond the count.
    Canonical { leading: usize },
    /// Field indices and [`EXTRA`] markers, each known member once (at its first position).
    Recorded(Vec<u32>),
    /// The same, packed (see [`AdditionalData::packed`]).
    Packed(u64),
}

/// Members recorded on the stack before spilling to the heap.
const INLINE_ORDER: usize = 32;

/// Records the wire order while an object is read: one store per member into a buffer on the
/// stack (spilling to the heap past [`INLINE_ORDER`] members); [`OrderRecorder::finish`] decides
/// at the end whether the order is canonical (nothing kept) or must be stored.
struct OrderRecorder {
    inline: [u32; INLINE_ORDER],
    len: usize,
    /// All the slots once there are more than `INLINE_ORDER`.
    spill: Vec<u32>,
}

impl OrderRecorder {
    #[inline]
    fn new() -> Self {
        OrderRecorder {
            inline: [0; INLINE_ORDER],
            len: 0,
            spill: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, slot: u32) {
        if self.spill.is_empty() {
            if let Some(s) = self.inline.get_mut(self.len) {
                *s = slot;
                self.len += 1;
                return;
            }
            self.spill.reserve(2 * INLINE_ORDER);
            self.spill.extend_from_slice(&self.inline);
        }
        self.spill.push(slot);
    }

    /// Known member `i` was read (a duplicate keeps its first position: see `finish`).
    #[inline]
    fn known(&mut self, i: usize) {
        // Field indices are below `Model::FIELDS.len()`; anything else cannot be written back
        // by index and is left out.
        if let Ok(slot) = u32::try_from(i)
            && slot != EXTRA
        {
            self.push(slot);
        }
    }

    /// An unknown member was read (a duplicate key keeps the position of the first).
    #[inline]
    fn unknown(&mut self, duplicate: bool) {
        if !duplicate {
            self.push(EXTRA);
        }
    }

    fn slots(&self) -> &[u32] {
        if self.spill.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.spill
        }
    }

    /// The order read, for a model with `fields` known members.
    fn finish(&self, fields: usize) -> Order {
        let slots = self.slots();
        let leading = slots.iter().take_while(|&&s| s == EXTRA).count();
        let mut last: Option<u32> = None;
        let mut trailing = false;
        let mut canonical = true;
        for &s in slots.get(leading..).unwrap_or(&[]) {
            if s == EXTRA {
                trailing = true;
            } else if trailing || last.is_some_and(|l| s <= l) || s as usize >= fields {
                canonical = false;
                break;
            } else {
                last = Some(s);
            }
        }
        if canonical {
            // Without known members every order of the unknown ones is the canonical one.
            let leading = if last.is_some() { leading } else { 0 };
            return Order::Canonical { leading };
        }
        // Each known member once, at its first position.
        let first = |seen: &mut Bits, s: u32| {
            if s == EXTRA {
                return true;
            }
            let i = s as usize;
            if i >= fields || seen.get(i) {
                return false;
            }
            seen.set(i);
            true
        };
        // Packed here, before any list is allocated (`set_order` packs a list that fits too,
        // for orders edited after reading); the list is built only when the order does not fit.
        let mut seen = Bits::new(fields);
        if let Some(packed) = pack_order(slots.iter().copied().filter(|&s| first(&mut seen, s))) {
            return Order::Packed(packed);
        }
        let mut seen = Bits::new(fields);
        Order::Recorded(slots.iter().copied().filter(|&s| first(&mut seen, s)).collect())
    }
}

enum Key {
    Known(usize),
    Unknown(String),
}

/// A model's [`Model::field_index`], as a plain function (the member loops below are shared by
/// all models: one copy per map type, not one per model type).
type Lookup = fn(&str) -> Option<usize>;

#[derive(Clone, Copy)]
struct KeySeed(Lookup);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match (self.0)(v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v.to_owned()),
        })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match (self.0)(&v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v),
        })
    }
}

/// The object-safe side of a [`Model`] being read from a map of type `A`.
trait ReadTarget<'de, A: MapAccess<'de>> {
    /// [`Model::de_field`] from the map.
    fn read_field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    /// [`Model::de_field`] from a value read already.
    fn read_value(&mut self, index: usize, value: Value) -> Result<(), ::serde_json::Error>;
    fn extra(&mut self) -> &mut AdditionalData;
}

impl<'de, A: MapAccess<'de>, T: Model> ReadTarget<'de, A> for T {
    fn read_field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        self.de_field(index, map)
    }
    fn read_value(&mut self, index: usize, value: Value) -> Result<(), ::serde_json::Error> {
        self.de_field(index, &mut ReadValue(Some(value)))
    }
    fn extra(&mut self) -> &mut AdditionalData {
        self.additional_data_mut()
    }
}

/// Reads the remaining members of `map` into `model`. With `chosen` (a derived type being read
/// after its `@odata.type`), a later `@odata.type` must repeat it: by "the last value wins" a
/// different one would name another type than the one read, and the value would not read back
/// as itself.
// One out-of-line copy per map type is the point (see the CONTRACT).
#[inline(never)]
fn read_members<'de, A: MapAccess<'de>>(
    map: &mut A,
    model: &mut dyn ReadTarget<'de, A>,
    lookup: Lookup,
    rec: &mut OrderRecorder,
    chosen: Option<&Value>,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed(lookup))? {
        if let (Some(chosen), Key::Known(0)) = (chosen, &key) {
            let again: Value = map.next_value()?;
            if again != *chosen {
                return Err(de::Error::custom(format_args!(
                    "conflicting \"@odata.type\" members: {again} after {chosen}"
                )));
            }
            read_odata_type(model, rec, again)?;
            continue;
        }
        read_member(model, rec, key, map)?;
    }
    Ok(())
}

fn short_type_name<T>() -> &'static str {
    let full = ::core::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

struct ModelVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object for {}", short_type_name::<T>())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut model = T::default();
        let mut rec = OrderRecorder::new();
        read_members(&mut map, &mut model, T::field_index, &mut rec, None)?;
        model.additional_data_mut().set_order(rec.finish(T::FIELDS.len()));
        Ok(model)
    }
}

/// Reads the value of member `key` from `map` into `model`, recording the order.
fn read_member<'de, A: MapAccess<'de>>(
    model: &mut dyn ReadTarget<'de, A>,
    rec: &mut OrderRecorder,
    key: Key,
    map: &mut A,
) -> Result<(), A::Error> {
    match key {
        Key::Known(i) => {
            rec.known(i);
            model.read_field(i, map)
        }
        Key::Unknown(k) => {
            let v: Value = map.next_value()?;
            let duplicate = model.extra().put(k, v);
            rec.unknown(duplicate);
            Ok(())
        }
    }
}

/// A map access holding the value of one member that was read already (replayed into a model).
struct ReadValue(Option<Value>);

impl<'de> MapAccess<'de> for ReadValue {
    type Error = ::serde_json::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _: K) -> Result<Option<K::Value>, Self::Error> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        match self.0.take() {
            Some(v) => seed.deserialize(v),
            None => Err(de::Error::custom("member value read twice")),
        }
    }
}

/// Sets `@odata.type` (field 0 of every model) from a value that was read already.
fn read_odata_type<'de, A: MapAccess<'de>>(
    model: &mut dyn ReadTarget<'de, A>,
    rec: &mut OrderRecorder,
    value: Value,
) -> Result<(), A::Error> {
    rec.known(0);
    model
        .read_value(0, value)
        .map_err(|e| de::Error::custom(format_args!("@odata.type: {e}")))
}

/// Sets member `key` of `model` from a value that was read already.
// One out-of-line copy per map type is the point (see the CONTRACT).
#[inline(never)]
fn replay_member<'de, A: MapAccess<'de>>(
    model: &mut dyn ReadTarget<'de, A>,
    lookup: Lookup,
    rec: &mut OrderRecorder,
    key: String,
    value: Value,
) -> Result<(), A::Error> {
    match lookup(&key) {
        Some(i) => {
            rec.known(i);
            model
                .read_value(i, value)
                .map_err(|e| de::Error::custom(format_args!("{key}: {e}")))
        }
        None => {
            let duplicate = model.extra().put(key, value);
            rec.unknown(duplicate);
            Ok(())
        }
    }
}

/// Reads a JSON object into a [`Model`] without buffering it: known members go through
/// [`Model::de_field`], unknown members are kept in [`AdditionalData`], and the member order is
/// recorded. A member appearing twice: the last value wins, at the position of the first (for a
/// polymorphic value, an `@odata.type` conflicting with the derived type being read is an error:
/// see [`resume_model`]).
pub fn deserialize_model<'de, D: Deserializer<'de>, T: Model>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ModelVisitor(PhantomData))
}

/// Writes a [`Model`] as a JSON object: the members in the recorded wire order, then present known
/// members not in that order (by field index), then unknown members added later.
pub fn serialize_model<S: Serializer, T: Model>(m: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    write_members(&mut map, m, m.additional_data(), T::FIELDS, T::field_index)?;
    map.end()
}

/// The object-safe side of a [`Model`] being written to a map of type `M`.
trait WriteSource<M: SerializeMap> {
    fn write_field(&self, index: usize, key: &'static str, map: &mut M) -> Result<bool, M::Error>;
    fn present(&self, present: &mut [u64]);
}

impl<M: SerializeMap, T: Model> WriteSource<M> for T {
    fn write_field(&self, index: usize, key: &'static str, map: &mut M) -> Result<bool, M::Error> {
        self.ser_field(index, key, map)
    }
    fn present(&self, present: &mut [u64]) {
        Model::present(self, present);
    }
}

/// The members of [`serialize_model`] (shared by all models: one copy per map type).
// One out-of-line copy per map type is the point (see the CONTRACT).
#[inline(never)]
fn write_members<M: SerializeMap>(
    map: &mut M,
    m: &dyn WriteSource<M>,
    data: &AdditionalData,
    fields: &'static [&'static str],
    lookup: Lookup,
) -> Result<(), M::Error> {
    let mut extras = data.entries().iter();
    // The known members that are not absent: only these are asked to write themselves (a type
    // of 100 members usually arrives with a handful).
    let mut todo = Bits::new(fields.len());
    m.present(todo.words_mut());
    if !data.has_order() {
        for (k, v) in extras.by_ref().take(data.leading()) {
            if lookup(k).is_none() {
                map.serialize_entry(k, v)?;
            }
        }
    } else {
        for slot in data.order() {
            if slot == EXTRA {
                if let Some((k, v)) = extras.next()
                    && lookup(k).is_none()
                {
                    map.serialize_entry(k, v)?;
                }
            } else if let Ok(i) = usize::try_from(slot)
                && let Some(key) = fields.get(i)
                && todo.get(i)
            {
                todo.clear(i);
                m.write_field(i, key, map)?;
            }
        }
    }
    for i in todo.ones() {
        if let Some(key) = fields.get(i) {
            m.write_field(i, key, map)?;
        }
    }
    for (k, v) in extras {
        if lookup(k).is_none() {
            map.serialize_entry(k, v)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Polymorphism
// ---------------------------------------------------------------------------------------------

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
    odata_type: &'a Value,
}

impl<B: Model> ReadMembers<'_, B> {
    /// The members as received: the partial base model written back (exactly, in the received
    /// order), then `@odata.type`.
    fn into_members(self) -> Result<Vec<(String, Value)>, ::serde_json::Error> {
        self.base.additional_data_mut().set_order(self.rec.finish(B::FIELDS.len()));
        let mut members = match serialize_model(&*self.base, ::serde_json::value::Serializer)? {
            Value::Object(m) => m.into_iter().collect(),
            _ => Vec::new(),
        };
        members.push(("@odata.type".to_owned(), self.odata_type.clone()));
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
    if read.rec.slots().is_empty() {
        // `@odata.type` came first (as Graph writes it): nothing to replay.
        read_odata_type::<A>(&mut model, &mut rec, chosen.clone())?;
    } else {
        for (k, v) in read.into_members().map_err(de::Error::custom)? {
            replay_member::<A>(&mut model, T::field_index, &mut rec, k, v)?;
        }
    }
    // Conflicting duplicates of `@odata.type` are an error; an identical one is kept as any
    // duplicate.
    read_members(map, &mut model, T::field_index, &mut rec, Some(chosen))?;
    model.additional_data_mut().set_order(rec.finish(T::FIELDS.len()));
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
            // Field 0 of every model is "@odata.type".
            if !matches!(key, Key::Known(0)) {
                read_member(&mut model, &mut rec, key, &mut map)?;
                continue;
            }
            let ty: Value = map.next_value()?;
            if let Some(name) = ty.as_str().map(normalize_type_name) {
                let read = ReadMembers {
                    base: &mut model,
                    rec: &mut rec,
                    odata_type: &ty,
                };
                if let Some(derived) = P::read_derived(name, read, &mut map) {
                    return derived;
                }
            }
            read_odata_type::<A>(&mut model, &mut rec, ty)?;
        }
        model.additional_data_mut().set_order(rec.finish(P::Base::FIELDS.len()));
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

// ---------------------------------------------------------------------------------------------
// JSON entry points
// ---------------------------------------------------------------------------------------------

/// A JSON error with the path where it happened (e.g. `userRegistrationCounts[0].registrationCount`).
#[derive(Debug)]
pub struct JsonError {
    path: String,
    inner: ::serde_json::Error,
}

impl JsonError {
    /// The JSON path of the error (`.` for the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The underlying error.
    pub fn inner(&self) -> &::serde_json::Error {
        &self.inner
    }

    /// Converts into the underlying error.
    pub fn into_inner(self) -> ::serde_json::Error {
        self.inner
    }

    fn new(path: &::serde_path_to_error::Path, inner: ::serde_json::Error) -> Self {
        JsonError {
            path: path.to_string(),
            inner,
        }
    }

    fn root(inner: ::serde_json::Error) -> Self {
        JsonError {
            path: ".".to_owned(),
            inner,
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.inner)
    }
}

impl ::std::error::Error for JsonError {}

/// Keeps the message and the path (as text), e.g. for errors returned from a polymorphic dispatch.
impl From<JsonError> for ::serde_json::Error {
    fn from(e: JsonError) -> Self {
        if e.path == "." {
            e.inner
        } else {
            <::serde_json::Error as de::Error>::custom(e)
        }
    }
}

fn read_json<'de, R: ::serde_json::de::Read<'de>, T: Wire>(
    make: impl Fn() -> ::serde_json::Deserializer<R>,
) -> Result<T, JsonError> {
    // Fast path without path tracking; on error, read again tracking the path.
    let mut de = make();
    if let Ok(v) = T::deserialize_wire(&mut de)
        && de.end().is_ok()
    {
        return Ok(v);
    }
    let mut de = make();
    let mut track = ::serde_path_to_error::Track::new();
    let result = T::deserialize_wire(::serde_path_to_error::Deserializer::new(
        &mut de, &mut track,
    ));
    match result {
        Ok(v) => de.end().map(|()| v).map_err(JsonError::root),
        Err(e) => Err(JsonError::new(&track.path(), e)),
    }
}

/// Reads a value from JSON text; errors carry the JSON path.
pub fn from_str<T: Wire>(s: &str) -> Result<T, JsonError> {
    read_json(|| ::serde_json::Deserializer::from_str(s))
}

/// Reads a value from JSON bytes; errors carry the JSON path.
pub fn from_slice<T: Wire>(b: &[u8]) -> Result<T, JsonError> {
    read_json(|| ::serde_json::Deserializer::from_slice(b))
}

/// Reads a value from a `serde_json::Value`; errors carry the JSON path.
pub fn from_value<T: Wire>(v: Value) -> Result<T, JsonError> {
    if let Ok(t) = T::deserialize_wire(&v) {
        return Ok(t);
    }
    let mut track = ::serde_path_to_error::Track::new();
    let result = T::deserialize_wire(::serde_path_to_error::Deserializer::new(&v, &mut track));
    result.map_err(|e| JsonError::new(&track.path(), e))
}

/// Writes a value as JSON text; errors carry the JSON path.
pub fn to_string<T: Wire>(v: &T) -> Result<String, JsonError> {
    if let Ok(s) = ::serde_json::to_string(&AsWire(v)) {
        return Ok(s);
    }
    let mut out = Vec::new();
    let mut ser = ::serde_json::Serializer::new(&mut out);
    let mut track = ::serde_path_to_error::Track::new();
    let result = AsWire(v).serialize(::serde_path_to_error::Serializer::new(&mut ser, &mut track));
    match result {
        Ok(()) => String::from_utf8(out)
            .map_err(|e| JsonError::root(<::serde_json::Error as ser::Error>::custom(e))),
        Err(e) => Err(JsonError::new(&track.path(), e)),
    }
}

/// Writes a value as JSON bytes; errors carry the JSON path.
pub fn to_vec<T: Wire>(v: &T) -> Result<Vec<u8>, JsonError> {
    to_string(v).map(String::into_bytes)
}

/// Writes a value as a `serde_json::Value`; errors carry the JSON path.
pub fn to_value<T: Wire>(v: &T) -> Result<Value, JsonError> {
    if let Ok(value) = ::serde_json::to_value(AsWire(v)) {
        return Ok(value);
    }
    let mut track = ::serde_path_to_error::Track::new();
    let result = AsWire(v).serialize(::serde_path_to_error::Serializer::new(
        ::serde_json::value::Serializer,
        &mut track,
    ));
    result.map_err(|e| JsonError::new(&track.path(), e))
}

/// A page of a collection response: `value`, the paging links and the count, with the other
/// members (`@odata.context`, ...) kept in order like any model's unknown members.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub value: Vec<T>,
    /// `@odata.count`, when requested with `$count=true`.
    pub count: Field<i64>,
    /// `@odata.nextLink`: the URL of the next page.
    pub next_link: Field<String>,
    /// `@odata.deltaLink`: the URL for changes since this response.
    pub delta_link: Field<String>,
    /// Other members, in their original order.
    pub additional_data: AdditionalData,
    /// Whether `value` was in the payload: a page read without one is written without one.
    value_present: bool,
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

    /// The next page's URL, if there is one.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.value().map(String::as_str)
    }
}

impl<T: Wire> Model for Page<T> {
    const FIELDS: &'static [&'static str] =
        &["@odata.count", "@odata.nextLink", "@odata.deltaLink", "value"];

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

    fn de_field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        match index {
            0 => self.count = map.next_value_seed(FieldSeed::new())?,
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
            0 => serialize_field(map, key, &self.count),
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
