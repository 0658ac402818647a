//! The lock file `odatagen.lock` written beside the generated output: which inputs (with content
//! hashes), which selection and options, which generator version produced it. A run whose inputs
//! and options match the lock is skipped without parsing anything; `odatagen check` compares it
//! like every other output file.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// File name of the lock file inside the output directory.
pub const LOCK_FILE: &str = "odatagen.lock";

/// One input document.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct LockedInput {
    /// Path as the config names it (or relative to the main input, for referenced documents).
    pub path: String,
    /// `sha256:` and the hex digest of the content.
    pub sha256: String,
}

/// The lock file's content.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub struct Lock {
    /// `odatagen <version>`.
    pub generator: String,
    /// Generated package name.
    pub crate_name: String,
    /// Output layout.
    pub emit: String,
    /// Selection, as configured.
    pub include: Vec<String>,
    /// Other options that change the output, `key=value`, sorted.
    pub options: Vec<String>,
    /// Inputs read, main document first.
    pub input: Vec<LockedInput>,
}

/// `sha256:<hex>` of `bytes`.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

impl Lock {
    /// The lock file's text.
    pub fn to_text(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# Written by odatagen: the inputs, selection and options of the files beside it.\n\
             # `odatagen` skips generation while they are unchanged; do not edit.\n\n{body}"
        )
    }

    /// Read a lock file; `None` when absent or unreadable (then generation simply runs).
    pub fn read(path: &Path) -> Option<Lock> {
        let text = std::fs::read_to_string(path).ok()?;
        toml::from_str(&text).ok()
    }

    /// Do the inputs on disk still hash as locked? `resolve` maps a locked path to a file.
    pub fn inputs_unchanged(&self, resolve: impl Fn(&str) -> std::path::PathBuf) -> bool {
        !self.input.is_empty()
            && self.input.iter().all(|i| {
                std::fs::read(resolve(&i.path)).is_ok_and(|bytes| digest(&bytes) == i.sha256)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_sha256() {
        assert_eq!(
            digest(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn round_trips_through_text() {
        let lock = Lock {
            generator: "odatagen 0.1.0".into(),
            crate_name: "x".into(),
            emit: "crate".into(),
            include: vec!["a.b".into()],
            options: vec![],
            input: vec![LockedInput {
                path: "m.xml".into(),
                sha256: digest(b""),
            }],
        };
        let text = lock.to_text();
        assert_eq!(toml::from_str::<Lock>(&text).expect("parses"), lock);
    }
}
