//! Round trips through the committed generated crate, on the JSON of the seed pages and on crafted
//! edge cases. "Exact" means: the re-serialized text equals the input's compact form, member order
//! included (serde_json's `preserve_order` Value keeps the input order).

use graph_beta_models::models::{
    AnyEntity, CredentialUserRegistrationCount, RegistrationStatusType, UserRegistrationCount,
};
use graph_beta_models::odata::{self, Field, Page, Wire};
use odatagen::examples::{Example, extract};
use std::path::Path;

fn page(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn blocks(name: &str) -> Vec<Example> {
    extract(&page(name))
}

fn compact(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).expect("fixture JSON parses");
    serde_json::to_string(&v).expect("serializes")
}

/// JSON → T → JSON gives back the same text (compact form, same member order).
fn assert_exact<T: Wire>(json: &str) -> T {
    let value: T = odata::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let back = odata::to_string(&value).expect("serializes");
    assert_eq!(back, compact(json), "round trip differs");
    value
}

#[test]
fn seed_create_request_and_response_round_trip_exactly() {
    let ex = blocks("000_9865bf5f908030b7.txt");
    assert_eq!(ex.len(), 2, "the create page has a request and a response");
    assert_eq!(ex[0].block_type, "request");
    assert!(ex[0].http_line.as_deref().unwrap_or_default().starts_with("POST"));
    let req: CredentialUserRegistrationCount = assert_exact(&ex[0].json);
    assert_eq!(req.odata_type.value().map(String::as_str), Some("#microsoft.graph.credentialUserRegistrationCount"));
    assert!(req.id.is_absent(), "the request has no id and none is injected");

    assert_eq!(ex[1].block_type, "response");
    let resp: CredentialUserRegistrationCount = assert_exact(&ex[1].json);
    assert_eq!(resp.id.value().map(String::as_str), Some("1bc6be74-be74-1bc6-74be-c61b74bec61b"));
}

#[test]
fn seed_response_typed_access() {
    let ex = blocks("000_9865bf5f908030b7.txt");
    let resp: CredentialUserRegistrationCount = odata::from_str(&ex[1].json).expect("parses");
    assert_eq!(resp.total_user_count, Field::Value(14));
    let counts = resp.user_registration_counts.value().expect("present");
    assert_eq!(counts.len(), 1);
    let c: &UserRegistrationCount = &counts[0];
    assert_eq!(c.registration_count, Field::Value(1));
    // The page's placeholder is not a member: it is kept verbatim.
    assert_eq!(
        c.registration_status,
        Field::Value(RegistrationStatusType::Unrecognized("String".into()))
    );
    assert_eq!(c.odata_type.value().map(String::as_str), Some("microsoft.graph.userRegistrationCount"));
}

#[test]
fn resource_page_example_round_trips_with_typed_enums() {
    let ex = blocks("credentialuserregistrationcount-resource.md");
    assert_eq!(ex.len(), 1);
    assert_eq!(ex[0].block_type, "resource");
    let r: CredentialUserRegistrationCount = assert_exact(&ex[0].json);
    let statuses: Vec<RegistrationStatusType> = r
        .user_registration_counts
        .value()
        .expect("present")
        .iter()
        .filter_map(|c| c.registration_status.value().cloned())
        .collect();
    assert_eq!(
        statuses,
        [
            RegistrationStatusType::Registered,
            RegistrationStatusType::Enabled,
            RegistrationStatusType::Capable,
            RegistrationStatusType::MfaRegistered,
        ]
    );
    assert_eq!(r.total_user_count, Field::Value(23123));
    // Parsed from text as read from the wire: any string, unlisted ones kept.
    assert_eq!("mfaRegistered".parse(), Ok(RegistrationStatusType::MfaRegistered));
    assert_eq!(
        "MFARegistered".parse(),
        Ok(RegistrationStatusType::Unrecognized("MFARegistered".into()))
    );
}

#[test]
fn function_response_keeps_misspelled_properties() {
    let ex = blocks("reportroot-getcredentialuserregistrationcount.md");
    let resp = ex.iter().find(|e| e.block_type == "response").expect("response block");
    assert!(resp.is_collection);
    let page: Page<CredentialUserRegistrationCount> = assert_exact(&resp.json);
    assert_eq!(page.value.len(), 1);
    let item = &page.value[0];
    assert_eq!(item.total_user_count, Field::Value(23123));
    let inner = &item.user_registration_counts.value().expect("present")[0];
    // The docs misspell both properties: they are unknown data, not lost.
    assert!(inner.registration_status.is_absent());
    assert!(inner.registration_count.is_absent());
    assert_eq!(
        inner.additional_data.get("userRegistrationStatus"),
        Some(&serde_json::json!("registered"))
    );
    assert_eq!(
        inner.additional_data.get("userRegistationCount"),
        Some(&serde_json::json!(23423))
    );
    assert!(page.additional_data.get("@odata.context").is_some());
}

