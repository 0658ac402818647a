//! The crate generated from the OpenAPI description of credentialUserRegistrationCount
//! (`generated-openapi/`, committed) is fresh, and round-trips the seed page's JSON exactly, like
//! the crate generated from the CSDL.

use graph_beta_models_openapi::models::{
    AnyEntity, CredentialUserRegistrationCount, RegistrationStatusType,
};
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
    let (_, stale) = config
        .check(root().join("generated-openapi"))
        .expect("renders");
    let stale = without_lock(stale);
    assert!(stale.is_empty(), "generated-openapi/ is stale: {stale:?}");
}

/// The lock file names the generator build (a fingerprint of its sources), which changes with
/// every generator change; the golden test of `generated/` holds that line, these crates are
/// compared on their code.
fn without_lock(stale: Vec<odatagen::writer::Stale>) -> Vec<odatagen::writer::Stale> {
    use odatagen::writer::Stale;
    stale
        .into_iter()
        .filter(|s| {
            let p = match s {
                Stale::Missing(p) | Stale::Extra(p) | Stale::Changed(p, _) => p,
            };
            p.as_os_str() != "odatagen.lock"
        })
        .collect()
}

fn compact(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).expect("fixture JSON parses");
    serde_json::to_string(&v).expect("serializes")
}

fn assert_exact<T: Wire>(json: &str) -> T {
    let value: T = odata::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(
        odata::to_string(&value).expect("serializes"),
        compact(json),
        "round trip differs"
    );
    value
}

