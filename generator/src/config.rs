//! The library API (a builder in the style of prost-build) and the committed config file
//! `odatagen.toml` that `odatagen` with no arguments reads.

use crate::diagnostics::{Diagnostic, Errors};
use crate::emit::layout::{self, Emit};
use crate::emit::{self, EmitOptions, OutputFile};
use crate::lock::{self, LOCK_FILE, Lock, LockedInput};
use crate::ir::{Model, Protocol};
use crate::ir::select::Selection;
use crate::writer::{self, Stale, WriteReport};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The default config file name, looked up in the current directory and its ancestors.
pub const CONFIG_FILE: &str = "odatagen.toml";

/// The committed config file.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Input metadata, relative to the config file.
    pub metadata: PathBuf,
    /// Output crate directory, relative to the config file.
    pub out: PathBuf,
    /// Package name of the generated crate.
    pub crate_name: String,
    /// Selection (qualified type names or namespaces); empty: everything.
    #[serde(default)]
    pub include: Vec<String>,
    /// Service root the generated client uses by default (e.g. `https://graph.microsoft.com/beta`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// `false`: models only, no request code (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<bool>,
    /// Namespace whose functions and actions the service accepts unqualified in URLs (as
    /// `Core.DefaultNamespace` says; Microsoft Graph: `microsoft.graph`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_namespace: Option<String>,
    /// Folders to look in for documents that CSDL `edmx:Reference`s name, relative to the config
    /// file (see [`Config::references`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<PathBuf>,
    /// Int64 values may be JSON strings, as OData V4 services write them for clients that ask
    /// for `IEEE754Compatible=true` (see [`Config::ieee754_compatible`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ieee754_compatible: Option<bool>,
    /// Items of collection properties may be `null` unless the metadata says `Nullable="false"`
    /// (see [`Config::nullable_items`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable_items: Option<bool>,
    /// The generated crate's `version` (default `0.1.0`; see [`Config::crate_version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The generated crate's `license` (see [`Config::license`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// The generated crate's `publish` (default `false`; see [`Config::publish`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<bool>,
    /// The generated crate's `description` (see [`Config::description`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The generated crate's `repository` (see [`Config::repository`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
}

impl ConfigFile {
    /// Read and parse a config file.
    pub fn read(path: &Path) -> Result<Self, Errors> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Errors(vec![Diagnostic::error(
                "E0001",
                format!("cannot read {}: {e}", path.display()),
            )])
        })?;
        toml::from_str(&text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| crate::diagnostics::LineIndex::new(text.as_bytes()).line_col(text.as_bytes(), s.start))
                .unwrap_or((1, 1));
            Errors(vec![
                Diagnostic::error("E0006", format!("invalid config: {}", e.message()))
                    .at_file(path, line, col),
            ])
        })
    }

    /// Find `odatagen.toml` in `start` or its ancestors.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// The builder this file describes (paths resolved against `dir`, the file's directory).
    pub fn to_config(&self, dir: &Path) -> (Config, PathBuf) {
        let mut c = Config::new()
            .metadata(dir.join(&self.metadata))
            .crate_name(&self.crate_name)
            .input_label(self.metadata.to_string_lossy().replace('\\', "/"));
        for i in &self.include {
            c = c.include(i);
        }
        if let Some(u) = &self.base_url {
            c = c.base_url(u);
        }
        if let Some(r) = self.requests {
            c = c.requests(r);
        }
        if let Some(n) = &self.default_namespace {
            c = c.default_namespace(n);
        }
        if let Some(yes) = self.ieee754_compatible {
            c = c.ieee754_compatible(yes);
        }
        if let Some(yes) = self.nullable_items {
            c = c.nullable_items(yes);
        }
        if let Some(v) = &self.version {
            c = c.crate_version(v);
        }
        if let Some(l) = &self.license {
            c = c.license(l);
        }
        if let Some(yes) = self.publish {
            c = c.publish(yes);
        }
        if let Some(d) = &self.description {
            c = c.description(d);
        }
        if let Some(r) = &self.repository {
            c = c.repository(r);
        }
        for r in &self.references {
            c = c.references(dir.join(r));
        }
        (c, dir.join(&self.out))
    }
}

/// How file headers and the lock name the metadata file `p`: without `.` segments (`./in/m.xml`
/// and `in/m.xml` name one file), and relative to the current directory when an absolute path
/// lies within it (`/home/me/api/in/m.xml` from `/home/me/api`, as build scripts spell
/// `CARGO_MANIFEST_DIR` paths, is `in/m.xml`): one output however the path was typed, so `check`
/// does not depend on the spelling, nor the bytes on where a clone lives.
fn path_label(p: &Path) -> PathBuf {
    let tidy: PathBuf = p
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if tidy.as_os_str().is_empty() {
        return p.to_path_buf();
    }
    if tidy.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path_within(&tidy, &cwd))
            .unwrap_or(tidy)
    } else {
        tidy
    }
}

