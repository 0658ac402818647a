//! `--include` with resource paths: what a path selects, and clear errors for paths that name
//! nothing.

use odatagen::Config;
use std::path::{Path, PathBuf};

fn beta() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata/graph/beta-USSec.csdl")
}

/// All request group files of `requests/entities/`, concatenated.
fn entities(r: &odatagen::config::Rendered) -> String {
    r.files
        .iter()
        .filter(|f| f.path.to_string_lossy().replace('\\', "/").starts_with("src/requests/entities/"))
        .map(|f| f.content.as_str())
        .collect()
}

fn file<'a>(r: &'a odatagen::config::Rendered, path: &str) -> &'a str {
    r.files
        .iter()
        .find(|f| f.path.to_string_lossy().replace('\\', "/") == path)
        .map(|f| f.content.as_str())
        .unwrap_or_else(|| panic!("{path} not generated"))
}

#[test]
fn a_path_selects_its_singleton_operation_and_return_type() {
    let r = Config::new()
        .metadata(beta())
        .include("/reports/getCredentialUserRegistrationCount")
        .render()
        .expect("render");
    // reportRoot, credentialUserRegistrationCount and its closure (entity, userRegistrationCount,
    // registrationStatusType).
    assert_eq!(r.types, 5);
    let entities = entities(&r);
    assert!(entities.contains("pub fn get_credential_user_registration_count("));
    // Only the named operation of reportRoot, not its dozens of other report functions.
    assert!(!entities.contains("pub fn get_email_activity_counts("));
    // Capabilities of the return type: Top, Skip and Filter are forbidden.
    assert!(entities.contains("type Top = crate::request::No;"));
    assert!(entities.contains("type Filter = crate::request::No;"));
    assert!(entities.contains("type Skip = crate::request::No;"));
    let root = file(&r, "src/requests/mod.rs");
    assert!(root.contains("pub fn reports() -> crate::request::EntityRef<crate::models::ReportRoot>"));
    // No base URL configured: empty, documented.
    assert!(root.contains("pub const BASE_URL: &str = \"\";"));
}

#[test]
fn navigation_and_keys_in_paths() {
    let r = Config::new()
        .metadata(beta())
        .include("/reports/credentialUserRegistrationDetails/{id}")
        .base_url("https://example.test/v")
        .render()
        .expect("render");
    let entities = entities(&r);
    let flat: String = entities.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "pub fn credential_user_registration_details( &self, ) -> crate::request::EntityCollection< crate::models::CredentialUserRegistrationDetails, >"
        ),
        "{entities}"
    );
    assert!(file(&r, "src/requests/mod.rs").contains("\"https://example.test/v\""));
}

#[test]
fn paths_naming_nothing_are_errors() {
    for (path, wanted) in [
        ("/nope", "`nope` is no entity set, singleton or operation import"),
        ("/reports/nope", "`nope` is no navigation property, bound operation or derived type of `microsoft.graph.reportRoot`"),
        ("/", "names no resource"),
    ] {
        let err = Config::new()
            .metadata(beta())
            .include(path)
            .render()
            .expect_err(path);
        let text: Vec<String> = err.0.iter().map(|d| d.render()).collect();
        let text = text.join("\n");
        assert!(text.contains("E0210") && text.contains(wanted), "{path}: {text}");
    }
}

/// An entity set's own Capabilities annotations override its entity type's: the set gets a
/// marker type, and its collection builder uses it.
#[test]
fn entity_set_capabilities_override_the_type() {
    let dir = std::env::temp_dir().join(format!("odatagen-setcaps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let csdl = dir.join("caps.xml");
    std::fs::write(
        &csdl,
        r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="ns" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="thing">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/>
        <Annotation Term="Org.OData.Capabilities.V1.SkipSupported" Bool="false"/>
      </EntityType>
      <EntityContainer Name="c">
        <EntitySet Name="things" EntityType="ns.thing">
          <Annotation Term="Org.OData.Capabilities.V1.TopSupported" Bool="false"/>
        </EntitySet>
        <EntitySet Name="plain" EntityType="ns.thing"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#,
    )
    .expect("write");
    let r = Config::new().metadata(&csdl).render().expect("render");
    let _ = std::fs::remove_dir_all(&dir);
    let root: String = file(&r, "src/requests/mod.rs").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(root.contains("pub enum ThingsCapabilities {}"), "{root}");
    assert!(root.contains(
        "impl crate::request::Capabilities for ThingsCapabilities { type Select = crate::request::Yes; type Expand = crate::request::Yes; type Filter = crate::request::Yes; type OrderBy = crate::request::Yes; type Top = crate::request::No; type Skip = crate::request::No;"
    ), "{root}");
    assert!(root.contains("pub fn things() -> crate::request::EntityCollection< crate::models::Thing, ThingsCapabilities, >"), "{root}");
    assert!(root.contains("pub fn plain() -> crate::request::EntityCollection<crate::models::Thing>"), "{root}");
}