#[test]
fn seed_json_round_trips_through_the_openapi_models() {
    let page = std::fs::read_to_string(root().join("tests/fixtures/seed/000_9865bf5f908030b7.txt"))
        .expect("seed");
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
    assert_eq!(
        resp.id.value().map(String::as_str),
        Some("1bc6be74-be74-1bc6-74be-c61b74bec61b")
    );
    // Polymorphism from the discriminator / allOf: the derived type by `@odata.type`.
    let any: AnyEntity = assert_exact(&ex[1].json);
    assert!(matches!(any, AnyEntity::CredentialUserRegistrationCount(_)));
    // Int64 (the `oneOf: [number, string]` rendering) is an `i64`: a JSON integer beyond 2^53
    // is exact; its IEEE754Compatible string form is an error naming the path (an `i64` would
    // write it back as a number).
    let v: CredentialUserRegistrationCount =
        odata::from_str(r#"{"userRegistrationCounts":[{"registrationCount":9007199254740993}]}"#)
            .expect("Int64");
    assert_eq!(
        v.user_registration_counts.value().expect("present")[0].registration_count,
        Field::Value(9_007_199_254_740_993)
    );
    let e = odata::from_str::<CredentialUserRegistrationCount>(
        r#"{"userRegistrationCounts":[{"registrationCount":"9007199254740993"}]}"#,
    )
    .expect_err("string Int64");
    assert_eq!(e.path(), "userRegistrationCounts[0].registrationCount");
}

mod plain {
    //! `generated-plain/`: models from `tests/fixtures/openapi/multi/main.yaml`, a plain OpenAPI
    //! 3.1 document split over two files that refer to each other.
    use super::*;
    use openapi_plain_models::models::{
        Action, Color, Contact, EngineAny, GadgetAny, Kind, ListPetsResponse200, Owner, Pet,
        PetSize, PetStamped, PetTagOrNumber, PetTricksItem, Toy,
    };
    use openapi_plain_models::odata as plain_odata;

    const INPUT: &str = "tests/fixtures/openapi/multi/main.yaml";

    #[test]
    fn committed_plain_crate_is_fresh() {
        // Regenerate with: cargo run -p odatagen -- generate --metadata tests/fixtures/openapi/multi/main.yaml \
        //   --out generated-plain --crate-name openapi-plain-models
        let config = Config::new()
            .metadata(root().join(INPUT))
            .input_label(INPUT)
            .crate_name("openapi-plain-models");
        let (_, stale) = config
            .check(root().join("generated-plain"))
            .expect("renders");
        let stale = without_lock(stale);
        assert!(stale.is_empty(), "generated-plain/ is stale: {stale:?}");
    }

    #[test]
    fn plain_models_round_trip_and_enums_are_closed() {
        let json = r#"{"name":"Tom","born":null,"kind":"cat","parent":{"name":"Old Tom","kind":"dog"},"owner":{"id":"6f1c3b52-8d0e-4b8a-9a43-2d7f6f1a0b11","pets":[{"name":"Tom"}]},"chipId":7}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        assert_eq!(pet.kind.value(), Some(&Kind::Cat));
        assert!(pet.born.is_null());
        let owner: &Owner = pet.owner.value().expect("owner");
        assert_eq!(owner.pets.value().map(Vec::len), Some(1));
        assert_eq!(
            pet.additional_data.get("chipId"),
            Some(&serde_json::json!(7))
        );
        // A value outside the enum is an error naming the path and the allowed values.
        let e = plain_odata::from_str::<Pet>(r#"{"name":"x","parent":{"kind":"bird"}}"#)
            .expect_err("closed");
        assert_eq!(e.path(), "parent.kind");
        assert!(e.to_string().contains("cat"), "{e}");
        assert_eq!("dog".parse::<Kind>(), Ok(Kind::Dog));
    }

    #[test]
    fn inline_all_of_compositions_hold_the_members_of_every_part() {
        // `Pet.stamped` is `allOf: [Rope, Stamp, {note}]`: one struct with the members of all
        // three, derived from none (no payload names it, so `Rope` stays a plain struct).
        let json = r#"{"name":"Rex","stamped":{"toyType":"rope","length":2,"stampedAt":"2024-01-02T03:04:05Z","note":"n"},"mother":{"name":"Lassie"}}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        let stamped: &PetStamped = pet.stamped.value().expect("stamped");
        assert_eq!(stamped.length.value(), Some(&2));
        assert_eq!(stamped.note.value().map(String::as_str), Some("n"));
        assert!(stamped.stamped_at.value().is_some());
        assert!(stamped.additional_data.is_empty());
        // The members are declared in `allOf` order, so a payload in that order is canonical:
        // nothing to record.
        assert!(!stamped.additional_data.has_recorded_order());
        // `allOf: [Pet, {description}]` is `Pet` itself.
        let mother: &Pet = pet.mother.value().expect("mother");
        assert_eq!(mother.name.value().map(String::as_str), Some("Lassie"));
        // The `listPets` response, `allOf: [{data: [Pet]}, Paging]`: the page's members and
        // `data`, typed.
        let page = r#"{"data":[{"name":"Tom","kind":"cat"}],"total":1,"next":null}"#;
        let r: ListPetsResponse200 = plain_odata::from_str(page).expect("parses");
        assert_eq!(plain_odata::to_string(&r).expect("ser"), page);
        assert_eq!(r.total.value(), Some(&1));
        assert!(r.next.is_null());
        assert_eq!(
            r.data.value().map(|d| d[0].kind.value()),
            Some(Some(&Kind::Cat))
        );
        assert!(r.additional_data.is_empty());
    }

    #[test]
    fn a_union_tries_its_alternatives_until_one_reads_the_value() {
        // `Install` and `Uninstall` have the same members; their `type` enums differ. Both are
        // candidates, `Install` first: it refuses `uninstall`, so `Uninstall` is tried next.
        let json = r#"{"name":"Rex","action":{"id":"a1","type":"uninstall"}}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        assert!(
            matches!(pet.action.value(), Some(Action::Uninstall(_))),
            "{:?}",
            pet.action
        );
        let json = r#"{"action":{"id":"a1","type":"install"}}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert!(matches!(pet.action.value(), Some(Action::Install(_))));
        // No alternative reads it: the best candidate's error, with its path.
        let e = plain_odata::from_str::<Pet>(r#"{"action":{"id":"a1","type":"upgrade"}}"#)
            .expect_err("no alternative");
        assert!(e.to_string().contains("type"), "{e}");
        assert!(e.to_string().contains("install"), "{e}");
    }

    #[test]
    fn inline_string_enums_are_enums_named_from_their_place() {
        // `Pet.size` and the items of `Pet.tricks` are inline `enum`s: `PetSize`, `PetTricksItem`.
        let json = r#"{"name":"Rex","size":"large","tricks":["roll","sit"]}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        assert_eq!(pet.size.value(), Some(&PetSize::Large));
        assert_eq!(
            pet.tricks.value().map(Vec::as_slice),
            Some(&[PetTricksItem::Roll, PetTricksItem::Sit][..])
        );
        // Closed, as component enums of a plain OpenAPI document are.
        let e = plain_odata::from_str::<Pet>(r#"{"name":"x","tricks":["sit","fetch"]}"#)
            .expect_err("closed");
        assert_eq!(e.path(), "tricks[1]");
        assert!(e.to_string().contains("roll"), "{e}");
    }

    #[test]
    fn maps_keep_member_order_and_type_their_values() {
        let json = r#"{"labels":{"z":"last","a":"first"},"ratings":{"speed":3,"looks":5}}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        let labels = pet.labels.value().expect("labels");
        assert_eq!(labels.0[0], ("z".to_owned(), "last".to_owned()));
        assert_eq!(pet.ratings.value().and_then(|r| r.get("looks")), Some(&5));
        let e = plain_odata::from_str::<Pet>(r#"{"ratings":{"speed":"fast"}}"#)
            .expect_err("typed values");
        assert_eq!(e.path(), "ratings");
        assert!(e.to_string().contains("speed"), "{e}");
    }

    #[test]
    fn null_only_enums_are_null() {
        // drf-spectacular's `oneOf: [StateEnum, BlankEnum, NullEnum]`: a union of the two enums
        // (no variant for `NullEnum`, which only allows null); `oneOf: [StateEnum, NullEnum]`
        // is `StateEnum`. Null is `Field::Null` in both.
        use openapi_plain_models::models::{BlankEnum, PetState, StateEnum};
        let json = r#"{"state":"","previousState":"lost"}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert_eq!(
            pet.state.value(),
            Some(&PetState::BlankEnum(BlankEnum::Empty))
        );
        assert_eq!(pet.previous_state.value(), Some(&StateEnum::Lost));
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        let json = r#"{"state":null,"previousState":null}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert!(
            pet.state.is_null() && pet.previous_state.is_null(),
            "{pet:?}"
        );
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        let e = plain_odata::from_str::<Pet>(r#"{"state":"found"}"#).expect_err("not a value");
        assert_eq!(e.path(), "state");
    }

    /// Arrays of arrays are typed: `[Position]` with `Position` an array of numbers, and
    /// `[[[int32]]]`; their invalid items fail with the path.
    #[test]
    fn arrays_of_arrays_are_typed() {
        use openapi_plain_models::models::{PetGridItem, Position};
        let json = r#"{"name":"Rex","path":[[1.5,2.0],[-3.25,4e-7]],"grid":[[[1,2],[]],[[3]]]}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        let path: &Vec<Position> = pet.path.value().expect("path");
        assert_eq!(f64::from(path[1][0]), -3.25);
        let grid: &Vec<PetGridItem> = pet.grid.value().expect("grid");
        assert_eq!(grid[0][0], [1, 2]);
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        let e = plain_odata::from_str::<Pet>(r#"{"name":"Rex","grid":[[[1,"2"]]]}"#)
            .expect_err("a string");
        assert_eq!(e.path(), "grid[0][0][1]");
        let e = plain_odata::from_str::<Pet>(r#"{"name":"Rex","path":[1.5]}"#)
            .expect_err("not an array");
        assert_eq!(e.path(), "path[0]");
    }

    #[test]
    fn const_tags_tell_union_alternatives_apart() {
        // `Walk` and `Swim` have the same members; their `kind: {const: ...}` differ. `Walk`
        // is tried first and refuses `swim` (it used to read every value as `Walk`).
        use openapi_plain_models::models::{Move, SwimKind, WalkKind};
        let json = r#"{"kind":"swim","steps":3}"#;
        let m: Move = plain_odata::from_str(json).expect("parses");
        assert!(
            matches!(&m, Move::Swim(s) if s.kind.value() == Some(&SwimKind::Swim)),
            "{m:?}"
        );
        assert_eq!(plain_odata::to_string(&m).expect("ser"), json);
        let json = r#"{"kind":"walk","steps":3}"#;
        let m: Move = plain_odata::from_str(json).expect("parses");
        assert!(
            matches!(&m, Move::Walk(w) if w.kind.value() == Some(&WalkKind::Walk)),
            "{m:?}"
        );
        assert_eq!(plain_odata::to_string(&m).expect("ser"), json);
        assert_eq!(SwimKind::VALUES, ["swim"]);
        let e = plain_odata::from_str::<Move>(r#"{"kind":"fly","steps":3}"#).expect_err("no tag");
        assert!(e.to_string().contains("walk"), "{e}");
    }

    #[test]
    fn type_lists_of_several_types_are_unions() {
        // `type: [integer, string]` (a component), `[string, boolean]`, `[string, number,
        // "null"]`, `[array, string]`: each value reads as the alternative of its JSON type and
        // is written back exactly.
        use openapi_plain_models::models::{
            IdOrName, Reading, ReadingFlag, ReadingLabels, ReadingLevel,
        };
        let json = r#"{"id":7,"flag":true,"level":1.5,"labels":["a","b"]}"#;
        let r: Reading = plain_odata::from_str(json).expect("parses");
        assert_eq!(plain_odata::to_string(&r).expect("ser"), json);
        assert_eq!(r.id.value(), Some(&IdOrName::Int64(7)));
        assert_eq!(r.flag.value(), Some(&ReadingFlag::Boolean(true)));
        assert!(
            matches!(r.level.value(), Some(ReadingLevel::Double(_))),
            "{r:?}"
        );
        assert!(matches!(r.labels.value(), Some(ReadingLabels::StringList(l)) if l.len() == 2));
        let json = r#"{"id":"seven","flag":"yes","level":"high","labels":"a"}"#;
        let r: Reading = plain_odata::from_str(json).expect("parses");
        assert_eq!(plain_odata::to_string(&r).expect("ser"), json);
        assert_eq!(r.id.value(), Some(&IdOrName::String("seven".to_owned())));
        assert_eq!(r.flag.value(), Some(&ReadingFlag::String("yes".to_owned())));
        assert_eq!(
            r.level.value(),
            Some(&ReadingLevel::String("high".to_owned()))
        );
        let json = r#"{"level":null}"#;
        let r: Reading = plain_odata::from_str(json).expect("parses");
        assert!(r.level.is_null());
        assert_eq!(plain_odata::to_string(&r).expect("ser"), json);
        // A value of no listed type is an error naming the path.
        let e = plain_odata::from_str::<Reading>(r#"{"flag":3}"#).expect_err("not listed");
        assert_eq!(e.path(), "flag");
    }

    #[test]
    fn unions_pick_the_alternative() {
        // Discriminator.
        let json = r#"{"name":"Rex","toy":{"toyType":"Rope","length":3}}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert!(matches!(pet.toy.value(), Some(Toy::Rope(r)) if r.length.value() == Some(&3)));
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        // Azure style: an empty derived type is tagged by its `x-ms-discriminator-value`.
        let json = r#"{"engineType":"Dpm","id":"e1"}"#;
        let e: EngineAny = plain_odata::from_str(json).expect("parses");
        let EngineAny::DpmEngine(d) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(d.id, plain_odata::Field::Value("e1".to_owned()));
        assert_eq!(plain_odata::to_string(&e).expect("ser"), json);
        let json = r#"{"engineType":"DpmEngine"}"#;
        let e: EngineAny = plain_odata::from_str(json).expect("parses");
        assert!(
            matches!(e, EngineAny::Engine(_)),
            "the schema name is not its tag: {e:?}"
        );
        // One tagged alternative.
        let g: GadgetAny = plain_odata::from_str(r#"{"kind":"Gadget"}"#).expect("parses");
        assert_eq!(
            plain_odata::to_string(&g).expect("ser"),
            r#"{"kind":"Gadget"}"#
        );
        assert!(matches!(g, GadgetAny::Gadget(_)));
        // A tag whose schema is any value: that value, untyped.
        let json = r#"{"toy":{"toyType":"Kite","tail":[1,2]}}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert!(matches!(pet.toy.value(), Some(Toy::Untyped(v)) if v["tail"][1] == 2));
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        // No discriminator: the object's required members decide (across files).
        let json = r#"{"contact":{"number":"555","extension":"2"}}"#;
        let owner: Owner = plain_odata::from_str(json).expect("parses");
        assert!(matches!(owner.contact.value(), Some(Contact::Phone(_))));
        assert_eq!(plain_odata::to_string(&owner).expect("ser"), json);
        // An inline object is a struct of its own (`Owner_address`).
        let owner: Owner = plain_odata::from_str(r#"{"address":{"street":"Main St","city":"X"}}"#)
            .expect("parses");
        let address: &openapi_plain_models::models::OwnerAddress =
            owner.address.value().expect("address");
        assert_eq!(address.city.value().map(String::as_str), Some("X"));
        let owner: Owner =
            plain_odata::from_str(r#"{"contact":{"address":"a@b.c"}}"#).expect("parses");
        assert!(matches!(owner.contact.value(), Some(Contact::Email(_))));
        // Plain OpenAPI polymorphism (`allOf` + a `species` discriminator): the member picks the
        // derived type, by mapping (`bird`) or by schema name (`Fish`), else the base.
        use openapi_plain_models::models::AnimalAny;
        let json = r#"{"companion":{"species":"bird","name":"Tweety","wings":2}}"#;
        let pet: Pet = plain_odata::from_str(json).expect("parses");
        assert!(
            matches!(pet.companion.value(), Some(AnimalAny::Bird(b)) if b.wings.value() == Some(&2))
        );
        assert_eq!(plain_odata::to_string(&pet).expect("ser"), json);
        let pet: Pet =
            plain_odata::from_str(r#"{"companion":{"species":"Fish","fins":4}}"#).expect("parses");
        assert!(matches!(pet.companion.value(), Some(AnimalAny::Fish(_))));
        // Primitive alternatives: the first that accepts the value.
        let pet: Pet = plain_odata::from_str(r#"{"tagOrNumber":7}"#).expect("parses");
        assert_eq!(pet.tag_or_number.value(), Some(&PetTagOrNumber::Int32(7)));
        let pet: Pet = plain_odata::from_str(r#"{"tagOrNumber":"seven"}"#).expect("parses");
        assert_eq!(
            pet.tag_or_number.value(),
            Some(&PetTagOrNumber::String("seven".into()))
        );
        let e = plain_odata::from_str::<Pet>(r#"{"tagOrNumber":true}"#).expect_err("neither");
        assert_eq!(e.path(), "tagOrNumber");
        assert_eq!(Kind::VALUES, ["cat", "dog"]);
        // `required` members: listed, and checked on demand (fields stay tri-state).
        // `x-extensible-enum` is open: other values are kept.
        let pet: Pet = plain_odata::from_str(r#"{"color":"tabby"}"#).expect("open enum");
        assert_eq!(
            pet.color.value(),
            Some(&Color::Unrecognized("tabby".into()))
        );
        assert_eq!(Pet::REQUIRED, ["name"]);
        let named: Pet = plain_odata::from_str(r#"{"name":"Rex"}"#).expect("parses");
        assert!(named.missing_required().is_empty());
        let nameless: Pet = plain_odata::from_str(r#"{"kind":"dog"}"#)
            .expect("parses: checking is the caller's choice");
        assert_eq!(nameless.missing_required(), ["name"]);
        let null_name: Pet = plain_odata::from_str(r#"{"name":null}"#).expect("parses");
        assert_eq!(null_name.missing_required(), ["name"], "not nullable");
    }
}

/// The OpenAPI-generated crates pass clippy with `-D warnings` and their docs build without
/// warnings (same separate target directory as `compile.rs`, so dependencies are shared).
#[test]
fn openapi_crates_are_clippy_and_rustdoc_clean() {
    for krate in ["generated-openapi", "generated-plain"] {
        for (args, env) in [
            (
                vec!["clippy", "--all-targets", "--", "-D", "warnings"],
                None,
            ),
            (
                vec!["doc", "--no-deps"],
                Some(("RUSTDOCFLAGS", "-D warnings")),
            ),
        ] {
            let mut cmd = std::process::Command::new(env!("CARGO"));
            cmd.arg(args[0])
                .arg("--manifest-path")
                .arg(root().join(krate).join("Cargo.toml"))
                .args(&args[1..])
                .env(
                    "CARGO_TARGET_DIR",
                    root().join("target/odatagen-compile-check"),
                )
                .env_remove("RUSTFLAGS")
                .env_remove("CARGO_ENCODED_RUSTFLAGS");
            if let Some((k, v)) = env {
                cmd.env(k, v);
            }
            let out = cmd.output().expect("cargo runs");
            assert!(
                out.status.success(),
                "{krate}: cargo {args:?}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
