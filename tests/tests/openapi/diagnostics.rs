//! Diagnostics for bad input: errors with pointers and positions, warnings for what is not
//! supported, and no panics on truncated or mangled documents.

use super::*;

fn errors_of(rel: &str) -> Vec<String> {
    let e = odatagen::frontend::load(&fixture(rel)).expect_err("fails");
    e.0.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let loc = d
                .location
                .as_ref()
                .map(|l| format!("{}:{}", l.line, l.column))
                .unwrap_or_default();
            format!("{}[{}] {}", loc, d.code, d.message)
        })
        .collect()
}

/// The model of a fixture that loads, and its warnings as `line:column code message`.
fn warnings_of(rel: &str) -> (odatagen::ir::Model, Vec<odatagen::diagnostics::Diagnostic>, Vec<String>) {
    let (model, diags) = odatagen::frontend::load(&fixture(rel)).expect("loads");
    let w = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {} {}", l.line, l.column, d.code, d.message)
        })
        .collect();
    (model, diags, w)
}

#[test]
fn bad_documents_are_errors_with_pointer_and_position() {
    assert_eq!(
        errors_of("openapi/err_unresolved.yaml"),
        [
            "10:11[E0102] `#/components/schemas/Missing` does not resolve (at `#/components/schemas/A/properties/b`)"
        ]
    );
    let e = errors_of("openapi/err_malformed.yaml");
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("[E0301] malformed JSON/YAML"), "{e:?}");
    assert_eq!(
        errors_of("openapi/err_swagger12.json"),
        [
            "1:13[E0302] Swagger 1.2 is not supported (Swagger 2.0 and OpenAPI 3.0.x and 3.1.x are) (at `#/swagger`)"
        ]
    );
    assert_eq!(
        errors_of("openapi/err_remote.yaml"),
        [
            "10:11[E0102] remote reference `https://example.com/schemas.yaml#/B` is not supported (only relative files) (at `#/components/schemas/A/properties/b`)"
        ]
    );
    let e = errors_of("openapi/err_cycle.yaml");
    assert!(
        e.iter().any(|m| m.contains("[E0107] inheritance cycle")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.contains("[E0107] reference cycle")),
        "{e:?}"
    );
}

#[test]
fn unsupported_constructs_are_warnings_with_pointers() {
    let (model, diags) =
        odatagen::frontend::load(&fixture("openapi/warn_unsupported.yaml")).expect("loads");
    let w: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {}", l.line, l.column, d.code)
        })
        .collect();
    assert_eq!(w, ["19:16 W0313"], "{diags:#?}");
    // An array of arrays is typed: its inner arrays are an array type named from where they sit.
    let a = model.ty(model.lookup("api.A").expect("A"));
    let grid = &a.as_struct().expect("struct").properties[0];
    let Target::Named(item) = grid.ty.target else { panic!("{grid:?}") };
    assert!(grid.ty.collection);
    let item = model.ty(item);
    assert_eq!(item.qualified_name(), "api.A_grid_item");
    let TypeKind::Array(arr) = &item.kind else { panic!("{:?}", item.kind) };
    assert_eq!(arr.items, TypeRef { collection: false, target: Target::Primitive(Primitive::Int64) });
    for d in &diags {
        assert!(
            d.message
                .contains("(at `#/components/schemas/A/properties/"),
            "{}",
            d.message
        );
    }
}

