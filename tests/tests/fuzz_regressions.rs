//! Every input the fuzz targets (`fuzz/`, see FUZZING.md) ever crashed on, kept in
//! `tests/hostile/fuzz-regressions/<target>/` and checked with the targets' own checks.

#[path = "../../fuzz/src/checks.rs"]
mod checks;

use std::path::Path;

fn run(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("hostile/fuzz-regressions").join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).expect("regression dir").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        let data = std::fs::read(&p).expect("read");
        eprintln!("{target}: {}", p.display());
        check(&data);
        n += 1;
    }
    n
}

#[test]
fn csdl_reader_regressions() {
    run("csdl_reader", checks::csdl_reader);
    // The checks themselves hold on the committed fixtures.
    checks::csdl_reader(include_bytes!("../hostile/names.xml"));
    checks::csdl_reader(b"");
}

#[test]
fn pipeline_regressions() {
    run("pipeline", checks::pipeline);
    checks::pipeline(include_bytes!("../hostile/injection.xml"));
}

#[test]
fn model_json_regressions() {
    run("model_json", checks::model_json);
    checks::model_json(br#"{"id":"a","totalUserCount":1,"x":[1,{"y":null}]}"#);
}

#[test]
fn openapi_reader_regressions() {
    run("openapi_reader", checks::openapi_reader);
    checks::openapi_reader(include_bytes!("../fixtures/openapi/multi/main.yaml"));
}

#[test]
fn batch_response_regressions() {
    run("batch_response", checks::batch_response);
    checks::batch_response(include_bytes!("../../fuzz/seeds/batch_response/multipart.txt"));
    checks::batch_response(include_bytes!("../../fuzz/seeds/batch_response/json.txt"));
}
