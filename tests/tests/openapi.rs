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
        // The lock file records the input's content hash: different inputs, different hashes.
        .filter(|f| f.path.as_os_str() != "odatagen.lock")
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
    // OpenAPI also states its paths as operations: the `rest` module (its files and its line in
    // `lib.rs`) is the one addition.
    assert_eq!(csdl.len() + 2, openapi.len());
    // Exactly what OpenAPI cannot say, and nothing else:
    // - `Abstract="true"` of `entity`: the converter writes abstract and concrete types alike;
    // - the schema alias `graph`: OpenAPI names are namespace-qualified only, so the polymorphic
    //   enum accepts `#microsoft.graph.credentialUserRegistrationCount` but not the alias form;
    // - the type's Capabilities annotations (TopSupported, SkipSupported, Filterable all false):
    //   the OpenAPI rendering does not carry them, so the request code allows those options (the
    //   type's marker is `All`, and the CSDL crate's `NoFilterTopSkip` marker with its methods is
    //   not generated).
    let (options, rest): (Vec<String>, Vec<String>) = file_diff(&csdl, &openapi)
        .into_iter()
        .partition(|l| l.starts_with("src/requests/options.rs: "));
    assert!(
        options
            .iter()
            .all(|l| l.starts_with("src/requests/options.rs: -")),
        "{options:?}"
    );
    assert!(
        options.contains(&"src/requests/options.rs: -pub enum NoFilterTopSkip {}".to_owned()),
        "{options:?}"
    );
    assert_eq!(
        rest,
        [
            // (The last line of lib.rs, without its newline in the CSDL output, counts as changed.)
            "src/lib.rs: -pub mod requests;",
            "src/lib.rs: +pub mod requests;",
            "src/lib.rs: +/// Operations as the input states them (method, path, parameters, body, responses).",
            "src/lib.rs: +#[allow(deprecated)]",
            "src/lib.rs: +pub mod rest;",
            "src/models/entity.rs: -/// OData entity type `microsoft.graph.entity`, abstract.",
            "src/models/entity.rs: +/// OData entity type `microsoft.graph.entity`.",
            "src/models/entity.rs: -\"microsoft.graph.credentialUserRegistrationCount\"",
            "src/models/entity.rs: -| \"graph.credentialUserRegistrationCount\" => {",
            "src/models/entity.rs: +\"microsoft.graph.credentialUserRegistrationCount\" => {",
            "src/requests/entities/c.rs: -type Options = crate::requests::options::NoFilterTopSkip;",
            "src/requests/entities/c.rs: +type Options = crate::requests::options::All;",
            // - the service root: OpenAPI names a server, CSDL does not.
            "src/requests/mod.rs: -/// The service root used by default: none was configured, so clients must set one.",
            "src/requests/mod.rs: -pub const BASE_URL: &str = \"\";",
            "src/requests/mod.rs: +/// The service root used by default: <https://graph.microsoft.com/beta/> (the service description's first server).",
            "src/requests/mod.rs: +pub const BASE_URL: &str = \"https://graph.microsoft.com/beta/\";",
            "src/rest/mod.rs: only from OpenAPI",
            "src/rest/reports_get_credential_user_registration_count.rs: only from OpenAPI",
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
    assert_eq!(
        model.ty(c.singletons[0].entity_type).qualified_name(),
        "microsoft.graph.reportRoot"
    );
    let op = model
        .operations
        .iter()
        .find(|o| o.name == "getCredentialUserRegistrationCount")
        .expect("the bound function");
    assert_eq!(op.namespace, "microsoft.graph");
    assert_eq!(op.kind, OperationKind::Function);
    assert!(op.is_bound);
    assert_eq!(op.parameters.len(), 1, "just the binding parameter");
    assert_eq!(
        op.parameters[0].ty.target,
        Target::Named(c.singletons[0].entity_type)
    );
    let ret = op.return_type.as_ref().expect("returns");
    assert!(ret.ty.collection, "x-ms-pageable `value` array");
    assert_eq!(
        ret.ty.target,
        Target::Named(model.lookup(SEED_TYPE).expect("type"))
    );
    // The OData error schema of the 4XX/5XX responses is a model type.
    assert!(
        model
            .lookup("microsoft.graph.ODataErrors.ODataError")
            .is_some()
    );
    // `{credentialUserRegistrationDetails-id}` keys the entity hierarchy by `id`, declared on its root.
    let entity = model.lookup("microsoft.graph.entity").expect("entity");
    assert_eq!(
        model.ty(entity).as_struct().map(|s| s.key.clone()),
        Some(vec!["id".to_owned()])
    );
    // Navigation property marked by the converter, and entity-ness through inheritance.
    let rr = model
        .ty(c.singletons[0].entity_type)
        .as_struct()
        .expect("struct");
    assert_eq!(rr.navigation.len(), 1);
    assert!(matches!(
        model.ty(model.lookup(SEED_TYPE).expect("t")).kind,
        TypeKind::Entity(_)
    ));
    assert!(matches!(
        model
            .ty(model
                .lookup("microsoft.graph.userRegistrationCount")
                .expect("t"))
            .kind,
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
        if t.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    };
    for t in &model.types {
        let q = t.qualified_name();
        match &t.kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => {
                let kind = if matches!(t.kind, TypeKind::Entity(_)) {
                    "entity"
                } else {
                    "complex"
                };
                out.insert(format!("{q}: {kind}"));
                if let Some(b) = s.base {
                    out.insert(format!("{q}: base {}", model.ty(b).qualified_name()));
                }
                if !s.key.is_empty() {
                    out.insert(format!("{q}: key {}", s.key.join(",")));
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
                let members: Vec<String> = e
                    .members
                    .iter()
                    .map(|m| format!("{}={:?}", m.name, m.value))
                    .collect();
                out.insert(format!(
                    "{q}: enum{} {}",
                    if e.is_flags { " flags" } else { "" },
                    members.join(",")
                ));
            }
            TypeKind::Definition(d) => {
                out.insert(format!("{q}: definition {}", d.underlying.edm_name()));
            }
            TypeKind::Union(u) => {
                let alts: Vec<String> = u.alternatives.iter().map(|a| tref(&a.ty)).collect();
                out.insert(format!("{q}: union {}", alts.join("|")));
            }
            TypeKind::Map(m) => {
                out.insert(format!("{q}: map of {}", tref(&m.value)));
            }
        }
    }
    out
}

#[test]
fn trippin_openapi_gives_the_csdl_types_except_what_openapi_loses() {
    let (csdl, _) = odatagen::frontend::load(&fixture("trippin/TripPin.xml")).expect("csdl");
    let (openapi, _) =
        odatagen::frontend::load(&fixture("trippin/TripPin.openapi3.json")).expect("openapi");
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
    // OpenAPI adds the OData error response body (CSDL leaves it to the protocol); its inline
    // objects become the named types `error_error` and `error_error_details_item`.
    let added: Vec<String> = [
        "error/error: {NS}.error_error",
        "error: complex",
        "error_error/code: Edm.String",
        "error_error/details: Collection({NS}.error_error_details_item)",
        "error_error/innererror: Edm.Untyped",
        "error_error/message: Edm.String",
        "error_error/target: Edm.String",
        "error_error: complex",
        "error_error_details_item/code: Edm.String",
        "error_error_details_item/message: Edm.String",
        "error_error_details_item/target: Edm.String",
        "error_error_details_item: complex",
    ]
    .iter()
    .map(|s| format!("{NS}.{}", s.replace("{NS}", NS)))
    .collect();
    assert_eq!(only_openapi, added.iter().collect::<Vec<_>>());
    assert!(a.len() > 60, "a real comparison: {} facts", a.len());
    // Keys come from the key segments of the paths (`People('{UserName}')`, `Trips({TripId-1})`).
    let keys: Vec<&String> = b.iter().filter(|f| f.contains(": key ")).collect();
    assert_eq!(keys.len(), 6, "{keys:?}");
}

#[test]
fn trippin_paths_become_the_container() {
    let (m, _) =
        odatagen::frontend::load(&fixture("trippin/TripPin.openapi3.json")).expect("openapi");
    let c = m.container.as_ref().expect("container");
    let sets: Vec<&str> = c.entity_sets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sets, ["Photos", "People", "Airlines", "Airports"]);
    let singletons: Vec<&str> = c.singletons.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(singletons, ["Me"]);
    let imports: Vec<(&str, OperationKind)> = c
        .imports
        .iter()
        .map(|i| (i.name.as_str(), i.kind))
        .collect();
    assert_eq!(
        imports,
        [
            ("GetNearestAirport", OperationKind::Function),
            ("ResetDataSource", OperationKind::Action)
        ]
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
    assert_eq!(
        params,
        [("lat", Primitive::Double), ("lon", Primitive::Double)]
    );
    let mut bound: Vec<String> = m
        .operations
        .iter()
        .filter(|o| o.is_bound)
        .map(|o| {
            format!(
                "{:?} {} on {}",
                o.kind,
                o.name,
                m.ty(match o.parameters[0].ty.target {
                    Target::Named(t) => t,
                    Target::Primitive(_) => panic!("binding to a primitive"),
                })
                .name
            )
        })
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
    let share = m
        .operations
        .iter()
        .find(|o| o.name == "ShareTrip")
        .expect("ShareTrip");
    let names: Vec<&str> = share.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Person", "userName", "tripId"]);
}

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
                "tagOrNumber" | "toy" | "labels" | "ratings" | "color" | "companion"
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
    assert_eq!(tags, [["Ball".to_owned()], ["Rope".to_owned()]]);
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

fn errors_of(rel: &str) -> Vec<String> {
    let e = odatagen::frontend::load(&fixture(rel)).expect_err("fails");
    e.0.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let loc = d
                .location
                .as_ref()
                .map(|l| format!("{}:{}", l.line, l.column))
                .unwrap_or_default();
            format!("{}[{}] {}", loc, d.code, d.message)
        })
        .collect()
}

