//! Reading plain OpenAPI documents: references across files and cycles, the petstore, Graph-style
//! constructs as Edm types, and deterministic output.

use super::*;

#[test]
fn references_across_files_mutual_and_cyclic() {
    let (m, diags) = odatagen::frontend::load(&fixture("openapi/multi/main.yaml")).expect("loads");
    assert!(
        diags.iter().all(|d| d.severity == Severity::Note),
        "{diags:?}"
    );
    assert_eq!(m.sources.len(), 2, "the referenced file is read once");
    let pet = m.lookup("api.Pet").expect("Pet");
    let owner = m
        .lookup("api.Owner")
        .expect("Owner (from shared/people.yaml)");
    let kind = m.lookup("api.Kind").expect("Kind");
    assert!(
        m.lookup("api.OwnerId").is_none(),
        "a primitive alias is used inline"
    );
    // Owner is served at /owners, so it is an entity type; Pet refers to it by navigation.
    assert!(matches!(m.ty(owner).kind, TypeKind::Entity(_)));
    let p = m.ty(pet).as_struct().expect("struct");
    let names: Vec<(&str, String)> = p
        .properties
        .iter()
        .filter(|q| {
            !matches!(
                q.name.as_str(),
                "tagOrNumber"
                    | "toy"
                    | "labels"
                    | "ratings"
                    | "color"
                    | "companion"
                    | "size"
                    | "tricks"
                    | "path"
                    | "grid"
                    | "stamped"
                    | "mother"
                    | "action"
                    | "state"
                    | "previousState"
            )
        })
        .map(|q| {
            (
                q.name.as_str(),
                format!("{:?}{}", q.ty.target, if q.nullable { "?" } else { "" }),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("name", "Primitive(String)".to_owned()),
            ("parent", format!("Named({pet:?})")),
            ("born", "Primitive(Date)?".to_owned()),
            ("kind", format!("Named({kind:?})")),
        ]
    );
    assert_eq!(p.navigation.len(), 1);
    assert_eq!(p.navigation[0].ty.target, Target::Named(owner));
    let o = m.ty(owner).as_struct().expect("struct");
    assert_eq!(o.navigation.len(), 0);
    let pets = o
        .properties
        .iter()
        .find(|q| q.name == "pets")
        .expect("pets");
    assert_eq!(
        (pets.ty.collection, pets.ty.target),
        (true, Target::Named(pet))
    );
    let id = o.properties.iter().find(|q| q.name == "id").expect("id");
    assert_eq!(id.ty.target, Target::Primitive(Primitive::Guid));
    // Required members are kept as data.
    let name = p
        .properties
        .iter()
        .find(|q| q.name == "name")
        .expect("name");
    assert!(
        name.annotations
            .get(odatagen::frontend::openapi::REQUIRED_TERM)
            .is_some()
    );
    // Unions: named (with a discriminator), across files (without one), and inline.
    let union = |n: &str| match &m.ty(m.lookup(n).unwrap_or_else(|| panic!("{n}"))).kind {
        TypeKind::Union(u) => u.clone(),
        _ => panic!("{n} is not a union"),
    };
    let toy = union("api.Toy");
    assert_eq!(toy.discriminator.as_deref(), Some("toyType"));
    let tags: Vec<&[String]> = toy.alternatives.iter().map(|a| a.tags.as_slice()).collect();
    assert_eq!(
        tags,
        [
            ["Ball".to_owned()],
            ["Rope".to_owned()],
            ["Kite".to_owned()]
        ]
    );
    assert_eq!(union("api.Contact").alternatives.len(), 2);
    let inline = union("api.Pet_tagOrNumber");
    let alts: Vec<Target> = inline.alternatives.iter().map(|a| a.ty.target).collect();
    assert_eq!(
        alts,
        [
            Target::Primitive(Primitive::String),
            Target::Primitive(Primitive::Int32)
        ]
    );
    // Maps: named and inline.
    for (n, v) in [
        ("api.Ratings", Primitive::Int32),
        ("api.Pet_labels", Primitive::String),
    ] {
        match &m.ty(m.lookup(n).unwrap_or_else(|| panic!("{n}"))).kind {
            TypeKind::Map(map) => assert_eq!(map.value.target, Target::Primitive(v)),
            _ => panic!("{n} is not a map"),
        }
    }
    // And it generates.
    Config::new()
        .metadata(fixture("openapi/multi/main.yaml"))
        .render()
        .expect("renders");
}

#[test]
fn petstore_gives_types_and_an_entity_set() {
    let (m, _) = odatagen::frontend::load(&fixture("petstore/petstore.yaml")).expect("loads");
    let pet = m.lookup("api.Pet").expect("Pet");
    assert!(m.lookup("api.Error").is_some());
    assert!(
        m.lookup("api.Pets").is_none(),
        "an array alias is not a type"
    );
    let c = m.container.as_ref().expect("container");
    assert_eq!(c.entity_sets.len(), 1);
    assert_eq!(
        (c.entity_sets[0].name.as_str(), c.entity_sets[0].entity_type),
        ("pets", pet)
    );
    let st = m.ty(pet).as_struct().expect("struct");
    let req: Vec<(&str, bool)> = st
        .properties
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.annotations
                    .get(odatagen::frontend::openapi::REQUIRED_TERM)
                    .is_some(),
            )
        })
        .collect();
    assert_eq!(req, [("id", true), ("name", true), ("tag", false)]);
    assert_eq!(st.key, ["id"], "from `/pets/{{petId}}`");
    let id = &st.properties[0];
    assert_eq!(id.ty.target, Target::Primitive(Primitive::Int64));
    let (m, _) =
        odatagen::frontend::load(&fixture("petstore/petstore-expanded.yaml")).expect("loads");
    let pet = m.lookup("api.Pet").expect("Pet");
    let new_pet = m.lookup("api.NewPet").expect("NewPet");
    assert_eq!(
        m.ty(pet).as_struct().and_then(|s| s.base),
        Some(new_pet),
        "allOf inheritance"
    );
}