/// `p` relative to `dir` when it lies within it (compared as written, then with symbolic links
/// resolved: a temporary directory behind `/tmp`, say).
fn path_within(p: &Path, dir: &Path) -> Option<PathBuf> {
    let rel = match p.strip_prefix(dir) {
        Ok(rel) if !rel.components().any(|c| c == std::path::Component::ParentDir) => rel.to_path_buf(),
        _ => p.canonicalize().ok()?.strip_prefix(dir.canonicalize().ok()?).ok()?.to_path_buf(),
    };
    Some(rel).filter(|r| !r.as_os_str().is_empty())
}

/// `path` relative to `dir` when both are relative or both absolute: `../refs/a.xml` for a
/// document found in a sibling folder of the main document's (a lock file must not record an
/// absolute path that differs between clones). Lexical: `..` components in either are kept.
fn relative_to(path: &Path, dir: &Path) -> Option<PathBuf> {
    use std::path::Component;
    if path.is_absolute() != dir.is_absolute() {
        return None;
    }
    let (p, d): (Vec<Component<'_>>, Vec<Component<'_>>) = (
        path.components()
            .filter(|c| *c != Component::CurDir)
            .collect(),
        dir.components()
            .filter(|c| *c != Component::CurDir)
            .collect(),
    );
    let common = p.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let rest = d.get(common..).unwrap_or_default();
    if rest.contains(&Component::ParentDir) {
        return None;
    }
    let mut out: PathBuf = rest.iter().map(|_| Component::ParentDir).collect();
    out.extend(p.get(common..).unwrap_or_default());
    Some(out)
}

/// The generator's version and source fingerprint, as recorded in lock files.
pub fn generator_id() -> String {
    format!(
        "odatagen {} ({})",
        env!("CARGO_PKG_VERSION"),
        env!("ODATAGEN_FINGERPRINT")
    )
}

/// Generation settings: what to read, what to select, how to name the crate.
///
/// From a build script, into `OUT_DIR` as one file for `include!` (`tests/downstream/` in the
/// repository is a complete crate doing this):
///
/// ```no_run
/// // build.rs
/// let out_dir = std::env::var_os("OUT_DIR").expect("run by cargo");
/// odatagen::Config::new()
///     .metadata("metadata/service.xml")
///     .crate_name("service") // the file is `service.rs`
///     .emit(odatagen::Emit::SingleFile)
///     .module_root("crate::service") // where src/lib.rs includes it
///     .cargo_rerun_if_changed(true)
///     .generate(&out_dir)?; // errors are values, each naming file:line:column
/// # Ok::<(), odatagen::diagnostics::Errors>(())
/// ```
///
/// and in `src/lib.rs`: `pub mod service { include!(concat!(env!("OUT_DIR"), "/service.rs")); }`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    metadata: Option<PathBuf>,
    references: Vec<PathBuf>,
    include: Vec<String>,
    crate_name: Option<String>,
    input_label: Option<String>,
    base_url: Option<String>,
    default_namespace: Option<String>,
    models_only: bool,
    ieee754_compatible: bool,
    nullable_items: bool,
    package: crate::emit::PackageOptions,
    emit: Emit,
    module_root: Option<String>,
    rerun_if_changed: bool,
    force: bool,
}

/// The result of rendering: files in memory, plus what the run found.
#[derive(Debug)]
pub struct Rendered {
    /// The crate's files.
    pub files: Vec<OutputFile>,
    /// Warnings and notes from reading and checking the metadata.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of types emitted.
    pub types: usize,
    /// Every input file read (the metadata and the documents it references).
    pub inputs: Vec<PathBuf>,
    /// Files looked for and not found (documents the metadata references): the output changes
    /// when one appears.
    pub absent: Vec<PathBuf>,
}

/// What `generate` did.
#[derive(Debug)]
pub struct Generated {
    /// The rendering (`None` when skipped because the lock file matched).
    pub rendered: Option<Rendered>,
    /// The write.
    pub report: WriteReport,
    /// Every input file the output is generated from (the metadata and the documents it
    /// references), also when the lock file skipped the run: the files
    /// [`Config::cargo_rerun_if_changed`] names.
    pub inputs: Vec<PathBuf>,
    /// Files looked for and not found (documents the metadata references), also when the lock
    /// file skipped the run: [`Config::cargo_rerun_if_changed`] names the folders holding them.
    pub absent: Vec<PathBuf>,
}

impl Config {
    /// Empty settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The metadata document to read.
    pub fn metadata(mut self, path: impl Into<PathBuf>) -> Self {
        self.metadata = Some(path.into());
        self
    }