#[test]
fn bad_documents_are_errors_with_pointer_and_position() {
    assert_eq!(
        errors_of("openapi/err_unresolved.yaml"),
        [
            "10:11[E0102] `#/components/schemas/Missing` does not resolve (at `#/components/schemas/A/properties/b`)"
        ]
    );
    let e = errors_of("openapi/err_malformed.yaml");
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("[E0301] malformed JSON/YAML"), "{e:?}");
    assert_eq!(
        errors_of("openapi/err_swagger12.json"),
        [
            "1:13[E0302] Swagger 1.2 is not supported (Swagger 2.0 and OpenAPI 3.0.x and 3.1.x are) (at `#/swagger`)"
        ]
    );
    assert_eq!(
        errors_of("openapi/err_remote.yaml"),
        [
            "10:11[E0102] remote reference `https://example.com/schemas.yaml#/B` is not supported (only relative files) (at `#/components/schemas/A/properties/b`)"
        ]
    );
    let e = errors_of("openapi/err_cycle.yaml");
    assert!(
        e.iter().any(|m| m.contains("[E0107] inheritance cycle")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.contains("[E0107] reference cycle")),
        "{e:?}"
    );
}

#[test]
fn unsupported_constructs_are_warnings_with_pointers() {
    let (_, diags) =
        odatagen::frontend::load(&fixture("openapi/warn_unsupported.yaml")).expect("loads");
    let w: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {}", l.line, l.column, d.code)
        })
        .collect();
    assert_eq!(w, ["12:13 W0314", "19:16 W0313"], "{diags:#?}");
    for d in &diags {
        assert!(
            d.message
                .contains("(at `#/components/schemas/A/properties/"),
            "{}",
            d.message
        );
    }
}

