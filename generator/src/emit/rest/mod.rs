//! Request code for operations as the input states them ([`Model::http`]: OpenAPI paths): the
//! `rest` module of a generated crate, one file per operation.
//!
//! Each operation gets a function (named from its `operationId`, else from method and path)
//! taking the path parameters, the required query and header parameters and the body, and
//! returning the runtime's `Query` with a marker type of its own; optional parameters are
//! setters on that `Query`. Everything else (URL, percent-encoding, headers, response parsing,
//! typed errors, paging, the client) is the runtime's (`generator/runtime/request/`), shared
//! with the OData request code. A model without HTTP operations (CSDL) gets no `rest` module.

pub mod headers;
pub mod operation;
pub mod response;

use super::EmitOptions;
use super::naming::{self, Scope};
use super::plan::{Plan, ident};
use crate::ir::http::HttpOperation;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::path::PathBuf;

/// One operation to emit, with its names.
#[derive(Clone, Debug)]
pub struct RestOp {
    /// Index into [`Model::http`].
    pub index: usize,
    /// The function.
    pub function: String,
    /// The marker type.
    pub marker: String,
    /// The file (module) name.
    pub file: String,
    /// The enum of its error bodies by status, when they differ in type
    /// ([`response::errors_differ`]).
    pub error: Option<String>,
    /// The struct of its success responses' documented headers, when they document any.
    pub headers: Option<String>,
}

/// One file of the `rest` module.
#[derive(Clone, Debug)]
pub enum RestFile {
    /// `src/rest/mod.rs`: the operation modules, re-exported.
    Mod(Vec<RestOp>),
    /// `src/rest/<operation>.rs`.
    Operation(RestOp),
}

/// Does the crate have a `rest` module (request code on, some operation emitted)?
pub fn has_rest(plan: &Plan<'_>, opts: &EmitOptions) -> bool {
    !opts.request.models_only && plan.model.http.iter().any(|op| emitted(plan, opts, op))
}

fn selected(plan: &Plan<'_>, t: &TypeRef) -> bool {
    match t.target {
        Target::Named(id) => plan.selection.contains(id),
        Target::Primitive(_) => true,
    }
}

/// The types an operation's request and success response name.
fn types(op: &HttpOperation) -> Vec<&TypeRef> {
    let default_ok = response::default_is_success(op);
    let mut out: Vec<&TypeRef> = op.parameters.iter().map(|p| &p.ty).collect();
    out.extend(op.request_body.as_ref().map(|b| &b.ty));
    out.extend(
        op.responses
            .iter()
            .filter(|r| r.status.starts_with('2') || (default_ok && r.status == "default"))
            .filter_map(|r| r.ty.as_ref()),
    );
    out
}

/// Is `op` emitted: every type it needs selected, and, when the input was
/// narrowed by selectors, at least one selected named type among them (so a selection does not
/// pull in every operation of a large document).
pub fn emitted(plan: &Plan<'_>, opts: &EmitOptions, op: &HttpOperation) -> bool {
    let ts = types(op);
    if !ts.iter().all(|t| selected(plan, t)) {
        return false;
    }
    opts.request.operations.is_none() || ts.iter().any(|t| matches!(t.target, Target::Named(_)))
}

/// The files of the `rest` module (none when no operation is emitted).
pub fn files(plan: &Plan<'_>, opts: &EmitOptions) -> Vec<RestFile> {
    if opts.request.models_only {
        return Vec::new();
    }
    let mut functions = Scope::with_reserved(&["BASE_URL"]);
    let mut markers = Scope::default();
    let mut files = Scope::with_reserved(&["mod"]);
    let mut ops = Vec::new();
    for (index, op) in plan.model.http.iter().enumerate() {
        if !emitted(plan, opts, op) {
            continue;
        }
        let base = op
            .operation_id
            .clone()
            .filter(|id| id.chars().any(|c| c.is_ascii_alphanumeric()))
            .unwrap_or_else(|| format!("{} {}", op.method.to_ascii_lowercase(), op.path));
        let function = functions.claim(&naming::snake(&base));
        let marker = markers.claim(&naming::camel(&base));
        let file = files.claim(&naming::file_stem(&function));
        ops.push(RestOp {
            index,
            function,
            marker,
            file,
            error: None,
            headers: None,
        });
    }
    if ops.is_empty() {
        return Vec::new();
    }
    // After every marker, so that markers keep their names.
    for o in &mut ops {
        if plan
            .model
            .http
            .get(o.index)
            .is_some_and(response::errors_differ)
        {
            o.error = Some(markers.claim(&format!("{}Error", o.marker)));
        }
        if plan
            .model
            .http
            .get(o.index)
            .is_some_and(|op| !response::success_headers(op).is_empty())
        {
            o.headers = Some(markers.claim(&format!("{}Headers", o.marker)));
        }
    }
    let mut out = vec![RestFile::Mod(ops.clone())];
    out.extend(ops.into_iter().map(RestFile::Operation));
    out
}

/// Build one file of the `rest` module.
pub fn file(plan: &Plan<'_>, opts: &EmitOptions, f: RestFile) -> (PathBuf, TokenStream) {
    match f {
        RestFile::Mod(ops) => {
            let h = super::header(opts, ", operations as the input states them");
            let mods = ops.iter().map(|o| ident(&o.file));
            let uses = ops.iter().map(|o| {
                let file = ident(&o.file);
                let function = ident(&o.function);
                let marker = ident(&o.marker);
                let error = o.error.as_deref().map(|e| {
                    let e = ident(e);
                    quote!(, #e)
                });
                let headers = o.headers.as_deref().map(|h| {
                    let h = ident(h);
                    quote!(, #h)
                });
                quote!(pub use self::#file::{#function, #marker #error #headers};)
            });
            let tokens = quote! {
                #h
                #![doc = ""]
                #![doc = " Operations as the input states them (method, path, parameters, body, responses): one"]
                #![doc = " function per operation returns a `request::Query` (sans-IO: `to_http`, `parse`, or the"]
                #![doc = " `client` feature's clients); optional parameters are setters on it."]
                #(mod #mods;)*
                #(#uses)*
            };
            ("src/rest/mod.rs".into(), tokens)
        }
        RestFile::Operation(o) => {
            let h = super::header(opts, ", one operation");
            let body = plan
                .model
                .http
                .get(o.index)
                .map(|op| operation::emit(plan, op, &o))
                .unwrap_or_default();
            (
                PathBuf::from(format!("src/rest/{}.rs", o.file)),
                quote!(#h #body),
            )
        }
    }
}
