//! Per entity type: the `Entity` impl (capabilities, key, value type), the property-name enum for
//! `$select`/`$orderby`/`$expand`, type-cast relations, and the navigation and bound-operation
//! methods on `EntityRef<T>` / `EntityCollection<T>`.

use super::{RequestOptions, is_entity, operations, options_path};
use crate::ir::capabilities::{self, NavigationRestrictions};
use std::collections::HashMap;
use crate::emit::naming::{self, Scope};
use crate::emit::plan::{Plan, ident, primitive};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Methods of the runtime's `EntityRef`/`EntityCollection` (and their crate-private helpers, and
/// the per-capability-set operations of `requests::options`): generated methods must not clash.
pub const RESERVED_METHODS: &[&str] = &[
    "at", "from_path", "path", "get", "update", "delete", "cast", "navigate_one", "navigate_many",
    "function", "action", "list", "create", "by_key", "count", "clone", "fmt", "get_query",
    "update_query", "delete_query", "list_query", "create_query", "count_query", "stream",
    "put_stream",
];

/// `name`, or `{name}_property` for a property (navigation or stream) named like a builder
/// method (`get`, `count`, `stream`): the suffix says what it is, where a number would not.
fn not_reserved(name: String) -> String {
    if RESERVED_METHODS.contains(&name.as_str()) {
        format!("{name}_property")
    } else {
        name
    }
}

/// The `requests/entities/mod.rs` body: the group modules, their items re-exported.
pub fn emit_mod(groups: &[String]) -> TokenStream {
    let mods = groups.iter().map(|g| ident(g));
    let uses = groups.iter().map(|g| ident(g));
    quote! {
        #![doc = ""]
        #![doc = " Request support of each selected entity type: capabilities, keys, property names,"]
        #![doc = " navigation properties and bound operations (in files grouped by type name)."]
        #(mod #mods;)*
        #(pub use self::#uses::*;)*
    }
}

/// One group file of `requests/entities/`: `types` with their enum names.
pub fn emit(plan: &Plan<'_>, req: &RequestOptions, types: &[super::EnumNames]) -> TokenStream {
    // Emitted bound operations by binding type, in model order (computed once) except that the
    // overloads of one name stand together at the place of the first: CSDL XML may spread them
    // over a schema, CSDL JSON lists them together, and both must give the same code. Each is
    // (index of the name's first overload, index).
    let mut first: HashMap<(&str, &str), usize> = HashMap::new();
    let mut bound: HashMap<TypeId, Vec<(usize, usize)>> = HashMap::new();
    for (index, op) in plan.model.operations.iter().enumerate() {
        let group = *first.entry((&op.namespace, &op.name)).or_insert(index);
        if !op.is_bound || !super::operation_emitted(plan, req, index) {
            continue;
        }
        if let Some(Parameter { ty: TypeRef { target: Target::Named(bt), .. }, .. }) = op.parameters.first() {
            bound.entry(*bt).or_default().push((group, index));
        }
    }
    let navs = NavigationRestrictions::new(plan.model);
    let options = operations::options_names(plan, req);
    let items = types
        .iter()
        .map(|t| entity(plan, req, &bound, &navs, &options, t));
    quote! {
        #(#items)*
    }
}

/// A fieldless enum `name` of property names (each a variant name and a wire name, in order)
/// implementing `request::Property`.
fn name_enum<'a>(name: &proc_macro2::Ident, doc: &str, members: impl Iterator<Item = (&'a str, &'a str)>) -> TokenStream {
    let (variants, wire): (Vec<&str>, Vec<&str>) = members.unzip();
    let variants: Vec<_> = variants.into_iter().map(ident).collect();
    let variant_docs: Vec<String> = wire.iter().map(|w| format!(" `{}`", w.replace('`', ""))).collect();
    let name_body = if variants.is_empty() {
        quote!(match self {})
    } else {
        // Variants are fieldless and in `wire` order, so the discriminant indexes the names.
        quote!(crate::request::property_name(&[#(#wire),*], self as usize))
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
        }
        impl crate::request::Property for #name {
            fn name(self) -> &'static str {
                #name_body
            }
        }
    }
}

