//! The CSDL front end against small crafted fixtures (tests/fixtures/csdl) and the real Graph
//! metadata: what it reads into the model, and the exact code and file:line:column of every error.

use odatagen::diagnostics::{Diagnostic, Severity};
use odatagen::frontend::csdl::{load, load_bytes};
use odatagen::ir::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/csdl")
        .join(name)
}

fn graph(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../metadata/graph")
        .join(name)
}

/// Load a fixture that must succeed; returns the model and its notes and warnings.
fn ok(name: &str) -> (Model, Vec<Diagnostic>) {
    let path = fixture(name);
    match catch_unwind(|| load(&path)) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => panic!("{name} failed to load:\n{e}"),
        Err(_) => panic!("{name}: the front end panicked"),
    }
}

/// Load bytes that must fail (without panicking); returns the error diagnostics.
fn errors_of_bytes(name: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let path = PathBuf::from(name);
    match catch_unwind(AssertUnwindSafe(|| load_bytes(&path, bytes))) {
        Ok(Ok(_)) => panic!("{name} loaded, but an error was expected"),
        Ok(Err(e)) => {
            e.0.into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect()
        }
        Err(_) => panic!("{name}: the front end panicked"),
    }
}

/// Load a fixture that must fail (without panicking); returns the error diagnostics.
fn errors(name: &str) -> Vec<Diagnostic> {
    let path = fixture(name);
    match catch_unwind(|| load(&path)) {
        Ok(Ok(_)) => panic!("{name} loaded, but an error was expected"),
        Ok(Err(e)) => {
            e.0.into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect()
        }
        Err(_) => panic!("{name}: the front end panicked"),
    }
}

/// Assert one diagnostic's code, file name, line and column.
#[track_caller]
fn assert_at(d: &Diagnostic, code: &str, file: &str, line: u32, column: u32) {
    let loc = d
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("no location on {d:?}"));
    let got = (
        d.code,
        loc.file
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default(),
        loc.line,
        loc.column,
    );
    assert_eq!(
        got,
        (code, file, line, column),
        "diagnostic: {}",
        d.render()
    );
}

/// The single error of a fixture, checked.
#[track_caller]
fn single_error(name: &str, code: &str, line: u32, column: u32) -> Diagnostic {
    let errs = errors(name);
    assert_eq!(errs.len(), 1, "{name}: {errs:#?}");
    assert_at(&errs[0], code, name, line, column);
    errs[0].clone()
}

fn id(m: &Model, name: &str) -> TypeId {
    m.lookup(name)
        .unwrap_or_else(|| panic!("type {name} not in the model"))
}

fn st<'m>(m: &'m Model, name: &str) -> &'m StructType {
    m.ty(id(m, name))
        .as_struct()
        .unwrap_or_else(|| panic!("{name} is not structured"))
}

fn en<'m>(m: &'m Model, name: &str) -> &'m EnumType {
    match &m.ty(id(m, name)).kind {
        TypeKind::Enum(e) => e,
        k => panic!("{name} is not an enum: {k:?}"),
    }
}

fn prop<'m>(s: &'m StructType, name: &str) -> &'m Property {
    s.properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

fn nav<'m>(s: &'m StructType, name: &str) -> &'m NavigationProperty {
    s.navigation
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no navigation {name}"))
}

fn named(m: &Model, name: &str, collection: bool) -> TypeRef {
    TypeRef {
        collection,
        target: Target::Named(id(m, name)),
    }
}

fn prim(p: Primitive, collection: bool) -> TypeRef {
    TypeRef {
        collection,
        target: Target::Primitive(p),
    }
}