#[test]
fn graph_style_constructs_map_to_edm_types() {
    let (m, diags) = odatagen::frontend::load(&fixture("openapi/graph_style.yaml")).expect("loads");
    assert!(
        diags.iter().all(|d| d.severity == Severity::Note),
        "{diags:#?}"
    );
    let id = m.lookup("microsoft.graph.sample").expect("sample");
    let s = m.ty(id).as_struct().expect("struct");
    assert_eq!(s.base, m.lookup("microsoft.graph.entity"));
    assert_eq!(m.ty(id).annotations.description(), Some("A sample."));
    let got: Vec<String> = s
        .properties
        .iter()
        .map(|p| {
            let t = match p.ty.target {
                Target::Primitive(x) => x.edm_name().to_owned(),
                Target::Named(n) => m.ty(n).name.clone(),
            };
            format!(
                "{} {}{}{}",
                p.name,
                if p.ty.collection { "*" } else { "" },
                t,
                if p.nullable { "?" } else { "" }
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "guid Edm.Guid",
            "when Edm.DateTimeOffset?",
            "day Edm.Date",
            "at Edm.TimeOfDay",
            "span Edm.Duration",
            "content Edm.Binary",
            "price Edm.Decimal?",
            "ratio Edm.Double?",
            "small Edm.Single",
            "count32 Edm.Int32",
            "count16 Edm.Int16",
            "tiny Edm.SByte",
            "octet Edm.Byte",
            "big Edm.Int64",
            "bigIeee Edm.Int64",
            "flag Edm.Boolean",
            "days dayOfWeek",
            "roles roleKinds",
            "parent sample?",
            "tags *Edm.String?",
        ]
    );
    // `x-ms-deprecation` → `Core.Revisions` → `#[deprecated]`.
    let flag = s
        .properties
        .iter()
        .find(|p| p.name == "flag")
        .expect("flag");
    let dep = flag.annotations.deprecation().expect("deprecated");
    assert_eq!(
        (dep.note.as_str(), dep.since.as_deref()),
        ("Use days instead.", Some("2026-01/flag"))
    );
    let TypeKind::Enum(days) = &m
        .ty(m.lookup("microsoft.graph.dayOfWeek").expect("enum"))
        .kind
    else {
        panic!("enum")
    };
    assert!(!days.is_flags);
    assert_eq!(
        days.members[1].annotations.description(),
        Some("Second day")
    );
    assert_eq!(days.members[1].value, Some(1));
    let roles = m.ty(m.lookup("microsoft.graph.roleKinds").expect("enum"));
    let TypeKind::Enum(e) = &roles.kind else {
        panic!("enum")
    };
    assert!(e.is_flags);
    // OData-derived documents keep enums open, like CSDL.
    assert!(!odatagen::ir::facts::is_closed_enum(&roles.annotations));
    // It renders.
    Config::new()
        .metadata(fixture("openapi/graph_style.yaml"))
        .render()
        .expect("renders");
}

/// OData system query options alone (Azure's REST descriptions take `$filter`) do not make a
/// document an OData rendering: its inline enums stay closed and its inline bodies and
/// parameters typed. Beside a member named for an OData annotation they do.
#[test]
fn query_options_alone_do_not_make_a_document_odata() {
    let doc = |extra: &str| {
        format!(
            r##"openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {{name: $filter, in: query, schema: {{type: string}}}}
        - {{name: kind, in: query, schema: {{type: string, enum: [a, b]}}}}
      responses:
        "200":
          description: things
          content:
            application/json:
              schema:
                type: object
                properties:
                  {extra}
                  total: {{type: integer}}
                  items: {{type: array, items: {{$ref: "#/components/schemas/Thing"}}}}
components:
  schemas:
    Thing:
      type: object
      properties:
        state: {{type: string, enum: [on, off]}}
"##
        )
    };
    let load = |text: String| {
        odatagen::frontend::openapi::load_bytes(Path::new("t.yaml"), text.as_bytes())
            .expect("loads")
            .0
    };
    // `$filter` alone: plain OpenAPI.
    let m = load(doc(""));
    let state = m.ty(m.lookup("api.Thing_state").expect("inline enum"));
    assert!(odatagen::ir::facts::is_closed_enum(&state.annotations));
    let names: Vec<String> = m.types.iter().map(|t| t.qualified_name()).collect();
    assert!(
        m.lookup("api.listThings_response_200").is_some(),
        "typed body: {names:?}"
    );
    assert!(m.lookup("api.listThings_kind").is_some(), "typed parameter");
    // With `@odata.nextLink` beside it: an OData rendering (open enums, bodies and parameters
    // described by the OData operations instead).
    let m = load(doc(r#""@odata.nextLink": {type: string}"#));
    let state = m.ty(m.lookup("api.Thing_state").expect("inline enum"));
    assert!(!odatagen::ir::facts::is_closed_enum(&state.annotations));
    assert!(m.lookup("api.listThings_response_200").is_none());
    assert!(m.lookup("api.listThings_kind").is_none());
}

#[test]
fn openapi_generation_is_deterministic() {
    for rel in ["trippin/TripPin.openapi3.json", "openapi/multi/main.yaml"] {
        let c = Config::new().metadata(fixture(rel));
        assert_eq!(
            c.render().expect("render").files,
            c.render().expect("render").files,
            "{rel}"
        );
    }
}

#[test]
fn type_lists_of_several_types_are_unions() {
    // `type: [integer, string]` is the union `oneOf: [{type: integer}, {type: string}]` is (it
    // kept the first type only); a `"null"` in the list makes it nullable.
    let (m, diags) =
        odatagen::frontend::load(&fixture("openapi/multi_type_array.yaml")).expect("loads");
    assert!(diags.is_empty(), "{diags:?}");
    let mixed = m.ty(m.lookup("api.Mixed").expect("Mixed"));
    let props = &mixed.as_struct().expect("struct").properties;
    let prop = |name: &str| props.iter().find(|p| p.name == name).expect(name);
    let alts = |name: &str| {
        let Target::Named(id) = prop(name).ty.target else {
            panic!("{:?}", prop(name))
        };
        union_alternatives(&m, &m.ty(id).qualified_name())
    };
    assert_eq!(alts("intOrString"), ["Edm.Int64", "Edm.String"]);
    assert_eq!(alts("intOrString"), alts("twin"));
    assert_eq!(alts("stringOrBool"), ["Edm.String", "Edm.Boolean"]);
    assert_eq!(alts("maybeNumber"), ["Edm.String", "Edm.Double"]);
    assert_eq!(alts("words"), ["[Edm.Date]", "Edm.String"]);
    assert!(prop("maybeNumber").nullable);
    assert!(!prop("intOrString").nullable);
    assert_eq!(
        m.ty(m
            .lookup("api.Mixed_intOrString")
            .expect("named from its place"))
            .name,
        "Mixed_intOrString"
    );
    // A component of several types is a union of its own.
    assert_eq!(
        union_alternatives(&m, "api.IntOrString"),
        ["Edm.Int64", "Edm.String"]
    );
}

#[test]
fn a_const_string_is_a_closed_enum_of_one_value() {
    // `kind: {type: string, const: cat}` (pydantic's `Literal["cat"]`) is what `enum: [cat]` is:
    // a closed enum, named from its place, so that `Cat` refuses `{"kind": "dog"}` in a union.
    let (m, diags) =
        odatagen::frontend::load(&fixture("openapi/const_tagged_union.yaml")).expect("loads");
    assert!(diags.is_empty(), "{diags:?}");
    for (owner, value) in [("Cat", "cat"), ("Dog", "dog")] {
        let t = m.ty(m.lookup(&format!("api.{owner}")).expect(owner));
        let kind = &t.as_struct().expect("struct").properties[0];
        let Target::Named(e) = kind.ty.target else {
            panic!("{kind:?}")
        };
        let e = m.ty(e);
        assert_eq!(e.name, format!("{owner}_kind"));
        let TypeKind::Enum(en) = &e.kind else {
            panic!("{:?}", e.kind)
        };
        let members: Vec<&str> = en.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(members, [value]);
        assert!(odatagen::ir::facts::is_closed_enum(&e.annotations));
    }
    assert_eq!(union_alternatives(&m, "api.Owner_pet"), ["Cat", "Dog"]);
}

#[test]
fn no_key_is_guessed_from_paths_for_a_property_no_key_can_be() {
    // `/pets/{petId}` stands for `Pet.id`, here `type: [integer, string]` (a union, as its
    // `oneOf` form is): a key of that type is E0201, so the paths give `Pet` no key. The
    // operations are kept, their `petId` typed as the union (the one of `Pet.id`: the same content).
    let path = fixture("openapi/union_key_from_paths.yaml");
    let (m, _) = odatagen::frontend::load(&path).expect("loads");
    let pet = m.ty(m.lookup("api.Pet").expect("Pet"));
    assert!(pet.as_struct().expect("struct").key.is_empty(), "{pet:?}");
    let lines = http_lines(&m);
    assert!(
        lines.contains(&"GET /pets/{petId} (path petId: Pet_id) -> 200:Pet [getPet]".to_owned()),
        "{lines:#?}"
    );
    let report = odatagen::validate::validate(&path);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}
