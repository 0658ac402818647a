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
use std::collections::BTreeMap;

/// The name used in the URL: simple for the configured default namespace (as Microsoft Graph
/// writes `microsoft.graph` operations), namespace-qualified otherwise (the OData rule). An OData
/// V3 bound operation is a `FunctionImport` of the entity container, qualified by the
/// container's name (`/Customers('ALFKI')/SampleEntities.CreateOrder`, MS-ODATA 4.8).
pub fn url_name(model: &Model, req: &RequestOptions, op: &Operation) -> String {
    if model.protocol.is_legacy() {
        match &model.container {
            Some(c) if !c.name.is_empty() => format!("{}.{}", c.name, op.name),
            _ => op.name.clone(),
        }
    } else if req.default_namespace.as_deref() == Some(op.namespace.as_str()) {
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
    // A single result the metadata allows to be null (`Nullable` defaults to true) is an
    // `Option`: `None` for `null` or the `204` a service answers for it.
    let reader = if ret.ty.collection {
        quote!(crate::request::Collection<#v>)
    } else if ret.ty.target == Target::Primitive(Primitive::Stream) {
        quote!(crate::request::Bytes)
    } else if complex
        && !(plan.model.protocol.is_legacy()
            && matches!(ret.ty.target, Target::Named(id) if !is_entity(plan.model, id)))
    {
        // OData V1–V3 wrap a complex result as `{"d": {"Name": {...}}}` (read as a `Value`).
        if ret.nullable {
            quote!(crate::request::NullableJson<#v>)
        } else {
            quote!(crate::request::Json<#v>)
        }
    } else if ret.nullable {
        quote!(crate::request::NullableValue<#v>)
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

/// Can this operation of an OData V1–V3 service be invoked: a service operation or a V3
/// function, whose parameters (the binding one aside) are literals of the query string, each a
/// string or a typed literal; or a V3 action, whose parameters go in a JSON body.
pub fn legacy_invocable(op: &Operation) -> bool {
    body_action(op)
        || op.parameters.iter().skip(usize::from(op.is_bound)).all(|p| {
            p.ty == TypeRef { collection: false, target: Target::Primitive(Primitive::String) }
                || super::entities::literal_type(&p.ty).is_some()
        })
}

/// A V3 action (bound by `IsBindable`, or unbound without an HTTP method): in OData V1–V3 the
/// one kind of operation that takes a JSON body rather than literals of the query string.
fn body_action(op: &Operation) -> bool {
    op.kind == OperationKind::Action && (op.is_bound || !op.service_operation)
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

/// Is this (non-binding) parameter optional: annotated `Core.OptionalParameter`. `Nullable`
/// alone does not make one optional (Graph leaves most required parameters nullable): a nullable
/// parameter is a required argument.
pub fn is_optional(p: &Parameter) -> bool {
    p.annotations.optional_parameter().is_some()
}

/// The optional parameters of `op` with their field names in its options struct.
fn optional_fields(op: &Operation) -> Vec<(&Parameter, String)> {
    let mut scope = Scope::default();
    op.parameters
        .iter()
        .skip(usize::from(op.is_bound))
        .filter(|p| is_optional(p))
        .map(|p| (p, scope.claim(&naming::snake(&p.name))))
        .collect()
}

/// The options structs (`requests::params`): emitted operations with optional parameters →
/// struct name, claimed crate-wide in model order (`{BindingType}{Operation}Options`, or
/// `{Import}Options` for an unbound operation).
pub fn options_names(plan: &Plan<'_>, req: &RequestOptions) -> BTreeMap<usize, String> {
    let model = plan.model;
    let mut imported: BTreeMap<usize, &str> = BTreeMap::new();
    if let Some(c) = &model.container {
        for imp in &c.imports {
            for &i in &imp.operations {
                imported.entry(i).or_insert(imp.name.as_str());
            }
        }
    }
    let mut scope = Scope::default();
    let mut out = BTreeMap::new();
    for (index, op) in model.operations.iter().enumerate() {
        if optional_fields(op).is_empty() || !super::operation_emitted(plan, req, index) {
            continue;
        }
        let base = if op.is_bound {
            let Some(Parameter { ty: TypeRef { target: Target::Named(b), .. }, .. }) = op.parameters.first() else {
                continue;
            };
            format!("{}{}Options", plan.names(*b).ident, naming::camel(&op.name))
        } else {
            let Some(import) = imported.get(&index) else { continue };
            format!("{}Options", naming::camel(import))
        };
        out.insert(index, scope.claim(&base));
    }
    out
}

/// The `requests/params.rs` body: one options struct per operation with optional parameters.
pub fn emit_params(plan: &Plan<'_>, req: &RequestOptions) -> TokenStream {
    let items = options_names(plan, req).into_iter().filter_map(|(index, name)| {
        let op = plan.model.operations.get(index)?;
        let ident = ident(&name);
        let doc = format!(
            " The optional parameters of `{}.{}`: those left `None` are not sent.",
            op.namespace.replace('`', ""),
            op.name.replace('`', "")
        );
        let fields = optional_fields(op).into_iter().map(|(p, f)| {
            let f = crate::emit::plan::ident(&f);
            let ty = plan.value_type(&p.ty, false);
            let mut doc = format!(" `{}`", p.name.replace('`', ""));
            if let Some(d) = p.annotations.description() {
                doc = format!(" {}", crate::emit::docs::escape_markdown(d));
            }
            if let Some(Some(default)) = p.annotations.optional_parameter() {
                doc.push_str(&format!(
                    " (the service's default: `{}`)",
                    default.replace('`', "")
                ));
            }
            quote! {
                #[doc = #doc]
                pub #f: ::core::option::Option<#ty>,
            }
        });
        Some(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, Default)]
            pub struct #ident {
                #(#fields)*
            }
        })
    });
    quote! {
        #![doc = ""]
        #![doc = " Optional operation parameters (`Core.OptionalParameter`): one struct per operation that has"]
        #![doc = " any, passed as its method's last argument (`Default::default()` sends none)."]
        #(#items)*
    }
}

/// The operation as a method (`receiver = true`: `&self` of an entity path) or a free function;
/// `options`: the name of its options struct, when it has optional parameters.
fn build(
    plan: &Plan<'_>,
    op: &Operation,
    name: &str,
    receiver: bool,
    url: String,
    options: Option<&str>,
) -> TokenStream {
    let fn_name = ident(name);
    let skip = usize::from(op.is_bound);
    let mut arg_scope = Scope::with_reserved(&["self", "params", "body", "options"]);
    let mut args = Vec::new();
    let mut adds = Vec::new();
    // OData V1–V3 service operations and V3 functions take every parameter as a literal of the
    // query string; V3 actions take a JSON body, as V4 actions do.
    let legacy = plan.model.protocol.is_legacy() && !body_action(op);
    for p in op.parameters.iter().skip(skip).filter(|p| !is_optional(p)) {
        let arg = ident(&arg_scope.claim(&naming::snake(&p.name)));
        let wire = p.name.as_str();
        if legacy {
            // A service operation: every parameter a literal of the query string.
            match super::entities::literal_type(&p.ty) {
                Some(ty) => args.push(quote!(#arg: #ty)),
                None => args.push(quote!(#arg: &str)),
            }
            adds.push(quote!(.literal(#wire, &#arg)));
            continue;
        }
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
    if let Some(struct_name) = options {
        let s = ident(struct_name);
        args.push(quote!(options: crate::requests::params::#s));
        for (p, field) in optional_fields(op) {
            let wire = p.name.as_str();
            let f = ident(&field);
            adds.push(match op.kind {
                OperationKind::Function if literal_primitive(&p.ty) => {
                    quote!(.literal_opt(#wire, options.#f.as_ref()))
                }
                OperationKind::Function => quote!(.json_opt(#wire, options.#f.as_ref())),
                OperationKind::Action => quote!(.param_opt(#wire, options.#f.as_ref())),
            });
        }
    }
    let (entity, reader, kind, options) = result_types(plan, op.return_type.as_ref());
    let kind_doc = match op.kind {
        _ if legacy && op.is_bound => "function, `GET` with its parameters in the query string",
        _ if legacy && op.kind == OperationKind::Action => "service operation, `POST`",
        _ if legacy => "service operation, `GET`",
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
    // The signature in metadata terms, which tells overloads (`delta`, `delta_2`) apart.
    let mut signature = Vec::new();
    if let Some(b) = op.parameters.first().filter(|_| op.is_bound) {
        signature.push(format!("bound to `{}`", type_name(plan.model, &b.ty)));
    }
    let params: Vec<String> = op
        .parameters
        .iter()
        .skip(skip)
        .map(|p| format!("`{}: {}`", p.name.replace('`', ""), type_name(plan.model, &p.ty)))
        .collect();
    if !params.is_empty() {
        signature.push(format!("parameters {}", params.join(", ")));
    }
    if !signature.is_empty() {
        doc.push(String::new());
        let mut line = signature.join("; ");
        if let Some(first) = line.get(..1) {
            line = format!(" {}{}.", first.to_uppercase(), &line[1..]);
        }
        doc.push(line);
    }
    if let Some(d) = op.annotations.description() {
        doc.push(String::new());
        doc.push(format!(" {}", crate::emit::docs::escape_markdown(d)));
    }
    let (call, extra) = match op.kind {
        _ if legacy => {
            let post = op.kind == OperationKind::Action;
            (
                quote!(service_operation),
                quote!(#post, crate::request::Params::new() #(#adds)*),
            )
        }
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

/// A parameter's type as metadata writes it (`Collection(ns.user)`, `Edm.String`), backticks
/// removed (it is quoted in docs).
fn type_name(model: &Model, t: &TypeRef) -> String {
    let name = match t.target {
        Target::Named(id) => model.ty(id).qualified_name(),
        Target::Primitive(p) => p.edm_name().to_owned(),
    };
    let name = name.replace('`', "");
    if t.collection { format!("Collection({name})") } else { name }
}

/// The method name of bound operation `op` before overloads are told apart: an operation named
/// like a builder method (a `Create` action beside `create`) gets its kind as a suffix
/// (`create_action`), not a number.
pub fn method_base(op: &Operation) -> String {
    let base = naming::snake(&op.name);
    if super::entities::RESERVED_METHODS.contains(&base.as_str()) {
        let kind = match op.kind {
            OperationKind::Action => "action",
            OperationKind::Function => "function",
        };
        format!("{base}_{kind}")
    } else {
        base
    }
}

/// A bound operation as a method; its name is claimed in `scope`. `options`: its options
/// struct ([`options_names`]).
pub fn method(
    plan: &Plan<'_>,
    req: &RequestOptions,
    op: &Operation,
    scope: &mut Scope,
    options: Option<&str>,
) -> TokenStream {
    let name = scope.claim(&method_base(op));
    build(plan, op, &name, true, url_name(plan.model, req, op), options)
}

/// An unbound operation as a free function named `name`, addressed by its import's name
/// (`import`, a segment of the service root: imports are never qualified).
pub fn free(plan: &Plan<'_>, op: &Operation, name: &str, import: &str, options: Option<&str>) -> TokenStream {
    build(plan, op, name, false, import.to_owned(), options)
}