    /// Add a folder to look in for the documents that CSDL `edmx:Reference`s name, after the
    /// referencing document's own folder (as a compiler's include path). A relative URI is looked
    /// up as it is, an absolute one by its file name: DMTF Redfish's
    /// `http://redfish.dmtf.org/schemas/v1/Resource_v1.xml` is `Resource_v1.xml` in one of these
    /// folders. Repeatable; searched in order.
    pub fn references(mut self, dir: impl Into<PathBuf>) -> Self {
        self.references.push(dir.into());
        self
    }

    /// Add a selector: a qualified type name (`microsoft.graph.user`, or alias-qualified
    /// `graph.user`) or a namespace. Without any, everything is generated.
    pub fn include(mut self, selector: impl Into<String>) -> Self {
        self.include.push(selector.into());
        self
    }

    /// The generated package's name (default: `odata-models`). With [`Emit::SingleFile`], the
    /// file's name: `service.rs` for `service`, `odata_models.rs` by default (`-` becomes `_`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// How file headers and the lock name the input. Default: the metadata path relative to
    /// the directory holding the output directory when it lies within it, else relative to the
    /// current directory when within it, else as given (without `.` segments): however the path
    /// is typed and wherever the generator runs, one input gives one output.
    pub fn input_label(mut self, label: impl Into<String>) -> Self {
        self.input_label = Some(label.into());
        self
    }

    /// Emit request code (`request`, `requests`, the `client` feature): default `true`; `false`
    /// gives models only (no HTTP dependencies).
    pub fn requests(mut self, yes: bool) -> Self {
        self.models_only = !yes;
        self
    }

    /// OData V4 Int64 properties typed `odata::Quoted<i64>` instead of `i64`: a value may then be
    /// a JSON number or a string (`"42"`, the `IEEE754Compatible=true` form, which JavaScript
    /// clients ask for because a double cannot hold every Int64) and is written back as it was
    /// received. Default `false`: an Int64 string is an error naming its path. OData V1–V3
    /// crates read both forms always.
    pub fn ieee754_compatible(mut self, yes: bool) -> Self {
        self.ieee754_compatible = yes;
        self
    }

    /// Collection properties whose items may be `null` (CSDL: `Nullable` of a collection is
    /// about its items, and defaults to true) typed `Vec<Option<T>>`, so a payload such as
    /// `"Emails": ["a@example.com", null]` reads and round-trips. Default `false`: collections
    /// are `Vec<T>` and a `null` item is an error naming its path (Microsoft Graph leaves 649 of
    /// its 884 collection properties nullable, and sends no `null` items).
    pub fn nullable_items(mut self, yes: bool) -> Self {
        self.nullable_items = yes;
        self
    }

