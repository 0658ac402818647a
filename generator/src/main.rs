//! The `odatagen` command line.

use clap::{Parser, Subcommand};
use odatagen::config::{Config, ConfigFile, Rendered};
use odatagen::diagnostics::{Diagnostic, Errors, Severity};
use odatagen::examples_check as ec;
use odatagen::writer::Stale;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// See the `mimalloc` entry of Cargo.toml: allocation-heavy emission on all cores.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate typed Rust models from OData CSDL metadata.
///
/// Without a command, regenerates the output described by the nearest `odatagen.toml`
/// (the current directory or an ancestor).
#[derive(Parser, Debug)]
#[command(name = "odatagen", version, about, long_about = None)]
struct Cli {
    /// Config file (default: the nearest `odatagen.toml`).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a complete crate (`Cargo.toml` and `src/`) for a metadata file.
    Generate {
        /// The metadata document: CSDL (XML or JSON), or OpenAPI 3.0/3.1 or Swagger 2.0 JSON or
        /// YAML (chosen by content).
        #[arg(long, value_name = "FILE")]
        metadata: PathBuf,
        /// Output crate directory.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        options: GenerateOptions,
        /// Regenerate even when the lock file shows unchanged inputs and options.
        #[arg(long)]
        force: bool,
    },
    /// Exit 1, printing a diff, when the committed output differs from fresh output (the output
    /// of the config file, or of `generate` with the arguments given); 2 when the metadata or
    /// config cannot be read (nothing compared).
    Check {
        /// The metadata of a crate `generate` wrote (else the config file's output is checked).
        #[arg(long, value_name = "FILE", requires = "out")]
        metadata: Option<PathBuf>,
        /// The crate `generate` wrote (with `--metadata`).
        #[arg(long, value_name = "DIR", requires = "metadata")]
        out: Option<PathBuf>,
        /// The other arguments given to `generate`.
        #[command(flatten)]
        options: GenerateOptions,
        /// Accepted, so `generate`'s arguments can be passed as they are (a check always renders).
        #[arg(long, hide = true)]
        force: bool,
    },
    /// Regenerate from the config file (the default command).
    Regenerate {
        /// Regenerate even when the lock file shows unchanged inputs and options.
        #[arg(long)]
        force: bool,
    },
    /// Report every problem of a metadata document (exit 0 clean, 1 warnings, 2 errors).
    Validate {
        /// The metadata document (CSDL XML or JSON, or OpenAPI; chosen by content).
        #[arg(required_unless_present = "metadata_option", value_name = "METADATA")]
        metadata: Option<PathBuf>,
        /// The metadata document, given as the other commands take it (`--metadata FILE`).
        #[arg(long = "metadata", value_name = "FILE", conflicts_with = "metadata")]
        metadata_option: Option<PathBuf>,
        /// A folder to look in for the documents CSDL `edmx:Reference`s name, after the
        /// referencing document's own (an absolute URI by its file name). Repeatable.
        #[arg(long = "references", value_name = "DIR")]
        references: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: ReportFormat,
        /// Exit 2 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check the JSON examples of API pages (Markdown, or `.jsonl` records), and those the
    /// metadata states itself (OpenAPI `example`/`examples`), against the metadata (exit 0 no
    /// findings, 1 findings, 2 unreadable input).
    Examples {
        /// The metadata document (CSDL XML or JSON, or OpenAPI: its own examples are checked
        /// too). Default: the config file's (`--config`, or the nearest `odatagen.toml`), with
        /// its `references` and `ieee754-compatible`.
        #[arg(long, value_name = "FILE")]
        metadata: Option<PathBuf>,
        /// A folder to look in for the documents CSDL `edmx:Reference`s name, after the
        /// referencing document's own (an absolute URI by its file name). Repeatable.
        #[arg(long = "references", value_name = "DIR")]
        references: Vec<PathBuf>,
        /// Markdown pages, directories of them, or JSON Lines files of extracted blocks
        /// (`.jsonl`). None: only the metadata's own examples.
        docs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: ReportFormat,
        /// Accept OData V4 Int64 values as strings (`"42"`, the `IEEE754Compatible=true` form
        /// that crates generated with `--ieee754-compatible` read).
        #[arg(long)]
        ieee754_compatible: bool,
    },
    /// Semantic diff of two metadata versions, each change classified as breaking or not, with
    /// its effect on the generated Rust API (exit 0, or 1 with `--fail-on-breaking` and a
    /// breaking change; 2 when a document does not load).
    Diff {
        /// The old metadata document (CSDL XML or JSON, or OpenAPI; chosen by content).
        old: PathBuf,
        /// The new metadata document.
        new: PathBuf,
        /// A folder to look in for the documents the old metadata's CSDL `edmx:Reference`s name
        /// (see `generate --references`). Repeatable.
        #[arg(long = "old-references", value_name = "DIR")]
        old_references: Vec<PathBuf>,
        /// The same for the new metadata (two releases of a bundle reference the same URIs).
        #[arg(long = "new-references", value_name = "DIR")]
        new_references: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: DiffFormat,
        /// Exit 1 when there is a breaking change.
        #[arg(long)]
        fail_on_breaking: bool,
    },
}

/// What to generate from the metadata (`generate`, and `check` of what `generate` wrote).
#[derive(clap::Args, Debug)]
struct GenerateOptions {
    /// A folder to look in for the documents CSDL `edmx:Reference`s name, after the
    /// referencing document's own (an absolute URI by its file name). Repeatable.
    #[arg(long = "references", value_name = "DIR")]
    references: Vec<PathBuf>,
    /// Package name of the generated crate (lowercase ASCII letters, digits, `-`, `_`).
    #[arg(long, value_name = "NAME", default_value = "odata-models")]
    crate_name: String,
    /// Keep only these types (qualified or alias-qualified names), namespaces or resource
    /// paths (`/reports/getCredentialUserRegistrationCount`, `/users/{id}/messages`), and
    /// everything they need. `type:NAME` and `namespace:NAME` disambiguate. Repeatable.
    /// Default: everything.
    #[arg(long = "include", value_name = "QUALIFIED_NAME")]
    include: Vec<String>,
    /// Service root the generated client uses by default.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Namespace whose operations the service accepts unqualified in URLs.
    #[arg(long, value_name = "NAMESPACE")]
    default_namespace: Option<String>,
    /// Output layout: a crate with one file per type, or one file for `include!`.
    #[arg(long, value_enum, default_value = "crate")]
    emit: EmitArg,
    /// With `--emit single-file`: the module path the file is included in.
    #[arg(long, value_name = "PATH", default_value = "crate")]
    module_root: String,
    /// OData V4 Int64 properties as `odata::Quoted<i64>`: a JSON number or a string (the
    /// `IEEE754Compatible=true` form), written back as received.
    #[arg(long)]
    ieee754_compatible: bool,
    /// Models only: no request code (`requests = false` in `odatagen.toml`).
    #[arg(long)]
    no_requests: bool,
    /// Collection properties whose items may be `null` (the metadata does not say
    /// `Nullable="false"`) as `Vec<Option<T>>`, so `null` items read and round-trip.
    #[arg(long)]
    nullable_items: bool,
    /// How the file headers and the lock name the metadata (default: its path relative to the
    /// directory holding the output, or to the current directory): a name that stays the same
    /// wherever the output is written (`--out /out` in a container).
    #[arg(long, value_name = "TEXT")]
    input_label: Option<String>,
    /// The generated crate's `version` (default `0.1.0`).
    #[arg(long, value_name = "SEMVER")]
    crate_version: Option<String>,
    /// The generated crate's `license` (an SPDX expression; default none).
    #[arg(long, value_name = "SPDX")]
    license: Option<String>,
    /// Let cargo publish the generated crate (`publish = true`; default false).
    #[arg(long)]
    publish: bool,
    /// The generated crate's `description` (default: "Typed models generated by odatagen from
    /// <metadata>").
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// The generated crate's `repository` (an http/https URL; default none).
    #[arg(long, value_name = "URL")]
    repository: Option<String>,
}

impl GenerateOptions {
    /// The configuration these options describe for `metadata`.
    fn config(self, metadata: PathBuf) -> Config {
        let emit = match self.emit {
            EmitArg::Crate => odatagen::Emit::Crate,
            EmitArg::SingleFile => odatagen::Emit::SingleFile,
        };
        let mut c = Config::new()
            .metadata(metadata)
            .crate_name(self.crate_name)
            .emit(emit)
            .module_root(self.module_root)
            .ieee754_compatible(self.ieee754_compatible)
            .nullable_items(self.nullable_items)
            .requests(!self.no_requests);
        for i in self.include {
            c = c.include(i);
        }
        for r in self.references {
            c = c.references(r);
        }
        if let Some(u) = self.base_url {
            c = c.base_url(u);
        }
        if let Some(n) = self.default_namespace {
            c = c.default_namespace(n);
        }
        if let Some(l) = self.input_label {
            c = c.input_label(l);
        }
        if let Some(v) = self.crate_version {
            c = c.crate_version(v);
        }
        if let Some(l) = self.license {
            c = c.license(l);
        }
        if let Some(d) = self.description {
            c = c.description(d);
        }
        if let Some(r) = self.repository {
            c = c.repository(r);
        }
        c.publish(self.publish)
    }
}

/// Output format of `diff`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DiffFormat {
    /// A Markdown report.
    Markdown,
    /// One JSON document.
    Json,
}

