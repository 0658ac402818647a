//! Writing the emitted files: only what changed is rewritten (so mtimes, and cargo's caches, stay
//! put), files that are no longer generated are removed, and `check` compares without writing.
//!
//! A crate is written atomically at the directory level ([`write()`]): the new tree is staged in a
//! sibling directory (unchanged and foreign files hard-linked from the old tree, so they keep their
//! inode and mtime), then swapped in with two renames. A run that fails or is killed before the
//! swap leaves the previous output as it was; one killed between the two renames is repaired by
//! the next run (the previous tree is renamed back). A staging that fails (a full disk) is
//! removed. Runs writing the same output one after the other: each holds a lock on the
//! output's parent directory while it writes (Unix). A directory that cannot be renamed, a mount point (a container's volume mounted at the
//! output path), has its files replaced one by one instead, each atomically.

use crate::emit::OutputFile;
use crate::lock::GENERATED_MARK;
use rayon::prelude::*;
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

/// Rust sources under `dir/src`, relative to `dir`, sorted.
pub(crate) fn rust_sources(dir: &Path) -> Vec<PathBuf> {
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

/// Generated Rust sources under `dir/src` (relative to `dir`), sorted: those that start with
/// [`GENERATED_MARK`] (a user's own file there is neither removed nor reported).
fn existing_sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = rust_sources(dir);
    out.retain(|rel| starts_with_mark(&dir.join(rel)));
    out
}

/// Does the file at `path` start with [`GENERATED_MARK`]?
fn starts_with_mark(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; GENERATED_MARK.len()];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == GENERATED_MARK
}

/// An I/O error that names the output file (relative to the output directory) it happened on.
fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Write `files` into `dir` without removing anything else (for single-file output into a
/// directory the generator does not own, such as `OUT_DIR`). Unchanged files are not touched.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> io::Result<WriteReport> {
    // Two runs writing into one directory: one after the other (their temporary files share
    // names).
    let _lock = lock_dir(dir)?;
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
    let written: Vec<bool> = files
        .par_iter()
        .map(|f| -> io::Result<bool> {
            let target = dir.join(&f.path);
            if std::fs::read(&target).is_ok_and(|old| old == f.content.as_bytes()) {
                return Ok(false);
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(at(&f.path))?;
            }
            // Write beside, then rename: a reader never sees half a file.
            let tmp = target.with_extension("odatagen-tmp");
            std::fs::write(&tmp, &f.content).map_err(at(&f.path))?;
            std::fs::rename(&tmp, &target).map_err(at(&f.path))?;
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

/// Write `files` into `dir`: unchanged files are not touched; generated `.rs` files under `src/`
/// (those starting with [`GENERATED_MARK`]) that are no longer generated are removed. Atomic: `dir` holds either the old or
/// the new tree, never a mixture (see the module docs).
pub fn write(dir: &Path, files: &[OutputFile]) -> io::Result<WriteReport> {
    for f in files {
        safe_relative(&f.path)?;
    }
    let dir = &resolve_dir(dir)?;
    // Another run writing the same output (two build scripts, parallel tests) waits here: the
    // staging and previous trees beside `dir` are one run's at a time.
    let _lock = lock_beside(dir)?;
    recover(dir)?;
    let mut report = WriteReport::default();
    let mut to_write: BTreeSet<&Path> = BTreeSet::new();
    // Compared on all cores (thousands of files for a large service); the report keeps the
    // files' order.
    let same: Vec<bool> = files
        .par_iter()
        .map(|f| std::fs::read(dir.join(&f.path)).is_ok_and(|old| old == f.content.as_bytes()))
        .collect();
    for (f, same) in files.iter().zip(same) {
        if same {
            report.unchanged += 1;
        } else {
            to_write.insert(&f.path);
            report.written.push(f.path.clone());
        }
    }
    // A user's own source where a generated one goes (no generated header) is not replaced.
    if let Some(own) = report.written.iter().find(|p| {
        let at = dir.join(p);
        p.extension().is_some_and(|x| x == "rs") && at.is_file() && !starts_with_mark(&at)
    }) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not a file odatagen wrote (it does not start with the generated header), \
                 and the metadata now generates a file of that name: move it away or delete it",
                own.display()
            ),
        ));
    }
    let keep: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for old in existing_sources(dir) {
        if !keep.contains(old.as_path()) {
            report.removed.push(old);
        }
    }
    if report.written.is_empty() && report.removed.is_empty() {
        return Ok(report);
    }
    let stage = sibling(dir, "staging")?;
    if stage.exists() {
        std::fs::remove_dir_all(&stage)?;
    }
    std::fs::create_dir_all(&stage).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot create the staging directory {} beside it: {e}", stage.display()),
        )
    })?;
    // A staging that fails (a full disk) is removed, not left behind holding the space.
    if let Err(e) = stage_tree(dir, &stage, files, &to_write, &report.removed) {
        let _ = std::fs::remove_dir_all(&stage);
        return Err(e);
    }
    // The swap.
    if dir.exists() {
        let old = sibling(dir, "previous")?;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        match std::fs::rename(dir, &old) {
            Ok(()) => {}
            // A mount point (a container's volume mounted at the output path) cannot be renamed:
            // its files are replaced one by one instead, each atomically (the lock's output
            // digest makes the next run regenerate after an interrupted one).
            Err(e) if e.kind() == io::ErrorKind::ResourceBusy => {
                let _ = std::fs::remove_dir_all(&stage);
                write_changed(dir, files, &mut WriteReport::default())?;
                for gone in &report.removed {
                    std::fs::remove_file(dir.join(gone)).map_err(at(gone))?;
                }
                remove_empty_dirs(&dir.join("src"));
                return Ok(report);
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&stage);
                return Err(e);
            }
        }
        if let Err(e) = std::fs::rename(&stage, dir) {
            // Put the previous tree back: the output stays as it was.
            let _ = std::fs::rename(&old, dir);
            let _ = std::fs::remove_dir_all(&stage);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        let placed = match dir.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| std::fs::rename(&stage, dir));
        // Nothing half-written: a staging tree that cannot be put in place is removed.
        if let Err(e) = placed {
            let _ = std::fs::remove_dir_all(&stage);
            return Err(e);
        }
    }
    Ok(report)
}