#[test]
fn a_count_written_as_a_string_is_read_and_written_back_as_one() {
    // SAP Gateway writes `@odata.count` as a string for `IEEE754Compatible=true` (as UI5 asks).
    let page: Page<CredentialUserRegistrationCount> =
        assert_exact(r#"{"@odata.count":"1","value":[{"id":"10"}]}"#);
    assert_eq!(page.count, Field::Value(1));
    let page: Page<CredentialUserRegistrationCount> = assert_exact(r#"{"@odata.count":1,"value":[]}"#);
    assert_eq!(page.count, Field::Value(1));
    // Changed: written as a number.
    let mut page: Page<CredentialUserRegistrationCount> =
        odata::from_str(r#"{"@odata.count":"1","value":[]}"#).expect("reads");
    page.count = Field::Value(2);
    assert_eq!(odata::to_string(&page).expect("writes"), r#"{"@odata.count":2,"value":[]}"#);
    assert!(odata::from_str::<Page<CredentialUserRegistrationCount>>(r#"{"@odata.count":"x"}"#).is_err());
}

#[test]
fn explicit_nulls_are_kept_and_distinct_from_absent() {
    let json = r#"{"id":null,"totalUserCount":null,"userRegistrationCounts":[{"registrationCount":null}]}"#;
    let v: CredentialUserRegistrationCount = assert_exact(json);
    assert_eq!(v.id, Field::Null);
    assert_eq!(v.total_user_count, Field::Null);
    assert!(v.odata_type.is_absent());
    let inner = &v.user_registration_counts.value().expect("present")[0];
    assert_eq!(inner.registration_count, Field::Null);
    assert!(inner.registration_status.is_absent());
}

#[test]
fn patch_body_sends_only_what_was_set() {
    let patch = CredentialUserRegistrationCount {
        total_user_count: Field::Value(3),
        id: Field::Null,
        ..Default::default()
    };
    assert_eq!(odata::to_string(&patch).expect("ser"), r#"{"id":null,"totalUserCount":3}"#);
}

#[test]
fn unknown_members_annotations_and_order_are_kept() {
    assert_exact::<CredentialUserRegistrationCount>(
        r##"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#x","@odata.etag":"W/\"1\"","totalUserCount@odata.type":"#Int64","totalUserCount":1,"zeta":{"b":1,"a":[1,{"x":null}],"c":{}},"id":"a","alpha":[3,2,1],"userRegistrationCounts":[]}"##,
    );
    // Known members out of declaration order stay in input order.
    assert_exact::<CredentialUserRegistrationCount>(
        r##"{"userRegistrationCounts":[{"registrationStatus":"capable","registrationCount":2}],"totalUserCount":5,"@odata.type":"#microsoft.graph.credentialUserRegistrationCount","id":"x"}"##,
    );
}

#[test]
fn unknown_enum_values_round_trip() {
    let v: UserRegistrationCount =
        assert_exact(r#"{"registrationStatus":"someFutureStatus","registrationCount":0}"#);
    assert_eq!(
        v.registration_status,
        Field::Value(RegistrationStatusType::Unrecognized("someFutureStatus".into()))
    );
    let v: UserRegistrationCount = assert_exact(r#"{"registrationStatus":"unknownFutureValue"}"#);
    assert_eq!(v.registration_status, Field::Value(RegistrationStatusType::UnknownFutureValue));
}

#[test]
fn int64_beyond_2_pow_53() {
    let v: CredentialUserRegistrationCount =
        assert_exact(r#"{"totalUserCount":9007199254740993}"#);
    assert_eq!(v.total_user_count, Field::Value(9_007_199_254_740_993));
    let v: CredentialUserRegistrationCount = assert_exact(r#"{"totalUserCount":-9223372036854775808}"#);
    assert_eq!(v.total_user_count, Field::Value(i64::MIN));
}

#[test]
fn int64_as_ieee754_compatible_string_is_an_error_not_a_silent_number() {
    // An `i64` would write the string back as a number: the round trip would change the payload.
    let e = odata::from_str::<CredentialUserRegistrationCount>(
        r#"{"totalUserCount":"9007199254740993"}"#,
    )
    .expect_err("string Int64");
    assert_eq!(e.path(), "totalUserCount");
    assert!(
        e.to_string()
            .contains("expected a JSON integer, not a string"),
        "{e}"
    );
    let v: CredentialUserRegistrationCount =
        odata::from_str(r#"{"totalUserCount":9007199254740993}"#).expect("Int64");
    assert_eq!(v.total_user_count, Field::Value(9_007_199_254_740_993));
    assert_eq!(odata::to_string(&v).expect("ser"), r#"{"totalUserCount":9007199254740993}"#);
}

#[test]
fn wrong_json_types_fail_with_the_property_path() {
    let e = odata::from_str::<CredentialUserRegistrationCount>(r#"{"totalUserCount":"many"}"#)
        .expect_err("a non-numeric string is not an Int64");
    assert_eq!(e.path(), "totalUserCount");

    let e = odata::from_str::<CredentialUserRegistrationCount>(
        r#"{"userRegistrationCounts":{"registrationCount":1}}"#,
    )
    .expect_err("an object is not a collection");
    assert_eq!(e.path(), "userRegistrationCounts");

    let e = odata::from_str::<CredentialUserRegistrationCount>(
        r#"{"userRegistrationCounts":[{"registrationCount":1},{"registrationCount":true}]}"#,
    )
    .expect_err("a boolean is not an Int64");
    assert_eq!(e.path(), "userRegistrationCounts[1].registrationCount");
    assert!(e.to_string().contains("userRegistrationCounts[1].registrationCount"), "{e}");

    let e = odata::from_str::<CredentialUserRegistrationCount>(r#"{"totalUserCount":1e400}"#);
    assert!(e.is_err());
    let e = odata::from_str::<CredentialUserRegistrationCount>(r#"[1,2]"#);
    assert!(e.is_err(), "an array is not an entity");
    let e = odata::from_str::<UserRegistrationCount>(r#"{"registrationStatus":3}"#)
        .expect_err("enum values are strings");
    assert_eq!(e.path(), "registrationStatus");
}

#[test]
fn polymorphic_entity_picks_the_derived_type_by_odata_type() {
    let ex = blocks("000_9865bf5f908030b7.txt");
    let any: AnyEntity = assert_exact(&ex[1].json);
    match &any {
        AnyEntity::CredentialUserRegistrationCount(c) => {
            assert_eq!(c.total_user_count, Field::Value(14))
        }
        other => panic!("expected the derived type, got {other:?}"),
    }
    // Without '#', and alias-qualified.
    for ty in ["microsoft.graph.credentialUserRegistrationCount", "#graph.credentialUserRegistrationCount"] {
        let json = format!(r#"{{"@odata.type":"{ty}","totalUserCount":2}}"#);
        let any: AnyEntity = assert_exact(&json);
        assert!(matches!(any, AnyEntity::CredentialUserRegistrationCount(_)), "{ty}");
    }
    // Absent or unknown: the declared type, losing nothing.
    let any: AnyEntity = assert_exact(r#"{"id":"1","totalUserCount":2}"#);
    assert!(matches!(any, AnyEntity::Entity(_)));
    let any: AnyEntity = assert_exact(r##"{"@odata.type":"#microsoft.graph.somethingNew","id":"1"}"##);
    assert!(matches!(any, AnyEntity::Entity(_)));
}

#[test]
fn polymorphic_values_are_built_from_any_of_their_types() {
    let count = CredentialUserRegistrationCount {
        total_user_count: Field::Value(3),
        ..Default::default()
    };
    let any = AnyEntity::from(count.clone());
    assert!(matches!(&any, AnyEntity::CredentialUserRegistrationCount(c) if **c == count));
    // What the value holds is written: no `@odata.type` unless set.
    assert_eq!(odata::to_string(&any).expect("ser"), r#"{"totalUserCount":3}"#);
    let base: AnyEntity = graph_beta_models::models::Entity::default().into();
    assert!(matches!(base, AnyEntity::Entity(_)));
}

#[test]
fn serde_json_entry_points_work_too() {
    let ex = blocks("000_9865bf5f908030b7.txt");
    let v: CredentialUserRegistrationCount = serde_json::from_str(&ex[1].json).expect("serde_json");
    assert_eq!(serde_json::to_string(&v).expect("ser"), compact(&ex[1].json));
}