fn op<'m>(m: &'m Model, name: &str) -> &'m Operation {
    m.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn members(e: &EnumType) -> Vec<(&str, Option<i64>)> {
    e.members
        .iter()
        .map(|m| (m.name.as_str(), m.value))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// What is read.

#[test]
fn full_types_and_structure() {
    let (m, diags) = ok("full.xml");
    assert_eq!(m.schemas.len(), 1);
    assert_eq!(m.schemas[0].namespace, "Test.Full");
    assert_eq!(m.schemas[0].alias.as_deref(), Some("tf"));
    let names: Vec<String> = m.types.iter().map(TypeDef::qualified_name).collect();
    assert_eq!(
        names,
        [
            "Test.Full.Money",
            "Test.Full.Color",
            "Test.Full.Access",
            "Test.Full.entity",
            "Test.Full.user",
            "Test.Full.drive",
            "Test.Full.location",
            "Test.Full.address",
        ]
    );
    // Alias lookups are resolved; the model only knows namespace-qualified names.
    assert!(m.lookup("tf.user").is_none());

    // TypeDefinition.
    match &m.ty(id(&m, "Test.Full.Money")).kind {
        TypeKind::Definition(d) => assert_eq!(d.underlying, Primitive::Decimal),
        k => panic!("{k:?}"),
    }

    // Enums: implicit values, flags, underlying type.
    let color = en(&m, "Test.Full.Color");
    assert!(!color.is_flags);
    assert_eq!(color.underlying, Primitive::Int32);
    assert_eq!(
        members(color),
        [("red", Some(0)), ("green", Some(1)), ("blue", Some(2))]
    );
    let access = en(&m, "Test.Full.Access");
    assert!(access.is_flags);
    assert_eq!(access.underlying, Primitive::Int64);
    assert_eq!(
        members(access),
        [
            ("none", Some(0)),
            ("read", Some(1)),
            ("write", Some(2)),
            ("unknownFutureValue", Some(4))
        ]
    );

    // Entity types: key, base (by alias), Abstract, OpenType, HasStream, derived.
    let entity = st(&m, "Test.Full.entity");
    assert!(entity.is_abstract);
    assert_eq!(entity.key, ["id"]);
    assert_eq!(entity.base, None);
    assert_eq!(
        entity.derived,
        [id(&m, "Test.Full.drive"), id(&m, "Test.Full.user")]
    );
    let user = st(&m, "Test.Full.user");
    assert_eq!(user.base, Some(id(&m, "Test.Full.entity")));
    assert!(user.is_open && !user.is_abstract && !user.has_stream);
    assert!(user.key.is_empty(), "the key is inherited");
    let drive = st(&m, "Test.Full.drive");
    assert!(drive.has_stream && !drive.is_open);
    let all: Vec<&str> = m
        .all_properties(id(&m, "Test.Full.user"))
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        all,
        [
            "id",
            "displayName",
            "balance",
            "score",
            "favorite",
            "access",
            "tags",
            "address",
            "photo"
        ]
    );

    // Complex types: base, abstract, open.
    let location = st(&m, "Test.Full.location");
    assert!(location.is_abstract && location.is_open);
    let address = st(&m, "Test.Full.address");
    assert_eq!(address.base, Some(id(&m, "Test.Full.location")));
    assert!(!address.is_abstract && !address.is_open);
    assert!(matches!(
        m.ty(id(&m, "Test.Full.address")).kind,
        TypeKind::Complex(_)
    ));

    // Properties: type, Collection(), Nullable, DefaultValue, MaxLength, Precision, Scale.
    let p = prop(user, "displayName");
    assert_eq!(p.ty, prim(Primitive::String, false));
    assert!(p.nullable);
    assert_eq!(p.max_length.as_deref(), Some("256"));
    assert_eq!(p.default_value.as_deref(), Some("anonymous"));
    assert_eq!(
        prop(user, "balance").ty,
        named(&m, "Test.Full.Money", false)
    );
    let score = prop(user, "score");
    assert_eq!(score.ty, prim(Primitive::Decimal, false));
    assert_eq!(
        (score.precision, score.scale.as_deref()),
        (Some(10), Some("variable"))
    );
    let fav = prop(user, "favorite");
    assert_eq!(fav.ty, named(&m, "Test.Full.Color", false));
    assert!(!fav.nullable);
    assert_eq!(fav.default_value.as_deref(), Some("green"));
    assert_eq!(
        prop(user, "access").ty,
        named(&m, "Test.Full.Access", false)
    );
    let tags = prop(user, "tags");
    assert_eq!(tags.ty, prim(Primitive::String, true));
    assert!(!tags.nullable);
    assert_eq!(
        prop(user, "address").ty,
        named(&m, "Test.Full.address", false)
    );
    assert_eq!(prop(user, "photo").ty, prim(Primitive::Stream, false));
    // The span is the `Name` attribute of the declaration (line 51, column 19).
    assert_eq!((p.span.line, p.span.column), (51, 19));

    // Navigation properties: Collection, ContainsTarget, Partner; unknown child elements ignored.
    let manager = nav(user, "manager");
    assert_eq!(manager.ty, named(&m, "Test.Full.user", false));
    assert_eq!(manager.partner.as_deref(), Some("reports"));
    assert!(!manager.contains_target);
    let reports = nav(user, "reports");
    assert_eq!(reports.ty, named(&m, "Test.Full.user", true));
    assert_eq!(reports.partner.as_deref(), Some("manager"));
    let drives = nav(user, "drives");
    assert_eq!(drives.ty, named(&m, "Test.Full.drive", true));
    assert!(drives.contains_target);
    assert_eq!(user.navigation.len(), 3);

    // The unreachable vocabularies are skipped, each with a located note. The term of a namespace
    // nothing declares or includes (once, counting its other uses) and the target naming no
    // property are warnings; nothing else is said.
    let w: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == Severity::Warning).collect();
    assert_eq!(w.len(), 2, "{diags:#?}");
    assert_at(w[0], "W0103", "full.xml", 50, 21);
    assert!(w[0].message.contains("`Contoso.Custom`"), "{}", w[0].message);
    assert!(w[0].notes.iter().any(|n| n == "1 more annotation of this document uses it"), "{:?}", w[0].notes);
    assert_at(w[1], "W0104", "full.xml", 146, 20);
    assert!(w[1].message.contains("`Test.Full.user` has no member `nonexistent`"), "{}", w[1].message);
    let notes: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == "N0001").collect();
    assert_eq!(notes.len(), 2, "{diags:#?}");
    assert!(notes.iter().all(|d| d.severity == Severity::Note));
    assert_at(notes[0], "N0001", "full.xml", 3, 3);
    assert!(
        notes[0].message.contains("Org.OData.Core.V1"),
        "{}",
        notes[0].message
    );
    assert_eq!(diags.len(), 4, "{diags:#?}");
}

#[test]
fn full_operations_and_container() {
    let (m, _) = ok("full.xml");
    let names: Vec<&str> = m.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["ping", "search", "getByColor", "reset", "restart"]);

    let ping = op(&m, "ping");
    assert_eq!(ping.kind, OperationKind::Function);
    assert!(!ping.is_bound && ping.parameters.is_empty() && ping.return_type.is_none());

    let search = op(&m, "search");
    assert!(!search.is_bound && search.is_composable);
    assert_eq!(search.namespace, "Test.Full");
    let params: Vec<(&str, TypeRef, bool)> = search
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.ty, p.nullable))
        .collect();
    assert_eq!(
        params,
        [
            ("q", prim(Primitive::String, false), false),
            ("top", prim(Primitive::Int32, false), true)
        ]
    );
    // A targeted annotation on a parameter (`tf.search/top`) goes to the parameter only.
    assert_eq!(
        search.parameters[1].annotations.description(),
        Some("At most this many.")
    );
    assert_eq!(search.annotations.description(), None);
    let rt = search.return_type.as_ref().expect("return type");
    assert_eq!(rt.ty, named(&m, "Test.Full.user", true));
    assert!(!rt.nullable);

    let by_color = op(&m, "getByColor");
    assert!(by_color.is_bound);
    assert_eq!(by_color.parameters[0].ty, named(&m, "Test.Full.user", true));
    assert_eq!(
        by_color.parameters[1].ty,
        named(&m, "Test.Full.Color", false)
    );

    let reset = op(&m, "reset");
    assert_eq!(reset.kind, OperationKind::Action);
    assert!(reset.is_bound);
    assert_eq!(reset.entity_set_path.as_deref(), Some("bindingParameter"));
    assert_eq!(
        reset.return_type.as_ref().map(|r| r.ty),
        Some(named(&m, "Test.Full.user", false))
    );
    assert_eq!(reset.annotations.description(), Some("Resets a user."));

    let restart = op(&m, "restart");
    assert_eq!(restart.kind, OperationKind::Action);
    assert!(!restart.is_bound && restart.return_type.is_none());
    assert_eq!(restart.parameters[0].ty, prim(Primitive::Boolean, false));

    let c = m.container.as_ref().expect("container");
    assert_eq!(
        (c.namespace.as_str(), c.name.as_str()),
        ("Test.Full", "Service")
    );
    assert_eq!(c.annotations.description(), Some("The service."));
    assert_eq!(c.entity_sets.len(), 1);
    let users = &c.entity_sets[0];
    assert_eq!(users.name, "users");
    assert_eq!(users.entity_type, id(&m, "Test.Full.user"));
    let bindings: Vec<(&str, &str)> = users
        .bindings
        .iter()
        .map(|b| (b.path.as_str(), b.target.as_str()))
        .collect();
    assert_eq!(bindings, [("manager", "users"), ("reports", "users")]);
    // Inline (Cap alias from edmx:Include) and targeted annotations on the entity set.
    assert_eq!(
        users.annotations.capability_bool("TopSupported", None),
        Some(true)
    );
    assert_eq!(
        users.annotations.capability_bool("SkipSupported", None),
        Some(true)
    );
    assert_eq!(c.singletons.len(), 1);
    let me = &c.singletons[0];
    assert_eq!(me.name, "me");
    assert_eq!(me.entity_type, id(&m, "Test.Full.user"));
    assert_eq!(me.bindings.len(), 1);
    let imports: Vec<(&str, OperationKind, Vec<&str>, Option<&str>)> = c
        .imports
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.kind,
                i.operations
                    .iter()
                    .map(|&o| m.operations[o].name.as_str())
                    .collect(),
                i.entity_set.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        imports,
        [
            (
                "search",
                OperationKind::Function,
                vec!["search"],
                Some("users")
            ),
            ("ping", OperationKind::Function, vec!["ping"], None),
            ("restart", OperationKind::Action, vec!["restart"], None),
        ]
    );
}

