//! The build-script-generated models round-trip the seed page's JSON.

use odatagen_downstream_example::graph::models::{CredentialUserRegistrationCount, RegistrationStatusType};
use odatagen_downstream_example::graph::odata::{self, Field};
use odatagen_downstream_example::graph::requests;

#[test]
fn seed_response_round_trips() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/seed/000_9865bf5f908030b7.txt"
    ))
    .expect("seed page");
    let blocks = odatagen::examples::extract(&page);
    assert_eq!(blocks.len(), 2);
    for b in &blocks {
        let v: CredentialUserRegistrationCount = odata::from_str(&b.json).expect("parses");
        let expected: serde_json::Value = serde_json::from_str(&b.json).expect("json");
        assert_eq!(odata::to_string(&v).expect("ser"), serde_json::to_string(&expected).expect("ser"));
        assert_eq!(v.total_user_count, Field::Value(14));
        let status = &v.user_registration_counts.value().expect("present")[0].registration_status;
        assert_eq!(status, &Field::Value(RegistrationStatusType::Unrecognized("String".into())));
    }
}

#[test]
fn seed_create_request_is_built_sans_io() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/seed/000_9865bf5f908030b7.txt"
    ))
    .expect("seed page");
    let body: CredentialUserRegistrationCount =
        odata::from_str(&odatagen::examples::extract(&page)[0].json).expect("request body");
    let req = requests::collection::<CredentialUserRegistrationCount>("/credentialUserRegistrationCounts")
        .create(&body)
        .bearer("t")
        .to_http(requests::BASE_URL)
        .expect("request");
    assert_eq!(req.method(), "POST");
    assert_eq!(
        req.uri().to_string(),
        "https://graph.microsoft.com/beta/credentialUserRegistrationCounts"
    );
    assert_eq!(req.headers()["authorization"], "Bearer t");
    let sent: serde_json::Value = serde_json::from_slice(req.body()).expect("json body");
    let expected: serde_json::Value =
        serde_json::from_str(&odatagen::examples::extract(&page)[0].json).expect("json");
    assert_eq!(sent, expected);
}