/// Fill `stage` with the new tree: what stays of `dir` (hard-linked), then the files of `files`
/// in `to_write`, leaving out `removed`; directories get the permissions of `dir`'s.
fn stage_tree(
    dir: &Path,
    stage: &Path,
    files: &[OutputFile],
    to_write: &BTreeSet<&Path>,
    removed: &[PathBuf],
) -> io::Result<()> {
    // Everything of the old tree that stays as it is, then the new and changed files.
    let skip: BTreeSet<&Path> = to_write
        .iter()
        .copied()
        .chain(removed.iter().map(PathBuf::as_path))
        .collect();
    if dir.exists() {
        mirror(dir, stage, Path::new(""), &skip)?;
    }
    let new: Vec<&OutputFile> = files
        .iter()
        .filter(|f| to_write.contains(f.path.as_path()))
        .collect();
    // Each directory once (not once per file), then the files on all cores.
    let parents: BTreeSet<&Path> = new.iter().filter_map(|f| f.path.parent()).collect();
    for parent in parents {
        std::fs::create_dir_all(stage.join(parent)).map_err(at(parent))?;
    }
    new.par_iter()
        .try_for_each(|f| std::fs::write(stage.join(&f.path), &f.content).map_err(at(&f.path)))?;
    remove_empty_dirs(&stage.join("src"));
    if dir.exists() {
        // Directories keep their permissions (a private `.secrets/`, a setgid `src/`): set once
        // everything is written, so a read-only one is no obstacle.
        copy_dir_permissions(dir, stage, Path::new(""))?;
        // And the swapped-in directory the old one's.
        std::fs::set_permissions(stage, std::fs::metadata(dir)?.permissions())?;
    }
    Ok(())
}

/// An exclusive lock on the directory holding `dir` (created if need be), held until the
/// returned handle drops; `None` where directories cannot be locked (not Unix, or a file system
/// without `flock`), where concurrent runs into one output stay the caller's to avoid. The lock
/// is on the parent because `dir` itself is swapped, and a lock file beside it would be a stray
/// file in the user's tree.
fn lock_beside(dir: &Path) -> io::Result<Option<std::fs::File>> {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => lock_dir(p),
        _ => lock_dir(Path::new(".")),
    }
}