#[test]
fn full_annotations() {
    let (m, _) = ok("full.xml");
    let user_id = id(&m, "Test.Full.user");
    let a = &m.ty(user_id).annotations;
    // Targeted annotations override inline ones with the same term.
    assert_eq!(a.description(), Some("A user (targeted)."));
    // Element notation, with an entity reference and a line break kept.
    assert_eq!(
        a.long_description(),
        Some("Users & groups:\n  see the docs.")
    );
    let dep = a.deprecation().expect("deprecated");
    assert_eq!(dep.note, "Use person instead.");
    assert_eq!(dep.since.as_deref(), Some("2024-04-10"));
    // Capabilities, through the `Cap` alias, the default `Capabilities` alias and the namespace.
    assert_eq!(a.capability_bool("TopSupported", None), Some(false));
    assert_eq!(a.capability_bool("SkipSupported", None), Some(false));
    assert_eq!(
        a.capability_bool("FilterRestrictions", Some("Filterable")),
        Some(false)
    );
    assert_eq!(
        a.capability_bool("CountRestrictions", Some("Countable")),
        None
    );
    let nfp = a
        .get("Org.OData.Capabilities.V1.FilterRestrictions")
        .and_then(|v| v.field("NonFilterableProperties"));
    assert_eq!(
        nfp,
        Some(&AnnValue::Collection(vec![AnnValue::Path("photo".into())]))
    );
    // Unknown terms are kept as data, with their qualifier.
    let custom =
        a.0.iter()
            .find(|x| x.term == "Contoso.Custom.Flavour")
            .expect("custom term");
    assert_eq!(custom.qualifier.as_deref(), Some("q1"));
    assert_eq!(custom.value, AnnValue::Int("42".into()));

    let user = st(&m, "Test.Full.user");
    let display = &prop(user, "displayName").annotations;
    assert_eq!(
        display.permissions(),
        Some("Org.OData.Core.V1.Permission/Read")
    );
    assert_eq!(display.description(), Some("Shown name."));
    assert_eq!(
        nav(user, "manager").annotations.description(),
        Some("The manager.")
    );
    let access = en(&m, "Test.Full.Access");
    assert_eq!(
        access.members[1].annotations.description(),
        Some("May read.")
    );
    assert_eq!(
        access.members[2].annotations.description(),
        Some("May write.")
    );
    // An annotation whose target does not exist is kept on the model, not an error.
    assert_eq!(m.other_annotations.len(), 1);
    assert_eq!(m.other_annotations[0].0, "tf.user/nonexistent");
    assert_eq!(
        m.other_annotations[0].1[0].value,
        AnnValue::String("kept".into())
    );
}

#[test]
fn edmx_401() {
    let (m, diags) = ok("v401.xml");
    assert!(diags.is_empty(), "{diags:#?}");
    let order = st(&m, "Test.V401.order");
    assert_eq!(order.key, ["id"]);
    assert_eq!(prop(order, "lines").ty, named(&m, "Test.V401.line", true));
    assert!(prop(order, "notes").nullable);
    let amount = prop(order, "amount");
    assert_eq!(
        (amount.precision, amount.scale.as_deref()),
        (Some(12), Some("floating"))
    );
    assert_eq!(prop(order, "when").precision, Some(7));
    assert_eq!(prop(order, "shape").ty, prim(Primitive::Geo, false));
    assert_eq!(prop(order, "extra").ty, prim(Primitive::Untyped, false));
    let line = st(&m, "Test.V401.line");
    assert_eq!(prop(line, "sku").max_length.as_deref(), Some("max"));
    assert_eq!(prop(line, "quantity").default_value.as_deref(), Some("1"));
    assert_eq!(en(&m, "Test.V401.status").underlying, Primitive::Byte);
    assert_eq!(m.container.as_ref().map(|c| c.entity_sets.len()), Some(1));
}

#[test]
fn bare_schema_root() {
    let (m, diags) = ok("bare_schema.xml");
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(m.schemas.len(), 1);
    assert_eq!(m.schemas[0].alias.as_deref(), Some("bare"));
    assert!(m.container.is_none());
    let seg = st(&m, "Test.Bare.segment");
    assert_eq!(prop(seg, "from").ty, named(&m, "Test.Bare.point", false));
    assert_eq!(prop(seg, "to").ty, named(&m, "Test.Bare.point", false));
    let point = st(&m, "Test.Bare.point");
    assert_eq!(prop(point, "x").ty, prim(Primitive::Double, false));
    assert!(!prop(point, "x").nullable);
}

