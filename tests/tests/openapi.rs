//! The OpenAPI front end: equivalence with the CSDL front end (Graph excerpt, TripPin), JSON and
//! YAML, references across files and cycles, plain OpenAPI, and diagnostics for bad input.

use odatagen::Config;
use odatagen::diagnostics::Severity;
use odatagen::ir::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

const GRAPH_CSDL: &str = "metadata/graph/beta-USSec.csdl";
const GRAPH_OPENAPI: &str = "metadata/graph/credentialUserRegistrationCount.openapi.yaml";
const SEED_TYPE: &str = "microsoft.graph.credentialUserRegistrationCount";

fn render(rel: &str, include: &[&str]) -> Vec<(String, String)> {
    let mut c = Config::new()
        .metadata(root().join(rel))
        .input_label(rel)
        .crate_name("graph-beta-models");
    for i in include {
        c = c.include(*i);
    }
    let r = c.render().unwrap_or_else(|e| panic!("{rel}: {e}"));
    r.files
        .into_iter()
        .map(|f| {
            // Header aside: drop the lines naming the input file.
            let body: Vec<&str> = f.content.lines().filter(|l| !l.contains(rel)).collect();
            (f.path.display().to_string(), body.join("\n"))
        })
        .collect()
}

/// Lines of `a` not in `b` and of `b` not in `a`, per file, as `file: -line` / `file: +line`.
fn file_diff(a: &[(String, String)], b: &[(String, String)]) -> Vec<String> {
    let paths: BTreeSet<&String> = a.iter().chain(b).map(|(p, _)| p).collect();
    let mut out = Vec::new();
    for p in paths {
        let fa = a.iter().find(|(q, _)| q == p).map(|(_, c)| c.as_str());
        let fb = b.iter().find(|(q, _)| q == p).map(|(_, c)| c.as_str());
        match (fa, fb) {
            (Some(x), Some(y)) => {
                let d = similar::TextDiff::from_lines(x, y);
                for change in d.iter_all_changes() {
                    let sign = match change.tag() {
                        similar::ChangeTag::Delete => "-",
                        similar::ChangeTag::Insert => "+",
                        similar::ChangeTag::Equal => continue,
                    };
                    out.push(format!("{p}: {sign}{}", change.value().trim()));
                }
            }
            (Some(_), None) => out.push(format!("{p}: only from CSDL")),
            (None, Some(_)) => out.push(format!("{p}: only from OpenAPI")),
            (None, None) => {}
        }
    }
    out
}

#[test]
fn graph_openapi_emits_the_csdl_models() {
    let csdl = render(GRAPH_CSDL, &[SEED_TYPE]);
    let openapi = render(GRAPH_OPENAPI, &[SEED_TYPE]);
    assert_eq!(csdl.len(), openapi.len());
    // Exactly what OpenAPI cannot say, and nothing else:
    // - `Abstract="true"` of `entity`: the converter writes abstract and concrete types alike;
    // - the schema alias `graph`: OpenAPI names are namespace-qualified only, so the polymorphic
    //   enum accepts `#microsoft.graph.credentialUserRegistrationCount` but not the alias form.
    assert_eq!(
        file_diff(&csdl, &openapi),
        [
            "src/models/entity.rs: -/// OData entity type `microsoft.graph.entity`, abstract.",
            "src/models/entity.rs: +/// OData entity type `microsoft.graph.entity`.",
            "src/models/entity.rs: -\"microsoft.graph.credentialUserRegistrationCount\"",
            "src/models/entity.rs: -| \"graph.credentialUserRegistrationCount\",",
            "src/models/entity.rs: +\"microsoft.graph.credentialUserRegistrationCount\",",
        ]
    );
}

#[test]
fn graph_openapi_maps_the_reports_singleton_and_its_function() {
    let (model, diags) = odatagen::frontend::load(&root().join(GRAPH_OPENAPI)).expect("loads");
    assert!(diags.iter().all(|d| d.severity != Severity::Error));
    let c = model.container.as_ref().expect("container");
    assert_eq!(c.namespace, "microsoft.graph");
    assert_eq!(c.singletons.len(), 1);
    assert_eq!(c.singletons[0].name, "reports");
    assert_eq!(model.ty(c.singletons[0].entity_type).qualified_name(), "microsoft.graph.reportRoot");
    let op = model
        .operations
        .iter()
        .find(|o| o.name == "getCredentialUserRegistrationCount")
        .expect("the bound function");
    assert_eq!(op.namespace, "microsoft.graph");
    assert_eq!(op.kind, OperationKind::Function);
    assert!(op.is_bound);
    assert_eq!(op.parameters.len(), 1, "just the binding parameter");
    assert_eq!(op.parameters[0].ty.target, Target::Named(c.singletons[0].entity_type));
    let ret = op.return_type.as_ref().expect("returns");
    assert!(ret.ty.collection, "x-ms-pageable `value` array");
    assert_eq!(ret.ty.target, Target::Named(model.lookup(SEED_TYPE).expect("type")));
    // The OData error schema of the 4XX/5XX responses is a model type.
    assert!(model.lookup("microsoft.graph.ODataErrors.ODataError").is_some());
    // Navigation property marked by the converter, and entity-ness through inheritance.
    let rr = model.ty(c.singletons[0].entity_type).as_struct().expect("struct");
    assert_eq!(rr.navigation.len(), 1);
    assert!(matches!(model.ty(model.lookup(SEED_TYPE).expect("t")).kind, TypeKind::Entity(_)));
    assert!(matches!(
        model.ty(model.lookup("microsoft.graph.userRegistrationCount").expect("t")).kind,
        TypeKind::Complex(_)
    ));
}

