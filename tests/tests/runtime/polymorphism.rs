//! Polymorphism: dispatch on `@odata.type`, replayed members, conflicting types.

use super::*;

#[test]
fn polymorphic_dispatch() {
    let text = r##"{"shapes":[{"@odata.type":"#test.circle","radius":1.5},{"side":3,"@odata.type":"test.square","x":1},{"radius":"INF"}]}"##;
    let d: Drawing = text_round_trip(text);
    let shapes = d.shapes.value().unwrap();
    assert_eq!(shapes.len(), 3);
    match &shapes[0] {
        Shape::Circle(c) => {
            assert_eq!(c.value.value().map(Double::get), Some(1.5));
            assert_eq!(c.odata_type, Field::Value("#test.circle".to_owned()));
        }
        other => panic!("{other:?}"),
    }
    match &shapes[1] {
        Shape::Square(s) => {
            assert_eq!(s.value, Field::Value(3));
            assert_eq!(s.additional_data.get("x"), Some(&json!(1)));
        }
        other => panic!("{other:?}"),
    }
    match &shapes[2] {
        Shape::Circle(c) => assert!(c.odata_type.is_absent()),
        other => panic!("{other:?}"),
    }

    // an unknown type reads as the declared (base) type, keeping its @odata.type
    let d: Drawing = text_round_trip(r##"{"shapes":[{"@odata.type":"#test.triangle","radius":2}]}"##);
    match &d.shapes.value().unwrap()[0] {
        Shape::Circle(c) => assert_eq!(c.odata_type, Field::Value("#test.triangle".to_owned())),
        other => panic!("{other:?}"),
    }
    // @odata.type after other members: those are replayed into the derived type, in order,
    // with unknown members, explicit nulls and a duplicate (last value wins, first position)
    let text = r##"{"shapes":[{"z":null,"side":1,"side":4,"w":[1,{"a":2}],"@odata.type":"#test.square","y":"s"}]}"##;
    let d: Drawing = odata::from_str(text).unwrap();
    match &d.shapes.value().unwrap()[0] {
        Shape::Square(s) => {
            assert_eq!(s.value, Field::Value(4));
            assert_eq!(s.additional_data.get("z"), Some(&Value::Null));
            assert_eq!(s.additional_data.get("y"), Some(&json!("s")));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        odata::to_string(&d).unwrap(),
        r##"{"shapes":[{"z":null,"side":4,"w":[1,{"a":2}],"@odata.type":"#test.square","y":"s"}]}"##
    );
    // duplicate @odata.type: a non-derived one before a derived one switches (the last wins);
    // one conflicting with the derived type being read is an error; an identical one is kept
    let d: Drawing = odata::from_str(
        r##"{"shapes":[{"@odata.type":"#test.circle","@odata.type":"#test.square","side":1}]}"##,
    )
    .unwrap();
    assert!(matches!(&d.shapes.value().unwrap()[0], Shape::Square(_)));
    let e = odata::from_str::<Drawing>(
        r##"{"shapes":[{"@odata.type":"#test.square","side":1,"@odata.type":"#test.circle"}]}"##,
    )
    .unwrap_err();
    assert!(e.to_string().contains("conflicting \"@odata.type\""), "{e}");
    let d: Drawing = odata::from_str(
        r##"{"shapes":[{"@odata.type":"#test.square","side":1,"@odata.type":"#test.square"}]}"##,
    )
    .unwrap();
    assert!(matches!(&d.shapes.value().unwrap()[0], Shape::Square(_)));
    // a derived type's error keeps the path to the member: the value streams into it
    let e =
        odata::from_str::<Drawing>(r##"{"shapes":[{"@odata.type":"#test.square","side":"x"}]}"##)
            .unwrap_err();
    assert_eq!(e.path(), "shapes[0].side");
    // ... also for a replayed member (read before @odata.type): the message names it
    let e =
        odata::from_str::<Drawing>(r##"{"shapes":[{"side":"x","@odata.type":"#test.square"}]}"##)
            .unwrap_err();
    assert!(e.to_string().contains("side: "), "{e}");
    // non-objects reach the dispatch with no type and fail there
    let e = odata::from_str::<Drawing>(r#"{"shapes":[5]}"#).unwrap_err();
    assert!(
        e.to_string().contains("expected an object for Circle"),
        "{e}"
    );

    assert_eq!(
        odata::normalize_type_name("#microsoft.graph.user"),
        "microsoft.graph.user"
    );
    assert_eq!(
        odata::normalize_type_name("microsoft.graph.user"),
        "microsoft.graph.user"
    );
    assert_eq!(odata::normalize_type_name(""), "");
}

/// OData 4.01 JSON may leave out the `odata.` prefix: `@type` chooses the derived type (and is
/// written back as it came), `@count`, `@nextLink` and `@deltaLink` are the page's count and
/// links.
#[test]
fn odata_401_short_annotations() {
    let text = r##"{"@context":"$metadata#Shapes","@count":2,"value":[{"@type":"#test.square","side":2},{"side":1,"@type":"test.square"},{"radius":1}],"@nextLink":"Shapes?$skiptoken=2","@deltaLink":"Shapes?$deltatoken=9"}"##;
    let page: odata::Page<Shape> = text_round_trip(text);
    assert!(matches!(&page.value[0], Shape::Square(s) if s.value == Field::Value(2)), "{:?}", page.value[0]);
    assert!(matches!(&page.value[1], Shape::Square(s) if s.value == Field::Value(1)), "{:?}", page.value[1]);
    assert!(matches!(&page.value[2], Shape::Circle(_)), "{:?}", page.value[2]);
    assert_eq!(page.total_count(), Some(2));
    assert_eq!(page.next_link(), Some("Shapes?$skiptoken=2"));
    assert_eq!(page.delta_link(), Some("Shapes?$deltatoken=9"));
    // The derived type's members are checked as with `@odata.type`.
    let e = odata::from_str::<Shape>(r##"{"@type":"#test.square","side":"x"}"##).expect_err("side is an integer");
    assert!(e.to_string().contains("side"), "{e}");
    // The 4.0 names win; V3 JSON light's `odata.count` is a string.
    let page: odata::Page<Shape> = text_round_trip(r#"{"@odata.count":3,"@count":2,"value":[]}"#);
    assert_eq!(page.total_count(), Some(3));
    let page: odata::Page<Shape> = text_round_trip(r#"{"odata.count":"7","value":[],"odata.deltaLink":"d"}"#);
    assert_eq!((page.total_count(), page.delta_link()), (Some(7), Some("d")));
}