#[test]
fn constraints_in_all_of_and_dangling_mappings_are_not_errors() {
    let (model, diags, w) = warnings_of("openapi/warn_compositions.yaml");
    // A discriminator mapping that leads nowhere selects nothing: a warning, not a failed run.
    assert_eq!(
        w,
        [
            "88:13 W0312 inline `allOf` of parts of different types is not supported; the value is kept as untyped JSON (at `#/components/schemas/Page/properties/incompatible/allOf`)",
            "25:18 W0311 discriminator mapping `round` → `#/nowhere` does not resolve; ignored (at `#/components/schemas/Shape/discriminator/mapping/round`)"
        ],
        "{diags:#?}"
    );
    // `allOf` of parts of one type, each constraining it: that type (nullable when a part says
    // so); parts of different types: untyped.
    let page = model.ty(model.lookup("api.Page").expect("Page"));
    let typed: Vec<(&str, Target, bool)> = page
        .as_struct()
        .expect("struct")
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.ty.target, p.nullable))
        .collect();
    assert_eq!(
        typed,
        [
            ("slug", Target::Primitive(Primitive::String), false),
            ("region", Target::Primitive(Primitive::String), true),
            ("incompatible", Target::Primitive(Primitive::Untyped), false),
        ]
    );
    // A `oneOf` of one schema, discriminator or not, is that schema: no empty struct.
    assert!(model.lookup("api.McpServer").is_none());
    let agent = model.ty(model.lookup("api.Agent").expect("Agent"));
    let servers = &agent.as_struct().expect("struct").properties[0];
    let Target::Named(server) = servers.ty.target else { panic!("{servers:?}") };
    assert_eq!(model.ty(server).qualified_name(), "api.UrlServer");
    // `allOf: [Label, {maxLength: 12}]` only constrains `Label`: a string, not a struct.
    let b = model.ty(model.lookup("api.Box").expect("Box"));
    let label = b
        .as_struct()
        .expect("struct")
        .properties
        .iter()
        .find(|p| p.name == "label")
        .expect("label");
    assert_eq!(label.ty.target, Target::Primitive(Primitive::String));
    // `allOf` of inline parts only: a struct holding every part's members, described by the
    // schema's own description (a part's describes the type only when the schema has none).
    let entries = model.ty(model.lookup("api.Entries").expect("Entries"));
    let names: Vec<&str> = entries
        .as_struct()
        .expect("a struct")
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["limit", "next_marker", "entries"]);
    assert_eq!(entries.annotations.description(), Some("A page of entries."));
    // `allOf: [{type: string}, {nullable: false}]`: a string.
    let entry = model.ty(model.lookup("api.Entry").expect("Entry"));
    let id = &entry.as_struct().expect("struct").properties[0];
    assert_eq!((id.name.as_str(), id.ty.target), ("sequence_id", Target::Primitive(Primitive::String)));
    // `oneOf: [string, number]` in a document that does not render an OData service: a union.
    let ssl = model.ty(model.lookup("api.InsecureSsl").expect("InsecureSsl"));
    let TypeKind::Union(u) = &ssl.kind else { panic!("{:?}", ssl.kind) };
    assert_eq!(u.alternatives.len(), 2, "{u:?}");
    // A base that only aliases another type (`allOf: [{$ref: LocalBusiness}]`) stands for it.
    let restaurant = model.ty(model.lookup("api.Restaurant").expect("Restaurant"));
    let base = restaurant.as_struct().and_then(|s| s.base).expect("a base");
    assert_eq!(model.ty(base).qualified_name(), "api.LocalBusiness");
}

#[test]
fn members_stated_twice_through_all_of_are_one_member() {
    let (m, _, w) = warnings_of("openapi/warn_allof_repeats.yaml");
    let names = |ty: &str| -> Vec<String> {
        let id = m.lookup(ty).unwrap_or_else(|| panic!("{ty}"));
        m.all_properties(id).iter().map(|p| p.name.clone()).collect()
    };
    // Restated: the inherited member stands (a string of any format reads as `string`); one of
    // another type is a warning.
    assert_eq!(names("api.Derived"), ["email", "count", "extra"]);
    let count = m.all_properties(m.lookup("api.Derived").expect("Derived"))[1].ty;
    assert_eq!(count.target, Target::Primitive(Primitive::Int64));
    assert_eq!(
        w,
        [
            "51:19 W0310 property `size` declared twice; the first wins (at `#/components/schemas/Inline/allOf/1/properties/size`)",
            "21:20 W0310 property `count` of `api.Derived` restates an inherited one with another type; the inherited one is used",
        ]
    );
    assert_eq!(names("api.Inline"), ["archived", "size"]);
    // A diamond (`Top: allOf [Left, Right]`, both over `Root` and `Mixin`): each member once.
    assert_eq!(names("api.Left"), ["id", "tag"]);
    assert_eq!(names("api.Top"), ["id", "tag", "right"]);
}

#[test]
fn a_ref_by_bare_name_is_the_schema_of_that_name() {
    let (m, _, w) = warnings_of("openapi/warn_bare_ref.yaml");
    let owner = m.lookup("api.Owner").expect("Owner");
    let pet = m.lookup("api.Pet").expect("Pet");
    let types: Vec<(String, bool, Target)> = m
        .all_properties(owner)
        .iter()
        .map(|p| (p.name.clone(), p.ty.collection, p.ty.target))
        .collect();
    assert_eq!(
        types,
        [("pets".to_owned(), true, Target::Named(pet)), ("best".to_owned(), false, Target::Named(pet))]
    );
    assert_eq!(
        w,
        [
            "15:34 W0326 `$ref: Pet` names no file; read as `#/components/schemas/Pet` (Swagger 2.0: `#/definitions/Pet`), the schema of that name (at `#/components/schemas/Owner/properties/pets/items`)",
            "16:13 W0326 `$ref: Pet` names no file; read as `#/components/schemas/Pet` (Swagger 2.0: `#/definitions/Pet`), the schema of that name (at `#/components/schemas/Owner/properties/best`)",
        ]
    );
}

