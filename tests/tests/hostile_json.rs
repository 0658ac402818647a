//! Hostile JSON for the generated models (the committed `graph-beta-models` crate): nesting beyond
//! serde_json's recursion limit, numbers beyond Int64, lone surrogates, duplicate keys and very long
//! strings give errors (or, for duplicates, the documented "last wins"), never a panic.

use graph_beta_models::models::{
    AnyEntity, CredentialUserRegistrationCount, RegistrationStatusType, UserRegistrationCount,
};
use graph_beta_models::odata::{self, Field};

fn nested(depth: usize, open: &str, close: &str, inner: &str) -> String {
    let mut s = String::with_capacity(depth * (open.len() + close.len()) + inner.len());
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str(inner);
    for _ in 0..depth {
        s.push_str(close);
    }
    s
}

#[test]
fn nesting_beyond_the_recursion_limit_is_an_error() {
    for depth in [127, 128, 129, 1_000, 100_000] {
        let deep_array = nested(depth, "[", "]", "1");
        let deep_object = nested(depth, r#"{"a":"#, "}", "1");
        for deep in [&deep_array, &deep_object] {
            // In an unknown member (kept in `additional_data`), in a typed member, in a
            // collection, and through the polymorphic entry point.
            let docs = [
                format!(r#"{{"id":"x","unknown":{deep}}}"#),
                format!(r#"{{"id":{deep}}}"#),
                format!(r#"{{"userRegistrationCounts":[{deep}]}}"#),
                format!(r#"{{"@odata.type":"microsoft.graph.credentialUserRegistrationCount","x":{deep}}}"#),
            ];
            for doc in &docs {
                let typed = odata::from_str::<CredentialUserRegistrationCount>(doc);
                let any = odata::from_str::<AnyEntity>(doc);
                if depth >= 129 {
                    let e = typed.expect_err("too deep");
                    assert!(!e.to_string().is_empty());
                    assert!(any.is_err(), "depth {depth}");
                } else if depth == 128 {
                    // An unknown member is kept as its JSON text: its own nesting is checked
                    // (within 127 levels, so that it reads as a `Value`), not its depth in the
                    // document; one that fits is kept exactly, anything else is an error.
                    if let Ok(t) = typed {
                        assert_eq!(odata::to_string(&t).expect("writes"), *doc);
                    }
                    if let Ok(a) = any {
                        assert_eq!(odata::to_string(&a).expect("writes"), *doc);
                    }
                }
            }
        }
    }
    // A shallow unknown member is kept (and the depth limit is serde_json's, 128).
    let ok = nested(100, "[", "]", "1");
    let c: CredentialUserRegistrationCount =
        odata::from_str(&format!(r#"{{"unknown":{ok}}}"#)).expect("within the limit");
    assert!(c.additional_data.contains_key("unknown"));
}

#[test]
fn numbers_beyond_int64_are_errors() {
    for n in [
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "1e19",
        "1.5",
        "1e400",
        "-0.0e-400",
        "\"9223372036854775808\"",
        "\"-9223372036854775808\"",
        "\"42\"",
        "\"1e3\"",
        "\"\"",
        "\" 1\"",
        "1234567890123456789012345678901234567890",
    ] {
        let doc = format!(r#"{{"registrationCount":{n}}}"#);
        let r = odata::from_str::<UserRegistrationCount>(&doc);
        assert!(r.is_err(), "{n} accepted: {r:?}");
        let e = r.expect_err("checked").to_string();
        assert!(e.contains("registrationCount"), "error names the path: {e}");
    }
    // The extremes are fine (as numbers: the IEEE754Compatible string form is refused, above).
    for (n, v) in [
        ("9223372036854775807", i64::MAX),
        ("-9223372036854775808", i64::MIN),
    ] {
        let u: UserRegistrationCount =
            odata::from_str(&format!(r#"{{"registrationCount":{n}}}"#)).expect("in range");
        assert_eq!(u.registration_count, Field::Value(v));
    }
    // Out-of-range numbers where any JSON is allowed: kept or refused, never a panic.
    for n in ["1e400", "-1e400", "123456789012345678901234567890"] {
        let _ = odata::from_str::<UserRegistrationCount>(&format!(r#"{{"x":{n}}}"#));
    }
}

#[test]
fn lone_surrogates_are_errors() {
    for s in [r#""\ud800""#, r#""\udc00""#, r#""a\ud83dz""#, r#""\ud83d\u0041""#] {
        for doc in [
            format!(r#"{{"id":{s}}}"#),
            format!(r#"{{"unknown":{s}}}"#),
            format!(r#"{{{s}:1}}"#),
            format!(r#"{{"userRegistrationCounts":[{{"registrationStatus":{s}}}]}}"#),
        ] {
            assert!(
                odata::from_str::<CredentialUserRegistrationCount>(&doc).is_err(),
                "{doc} accepted"
            );
            assert!(odata::from_str::<AnyEntity>(&doc).is_err(), "{doc} accepted");
        }
    }
    // Invalid UTF-8 in bytes is an error too.
    assert!(odata::from_slice::<CredentialUserRegistrationCount>(b"{\"id\":\"\xff\"}").is_err());
    // A proper pair is fine.
    let c: CredentialUserRegistrationCount =
        odata::from_str(r#"{"id":"\ud83d\ude00"}"#).expect("valid pair");
    assert_eq!(c.id, Field::Value("😀".to_owned()));
}

#[test]
fn duplicate_keys_last_wins() {
    let c: CredentialUserRegistrationCount = odata::from_str(
        r#"{"id":"first","totalUserCount":1,"x":1,"id":"second","x":2,"totalUserCount":null}"#,
    )
    .expect("duplicates are accepted");
    assert_eq!(c.id, Field::Value("second".to_owned()));
    assert_eq!(c.total_user_count, Field::Null);
    assert_eq!(c.additional_data.get("x"), Some(&serde_json::json!(2)));
    // The last value must still be valid: an invalid first value is an error even if overwritten.
    assert!(
        odata::from_str::<CredentialUserRegistrationCount>(r#"{"id":1,"id":"ok"}"#).is_err()
    );
    // Duplicate `@odata.type`: the last decides the variant.
    let any: AnyEntity = odata::from_str(
        r##"{"@odata.type":"#microsoft.graph.entity","@odata.type":"#microsoft.graph.credentialUserRegistrationCount","id":"a"}"##,
    )
    .expect("accepted");
    assert!(matches!(any, AnyEntity::CredentialUserRegistrationCount(_)), "{any:?}");
}

#[test]
fn very_long_strings_round_trip() {
    let long = "x".repeat(32 << 20);
    let doc = format!(r#"{{"id":"{long}","{long}":"{long}"}}"#);
    let c: CredentialUserRegistrationCount = odata::from_str(&doc).expect("long strings");
    assert_eq!(c.id, Field::Value(long.clone()));
    assert_eq!(odata::to_string(&c).expect("serializes"), doc);
    // A long unknown enum value is kept, a long escaped string too.
    let u: UserRegistrationCount =
        odata::from_str(&format!(r#"{{"registrationStatus":"{long}"}}"#)).expect("open enum");
    assert_eq!(
        u.registration_status,
        Field::Value(RegistrationStatusType::Unrecognized(long))
    );
    let escaped = "\\u0041".repeat(1 << 20);
    let c: CredentialUserRegistrationCount =
        odata::from_str(&format!(r#"{{"id":"{escaped}"}}"#)).expect("escapes");
    assert_eq!(c.id, Field::Value("A".repeat(1 << 20)));
}

#[test]
fn truncated_and_garbage_documents_are_errors() {
    let doc = r#"{"id":"a","totalUserCount":12,"userRegistrationCounts":[{"registrationStatus":"registered","registrationCount":3}]}"#;
    for end in 0..doc.len() {
        assert!(odata::from_str::<CredentialUserRegistrationCount>(&doc[..end]).is_err());
        let _ = odata::from_str::<AnyEntity>(&doc[..end]);
    }
    for bad in ["", "null", "[]", "1", "\"s\"", "{\"id\":}", "{,}", "{\"a\" 1}", "{}\u{feff}", "\u{feff}\u{feff}{}", "\u{feff}", "{}x"] {
        assert!(odata::from_str::<CredentialUserRegistrationCount>(bad).is_err(), "{bad:?}");
    }
    // One byte order mark before the text is no part of it (RFC 8259, section 8.1).
    assert!(odata::from_str::<CredentialUserRegistrationCount>("\u{feff}{}").is_ok());
}
