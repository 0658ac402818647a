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
    // Capabilities of the return type: Top, Skip and Filter are forbidden, so its marker has
    // no such methods.
    assert!(entities.contains("type Options = crate::requests::options::NoFilterTopSkip;"));
    let options = file(&r, "src/requests/options.rs");
    let forbidden = options.split("pub enum NoFilterTopSkip {}").nth(1).expect("marker").split("pub enum").next().unwrap_or_default();
    assert!(forbidden.contains("pub fn select(") && forbidden.contains("pub fn order_by("), "{forbidden}");
    for m in ["pub fn top(", "pub fn skip(", "pub fn filter("] {
        assert!(!forbidden.contains(m), "{m}: {forbidden}");
    }
    let root = file(&r, "src/requests/mod.rs");
    let flat: String = root.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("pub fn reports() -> crate::request::EntityRef< crate::models::ReportRoot, crate::requests::options::"),
        "{root}"
    );
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
            "pub fn credential_user_registration_details( &self, ) -> crate::request::EntityCollection< crate::models::CredentialUserRegistrationDetails, crate::requests::options::"
        ),
        "{entities}"
    );
    assert!(file(&r, "src/requests/mod.rs").contains("\"https://example.test/v\""));
}

#[test]
fn paths_naming_nothing_are_errors() {
    for (path, wanted) in [
        ("/nope", "`nope` is no entity set, singleton or operation import"),
        ("/reprots", "(did you mean `/reports`?)"),
        ("/reports/nope", "`nope` is no navigation property, bound operation or derived type of `microsoft.graph.reportRoot`"),
        (
            "/reports/credentialUserRegistrationDetail/x",
            "`credentialUserRegistrationDetail` is no navigation property, bound operation or derived type of `microsoft.graph.reportRoot` (did you mean `credentialUserRegistrationDetails`?)",
        ),
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

/// An entity set's own Capabilities annotations override its entity type's: the set's collection
/// builder uses the marker of its own capability set.
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
    assert!(root.contains("pub fn things() -> crate::request::EntityCollection< crate::models::Thing, crate::requests::options::NoTopSkip, >"), "{root}");
    assert!(root.contains("pub fn plain() -> crate::request::EntityCollection< crate::models::Thing, crate::requests::options::NoSkip, >"), "{root}");
    let options: String = file(&r, "src/requests/options.rs").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(options.contains("pub enum NoTopSkip {}") && options.contains("pub enum NoSkip {}"), "{options}");
}

fn nav_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/csdl/nav_capabilities.xml")
}

/// Navigation restrictions, written the four ways metadata writes them
/// (`tests/fixtures/csdl/nav_capabilities.xml`), reach the accessors; the compile-fail test
/// shows the methods are gone.
#[test]
fn navigation_restrictions_reach_the_accessors() {
    let r = Config::new().metadata(nav_fixture()).render().expect("render");
    assert!(r.diagnostics.iter().all(|d| d.code != "W0304"), "{:?}", r.diagnostics);
    let flat: String = entities(&r).split_whitespace().collect::<Vec<_>>().join(" ");
    for (accessor, marker) in [
        // Annotations targeting `ns.person/trips`.
        ("trips( &self, ) -> crate::request::EntityCollection< crate::models::Trip,", "NoTopInsert"),
        // The set's RestrictedProperties `friends` and `bestFriend/friends`, merged.
        ("friends( &self, ) -> crate::request::EntityCollection< crate::models::Person,", "NoFilterSkipCount"),
        // A container-path target `n.c/me/bestFriend`.
        ("best_friend( &self, ) -> crate::request::EntityRef< crate::models::Person,", "NoUpdate"),
        // RestrictedProperties on the entity type `trip`.
        ("plan_items( &self, ) -> crate::request::EntityCollection< crate::models::PlanItem,", "NoSearch"),
    ] {
        let want = format!("pub fn {accessor} crate::requests::options::{marker}, >");
        assert!(flat.contains(&want), "{want}\n{flat}");
    }
}

