//! Primitive wire types: integers (Int64 as a JSON number only), Double, Single, Decimal, and the
//! text-backed types (Guid, DateTimeOffset, Date, TimeOfDay, Duration, Binary).

use super::*;

// ------------------------------------------------------------------------------------------------
// Integers
// ------------------------------------------------------------------------------------------------

#[test]
fn int64_forms() {
    assert_eq!(odata::from_str::<i64>("42").unwrap(), 42);
    assert_eq!(odata::from_str::<i64>("-42").unwrap(), -42);
    // The IEEE754Compatible string form is refused: it would be written back as a number.
    for quoted in [r#""42""#, r#""-42""#, r#""9007199254740993""#] {
        let e = err_of::<i64>(quoted);
        assert!(e.contains("expected a JSON integer, not a string"), "{e}");
    }
    // beyond 2^53, exact
    assert_eq!(
        odata::from_str::<i64>("9007199254740993").unwrap(),
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
    assert!(
        err_of::<i64>(r#""abc""#).contains(r#"invalid Edm.Int64 "abc": expected a JSON integer"#)
    );

    // in a model
    let m: Outer = odata::from_str(r#"{"count":9007199254740993}"#).unwrap();
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
    // A number keeps its digits as received: a service's Decimal(10,2) writes `45.00`, and a
    // value may have more digits than an `f64` holds (serde_json's `Number` would write `45.0`
    // and `1.2345678901234568e16`).
    for text in ["45.00", "120.50", "12345678901234567.89", "-0", "1E+2", "1.0e5", "0.10"] {
        let d: Decimal = text_round_trip(text);
        assert!(!d.is_string(), "{text}");
        assert_eq!(d.to_string(), text);
        assert_eq!(d.as_str(), None);
    }
    let big: Decimal = odata::from_str("12345678901234567.89").unwrap();
    assert_eq!(big.to_f64(), Some(12345678901234567.89));
    // Beyond an `f64`'s range: valid JSON and a valid decimal, kept as text.
    for text in ["1e400", "-2.5E+999"] {
        let huge: Decimal = text_round_trip(text);
        assert_eq!((huge.as_number(), huge.as_str(), huge.is_string()), (None, None, false));
        assert_eq!(huge.to_string(), text);
    }
    assert_eq!(odata::from_str::<Decimal>("1e400").unwrap().to_f64(), Some(f64::INFINITY));
    assert_ne!(big, odata::from_str::<Decimal>("12345678901234568").unwrap());
    assert_ne!(
        odata::from_str::<Decimal>("45.00").unwrap(),
        odata::from_str::<Decimal>("45.0").unwrap(),
        "equality compares the representation"
    );
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

    // FromStr (an OData V4 crate without IEEE754Compatible): a JSON number with every digit as
    // given (it was a string when the number did not reproduce the text, so `"42.50"` and `42.5`
    // went out in two forms); text that is no JSON number stays a string.
    for (text, json) in [
        ("1.5", "1.5"),
        ("-3", "-3"),
        ("1.50", "1.50"),
        ("42.50", "42.50"),
        ("99999999999999999999999", "99999999999999999999999"),
        ("1e400", "1e400"),
        ("+1", r#""+1""#),
    ] {
        let p: Decimal = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(odata::to_string(&p).unwrap(), json, "{text}");
        assert_eq!(p.to_string(), text);
    }
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
        // The offset without its colon (Jira, Java's `SimpleDateFormat` `Z`): read, kept.
        "2023-04-21T12:39:27.599+0000",
        "2021-07-16T10:00:00-0530",
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
        "2021-07-16T10:00:00+02",
        "2021-07-16T10:00:00+020",
        "2021-07-16T10:00:00+2400",
        "2021-07-16T10:00:00+02:0",
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

/// Number errors say what is wrong with the number, not only that it is one.
#[test]
fn number_messages_say_what_is_wrong() {
    let e = err_of::<i64>("1e5");
    assert!(e.contains("invalid Edm.Int64 100000: expected an integer without a fraction or an exponent"), "{e}");
    let page = |count: &str| {
        odata::from_str::<odata::Page<Shape>>(&format!(r#"{{"@odata.count":{count},"value":[]}}"#))
            .expect_err(count)
            .to_string()
    };
    // A string holding a number the type does not take: the type's reason, positioned in the
    // payload (not within the string).
    let e = page(r#""5.0""#);
    assert!(e.contains(r#"invalid number "5.0": invalid Edm.Int64 5: expected an integer without"#), "{e}");
    assert_eq!(e.matches(" column ").count(), 1, "{e}");
    // Not JSON's form of a number.
    for bad in [r#""+2""#, r#""007""#, r#"" 2""#] {
        let e = page(bad);
        assert!(e.contains("as JSON writes it (no `+` sign, no leading zeros, no spaces)"), "{bad}: {e}");
    }
}

/// A UTF-8 byte order mark before the JSON text is skipped (RFC 8259, section 8.1).
#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let v: i64 = odata::from_str("\u{feff}42").expect("BOM skipped");
    assert_eq!(v, 42);
    let v: i64 = odata::from_slice(b"\xEF\xBB\xBF 7").expect("BOM skipped");
    assert_eq!(v, 7);
    // Only at the start.
    assert!(odata::from_str::<Vec<i64>>("[\u{feff}1]").is_err());
}

/// A `null` item in a collection of non-optional items names the item and says how to read
/// such collections.
#[test]
fn a_null_item_error_points_to_nullable_items() {
    let e = odata::from_str::<Vec<Vec<String>>>(r#"[["a"],["b",null]]"#).expect_err("null item").to_string();
    assert!(e.starts_with("at `[1][1]`: invalid type: null, expected a string (a `null` item: where the metadata allows them, generate with `--nullable-items`"), "{e}");
    assert_eq!(e.matches("nullable-items").count(), 1, "{e}");
    assert_eq!(e.matches(" at line 1 column ").count(), 1, "{e}");
}
