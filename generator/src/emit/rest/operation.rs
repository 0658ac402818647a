//! One operation's file: its marker type, its function (path parameters, required query and
//! header parameters, the body) and the setters of its optional parameters.

use super::RestOp;
use super::response;
use crate::emit::docs;
use crate::emit::naming::{self, Scope};
use crate::emit::plan::{Plan, ident};
use crate::ir::http::{
    BodyKind, HttpBody, HttpOperation, ParameterLocation, ParameterStyle, body_kind,
};
use crate::ir::{Primitive, Target, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Methods a `Query` of an operation marker has (runtime `request/`): setters must not take
/// these names. (The OData query options, `top`, `select`, ..., need `T: Entity`, which a marker
/// never is, so an OpenAPI `$top` parameter may be the setter `top`.)
const QUERY_METHODS: &[&str] = &[
    "new",
    "function",
    "action",
    "service_operation",
    "json_body",
    "header",
    "bearer",
    "if_match",
    "if_none_match",
    "replace_header",
    "query_option",
    "has_header",
    "method",
    "path",
    "body",
    "url",
    "to_http",
    "option",
    "parse",
    "parse_parts",
    "parse_reply",
    "next_page",
    "delta_page",
    "follow",
    "operation",
    "fail",
    "path_param",
    "path_param_json",
    "path_texts",
    "query_param",
    "query_param_joined",
    "query_param_styled",
    "header_param",
    "header_param_json",
    "cookie_param",
    "cookie_param_json",
    "cookie_texts",
    "path_param_label",
    "path_param_matrix",
    "path_styled",
    "header_texts",
    "accepting",
    "with_json_body",
    "with_form_body",
    "with_multipart_body",
    "with_raw_body",
    "multipart_file",
    "content_type",
    "render_parts",
    "clone",
    "fmt",
];

/// Headers the caller or the runtime sets (OpenAPI says parameters of these names are ignored).
fn managed_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
}

/// How an operation's function or setter takes and sends its request body.
struct RequestBody {
    /// The argument's type.
    ty: TokenStream,
    /// The runtime call that sets the body from the argument `body`.
    set: TokenStream,
    /// What the body is, for the docs.
    what: String,
    /// More doc lines (members sent as files).
    notes: Vec<String>,
}

