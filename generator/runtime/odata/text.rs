//! Text-backed Edm primitive types (`Guid`, `DateTimeOffset`, ...), kept as received after validation.

use super::{
    ParseError, Wire, base64_decode, base64_encode, lex_binary, lex_date, lex_date_time_offset,
    lex_duration, lex_guid, lex_legacy_date_time, lex_time_of_day,
};
use ::core::fmt;
use ::core::str::FromStr;
use ::serde::de::{self, Visitor};
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// Edm.DateTimeOffset: `YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|±hh:mm)`, kept exactly as written
/// (`±hhmm`, the offset without its colon that Java-based services send, is read too).
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

/// An OData V1–V3 date and time as an Edm.DateTimeOffset (a V3 service's `datetimeoffset'...'`
/// key, read into a model as [`DateTime`]): its ISO form ([`DateTime::to_iso`]), `Z` (UTC)
/// added when it states no offset.
impl From<&DateTime> for DateTimeOffset {
    fn from(d: &DateTime) -> Self {
        let mut iso = d.to_iso();
        let zoned = iso.ends_with(['Z', 'z'])
            || iso.get(19..).is_some_and(|tail| tail.contains(['+', '-']));
        if !zoned {
            iso.push('Z');
        }
        DateTimeOffset(iso)
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

/// Edm.DateTime (and Edm.DateTimeOffset) in OData V1–V3 JSON: `/Date(ms)/` or
/// `/Date(ms+offset)/` (milliseconds since 1970, offset in minutes: V2 verbose JSON), or
/// `YYYY-MM-DDThh:mm[:ss[.fffffff]]` with an optional `Z` or `±hh:mm` (V3). Kept exactly as
/// written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateTime(String);

impl DateTime {
    /// The text exactly as received or parsed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Converts into the text.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The milliseconds since 1970-01-01T00:00:00Z of the `/Date(ms)/` form (`None` for the
    /// ISO form).
    pub fn epoch_millis(&self) -> Option<i64> {
        let inner = self.0.strip_prefix("/Date(")?.strip_suffix(")/")?;
        // The sign of the offset, if any, comes after the first character.
        let end = inner
            .get(1..)?
            .find(['+', '-'])
            .map_or(inner.len(), |i| i + 1);
        inner.get(..end)?.parse().ok()
    }

    /// The ISO form (`YYYY-MM-DDThh:mm:ss[.fff]`): the `/Date(ms)/` form converted (the
    /// milliseconds read as UTC; `Z` added when it states an offset, the instant being UTC),
    /// the ISO form as it is. URL literals need it: `datetime'/Date(...)/'` is no literal.
    pub fn to_iso(&self) -> String {
        let Some(ms) = self.epoch_millis() else {
            return self.0.clone();
        };
        let days = ms.div_euclid(86_400_000);
        let in_day = ms.rem_euclid(86_400_000);
        // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(0..=9999).contains(&year) {
            return self.0.clone();
        }
        let (h, m, s, f) = (
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1000 % 60,
            in_day % 1000,
        );
        let mut out = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}");
        if f != 0 {
            out.push_str(&format!(".{f:03}"));
        }
        let inner = self.0.get(7..self.0.len().saturating_sub(2)).unwrap_or_default();
        if inner.get(1..).is_some_and(|r| r.contains(['+', '-'])) {
            out.push('Z');
        }
        out
    }

    fn check(s: &str) -> Result<(), ParseError> {
        if lex_legacy_date_time(s) {
            Ok(())
        } else {
            Err(ParseError::new(
                "Edm.DateTime",
                s,
                "/Date(ms)/, /Date(ms+offset)/ or YYYY-MM-DDThh:mm[:ss[.fffffff]][Z|+hh:mm|-hh:mm]",
            ))
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for DateTime {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::check(s)?;
        Ok(DateTime(s.to_owned()))
    }
}

impl TryFrom<String> for DateTime {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        Self::check(&s)?;
        Ok(DateTime(s))
    }
}

impl TryFrom<&str> for DateTime {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl AsRef<str> for DateTime {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Wire for DateTime {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor {
            expecting: "an Edm.DateTime string (/Date(ms)/ or YYYY-MM-DDThh:mm[:ss[.fffffff]])",
            check: Self::check,
            wrap: DateTime,
        })
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de> Deserialize<'de> for DateTime {
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