/// Methods of the navigation enums (`Property::name`, the derived traits') that the functions
/// of [`nested_expands`] must not shadow, and names clippy expects other signatures of
/// (`new_ret_no_self`, `should_implement_trait`).
const NAVIGATION_ENUM_RESERVED: &[&str] = &[
    "name", "clone", "clone_from", "fmt", "eq", "ne", "hash", "hash_slice",
    "assert_receiver_is_total_eq", "new", "default", "from_str", "from_iter",
];

/// Per navigation property of entity type `ty` whose target is an entity type: a function of
/// its navigation enum `name` making an `$expand` item with options typed by the target
/// (`UserNavigation::manager(|o| o.select(&[DirectoryObjectProperty::Id]))`).
fn nested_expands(
    plan: &Plan<'_>,
    name: &proc_macro2::Ident,
    ty: &TokenStream,
    variants: &[String],
    members: &[crate::emit::plan::Member<'_>],
) -> TokenStream {
    let mut scope = Scope::with_reserved(NAVIGATION_ENUM_RESERVED);
    let fns: Vec<TokenStream> = variants
        .iter()
        .zip(members)
        .filter(|(_, m)| m.navigation)
        .filter_map(|(v, m)| {
            let Target::Named(target) = m.ty.target else { return None };
            if !is_entity(plan.model, target) {
                return None;
            }
            let f = ident(&scope.claim(&naming::snake(m.name)));
            let v = ident(v);
            let t = plan.path(target, false);
            let doc = format!(
                " `{}` in `$expand`, with options for `{}` (`$select`, `$filter`, a nested `$expand`, ...).",
                m.name.replace('`', ""),
                crate::emit::docs::code(&plan.model.ty(target).qualified_name())
            );
            Some(quote! {
                #[doc = #doc]
                pub fn #f(
                    options: impl ::core::ops::FnOnce(crate::request::ExpandOptions<#t>) -> crate::request::ExpandOptions<#t>,
                ) -> crate::request::Expand<#ty> {
                    crate::request::Expand::nested(Self::#v, options)
                }
            })
        })
        .collect();
    if fns.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #name {
            #(#fns)*
        }
    }
}

/// The most key properties typed as a tuple (the runtime's `KeyValue` tuples); a longer key is a
/// `RawKey`.
const MAX_KEY_PARTS: usize = 12;

/// The key of entity type `id` (declared on it or inherited), in key order: each property's name
/// in URLs (its `Alias`, else its path) and the property the path ends at. Empty when the type
/// has no key or a path does not resolve (the front end reported it).
fn key_of(model: &Model, id: TypeId) -> Vec<(String, &Property)> {
    let mut chain = model.ancestors(id);
    chain.reverse();
    chain.push(id);
    let Some(st) = chain
        .iter()
        .filter_map(|t| model.ty(*t).as_struct())
        .rfind(|s| !s.key.is_empty())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, path) in st.key.iter().enumerate() {
        let Some(p) = model.property_at_path(id, path) else { return Vec::new() };
        let name = st.key_alias.get(i).cloned().flatten().unwrap_or_else(|| path.clone());
        out.push((name, p));
    }
    out
}

/// The Rust type of a key: the primitive when the runtime can write it as a literal, else text.
fn key_type(p: &Property) -> TokenStream {
    literal_type(&p.ty).unwrap_or_else(|| quote!(::std::string::String))
}

/// The Rust type of a single primitive value that the runtime writes as a typed URL literal
/// (keys, OData V1–V3 service operation parameters); `None` for strings and for what a URL
/// literal cannot carry.
pub fn literal_type(t: &TypeRef) -> Option<TokenStream> {
    use Primitive::*;
    match t.target {
        Target::Primitive(
            pr @ (Boolean | Byte | SByte | Int16 | Int32 | Int64 | Guid | DateTimeOffset | Date
            | TimeOfDay | Decimal | Duration | DateTime | Time | Single | Double | Binary),
        ) if !t.collection => Some(primitive(pr)),
        _ => None,
    }
}