/// The request body by its kind: JSON and forms from the typed value, raw bodies from bytes.
fn request_body(plan: &Plan<'_>, b: &HttpBody) -> RequestBody {
    let media = b.media_type.as_str();
    let value_ty = plan.value_type(&b.ty, false);
    match body_kind(media) {
        BodyKind::Json => RequestBody {
            ty: quote!(&#value_ty),
            set: quote!(with_json_body(body)),
            what: "JSON".into(),
            notes: Vec::new(),
        },
        BodyKind::Form => {
            let styles = b.encoding.iter().filter_map(|e| {
                let style = e.style.as_deref().unwrap_or("form");
                let exploded = e.explode.unwrap_or(style == "form");
                let s = match style {
                    "deepObject" => quote!(crate::request::FormStyle::Deep),
                    "form" if exploded => return None,
                    "spaceDelimited" => quote!(crate::request::FormStyle::Delimited(" ")),
                    "pipeDelimited" => quote!(crate::request::FormStyle::Delimited("|")),
                    _ => quote!(crate::request::FormStyle::Delimited(",")),
                };
                let member = e.member.as_str();
                Some(quote!((#member, #s)))
            });
            RequestBody {
                ty: quote!(&#value_ty),
                set: quote!(with_form_body(body, &[#(#styles),*])),
                what: format!("sent as `{}`", docs::code(media)),
                notes: Vec::new(),
            }
        }
        BodyKind::Multipart => {
            let types = b.encoding.iter().filter_map(|e| {
                let member = e.member.as_str();
                let ct = e.content_type.as_deref()?;
                Some(quote!((#member, #ct)))
            });
            let files: Vec<String> = binary_members(plan, &b.ty)
                .iter()
                .map(|m| format!("`{}`", docs::code(m)))
                .collect();
            let notes = if files.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "Binary members (attach their contents with `multipart_file`): {}.",
                    files.join(", ")
                )]
            };
            RequestBody {
                ty: quote!(&#value_ty),
                set: quote!(with_multipart_body(body, &[#(#types),*])),
                what: format!("sent as `{}`", docs::code(media)),
                notes,
            }
        }
        BodyKind::Raw => RequestBody {
            ty: quote!(impl ::core::convert::Into<::std::vec::Vec<u8>>),
            set: quote!(with_raw_body(#media, body)),
            what: format!("bytes sent as `{}`", docs::code(media)),
            notes: Vec::new(),
        },
    }
}

/// The wire names of the members of a body's type that hold binary contents (OpenAPI `format:
/// binary`, a stream).
fn binary_members(plan: &Plan<'_>, ty: &TypeRef) -> Vec<String> {
    let Target::Named(id) = ty.target else {
        return Vec::new();
    };
    plan.model
        .all_properties(id)
        .into_iter()
        .filter(|p| p.ty.target == Target::Primitive(Primitive::Stream))
        .map(|p| p.name.clone())
        .collect()
}

/// The file's items.
pub fn emit(plan: &Plan<'_>, op: &HttpOperation, names: &RestOp) -> TokenStream {
    let marker = ident(&names.marker);
    let function = ident(&names.function);
    let success = response::success(plan, op, &marker);
    let statuses = &success.statuses;
    let expect = &success.expect;
    let kind = &success.kind;
    let accept = success
        .accept
        .as_deref()
        .map(|a| quote!(.header("Accept", #a)));
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
        // The runtime call, and what follows the value among its arguments.
        let style = |s: TokenStream| {
            (
                quote!(query_param_styled),
                quote!(, crate::request::FormStyle::#s),
            )
        };
        let ((call, extra), place) = match (p.location, p.style, p.explode) {
            (ParameterLocation::Path, ParameterStyle::Json, _) => {
                ((quote!(path_param_json), quote!()), "path")
            }
            (ParameterLocation::Query, ParameterStyle::Json, _) => (style(quote!(Json)), "query"),
            (ParameterLocation::Header, ParameterStyle::Json, _) => {
                ((quote!(header_param_json), quote!()), "header")
            }
            (ParameterLocation::Cookie, ParameterStyle::Json, _) => {
                ((quote!(cookie_param_json), quote!()), "cookie")
            }
            (ParameterLocation::Cookie, ..) => ((quote!(cookie_param), quote!()), "cookie"),
            (ParameterLocation::Path, ParameterStyle::Label, explode) => {
                ((quote!(path_param_label), quote!(, #explode)), "path")
            }
            (ParameterLocation::Path, ParameterStyle::Matrix, explode) => {
                ((quote!(path_param_matrix), quote!(, #explode)), "path")
            }
            (ParameterLocation::Path, ..) => ((quote!(path_param), quote!()), "path"),
            (ParameterLocation::Query, ParameterStyle::DeepObject, _) => {
                (style(quote!(Deep)), "query")
            }
            (ParameterLocation::Query, ParameterStyle::SpaceDelimited, false) => {
                (style(quote!(Delimited(" "))), "query")
            }
            (ParameterLocation::Query, ParameterStyle::PipeDelimited, false) => {
                (style(quote!(Delimited("|"))), "query")
            }
            (ParameterLocation::Query, _, false) => {
                ((quote!(query_param_joined), quote!()), "query")
            }
            (ParameterLocation::Query, ..) => ((quote!(query_param), quote!()), "query"),
            _ => ((quote!(header_param), quote!()), "header"),
        };
        if p.required {
            let arg = ident(&args_scope.claim(&naming::snake(&p.name)));
            args.push(quote!(#arg: impl ::core::convert::Into<#ty>));
            calls.push(quote!(.#call(#wire, &#arg.into() #extra)));
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
                    self.#call(#wire, &value.into() #extra)
                }
            });
        }
    }
    if let Some(b) = &op.request_body {
        let body = request_body(plan, b);
        let ty = &body.ty;
        let set = &body.set;
        let what = body.what;
        if b.required {
            let arg = ident(&args_scope.claim("body"));
            args.push(quote!(#arg: #ty));
            calls.push(quote!(.#set));
            arg_docs.push(format!("`{arg}`: the request body ({what})."));
        } else {
            let doc = format!(" The optional request body ({what}).");
            setters.push(quote! {
                #[doc = #doc]
                pub fn #body_name(self, body: #ty) -> Self {
                    self.#set
                }
            });
        }
        arg_docs.extend(body.notes);
    }
    let error_enum = names.error.as_deref().map(ident);
    let mut error_items = TokenStream::new();
    if let Some(response::ErrorBody {
        ty: error_ty,
        read,
        items,
    }) = response::error(plan, op, error_enum.as_ref())
    {
        error_items = items;
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
    let headers_items = names
        .headers
        .as_deref()
        .map(|h| super::headers::emit(plan, op, h, &summary));
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
                #accept
                #(#calls)*
        }

        #setters_impl
        #error_items
        #headers_items
    }
}

#[cfg(test)]
mod tests {
    use super::QUERY_METHODS;

    /// Every inherent method a `Query` of an operation marker has in the runtime is in
    /// [`QUERY_METHODS`], so no generated setter can take its name (methods of `Query`s whose
    /// `T` is an `Entity` do not apply: a marker never is one).
    #[test]
    fn setters_cannot_take_a_runtime_method_name() {
        let sources = [
            include_str!("../../../runtime/request/query.rs"),
            include_str!("../../../runtime/request/rest.rs"),
            include_str!("../../../runtime/request/body.rs"),
        ];
        let mut checked = 0;
        for src in sources {
            let file = syn::parse_file(src).expect("runtime parses");
            for item in file.items {
                let syn::Item::Impl(i) = item else { continue };
                let syn::Type::Path(p) = &*i.self_ty else { continue };
                let is_query = p.path.segments.last().is_some_and(|s| s.ident == "Query");
                let entity_bound = i.generics.type_params().any(|t| {
                    t.bounds.iter().any(|b| {
                        matches!(b, syn::TypeParamBound::Trait(t)
                            if t.path.segments.last().is_some_and(|s| s.ident == "Entity"))
                    })
                });
                if !is_query || i.trait_.is_some() || entity_bound {
                    continue;
                }
                for m in &i.items {
                    if let syn::ImplItem::Fn(f) = m {
                        let name = f.sig.ident.to_string();
                        assert!(
                            QUERY_METHODS.contains(&name.as_str()),
                            "`{name}` is not in QUERY_METHODS"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 20, "{checked} methods checked");
    }
}