    /// The generated crate's `version` (default `0.1.0`): a semantic version, as cargo asks.
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.package.version = Some(version.into());
        self
    }

    /// The generated crate's `license`, an SPDX expression (`MIT OR Apache-2.0`; default
    /// none). Its `README.md` says that the runtime modules are odatagen's (MIT).
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.package.license = Some(license.into());
        self
    }

    /// Whether cargo may publish the generated crate (default `false`: it is a path
    /// dependency of the crate that generates it).
    pub fn publish(mut self, yes: bool) -> Self {
        self.package.publish = yes;
        self
    }

    /// The generated crate's `description` (default "Typed models generated by odatagen from
    /// `<metadata>`"): one line, as crates.io shows it.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.package.description = Some(description.into());
        self
    }

    /// The generated crate's `repository`: an `http`/`https` URL (default none).
    pub fn repository(mut self, url: impl Into<String>) -> Self {
        self.package.repository = Some(url.into());
        self
    }

    /// Functions and actions of this namespace are written unqualified in URLs (the service
    /// treats it as its default namespace); others, and all without this, namespace-qualified.
    pub fn default_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.default_namespace = Some(namespace.into());
        self
    }

    /// The service root the generated clients use by default.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The output layout: a crate (default) or one file for `include!`.
    pub fn emit(mut self, emit: Emit) -> Self {
        self.emit = emit;
        self
    }

    /// For [`Emit::SingleFile`]: the module the file is included in, e.g. `crate::graph` when the
    /// includer writes `pub mod graph { include!(...); }` (default: the crate root, `crate`).
    pub fn module_root(mut self, path: impl Into<String>) -> Self {
        self.module_root = Some(path.into());
        self
    }

    /// Print `cargo:rerun-if-changed=PATH` for every input file read (for `build.rs`), also
    /// when the lock file shows the output up to date and nothing is generated (a build script
    /// run that names none makes cargo stop watching them).
    pub fn cargo_rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Regenerate even when the lock file says inputs and options are unchanged.
    pub fn force(mut self, yes: bool) -> Self {
        self.force = yes;
        self
    }

    fn crate_name_or_default(&self) -> String {
        self.crate_name
            .clone()
            .unwrap_or_else(|| "odata-models".into())
    }

    fn label(&self) -> String {
        self.input_label.clone().unwrap_or_else(|| {
            self.metadata
                .as_ref()
                .map(|p| path_label(p).to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        })
    }

    fn options(&self) -> Vec<String> {
        let mut o = Vec::new();
        if let Some(r) = self.module_root.as_ref().filter(|r| *r != "crate") {
            o.push(format!("module-root={r}"));
        }
        if let Some(u) = &self.base_url {
            o.push(format!("base-url={u}"));
        }
        if self.models_only {
            o.push("requests=false".into());
        }
        if let Some(n) = &self.default_namespace {
            o.push(format!("default-namespace={n}"));
        }
        if self.ieee754_compatible {
            o.push("ieee754-compatible".into());
        }
        if self.nullable_items {
            o.push("nullable-items".into());
        }
        if let Some(v) = &self.package.version {
            o.push(format!("version={v}"));
        }
        if let Some(l) = &self.package.license {
            o.push(format!("license={l}"));
        }
        if self.package.publish {
            o.push("publish".into());
        }
        if let Some(d) = &self.package.description {
            o.push(format!("description={d}"));
        }
        if let Some(r) = &self.package.repository {
            o.push(format!("repository={r}"));
        }
        // The folders searched for referenced documents, in order: other folders may resolve
        // a reference to another document, so the lock must not skip that run.
        for r in &self.references {
            o.push(format!("references={}", self.lock_path(r)));
        }
        o
    }

    /// How the lock names `p`, a referenced document or a folder of them: relative to the
    /// main document, as the label names it, when both are relative or both absolute (the same
    /// text wherever a clone lives), else as given.
    fn lock_path(&self, p: &Path) -> String {
        let main_dir = self
            .metadata
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let label = self.label();
        let label_dir = Path::new(&label).parent().map(Path::to_path_buf).unwrap_or_default();
        match relative_to(p, &main_dir) {
            Some(rel) => label_dir.join(rel).to_string_lossy().replace('\\', "/"),
            None => p.to_string_lossy().replace('\\', "/"),
        }
    }

    /// The selectors, sorted and without repeats: one selection however they are listed (the
    /// output is the same, so the lock must be too).
    fn include_set(&self) -> Vec<String> {
        let mut set = self.include.clone();
        set.sort();
        set.dedup();
        set
    }

    /// The lock describing this configuration and `inputs` (as read from disk now).
    fn lock_for(&self, inputs: &[PathBuf], absent: &[PathBuf], output: String) -> Lock {
        let label = self.label();
        let input = inputs
            .iter()
            .enumerate()
            .map(|(i, p)| LockedInput {
                path: if i == 0 { label.clone() } else { self.lock_path(p) },
                sha256: std::fs::read(p).map(|b| lock::input_digest(&b)).unwrap_or_default(),
            })
            .collect();
        Lock {
            generator: generator_id(),
            crate_name: self.crate_name_or_default(),
            emit: self.emit.as_str().into(),
            include: self.include_set(),
            options: self.options(),
            output,
            input,
            absent: absent.iter().map(|p| self.lock_path(p)).collect(),
        }
    }

    /// Is the output in `out_dir` already generated from these exact inputs and options?
    pub fn is_up_to_date(&self, out_dir: &Path) -> bool {
        // The metadata named as `generate` names it (see `anchored`).
        let anchored = self.anchored(out_dir);
        anchored.as_ref().unwrap_or(self).up_to_date_inputs(out_dir).is_some()
    }

    /// The input files the lock in `out_dir` records (as this configuration names them) when
    /// the output there is generated from them, unchanged, with these options; `None` when it
    /// must be generated.
    fn up_to_date_inputs(&self, out_dir: &Path) -> Option<(Vec<PathBuf>, Vec<PathBuf>)> {
        let old = Lock::read(&out_dir.join(LOCK_FILE))?;
        let main = self.metadata.as_ref()?;
        let label = self.label();
        let label_dir = Path::new(&label).parent().map(Path::to_path_buf).unwrap_or_default();
        let main_dir = main.parent().map(Path::to_path_buf).unwrap_or_default();
        let same_options = old.generator == generator_id()
            && old.crate_name == self.crate_name_or_default()
            && old.emit == self.emit.as_str()
            && old.include == self.include_set()
            && old.options == self.options();
        let resolve = |p: &str| {
            if p == label {
                main.clone()
            } else {
                match Path::new(p).strip_prefix(&label_dir) {
                    Ok(rel) => lexical(&main_dir.join(rel)),
                    Err(_) => PathBuf::from(p),
                }
            }
        };
        let fresh = same_options
            && old.output_unchanged(out_dir)
            && old.input.first().is_some_and(|i| i.path == label)
            && old.inputs_unchanged(resolve);
        fresh.then(|| {
            (
                old.input.iter().map(|i| resolve(&i.path)).collect(),
                old.absent.iter().map(|p| resolve(p)).collect(),
            )
        })
    }

    /// Read and resolve the metadata.
    pub fn load(&self) -> Result<(Model, Vec<Diagnostic>), Errors> {
        let path = self.metadata.as_ref().ok_or_else(|| {
            Errors(vec![Diagnostic::error("E0007", "no metadata file given")])
        })?;
        crate::frontend::load_with(
            path,
            &crate::frontend::LoadOptions {
                references: self.references.clone(),
                ..Default::default()
            },
        )
    }

    /// Read, select and emit, in memory.
    pub fn render(&self) -> Result<Rendered, Errors> {
        if self.emit == Emit::Crate {
            check_crate_name(&self.crate_name_or_default()).map_err(|d| Errors(vec![d]))?;
            check_package(&self.package).map_err(|d| Errors(vec![d]))?;
        }
        if let Some(url) = &self.base_url {
            check_base_url(url).map_err(|d| Errors(vec![d]))?;
        }
        let (model, mut diagnostics) = self.load()?;
        // A schema's alias names its namespace (`graph` for `microsoft.graph`).
        let default_namespace = self.default_namespace.as_ref().map(|ns| {
            model
                .schemas
                .iter()
                .find(|s| s.alias.as_ref() == Some(ns) && &s.namespace != ns)
                .map_or_else(|| ns.clone(), |s| s.namespace.clone())
        });
        if let Some(ns) = &default_namespace
            && !model.schemas.iter().any(|s| &s.namespace == ns)
            && !model.types.iter().any(|t| &t.namespace == ns)
        {
            let mut d = Diagnostic::warning(
                "W0105",
                format!(
                    "default namespace `{ns}` is no namespace of the metadata: every operation \
                     stays namespace-qualified in URLs"
                ),
            );
            let spaces: std::collections::BTreeSet<&str> =
                model.types.iter().map(|t| t.namespace.as_str()).collect();
            if let Some(s) = crate::validate::checks::suggest(ns, spaces.into_iter()) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            diagnostics.push(d);
        }
        let (paths, types): (Vec<String>, Vec<String>) = self
            .include
            .iter()
            .cloned()
            .partition(|s| crate::ir::path::is_path(s));
        let by_path = crate::ir::path::select(&model, &paths).map_err(|e| {
            let mut all = diagnostics.clone();
            all.push(Diagnostic::error("E0210", format!("`--include`: {e}")));
            Errors(all)
        })?;
        let mut selectors = types.clone();
        selectors.extend(by_path.types.iter().cloned());
        let selection = Selection::closure(&model, &selectors).map_err(|u| {
            let mut d = Diagnostic::error(
                "E0211",
                format!("`--include {}` names no type or namespace of the metadata", u.0),
            );
            if let Some(s) = crate::ir::select::suggest(&model, &u.0) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            let mut all = diagnostics.clone();
            all.push(d);
            Errors(all)
        })?;
        diagnostics.extend(crate::lint::selection_warnings(&model, &selection));
        diagnostics.extend(crate::lint::capability_warnings(&model));
        diagnostics.extend(crate::lint::validation_failures(&model));
        if model.types.is_empty() {
            // A vocabulary, or a document of annotations only: say why the crate is empty.
            diagnostics.push(Diagnostic::note(
                "N0010",
                "the metadata declares no types (entity, complex, enum or type definition): the \
                 crate has no models",
            ));
        }
        if let Protocol::Legacy(version) = &model.protocol
            && !self.models_only
        {
            diagnostics.push(
                Diagnostic::note(
                    "N0009",
                    format!(
                        "OData {version} metadata: the request code speaks V1–V3 (`{{\"d\": ...}}`, \
                         typed key literals, `$inlinecount`, `MERGE`, service operations and V3 \
                         functions with their parameters in the query string, V3 actions with a \
                         JSON body); service operations and functions taking non-primitive \
                         parameters get no request code"
                    ),
                ),
            );
        }
        if !self.models_only {
            diagnostics.extend(crate::lint::unbindable_operation_notes(&model));
        }
        let operations = emit::requests::selected_operations(&model, &types, &by_path)
            .map_err(|u| Errors(vec![Diagnostic::error("E0211", format!("unknown selector {}", u.0))]))?;
        let opts = EmitOptions {
            crate_name: self.crate_name_or_default(),
            input_label: self.label(),
            request: emit::requests::RequestOptions {
                base_url: self.base_url.clone(),
                operations,
                models_only: self.models_only,
                default_namespace,
            },
            ieee754_compatible: self.ieee754_compatible,
            nullable_items: self.nullable_items,
            namespace_features: self.emit == Emit::Crate,
            package: self.package.clone(),
        };
        let mut files = emit::emit(&model, &selection, &opts).map_err(|d| Errors(vec![d]))?;
        match self.emit {
            Emit::Crate => {
                let output =
                    lock::output_digest(files.iter().map(|f| (f.path.as_path(), f.content.as_bytes())));
                files.push(OutputFile {
                    path: LOCK_FILE.into(),
                    content: self.lock_for(&model.sources, &model.absent, output).to_text(),
                });
                files.sort_by(|a, b| a.path.cmp(&b.path));
            }
            Emit::SingleFile => {
                let root = self.module_root.as_deref().unwrap_or("crate");
                let content = layout::single_file(&files, root).map_err(|d| Errors(vec![d]))?;
                let name = crate::emit::naming::module(&opts.crate_name);
                files = vec![OutputFile {
                    path: format!("{name}.rs").into(),
                    content,
                }];
            }
        }
        Ok(Rendered {
            files,
            diagnostics,
            types: selection.len(),
            inputs: model.sources.clone(),
            absent: model.absent.clone(),
        })
    }

    /// Render and write into `out_dir` (only changed files are written). With [`Emit::Crate`],
    /// nothing is read or written when the lock file shows the same inputs and options.
    pub fn generate(&self, out_dir: impl AsRef<Path>) -> Result<Generated, Errors> {
        let out_dir = out_dir.as_ref();
        let anchored = self.anchored(out_dir);
        let this = anchored.as_ref().unwrap_or(self);
        this.generate_anchored(out_dir)
    }

    /// Without an [`input_label`](Self::input_label), the metadata is named relative to the
    /// directory holding `out_dir` when it lies within it (`metadata/api.xml` for
    /// `--out generated` from the workspace root, from a subdirectory, or as an absolute path):
    /// `generate` and `check` give one output wherever they are run from.
    fn anchored(&self, out_dir: &Path) -> Option<Config> {
        if self.input_label.is_some() {
            return None;
        }
        let metadata = self.metadata.as_ref()?;
        let holder = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None => out_dir.join(".."),
        };
        let within = path_within(metadata, &holder)?;
        Some(self.clone().input_label(within.to_string_lossy().replace('\\', "/")))
    }

    fn generate_anchored(&self, out_dir: &Path) -> Result<Generated, Errors> {
        if self.emit == Emit::Crate
            && !self.force
            && let Some((inputs, absent)) = self.up_to_date_inputs(out_dir)
        {
            // Named again: a build script's run replaces the `rerun-if-changed` set of its
            // previous run, and one without them makes cargo stop watching the metadata.
            self.print_rerun_if_changed(&inputs, &absent);
            return Ok(Generated {
                rendered: None,
                report: WriteReport::default(),
                inputs,
                absent,
            });
        }
        if self.emit == Emit::Crate {
            not_foreign(out_dir).map_err(|d| Errors(vec![d]))?;
        }
        let rendered = self.render()?;
        self.print_rerun_if_changed(&rendered.inputs, &rendered.absent);
        let report = match self.emit {
            Emit::Crate => writer::write(out_dir, &rendered.files),
            Emit::SingleFile => writer::write_files(out_dir, &rendered.files),
        }
        .map_err(|e| {
            Errors(vec![Diagnostic::error(
                "E0008",
                format!("cannot write {}: {e}", out_dir.display()),
            )])
        })?;
        Ok(Generated {
            inputs: rendered.inputs.clone(),
            absent: rendered.absent.clone(),
            rendered: Some(rendered),
            report,
        })
    }

    /// `cargo:rerun-if-changed` for each of `inputs`, and for each folder holding a file of
    /// `absent` (cargo reruns on every build for a path that does not exist; a folder is
    /// watched for any file in it changing or appearing), when asked for.
    fn print_rerun_if_changed(&self, inputs: &[PathBuf], absent: &[PathBuf]) {
        if self.rerun_if_changed {
            for input in inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
            for dir in watched_folders(absent) {
                println!("cargo:rerun-if-changed={}", dir.display());
            }
        }
    }

    /// Render and compare with `out_dir`.
    pub fn check(&self, out_dir: impl AsRef<Path>) -> Result<(Rendered, Vec<Stale>), Errors> {
        let anchored = self.anchored(out_dir.as_ref());
        let rendered = anchored.as_ref().unwrap_or(self).render()?;
        let stale = writer::check(out_dir.as_ref(), &rendered.files);
        Ok((rendered, stale))
    }
}