/// Reading and replacing the streams of a single entity: its media resource (`$value`, a
/// `HasStream` type or a descendant of one) as `media`/`put_media`, each stream property (own
/// and inherited) as `<name>`/`put_<name>`.
fn streams(model: &Model, id: TypeId, ty: &TokenStream, scope: &mut Scope) -> Vec<TokenStream> {
    let mut chain = model.ancestors(id);
    chain.insert(0, id);
    let media = chain
        .iter()
        .any(|t| model.ty(*t).as_struct().is_some_and(|s| s.has_stream));
    let mut streams: Vec<(String, String)> = Vec::new();
    if media {
        streams.push(("media".into(), "$value".into()));
    }
    for p in model.all_properties(id) {
        if p.ty.target == Target::Primitive(Primitive::Stream) && !p.ty.collection {
            streams.push((naming::snake(&p.name), p.name.clone()));
        }
    }
    let mut out = Vec::new();
    for (i, (name, segment)) in streams.into_iter().enumerate() {
        // A stream property named like a builder method, or `media` beside the media
        // resource's `media`, is `..._property` (not a number).
        let media_taken = media && i > 0 && (name == "media" || name == "put_media");
        let name = if media_taken { format!("{name}_property") } else { not_reserved(name) };
        let what = if segment == "$value" {
            "the media resource (`$value`)".to_owned()
        } else {
            format!("the stream property `{}`", segment.replace('`', ""))
        };
        let get = ident(&scope.claim(&name));
        let put = ident(&scope.claim(&format!("put_{name}")));
        let get_doc = format!(" `GET` {what}: its bytes.");
        let put_doc = format!(" `PUT` {what}: new bytes, sent with the media type `content_type`.");
        out.push(quote! {
            #[doc = #get_doc]
            pub fn #get(&self) -> crate::request::Query<#ty, crate::request::Bytes, crate::request::One, C> {
                self.stream(#segment)
            }
            #[doc = #put_doc]
            pub fn #put(
                &self,
                content_type: &str,
                data: impl ::core::convert::Into<::std::vec::Vec<u8>>,
            ) -> crate::request::Query<#ty, crate::request::Empty, crate::request::One, C> {
                self.put_stream(#segment, content_type, data)
            }
        });
    }
    out
}

