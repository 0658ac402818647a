// Driver of the Graph docs harness (included into the generated `main.rs` by
// tests/tests/graph_docs_roundtrip.rs, which provides `typed` and `plain`).
//
// `check FILE`: one JSON line per example with its outcome.
// `bench FILE [ROUNDS]`: typed vs `serde_json::Value` vs plain derive round trips over the examples
// that round-trip exactly both typed and plain, measured side by side (interleaved rounds).

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
            match ::std::panic::catch_unwind(move || typed(&name, collection, &json)) {
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

fn bench(path: &str, rounds: usize) {
    let all: ::std::vec::Vec<Example> = examples(path)
        .into_iter()
        .filter(|e| e.parse_ok)
        .filter(|e| {
            let name = e.ty.clone().unwrap_or_default();
            let exact = compact(&e.json);
            matches!(typed(&name, e.collection, &e.json), ::std::option::Option::Some(::std::result::Result::Ok(t)) if ::std::option::Option::Some(&t) == exact.as_ref())
                && matches!(plain(&name, e.collection, &e.json), ::std::option::Option::Some(::std::result::Result::Ok(_)))
        })
        .collect();
    let bytes: usize = all.iter().map(|e| e.json.len()).sum();
    println!("examples: {} ({} bytes of JSON)", all.len(), bytes);
    let mut best = [f64::MAX; 3];
    for _ in 0..rounds {
        for (k, best) in best.iter_mut().enumerate() {
            let start = ::std::time::Instant::now();
            for _ in 0..10 {
                for e in &all {
                    let name = e.ty.as_deref().unwrap_or_default();
                    let out = match k {
                        0 => typed(name, e.collection, &e.json).and_then(|r| r.ok()),
                        1 => ::serde_json::from_str::<::serde_json::Value>(&e.json)
                            .ok()
                            .and_then(|v| ::serde_json::to_string(&v).ok()),
                        _ => plain(name, e.collection, &e.json).and_then(|r| r.ok()),
                    };
                    ::std::hint::black_box(out);
                }
            }
            *best = best.min(start.elapsed().as_secs_f64() / 10.0);
        }
    }
    let [t, v, p] = best;
    println!("typed (odatagen):          {:8.3} ms per pass", t * 1e3);
    println!("serde_json::Value:         {:8.3} ms per pass  (Value / typed = {:.2}x; target >= 1.5x)", v * 1e3, v / t);
    println!("plain derive (drops data): {:8.3} ms per pass  (typed / plain = {:.2}x; target <= 1.15x)", p * 1e3, t / p);
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
