//! odatagen: typed Rust models (and request code) from OData CSDL metadata.
//!
//! The pipeline, one module per stage:
//! [`frontend`] (CSDL XML → [`ir::Model`]) → [`ir`] (the resolved model, with selection) →
//! [`emit`] (naming, types, serde, files as token streams) → [`writer`] (formatting, writing only
//! what changed, staleness checks). [`config`] ties them together for the CLI and for `build.rs`.

#![deny(missing_docs)]

pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod examples;
pub mod examples_check;
pub mod frontend;
pub mod ir;
pub mod lint;
pub mod lock;
pub mod validate;
pub mod writer;

// The runtime module every generated crate includes (`generator/runtime/odata/`), compiled into
// the generator as well, so that what both sides must agree on has one definition: the lexical
// forms of primitives (checked in docs examples) and the hash of the field lookup tables.
#[allow(dead_code, unused_imports, unreachable_pub, missing_docs, clippy::all)]
#[path = "../runtime/odata/mod.rs"]
pub(crate) mod runtime;
// What a generated crate's `lib.rs` states and the runtime reads (values made in code only: the
// generator reads nothing through them).
const ODATA_VERSION: &str = "4.0";
const IEEE754_COMPATIBLE: bool = false;

pub use config::Config;
pub use emit::layout::Emit;
