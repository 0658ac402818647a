//! Open enums and flags.

use super::*;

#[test]
fn open_enum() {
    let c: Color = text_round_trip(r#""red""#);
    assert_eq!(c, Color::Red);
    let c: Color = text_round_trip(r#""unknownFutureValue""#);
    assert_eq!(c, Color::UnknownFutureValue);
    let c: Color = text_round_trip(r#""ultraviolet""#);
    assert_eq!(c, Color::Other("ultraviolet".to_owned()));
    let c: Color = text_round_trip(r#""""#);
    assert_eq!(c, Color::Other(String::new()));
    for bad in ["1", "null", "[]", "{}", "true"] {
        let e = err_of::<Color>(bad);
        assert!(e.contains("expected a string for enum"), "{bad}: {e}");
    }
    let m: Outer = text_round_trip(r#"{"color":"green"}"#);
    assert_eq!(m.color, Field::Value(Color::Green));
    let m: Outer = text_round_trip(r#"{"color":null}"#);
    assert!(m.color.is_null());
    let e = odata::from_str::<Outer>(r#"{"color":7}"#).unwrap_err();
    assert_eq!(e.path(), "color");
    assert!(e.to_string().contains("expected a string for enum"));
}

#[test]
fn flags() {
    let f: Flags<Color> = text_round_trip(r#""red,green""#);
    assert_eq!(f.items(), &[Color::Red, Color::Green]);
    // exact text kept while unchanged, even when not canonical
    let mut f: Flags<Color> = text_round_trip(r#""red, green , blue""#);
    assert_eq!(
        f.items(),
        &[Color::Red, Color::Green, Color::Other("blue".to_owned())]
    );
    assert_eq!(f.to_string(), "red, green , blue");
    f.items_mut().retain(|c| *c != Color::Green);
    assert_eq!(odata::to_string(&f).unwrap(), r#""red,blue""#);
    let f: Flags<Color> = text_round_trip(r#""""#);
    assert!(f.is_empty());
    assert_eq!(odata::to_string(&Flags::<Color>::new()).unwrap(), r#""""#);
    let f = Flags::from(vec![Color::Green, Color::Red]);
    assert_eq!(odata::to_string(&f).unwrap(), r#""green,red""#);
    assert_eq!(odata::to_value(&f).unwrap(), json!("green,red"));
    let g: Flags<Color> = odata::from_str(r#""green ,red""#).unwrap();
    assert_eq!(f, g, "equality compares members");
    assert!(g.contains_wire("red"));
    assert_eq!(g.clone().into_items().len(), 2);
    assert!(err_of::<Flags<Color>>("3").contains("invalid type"));
    let f: Flags<Color> = odata::from_str(r#""red,,green,""#).unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(odata::to_string(&f).unwrap(), r#""red,,green,""#);
}
