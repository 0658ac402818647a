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
        /// Keep only these types (qualified or alias-qualified names), namespaces or resource
        /// paths (`/users/{id}/messages`), and everything they need. `type:NAME` and
        /// `namespace:NAME` disambiguate. Repeatable. Default: everything.
        #[arg(long = "include", value_name = "QUALIFIED_NAME")]
        include: Vec<String>,
    },
    /// Exit non-zero, printing a diff, when the committed output differs from fresh output.
    Check,
    /// Regenerate from the config file (the default command).
    Regenerate,
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprint!("{}", d.render());
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
            print_diagnostics(&g.rendered.diagnostics);
            let r = &g.report;
            println!(
                "odatagen: {} types → {}: {} files ({} written, {} unchanged, {} removed) in {:.2}s",
                g.rendered.types,
                out.display(),
                g.rendered.files.len(),
                r.written.len(),
                r.unchanged,
                r.removed.len(),
                start.elapsed().as_secs_f64()
            );
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
        }) => {
            let mut c = Config::new().metadata(metadata).crate_name(crate_name);
            for i in include {
                c = c.include(i);
            }
            generate(c, &out)
        }
        Some(Command::Check) => match from_config(cli.config.as_deref()) {
            Ok((c, out)) => check(c, &out),
            Err(e) => fail(e),
        },
        None | Some(Command::Regenerate) => match from_config(cli.config.as_deref()) {
            Ok((c, out)) => generate(c, &out),
            Err(e) => fail(e),
        },
    }
}
