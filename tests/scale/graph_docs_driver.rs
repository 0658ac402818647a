// Driver of the Graph docs harness (included into the generated `main.rs` by
// tests/tests/graph_docs_roundtrip.rs, which provides `typed` and `plain`).
//
// `check FILE`: one JSON line per example with its outcome.
// `bench FILE [ROUNDS]`: typed vs `serde_json::Value` vs plain derive round trips over the examples
// that round-trip exactly both typed and plain, measured side by side (interleaved rounds), two
// ways: "cold" (each pass goes once over every example, so each type's code is fetched again
// after 700 other examples), "warm" (each example run 20 times in a row, as a client reading
// many payloads of one type does; the best time per example, summed; the first of the 20 runs
// fetches the type's code) and "steady" (the same after one untimed run: the steady state of
// such a client). GRAPH_DOCS_BENCH_TYPES
// (comma-separated qualified names) restricts the examples to those types.

fn compact(json: &str) -> ::std::option::Option<::std::string::String> {
    let v: ::serde_json::Value = ::serde_json::from_str(json).ok()?;
    ::serde_json::to_string(&v).ok()
}

struct Example {
    file: ::std::string::String,
    line: u64,
    block_type: ::std::string::String,
    ty: ::std::option::Option<::std::string::String>,
    collection: bool,
    json: ::std::string::String,
    parse_ok: bool,
}

fn examples(path: &str) -> ::std::vec::Vec<Example> {
    let text = ::std::fs::read_to_string(path).expect("examples file");
    let mut out = ::std::vec::Vec::new();
    for line in text.lines() {
        let r: ::serde_json::Value = ::serde_json::from_str(line).expect("JSON line");
        let mut ty = r["odata_type"].as_str().map(str::to_owned);
        let mut collection = r["isCollection"].as_bool().unwrap_or(false);
        if let ::std::option::Option::Some(t) = &ty {
            let lower = t.to_ascii_lowercase();
            if lower.starts_with("collection(") && t.ends_with(')') {
                ty = ::std::option::Option::Some(t["collection(".len()..t.len() - 1].to_owned());
                collection = true;
            }
        }
        out.push(Example {
            file: r["file"].as_str().unwrap_or("?").to_owned(),
            line: r["line"].as_u64().unwrap_or(0),
            block_type: r["blockType"].as_str().unwrap_or("?").to_owned(),
            ty,
            collection,
            json: r["json"].as_str().unwrap_or("").to_owned(),
            parse_ok: r["parse_ok"].as_bool().unwrap_or(false),
        });
    }
    out
}

fn check(path: &str) {
    ::std::panic::set_hook(::std::boxed::Box::new(|_| {}));
    for e in examples(path) {
        if !matches!(e.block_type.as_str(), "request" | "response" | "resource") {
            continue;
        }
        let (outcome, detail) = if !e.parse_ok {
            ("bad-json", ::std::string::String::new())
        } else {
            let name = e.ty.clone().unwrap_or_default();
            let json = e.json.clone();
            let collection = e.collection;
            match ::std::panic::catch_unwind(move || typed(&name, collection).map(|f| f(&json))) {
                Err(_) => ("panic", ::std::string::String::new()),
                Ok(::std::option::Option::None) => ("no-type", ::std::string::String::new()),
                Ok(::std::option::Option::Some(::std::result::Result::Err(err))) => ("error", err),
                Ok(::std::option::Option::Some(::std::result::Result::Ok(text))) => {
                    if compact(&e.json).as_deref() == ::std::option::Option::Some(text.as_str()) {
                        ("exact", ::std::string::String::new())
                    } else {
                        ("inexact", text)
                    }
                }
            }
        };
        let line = ::serde_json::json!({
            "file": e.file, "line": e.line, "blockType": e.block_type, "type": e.ty,
            "collection": e.collection, "outcome": outcome, "detail": detail,
        });
        println!("{line}");
    }
}