#[test]
fn callbacks_and_webhooks_are_reported_not_dropped_silently() {
    let (model, diags) =
        odatagen::frontend::load(&fixture("openapi/warn_callbacks.yaml")).expect("loads");
    let w: Vec<String> = diags
        .iter()
        .filter(|d| d.code == "W0324")
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {}", l.line, l.column, d.message)
        })
        .collect();
    assert_eq!(
        w,
        [
            "20:3 webhooks (newEvent) are requests the service makes, not the client: no code is generated for them (at `#/webhooks`)",
            "10:9 callbacks (onEvent) are requests the service makes, not the client: no code is generated for them (at `#/paths/~1subscriptions/post/callbacks`)",
        ],
        "{diags:#?}"
    );
    // The schemas they use are still read (a component is a type whoever uses it).
    assert!(model.lookup("api.Event").is_some());
}

#[test]
fn repeated_keys_are_warnings_and_the_last_value_wins() {
    // YAML 1.2 forbids repeated keys and JSON says they should be unique; parsers keep the last
    // value, so does odatagen, and says so (W0325) instead of reading both.
    let (model, diags) =
        odatagen::frontend::load(&fixture("openapi/warn_duplicate_keys.yaml")).expect("loads");
    let w: Vec<String> = diags
        .iter()
        .filter(|d| d.code == "W0325")
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {}", l.line, l.column, d.message)
        })
        .collect();
    assert_eq!(
        w,
        [
            "11:15 key `name` is given more than once in this mapping; the last value is used",
            "17:13 key `id` is given more than once in this mapping; the last value is used",
            "13:7 key `Pet` is given more than once in this mapping; the last value is used",
        ],
        "{diags:#?}"
    );
    // Only the second `Pet`, with its `id` an Int64: no duplicate type, no duplicate member.
    let pet = model.ty(model.lookup("api.Pet").expect("Pet"));
    let props: Vec<String> = pet
        .as_struct()
        .expect("struct")
        .properties
        .iter()
        .map(|p| format!("{}:{:?}", p.name, p.ty.target))
        .collect();
    assert_eq!(
        props,
        ["name:Primitive(String)", "id:Primitive(Int64)"],
        "{props:?}"
    );
    assert!(diags.iter().all(|d| d.code != "E0101"), "{diags:#?}");
}

#[test]
fn inline_objects_are_named_from_their_place() {
    // The inline objects of a response body, of a parameter and of a `oneOf` branch are not
    // reported: they are structs named from their operation and their place.
    let (m, diags, w) = warnings_of("openapi/warn_inline_objects.yaml");
    assert!(m.lookup("api.get_status_response_200").is_some());
    let filter = m.lookup("api.get_things_filter").expect("the parameter's struct");
    assert!(m.ty(filter).as_struct().is_some_and(|s| s.properties.len() == 1));
    assert_eq!(union_alternatives(&m, "api.Thing_shape"), ["Thing_shape_oneOf_0", "Edm.String"]);
    // (`deepObject`, the parameter's style, is supported: no warning either.)
    assert!(w.is_empty(), "{diags:#?}");
    // `validate` reaches the union's alternatives and the operations' bodies: no W0302 for them.
    let report = odatagen::validate::validate(&fixture("openapi/warn_inline_objects.yaml"));
    let unreachable: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "W0302")
        .map(|d| d.message.as_str())
        .collect();
    assert!(unreachable.is_empty(), "{unreachable:#?}");
    // Nor the `allOf` parts whose members an inline body copies in.
    let report = odatagen::validate::validate(&fixture("openapi/allof_mixin_reachable.yaml"));
    let unreachable: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "W0302")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unreachable, ["`api.Unused` is reachable from nothing the service exposes"]);
    // A missing referenced file: one E0102, with the status code in its pointer.
    let e = errors_of("openapi/err_missing_file.yaml");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].starts_with("11:23[E0102] cannot read referenced file "),
        "{e:?}"
    );
    assert!(
        e[0].ends_with(
            "(at `#/paths/~1things/get/responses/200/content/application~1json/schema`)"
        ),
        "{e:?}"
    );
}