/// `path` with each `dir/..` pair removed (`meta/../refs/x.xml` is `refs/x.xml`), as the paths
/// the lock names were before they were made relative.
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match (c, out.last()) {
            (Component::ParentDir, Some(Component::Normal(_))) => {
                out.pop();
            }
            (Component::CurDir, Some(_)) => {}
            _ => out.push(c),
        }
    }
    out.iter().collect()
}

/// The existing folders holding the files of `absent`, sorted, each once.
fn watched_folders(absent: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = absent
        .iter()
        .filter_map(|p| p.parent())
        .map(|d| if d.as_os_str().is_empty() { PathBuf::from(".") } else { d.to_path_buf() })
        .filter(|d| d.is_dir())
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// E0014 unless the package settings are what cargo accepts: a semantic version
/// (`MAJOR.MINOR.PATCH`, numbers without leading zeros, then `-pre` and `+build` parts of
/// letters, digits, `-` and `.`), a license and a description without control characters, a
/// repository that is an absolute `http`/`https` URL.
fn check_package(p: &crate::emit::PackageOptions) -> Result<(), Diagnostic> {
    if let Some(v) = &p.version {
        let (core, rest) = v.split_once(['-', '+']).map_or((v.as_str(), ""), |(c, _)| (c, &v[c.len()..]));
        let numbers: Vec<&str> = core.split('.').collect();
        let number_ok = |n: &&str| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n.len() == 1 || !n.starts_with('0'))
        };
        let rest_ok = rest.split(['-', '+', '.']).skip(1).all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric())
        }) || rest.is_empty();
        if numbers.len() != 3 || !numbers.iter().all(number_ok) || !rest_ok {
            return Err(Diagnostic::error(
                "E0014",
                format!("invalid crate version `{v}`: cargo takes a semantic version such as `1.2.3` or `0.4.0-beta.1`"),
            ));
        }
    }
    if let Some(l) = &p.license
        && (l.trim().is_empty() || l.chars().any(char::is_control))
    {
        return Err(Diagnostic::error(
            "E0014",
            format!("invalid license {l:?}: an SPDX expression such as `MIT OR Apache-2.0`"),
        ));
    }
    if let Some(d) = &p.description
        && (d.trim().is_empty() || d.chars().any(char::is_control))
    {
        return Err(Diagnostic::error(
            "E0014",
            format!("invalid description {d:?}: one line of text"),
        ));
    }
    if let Some(r) = &p.repository
        && check_base_url(r).is_err()
    {
        return Err(Diagnostic::error(
            "E0014",
            format!("invalid repository {r:?}: an absolute `http` or `https` URL such as `https://github.com/me/api`"),
        ));
    }
    Ok(())
}