#[test]
fn callbacks_and_webhooks_are_reported_not_dropped_silently() {
    let (model, diags) =
        odatagen::frontend::load(&fixture("openapi/warn_callbacks.yaml")).expect("loads");
    let w: Vec<String> = diags
        .iter()
        .filter(|d| d.code == "W0324")
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {}", l.line, l.column, d.message)
        })
        .collect();
    assert_eq!(
        w,
        [
            "20:3 webhooks (newEvent) are requests the service makes, not the client: no code is generated for them (at `#/webhooks`)",
            "10:9 callbacks (onEvent) are requests the service makes, not the client: no code is generated for them (at `#/paths/~1subscriptions/post/callbacks`)",
        ],
        "{diags:#?}"
    );
    // The schemas they use are still read (a component is a type whoever uses it).
    assert!(model.lookup("api.Event").is_some());
}

#[test]
fn repeated_keys_are_warnings_and_the_last_value_wins() {
    // YAML 1.2 forbids repeated keys and JSON says they should be unique; parsers keep the last
    // value, so does odatagen, and says so (W0325) instead of reading both.
    let (model, diags) =
        odatagen::frontend::load(&fixture("openapi/warn_duplicate_keys.yaml")).expect("loads");
    let w: Vec<String> = diags
        .iter()
        .filter(|d| d.code == "W0325")
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {}", l.line, l.column, d.message)
        })
        .collect();
    assert_eq!(
        w,
        [
            "11:15 key `name` is given more than once in this mapping; the last value is used",
            "17:13 key `id` is given more than once in this mapping; the last value is used",
            "13:7 key `Pet` is given more than once in this mapping; the last value is used",
        ],
        "{diags:#?}"
    );
    // Only the second `Pet`, with its `id` an Int64: no duplicate type, no duplicate member.
    let pet = model.ty(model.lookup("api.Pet").expect("Pet"));
    let props: Vec<String> = pet
        .as_struct()
        .expect("struct")
        .properties
        .iter()
        .map(|p| format!("{}:{:?}", p.name, p.ty.target))
        .collect();
    assert_eq!(
        props,
        ["name:Primitive(String)", "id:Primitive(Int64)"],
        "{props:?}"
    );
    assert!(diags.iter().all(|d| d.code != "E0101"), "{diags:#?}");
}