/// Write to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn diff(
    (old, old_references): (&Path, Vec<PathBuf>),
    (new, new_references): (&Path, Vec<PathBuf>),
    format: DiffFormat,
    fail_on_breaking: bool,
) -> ExitCode {
    let load = |path: &Path, references: Vec<PathBuf>| {
        let options = odatagen::frontend::LoadOptions {
            references,
            ..Default::default()
        };
        odatagen::frontend::load_with(path, &options)
    };
    let (o, n) = match (load(old, old_references), load(new, new_references)) {
        (Ok((o, _)), Ok((n, _))) => (o, n),
        (a, b) => {
            for r in [a, b] {
                if let Err(e) = r {
                    print_diagnostics(&e.0);
                }
            }
            return ExitCode::from(2);
        }
    };
    let d = odatagen::diff::diff(&o, &n);
    match format {
        DiffFormat::Json => stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&d.to_json()).unwrap_or_default()
        )),
        DiffFormat::Markdown => stdout(
            &d.to_markdown(&old.display().to_string(), &new.display().to_string()),
        ),
    }
    if fail_on_breaking && d.breaking() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn examples(
    metadata: &Path,
    references: Vec<PathBuf>,
    docs: &[PathBuf],
    format: ReportFormat,
    check: ec::CheckOptions,
) -> ExitCode {
    let options = odatagen::frontend::LoadOptions {
        examples: true,
        references,
    };
    let model = match odatagen::frontend::load_with(metadata, &options) {
        Ok((m, _)) => m,
        Err(e) => {
            print_diagnostics(&e.0);
            return ExitCode::from(2);
        }
    };
    let mut blocks = ec::blocks_of_model(&model);
    let mut failed = false;
    // Directories stand for the Markdown pages under them, in name order.
    let mut files = Vec::new();
    for d in docs {
        if d.is_dir() {
            let mut stack = vec![d.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&dir) else {
                    eprintln!("error: cannot read directory {}", dir.display());
                    failed = true;
                    continue;
                };
                for e in rd.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "md") {
                        found.push(p);
                    }
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(d.clone());
        }
    }
    for d in &files {
        let text = match std::fs::read(d) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", d.display());
                failed = true;
                continue;
            }
        };
        if d.extension().is_some_and(|e| e == "jsonl") {
            let (b, bad) = ec::blocks_of_jsonl(&text);
            for (line, msg) in bad {
                eprintln!("error: {}:{line}: {msg}", d.display());
                failed = true;
            }
            blocks.extend(b);
        } else {
            blocks.extend(ec::blocks_of_page(&d.display().to_string(), &text));
        }
    }
    let findings = ec::check_with(&model, &blocks, check);
    match format {
        ReportFormat::Json => stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&ec::to_json(&model, &findings, &blocks)).unwrap_or_default()
        )),
        ReportFormat::Human => {
            let mut text = String::new();
            for f in &findings {
                text.push_str(&f.line_text());
                text.push('\n');
            }
            stdout(&text);
            let kinds: Vec<String> = ec::counts(&findings)
                .into_iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            stdout(&format!(
                "{} finding{} in {} block{}{}{}\n",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                blocks.len(),
                if blocks.len() == 1 { "" } else { "s" },
                if kinds.is_empty() { "" } else { ": " },
                kinds.join(", ")
            ));
            // Say what was not checked: a block without a type is checked only where its
            // objects name theirs.
            let untyped = ec::untyped(&model, &blocks);
            if !untyped.is_empty() {
                let n = untyped.len();
                let mut text = format!(
                    "{n} block{} name{} no type (`@odata.type` in the annotation comment, or a \
                     request line that tells it): only {} objects carrying `@odata.type` were \
                     checked:\n",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" },
                    if n == 1 { "its" } else { "their" },
                );
                for b in untyped.iter().take(10) {
                    text.push_str(&format!("  {}:{}\n", b.page, b.example.line));
                }
                if n > 10 {
                    text.push_str(&format!("  ... and {} more (`--format json` counts them)\n", n - 10));
                }
                stdout(&text);
            }
        }
    }
    ExitCode::from(if failed {
        2
    } else if findings.is_empty() {
        0
    } else {
        1
    })
}

