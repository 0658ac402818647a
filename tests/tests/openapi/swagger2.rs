//! Swagger 2.0 input: read as its OpenAPI 3 rendering, and its own shapes mapped to OpenAPI 3
//! ones.

use super::*;

/// A Swagger 2.0 document reads as its OpenAPI 3 rendering: the petstore-expanded API written both
/// ways gives the same types, members and operations.
#[test]
fn swagger2_reads_as_its_openapi3_rendering() {
    let (v2, d2) =
        odatagen::frontend::load(&fixture("swagger2/petstore-expanded.yaml")).expect("swagger 2");
    let (v3, _) =
        odatagen::frontend::load(&fixture("petstore/petstore-expanded.yaml")).expect("openapi 3");
    assert_eq!(facts(&v2), facts(&v3));
    assert_eq!(http_lines(&v2), http_lines(&v3));
    // One note says how the document was read, at its `swagger` member.
    let notes: Vec<String> = d2
        .iter()
        .filter(|d| d.code == "N0303")
        .map(|d| {
            format!(
                "{}:{}",
                d.location.as_ref().map_or(0, |l| l.line),
                d.location.as_ref().map_or(0, |l| l.column)
            )
        })
        .collect();
    assert_eq!(notes, ["3:10"], "{d2:#?}");
    // `host`, `basePath` and `schemes` are its server: the default service root.
    assert_eq!(v2.service_root.as_deref(), Some("http://petstore.swagger.io/api"));
    assert_eq!(v2.service_root, v3.service_root);
}

/// Swagger 2.0 shapes that OpenAPI 3 writes otherwise: global body and path parameters, a global
/// response from another file, form parameters, `collectionFormat`, `x-nullable`, and a
/// discriminator whose values are the derived types' `x-ms-discriminator-value`s.
#[test]
fn swagger2_constructs_map_to_openapi3_shapes() {
    let (m, diags) = odatagen::frontend::load(&fixture("swagger2/features.yaml")).expect("loads");
    assert_eq!(
        http_lines(&m),
        [
            "GET /zoos/{zooId}/animals (path zooId: Edm.String, query kinds?: [Edm.String]) -> 200:[Animal_any], 404:Problem [listAnimals]",
            "POST /zoos/{zooId}/animals (path zooId: Edm.String) body Animal_any -> 201:Animal_any [addAnimal]",
            "POST /zoos/{zooId}/photos (path zooId: Edm.String) body uploadPhoto_request -> 204:- [uploadPhoto]",
        ]
    );
    let op = |id: &str| {
        m.http
            .iter()
            .find(|o| o.operation_id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no operation {id}"))
    };
    let kinds = op("listAnimals").parameters.iter().find(|p| p.name == "kinds").expect("kinds");
    assert!(!kinds.explode, "collectionFormat csv: one comma-separated value");
    let body = |id: &str| op(id).request_body.as_ref().map(|b| (b.media_type.as_str(), b.required));
    assert_eq!(body("addAnimal"), Some(("application/json", true)));
    // Form parameters: a body of their own type, required as one of them is; an array without
    // `collectionFormat` is comma-separated (`encoding`), a `file` is binary.
    assert_eq!(body("uploadPhoto"), Some(("multipart/form-data", true)));
    let enc = &op("uploadPhoto").request_body.as_ref().expect("body").encoding;
    assert_eq!(
        enc.iter().map(|e| (e.member.as_str(), e.style.as_deref(), e.explode)).collect::<Vec<_>>(),
        [("tags", Some("form"), Some(false))]
    );
    let upload = m.ty(m.lookup("api.uploadPhoto_request").expect("form type")).as_struct().expect("struct");
    let members: Vec<String> = upload.properties.iter().map(|p| format!("{} {:?}", p.name, p.ty.target)).collect();
    assert_eq!(
        members,
        ["caption Primitive(String)", "file Primitive(Stream)", "tags Primitive(String)"]
    );
    // The union chooses by `kind`, with the derived types' declared values.
    let any = m.ty(m.lookup("api.Animal_any").expect("Animal_any"));
    let TypeKind::Union(u) = &any.kind else {
        panic!("{any:?}")
    };
    assert_eq!(u.discriminator.as_deref(), Some("kind"));
    assert_eq!(
        union_alternatives(&m, "api.Animal_any"),
        ["Animal", "Lion", "Penguin"]
    );
    // `x-nullable` members are nullable; the other file's definitions are types.
    let nullable = |owner: &str, member: &str| {
        let st = m
            .ty(m.lookup(owner).expect("owner"))
            .as_struct()
            .expect("struct");
        st.properties
            .iter()
            .find(|p| p.name == member)
            .expect("member")
            .nullable
    };
    assert!(nullable("api.Animal", "nickname"));
    assert!(nullable("api.Problem", "detail"));
    assert!(m.lookup("api.Person").is_some());
    // Azure's `x-ms-discriminator-value` does not make the document an OData rendering, and its
    // values are no `@odata.type` to warn about.
    assert!(!diags.iter().any(|d| d.code == "W0318"), "{diags:#?}");
    assert!(diags.iter().any(|d| d.code == "N0303"));
    // Of the schemes listed, https.
    assert_eq!(m.service_root.as_deref(), Some("https://zoo.example.com/v1"));
}