#[test]
fn inline_objects_are_reported_once_where_they_are() {
    // W0316 names the real reason (a parameter's schema), and is emitted once although the
    // reader visits a parameter twice; the inline objects of a response body and of a `oneOf`
    // branch are not reported: they are structs named from their operation and their place.
    let (m, diags) =
        odatagen::frontend::load(&fixture("openapi/warn_inline_objects.yaml")).expect("loads");
    assert!(m.lookup("api.get_status_response_200").is_some());
    assert_eq!(union_alternatives(&m, "api.Thing_shape"), ["Thing_shape_oneOf_0", "Edm.String"]);
    let w: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            format!("{}:{} {} {}", l.line, l.column, d.code, d.message)
        })
        .collect();
    assert_eq!(
        w,
        [
            "22:13 W0316 inline object schema in a parameter is not named: declare it under `components/schemas` for a typed struct; kept as untyped JSON (at `#/paths/~1things/get/parameters/0/schema`)",
            "18:11 W0323 parameter `filter` uses unsupported style `deepObject`; sent as style `form` (at `#/paths/~1things/get/parameters/0`)",
        ],
        "{diags:#?}"
    );
    // `validate` reaches the union's alternatives and the operations' bodies: no W0302 for them.
    let report = odatagen::validate::validate(&fixture("openapi/warn_inline_objects.yaml"));
    let unreachable: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "W0302")
        .map(|d| d.message.as_str())
        .collect();
    assert!(unreachable.is_empty(), "{unreachable:#?}");
    // A missing referenced file: one E0102, with the status code in its pointer.
    let e = errors_of("openapi/err_missing_file.yaml");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].starts_with("11:23[E0102] cannot read referenced file "),
        "{e:?}"
    );
    assert!(
        e[0].ends_with(
            "(at `#/paths/~1things/get/responses/200/content/application~1json/schema`)"
        ),
        "{e:?}"
    );
}

