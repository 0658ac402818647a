//! The committed generated crate builds without warnings, passes clippy with `-D warnings`, and its
//! docs build without warnings. Runs cargo in a separate target directory so the flags do not
//! invalidate the workspace build.

fn cargo(args: &[&str], env: &[(&str, &str)]) {
    cargo_in("generated/Cargo.toml", args, env);
}

fn cargo_in(manifest: &str, args: &[&str], env: &[(&str, &str)]) {
    odatagen_tests::cargo_ok(&odatagen_tests::root().join(manifest), args, env);
}

#[test]
fn generated_crate_is_clippy_clean_under_deny_warnings() {
    // `-D warnings` applies to rustc's lints and clippy's alike (the `#![deny(warnings)]` bar).
    // `missing_docs` too: every generated item is documented.
    cargo(&["clippy", "--all-targets", "--", "-D", "warnings", "-D", "missing_docs"], &[]);
    // With the `client` feature (the reqwest clients) too.
    cargo(
        &["clippy", "--all-targets", "--all-features", "--", "-D", "warnings", "-D", "missing_docs"],
        &[],
    );
}

#[test]
fn e2e_crate_is_clippy_clean_under_deny_warnings() {
    cargo_in(
        "tests/e2e/generated/Cargo.toml",
        &["clippy", "--all-targets", "--all-features", "--", "-D", "warnings", "-D", "missing_docs"],
        &[],
    );
}

#[test]
fn generated_crate_docs_build_without_warnings() {
    cargo(&["doc", "--no-deps", "--all-features"], &[("RUSTDOCFLAGS", "-D warnings")]);
}