/// E0013 unless `url` is an absolute `http`/`https` URL with a host (the service root the
/// generated client sends requests to).
fn check_base_url(url: &str) -> Result<(), Diagnostic> {
    let rest = ["http://", "https://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .map(|p| &url[p.len()..])
    });
    // The host of the authority (after any `user@`, before any `:port`; `[...]` for IPv6).
    let host = |r: &str| {
        let authority = r.split(['/', '?', '#']).next().unwrap_or_default();
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host_port.starts_with('[') {
            host_port.split_once(']').map_or("", |(h, _)| h).trim_start_matches('[').to_owned()
        } else {
            host_port.split(':').next().unwrap_or_default().to_owned()
        }
    };
    let problem = match rest {
        None => Some("it does not start with `http://` or `https://`"),
        Some(r) if host(r).is_empty() => Some("it has no host"),
        Some(r) if r.contains(['?', '#']) => {
            Some("it has a query or a fragment (request paths and query options are appended to it)")
        }
        Some(_) if url.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Some("it holds whitespace or control characters")
        }
        Some(_) => None,
    };
    match problem {
        Some(why) => Err(Diagnostic::error(
            "E0013",
            format!("base URL `{}` is not an absolute http(s) URL: {why}", url.escape_debug()),
        )),
        None => Ok(()),
    }
}

