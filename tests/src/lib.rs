//! Test-only package: see the integration tests under `tests/tests/`. The library holds what
//! several of them share: building a generated crate as a user would.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Makes the crate generated into `out` (under the workspace's `target/`) a workspace of its own,
/// with the repository's lock file so that it builds offline with the same versions; returns its
/// manifest.
pub fn standalone_crate(out: &Path) -> PathBuf {
    let manifest = out.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).expect("manifest");
    if !toml.contains("[workspace]") {
        toml.push_str("\n[workspace]\n");
        std::fs::write(&manifest, toml).expect("manifest");
    }
    std::fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock");
    manifest
}

/// Runs `cargo <args>` on `manifest` with `env`, in the compile tests' target directory (shared:
/// the dependencies are built once) and without the caller's `RUSTFLAGS`; fails the test with
/// cargo's output unless it succeeds. Returns what it printed on stdout (a `cargo run`'s output).
pub fn cargo_ok(manifest: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let (sub, rest) = args.split_first().expect("a cargo subcommand");
    let mut cmd = Command::new(env!("CARGO"));
    cmd.arg(sub)
        .arg("--manifest-path")
        .arg(manifest)
        .args(rest)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/odatagen-compile-check"),
        )
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A scratch folder under the workspace's `target/odatagen-scale/` (kept between runs, so that
/// generated crates and harnesses build incrementally).
pub fn scratch(name: &str) -> PathBuf {
    root().join("target/odatagen-scale").join(name)
}

/// Writes `content` to `path` (creating its folder) unless it holds that already: an unchanged
/// file keeps its mtime, so cargo rebuilds nothing.
pub fn write_if_changed(path: &Path, content: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(content) {
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).expect("dir");
        }
        std::fs::write(path, content).expect("write");
    }
}

/// An identifier for emitted tokens: `r#type` as a raw identifier.
pub fn ident(s: &str) -> proc_macro2::Ident {
    use proc_macro2::{Ident, Span};
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(s, Span::call_site()),
    }
}

/// Runs the round-trip harness crate in `harness` (a scratch folder) with `check FILE`, in the
/// scratch target folder shared by the harnesses; fails the test with the output unless it
/// succeeds. Returns its stdout: one JSON line per example.
pub fn run_harness_check(harness: &Path, file: &Path) -> String {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--manifest-path"])
        .arg(harness.join("Cargo.toml"))
        .arg("--")
        .arg("check")
        .arg(file)
        .env("CARGO_TARGET_DIR", scratch("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "harness failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Runs `cargo <args>` in `dir`, a generated crate with tests of its own, in the target directory
/// these crates share (`target/odatagen-features`: their dependencies are built once) and without
/// the caller's `RUSTFLAGS`; fails the test with cargo's output unless it succeeds.
pub fn cargo_in_crate(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/odatagen-features"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
