//! Generates the models into `OUT_DIR` as one file, included by `src/lib.rs` under `graph`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set: run this through cargo");
        return ExitCode::FAILURE;
    };
    let result = odatagen::Config::new()
        .metadata("../../metadata/graph/beta-USSec.csdl")
        .input_label("metadata/graph/beta-USSec.csdl")
        .include("microsoft.graph.credentialUserRegistrationCount")
        .crate_name("graph")
        .base_url("https://graph.microsoft.com/beta")
        .emit(odatagen::Emit::SingleFile)
        .module_root("crate::graph")
        .cargo_rerun_if_changed(true)
        .generate(&out_dir);
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(errors) => {
            for d in &errors.0 {
                eprint!("{}", d.render());
            }
            ExitCode::FAILURE
        }
    }
}
