//! How an operation's responses are read: which statuses are success, the runtime `Expect` type
//! that parses the success body (`Json`, `Optional`, `Collection`, `Paged`, `Bytes`, `Empty`),
//! and the type the error statuses document.

use crate::emit::plan::Plan;
use crate::ir::http::{HttpOperation, HttpResponse};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The success side of an operation.
pub struct Success {
    /// `&[200, 201]` or `crate::request::SUCCESS_2XX`.
    pub statuses: TokenStream,
    /// The `Expect` type (`crate::request::Json<T>`, ...).
    pub expect: TokenStream,
    /// `crate::request::One` or `Many`.
    pub kind: TokenStream,
    /// A paged response (the marker implements `PageNames`).
    pub paged: bool,
    /// One line for the docs: what the success response gives.
    pub doc: String,
    /// Named types the success body needs (must be selected).
    pub needs: Vec<TypeRef>,
    /// The `Accept` header when the success body is not JSON: its media types (the runtime
    /// sends `application/json` otherwise).
    pub accept: Option<String>,
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

/// A `2XX`-style range (`4XX` → 400..=499).
pub fn range(status: &str) -> Option<(u16, u16)> {
    let b = status.as_bytes();
    match b {
        [d @ b'1'..=b'5', x, y]
            if x.eq_ignore_ascii_case(&b'X') && y.eq_ignore_ascii_case(&b'X') =>
        {
            let lo = u16::from(d - b'0') * 100;
            Some((lo, lo + 99))
        }
        _ => None,
    }
}

/// An exact status (`404`).
pub fn exact(status: &str) -> Option<u16> {
    (status.len() == 3).then(|| status.parse().ok()).flatten()
}

/// The headers the success responses document, once each (by name, ignoring case; the first
/// response's wins).
pub fn success_headers(op: &HttpOperation) -> Vec<&crate::ir::http::HttpHeader> {
    let mut out: Vec<&crate::ir::http::HttpHeader> = Vec::new();
    for r in success_responses(op).0 {
        for h in &r.headers {
            if !out.iter().any(|o| o.name.eq_ignore_ascii_case(&h.name)) {
                out.push(h);
            }
        }
    }
    out
}

/// The responses that are success: the `2xx` ones, else `default`.
fn success_responses(op: &HttpOperation) -> (Vec<&HttpResponse>, bool) {
    let two: Vec<&HttpResponse> = op
        .responses
        .iter()
        .filter(|r| is_success(&r.status))
        .collect();
    if !two.is_empty() {
        return (two, false);
    }
    (
        op.responses
            .iter()
            .filter(|r| r.status == "default")
            .collect(),
        true,
    )
}

/// Does `default` count as success (no `2xx` response documented)?
pub fn default_is_success(op: &HttpOperation) -> bool {
    success_responses(op).1
}

/// The success side of `op`.
pub fn success(plan: &Plan<'_>, op: &HttpOperation, marker: &proc_macro2::Ident) -> Success {
    let (ok, from_default) = success_responses(op);
    let statuses: Vec<u16> = ok.iter().filter_map(|r| exact(&r.status)).collect();
    let statuses = if from_default || statuses.len() < ok.len() || ok.is_empty() {
        quote!(crate::request::SUCCESS_2XX)
    } else {
        quote!(&[#(#statuses),*])
    };
    let typed: Vec<&HttpResponse> = ok.iter().copied().filter(|r| r.ty.is_some()).collect();
    let some_empty = ok.iter().any(|r| r.ty.is_none() && r.media_type.is_none());
    let one = quote!(crate::request::One);
    let many = quote!(crate::request::Many);
    let Some(first) = typed.first() else {
        let mut media: Vec<&str> = ok
            .iter()
            .flat_map(|r| r.media_types.iter().map(String::as_str))
            .collect();
        if !media.is_empty() {
            let mut seen = std::collections::HashSet::new();
            media.retain(|m| seen.insert(*m));
            return Success {
                statuses,
                expect: quote!(crate::request::Bytes),
                kind: one,
                paged: false,
                doc: "The response body's bytes (not JSON).".into(),
                needs: Vec::new(),
                accept: Some(media.join(", ")),
            };
        }
        return Success {
            statuses,
            expect: quote!(crate::request::Empty),
            kind: one,
            paged: false,
            doc: "No response body: `()`.".into(),
            needs: Vec::new(),
            accept: None,
        };
    };
    let same = typed
        .iter()
        .all(|r| r.ty == first.ty && r.value_wrapped == first.value_wrapped);
    let ty = match (&first.ty, same) {
        (Some(t), true) => *t,
        _ => TypeRef {
            collection: false,
            target: Target::Primitive(Primitive::Untyped),
        },
    };
    let wrapped = same && first.value_wrapped;
    let element = TypeRef {
        collection: false,
        target: ty.target,
    };
    if let Some(p) = &op.paging {
        let odata = wrapped
            && p.item_name == "value"
            && p.next_link_name.as_deref() == Some("@odata.nextLink");
        if !odata {
            let item = if wrapped && p.item_name == "value" {
                element
            } else {
                item_type(plan, &ty, &p.item_name)
            };
            let t = plan.value_type(&item, false);
            return Success {
                statuses,
                expect: quote!(crate::request::Paged<#t, #marker>),
                kind: many,
                paged: true,
                doc: format!(
                    "Paged: `{}` holds the items{}.",
                    crate::emit::docs::code(&p.item_name),
                    match &p.next_link_name {
                        Some(n) =>
                            format!(", `{}` the next page's URL", crate::emit::docs::code(n)),
                        None => String::new(),
                    }
                ),
                needs: vec![item],
                accept: None,
            };
        }
    }
    if wrapped {
        let t = plan.value_type(&element, false);
        return Success {
            statuses,
            expect: quote!(crate::request::Collection<#t>),
            kind: many,
            paged: false,
            doc: "An OData collection: a page (`value`, `@odata.nextLink`).".into(),
            needs: vec![element],
            accept: None,
        };
    }
    let t = plan.value_type(&ty, false);
    if some_empty {
        Success {
            statuses,
            expect: quote!(crate::request::Optional<#t>),
            kind: one,
            paged: false,
            doc: "The response value, or `None` for an empty body.".into(),
            needs: vec![ty],
            accept: None,
        }
    } else {
        Success {
            statuses,
            expect: quote!(crate::request::Json<#t>),
            kind: one,
            paged: false,
            doc: "The response value.".into(),
            needs: vec![ty],
            accept: None,
        }
    }
}

/// The type of the items of a paged response `ty`: its member `item` when `ty` is a structured
/// type with such a collection member, else untyped JSON.
fn item_type(plan: &Plan<'_>, ty: &TypeRef, item: &str) -> TypeRef {
    let untyped = TypeRef {
        collection: false,
        target: Target::Primitive(Primitive::Untyped),
    };
    let Target::Named(id) = ty.target else {
        return untyped;
    };
    if ty.collection || plan.model.ty(id).as_struct().is_none() {
        return untyped;
    }
    plan.members(id)
        .into_iter()
        .find(|m| m.name == item && m.ty.collection)
        .filter(|m| match m.ty.target {
            Target::Named(t) => plan.selection.contains(t),
            Target::Primitive(_) => true,
        })
        .map(|m| TypeRef {
            collection: false,
            target: m.ty.target,
        })
        .unwrap_or(untyped)
}

/// The error responses of `op`: every status but the success ones (and `default` when it is
/// the success).
fn error_responses(op: &HttpOperation) -> Vec<&HttpResponse> {
    let default_ok = default_is_success(op);
    op.responses
        .iter()
        .filter(|r| !(is_success(&r.status) || (default_ok && r.status == "default")))
        .collect()
}

/// Do the bodies the error statuses of `op` document have more than one type? `error_body`
/// then gives an enum with a variant per status (its name is claimed beside the marker's).
pub fn errors_differ(op: &HttpOperation) -> bool {
    let errors = error_responses(op);
    let mut typed = errors.iter().filter_map(|r| r.ty.as_ref());
    typed.next().is_some_and(|first| typed.any(|t| t != first))
}

/// How `error_body` reads a service error of an operation.
pub struct ErrorBody {
    /// The type it gives.
    pub ty: TokenStream,
    /// Its body after `let e = error.odata()?;`.
    pub read: TokenStream,
    /// The enum of the bodies by status, when they differ in type (see [`errors_differ`]).
    pub items: TokenStream,
}

/// The statuses with a body to read, in the order they are matched: exact ones, then ranges,
/// then `default`; each with its `match` pattern (none for `default`) and its variant's doc.
fn read_order<'o>(
    errors: &[&'o HttpResponse],
) -> Vec<(&'o HttpResponse, Option<TokenStream>, String)> {
    let mut out = Vec::new();
    for r in errors {
        if let Some(code) = exact(&r.status) {
            out.push((*r, Some(quote!(#code)), format!(" Status {code}.")));
        }
    }
    for r in errors {
        if let Some((lo, hi)) = range(&r.status) {
            let doc = format!(
                " A status from {lo} to {hi} (`{}`) not listed on its own.",
                r.status
            );
            out.push((*r, Some(quote!(#lo..=#hi)), doc));
        }
    }
    if let Some(r) = errors.iter().find(|r| r.status == "default") {
        out.push((*r, None, " Any other status (`default`).".to_owned()));
    }
    out
}

/// The type the error statuses of `op` document and how `error_body` reads it (`None`: no
/// error status documents a body). One type for all: that type (`Untyped` when it is not
/// selected); several: the enum `enum_name`, a variant per status.
pub fn error(
    plan: &Plan<'_>,
    op: &HttpOperation,
    enum_name: Option<&proc_macro2::Ident>,
) -> Option<ErrorBody> {
    let errors = error_responses(op);
    let first = errors.iter().find_map(|r| r.ty.as_ref())?;
    let selected = |t: &TypeRef| match t.target {
        Target::Named(id) => plan.selection.contains(id),
        Target::Primitive(_) => true,
    };
    let type_of = |t: &TypeRef| {
        if selected(t) {
            plan.value_type(t, false)
        } else {
            quote!(crate::odata::Untyped)
        }
    };
    let mut arms = Vec::new();
    let mut default = quote!(::core::option::Option::None);
    let mut variants = Vec::new();
    let mut names = crate::emit::naming::Scope::default();
    for (r, pattern, doc) in read_order(&errors) {
        let read = match (&r.ty, enum_name) {
            (None, _) => quote!(::core::option::Option::None),
            (Some(_), None) => quote!(::core::option::Option::Some(e.body_as())),
            (Some(t), Some(name)) => {
                let variant = crate::emit::plan::ident(&names.claim(&match &pattern {
                    None => "Default".to_owned(),
                    Some(_) => format!("Status{}", r.status.to_ascii_lowercase()),
                }));
                let ty = type_of(t);
                // Structs and unions boxed, as in unions (clippy's `large_enum_variant`).
                let boxed = selected(t) && plan.boxed_variant(t);
                let (ty, wrap) = if boxed {
                    (
                        quote!(::std::boxed::Box<#ty>),
                        quote!(|x| #name::#variant(::std::boxed::Box::new(x))),
                    )
                } else {
                    (ty, quote!(#name::#variant))
                };
                variants.push(quote! {
                    #[doc = #doc]
                    #variant(#ty),
                });
                quote!(::core::option::Option::Some(e.body_as().map(#wrap)))
            }
        };
        match pattern {
            Some(p) => arms.push(quote!(#p => #read,)),
            None => default = read,
        }
    }
    let read = if arms.is_empty() {
        default
    } else {
        quote! {
            match e.status {
                #(#arms)*
                _ => #default,
            }
        }
    };
    let (ty, items) = match enum_name {
        Some(name) => {
            let doc = format!(
                " The body of a service error of `{} {}`, by its status",
                op.method,
                crate::emit::docs::code(&op.path)
            );
            let items = quote! {
                #[doc = #doc]
                #[doc = " (the operation documents bodies of different types)."]
                #[derive(Clone, Debug, PartialEq)]
                pub enum #name {
                    #(#variants)*
                }
            };
            (quote!(#name), items)
        }
        None if !errors_differ(op) => (type_of(first), TokenStream::new()),
        None => (quote!(crate::odata::Untyped), TokenStream::new()),
    };
    Some(ErrorBody { ty, read, items })
}