/// An exclusive lock on directory `parent` (created if need be): see [`lock_beside`].
fn lock_dir(parent: &Path) -> io::Result<Option<std::fs::File>> {
    #[cfg(unix)]
    {
        std::fs::create_dir_all(parent)?;
        let Ok(handle) = std::fs::File::open(parent) else { return Ok(None) };
        match handle.lock() {
            Ok(()) => Ok(Some(handle)),
            Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(None),
            Err(e) => Err(io::Error::new(
                e.kind(),
                format!("cannot lock {} to write the output in it: {e}", parent.display()),
            )),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = parent;
        Ok(None)
    }
}

/// `dir` with symbolic links resolved when it exists (the swap replaces the real directory, not a
/// link to it).
fn resolve_dir(dir: &Path) -> io::Result<PathBuf> {
    if dir.exists() {
        return std::fs::canonicalize(dir);
    }
    Ok(dir.to_path_buf())
}

/// `.<name>.odatagen-<what>` beside `dir`.
fn sibling(dir: &Path, what: &str) -> io::Result<PathBuf> {
    let name = dir.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("the output directory needs a name: {}", dir.display()),
        )
    })?;
    let mut file = std::ffi::OsString::from(".");
    file.push(name);
    file.push(format!(".odatagen-{what}"));
    Ok(dir.with_file_name(file))
}

/// Repair what a run killed during the swap left: the previous tree renamed away and the new one
/// not yet in place (put the previous one back); remove a stale staging tree.
fn recover(dir: &Path) -> io::Result<()> {
    let old = sibling(dir, "previous")?;
    if old.is_dir() {
        if dir.exists() {
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&old, dir)?;
        }
    }
    let stage = sibling(dir, "staging")?;
    if stage.exists() {
        std::fs::remove_dir_all(&stage)?;
    }
    Ok(())
}

/// Recreate `from/rel` under `to/rel`: directories as directories, files as hard links (a copy
/// with the same modification time where links are impossible), symbolic links as links; the
/// relative paths in `skip` are left out.
fn mirror(from: &Path, to: &Path, rel: &Path, skip: &BTreeSet<&Path>) -> io::Result<()> {
    for entry in std::fs::read_dir(from.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if skip.contains(rel.as_path()) {
            continue;
        }
        let (src, dst) = (from.join(&rel), to.join(&rel));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            std::fs::create_dir_all(&dst)?;
            mirror(from, to, &rel, skip)?;
        } else if kind.is_symlink() {
            copy_link(&src, &dst)?;
        } else if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst)?;
            let modified = std::fs::metadata(&src)?.modified()?;
            std::fs::File::options().write(true).open(&dst)?.set_modified(modified)?;
        }
    }
    Ok(())
}

/// Give each directory under `to` the permissions of its counterpart under `from`, deepest
/// first.
fn copy_dir_permissions(from: &Path, to: &Path, rel: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(from.join(rel))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            let rel = rel.join(entry.file_name());
            if to.join(&rel).is_dir() {
                copy_dir_permissions(from, to, &rel)?;
                std::fs::set_permissions(to.join(&rel), entry.metadata()?.permissions())?;
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(src: &Path, dst: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(src)?, dst)
}

#[cfg(not(unix))]
fn copy_link(src: &Path, dst: &Path) -> io::Result<()> {
    std::fs::copy(src, dst).map(|_| ())
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
    // Compared on all cores; the result keeps the files' order.
    let mut out: Vec<Stale> = files
        .par_iter()
        .filter_map(|f| match std::fs::read_to_string(dir.join(&f.path)) {
            Ok(old) if old == f.content => None,
            Ok(old) => {
                let diff = similar::TextDiff::from_lines(&old, &f.content)
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("committed/{}", f.path.display()),
                        &format!("generated/{}", f.path.display()),
                    )
                    .to_string();
                Some(Stale::Changed(f.path.clone(), diff))
            }
            Err(_) => Some(Stale::Missing(f.path.clone())),
        })
        .collect();
    let keep: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for old in existing_sources(dir) {
        if !keep.contains(old.as_path()) {
            out.push(Stale::Extra(old));
        }
    }
    out
}