/// E0012 unless `dir` is absent, empty (but for hidden entries such as `.git`) or a crate odatagen
/// wrote (it holds `odatagen.lock`): writing a crate replaces the directory's `Cargo.toml`,
/// `README.md` and generated sources, which must not be a user's own files.
fn not_foreign(dir: &Path) -> Result<(), Diagnostic> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return match (std::fs::metadata(dir), std::fs::symlink_metadata(dir)) {
            (Ok(m), _) if !m.is_dir() => Err(Diagnostic::error(
                "E0012",
                format!("cannot generate into {}: it is not a directory", dir.display()),
            )),
            // A link whose target does not exist: the swap would replace the link itself (or
            // fail), so say what is there rather than let the OS refuse the rename.
            (Err(_), Ok(m)) if m.is_symlink() => {
                let target = std::fs::read_link(dir).unwrap_or_default();
                Err(Diagnostic::error(
                    "E0012",
                    format!(
                        "cannot generate into {}: it is a symbolic link to `{}`, which does not exist",
                        dir.display(),
                        target.display()
                    ),
                )
                .with_note("create the directory it points to, or remove the link"))
            }
            _ => Ok(()),
        };
    };
    if dir.join(LOCK_FILE).is_file() {
        return Ok(());
    }
    let mut foreign: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let shown: Vec<String> = foreign.iter().take(5).map(|n| format!("`{n}`")).collect();
    let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
    Err(Diagnostic::error(
        "E0012",
        format!(
            "refusing to generate into {}: it holds files odatagen did not write ({}{more}) and no \
             `{LOCK_FILE}`",
            dir.display(),
            shown.join(", ")
        ),
    )
    .with_note("generating a crate replaces its `Cargo.toml`, `README.md` and `src/`; choose a new or empty directory"))
}

