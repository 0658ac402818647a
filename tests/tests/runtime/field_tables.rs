//! Field lookup tables (`Model::FIELD_TABLE`): hashing, probing, and the tables of a generated
//! crate.

use super::*;

#[test]
fn the_generator_and_the_runtime_hash_wire_names_alike() {
    for key in ["", "@odata.type", "id", "displayName", "remote_Control_Software", "ä€𝄞", "x\u{0}y"] {
        assert_eq!(odata::field_hash(key), odatagen::emit::structs::field_hash(key), "{key:?}");
    }
}

#[test]
fn field_lookup_probes_past_tombstones_and_stops_at_empty_slots() {
    let fields = ["@odata.type", "a", "b"];
    let mask = 7;
    let slot = |k: &str| usize::try_from(odata::field_hash(k)).unwrap() & mask;
    // "b" sits one slot after its hash position, behind a tombstone (a member compiled out by
    // features): the probe goes on past it.
    let mut table = [0u32; 8];
    let hb = slot("b");
    table[hb] = u32::MAX;
    table[(hb + 1) & mask] = 3;
    assert_eq!(odata::field_lookup(&table, &fields, "b"), Some(2));
    // An empty slot ends the probe: a name not in the table is unknown.
    if slot("a") != hb && slot("a") != (hb + 1) & mask {
        assert_eq!(odata::field_lookup(&table, &fields, "a"), None);
    }
    // A slot naming another member does not match; a full table of tombstones ends after one pass.
    assert_eq!(odata::field_lookup(&[u32::MAX; 8], &fields, "a"), None);
    assert_eq!(odata::field_lookup(&[], &fields, "a"), None);
    // Out-of-range indices (a corrupt table) are a miss, not a panic.
    assert_eq!(odata::field_lookup(&[99; 8], &fields, "a"), None);
}

#[test]
fn generated_tables_find_every_member_and_nothing_else() {
    use graph_beta_e2e::odata::Model as _;
    fn check<T: graph_beta_e2e::odata::Model>() {
        for (i, key) in T::FIELDS.iter().enumerate() {
            assert_eq!(T::field_index(key), Some(i), "{key}");
        }
        for key in ["", "ID", "id ", "@odata.context", "displayname", "additionalData"] {
            assert_eq!(T::field_index(key), None, "{key}");
        }
    }
    check::<graph_beta_e2e::models::User>();
    check::<graph_beta_e2e::models::Team>();
    check::<graph_beta_e2e::models::Entity>();
    check::<graph_beta_e2e::models::MailboxSettings>();
    assert!(graph_beta_e2e::models::User::FIELDS.len() > 50);
}