#[test]
fn utf8_bom() {
    let bytes = std::fs::read(fixture("bom.xml")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF<?xml"),
        "the fixture starts with a BOM"
    );
    let (m, _) = ok("bom.xml");
    let cafe = st(&m, "Test.Bom.café");
    assert_eq!(cafe.properties[0].name, "naïve");
    // Lines and columns ignore the BOM and count characters: the property's `Name` attribute is
    // at line 6, column 19, and the type's at line 5, column 20.
    assert_eq!(
        (cafe.properties[0].span.line, cafe.properties[0].span.column),
        (6, 19)
    );
    let t = m.ty(id(&m, "Test.Bom.café"));
    assert_eq!((t.span.line, t.span.column), (5, 20));
}

#[test]
fn reference_to_local_file() {
    let (m, diags) = ok("ref_main.xml");
    // Both documents are sources; the referenced one is found relative to the main one.
    let files: Vec<&str> = m
        .sources
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(files, ["ref_main.xml", "ref_types.xml"]);
    let ns: Vec<&str> = m.schemas.iter().map(|s| s.namespace.as_str()).collect();
    assert_eq!(ns, ["Test.Main", "Test.Shared"]);
    // Types of the referenced document, by the Include alias and by namespace.
    let customer = st(&m, "Test.Main.customer");
    assert_eq!(customer.base, Some(id(&m, "Test.Shared.named")));
    assert_eq!(
        prop(customer, "home").ty,
        named(&m, "Test.Shared.address", false)
    );
    assert_eq!(
        prop(customer, "level").ty,
        named(&m, "Test.Shared.level", false)
    );
    assert_eq!(m.ty(id(&m, "Test.Shared.named")).span.file, 1);
    // The referenced document's own annotations apply.
    let named_st = st(&m, "Test.Shared.named");
    assert_eq!(
        prop(named_st, "name").annotations.description(),
        Some("Display name.")
    );
    // An annotation with a term of the unreachable vocabulary is kept (alias resolved).
    let tier = m
        .ty(id(&m, "Test.Main.customer"))
        .annotations
        .get("Contoso.Vocabulary.Tier");
    assert_eq!(tier, Some(&AnnValue::String("gold".into())));
    // The container is the main document's; the referenced service's is not mixed in.
    let c = m.container.as_ref().expect("container");
    assert_eq!(c.name, "Main");
    assert_eq!(c.entity_sets.len(), 1);
    // The unreachable vocabulary: a note at its `edmx:Reference`, nothing else.
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].severity, Severity::Note);
    assert_at(&diags[0], "N0001", "ref_main.xml", 6, 3);
}

#[test]
fn entities_and_whitespace_in_text() {
    let src = "<Schema Namespace=\"T\">\n  <ComplexType Name=\"a\">\n    <Annotation Term=\"Core.Description\"><String> Tom &amp; Jerry &#65;&#x42; <![CDATA[<c>]]> </String></Annotation>\n  </ComplexType>\n</Schema>\n";
    let (m, _) = load_bytes(Path::new("text.xml"), src.as_bytes()).unwrap();
    assert_eq!(
        m.ty(id(&m, "T.a")).annotations.description(),
        Some("Tom & Jerry AB <c>")
    );
}

#[test]
fn attribute_positions_ignore_quoted_text() {
    // `Type=` and `>` inside an earlier attribute value must not be taken for the attribute.
    let src = "<Schema Namespace=\"T\">\n  <ComplexType Name=\"a\">\n    <Property Name=\"x\" DefaultValue=\"a>Type=b\" Type=\"T.missing\" />\n  </ComplexType>\n</Schema>\n";
    let errs = errors_of_bytes("attrs.xml", src.as_bytes());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    // `    <Property Name="x" DefaultValue="a>Type=b" ` is 47 characters.
    assert_at(&errs[0], "E0102", "attrs.xml", 3, 48);
}

// ---------------------------------------------------------------------------------------------
// Errors: code, file, line, column.

#[test]
fn error_malformed_xml() {
    let d = single_error("err_malformed.xml", "E0004", 7, 7);
    assert!(d.message.contains("</EntityType>"), "{}", d.message);
    let d = single_error("err_unclosed.xml", "E0004", 4, 1);
    assert!(d.message.ends_with("(`<ComplexType>` at line 2, column 3 is not closed)"), "{}", d.message);
    let d = single_error("err_duplicate_attribute.xml", "E0004", 2, 25);
    assert!(d.message.contains("duplicated attribute"), "{}", d.message);
    let d = single_error("err_unknown_entity.xml", "E0004", 4, 18);
    assert!(d.message.contains("nbsp"), "{}", d.message);
}

