//! Functions and actions: bound ones as methods on `EntityRef<T>`/`EntityCollection<T>`, unbound
//! ones (imports) as free functions of `requests`. Function parameters go in the URL
//! (`getX(period='D7')`, non-primitive values as JSON parameter aliases), action parameters in a
//! JSON body.

use super::{RequestOptions, is_entity};
use crate::emit::naming::{self, Scope};
use crate::emit::plan::{Plan, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The name used in the URL: simple for the configured default namespace (as Microsoft Graph
/// writes `microsoft.graph` operations), namespace-qualified otherwise (the OData rule).
pub fn url_name(req: &RequestOptions, op: &Operation) -> String {
    if req.default_namespace.as_deref() == Some(op.namespace.as_str()) {
        op.name.clone()
    } else {
        format!("{}.{}", op.namespace, op.name)
    }
}

/// `(entity type for query options, response reader, kind, query options)` of a return type.
fn result_types(
    plan: &Plan<'_>,
    ret: Option<&ReturnType>,
) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let Some(ret) = ret else {
        return (quote!(()), quote!(crate::request::Empty), quote!(crate::request::One), quote!(()));
    };
    let single = TypeRef {
        collection: false,
        target: ret.ty.target,
    };
    let v = plan.value_type(&single, false);
    let (entity, options) = match ret.ty.target {
        Target::Named(id) if is_entity(plan.model, id) => (
            plan.path(id, false),
            super::options_path(crate::ir::capabilities::of_type(plan.model, id)),
        ),
        _ => (quote!(()), quote!(())),
    };
    let complex = matches!(ret.ty.target, Target::Named(id) if plan.model.ty(id).as_struct().is_some());
    let reader = if ret.ty.collection {
        quote!(crate::request::Collection<#v>)
    } else if ret.ty.target == Target::Primitive(Primitive::Stream) {
        quote!(crate::request::Bytes)
    } else if complex {
        quote!(crate::request::Json<#v>)
    } else {
        quote!(crate::request::Value<#v>)
    };
    let kind = if ret.ty.collection {
        quote!(crate::request::Many)
    } else {
        quote!(crate::request::One)
    };
    (entity, reader, kind, options)
}

/// A primitive that the runtime writes as a URL literal.
fn literal_primitive(t: &TypeRef) -> bool {
    use Primitive::*;
    !t.collection
        && matches!(
            t.target,
            Target::Primitive(
                String | Boolean | Byte | SByte | Int16 | Int32 | Int64 | Single | Double | Guid
                    | DateTimeOffset | Date | TimeOfDay | Decimal | Duration
            )
        )
}

/// The operation as a method (`receiver = true`: `&self` of an entity path) or a free function.
fn build(
    plan: &Plan<'_>,
    op: &Operation,
    name: &str,
    receiver: bool,
    url: String,
) -> TokenStream {
    let fn_name = ident(name);
    let skip = usize::from(op.is_bound);
    let mut arg_scope = Scope::with_reserved(&["self", "params", "body"]);
    let mut args = Vec::new();
    let mut adds = Vec::new();
    for p in op.parameters.iter().skip(skip) {
        let arg = ident(&arg_scope.claim(&naming::snake(&p.name)));
        let wire = p.name.as_str();
        let is_string = !p.ty.collection && p.ty.target == Target::Primitive(Primitive::String);
        let ty = plan.value_type(&p.ty, false);
        match (op.kind, is_string) {
            (_, true) => {
                args.push(quote!(#arg: &str));
                adds.push(match op.kind {
                    OperationKind::Function => quote!(.literal(#wire, #arg)),
                    OperationKind::Action => {
                        quote!(.param(#wire, &::std::string::String::from(#arg)))
                    }
                });
            }
            (OperationKind::Function, false) if literal_primitive(&p.ty) => {
                args.push(quote!(#arg: #ty));
                adds.push(quote!(.literal(#wire, &#arg)));
            }
            (OperationKind::Action, false) if literal_primitive(&p.ty) => {
                args.push(quote!(#arg: #ty));
                adds.push(quote!(.param(#wire, &#arg)));
            }
            (OperationKind::Function, false) => {
                args.push(quote!(#arg: &#ty));
                adds.push(quote!(.json(#wire, #arg)));
            }
            (OperationKind::Action, false) => {
                args.push(quote!(#arg: &#ty));
                adds.push(quote!(.param(#wire, #arg)));
            }
        }
    }
    let (entity, reader, kind, options) = result_types(plan, op.return_type.as_ref());
    let kind_doc = match op.kind {
        OperationKind::Function => "function",
        OperationKind::Action => "action",
    };
    let mut doc = vec![format!(
        " {} `{}.{}` ({}).",
        if op.is_bound { "Bound" } else { "Unbound" },
        op.namespace.replace('`', ""),
        op.name.replace('`', ""),
        kind_doc
    )];
    if let Some(d) = op.annotations.description() {
        doc.push(String::new());
        doc.push(format!(" {}", crate::emit::docs::escape_markdown(d)));
    }
    let (call, extra) = match op.kind {
        OperationKind::Function => (
            quote!(function),
            quote!(crate::request::Params::new() #(#adds)*),
        ),
        OperationKind::Action => (
            quote!(action),
            quote!(crate::request::ActionBody::new() #(#adds)*),
        ),
    };
    let mut deprecated = crate::emit::docs::deprecated(&op.annotations);
    if args.len() > 6 {
        deprecated.extend(quote!(#[allow(clippy::too_many_arguments)]));
    }
    let output = quote!(crate::request::Query<#entity, #reader, #kind, #options>);
    if receiver {
        quote! {
            #(#[doc = #doc])*
            #deprecated
            pub fn #fn_name(&self, #(#args),*) -> #output {
                self.#call(#url, #extra)
            }
        }
    } else {
        quote! {
            #(#[doc = #doc])*
            #deprecated
            pub fn #fn_name(#(#args),*) -> #output {
                crate::request::Root::#call(#url, #extra)
            }
        }
    }
}

/// A bound operation as a method; its name is claimed in `scope`.
pub fn method(plan: &Plan<'_>, req: &RequestOptions, op: &Operation, scope: &mut Scope) -> TokenStream {
    let name = scope.claim(&naming::snake(&op.name));
    build(plan, op, &name, true, url_name(req, op))
}

/// An unbound operation as a free function named `name`, addressed by its import's name
/// (`import`, a segment of the service root: imports are never qualified).
pub fn free(plan: &Plan<'_>, op: &Operation, name: &str, import: &str) -> TokenStream {
    build(plan, op, name, false, import.to_owned())
}