/// Output format of `validate`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ReportFormat {
    /// rustc-like messages on stderr.
    Human,
    /// One JSON document on stdout.
    Json,
}

fn validate(
    metadata: &Path,
    references: Vec<PathBuf>,
    format: ReportFormat,
    deny_warnings: bool,
) -> ExitCode {
    let report = odatagen::validate::validate_with(
        metadata,
        &odatagen::frontend::LoadOptions {
            references,
            ..Default::default()
        },
    );
    match format {
        ReportFormat::Json => stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()
        )),
        ReportFormat::Human => {
            // Each file is read once, however many diagnostics point into it.
            let mut sources = odatagen::diagnostics::Sources::default();
            let mut text = String::new();
            // Errors first: thousands of warnings must not bury them.
            for d in odatagen::diagnostics::most_severe_first(&report.diagnostics) {
                text.push_str(&sources.render(d));
            }
            eprint!("{text}");
            eprintln!("{}: {}", metadata.display(), report.summary());
        }
    }
    ExitCode::from(report.exit_code(deny_warnings))
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum EmitArg {
    /// `Cargo.toml`, `src/lib.rs` and a module tree (one file per type).
    Crate,
    /// One `.rs` file of inline modules.
    SingleFile,
}

fn print_diagnostics(diags: &[Diagnostic]) {
    // Hostile input with millions of errors: nobody reads past the first screens (and each
    // rendering looks up its line in the source). Errors come first, so the cap drops warnings
    // and notes before it drops any error: the reason a run failed is always shown.
    const SHOWN: usize = 100;
    // Real metadata can repeat one finding for every type (Dataverse declares all its 1,200
    // keys nullable: W0200 each): a few of each code show the pattern, a line counts the rest
    // (`odatagen validate` lists every one). Errors are all shown, up to `SHOWN`.
    const PER_CODE: usize = 5;
    let sorted = odatagen::diagnostics::most_severe_first(diags);
    let mut sources = odatagen::diagnostics::Sources::default();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    // The first diagnostic of each code not shown (the count is in `seen`).
    let mut held = Vec::new();
    let mut rest = Vec::new();
    let mut shown = 0;
    for d in sorted {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        if d.severity != Severity::Error && *n > PER_CODE {
            if *n == PER_CODE + 1 {
                held.push(d);
            }
        } else if shown < SHOWN {
            eprint!("{}", sources.render(d));
            shown += 1;
        } else {
            rest.push(d);
        }
    }
    for d in held {
        eprintln!(
            "{}[{}]: {} more like the above, not shown (`odatagen validate` lists every one)",
            d.severity.name(),
            d.code,
            seen.get(d.code).map_or(0, |n| n - PER_CODE)
        );
    }
    if !rest.is_empty() {
        eprintln!(
            "... and {} more diagnostics ({})",
            rest.len(),
            odatagen::diagnostics::count_by_severity(rest)
        );
    }
}

