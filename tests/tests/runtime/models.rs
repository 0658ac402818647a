//! Models: exact round trips, member order (recorded, packed, past the packed form), explicit
//! nulls, duplicate keys, changes after reading, and `AdditionalData`.

use super::*;

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
fn unknown_members_keep_their_json_text() {
    // What a `serde_json::Value` would change: trailing zeros, exponents, integers past 64
    // bits, numbers past `f64`, escapes; nested in objects and arrays too.
    let text = r#"{"id":"1","price":12.50,"big":123456789012345678901234567890,"exp":1E+2,"huge":1e400,"neg":-0,"s":"caf\u00e9 \"q\"","nested":{"a":[1.0,2.50],"b":"\/"},"count":5}"#;
    let m: Outer = text_round_trip(text);
    let d = &m.additional_data;
    assert_eq!(d.len(), 7);
    // Parsed on access; the text stays what was read.
    assert_eq!(d.get("price"), Some(&json!(12.5)));
    assert_eq!(d.get_json("price"), Some("12.50"));
    assert_eq!(d.get("s"), Some(&json!("café \"q\"")));
    assert_eq!(d.get_json("s"), Some(r#""caf\u00e9 \"q\"""#));
    assert_eq!(d.get("nested"), Some(&json!({"a": [1.0, 2.5], "b": "/"})));
    // `1e400` is beyond a `Value`: kept and written back, but no `Value` to give.
    assert_eq!(d.get("huge"), None);
    assert_eq!(d.get_json("huge"), Some("1e400"));
    assert!(d.contains_key("huge"));
    assert_eq!(d.iter().count(), 6);
    assert_eq!(m, m.clone());
    // The same members read from a `Value` (no text to keep) compare equal where they can.
    let from_value: Outer = odata::from_value(json!({"id": "1", "price": 12.5})).unwrap();
    let from_text: Outer = odata::from_str(r#"{"id":"1","price":12.50}"#).unwrap();
    assert_eq!(from_value, from_text);
    assert_eq!(from_value.additional_data.get_json("price"), Some("12.5"));

    // Escapes are checked as a `Value` would decode them: pairs of surrogates, not an escaped
    // backslash before `u`; a lone surrogate is an error naming the member.
    let m: Outer = text_round_trip(r#"{"e":"\ud83d\ude00","f":["a\\ud800"],"g":{"h":"\u0041\n"}}"#);
    assert_eq!(m.additional_data.get("e"), Some(&json!("😀")));
    assert_eq!(m.additional_data.get("f"), Some(&json!(["a\\ud800"])));
    assert_eq!(m.additional_data.get("g"), Some(&json!({"h": "A\n"})));
    for bad in [r#"{"x":["\ud83d"]}"#, r#"{"x":{"y":"\ude00"}}"#, r#"{"x":"\ud83d\ud83d"}"#] {
        let e = odata::from_str::<Outer>(bad).expect_err(bad);
        assert_eq!(e.path(), "x", "{bad}: {e}");
    }

    // Pretty-printed input: unknown members are written back compact, strings untouched.
    let pretty = "{\n  \"id\": \"1\",\n  \"x\": {\n    \"a b\": [ 1.50, \"c  d\" ],\n    \"e\": {}\n  }\n}";
    let m: Outer = odata::from_str(pretty).unwrap();
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"id":"1","x":{"a b":[1.50,"c  d"],"e":{}}}"#
    );
    // Escaped quotes and backslashes before whitespace, tabs and CR LF: only the whitespace
    // between tokens goes; `\u` escapes in a pretty container are still checked.
    let pretty = "{\r\n\t\"id\": \"1\",\n  \"y\": [ \"q\\\" r \", \"s\\\\\" ,\t\"\\\\u0041 \\ud83d\\ude00\" ]\r\n}";
    let m: Outer = odata::from_str(pretty).unwrap();
    assert_eq!(
        odata::to_string(&m).unwrap(),
        r#"{"id":"1","y":["q\" r ","s\\","\\u0041 \ud83d\ude00"]}"#
    );
    assert_eq!(m.additional_data.get("y"), Some(&json!(["q\" r ", "s\\", "\\u0041 😀"])));
    let e = odata::from_str::<Outer>("{\n  \"x\": [\n    \"\\ud83d\"\n  ]\n}").expect_err("lone");
    assert_eq!(e.path(), "x", "{e}");

    // A changed member is written from its new value.
    let mut m: Outer = odata::from_str(r#"{"id":"1","price":12.50}"#).unwrap();
    if let Some(v) = m.additional_data.get_mut("price") {
        *v = json!(13.25);
    }
    assert_eq!(m.additional_data.get_json("price"), None);
    assert_eq!(odata::to_string(&m).unwrap(), r#"{"id":"1","price":13.25}"#);
    assert_eq!(m.additional_data.remove("price"), Some(json!(13.25)));

    // Through `serde_json` directly and into a `Value`, the text is used as well.
    let m: Outer = serde_json::from_str(r#"{"id":"1","price":12.50}"#).unwrap();
    assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"id":"1","price":12.50}"#);
    assert_eq!(
        odata::to_value(&m).unwrap(),
        json!({"id": "1", "price": 12.5})
    );
}
