//! The committed generated crate builds without warnings, passes clippy with `-D warnings`, and its
//! docs build without warnings. Runs cargo in a separate target directory so the flags do not
//! invalidate the workspace build.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cargo(args: &[&str], env: &[(&str, &str)]) {
    cargo_in("generated/Cargo.toml", args, env);
}

fn cargo_in(manifest: &str, args: &[&str], env: &[(&str, &str)]) {
    let root = root();
    let target = root.join("target/odatagen-compile-check");
    let mut cmd = Command::new(env!("CARGO"));
    let (sub, rest) = args.split_first().expect("a cargo subcommand");
    cmd.arg(sub)
        .arg("--manifest-path")
        .arg(root.join(manifest))
        .args(rest)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