/// A restriction whose path names nothing is warning W0304 with the owner's position; Graph's
/// own metadata has none.
#[test]
fn unresolved_navigation_restrictions_are_warnings() {
    let text = std::fs::read_to_string(nav_fixture()).expect("fixture");
    let broken = text.replace(
        "<NavigationPropertyPath>bestFriend/friends</NavigationPropertyPath>",
        "<NavigationPropertyPath>bestFriend/enemies</NavigationPropertyPath>",
    );
    assert_ne!(text, broken);
    let dir = std::env::temp_dir().join(format!("odatagen-navcaps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let csdl = dir.join("navcaps.xml");
    std::fs::write(&csdl, broken).expect("write");
    let r = Config::new().metadata(&csdl).render().expect("render");
    let _ = std::fs::remove_dir_all(&dir);
    let w: Vec<String> = r.diagnostics.iter().filter(|d| d.code == "W0304").map(|d| d.render()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("`bestFriend/enemies`") && w[0].contains("`enemies` is no navigation property") && w[0].contains("navcaps.xml:"), "{}", w[0]);
    let (model, _) = Config::new().metadata(beta()).load().expect("loads");
    assert!(odatagen::lint::capability_warnings(&model).is_empty());
}

#[test]
fn of_overloads_the_one_bound_to_the_most_specific_type_has_the_plain_name() {
    // Graph binds `delta` to `Collection(directoryObject)` (declared first) and to
    // `Collection(user)`: `users().delta()` is the user overload (typed items, `$select` of
    // user properties), the other `delta_2`, and each one's docs say what it is bound to.
    let r = Config::new()
        .metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata/graph/v1.0.csdl"))
        .default_namespace("microsoft.graph")
        .include("microsoft.graph.user")
        .render()
        .expect("render");
    let text = file(&r, "src/requests/entities/u.rs");
    let collection = text
        .split("impl<C> crate::request::EntityCollection<crate::models::User, C> {")
        .nth(1)
        .expect("collection methods of user");
    let delta = collection.find("pub fn delta(").expect("delta");
    let delta_2 = collection.find("pub fn delta_2(").expect("delta_2");
    let before = |at: usize| collection[..at].rsplit("(function).").next().unwrap_or_default();
    assert!(before(delta).contains("Bound to `Collection(microsoft.graph.user)`"), "{}", before(delta));
    assert!(before(delta_2).contains("Bound to `Collection(microsoft.graph.directoryObject)`"));
    assert!(collection[delta..delta_2].contains("crate::models::User"), "typed items");
    // A path through the operation takes the same overload's result: user's `messages`.
    Config::new()
        .metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata/graph/v1.0.csdl"))
        .include("/users/delta/{id}/messages")
        .render()
        .expect("the user overload's items have messages");
}

#[test]
fn operations_named_like_builder_methods_take_their_kind_as_suffix() {
    // SAP RAP services bind an action `Create` to a collection, beside the builder's `create`.
    let csdl = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="rap" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="doc" HasStream="true"><Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/>
        <Property Name="media" Type="Edm.Stream"/><Property Name="stream" Type="Edm.Stream"/>
        <NavigationProperty Name="count" Type="Collection(rap.doc)"/>
        <NavigationProperty Name="get" Type="rap.doc"/></EntityType>
      <Action Name="Create" IsBound="true"><Parameter Name="in" Type="Collection(rap.doc)"/>
        <ReturnType Type="rap.doc"/></Action>
      <Function Name="Get" IsBound="true"><Parameter Name="in" Type="rap.doc"/>
        <ReturnType Type="Edm.String"/></Function>
      <Function Name="Get" IsBound="true"><Parameter Name="in" Type="rap.doc"/>
        <Parameter Name="x" Type="Edm.Int32" Nullable="false"/><ReturnType Type="Edm.String"/></Function>
      <EntityContainer Name="c"><EntitySet Name="docs" EntityType="rap.doc"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;
    let dir = std::env::temp_dir().join(format!("odatagen-reserved-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("rap.xml");
    std::fs::write(&path, csdl).expect("write");
    let r = Config::new().metadata(&path).render().expect("render");
    let text = entities(&r);
    assert!(text.contains("pub fn create_action("), "{text}");
    assert!(text.contains("pub fn get_function(") && text.contains("pub fn get_function_2("), "{text}");
    // Navigation and stream properties named like builder methods: `_property`.
    for method in ["count_property", "get_property", "stream_property", "put_stream_property", "media", "put_media", "media_property", "put_media_property"] {
        assert!(text.contains(&format!("pub fn {method}(")), "{method}: {text}");
    }
    assert!(!text.contains("_2(&self)"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