fn value_rt(json: &str) -> ::std::result::Result<::std::string::String, ::std::string::String> {
    let v: ::serde_json::Value = ::serde_json::from_str(json).map_err(|e| e.to_string())?;
    ::serde_json::to_string(&v).map_err(|e| e.to_string())
}

/// Whether the plain structs' output keeps every member of `input` that is not null and not an
/// annotation (a name with `@`), recursively: the example's shape is its declared type's. Docs
/// examples whose shape is another type's (e.g. a collection response labelled with the item
/// type) read into plain structs as nearly nothing, which makes the "floor" do no work at all.
fn plain_reads_all(input: &::serde_json::Value, plain: &::serde_json::Value) -> bool {
    use ::serde_json::Value;
    match (input, plain) {
        (Value::Object(i), Value::Object(p)) => i.iter().all(|(k, v)| {
            k.contains('@') || v.is_null() || p.get(k).is_some_and(|pv| plain_reads_all(v, pv))
        }),
        (Value::Object(_), _) => false,
        (Value::Array(i), Value::Array(p)) => i.len() == p.len() && i.iter().zip(p).all(|(a, b)| plain_reads_all(a, b)),
        (Value::Array(_), _) => false,
        _ => true,
    }
}

fn bench(path: &str, rounds: usize) {
    // (json, [typed, Value, plain]): the round trips are chosen once, outside the timed loops.
    let mut types = ::std::vec::Vec::new();
    // GRAPH_DOCS_BENCH_TYPES=a,b: only the examples of these qualified type names (a subset).
    let only: ::std::option::Option<::std::vec::Vec<::std::string::String>> = ::std::env::var("GRAPH_DOCS_BENCH_TYPES")
        .ok()
        .map(|v| v.split(',').map(|t| t.trim().to_owned()).collect());
    // GRAPH_DOCS_BENCH_COMPACT=1: each example compacted first (as services send JSON), as the
    // typed round trip writes it; the same input for the three variants.
    let compact_input = ::std::env::var_os("GRAPH_DOCS_BENCH_COMPACT").is_some();
    let all: ::std::vec::Vec<(::std::string::String, [RoundTrip; 3])> = examples(path)
        .into_iter()
        .filter(|e| e.parse_ok)
        .filter(|e| only.as_ref().is_none_or(|o| e.ty.as_ref().is_some_and(|t| o.contains(t))))
        .filter_map(|e| {
            let name = e.ty.clone().unwrap_or_default();
            let t = typed(&name, e.collection)?;
            let p = plain(&name, e.collection)?;
            let exact = compact(&e.json)?;
            let input = if compact_input { exact.clone() } else { e.json };
            let keep = t(&input).ok()? == exact && p(&input).is_ok();
            if keep {
                types.push(format!("{name}{}", if e.collection { " (collection)" } else { "" }));
            }
            keep.then(|| (input, [t, value_rt as RoundTrip, p]))
        })
        .collect();
    let bytes: usize = all.iter().map(|e| e.0.len()).sum();
    println!("examples: {} ({} bytes of JSON)", all.len(), bytes);
    let same_shape: ::std::vec::Vec<bool> = all
        .iter()
        .map(|(json, f)| {
            let input: ::serde_json::Value = ::serde_json::from_str(json).unwrap_or_default();
            let plain = f[2](json).ok().and_then(|t| ::serde_json::from_str(&t).ok()).unwrap_or_default();
            plain_reads_all(&input, &plain)
        })
        .collect();
    let shaped = same_shape.iter().filter(|s| **s).count();
    let shaped_bytes: usize = all.iter().zip(&same_shape).filter(|(_, s)| **s).map(|(e, _)| e.0.len()).sum();
    println!("of which the plain structs read every member of: {shaped} ({shaped_bytes} bytes)");
    let names = ["typed (odatagen)", "serde_json::Value", "plain derive (drops data)"];
    // Cold: one pass = every example once; best of `rounds` rounds of 10 passes.
    let mut cold = [f64::MAX; 3];
    // Warm: per example and variant, the best of `rounds` runs of 20 back-to-back round trips.
    let mut warm = vec![[f64::MAX; 3]; all.len()];
    // Steady: the same, each run preceded by one untimed round trip.
    let mut steady = vec![[f64::MAX; 3]; all.len()];
    for _ in 0..rounds {
        for (k, best) in cold.iter_mut().enumerate() {
            let start = ::std::time::Instant::now();
            for _ in 0..10 {
                for (json, f) in &all {
                    ::std::hint::black_box(f[k](json)).ok();
                }
            }
            *best = best.min(start.elapsed().as_secs_f64() / 10.0);
        }
        for (((json, f), w), st) in all.iter().zip(warm.iter_mut()).zip(steady.iter_mut()) {
            for (k, best) in w.iter_mut().enumerate() {
                let start = ::std::time::Instant::now();
                for _ in 0..20 {
                    ::std::hint::black_box(f[k](json)).ok();
                }
                *best = best.min(start.elapsed().as_secs_f64() / 20.0);
            }
            for (k, best) in st.iter_mut().enumerate() {
                ::std::hint::black_box(f[k](json)).ok();
                let start = ::std::time::Instant::now();
                for _ in 0..20 {
                    ::std::hint::black_box(f[k](json)).ok();
                }
                *best = best.min(start.elapsed().as_secs_f64() / 20.0);
            }
        }
    }
    if ::std::env::var_os("GRAPH_DOCS_BENCH_EACH").is_some() {
        // One line per example (type, bytes, same shape, warm ns per round trip): for finding
        // where the typed round trip is slow.
        for (((json, _), w), (shape, ty)) in all.iter().zip(&warm).zip(same_shape.iter().zip(&types)) {
            println!("each\t{ty}\t{}\t{shape}\t{:.0}\t{:.0}\t{:.0}", json.len(), w[0] * 1e9, w[1] * 1e9, w[2] * 1e9);
        }
    }
    let warm_shaped: [f64; 3] =
        ::std::array::from_fn(|k| warm.iter().zip(&same_shape).filter(|(_, s)| **s).map(|(w, _)| w[k]).sum());
    let warm: [f64; 3] = ::std::array::from_fn(|k| warm.iter().map(|w| w[k]).sum());
    let steady_shaped: [f64; 3] =
        ::std::array::from_fn(|k| steady.iter().zip(&same_shape).filter(|(_, s)| **s).map(|(w, _)| w[k]).sum());
    let steady: [f64; 3] = ::std::array::from_fn(|k| steady.iter().map(|w| w[k]).sum());
    for (label, [t, v, p]) in [
        ("cold", cold),
        ("warm", warm),
        ("warm, examples the plain structs read entirely", warm_shaped),
        ("steady", steady),
        ("steady, examples the plain structs read entirely", steady_shaped),
    ] {
        println!("{label}:");
        for (name, x) in names.iter().zip([t, v, p]) {
            println!("  {name:<27} {:8.3} ms per pass", x * 1e3);
        }
        println!("  Value / typed = {:.2}x (target >= 1.5x); typed / plain = {:.2}x (target <= 1.15x)", v / t, t / p);
    }
}

fn main() {
    let args: ::std::vec::Vec<::std::string::String> = ::std::env::args().collect();
    match (args.get(1).map(::std::string::String::as_str), args.get(2)) {
        (::std::option::Option::Some("check"), ::std::option::Option::Some(path)) => check(path),
        (::std::option::Option::Some("bench"), ::std::option::Option::Some(path)) => {
            let rounds = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(20);
            bench(path, rounds)
        }
        _ => {
            eprintln!("usage: graph-docs-harness check|bench FILE [ROUNDS]");
            ::std::process::exit(2);
        }
    }
}