fn fail(e: Errors) -> ExitCode {
    print_diagnostics(&e.0);
    let n = e.0.iter().filter(|d| d.severity == Severity::Error).count();
    eprintln!(
        "error: generation failed with {n} error{}; nothing was written",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::FAILURE
}

fn from_config(path: Option<&Path>) -> Result<(Config, PathBuf), Errors> {
    let (file, dir) = config_file(path)?;
    Ok(file.to_config(&dir))
}

/// The config file at `path`, else the nearest `odatagen.toml`, and its folder.
fn config_file(path: Option<&Path>) -> Result<(ConfigFile, PathBuf), Errors> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            ConfigFile::find(&cwd).ok_or_else(|| {
                Errors(vec![
                    Diagnostic::error(
                        "E0007",
                        format!(
                            "no `odatagen.toml` in {} or its parents",
                            cwd.display()
                        ),
                    )
                    .with_note("name the metadata with `--metadata FILE`, or add a config file"),
                ])
            })?
        }
    };
    let file = ConfigFile::read(&path)?;
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    Ok((file, dir))
}

fn generate(config: Config, out: &Path) -> ExitCode {
    let start = Instant::now();
    match config.generate(out) {
        Ok(g) => {
            let r = &g.report;
            match &g.rendered {
                Some(rendered) => {
                    print_diagnostics(&rendered.diagnostics);
                    println!(
                        "odatagen: {} types → {}: {} files ({} written, {} unchanged, {} removed) in {:.2}s",
                        rendered.types,
                        out.display(),
                        rendered.files.len(),
                        r.written.len(),
                        r.unchanged,
                        r.removed.len(),
                        start.elapsed().as_secs_f64()
                    );
                }
                None => println!(
                    "odatagen: {} is up to date (inputs and options match odatagen.lock; --force regenerates) in {:.2}s",
                    out.display(),
                    start.elapsed().as_secs_f64()
                ),
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// `regenerate`: how the output is regenerated, for the advice of a failed check.
fn check(config: Config, out: &Path, regenerate: &str) -> ExitCode {
    let start = Instant::now();
    match config.check(out) {
        Ok((Rendered { files, types, .. }, stale)) => {
            if stale.is_empty() {
                println!(
                    "odatagen: {} is up to date ({types} types, {} files) in {:.2}s",
                    out.display(),
                    files.len(),
                    start.elapsed().as_secs_f64()
                );
                return ExitCode::SUCCESS;
            }
            for s in &stale {
                match s {
                    Stale::Missing(p) => eprintln!("missing: {}", p.display()),
                    Stale::Extra(p) => eprintln!("not generated any more: {}", p.display()),
                    Stale::Changed(p, diff) => {
                        eprintln!("changed: {}", p.display());
                        eprint!("{diff}");
                    }
                }
            }
            eprintln!(
                "error: {} is stale ({} files differ); run {regenerate} to regenerate it",
                out.display(),
                stale.len()
            );
            ExitCode::FAILURE
        }
        Err(e) => check_failed(e),
    }
}

/// A check that could not render (bad metadata or config): exit 2, apart from "stale" (1).
fn check_failed(e: Errors) -> ExitCode {
    print_diagnostics(&e.0);
    let n = e.0.iter().filter(|d| d.severity == Severity::Error).count();
    eprintln!(
        "error: check failed with {n} error{}; nothing was compared",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Generate { metadata, out, options, force }) => {
            generate(options.config(metadata).force(force), &out)
        }
        Some(Command::Check { metadata: Some(metadata), out: Some(out), options, .. }) => check(
            options.config(metadata),
            &out,
            "`odatagen generate` with the same arguments",
        ),
        Some(Command::Check { .. }) => match from_config(cli.config.as_deref()) {
            Ok((c, out)) => check(c, &out, "`odatagen regenerate` (the default command)"),
            Err(e) => check_failed(e),
        },
        Some(Command::Validate {
            metadata,
            metadata_option,
            references,
            format,
            deny_warnings,
        }) => match metadata.or(metadata_option) {
            Some(metadata) => validate(&metadata, references, format, deny_warnings),
            // clap requires one of the two.
            None => ExitCode::from(2),
        },
        Some(Command::Examples {
            metadata,
            mut references,
            docs,
            format,
            mut ieee754_compatible,
        }) => {
            let metadata = match metadata {
                Some(m) => m,
                // The generated crate's metadata, read as the crate reads payloads.
                None => match config_file(cli.config.as_deref()) {
                    Ok((file, dir)) => {
                        references.extend(file.references.iter().map(|r| dir.join(r)));
                        ieee754_compatible |= file.ieee754_compatible.unwrap_or(false);
                        dir.join(&file.metadata)
                    }
                    Err(e) => {
                        print_diagnostics(&e.0);
                        return ExitCode::from(2);
                    }
                },
            };
            examples(
                &metadata,
                references,
                &docs,
                format,
                ec::CheckOptions { ieee754_compatible },
            )
        }
        Some(Command::Diff {
            old,
            new,
            old_references,
            new_references,
            format,
            fail_on_breaking,
        }) => diff(
            (&old, old_references),
            (&new, new_references),
            format,
            fail_on_breaking,
        ),
        None => match from_config(cli.config.as_deref()) {
            Ok((c, out)) => generate(c, &out),
            Err(e) => fail(e),
        },
        Some(Command::Regenerate { force }) => match from_config(cli.config.as_deref()) {
            Ok((c, out)) => generate(c.force(force), &out),
            Err(e) => fail(e),
        },
    }
}