#[test]
fn never_panics_on_truncated_or_mangled_input() {
    let text = std::fs::read_to_string(fixture("openapi/multi/main.yaml")).expect("read");
    let json = std::fs::read_to_string(fixture("trippin/TripPin.openapi3.json")).expect("read");
    let dir = std::env::temp_dir().join(format!("odatagen-openapi-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("shared")).expect("tmp");
    std::fs::copy(
        fixture("openapi/multi/shared/people.yaml"),
        dir.join("shared/people.yaml"),
    )
    .expect("copy");
    let mut cases: Vec<String> = Vec::new();
    for cut in (0..text.len()).step_by(11) {
        if text.is_char_boundary(cut) {
            cases.push(text[..cut].to_owned());
        }
    }
    for cut in (0..json.len()).step_by(json.len() / 37) {
        if json.is_char_boundary(cut) {
            cases.push(json[..cut].to_owned());
        }
    }
    cases.push(text.replace("type: object", "type: [object, 3]"));
    cases.push(text.replace("$ref:", "$ref: 42 #"));
    cases.push(json.replace("\"$ref\"", "\"$ref\": {}, \"x\""));
    cases.push("- a\n- b\n".into());
    cases.push("a: &x [*x]\n".into());
    cases.push(format!(
        "openapi: 3.0.0\nx: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    cases.push(format!(
        "{{\"openapi\": \"3.1.0\", \"x\": {}1{}}}",
        "{\"a\":".repeat(50_000),
        "}".repeat(50_000)
    ));
    // Swagger 2.0 (converted before it is read): truncated, mangled, nested deeply.
    let swagger = std::fs::read_to_string(fixture("swagger2/features.yaml")).expect("read");
    for cut in (0..swagger.len()).step_by(13) {
        if swagger.is_char_boundary(cut) {
            cases.push(swagger[..cut].to_owned());
        }
    }
    cases.push(swagger.replace("in: body", "in: [body]"));
    cases.push(swagger.replace("discriminator: kind", "discriminator: {propertyName: 3}"));
    cases.push(swagger.replace("$ref: '#/parameters/", "$ref: '#/parameters/x/"));
    cases.push(format!(
        "{{\"swagger\": \"2.0\", \"definitions\": {{\"A\": {}1{}}}}}",
        "{\"properties\": {\"p\":".repeat(20_000),
        "}}".repeat(20_000)
    ));
    cases.push(format!(
        "{{\"swagger\": \"2.0\", \"paths\": {{\"/a\": {{\"x-y\": {}1{}}}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    let file = dir.join("main.yaml");
    for (i, c) in cases.iter().enumerate() {
        std::fs::write(&file, c).expect("write");
        // Loading is what reads the input; rendering a sample checks the model it gives is usable.
        if odatagen::frontend::load(&file).is_ok() && i % 8 == 0 {
            let _ = Config::new().metadata(&file).render();
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
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

/// Operations and the container, one line each (binding parameters by type: OpenAPI has no name for them).
fn operation_facts(m: &Model) -> BTreeSet<String> {
    let tref = |t: &TypeRef| {
        let inner = match t.target {
            Target::Primitive(p) => p.edm_name().to_owned(),
            Target::Named(id) => m.ty(id).name.clone(),
        };
        if t.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    };
    let mut out = BTreeSet::new();
    for o in &m.operations {
        let params: Vec<String> = o
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if o.is_bound && i == 0 {
                    format!("binding {}", tref(&p.ty))
                } else {
                    format!("{} {}", p.name, tref(&p.ty))
                }
            })
            .collect();
        let ret = o
            .return_type
            .as_ref()
            .map(|r| tref(&r.ty))
            .unwrap_or_default();
        out.insert(format!(
            "{:?} {}({}) -> {ret}",
            o.kind,
            o.name,
            params.join(", ")
        ));
        if o.is_composable {
            out.insert(format!("{} composable", o.name));
        }
        if let Some(p) = &o.entity_set_path {
            out.insert(format!("{} entity set path {p}", o.name));
        }
    }
    if let Some(c) = &m.container {
        for s in &c.entity_sets {
            out.insert(format!(
                "entity set {}: {}",
                s.name,
                m.ty(s.entity_type).name
            ));
        }
        for s in &c.singletons {
            out.insert(format!(
                "singleton {}: {}",
                s.name,
                m.ty(s.entity_type).name
            ));
        }
        for i in &c.imports {
            out.insert(format!("import {:?} {}", i.kind, i.name));
        }
    }
    out
}

#[test]
fn trippin_operations_and_container_match_except_what_openapi_loses() {
    let (csdl, _) = odatagen::frontend::load(&fixture("trippin/TripPin.xml")).expect("csdl");
    let (openapi, _) =
        odatagen::frontend::load(&fixture("trippin/TripPin.openapi3.json")).expect("openapi");
    let a = operation_facts(&csdl);
    let b = operation_facts(&openapi);
    let only_csdl: Vec<&String> = a.difference(&b).collect();
    let only_openapi: Vec<&String> = b.difference(&a).collect();
    // OpenAPI has no `IsComposable` or `EntitySetPath`.
    assert_eq!(
        only_csdl,
        [
            "GetFavoriteAirline composable",
            "GetFavoriteAirline entity set path person/Trips/PlanItems/Microsoft.OData.SampleService.Models.TripPin.Flight/Airline",
            "GetFriendsTrips composable",
            "GetFriendsTrips entity set path person/Friends/Trips",
            "GetInvolvedPeople composable",
            "GetNearestAirport composable",
        ]
    );
    assert!(only_openapi.is_empty(), "{only_openapi:#?}");
    assert!(a.len() > 10, "{a:#?}");
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

fn tname(m: &Model, t: &TypeRef) -> String {
    let inner = match t.target {
        Target::Primitive(p) => p.edm_name().to_owned(),
        Target::Named(id) => m.ty(id).name.clone(),
    };
    if t.collection {
        format!("[{inner}]")
    } else {
        inner
    }
}

/// `METHOD path (params) body -> status:type, ...`
fn http_lines(m: &Model) -> Vec<String> {
    use odatagen::ir::http::ParameterLocation;
    m.http
        .iter()
        .map(|o| {
            let params: Vec<String> = o
                .parameters
                .iter()
                .map(|p| {
                    let at = match p.location {
                        ParameterLocation::Path => "path",
                        ParameterLocation::Query => "query",
                        ParameterLocation::Header => "header",
                        ParameterLocation::Cookie => "cookie",
                    };
                    format!(
                        "{at} {}{}: {}",
                        p.name,
                        if p.required { "" } else { "?" },
                        tname(m, &p.ty)
                    )
                })
                .collect();
            let body = o
                .request_body
                .as_ref()
                .map(|b| format!(" body {}", tname(m, &b.ty)))
                .unwrap_or_default();
            let responses: Vec<String> = o
                .responses
                .iter()
                .map(|r| {
                    format!(
                        "{}:{}",
                        r.status,
                        r.ty.as_ref()
                            .map(|t| tname(m, t))
                            .unwrap_or_else(|| "-".into())
                    )
                })
                .collect();
            format!(
                "{} {} ({}){body} -> {} [{}]",
                o.method,
                o.path,
                params.join(", "),
                responses.join(", "),
                o.operation_id.as_deref().unwrap_or("")
            )
        })
        .collect()
}

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

/// The maintainers' semantic diff (`odatagen diff`) between the CSDL and the OpenAPI rendering of
/// TripPin: everything it reports is something the OpenAPI document does not say, or adds.
#[test]
fn trippin_semantic_diff_lists_only_what_openapi_cannot_say() {
    let (csdl, _) = odatagen::frontend::load(&fixture("trippin/TripPin.xml")).expect("csdl");
    let (openapi, _) =
        odatagen::frontend::load(&fixture("trippin/TripPin.openapi3.json")).expect("openapi");
    let d = odatagen::diff::diff(&csdl, &openapi);
    let got: Vec<String> = d
        .changes
        .iter()
        .map(|c| format!("{} {} {}", c.kind, c.item, c.detail))
        .collect();
    const NS: &str = "Microsoft.OData.SampleService.Models.TripPin";
    let expected: Vec<String> = [
        // The OASIS rendering writes no `OpenType`.
        "open-type-changed {NS}.AirportLocation OpenType true → false",
        "open-type-changed {NS}.Event OpenType true → false",
        "open-type-changed {NS}.EventLocation OpenType true → false",
        "open-type-changed {NS}.Location OpenType true → false",
        "open-type-changed {NS}.Person OpenType true → false",
        // Collections whose elements CSDL leaves nullable (the default) are rendered with
        // non-nullable `items`.
        "nullability-changed {NS}.Person/AddressInfo Nullable true → false",
        "nullability-changed {NS}.Person/Emails Nullable true → false",
        // The OData error response body, which CSDL leaves to the protocol.
        "type-added {NS}.error complex type added",
        "type-added {NS}.error_error complex type added",
        "type-added {NS}.error_error_details_item complex type added",
    ]
    .iter()
    .map(|s| s.replace("{NS}", NS))
    .collect();
    assert_eq!(got, expected);
}

#[test]
fn graph_semantic_diff_of_the_excerpt_lists_only_abstractness_and_error_types() {
    let (csdl, _) = odatagen::frontend::load(&root().join(GRAPH_CSDL)).expect("csdl");
    let (openapi, _) = odatagen::frontend::load(&root().join(GRAPH_OPENAPI)).expect("openapi");
    let d = odatagen::diff::diff(&csdl, &openapi);
    // The excerpt holds a handful of the 2,318 types: removals are expected; everything else is listed.
    let got: Vec<String> = d
        .changes
        .iter()
        .filter(|c| !c.kind.ends_with("-removed"))
        .map(|c| format!("{} {} {}", c.kind, c.item, c.detail))
        .collect();
    assert_eq!(
        got,
        [
            "type-added microsoft.graph.BaseCollectionPaginationCountResponse complex type added",
            "type-added microsoft.graph.ODataErrors.ErrorDetails complex type added",
            "type-added microsoft.graph.ODataErrors.InnerError complex type added",
            "type-added microsoft.graph.ODataErrors.MainError complex type added",
            "type-added microsoft.graph.ODataErrors.ODataError complex type added",
            "abstract-changed microsoft.graph.entity Abstract true → false",
        ]
    );
}

/// `tests/fixtures/openapi/names/`: unions in a `$ref`'d request body (its members are read again
/// as action parameters), made-up names that meet component names (of this file and of a file
/// referenced later), and `$ref`s to schemas at JSON pointers outside `components/schemas`.
const NAMES: &str = "openapi/names/main.json";

fn union_alternatives(m: &Model, qualified: &str) -> Vec<String> {
    let id = m
        .lookup(qualified)
        .unwrap_or_else(|| panic!("no type {qualified}"));
    match &m.ty(id).kind {
        TypeKind::Union(u) => u.alternatives.iter().map(|a| tname(m, &a.ty)).collect(),
        other => panic!("{qualified} is not a union: {other:?}"),
    }
}

#[test]
fn unions_of_request_bodies_keep_their_alternatives() {
    let (m, diags) = odatagen::frontend::load(&fixture(NAMES)).expect("loads");
    assert_eq!(
        union_alternatives(&m, "api.Req_stop"),
        ["Edm.String", "[Edm.String]"]
    );
    assert_eq!(
        union_alternatives(&m, "api.Req_n"),
        ["Edm.String", "Edm.Int64"]
    );
    assert_eq!(
        union_alternatives(&m, "api.Req_thing"),
        ["Edm.String", "Thing"]
    );
    // Every union the front end makes has alternatives, and none is left as untyped JSON.
    for t in &m.types {
        if let TypeKind::Union(u) = &t.kind {
            assert!(
                !u.alternatives.is_empty(),
                "{} is empty",
                t.qualified_name()
            );
        }
    }
    assert!(!diags.iter().any(|d| d.code == "W0312"), "{diags:#?}");
    // A type listed twice is one alternative, chosen by the tags of both.
    assert_eq!(union_alternatives(&m, "api.Twice"), ["Thing", "subscription_schedule"]);
    let twice = m.ty(m.lookup("api.Twice").expect("Twice"));
    let TypeKind::Union(u) = &twice.kind else {
        panic!("{twice:?}")
    };
    assert_eq!(u.alternatives[0].tags, ["a", "b"]);
}

#[test]
fn made_up_names_never_collide_with_components_or_each_other() {
    let (m, diags) = odatagen::frontend::load(&fixture(NAMES)).expect("loads: no E0101");
    let kind = |q: &str| {
        let id = m.lookup(q).unwrap_or_else(|| panic!("no type {q}"));
        match &m.ty(id).kind {
            TypeKind::Union(_) => "union",
            TypeKind::Complex(_) | TypeKind::Entity(_) => "struct",
            _ => "other",
        }
    };
    // Components keep their names; the inline unions `<parent>_<prop>` that meet them take a
    // suffix, also when the component comes from a file read after the union was named.
    assert_eq!(kind("api.subscription_schedule"), "struct");
    assert_eq!(kind("api.subscription_schedule_2"), "union");
    assert_eq!(kind("api.subscription_plan"), "struct");
    assert_eq!(kind("api.subscription_plan_2"), "union");
    assert_eq!(
        union_alternatives(&m, "api.subscription_schedule_2"),
        ["Edm.String", "subscription_schedule"]
    );
    assert_eq!(
        union_alternatives(&m, "api.subscription_plan_2"),
        ["Edm.String", "subscription_plan"]
    );
    // Schemas at other pointers: named after the named schema or the operation holding them.
    for (q, k) in [
        ("api.Gateway_allOf_0", "struct"),
        ("api.Holder_inner_allOf_0", "struct"),
        ("api.createAnswer_response_200", "struct"),
        ("api.get_counts_response_200", "struct"),
        // Inline request and response bodies, and the objects inside them.
        ("api.makeWidget_request", "struct"),
        ("api.listWidgetParts_response_200_item", "struct"),
        ("api.getWidget_response_200", "struct"),
        ("api.updateWidget_response_200_meta", "struct"),
        ("api.updateWidget_response_200", "struct"),
    ] {
        assert_eq!(kind(q), k, "{q}");
    }
    let names: BTreeSet<String> = m.types.iter().map(|t| t.qualified_name()).collect();
    assert_eq!(names.len(), m.types.len());
    // Same content, same type (named where the reader met it first): the response body of
    // `WidgetCreated` and of `getWidget`, their `meta` and that of `updateWidget`, the `pick` of
    // two responses and `Req.n`; `updateWidget`'s body, with one member more, is a type of its own.
    let member = |owner: &str, name: &str| {
        let st = m
            .ty(m.lookup(owner).expect("owner"))
            .as_struct()
            .expect("struct");
        let p = st
            .properties
            .iter()
            .find(|p| p.name == name)
            .expect("member");
        tname(&m, &p.ty)
    };
    assert_eq!(
        member("api.updateWidget_response_200", "meta"),
        member("api.getWidget_response_200", "meta")
    );
    assert_eq!(member("api.updateWidget_response_200", "pick"), "Req_n");
    assert_eq!(member("api.createAnswer_response_200", "pick"), "Req_n");
    for dup in [
        "api.submitForm_request",
        "api.WidgetCreated_response",
        "api.createAnswer_response_200_pick",
        "api.updateWidget_response_200_pick",
    ] {
        assert!(
            m.lookup(dup).is_none(),
            "{dup} should not be a type of its own"
        );
    }
    // Every JSON body of an operation is typed, whether its inline schema is reached from its
    // own operation first or through a `$ref` from another one (path order does not matter).
    let mut bodies: Vec<String> = Vec::new();
    for op in &m.http {
        let types = op.request_body.iter().map(|b| b.ty);
        for t in types.chain(op.responses.iter().filter_map(|r| r.ty)) {
            bodies.push(format!("{} {}: {}", op.method, op.path, tname(&m, &t)));
        }
    }
    assert_eq!(
        bodies,
        [
            "POST /answers: Req",
            "POST /answers: createAnswer_response_200",
            "POST /answers/again: createAnswer_response_200",
            "GET /counts: get_counts_response_200",
            "GET /counts/again: get_counts_response_200",
            "GET /widgets: [listWidgetParts_response_200_item]",
            "POST /widgets: makeWidget_request",
            // Inline schemas with the content of one named already are that type.
            "POST /widgets: getWidget_response_200",
            // An XML body is sent as bytes: untyped, and no type made for it.
            "POST /forms: Edm.Untyped",
            "GET /widgets/{id}: getWidget_response_200",
            "PATCH /widgets/{id}: updateWidget_response_200",
        ],
        "{bodies:#?}"
    );
    // Each problem is reported once, at the right response.
    let texts: Vec<String> = diags.iter().map(|d| format!("{d:?}")).collect();
    let unique: BTreeSet<&String> = texts.iter().collect();
    assert_eq!(unique.len(), texts.len(), "{texts:#?}");
    assert!(
        diags
            .iter()
            .all(|d| !d.message.contains("/responses/content")),
        "{diags:#?}"
    );
    let c = Config::new().metadata(fixture(NAMES));
    assert_eq!(
        c.render().expect("render").files,
        c.render().expect("render").files,
        "deterministic"
    );
}

/// Two declared schemas of one name stay an error, reported once however often it is reached.
#[test]
fn a_declared_name_twice_is_one_error() {
    let dir = std::env::temp_dir().join(format!("odatagen-openapi-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(
        dir.join("main.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a.X: {type: object, properties: {p: {type: string}}}\n    Y:\n      type: object\n      properties:\n        one: {$ref: 'other.yaml#/components/schemas/a.X'}\n        two: {$ref: 'other.yaml#/components/schemas/a.X'}\n        three: {type: array, items: {$ref: 'other.yaml#/components/schemas/a.X'}}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("other.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a.X: {type: object, properties: {q: {type: string}}}\n",
    )
    .expect("write");
    let e = odatagen::frontend::load(&dir.join("main.yaml")).expect_err("duplicate");
    let dups: Vec<_> = e.0.iter().filter(|d| d.code == "E0101").collect();
    assert_eq!(dups.len(), 1, "{:#?}", e.0);
    std::fs::remove_dir_all(&dir).ok();
}

/// The crate generated from the fixture builds without warnings (clippy `-D warnings`), and each
/// union takes and gives back a value of each alternative.
#[test]
fn names_fixture_crate_builds_cleanly_and_unions_round_trip() {
    let out = root().join("target/openapi-names/crate");
    Config::new()
        .metadata(fixture(NAMES))
        .crate_name("openapi-names-models")
        .force(true)
        .generate(&out)
        .expect("generates");
    let manifest = odatagen_tests::standalone_crate(&out);
    std::fs::create_dir_all(out.join("tests")).expect("tests dir");
    std::fs::write(out.join("tests/unions.rs"), NAMES_ROUND_TRIP).expect("test file");
    odatagen_tests::cargo_ok(
        &manifest,
        &["clippy", "--offline", "--all-targets", "--", "-D", "warnings"],
        &[],
    );
    odatagen_tests::cargo_ok(&manifest, &["test", "--offline", "-q"], &[]);
}

/// Runs inside the crate generated from [`NAMES`].
const NAMES_ROUND_TRIP: &str = r##"//! Unions of the names fixture: each alternative in, the same text out.
use openapi_names_models::models::*;
use openapi_names_models::odata;

fn same<T: odata::Wire>(json: &str) -> T {
    let v: T = odata::from_str(json).expect(json);
    assert_eq!(odata::to_string(&v).expect("ser"), json);
    v
}

#[test]
fn request_body_unions() {
    let r: Req = same(r#"{"stop":"\n","n":"three","thing":"t-1"}"#);
    assert_eq!(r.stop.value(), Some(&ReqStop::String("\n".into())));
    assert_eq!(r.n.value(), Some(&ReqN::String("three".into())));
    assert_eq!(r.thing.value(), Some(&ReqThing::String("t-1".into())));
    let r: Req = same(r#"{"stop":["a","b"],"n":3,"thing":{"id":"t-2"}}"#);
    assert_eq!(
        r.stop.value(),
        Some(&ReqStop::StringList(vec!["a".into(), "b".into()]))
    );
    assert_eq!(r.n.value(), Some(&ReqN::Int64(3)));
    assert!(matches!(r.thing.value(), Some(ReqThing::Thing(t)) if t.id.value().map(String::as_str) == Some("t-2")));
    assert!(odata::from_str::<Req>(r#"{"stop":true}"#).is_err());
}

#[test]
fn unions_named_beside_components() {
    let s: Subscription = same(r#"{"schedule":"sub_1","plan":"basic"}"#);
    assert_eq!(s.schedule.value(), Some(&SubscriptionSchedule2::String("sub_1".into())));
    assert_eq!(s.plan.value(), Some(&SubscriptionPlan2::String("basic".into())));
    let s: Subscription = same(r#"{"schedule":{"id":"s"},"plan":{"amount":5}}"#);
    assert!(matches!(s.schedule.value(), Some(SubscriptionSchedule2::SubscriptionSchedule(_))));
    assert!(matches!(s.plan.value(), Some(SubscriptionPlan2::SubscriptionPlan(p)) if p.amount.value() == Some(&5)));
    let s: Subscription = same(r#"{"schedule":null,"gateway":{"name":"g"},"inner":{"depth":2}}"#);
    assert!(s.schedule.is_null());
    let _: &GatewayAllOf0 = s.gateway.value().expect("gateway");
    let _: &HolderInnerAllOf0 = s.inner.value().expect("inner");
}

#[test]
fn schemas_named_after_their_operation() {
    let a: CreateAnswerResponse200 = same(r#"{"id":"a","pick":7}"#);
    assert_eq!(a.pick.value(), Some(&ReqN::Int64(7)));
    let _: GetCountsResponse200 = same(r#"{"count":1}"#);
    let t: Twice = same(r#"{"kind":"b","id":"t"}"#);
    assert!(matches!(t, Twice::Thing(_)), "{t:?}");
    let w: MakeWidgetRequest = same(r#"{"name":"w","parts":[{"sku":"a"},{"sku":"b","extra":1}]}"#);
    let _: Option<&Vec<ListWidgetPartsResponse200Item>> = w.parts.value();
    let c: GetWidgetResponse200 = same(r#"{"id":7,"meta":{"etag":"W/1"}}"#);
    assert_eq!(c.meta.value().and_then(|m| m.etag.value()).map(String::as_str), Some("W/1"));
    let u: UpdateWidgetResponse200 = same(r#"{"id":7,"meta":{"etag":"W/2"},"pick":"x"}"#);
    let _: Option<&UpdateWidgetResponse200Meta> = u.meta.value();
    assert_eq!(u.pick.value(), Some(&ReqN::String("x".into())));
}
"##;

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