fn entity(
    plan: &Plan<'_>,
    req: &RequestOptions,
    bound: &HashMap<TypeId, Vec<(usize, usize)>>,
    navs: &NavigationRestrictions<'_>,
    options_names: &std::collections::BTreeMap<usize, String>,
    enums: &super::EnumNames,
) -> TokenStream {
    let id = enums.id;
    let model = plan.model;
    let td = model.ty(id);
    let qualified = td.qualified_name();
    let names = plan.names(id);
    let ty = plan.path(id, false);
    let value = plan.path(id, plan.descendants.contains_key(&id));
    // Property names: structural and selected navigation properties, base types' first.
    let prop_enum = ident(&enums.property);
    let members = plan.members(id);
    let prop_doc = format!(" Property names of `{qualified}` for `$select` and `$orderby`.");
    let mut variants_scope = Scope::with_reserved(&["Self"]);
    let variants: Vec<String> = members.iter().map(|m| variants_scope.claim(&naming::camel(m.name))).collect();
    let prop_item = name_enum(&prop_enum, &prop_doc, variants.iter().zip(&members).map(|(v, m)| (v.as_str(), m.name)));
    // Navigation property names, for `$expand` (the same variant names).
    let (nav_item, nav_enum) = match &enums.navigation {
        Some(name) => {
            let name = ident(name);
            let doc = format!(" Navigation property names of `{qualified}` for `$expand`.");
            let navigation = variants.iter().zip(&members).filter(|(_, m)| m.navigation).map(|(v, m)| (v.as_str(), m.name));
            let mut item = name_enum(&name, &doc, navigation);
            if !model.protocol.is_legacy() {
                item.extend(nested_expands(plan, &name, &ty, &variants, &members));
            }
            (item, quote!(#name))
        }
        None => (quote!(), quote!(crate::request::NoNavigation)),
    };
    // Key: its URL names (the alias of a path into a complex property) and types.
    let key = key_of(model, id);
    let key_ty = match key.as_slice() {
        [(_, one)] => key_type(one),
        many if (2..=MAX_KEY_PARTS).contains(&many.len()) => {
            let ts = many.iter().map(|(_, p)| key_type(p));
            quote!((#(#ts,)*))
        }
        // No key (a keyless type), or more parts than the runtime has tuples for.
        _ => quote!(crate::request::RawKey),
    };
    let key_lits = key.iter().map(|(name, _)| name.as_str());
    // What a value of the type allows.
    let options = options_path(capabilities::of_type(model, id));
    let derived = model
        .ancestors(id)
        .into_iter()
        .filter(|a| plan.selection.contains(*a))
        .map(|a| {
            let base = plan.path(a, false);
            quote!(impl crate::request::DerivedFrom<#base> for #ty {})
        });
    // Navigation properties and bound operations on a single entity and on a collection.
    let mut one_scope = Scope::with_reserved(RESERVED_METHODS);
    let mut many_scope = Scope::with_reserved(RESERVED_METHODS);
    let mut one = Vec::new();
    for nav in model.all_navigation(id) {
        let Target::Named(target) = nav.ty.target else { continue };
        if !plan.selection.contains(target) || !is_entity(model, target) {
            continue;
        }
        let name = ident(&one_scope.claim(&not_reserved(naming::snake(&nav.name))));
        let t = plan.path(target, false);
        let o = options_path(navs.of(model, id, nav));
        let wire = nav.name.as_str();
        let doc = format!(
            " Navigation property `{}`{}.",
            wire.replace('`', ""),
            if nav.contains_target { " (containment)" } else { "" }
        );
        one.push(if nav.ty.collection {
            quote! {
                #[doc = #doc]
                pub fn #name(&self) -> crate::request::EntityCollection<#t, #o> {
                    self.navigate_many(#wire)
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                pub fn #name(&self) -> crate::request::EntityRef<#t, #o> {
                    self.navigate_one(#wire)
                }
            }
        });
    }
    one.extend(streams(model, id, &ty, &mut one_scope));
    let mut many = Vec::new();
    let mut bindings = model.ancestors(id);
    bindings.insert(0, id);
    // (name group, rank, index): of the overloads of one name, the one bound to the most
    // specific type (rank 0: this type, then its ancestors) claims the plain method name, the
    // others `_2`, ... (`users().delta()` is `delta` bound to `user`, not to `directoryObject`).
    let mut indices: Vec<(usize, usize, usize)> = bindings
        .iter()
        .enumerate()
        .filter_map(|(rank, b)| Some((rank, bound.get(b)?)))
        .flat_map(|(rank, v)| v.iter().map(move |&(group, index)| (group, rank, index)))
        .collect();
    indices.sort_unstable();
    for (_, _, index) in indices {
        let Some(op) = model.operations.get(index) else { continue };
        let Some(Parameter { ty: binding, .. }) = op.parameters.first() else { continue };
        let opts = options_names.get(&index).map(String::as_str);
        if binding.collection {
            many.push(operations::method(plan, req, op, &mut many_scope, opts));
        } else {
            one.push(operations::method(plan, req, op, &mut one_scope, opts));
        }
    }
    let one_impl = (!one.is_empty()).then(|| quote!(impl<C> crate::request::EntityRef<#ty, C> { #(#one)* }));
    let many_impl =
        (!many.is_empty()).then(|| quote!(impl<C> crate::request::EntityCollection<#ty, C> { #(#many)* }));
    let _ = names;
    quote! {
        #prop_item
        #nav_item
        impl crate::request::Entity for #ty {
            const QUALIFIED_NAME: &'static str = #qualified;
            const KEY: &'static [&'static str] = &[#(#key_lits),*];
            type Value = #value;
            type Key = #key_ty;
            type Property = #prop_enum;
            type Navigation = #nav_enum;
            type Options = #options;
        }
        #(#derived)*
        #one_impl
        #many_impl
    }
}
