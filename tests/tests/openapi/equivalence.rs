//! Equivalence with the CSDL front end: the Graph excerpt (emitted files, JSON and YAML), TripPin
//! (types, container, operations), and the semantic diffs between the two renderings.

use super::*;

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
        // The CSDL's Capabilities annotations forbid insert and delete on Airports; the
        // rendering states operations, and as its Capabilities none forbids them.
        "capabilities-extended /Airports now allowed: Insert, Delete",
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
fn graph_semantic_diff_of_the_excerpt_lists_only_abstractness_error_types_and_a_capability() {
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
            // The CSDL's `SkipSupported` false on the type credentialUserRegistrationDetails
            // restricts the navigation property; the excerpt renders no collection path of it,
            // where `$skip` would be left out.
            "capabilities-extended microsoft.graph.reportRoot/credentialUserRegistrationDetails now allowed: Skip",
        ]
    );
}