#[test]
fn legacy_odata_versions_are_read_as_their_v4_equivalents() {
    // EDMX 1.0 (OData V2): navigation properties typed by their associations, bindings from the
    // association sets, service operations from their function imports, the default container.
    let (m, diags) = ok("legacy_v2.xml");
    assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:#?}");
    assert_eq!(m.protocol, Protocol::Legacy("2.0".into()));
    let order = st(&m, "Legacy.Order");
    let prim = |name: &str| {
        order.properties.iter().find(|p| p.name == name).expect(name).ty.target
    };
    assert_eq!(prim("ID"), Target::Primitive(Primitive::Int64));
    assert_eq!(prim("Placed"), Target::Primitive(Primitive::DateTime));
    assert_eq!(prim("Window"), Target::Primitive(Primitive::Time));
    // CSDL 1.0's `Edm.Float` (SAP Gateway writes it) is `Edm.Single`.
    assert_eq!(prim("Ratio"), Target::Primitive(Primitive::Single));
    // SAP's label attributes are its Common vocabulary's terms.
    let weight = order.properties.iter().find(|p| p.name == "Weight").expect("Weight");
    assert_eq!(weight.annotations.label(), Some("Gross weight"));
    assert_eq!(weight.annotations.quick_info(), Some("Gross weight of the order in kilograms"));
    // `Documentation` is Core.Description and Core.LongDescription.
    let customer_type = &m.ty(id(&m, "Legacy.Customer")).annotations;
    assert_eq!(customer_type.description(), Some("Who places orders."));
    assert_eq!(customer_type.long_description(), Some("A customer of the shop."));
    let nav = |t: &str, name: &str| {
        st(&m, t).navigation.iter().find(|n| n.name == name).unwrap_or_else(|| panic!("{t}/{name}")).clone()
    };
    let customer = nav("Legacy.Order", "Customer");
    assert_eq!(customer.ty.target, Target::Named(id(&m, "Legacy.Customer")));
    assert!(!customer.ty.collection && customer.nullable);
    assert_eq!(customer.partner.as_deref(), Some("Orders"));
    let lines = nav("Legacy.Order", "Lines");
    assert!(lines.ty.collection);
    assert_eq!(lines.ty.target, Target::Named(id(&m, "Legacy.Line")));
    // Multiplicity "1": not nullable.
    let back = nav("Legacy.Line", "Order");
    assert!(!back.ty.collection && !back.nullable);
    assert_eq!(back.partner.as_deref(), Some("Lines"));
    assert!(nav("Legacy.Customer", "Orders").ty.collection);
    // The default container, not the first.
    let c = m.container.as_ref().expect("container");
    assert_eq!(c.name, "Service");
    let orders = c.entity_sets.iter().find(|s| s.name == "Orders").expect("Orders");
    let bindings: Vec<(&str, &str)> =
        orders.bindings.iter().map(|b| (b.path.as_str(), b.target.as_str())).collect();
    assert_eq!(bindings, [("Customer", "Customers"), ("Lines", "Lines")]);
    // SAP's entity set attributes are the Capabilities terms saying the same.
    let customers = c.entity_sets.iter().find(|s| s.name == "Customers").expect("Customers");
    let allowed = odatagen::ir::capabilities::of_container_member(&m, &customers.annotations, id(&m, "Legacy.Customer"));
    use odatagen::ir::capabilities::Capability::*;
    for (cap, yes) in [(Insert, false), (Delete, false), (Top, false), (Skip, false), (Update, true), (Read, true), (Count, true)] {
        assert_eq!(allowed.allows(cap), yes, "{cap:?}");
    }
    assert!(odatagen::ir::capabilities::of_container_member(&m, &orders.annotations, id(&m, "Legacy.Order")).allows(Insert));
    // Service operations: GET is a function, POST an action, both unbound and imported.
    let import = |name: &str| c.imports.iter().find(|i| i.name == name).expect(name);
    let since = &m.operations[import("OrdersSince").operations[0]];
    assert_eq!(since.kind, OperationKind::Function);
    assert_eq!(since.namespace, "Legacy");
    assert_eq!(since.parameters[0].ty.target, Target::Primitive(Primitive::DateTime));
    let ret = since.return_type.as_ref().expect("return type");
    assert!(ret.ty.collection && ret.ty.target == Target::Named(id(&m, "Legacy.Order")));
    assert_eq!(import("OrdersSince").entity_set.as_deref(), Some("Orders"));
    let reset = &m.operations[import("Reset").operations[0]];
    assert_eq!(reset.kind, OperationKind::Action);
    assert!(reset.return_type.is_none());

    // A bare CSDL 3.0 `Schema`: V3 by its namespace; `IsSideEffecting="false"` is a function and
    // `IsBindable` binds to the first parameter (not an import).
    let src = "<Schema Namespace=\"T\" xmlns=\"http://schemas.microsoft.com/ado/2009/11/edm\" xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">\n  <EntityType Name=\"a\"><Key><PropertyRef Name=\"k\"/></Key><Property Name=\"k\" Type=\"Edm.Int32\" Nullable=\"false\"/></EntityType>\n  <EnumType Name=\"e\"><Member Name=\"x\"/></EnumType>\n  <EntityContainer Name=\"C\" m:IsDefaultEntityContainer=\"true\">\n    <EntitySet Name=\"As\" EntityType=\"T.a\"/>\n    <FunctionImport Name=\"Count\" ReturnType=\"Edm.Int32\" IsSideEffecting=\"false\"/>\n    <FunctionImport Name=\"Touch\" IsBindable=\"true\" EntitySet=\"As\"><Parameter Name=\"it\" Type=\"T.a\"/></FunctionImport>\n  </EntityContainer>\n</Schema>\n";
    let (m, _) = load_bytes(Path::new("v3.xml"), src.as_bytes()).expect("V3 schema loads");
    assert_eq!(m.protocol, Protocol::Legacy("3.0".into()));
    let c = m.container.as_ref().expect("container");
    assert_eq!(c.imports.len(), 1, "{:?}", c.imports);
    assert_eq!(m.operations[c.imports[0].operations[0]].kind, OperationKind::Function);
    let touch = m.operations.iter().find(|o| o.name == "Touch").expect("Touch");
    assert!(touch.is_bound && touch.kind == OperationKind::Action);

    // V4 documents are not affected, whatever other namespaces their root declares.
    let src = "<edmx:Edmx Version=\"4.01\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">\n<edmx:DataServices><Schema Namespace=\"T\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\"><ComplexType Name=\"a\" /></Schema></edmx:DataServices></edmx:Edmx>\n";
    let (m, _) = load_bytes(Path::new("v401.xml"), src.as_bytes()).unwrap();
    id(&m, "T.a");
    assert_eq!(m.protocol, Protocol::V4);
    // A stated `Version="4.0"` decides, whatever the namespaces (SAP writes V4 documents with
    // the V2 ones).
    let src = "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://schemas.microsoft.com/ado/2007/06/edmx\">\n<edmx:DataServices><Schema Namespace=\"T\" xmlns=\"http://schemas.microsoft.com/ado/2008/09/edm\"><ComplexType Name=\"a\" /></Schema></edmx:DataServices></edmx:Edmx>\n";
    let (m, _) = load_bytes(Path::new("sap.xml"), src.as_bytes()).unwrap();
    assert_eq!(m.protocol, Protocol::V4);
}

#[test]
fn an_inherited_property_declared_again_the_same_is_a_warning() {
    // SAP IdM (OData V1) declares its base type's key properties again in the derived type:
    // the same type is a warning (the inherited property stands), in any version; another type
    // that does not derive from the inherited one is an error (`err_duplicate_property.xml`).
    let doc = |ty: &str| {
        format!(
            "<Schema Namespace=\"T\" xmlns=\"http://schemas.microsoft.com/ado/2008/09/edm\">\n<EntityType Name=\"b\"><Key><PropertyRef Name=\"k\"/></Key><Property Name=\"k\" Type=\"Edm.Int32\" Nullable=\"false\"/></EntityType>\n<EntityType Name=\"d\" BaseType=\"T.b\"><Property Name=\"k\" Type=\"{ty}\" Nullable=\"false\"/><Property Name=\"x\" Type=\"Edm.String\"/></EntityType>\n</Schema>\n"
        )
    };
    let (m, diags) = load_bytes(Path::new("again.xml"), doc("Edm.Int32").as_bytes()).expect("loads");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_at(&diags[0], "W0101", "again.xml", 3, 47);
    let names: Vec<&str> = st(&m, "T.d").properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["x"]);
    let errs = errors_of_bytes("again.xml", doc("Edm.String").as_bytes());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_at(&errs[0], "E0101", "again.xml", 3, 47);
}

