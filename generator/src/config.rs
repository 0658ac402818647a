//! The library API (a builder in the style of prost-build) and the committed config file
//! `odatagen.toml` that `odatagen` with no arguments reads.

use crate::diagnostics::{Diagnostic, Errors};
use crate::emit::{self, EmitOptions, OutputFile};
use crate::ir::Model;
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
        (c, dir.join(&self.out))
    }
}

/// Generation settings: what to read, what to select, how to name the crate.
#[derive(Clone, Debug, Default)]
pub struct Config {
    metadata: Option<PathBuf>,
    include: Vec<String>,
    crate_name: Option<String>,
    input_label: Option<String>,
    base_url: Option<String>,
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
}

/// What `generate` did.
#[derive(Debug)]
pub struct Generated {
    /// The rendering.
    pub rendered: Rendered,
    /// The write.
    pub report: WriteReport,
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

    /// Add a selector: a qualified type name (`microsoft.graph.user`, or alias-qualified
    /// `graph.user`) or a namespace. Without any, everything is generated.
    pub fn include(mut self, selector: impl Into<String>) -> Self {
        self.include.push(selector.into());
        self
    }

    /// The generated package's name (default: `odata-models`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// How file headers name the input (default: the metadata path as given).
    pub fn input_label(mut self, label: impl Into<String>) -> Self {
        self.input_label = Some(label.into());
        self
    }

    /// The service root the generated clients use by default.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Read and resolve the metadata.
    pub fn load(&self) -> Result<(Model, Vec<Diagnostic>), Errors> {
        let path = self.metadata.as_ref().ok_or_else(|| {
            Errors(vec![Diagnostic::error("E0007", "no metadata file given")])
        })?;
        crate::frontend::load(path)
    }

    /// Read, select and emit, in memory.
    pub fn render(&self) -> Result<Rendered, Errors> {
        let (model, mut diagnostics) = self.load()?;
        let (paths, types): (Vec<String>, Vec<String>) = self
            .include
            .iter()
            .cloned()
            .partition(|s| emit::requests::paths::is_path(s));
        let by_path = emit::requests::paths::resolve(&model, &paths).map_err(|e| {
            let mut all = diagnostics.clone();
            all.push(Diagnostic::error("E0202", format!("`--include`: {e}")));
            Errors(all)
        })?;
        let mut selectors = types.clone();
        selectors.extend(by_path.types.iter().cloned());
        let selection = Selection::closure(&model, &selectors).map_err(|u| {
            let mut d = Diagnostic::error(
                "E0201",
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
        let operations = emit::requests::selected_operations(&model, &types, &by_path)
            .map_err(|u| Errors(vec![Diagnostic::error("E0201", format!("unknown selector {}", u.0))]))?;
        let opts = EmitOptions {
            crate_name: self
                .crate_name
                .clone()
                .unwrap_or_else(|| "odata-models".into()),
            input_label: self.input_label.clone().unwrap_or_else(|| {
                self.metadata
                    .as_ref()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default()
            }),
            request: emit::requests::RequestOptions {
                base_url: self.base_url.clone(),
                operations,
            },
        };
        let files = emit::emit(&model, &selection, &opts).map_err(|d| Errors(vec![d]))?;
        Ok(Rendered {
            files,
            diagnostics,
            types: selection.len(),
            inputs: model.sources.clone(),
        })
    }

    /// Render and write into `out_dir` (only changed files are written).
    pub fn generate(&self, out_dir: impl AsRef<Path>) -> Result<Generated, Errors> {
        let rendered = self.render()?;
        let out_dir = out_dir.as_ref();
        let report = writer::write(out_dir, &rendered.files).map_err(|e| {
            Errors(vec![Diagnostic::error(
                "E0008",
                format!("cannot write {}: {e}", out_dir.display()),
            )])
        })?;
        Ok(Generated { rendered, report })
    }

    /// Render and compare with `out_dir`.
    pub fn check(&self, out_dir: impl AsRef<Path>) -> Result<(Rendered, Vec<Stale>), Errors> {
        let rendered = self.render()?;
        let stale = writer::check(out_dir.as_ref(), &rendered.files);
        Ok((rendered, stale))
    }
}
