//! Runs inside a crate generated from the real Graph v1.0 metadata (see `tests/tests/scale.rs`,
//! which generates the crate and copies this file into its `tests/`). Each hazard compiles and
//! keeps its wire name.

use graph_v1_hazards::models::{
    AccessPackageResourceRole, AnyDirectoryObject, RoleType, SearchQuery, Security,
    WindowsMalwareCategory,
};
use graph_v1_hazards::odata::{self, Field, Wire};

fn compact(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).expect("test JSON parses");
    serde_json::to_string(&v).expect("serializes")
}

fn exact<T: Wire>(json: &str) -> T {
    let v: T = odata::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(odata::to_string(&v).expect("serializes"), compact(json));
    v
}

#[test]
fn enum_members_colliding_after_case_conversion_keep_their_wire_names() {
    let a: WindowsMalwareCategory = exact(r#""remoteControlSoftware""#);
    let b: WindowsMalwareCategory = exact(r#""remote_Control_Software""#);
    assert_eq!(a, WindowsMalwareCategory::RemoteControlSoftware);
    assert_eq!(b, WindowsMalwareCategory::RemoteControlSoftware2);
    assert_ne!(a, b);
}

#[test]
fn properties_colliding_after_case_conversion_keep_their_wire_names() {
    let q: SearchQuery = exact(r#"{"query_string":"b","queryString":"a","queryTemplate":"t"}"#);
    assert_eq!(q.query_string, Field::Value("a".to_owned()));
    assert_eq!(q.query_string_2, Field::Value("b".to_owned()));
    assert!(q.additional_data.is_empty());
}

#[test]
fn keyword_properties_keep_their_wire_names() {
    let r: AccessPackageResourceRole =
        exact(r#"{"id":"1","type":"eligible","displayName":"Owner"}"#);
    assert_eq!(r.r#type, Field::Value(RoleType::Eligible));
    assert!(r.additional_data.is_empty());
}

#[test]
fn entity_type_named_like_the_security_namespace() {
    // `microsoft.graph.security` (entity type) → `models::Security`; the namespace
    // `microsoft.graph.security` (alias `self`) → `models::security`.
    let s: Security = exact(
        r##"{"@odata.type":"#microsoft.graph.security","alerts_v2":[{"@odata.type":"#microsoft.graph.security.alert","id":"a1","title":"t","severity":"high"}]}"##,
    );
    let alerts = s.alerts_v2.value().expect("expanded");
    let a: &graph_v1_hazards::models::security::Alert = &alerts[0];
    assert_eq!(a.id, Field::Value("a1".to_owned()));
    assert_eq!(
        a.severity,
        Field::Value(graph_v1_hazards::models::security::AlertSeverity::High)
    );
    assert_eq!(Security::ODATA_TYPE, "microsoft.graph.security");
    assert_eq!(
        graph_v1_hazards::models::security::Alert::ODATA_TYPE,
        "microsoft.graph.security.alert"
    );
}

#[test]
fn directory_objects_deserialize_the_variant_named_by_odata_type() {
    let cases = [
        (r##"{"@odata.type":"#microsoft.graph.user","id":"1","displayName":"Adele","userPrincipalName":"adele@contoso.com"}"##, "user"),
        (r##"{"@odata.type":"#microsoft.graph.group","id":"2","displayName":"Sales","mailEnabled":true,"groupTypes":["Unified"]}"##, "group"),
        (r##"{"@odata.type":"microsoft.graph.servicePrincipal","id":"3","appId":"00000003-0000-0000-c000-000000000000"}"##, "servicePrincipal"),
        (r##"{"@odata.type":"#graph.device","id":"4","accountEnabled":true,"operatingSystem":"Windows"}"##, "device"),
        (r##"{"id":"5","deletedDateTime":null}"##, "directoryObject"),
        (r##"{"@odata.type":"#microsoft.graph.notSelected","id":"6","x":1}"##, "directoryObject"),
    ];
    for (json, want) in cases {
        let v: AnyDirectoryObject = exact(json);
        let got = match &v {
            AnyDirectoryObject::User(u) => {
                assert_eq!(u.user_principal_name, Field::Value("adele@contoso.com".to_owned()));
                "user"
            }
            AnyDirectoryObject::Group(g) => {
                assert_eq!(g.mail_enabled, Field::Value(true));
                assert_eq!(g.group_types.value().map(Vec::len), Some(1));
                "group"
            }
            AnyDirectoryObject::ServicePrincipal(s) => {
                assert!(s.app_id.is_value());
                "servicePrincipal"
            }
            AnyDirectoryObject::Device(d) => {
                assert_eq!(d.account_enabled, Field::Value(true));
                "device"
            }
            AnyDirectoryObject::DirectoryObject(o) => {
                assert!(o.id.is_value());
                "directoryObject"
            }
        };
        assert_eq!(got, want, "{json}");
    }
    // A page of mixed members, as `GET /groups/{id}/members` returns them.
    let page: odata::Page<AnyDirectoryObject> = exact(
        r##"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#directoryObjects","value":[{"@odata.type":"#microsoft.graph.user","id":"1"},{"@odata.type":"#microsoft.graph.group","id":"2"}]}"##,
    );
    assert!(matches!(page.value[0], AnyDirectoryObject::User(_)));
    assert!(matches!(page.value[1], AnyDirectoryObject::Group(_)));
}