/// A package name that cargo accepts and whose library name rustc does not warn about: ASCII
/// lowercase letters, digits, `-` and `_` (never two in a row), starting with a letter (E0011
/// otherwise).
fn check_crate_name(name: &str) -> Result<(), Diagnostic> {
    let problem = if name.is_empty() {
        Some("it is empty")
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with a letter")
    } else if name.chars().any(|c| c.is_ascii_uppercase()) {
        Some("it has uppercase letters (rustc warns about crate names that are not snake case)")
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Some("only ASCII letters, digits, `-` and `_` are allowed")
    } else if name.as_bytes().windows(2).any(|w| w.iter().all(|c| matches!(c, b'-' | b'_'))) {
        Some("two separators in a row make `__` in the library name, which rustc warns is not snake case")
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some(why) => {
            let mut suggestion: String = name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
                .collect::<String>()
                .split('-')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            if suggestion.is_empty() {
                suggestion = "odata-models".to_owned();
            } else if !suggestion.starts_with(|c: char| c.is_ascii_alphabetic()) {
                suggestion.insert_str(0, "odata-");
            }
            Err(Diagnostic::error("E0011", format!("invalid crate name `{name}`: {why}"))
                .with_note(format!("try `--crate-name {suggestion}`")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ConfigFile, lexical, relative_to, watched_folders};
    use std::path::{Path, PathBuf};

    #[test]
    fn the_config_file_takes_reference_folders() {
        let file: ConfigFile = toml::from_str(
            "metadata = \"m/service.xml\"\nout = \"gen\"\ncrate-name = \"x\"\nreferences = [\"schemas\", \"oem\"]\n",
        )
        .expect("parses");
        let (config, _) = file.to_config(Path::new("root"));
        assert_eq!(
            config.references,
            [PathBuf::from("root/schemas"), PathBuf::from("root/oem")]
        );
        // Without them, nothing is written back.
        let plain: ConfigFile =
            toml::from_str("metadata = \"m.xml\"\nout = \"gen\"\ncrate-name = \"x\"\n")
                .expect("parses");
        assert!(
            !toml::to_string(&plain)
                .expect("writes")
                .contains("references")
        );
    }

    #[test]
    fn the_config_file_takes_ieee754_compatible_and_nullable_items() {
        let file: ConfigFile = toml::from_str(
            "metadata = \"m.xml\"\nout = \"gen\"\ncrate-name = \"x\"\nieee754-compatible = true\nnullable-items = true\n",
        )
        .expect("parses");
        let (config, _) = file.to_config(Path::new("root"));
        assert!(config.nullable_items);
        assert!(config.options().contains(&"nullable-items".to_owned()));
        assert!(config.ieee754_compatible);
        // A lock option, so switching it regenerates.
        assert!(config.options().contains(&"ieee754-compatible".to_owned()));
        let plain: ConfigFile =
            toml::from_str("metadata = \"m.xml\"\nout = \"gen\"\ncrate-name = \"x\"\n")
                .expect("parses");
        let (config, _) = plain.to_config(Path::new("root"));
        assert!(!config.ieee754_compatible && !config.nullable_items);
        assert!(config.options().is_empty());
    }

    #[test]
    fn absent_files_are_watched_through_their_existing_folders() {
        let dir = std::env::temp_dir().join(format!("odatagen-watched-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("refs")).expect("mkdir");
        let absent = [
            dir.join("refs/a.xml"),
            dir.join("refs/a.json"),
            dir.join("gone/a.xml"),
            dir.join("a.xml"),
        ];
        assert_eq!(watched_folders(&absent), [dir.clone(), dir.join("refs")]);
        assert_eq!(lexical(Path::new("meta/../refs/./x.xml")), Path::new("refs/x.xml"));
        assert_eq!(lexical(Path::new("../up/x.xml")), Path::new("../up/x.xml"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn lock_paths_are_relative_to_the_main_document() {
        let rel = |p: &str, d: &str| relative_to(Path::new(p), Path::new(d));
        assert_eq!(rel("metadata/a/x.xml", "metadata/a"), Some(PathBuf::from("x.xml")));
        assert_eq!(rel("metadata/refs/x.xml", "metadata/a"), Some(PathBuf::from("../refs/x.xml")));
        assert_eq!(rel("/r/m/b/x.xml", "/r/m/a/c"), Some(PathBuf::from("../../b/x.xml")));
        assert_eq!(rel("./m/x.xml", "m"), Some(PathBuf::from("x.xml")));
        assert_eq!(rel("x.xml", ""), Some(PathBuf::from("x.xml")));
        // Mixed absolute and relative, or `..` above the main folder: kept as they are.
        assert_eq!(rel("/abs/x.xml", "rel"), None);
        assert_eq!(rel("x.xml", "../up"), None);
    }
}
