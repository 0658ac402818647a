//! Errors: paths and messages of bad input, hostile input and random mutations (errors, not
//! panics), and serialization.

use super::*;

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
    // errors inside unknown members name the member (its value is read as JSON text, whole)
    // and the position
    let e = odata::from_str::<Outer>(r#"{"x":{"y":[1,tru]}}"#).unwrap_err();
    assert_eq!(e.path(), "x");
    assert!(e.to_string().contains("column 17"), "{e}");
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
    // A Decimal beyond an f64's range is a valid decimal: kept as its text, not an error.
    let d: Decimal = odata::from_str("-1e999999").unwrap();
    assert_eq!(odata::to_string(&d).unwrap(), "-1e999999");
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
