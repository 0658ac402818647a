//! The crate generated from the OpenAPI description of credentialUserRegistrationCount
//! (`generated-openapi/`, committed) is fresh, and round-trips the seed page's JSON exactly, like
//! the crate generated from the CSDL.

use graph_beta_models_openapi::models::{AnyEntity, CredentialUserRegistrationCount, RegistrationStatusType};
use graph_beta_models_openapi::odata::{self, Field, Wire};
use odatagen::Config;
use odatagen::examples::extract;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const INPUT: &str = "metadata/graph/credentialUserRegistrationCount.openapi.yaml";

#[test]
fn committed_openapi_crate_is_fresh() {
    // Regenerate with:
    // cargo run -p odatagen -- generate --metadata metadata/graph/credentialUserRegistrationCount.openapi.yaml \
    //   --out generated-openapi --crate-name graph-beta-models-openapi \
    //   --include microsoft.graph.credentialUserRegistrationCount
    let config = Config::new()
        .metadata(root().join(INPUT))
        .input_label(INPUT)
        .crate_name("graph-beta-models-openapi")
        .include("microsoft.graph.credentialUserRegistrationCount");
    let (_, stale) = config.check(root().join("generated-openapi")).expect("renders");
    assert!(stale.is_empty(), "generated-openapi/ is stale: {stale:?}");
}

fn compact(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).expect("fixture JSON parses");
    serde_json::to_string(&v).expect("serializes")
}

fn assert_exact<T: Wire>(json: &str) -> T {
    let value: T = odata::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(odata::to_string(&value).expect("serializes"), compact(json), "round trip differs");
    value
}

#[test]
fn seed_json_round_trips_through_the_openapi_models() {
    let page = std::fs::read_to_string(root().join("tests/fixtures/seed/000_9865bf5f908030b7.txt")).expect("seed");
    let ex = extract(&page);
    assert_eq!(ex.len(), 2, "request and response");
    let req: CredentialUserRegistrationCount = assert_exact(&ex[0].json);
    assert!(req.id.is_absent());
    let counts = req.user_registration_counts.value().expect("present");
    assert_eq!(counts[0].registration_count, Field::Value(1));
    assert_eq!(
        counts[0].registration_status,
        Field::Value(RegistrationStatusType::Unrecognized("String".into()))
    );
    let resp: CredentialUserRegistrationCount = assert_exact(&ex[1].json);
    assert_eq!(resp.total_user_count, Field::Value(14));
    assert_eq!(resp.id.value().map(String::as_str), Some("1bc6be74-be74-1bc6-74be-c61b74bec61b"));
    // Polymorphism from the discriminator / allOf: the derived type by `@odata.type`.
    let any: AnyEntity = assert_exact(&ex[1].json);
    assert!(matches!(any, AnyEntity::CredentialUserRegistrationCount(_)));
    // Int64 in its IEEE754Compatible string form (the `oneOf: [number, string]` rendering).
    let v: CredentialUserRegistrationCount =
        odata::from_str(r#"{"userRegistrationCounts":[{"registrationCount":"9007199254740993"}]}"#).expect("string Int64");
    assert_eq!(
        v.user_registration_counts.value().expect("present")[0].registration_count,
        Field::Value(9_007_199_254_740_993)
    );
}
