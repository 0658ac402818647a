//! Writing the emitted files: only what changed is rewritten (so mtimes, and cargo's caches, stay
//! put), files that are no longer generated are removed, and `check` compares without writing.

use crate::emit::OutputFile;
use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

/// What a write did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Stale generated files removed.
    pub removed: Vec<PathBuf>,
}

/// A difference between the committed output and fresh output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stale {
    /// A file that should exist does not.
    Missing(PathBuf),
    /// A file whose content differs (with a unified diff).
    Changed(PathBuf, String),
    /// A generated-looking file that would be removed.
    Extra(PathBuf),
}

/// Refuse paths that could leave the output directory.
fn safe_relative(path: &Path) -> io::Result<()> {
    let ok = path
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        && !path.as_os_str().is_empty();
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output directory: {}", path.display()),
        ))
    }
}

/// Rust sources under `dir/src` (relative to `dir`), sorted.
fn existing_sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join("src")];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs")
                && let Ok(rel) = p.strip_prefix(dir)
            {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Write `files` into `dir` without removing anything else (for single-file output into a
/// directory the generator does not own, such as `OUT_DIR`). Unchanged files are not touched.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    write_changed(dir, files, &mut report)?;
    Ok(report)
}

fn write_changed(dir: &Path, files: &[OutputFile], report: &mut WriteReport) -> io::Result<()> {
    for f in files {
        safe_relative(&f.path)?;
    }
    // Compare and write on all cores (thousands of files for a large service); the report keeps
    // the files' order.
    use rayon::prelude::*;
    let written: Vec<bool> = files
        .par_iter()
        .map(|f| -> io::Result<bool> {
            let target = dir.join(&f.path);
            if std::fs::read(&target).is_ok_and(|old| old == f.content.as_bytes()) {
                return Ok(false);
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // Write beside, then rename: a reader never sees half a file.
            let tmp = target.with_extension("odatagen-tmp");
            std::fs::write(&tmp, &f.content)?;
            std::fs::rename(&tmp, &target)?;
            Ok(true)
        })
        .collect::<io::Result<_>>()?;
    for (f, w) in files.iter().zip(written) {
        if w {
            report.written.push(f.path.clone());
        } else {
            report.unchanged += 1;
        }
    }
    Ok(())
}

/// Write `files` into `dir`: unchanged files are not touched; `.rs` files under `src/` that are no
/// longer generated are removed (the generator owns `src/`).
pub fn write(dir: &Path, files: &[OutputFile]) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    write_changed(dir, files, &mut report)?;
    let keep: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for old in existing_sources(dir) {
        if !keep.contains(old.as_path()) {
            std::fs::remove_file(dir.join(&old))?;
            report.removed.push(old);
        }
    }
    // Remove directories left empty.
    remove_empty_dirs(&dir.join("src"));
    Ok(report)
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if e.path().is_dir() {
            remove_empty_dirs(&e.path());
            let _ = std::fs::remove_dir(e.path()); // fails (and is kept) when not empty
        }
    }
}

/// Compare `files` with what is in `dir`.
pub fn check(dir: &Path, files: &[OutputFile]) -> Vec<Stale> {
    let mut out = Vec::new();
    for f in files {
        match std::fs::read_to_string(dir.join(&f.path)) {
            Ok(old) if old == f.content => {}
            Ok(old) => {
                let diff = similar::TextDiff::from_lines(&old, &f.content)
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("committed/{}", f.path.display()),
                        &format!("generated/{}", f.path.display()),
                    )
                    .to_string();
                out.push(Stale::Changed(f.path.clone(), diff));
            }
            Err(_) => out.push(Stale::Missing(f.path.clone())),
        }
    }
    let keep: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for old in existing_sources(dir) {
        if !keep.contains(old.as_path()) {
            out.push(Stale::Extra(old));
        }
    }
    out
}