#[test]
fn never_panics_on_truncated_or_mangled_input() {
    let text = std::fs::read_to_string(fixture("openapi/multi/main.yaml")).expect("read");
    let json = std::fs::read_to_string(fixture("trippin/TripPin.openapi3.json")).expect("read");
    let dir = std::env::temp_dir().join(format!("odatagen-openapi-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("shared")).expect("tmp");
    std::fs::copy(
        fixture("openapi/multi/shared/people.yaml"),
        dir.join("shared/people.yaml"),
    )
    .expect("copy");
    let mut cases: Vec<String> = Vec::new();
    for cut in (0..text.len()).step_by(11) {
        if text.is_char_boundary(cut) {
            cases.push(text[..cut].to_owned());
        }
    }
    for cut in (0..json.len()).step_by(json.len() / 37) {
        if json.is_char_boundary(cut) {
            cases.push(json[..cut].to_owned());
        }
    }
    cases.push(text.replace("type: object", "type: [object, 3]"));
    cases.push(text.replace("$ref:", "$ref: 42 #"));
    cases.push(json.replace("\"$ref\"", "\"$ref\": {}, \"x\""));
    cases.push("- a\n- b\n".into());
    cases.push("a: &x [*x]\n".into());
    cases.push(format!(
        "openapi: 3.0.0\nx: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    cases.push(format!(
        "{{\"openapi\": \"3.1.0\", \"x\": {}1{}}}",
        "{\"a\":".repeat(50_000),
        "}".repeat(50_000)
    ));
    // Swagger 2.0 (converted before it is read): truncated, mangled, nested deeply.
    let swagger = std::fs::read_to_string(fixture("swagger2/features.yaml")).expect("read");
    for cut in (0..swagger.len()).step_by(13) {
        if swagger.is_char_boundary(cut) {
            cases.push(swagger[..cut].to_owned());
        }
    }
    cases.push(swagger.replace("in: body", "in: [body]"));
    cases.push(swagger.replace("discriminator: kind", "discriminator: {propertyName: 3}"));
    cases.push(swagger.replace("$ref: '#/parameters/", "$ref: '#/parameters/x/"));
    cases.push(format!(
        "{{\"swagger\": \"2.0\", \"definitions\": {{\"A\": {}1{}}}}}",
        "{\"properties\": {\"p\":".repeat(20_000),
        "}}".repeat(20_000)
    ));
    cases.push(format!(
        "{{\"swagger\": \"2.0\", \"paths\": {{\"/a\": {{\"x-y\": {}1{}}}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    let file = dir.join("main.yaml");
    for (i, c) in cases.iter().enumerate() {
        std::fs::write(&file, c).expect("write");
        // Loading is what reads the input; rendering a sample checks the model it gives is usable.
        if odatagen::frontend::load(&file).is_ok() && i % 8 == 0 {
            let _ = Config::new().metadata(&file).render();
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_enum_is_a_plain_string_and_says_so() {
    // `enum: []` names no value: inline, the warning says so (it used to blame the place for
    // having no type name, which the sibling `enum: [x, y]` shows is not the reason).
    let (m, diags, w) = warnings_of("openapi/warn_empty_enum.yaml");
    assert_eq!(
        w,
        [
            "20:11 W0315 `enum` lists no string value, so it allows no string: kept as a plain string that accepts any value (at `#/components/schemas/A/properties/s`)"
        ],
        "{diags:#?}"
    );
    let a = m.ty(m.lookup("api.A").expect("A"));
    let props = &a.as_struct().expect("struct").properties;
    assert_eq!(props[0].ty.target, Target::Primitive(Primitive::String));
    let Target::Named(t) = props[1].ty.target else { panic!("{:?}", props[1]) };
    assert!(matches!(m.ty(t).kind, TypeKind::Enum(_)), "{:?}", m.ty(t).kind);
}

#[test]
fn conditionals_of_components_are_warnings_as_inline_ones_are() {
    // `if`/`then`/`else`/`not` at the top of a component schema (a struct, an enum, an `allOf`
    // part) were ignored silently; on an inline property's schema they were W0313.
    let (_, diags, w) = warnings_of("openapi/warn_component_conditionals.yaml");
    let mut w = w;
    w.sort();
    assert_eq!(
        w,
        [
            "14:15 W0313 `if` is not supported; ignored (at `#/components/schemas/Cond/properties/sub/if`)",
            "15:17 W0313 `then` is not supported; ignored (at `#/components/schemas/Cond/properties/sub/then`)",
            "16:11 W0313 `if` is not supported; ignored (at `#/components/schemas/Cond/if`)",
            "17:13 W0313 `then` is not supported; ignored (at `#/components/schemas/Cond/then`)",
            "18:12 W0313 `not` is not supported; ignored (at `#/components/schemas/Cond/not`)",
            "24:17 W0313 `else` is not supported; ignored (at `#/components/schemas/Derived/allOf/1/else`)",
            "28:12 W0313 `not` is not supported; ignored (at `#/components/schemas/Status/not`)",
        ],
        "{diags:#?}"
    );
}

#[test]
fn json_schema_2020_keywords_nothing_reads_are_warnings() {
    // `dependentSchemas`, `unevaluatedProperties` with a schema (not `false`/`true`),
    // `$dynamicRef` and `$dynamicAnchor` were ignored without a word.
    let (m, diags, w) = warnings_of("openapi/warn_2020_keywords.yaml");
    let mut w = w;
    w.sort();
    assert_eq!(
        w,
        [
            "11:9 W0313 `dependentSchemas` is not supported; ignored: what it adds when `card` is present is not part of the type (at `#/components/schemas/Payment/dependentSchemas`)",
            "19:30 W0313 `unevaluatedProperties` with a schema is not supported; ignored: members no other keyword declares are kept as untyped JSON (at `#/components/schemas/Loose/unevaluatedProperties`)",
            "25:32 W0313 `$dynamicRef` is not supported; ignored: the schema it names is not followed (without other keywords, the value is kept as untyped JSON) (at `#/components/schemas/List/properties/items/items/$dynamicRef`)",
            "31:23 W0313 `$dynamicAnchor` is not supported; ignored: no `$dynamicRef` is followed to it (at `#/components/schemas/Node/$dynamicAnchor`)",
        ],
        "{diags:#?}"
    );
    // What is read still is: `Payment.card`, an untyped list, `Node.next`.
    let p = m.ty(m.lookup("api.Payment").expect("Payment"));
    let names: Vec<&str> = p.as_struct().expect("struct").properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["card"]);
    let l = m.ty(m.lookup("api.List").expect("List"));
    let items = &l.as_struct().expect("struct").properties[0];
    assert_eq!(items.ty, TypeRef { collection: true, target: Target::Primitive(Primitive::Untyped) });
}

#[test]
fn plain_name_fragments_name_the_schema_with_that_anchor() {
    // `$ref: '#tag'` is the schema stating `$anchor: tag` (was E0102, "only JSON pointer
    // fragments"); a property named `example` is a schema, an example's `$anchor` key is not.
    let (m, diags) = odatagen::frontend::load(&fixture("openapi/anchor_ref.yaml")).expect("loads");
    assert!(diags.is_empty(), "{diags:?}");
    let other = m.ty(m.lookup("api.Other").expect("Other"));
    let props = &other.as_struct().expect("struct").properties;
    let ty = |name: &str| props.iter().find(|p| p.name == name).expect(name).ty;
    assert_eq!(ty("label").target, Target::Primitive(Primitive::String));
    assert_eq!(ty("again").target, Target::Primitive(Primitive::String));
    assert_eq!(
        ty("address").target,
        Target::Named(m.lookup("api.Address").expect("Address"))
    );
    // An anchor no schema states, or two schemas state, is an error at the reference.
    assert_eq!(
        errors_of("openapi/err_anchor.yaml"),
        [
            "15:18[E0102] `#nowhere` does not resolve: no schema states `$anchor: nowhere` (fragments are JSON pointers, `#/...`, or such anchors) (at `#/components/schemas/Other/properties/nowhere`)",
            "16:20[E0102] `#twice`: more than one schema states `$anchor: twice` (at `#/components/schemas/Other/properties/ambiguous`)",
            "17:15[E0102] `#not-a-schema` does not resolve: no schema states `$anchor: not-a-schema` (fragments are JSON pointers, `#/...`, or such anchors) (at `#/components/schemas/Other/properties/data`)",
        ]
    );
}

#[test]
fn object_type_lists_with_properties_say_what_does_not_deserialize() {
    let (model, _, w) = warnings_of("openapi/warn_object_type_list.yaml");
    assert_eq!(
        w,
        [
            "30:7 W0312 a `type` list of `object` and `string` with `properties` is read as the object: a value of type string does not deserialize (at `#/components/schemas/Label`)",
            "22:11 W0312 a `type` list of `object` and `string` with `properties` is read as the object: a value of type string does not deserialize (at `#/components/schemas/Thing/properties/owner`)",
        ]
    );
    // The object's members stay typed.
    let owner = model.ty(model.lookup("tl.Thing_owner").or_else(|| model.lookup("api.Thing_owner")).expect("Thing_owner"));
    assert_eq!(owner.as_struct().expect("struct").properties.len(), 2);
}
