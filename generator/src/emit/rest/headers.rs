//! An operation's documented response headers as a struct (`<Operation>Headers`): one
//! `Option` field per header its success responses document, read from a response's headers
//! (`Reply::headers`) by the runtime's `response_header`.

use crate::emit::docs;
use crate::emit::naming::{self, Scope};
use crate::emit::plan::{Plan, ident};
use crate::ir::http::{HttpHeader, HttpOperation};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type of a header's value: primitives, enums and type definitions (and collections
/// of them) as their types; anything else (an object) as its text.
fn value_type(plan: &Plan<'_>, h: &HttpHeader) -> TokenStream {
    let typed = match h.ty.target {
        Target::Primitive(p) => {
            !matches!(p, Primitive::Untyped | Primitive::Geo | Primitive::Stream)
        }
        Target::Named(t) => {
            plan.selection.contains(t)
                && matches!(
                    plan.model.ty(t).kind,
                    TypeKind::Enum(_) | TypeKind::Definition(_)
                )
        }
    };
    if typed {
        plan.value_type(&h.ty, false)
    } else {
        quote!(::std::string::String)
    }
}

/// The struct `name` of the headers `op`'s success responses document (`summary`: the
/// operation as `METHOD /path`, for the docs).
pub fn emit(plan: &Plan<'_>, op: &HttpOperation, name: &str, summary: &str) -> TokenStream {
    let headers = super::response::success_headers(op);
    let name = ident(name);
    let mut scope = Scope::with_reserved(&["read"]);
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for h in headers {
        let field = ident(&scope.claim(&naming::snake(&h.name)));
        let ty = value_type(plan, h);
        let wire = h.name.as_str();
        let mut lines = vec![format!(
            "`{}`{}.",
            docs::code(wire),
            if h.required { " (always sent)" } else { "" }
        )];
        if let Some(d) = h.annotations.description() {
            lines.insert(0, docs::escape_markdown(d));
        }
        let doc = docs::lines(&lines);
        fields.push(quote! {
            #doc
            pub #field: ::core::option::Option<#ty>,
        });
        reads.push(quote!(#field: crate::request::response_header(headers, #wire)?,));
    }
    let doc = format!(
        " The response headers {summary} documents: `None` where a response does not send one."
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Read from a response's headers (`Reply::headers`, or `http::Response::headers`):
            /// a header that does not read as its type is an error naming it.
            pub fn read(
                headers: &crate::request::http::HeaderMap,
            ) -> ::core::result::Result<Self, crate::request::HeaderError> {
                ::core::result::Result::Ok(Self {
                    #(#reads)*
                })
            }
        }
    }
}
