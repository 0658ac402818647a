//! The `odatagen` command line.

use clap::{Parser, Subcommand};
use odatagen::config::{Config, ConfigFile, Rendered};
use odatagen::diagnostics::{Diagnostic, Errors, Severity};
use odatagen::writer::Stale;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

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
        /// The CSDL metadata document.
        #[arg(long, value_name = "FILE")]
        metadata: PathBuf,
        /// Output crate directory.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Package name of the generated crate.
        #[arg(long, value_name = "NAME", default_value = "odata-models")]
        crate_name: String,
        /// Keep only these types (qualified or alias-qualified names) or namespaces, and
        /// everything they need. Repeatable. Default: everything.
        #[arg(long = "include", value_name = "QUALIFIED_NAME")]
        include: Vec<String>,
        /// Output layout: a crate with one file per type, or one file for `include!`.
        #[arg(long, value_enum, default_value = "crate")]
        emit: EmitArg,
        /// With `--emit single-file`: the module path the file is included in.
        #[arg(long, value_name = "PATH", default_value = "crate")]
        module_root: String,
        /// Regenerate even when the lock file shows unchanged inputs and options.
        #[arg(long)]
        force: bool,
    },
    /// Exit non-zero, printing a diff, when the committed output differs from fresh output.
    Check,
    /// Regenerate from the config file (the default command).
    Regenerate {
        /// Regenerate even when the lock file shows unchanged inputs and options.
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum EmitArg {
    /// `Cargo.toml`, `src/lib.rs` and a module tree (one file per type).
    Crate,
    /// One `.rs` file of inline modules.
    SingleFile,
}

fn print_diagnostics(diags: &[Diagnostic]) {
    // Rendering reads the source line from disk: hostile input with millions of errors would make
    // printing them all quadratic, and nobody reads past the first screens.
    const SHOWN: usize = 100;
    for d in diags.iter().take(SHOWN) {
        eprint!("{}", d.render());
    }
    if diags.len() > SHOWN {
        eprintln!("... and {} more diagnostics", diags.len() - SHOWN);
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
                    .with_note("run `odatagen generate --metadata FILE --out DIR`, or add a config file"),
                ])
            })?
        }
    };
    let file = ConfigFile::read(&path)?;
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    Ok(file.to_config(&dir))
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

fn check(config: Config, out: &Path) -> ExitCode {
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
                "error: {} is stale ({} files differ); run `cargo run -p odatagen` to regenerate",
                out.display(),
                stale.len()
            );
            ExitCode::FAILURE
        }
        Err(e) => fail(e),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Generate {
            metadata,
            out,
            crate_name,
            include,
            emit,
            module_root,
            force,
        }) => {
            let emit = match emit {
                EmitArg::Crate => odatagen::Emit::Crate,
                EmitArg::SingleFile => odatagen::Emit::SingleFile,
            };
            let mut c = Config::new()
                .metadata(metadata)
                .crate_name(crate_name)
                .emit(emit)
                .module_root(module_root)
                .force(force);
            for i in include {
                c = c.include(i);
            }
            generate(c, &out)
        }
        Some(Command::Check) => match from_config(cli.config.as_deref()) {
            Ok((c, out)) => check(c, &out),
            Err(e) => fail(e),
        },
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