#[test]
fn a_v4_property_redefined_with_a_derived_type_is_a_warning() {
    // CSDL 4.01 lets a derived type redefine an inherited property with a type derived from the
    // inherited one's (SAP's UI vocabulary: `Edm.Untyped` to `Edm.PrimitiveType`); the
    // inherited property stands and reads every value. Any other type is an error.
    let doc = |ty: &str| {
        format!(
            "<Schema Namespace=\"T\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n<ComplexType Name=\"c\"/><ComplexType Name=\"cd\" BaseType=\"T.c\"/><ComplexType Name=\"other\"/>\n<ComplexType Name=\"b\"><Property Name=\"u\" Type=\"Edm.Untyped\"/><Property Name=\"v\" Type=\"T.c\"/></ComplexType>\n<ComplexType Name=\"d\" BaseType=\"T.b\">{ty}<Property Name=\"x\" Type=\"Edm.String\"/></ComplexType>\n</Schema>\n"
        )
    };
    for ok in [
        "<Property Name=\"u\" Type=\"Edm.PrimitiveType\"/>",
        "<Property Name=\"u\" Type=\"Edm.String\"/>",
        "<Property Name=\"v\" Type=\"T.cd\" Nullable=\"false\"/>",
        "<Property Name=\"v\" Type=\"T.c\"/>",
    ] {
        let (m, diags) = load_bytes(Path::new("redefine.xml"), doc(ok).as_bytes()).expect(ok);
        assert_eq!(diags.len(), 1, "{ok}: {diags:#?}");
        assert_at(&diags[0], "W0101", "redefine.xml", 4, 48);
        let names: Vec<&str> = st(&m, "T.d").properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["x"], "{ok}");
    }
    for bad in [
        "<Property Name=\"v\" Type=\"T.other\"/>",
        "<Property Name=\"v\" Type=\"Collection(T.cd)\"/>",
        "<Property Name=\"u\" Type=\"Collection(Edm.String)\"/>",
        "<NavigationProperty Name=\"v\" Type=\"Edm.EntityType\"/>",
    ] {
        let errs = errors_of_bytes("redefine.xml", doc(bad).as_bytes());
        assert_eq!(errs.len(), 1, "{bad}: {errs:#?}");
        assert_eq!(errs[0].code, "E0101", "{bad}");
    }
}

#[test]
fn a_navigation_property_to_the_abstract_entity_type_is_untyped() {
    // CSDL 4.01 (the OASIS Core vocabulary's `EntityExampleValue/Value`): an entity of any type.
    let src = "<Schema Namespace=\"T\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n<ComplexType Name=\"c\"><NavigationProperty Name=\"one\" Type=\"Edm.EntityType\"/><NavigationProperty Name=\"many\" Type=\"Collection(Edm.EntityType)\" Nullable=\"false\"/></ComplexType>\n</Schema>\n";
    let (m, diags) = load_bytes(Path::new("any.xml"), src.as_bytes()).expect("loads");
    assert!(diags.is_empty(), "{diags:#?}");
    let c = st(&m, "T.c");
    assert!(c.navigation.is_empty());
    let props: Vec<(&str, bool, bool)> = c
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.ty.collection, p.nullable))
        .collect();
    assert_eq!(props, [("one", false, true), ("many", true, false)]);
    assert!(c.properties.iter().all(|p| p.ty.target == Target::Primitive(Primitive::Untyped)));
    // Other abstract types are no navigation targets.
    let errs = errors_of_bytes(
        "any.xml",
        src.replace("Collection(Edm.EntityType)", "Edm.ComplexType").as_bytes(),
    );
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].code, "E0106");
}

#[test]
fn legacy_associations_that_do_not_resolve_are_errors_at_the_attribute() {
    let doc = |nav: &str| {
        format!(
            "<edmx:Edmx Version=\"1.0\" xmlns:edmx=\"http://schemas.microsoft.com/ado/2007/06/edmx\"><edmx:DataServices>\n<Schema Namespace=\"T\" xmlns=\"http://schemas.microsoft.com/ado/2008/09/edm\">\n<EntityType Name=\"a\"><Key><PropertyRef Name=\"k\"/></Key><Property Name=\"k\" Type=\"Edm.Int32\" Nullable=\"false\"/>\n{nav}\n</EntityType>\n<Association Name=\"r\"><End Role=\"from\" Type=\"T.a\" Multiplicity=\"*\"/><End Role=\"to\" Type=\"T.a\" Multiplicity=\"1\"/></Association>\n</Schema></edmx:DataServices></edmx:Edmx>\n"
        )
    };
    let errs = errors_of_bytes(
        "v2.xml",
        doc("<NavigationProperty Name=\"n\" Relationship=\"T.missing\" FromRole=\"from\" ToRole=\"to\"/>").as_bytes(),
    );
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_at(&errs[0], "E0102", "v2.xml", 4, 30);
    assert!(errs[0].message.contains("unresolved association `T.missing`"), "{}", errs[0].message);
    let errs = errors_of_bytes(
        "v2.xml",
        doc("<NavigationProperty Name=\"n\" Relationship=\"T.r\" FromRole=\"from\" ToRole=\"other\"/>").as_bytes(),
    );
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_at(&errs[0], "E0102", "v2.xml", 4, 65);
    assert!(errs[0].message.contains("no end with role `other`"), "{}", errs[0].message);
    let errs = errors_of_bytes("v2.xml", doc("<NavigationProperty Name=\"n\"/>").as_bytes());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].code, "E0005");
    assert!(errs[0].message.contains("`Relationship` and `ToRole`"), "{}", errs[0].message);
}

#[test]
fn error_truncated_document() {
    // End of file inside an element: reported at the element that is not closed.
    let src = "<Schema Namespace=\"T\">\n  <ComplexType Name=\"a\">\n    <Property Name=\"x\" Type=\"Edm.String\" />\n";
    let errs = errors_of_bytes("truncated.xml", src.as_bytes());
    assert_eq!(errs.len(), 1);
    assert_at(&errs[0], "E0004", "truncated.xml", 2, 3);
    assert!(
        errs[0].message.contains("not closed"),
        "{}",
        errs[0].message
    );
    // Empty input.
    let errs = errors_of_bytes("empty.xml", b"");
    assert_at(&errs[0], "E0004", "empty.xml", 1, 1);
}