#[test]
fn json_and_yaml_renderings_give_the_same_models() {
    let yaml = render(GRAPH_OPENAPI, &[SEED_TYPE]);
    let json = render("tests/fixtures/openapi/graph-excerpt.json", &[SEED_TYPE]);
    assert_eq!(file_diff(&yaml, &json), Vec::<String>::new());
}

/// One line per fact the emitted code depends on: kinds, bases, flags, properties, enum members.
fn facts(model: &Model) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let tref = |t: &TypeRef| {
        let inner = match t.target {
            Target::Primitive(p) => p.edm_name().to_owned(),
            Target::Named(id) => model.ty(id).qualified_name(),
        };
        if t.collection { format!("Collection({inner})") } else { inner }
    };
    for t in &model.types {
        let q = t.qualified_name();
        match &t.kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => {
                let kind = if matches!(t.kind, TypeKind::Entity(_)) { "entity" } else { "complex" };
                out.insert(format!("{q}: {kind}"));
                if let Some(b) = s.base {
                    out.insert(format!("{q}: base {}", model.ty(b).qualified_name()));
                }
                if s.is_abstract {
                    out.insert(format!("{q}: abstract"));
                }
                if s.is_open {
                    out.insert(format!("{q}: open"));
                }
                if s.has_stream {
                    out.insert(format!("{q}: has stream"));
                }
                for p in &s.properties {
                    out.insert(format!("{q}/{}: {}", p.name, tref(&p.ty)));
                }
                for p in &s.navigation {
                    out.insert(format!("{q}/{}: navigation {}", p.name, tref(&p.ty)));
                }
            }
            TypeKind::Enum(e) => {
                let members: Vec<String> =
                    e.members.iter().map(|m| format!("{}={:?}", m.name, m.value)).collect();
                out.insert(format!("{q}: enum{} {}", if e.is_flags { " flags" } else { "" }, members.join(",")));
            }
            TypeKind::Definition(d) => {
                out.insert(format!("{q}: definition {}", d.underlying.edm_name()));
            }
        }
    }
    out
}

#[test]
fn trippin_openapi_gives_the_csdl_types_except_what_openapi_loses() {
    let (csdl, _) = odatagen::frontend::load(&fixture("trippin/TripPin.xml")).expect("csdl");
    let (openapi, _) = odatagen::frontend::load(&fixture("trippin/TripPin.openapi3.json")).expect("openapi");
    let a = facts(&csdl);
    let b = facts(&openapi);
    let only_csdl: Vec<&String> = a.difference(&b).collect();
    let only_openapi: Vec<&String> = b.difference(&a).collect();
    const NS: &str = "Microsoft.OData.SampleService.Models.TripPin";
    // The OASIS rendering writes neither `OpenType` nor `HasStream`.
    let lost: Vec<String> = [
        "AirportLocation: open",
        "Event: open",
        "EventLocation: open",
        "Location: open",
        "Person: open",
        "Photo: has stream",
    ]
    .iter()
    .map(|s| format!("{NS}.{s}"))
    .collect();
    assert_eq!(only_csdl, lost.iter().collect::<Vec<_>>());
    // OpenAPI adds the OData error response body (CSDL leaves it to the protocol).
    assert_eq!(
        only_openapi,
        [
            &format!("{NS}.error/error: Edm.Untyped"),
            &format!("{NS}.error: complex"),
        ]
    );
    assert!(a.len() > 60, "a real comparison: {} facts", a.len());
}

#[test]
fn trippin_paths_become_the_container() {
    let (m, _) = odatagen::frontend::load(&fixture("trippin/TripPin.openapi3.json")).expect("openapi");
    let c = m.container.as_ref().expect("container");
    let sets: Vec<&str> = c.entity_sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sets, ["Photos", "People", "Airlines", "Airports"]);
    let singletons: Vec<&str> = c.singletons.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(singletons, ["Me"]);
    let imports: Vec<(&str, OperationKind)> = c.imports.iter().map(|i| (i.name.as_str(), i.kind)).collect();
    assert_eq!(
        imports,
        [("GetNearestAirport", OperationKind::Function), ("ResetDataSource", OperationKind::Action)]
    );
    let nearest = &m.operations[c.imports[0].operations[0]];
    let params: Vec<(&str, Primitive)> = nearest
        .parameters
        .iter()
        .map(|p| match p.ty.target {
            Target::Primitive(x) => (p.name.as_str(), x),
            Target::Named(_) => (p.name.as_str(), Primitive::Untyped),
        })
        .collect();
    assert_eq!(params, [("lat", Primitive::Double), ("lon", Primitive::Double)]);
    let mut bound: Vec<String> = m
        .operations
        .iter()
        .filter(|o| o.is_bound)
        .map(|o| format!("{:?} {} on {}", o.kind, o.name, m.ty(match o.parameters[0].ty.target {
            Target::Named(t) => t,
            Target::Primitive(_) => panic!("binding to a primitive"),
        }).name))
        .collect();
    bound.sort();
    assert_eq!(
        bound,
        [
            "Action ShareTrip on Person",
            "Function GetFavoriteAirline on Person",
            "Function GetFriendsTrips on Person",
            "Function GetInvolvedPeople on Trip",
        ]
    );
    let share = m.operations.iter().find(|o| o.name == "ShareTrip").expect("ShareTrip");
    let names: Vec<&str> = share.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Person", "userName", "tripId"]);
}
