//! Members the metadata does not describe, kept as their JSON text: the Graph docs payloads read
//! into a type that describes none of their members (`userRegistrationCount` of the committed
//! `generated/` crate), so every member is kept in `additional_data`, against the same round trip
//! through `serde_json::Value` and against skipping the members (`IgnoredAny`, what plain derive
//! structs do with unknown members), interleaved, the best round of each.
//!
//! `cargo bench -p odatagen-tests --bench unknown_members` (figures in BENCHMARKS.md). The payloads
//! as the docs print them (indented: the kept text is compacted) and compacted first (as services
//! send them).

use graph_beta_models::models::UserRegistrationCount;
use graph_beta_models::odata;
use serde::de::IgnoredAny;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

type Variant = fn(&str) -> usize;

fn typed(json: &str) -> usize {
    let v: UserRegistrationCount = odata::from_str(json).expect("typed");
    odata::to_string(&v).expect("typed").len()
}

fn value(json: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(json).expect("value");
    serde_json::to_string(&v).expect("value").len()
}

fn skip(json: &str) -> usize {
    let v: BTreeMap<&str, IgnoredAny> = serde_json::from_str(json).expect("skip");
    v.len()
}

fn main() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/graph-docs/graph-docs-v1-visible.jsonl");
    let text = std::fs::read_to_string(file).expect("the docs examples");
    // Request and response bodies that are JSON objects without the three described members.
    let described = ["@odata.type", "registrationCount", "registrationStatus"];
    let pretty: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).ok()?;
            let block = record["blockType"].as_str()?;
            let json = record["json"].as_str()?;
            let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).ok()?;
            let described = described.iter().any(|k| object.contains_key(*k));
            ((block == "request" || block == "response") && !described).then(|| json.to_owned())
        })
        .collect();
    // Compacted as serde_json's `RawValue` would keep them (a `Value` would round `47.640568390488626`).
    let compact: Vec<String> = pretty
        .iter()
        .map(|p| {
            let kept: UserRegistrationCount = odata::from_str(p).expect("typed");
            odata::to_string(&kept).expect("typed")
        })
        .collect();
    for (p, c) in pretty.iter().zip(&compact) {
        // Every member kept, the same JSON, and the compact text comes back as it is.
        let same = |t: &str| serde_json::from_str::<serde_json::Value>(t).expect("JSON");
        assert_eq!(same(p), same(c));
        assert_eq!(skip(c), skip(p));
        let v: UserRegistrationCount = odata::from_str(c).expect("typed");
        assert_eq!(v.additional_data.len(), skip(c));
        assert_eq!(odata::to_string(&v).expect("typed"), *c);
    }
    let variants: [(&str, Variant); 3] = [
        ("typed, kept as text", typed),
        ("serde_json::Value", value),
        ("skipped (IgnoredAny, read only)", skip),
    ];
    for (label, set) in [("indented, as in the docs", &pretty), ("compacted", &compact)] {
        let passes = 20;
        let mut best = [f64::MAX; 3];
        for _ in 0..20 {
            for (k, (_, f)) in variants.iter().enumerate() {
                let start = Instant::now();
                for _ in 0..passes {
                    for p in set {
                        black_box(f(black_box(p)));
                    }
                }
                best[k] = best[k].min(start.elapsed().as_secs_f64() * 1e3 / f64::from(passes));
            }
        }
        let bytes: usize = set.iter().map(String::len).sum();
        println!("{label}: {} payloads ({bytes} bytes), best of 20 rounds of {passes} passes", set.len());
        for ((name, _), ms) in variants.iter().zip(best) {
            println!("  {name:<32} {ms:>7.3} ms per pass");
        }
        println!("  Value / typed = {:.2}x; typed / skipped = {:.2}x", best[1] / best[0], best[0] / best[2]);
    }
}
