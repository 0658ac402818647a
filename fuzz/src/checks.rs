//! What each fuzz target checks, as plain functions: the targets call them on fuzzer input, and
//! `tests/tests/fuzz_regressions.rs` (which includes this file) calls them on every input kept in
//! `tests/hostile/fuzz-regressions/`. A check panics when a property does not hold.

use graph_beta_models::models::{
    AnyEntity, CredentialUserRegistrationCount, RegistrationStatusType, UserRegistrationCount,
};
use graph_beta_models::odata;
use std::path::Path;

/// References in fuzzer input resolve against this (non-existent) directory.
const NAME: &str = "/nonexistent-odatagen-fuzz/input.xml";

/// The CSDL reader: any bytes give a model or diagnostics (at least one error), never a panic;
/// every diagnostic position is inside the document.
pub fn csdl_reader(data: &[u8]) {
    check_load(data, odatagen::frontend::csdl::load_bytes(Path::new(NAME), data));
}

/// The OpenAPI reader (JSON or YAML): like [`csdl_reader`], a model or diagnostics with at least
/// one error, never a panic, positions inside the document.
pub fn openapi_reader(data: &[u8]) {
    check_load(data, odatagen::frontend::openapi::load_bytes(Path::new(NAME), data));
}

fn check_load(
    data: &[u8],
    result: Result<
        (odatagen::ir::Model, Vec<odatagen::diagnostics::Diagnostic>),
        odatagen::diagnostics::Errors,
    >,
) {
    match result {
        Ok((model, warnings)) => {
            assert!(warnings.iter().all(|d| d.severity != odatagen::diagnostics::Severity::Error));
            for t in &model.types {
                assert!(t.span.line >= 1 || t.span == odatagen::ir::Span::default());
            }
        }
        Err(e) => {
            assert!(
                e.0.iter().any(|d| d.severity == odatagen::diagnostics::Severity::Error),
                "failure without an error: {e}"
            );
            let lines = data.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            for d in &e.0 {
                if let Some(l) = &d.location
                    && l.file == Path::new(NAME)
                {
                    assert!(l.line >= 1 && l.line <= lines, "{d}: line out of range");
                    assert!(l.column >= 1, "{d}");
                }
            }
        }
    }
}

/// The whole pipeline: input → model → selection → emitted crate. Every emitted Rust file parses,
/// every path is a plain relative path, and only an input error stops generation.
pub fn pipeline(data: &[u8]) {
    // The front end is chosen by content, as `odatagen generate` does (CSDL XML or JSON, or
    // OpenAPI).
    let loaded = odatagen::frontend::load_bytes(Path::new(NAME), data);
    let Ok((model, _)) = loaded else {
        return;
    };
    let selection = odatagen::ir::select::Selection::closure(&model, &[])
        .expect("an empty selection always resolves");
    let opts = odatagen::emit::EmitOptions {
        crate_name: "fuzz-models".into(),
        input_label: "input.xml".into(),
        // Request code too (every operation whose types are selected).
        request: Default::default(),
        ieee754_compatible: false,
        nullable_items: false,
        namespace_features: true,
        package: Default::default(),
    };
    let files = match odatagen::emit::emit(&model, &selection, &opts) {
        Ok(f) => f,
        Err(d) => panic!("emitter failed on a valid model: {}", d.render()),
    };
    for f in &files {
        assert!(
            f.path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "path {}",
            f.path.display()
        );
        // `src/odata/` and `src/request/` are the runtime modules, the same text for every
        // input (formatted once per process; covered by the golden tests): parsing them again
        // per input would dominate the target's time.
        if f.path.extension().is_some_and(|e| e == "rs")
            && !f.path.starts_with("src/odata/")
            && !f.path.starts_with("src/request/")
            && let Err(e) = syn::parse_file(&f.content)
        {
            panic!("{} does not parse: {e}\n{}", f.path.display(), f.content);
        }
    }
}

/// Reading any JSON into the generated models gives a value or an error, never a panic; what was
/// read writes back, and reads back to the same value (lossless round trip).
pub fn model_json(data: &[u8]) {
    round_trip::<CredentialUserRegistrationCount>(data);
    round_trip::<UserRegistrationCount>(data);
    round_trip::<AnyEntity>(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = odata::from_str::<RegistrationStatusType>(s);
        let _ = odata::from_str::<Vec<UserRegistrationCount>>(s);
    }
}

/// Batch responses, in the JSON and the multipart format: any bytes give the responses or an
/// error, never a panic, and each request's result is then a value or an error.
pub fn batch_response(data: &[u8]) {
    use graph_beta_models::request::{Batch, http};
    let counts = graph_beta_models::requests::collection::<CredentialUserRegistrationCount>("/counts");
    let mut batch = Batch::new();
    let one = batch.add(&counts.by_key("a").get());
    let all = batch.add(&counts.list());
    let response = || http::Response::builder().status(200).body(data.to_vec()).expect("a response");
    let parsed = [batch.query().parse(&response()), batch.multipart_query().parse(&response())];
    for r in parsed.iter().flatten() {
        let _ = r.get(&one);
        let _ = r.get(&all);
        let _ = r.status("1");
    }
}

fn round_trip<T: odata::Wire + PartialEq + std::fmt::Debug>(data: &[u8]) {
    let Ok(v) = odata::from_slice::<T>(data) else { return };
    let text = odata::to_string(&v).expect("a value read writes back");
    let again = odata::from_str::<T>(&text)
        .unwrap_or_else(|e| panic!("written JSON does not read back: {e}\n{text}"));
    assert_eq!(v, again, "round trip changed the value:\n{text}");
    // The member order is kept too: what was written reads back and writes the same text.
    let text_again = odata::to_string(&again).expect("a value read writes back");
    assert_eq!(text, text_again, "the second round trip changed the text");
}
