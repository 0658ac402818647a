//! Lexical forms of Edm primitives in JSON strings, checked by the very runtime module that
//! generated crates use (`generator/runtime/odata/`), so the docs are held to the same rules as
//! the generated models.

use crate::ir::Primitive;

use crate::runtime as odata;

/// `Ok` when `s` is a valid JSON string form of `p`; `Err` says what was expected.
pub fn check(p: Primitive, s: &str) -> Result<(), String> {
    use std::str::FromStr;
    let r: Result<(), odata::ParseError> = match p {
        Primitive::Guid => odata::Guid::from_str(s).map(drop),
        Primitive::Date => odata::Date::from_str(s).map(drop),
        Primitive::DateTimeOffset => {
            odata::DateTimeOffset::from_str(s).map_err(|e| format!("expected {}", e.expected()))?;
            // The models read an offset without its colon (`+0000`, as Java-based services
            // write it) so as not to refuse such payloads; it is still not the OData form.
            let b = s.as_bytes();
            if !matches!(b.last(), Some(b'Z' | b'z')) && b.len() >= 3 && b[b.len() - 3] != b':' {
                return Err(
                    "expected YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|+hh:mm|-hh:mm) (the offset with its colon)"
                        .into(),
                );
            }
            Ok(())
        }
        Primitive::TimeOfDay => odata::TimeOfDay::from_str(s).map(drop),
        Primitive::Duration => odata::Duration::from_str(s).map(drop),
        Primitive::Binary => odata::Binary::from_str(s).map(drop),
        Primitive::Decimal => odata::Decimal::from_str(s).map(drop),
        Primitive::Double => odata::Double::from_str(s).map(drop),
        Primitive::Single => odata::Single::from_str(s).map(drop),
        _ => Ok(()),
    };
    r.map_err(|e| format!("expected {}", e.expected()))
}

/// `Ok` when `s` is a valid OData V1–V3 JSON string form of `p` (`Int64`, `Double` and
/// `Single` as quoted numbers, `DateTime` and `DateTimeOffset` as `/Date(ms)/` or ISO text,
/// `Time` as a duration); other types as in [`check`].
pub fn check_legacy(p: Primitive, s: &str) -> Result<(), String> {
    use std::str::FromStr;
    // Quoted numbers: read by the runtime's own `Quoted` from the string value.
    fn quoted<T: odata::Wire>(s: &str, what: &str) -> Result<(), String> {
        odata::from_value::<odata::Quoted<T>>(serde_json::Value::String(s.to_owned()))
            .map(drop)
            .map_err(|_| format!("expected {what} (a JSON number, or a string holding one)"))
    }
    let r: Result<(), odata::ParseError> = match p {
        Primitive::Int64 => return quoted::<i64>(s, "an integer in the Int64 range"),
        Primitive::Double => return quoted::<odata::Double>(s, "a Double"),
        Primitive::Single => return quoted::<odata::Single>(s, "a Single"),
        Primitive::DateTime | Primitive::DateTimeOffset => odata::DateTime::from_str(s).map(drop),
        Primitive::Time => odata::Duration::from_str(s).map(drop),
        _ => return check(p, s),
    };
    r.map_err(|e| format!("expected {}", e.expected()))
}

/// A JSON number literal that fits the integer type `p`.
pub fn integer(n: &str, p: Primitive) -> bool {
    let Ok(v) = n.parse::<i64>() else {
        return false;
    };
    match p {
        Primitive::Byte => (0..=255).contains(&v),
        Primitive::SByte => (-128..=127).contains(&v),
        Primitive::Int16 => i16::try_from(v).is_ok(),
        Primitive::Int32 => i32::try_from(v).is_ok(),
        _ => true,
    }
}
