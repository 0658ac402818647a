//! HTTP operations read from the paths: parameters, request bodies and responses.

use super::*;

#[test]
fn http_operations_keep_parameters_bodies_and_responses() {
    let (m, _) = odatagen::frontend::load(&fixture("petstore/petstore.yaml")).expect("loads");
    assert_eq!(
        http_lines(&m),
        [
            "GET /pets (query limit?: Edm.Int32) -> 200:[Pet], default:Error [listPets]",
            "POST /pets () -> 201:-, default:Error [createPets]",
            "GET /pets/{petId} (path petId: Edm.String) -> 200:Pet, default:Error [showPetById]",
        ]
    );
    let (m, _) =
        odatagen::frontend::load(&fixture("petstore/petstore-expanded.yaml")).expect("loads");
    let post = m.http.iter().find(|o| o.method == "POST").expect("addPet");
    assert_eq!(
        post.request_body
            .as_ref()
            .map(|b| (tname(&m, &b.ty), b.required)),
        Some(("NewPet".into(), true))
    );
    // Graph: 2XX collection, 4XX/5XX the OData error schema.
    let (m, _) = odatagen::frontend::load(&root().join(GRAPH_OPENAPI)).expect("loads");
    let f = m
        .http
        .iter()
        .find(|o| o.path.ends_with("getCredentialUserRegistrationCount()"))
        .expect("function path");
    let r: Vec<String> = f
        .responses
        .iter()
        .map(|r| format!("{}:{}", r.status, tname(&m, r.ty.as_ref().expect("body"))))
        .collect();
    assert_eq!(
        r,
        [
            "2XX:[credentialUserRegistrationCount]",
            "4XX:ODataError",
            "5XX:ODataError"
        ]
    );
    let q: Vec<&str> = f.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(q, ["$top", "$skip", "$search", "$filter", "$count"]);
    // TripPin: create bodies name the type itself (the converter's `-create` variant stands for it).
    let (m, _) =
        odatagen::frontend::load(&fixture("trippin/TripPin.openapi3.json")).expect("loads");
    let create = m
        .http
        .iter()
        .find(|o| o.method == "POST" && o.path == "/People")
        .expect("create person");
    assert_eq!(
        create.request_body.as_ref().map(|b| tname(&m, &b.ty)),
        Some("Person".into())
    );
    assert_eq!(m.http.len(), 60, "every method of every path");
}
