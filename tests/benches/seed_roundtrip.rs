//! Typed round trip (deserialize + serialize) of the seed page's payloads through the committed
//! `generated/` crate, against the same round trip through `serde_json::Value` and through plain
//! `#[derive(Deserialize, Serialize)]` structs that drop unknown members (the floor), measured
//! side by side: interleaved rounds, the best round of each variant.
//!
//! `cargo bench -p odatagen-tests --bench seed_roundtrip` (figures in BENCHMARKS.md). A quick,
//! reproducible companion of the Graph docs harness (which takes minutes to build): one type,
//! everything in cache, so it measures the per-member cost of the lossless models.

use graph_beta_models::models::CredentialUserRegistrationCount;
use graph_beta_models::odata;
use odatagen::examples::extract;
use std::hint::black_box;
use std::time::Instant;

/// The floor: the same members, unknown ones dropped, the enum as a string.
#[derive(serde::Deserialize, serde::Serialize)]
struct PlainCount {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    odata_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "totalUserCount", default, skip_serializing_if = "Option::is_none")]
    total_user_count: Option<i64>,
    #[serde(rename = "userRegistrationCounts", default, skip_serializing_if = "Option::is_none")]
    user_registration_counts: Option<Vec<PlainItem>>,
}

#[derive(serde::Deserialize, serde::Serialize)]
struct PlainItem {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    odata_type: Option<String>,
    #[serde(rename = "registrationCount", default, skip_serializing_if = "Option::is_none")]
    registration_count: Option<i64>,
    #[serde(rename = "registrationStatus", default, skip_serializing_if = "Option::is_none")]
    registration_status: Option<String>,
}

type RoundTrip = fn(&str) -> usize;

fn typed(json: &str) -> usize {
    let v: CredentialUserRegistrationCount = odata::from_str(json).expect("typed");
    odata::to_string(&v).expect("typed").len()
}

fn value(json: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(json).expect("value");
    serde_json::to_string(&v).expect("value").len()
}

fn plain(json: &str) -> usize {
    let v: PlainCount = serde_json::from_str(json).expect("plain");
    serde_json::to_string(&v).expect("plain").len()
}

fn main() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seed/000_9865bf5f908030b7.txt"))
        .expect("the seed page");
    // The request and the response of "Create credentialUserRegistrationCount", compact (as
    // services send JSON); the typed round trip gives each back exactly (tests/tests/roundtrip.rs).
    let payloads: Vec<String> = extract(&page)
        .iter()
        .map(|e| {
            let v: serde_json::Value = serde_json::from_str(&e.json).expect("JSON");
            serde_json::to_string(&v).expect("JSON")
        })
        .collect();
    for p in &payloads {
        assert_eq!(odata::to_string(&odata::from_str::<CredentialUserRegistrationCount>(p).expect("typed")).expect("typed"), *p);
    }
    let variants: [(&str, RoundTrip); 3] = [("typed (odatagen)", typed), ("serde_json::Value", value), ("plain derive", plain)];
    let passes = 20_000;
    let mut best = [f64::MAX; 3];
    for _ in 0..30 {
        for (k, (_, f)) in variants.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..passes {
                for p in &payloads {
                    black_box(f(black_box(p)));
                }
            }
            best[k] = best[k].min(start.elapsed().as_secs_f64() * 1e9 / f64::from(passes));
        }
    }
    let bytes: usize = payloads.iter().map(String::len).sum();
    println!("seed payloads: {} ({bytes} bytes), best of 30 rounds of {passes} passes", payloads.len());
    for ((name, _), ns) in variants.iter().zip(best) {
        println!("  {name:<20} {ns:>8.0} ns per pass");
    }
    println!(
        "  Value / typed = {:.2}x (target >= 1.5x); typed / plain = {:.2}x (target <= 1.15x)",
        best[1] / best[0],
        best[0] / best[2]
    );
}
