//! `Field`: its API, and absent / null / value on the wire.

use super::*;

#[test]
fn field_api() {
    let mut f: Field<i32> = Field::default();
    assert!(f.is_absent() && !f.is_present() && !f.is_null() && f.value().is_none());
    f = Field::Null;
    assert!(f.is_null() && f.is_present() && f.value().is_none());
    f = 5.into();
    assert_eq!(f.value(), Some(&5));
    if let Some(v) = f.value_mut() {
        *v += 1;
    }
    assert_eq!(f.as_ref(), Field::Value(&6));
    assert_eq!(f.clone().map(|v| v * 2), Field::Value(12));
    assert_eq!(f.take(), Field::Value(6));
    assert!(f.is_absent());
    assert_eq!(Field::<i32>::from(None::<i32>), Field::Null);
    assert_eq!(Field::<i32>::from(Some(3)), Field::Value(3));
    assert_eq!(Field::Value(3).into_value(), Some(3));
    assert_eq!(Field::<i32>::Null.map(|v| v + 1), Field::Null);
    // Building a model to send: a `&str` is a `Field<String>`; `as_deref` borrows through it.
    let name: Field<String> = "Ada".into();
    assert_eq!(name.as_deref(), Field::Value("Ada"));
    assert_eq!(Field::<String>::Null.as_deref(), Field::Null);
    assert_eq!(Field::<Vec<u8>>::Absent.as_deref(), Field::Absent);
    // Field<T> has no Default bound on T
    struct NoDefault;
    assert!(Field::<NoDefault>::default().is_absent());
}

#[test]
fn field_tristate_round_trip() {
    let m: Outer = text_round_trip(r#"{"id":null,"count":3}"#);
    assert!(m.odata_type.is_absent());
    assert!(m.id.is_null());
    assert_eq!(m.count, Field::Value(3));
    assert!(m.items.is_absent());

    let m: Outer = text_round_trip(r#"{"id":"x"}"#);
    assert_eq!(m.id, Field::Value("x".to_owned()));
    assert!(m.count.is_absent());

    let m: Outer = text_round_trip("{}");
    assert_eq!(m, Outer::default());

    // Option<T> as a wire type: null <=> None
    assert_eq!(odata::from_str::<Option<i32>>("null").unwrap(), None);
    assert_eq!(odata::from_str::<Option<i32>>("4").unwrap(), Some(4));
    assert_eq!(odata::to_string(&None::<i32>).unwrap(), "null");
    let v: Vec<Option<String>> = text_round_trip(r#"["a",null,"b"]"#);
    assert_eq!(v, vec![Some("a".to_owned()), None, Some("b".to_owned())]);
    let b: Box<i64> = text_round_trip("7");
    assert_eq!(*b, 7);
    let any: Value = text_round_trip(r#"{"z":[1,2.5,"x",null,true],"a":{}}"#);
    assert!(any.is_object());
}
