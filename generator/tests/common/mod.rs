//! Helpers shared by the CLI tests: the repository root and running the built binary there.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root (the workspace).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Run the built `odatagen` binary in the repository root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_odatagen"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run odatagen")
}