#[test]
fn error_unresolved_type() {
    let errs = errors("err_unresolved.xml");
    assert_eq!(errs.len(), 6, "{errs:#?}");
    // Each with what to do about it: the nearest name (written as the document writes it), or
    // why there is none.
    let notes: Vec<&str> = errs.iter().map(|d| d.notes.first().map_or("", String::as_str)).collect();
    assert_eq!(
        notes,
        [
            "",
            "",
            "did you mean `Edm.Int32`?",
            "did you mean `bad.thing`?",
            "no document read declares namespace `Nope` (a missing `edmx:Reference`, or one that was not found?)",
            "type names are qualified by their namespace or its alias",
        ]
    );
    assert_at(&errs[0], "E0102", "err_unresolved.xml", 6, 32);
    assert!(
        errs[0].message.contains("Test.Bad.person"),
        "{}",
        errs[0].message
    );
    assert_at(&errs[1], "E0102", "err_unresolved.xml", 7, 31);
    assert!(errs[1].message.contains("bad.tag"), "{}", errs[1].message);
    let d = single_error("err_import.xml", "E0102", 7, 34);
    assert!(d.message.contains("Test.Import.bound"), "{}", d.message);
}

#[test]
fn error_in_referenced_document() {
    let errs = errors("err_ref_main.xml");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_at(&errs[0], "E0102", "err_ref_types.xml", 6, 31);
}

#[test]
fn error_base_type_cycle() {
    let d = single_error("err_cycle.xml", "E0107", 4, 25);
    assert!(d.message.contains("Test.Cycle.a"), "{}", d.message);
    // A type that is its own base.
    let src = "<Schema Namespace=\"T\">\n  <EntityType Name=\"a\" BaseType=\"T.a\" />\n</Schema>\n";
    let errs = errors_of_bytes("self.xml", src.as_bytes());
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_at(&errs[0], "E0107", "self.xml", 2, 24);
}

#[test]
fn error_duplicate_names() {
    let d = single_error("err_duplicate_type.xml", "E0101", 4, 15);
    assert!(d.message.contains("Test.Dup.thing"), "{}", d.message);
    assert!(
        d.notes
            .iter()
            .any(|n| n.ends_with("err_duplicate_type.xml:2:16")),
        "{:?}",
        d.notes
    );
    let d = single_error("err_duplicate_property.xml", "E0101", 7, 15);
    assert!(
        d.notes
            .iter()
            .any(|n| n.ends_with("err_duplicate_property.xml:3:15")),
        "{:?}",
        d.notes
    );
    let d = single_error("err_duplicate_container.xml", "E0101", 8, 16);
    assert!(d.message.contains("items"), "{}", d.message);
    assert!(
        d.notes.iter().any(|n| n.ends_with("err_duplicate_container.xml:7:16")),
        "{:?}",
        d.notes
    );
    let errs = errors("err_enum.xml");
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert_at(&errs[0], "E0104", "err_enum.xml", 2, 25);
    assert_at(&errs[1], "E0105", "err_enum.xml", 4, 26);
    assert_at(&errs[2], "E0101", "err_enum.xml", 5, 13);
}

#[test]
fn error_model_rules() {
    single_error("err_nav_target.xml", "E0106", 6, 37);
    single_error("err_base_kind.xml", "E0103", 3, 29);
    single_error("err_bound.xml", "E0108", 2, 3);
    let d = single_error("err_key.xml", "E0109", 4, 20);
    assert!(d.message.contains("`ID`"), "{}", d.message);
    single_error("err_no_namespace.xml", "E0005", 1, 1);
    single_error("err_not_csdl.xml", "E0003", 2, 1);
}

#[test]
fn unresolved_types_give_no_follow_on_errors() {
    // A key naming a declared property whose type is unresolved, a key on a type whose base is
    // unresolved, and bound operations whose binding parameter is declared but broken: only the
    // true errors (E0102, E0005), no E0109 or E0108.
    let name = "err_unresolved_follow_on.xml";
    let errs = errors(name);
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert_at(&errs[0], "E0102", name, 6, 25);
    assert_at(&errs[1], "E0102", name, 8, 30);
    assert_at(&errs[2], "E0102", name, 14, 26);
    assert_at(&errs[3], "E0005", name, 18, 5);
    // The rules still hold where nothing is unresolved.
    single_error("err_bound.xml", "E0108", 2, 3);
    single_error("err_key.xml", "E0109", 4, 20);
}

#[test]
fn error_dtd_refused() {
    let d = single_error("err_dtd.xml", "E0004", 2, 1);
    assert!(d.message.contains("DTD"), "{}", d.message);
}

#[test]
fn error_encodings() {
    let d = single_error("err_latin1.xml", "E0002", 1, 1);
    assert!(d.message.contains("iso-8859-1"), "{}", d.message);
    let d = single_error("err_invalid_utf8.xml", "E0002", 2, 25);
    assert!(d.message.contains("UTF-8"), "{}", d.message);
    let d = single_error("err_utf16.xml", "E0002", 1, 1);
    assert!(d.message.contains("UTF-16"), "{}", d.message);
    // UTF-16 without a byte order mark.
    let bytes: Vec<u8> = "<Schema Namespace=\"T\"/>"
        .bytes()
        .flat_map(|b| [b, 0])
        .collect();
    let errs = errors_of_bytes("utf16le.xml", &bytes);
    assert_at(&errs[0], "E0002", "utf16le.xml", 1, 1);
    // A UTF-8 declaration is fine, with any case.
    let src = "<?xml version='1.0' encoding='UTF-8'?><Schema Namespace=\"T\"/>";
    assert!(load_bytes(Path::new("ok.xml"), src.as_bytes()).is_ok());
}

