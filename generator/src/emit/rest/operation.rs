//! One operation's file: its marker type, its function (path parameters, required query and
//! header parameters, the JSON body) and the setters of its optional parameters.

use super::RestOp;
use super::response;
use crate::emit::docs;
use crate::emit::naming::{self, Scope};
use crate::emit::plan::{Plan, ident};
use crate::ir::http::{HttpOperation, ParameterLocation};
use proc_macro2::TokenStream;
use quote::quote;

/// Methods a `Query` of an operation marker has (runtime `request.rs`): setters must not take
/// these names. (The OData query options, `top`, `select`, ..., need `T: Entity`, which a marker
/// never is, so an OpenAPI `$top` parameter may be the setter `top`.)
const QUERY_METHODS: &[&str] = &[
    "new",
    "function",
    "action",
    "json_body",
    "header",
    "bearer",
    "method",
    "path",
    "body",
    "url",
    "to_http",
    "option",
    "parse",
    "parse_parts",
    "next_page",
    "operation",
    "fail",
    "path_param",
    "query_param",
    "query_param_joined",
    "header_param",
    "with_json_body",
    "clone",
    "fmt",
];

/// Headers the caller or the runtime sets (OpenAPI says parameters of these names are ignored).
fn managed_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
}

/// The file's items.
pub fn emit(plan: &Plan<'_>, op: &HttpOperation, names: &RestOp) -> TokenStream {
    let marker = ident(&names.marker);
    let function = ident(&names.function);
    let success = response::success(plan, op, &marker);
    let statuses = &success.statuses;
    let expect = &success.expect;
    let kind = &success.kind;
    let query_ty = quote!(crate::request::Query<#marker, #expect, #kind>);
    let method = op.method.as_str();
    let template = op.path.as_str();

    // Arguments: path parameters (in template order), required query and header parameters, the body.
    let mut args_scope = Scope::with_reserved(&["self"]);
    let mut setters_scope = Scope::with_reserved(QUERY_METHODS);
    let error_name = ident(&setters_scope.claim("error_body"));
    let body_name = ident(&setters_scope.claim("request_body"));
    let mut args = Vec::new();
    let mut calls = Vec::new();
    let mut setters = Vec::new();
    let mut arg_docs = Vec::new();
    let mut params: Vec<_> = op
        .parameters
        .iter()
        .filter(|p| p.location != ParameterLocation::Cookie)
        .filter(|p| !(p.location == ParameterLocation::Header && managed_header(&p.name)))
        .collect();
    params.sort_by_key(|p| match p.location {
        ParameterLocation::Path => (
            0,
            op.path
                .find(&format!("{{{}}}", p.name))
                .unwrap_or(usize::MAX),
        ),
        ParameterLocation::Query => (1, 0),
        ParameterLocation::Header => (2, 0),
        ParameterLocation::Cookie => (3, 0),
    });
    for p in params {
        let ty = plan.value_type(&p.ty, false);
        let wire = p.name.as_str();
        let (call, place) = match p.location {
            ParameterLocation::Path => (quote!(path_param), "path"),
            ParameterLocation::Query if !p.explode => (quote!(query_param_joined), "query"),
            ParameterLocation::Query => (quote!(query_param), "query"),
            _ => (quote!(header_param), "header"),
        };
        if p.required {
            let arg = ident(&args_scope.claim(&naming::snake(&p.name)));
            args.push(quote!(#arg: impl ::core::convert::Into<#ty>));
            calls.push(quote!(.#call(#wire, &#arg.into())));
            arg_docs.push(format!(
                "`{arg}`: {place} parameter `{}`.",
                docs::code(wire)
            ));
        } else {
            let setter = ident(&setters_scope.claim(&naming::snake(&p.name)));
            let doc = format!(" Optional {place} parameter `{}`.", docs::code(wire));
            setters.push(quote! {
                #[doc = #doc]
                pub fn #setter(self, value: impl ::core::convert::Into<#ty>) -> Self {
                    self.#call(#wire, &value.into())
                }
            });
        }
    }
    if let Some(b) = &op.request_body {
        let ty = plan.value_type(&b.ty, false);
        if b.required {
            let arg = ident(&args_scope.claim("body"));
            args.push(quote!(#arg: &#ty));
            calls.push(quote!(.with_json_body(#arg)));
            arg_docs.push(format!("`{arg}`: the JSON request body."));
        } else {
            setters.push(quote! {
                #[doc = " The optional JSON request body."]
                pub fn #body_name(self, body: &#ty) -> Self {
                    self.with_json_body(body)
                }
            });
        }
    }
    if let Some((error_ty, read)) = response::error(plan, op) {
        setters.push(quote! {
            /// The body of a service error, read as the type the operation documents for its
            /// status (`None`: not a service error, or a status without a documented body).
            pub fn #error_name(
                &self,
                error: &crate::request::Error,
            ) -> ::core::option::Option<::core::result::Result<#error_ty, crate::odata::JsonError>> {
                let e = error.odata()?;
                #read
            }
        });
    }

    let page_names = op.paging.as_ref().filter(|_| success.paged).map(|p| {
        let items = p.item_name.as_str();
        let next = match &p.next_link_name {
            Some(n) => quote!(::core::option::Option::Some(#n)),
            None => quote!(::core::option::Option::None),
        };
        quote! {
            impl crate::request::PageNames for #marker {
                const ITEMS: &'static str = #items;
                const NEXT_LINK: ::core::option::Option<&'static str> = #next;
            }
        }
    });

    let summary = format!("`{} {}`", docs::code(method), docs::code(template));
    let id_line = op
        .operation_id
        .as_deref()
        .map(|id| format!(" (operation `{}`)", docs::code(id)))
        .unwrap_or_default();
    let mut extra = vec![format!("{summary}{id_line}.")];
    extra.extend(arg_docs);
    extra.push(format!("Success: {}", success.doc));
    if let Some(p) = &op.paging
        && let Some(next) = &p.operation_name
    {
        extra.push(format!(
            "Further pages: operation `{}` (`next_page` requests the next link).",
            docs::code(next)
        ));
    }
    let fn_doc = docs::doc_attrs(&op.annotations, &extra);
    let marker_doc = format!(
        " Marker of the operation {summary}: the `Query` type parameter its setters hang on."
    );
    let setters_impl = (!setters.is_empty()).then(|| {
        quote! {
            impl #query_ty {
                #(#setters)*
            }
        }
    });
    let lint = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #marker_doc]
        #[derive(Clone, Copy, Debug)]
        pub enum #marker {}
        #page_names

        #fn_doc
        #lint
        pub fn #function(#(#args),*) -> #query_ty {
            crate::request::Query::operation(#method, #template, #statuses)
                #(#calls)*
        }

        #setters_impl
    }
}