#[test]
fn error_nesting_too_deep() {
    // 300 nested annotation records; the 257th element is refused.
    let mut src = String::from("<Schema Namespace=\"T\">\n");
    for _ in 1..300 {
        src.push_str("<Record>\n");
    }
    for _ in 1..300 {
        src.push_str("</Record>\n");
    }
    src.push_str("</Schema>\n");
    let errs = errors_of_bytes("deep.xml", src.as_bytes());
    assert_eq!(errs.len(), 1);
    assert_at(&errs[0], "E0004", "deep.xml", 257, 1);
    assert!(
        errs[0].message.contains("nested deeper"),
        "{}",
        errs[0].message
    );
    // Also with a self-closing innermost element.
    let src = format!("{}<a/>{}", "<a>".repeat(256), "</a>".repeat(256));
    let errs = errors_of_bytes("deep2.xml", src.as_bytes());
    assert_at(&errs[0], "E0004", "deep2.xml", 1, 769);
}

#[test]
fn unreadable_file_is_an_error() {
    let e = load(&fixture("does_not_exist.xml")).unwrap_err();
    assert_eq!(e.0[0].code, "E0001");
    assert!(e.0[0].message.contains("does_not_exist.xml"));
}

/// Every prefix of a valid document, and every single-byte corruption of a small one, gives
/// diagnostics or a model, never a panic.
#[test]
fn never_panics_on_truncated_or_corrupted_input() {
    let full = std::fs::read(fixture("full.xml")).unwrap();
    for end in 0..full.len() {
        let r = catch_unwind(|| load_bytes(Path::new("cut.xml"), &full[..end]));
        assert!(r.is_ok(), "panic on full.xml truncated at byte {end}");
    }
    let small = std::fs::read(fixture("ref_types.xml")).unwrap();
    for i in 0..small.len() {
        for b in [b'<', b'>', b'"', b'&', b'/', b'x', 0xFF, b' '] {
            let mut bytes = small.clone();
            bytes[i] = b;
            let r = catch_unwind(|| load_bytes(Path::new("bad.xml"), &bytes));
            assert!(
                r.is_ok(),
                "panic on ref_types.xml with byte {i} set to {b:#x}"
            );
            if let Ok(Err(e)) = r {
                for d in &e.0 {
                    if d.severity == Severity::Error && d.code != "E0001" {
                        assert!(d.location.is_some(), "error without a location: {d:?}");
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The real Microsoft Graph metadata.

#[test]
fn graph_beta_ussec_credential_user_registration_count() {
    let (m, _) = load(&graph("beta-USSec.csdl")).expect("beta-USSec.csdl loads");
    let t = id(&m, "microsoft.graph.credentialUserRegistrationCount");
    let s = st(&m, "microsoft.graph.credentialUserRegistrationCount");
    assert!(matches!(m.ty(t).kind, TypeKind::Entity(_)));
    assert_eq!(s.base, Some(id(&m, "microsoft.graph.entity")));
    let total = prop(s, "totalUserCount");
    assert_eq!(total.ty, prim(Primitive::Int64, false));
    assert!(!total.nullable);
    let counts = prop(s, "userRegistrationCounts");
    assert_eq!(
        counts.ty,
        named(&m, "microsoft.graph.userRegistrationCount", true)
    );
    assert!(!counts.nullable);
    assert!(matches!(
        m.ty(id(&m, "microsoft.graph.userRegistrationCount")).kind,
        TypeKind::Complex(_)
    ));
    let urc = st(&m, "microsoft.graph.userRegistrationCount");
    assert_eq!(
        prop(urc, "registrationStatus").ty,
        named(&m, "microsoft.graph.registrationStatusType", false)
    );
    assert_eq!(
        members(en(&m, "microsoft.graph.registrationStatusType")),
        [
            ("registered", Some(0)),
            ("enabled", Some(1)),
            ("capable", Some(2)),
            ("mfaRegistered", Some(3)),
            ("unknownFutureValue", Some(4)),
        ]
    );
    let a = &m.ty(t).annotations;
    assert_eq!(a.capability_bool("TopSupported", None), Some(false));
    assert_eq!(a.capability_bool("SkipSupported", None), Some(false));
    assert_eq!(
        a.capability_bool("FilterRestrictions", Some("Filterable")),
        Some(false)
    );

    let c = m.container.as_ref().expect("container");
    let reports = c
        .singletons
        .iter()
        .find(|s| s.name == "reports")
        .expect("reports singleton");
    assert_eq!(reports.entity_type, id(&m, "microsoft.graph.reportRoot"));

    let f = m
        .operations
        .iter()
        .find(|o| o.name == "getCredentialUserRegistrationCount")
        .expect("function");
    assert_eq!(f.kind, OperationKind::Function);
    assert!(f.is_bound && f.is_composable);
    assert_eq!(
        f.parameters[0].ty,
        named(&m, "microsoft.graph.reportRoot", false)
    );
    let rt = f.return_type.as_ref().expect("return type");
    assert_eq!(
        rt.ty,
        named(&m, "microsoft.graph.credentialUserRegistrationCount", true)
    );
    assert!(!rt.nullable);
}

#[test]
fn graph_v1_counts() {
    let (m, diags) = load(&graph("v1.0.csdl")).expect("v1.0.csdl loads");
    assert!(diags.iter().all(|d| d.severity != Severity::Error));
    assert_eq!(m.types.len(), 3822);
    assert_eq!(m.by_name.len(), 3822);
    assert_eq!(m.schemas.len(), 11);
    let mut ns: Vec<&str> = m.schemas.iter().map(|s| s.namespace.as_str()).collect();
    ns.dedup();
    assert_eq!(ns.len(), 11);
    assert!(m.container.is_some());
    // Graph's deprecations are read (Core.Revisions with Kind Deprecated).
    assert!(
        m.types
            .iter()
            .any(|t| t.annotations.deprecation().is_some())
    );
}

#[test]
fn empty_and_binary_files_say_so() {
    // Through the format-choosing entry point (an empty file is neither XML nor JSON nor YAML).
    let load = |name: &str, bytes: &[u8]| {
        let e = odatagen::frontend::load_bytes(Path::new(name), bytes).expect_err("refused");
        (e.0[0].code, e.0[0].message.clone())
    };
    let (code, message) = load("empty.xml", b"");
    assert_eq!(code, "E0003");
    assert!(message.starts_with("the metadata file is empty"), "{message}");
    assert_eq!(load("blank.yaml", b"\xEF\xBB\xBF \n\t\n").0, "E0003");
    let (code, message) = load("x.bin", b"\x7fELF\x02\x01\x01\0\0\0");
    assert_eq!(code, "E0002");
    assert!(message.contains("binary"), "{message}");
}
