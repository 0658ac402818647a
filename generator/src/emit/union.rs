//! Unions (OpenAPI `oneOf`/`anyOf` of named or primitive schemas) → a Rust enum with one variant per
//! alternative. Deserializing: the discriminator member's value picks the alternative when the
//! union has one; otherwise, for a JSON object, the structured alternative whose required members
//! are all present and that knows most of the object's members (the first on a tie); for other
//! values, the first alternative that accepts the value. Serializing writes the alternative as is.

use super::docs;
use super::naming::{self, Scope};
use super::plan::{Plan, ident};
use super::structs::serde_impls;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The enum for union `id`.
pub fn emit(plan: &Plan<'_>, id: TypeId) -> TokenStream {
    let model = plan.model;
    let td = model.ty(id);
    let TypeKind::Union(u) = &td.kind else {
        return TokenStream::new();
    };
    let name = ident(&plan.names(id).ident);
    let qualified = td.qualified_name().replace('`', "");
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    let mut ser = Vec::new();
    let mut tagged = Vec::new();
    let mut objects = Vec::new();
    let mut others = Vec::new();
    let mut froms = Vec::new();
    for a in &u.alternatives {
        if let Target::Named(t) = a.ty.target
            && !plan.selection.contains(t)
        {
            continue;
        }
        let label = match a.ty.target {
            Target::Named(t) => model.ty(t).name.clone(),
            Target::Primitive(p) => p.edm_name().trim_start_matches("Edm.").to_owned(),
        };
        let label = if a.ty.collection {
            format!("{label}List")
        } else {
            label
        };
        let v = ident(&scope.claim(&naming::camel(&label)));
        let boxed = plan.boxed_variant(&a.ty);
        let ty = plan.value_type(&a.ty, boxed);
        let doc = format!(
            " `{}`{}.",
            label.replace('`', ""),
            if a.ty.collection {
                " (a collection)"
            } else {
                ""
            }
        );
        variants.push(quote!(#[doc = #doc] #v(#ty),));
        ser.push(quote!(Self::#v(x) => crate::odata::Wire::serialize_wire(x, s),));
        let build = if boxed {
            quote!(Self::#v(::std::boxed::Box::new(x)))
        } else {
            quote!(Self::#v(x))
        };
        let inner = match a.ty.target {
            Target::Named(t) if !a.ty.collection => plan.path(t, plan.descendants.contains_key(&t)),
            _ => plan.value_type(&a.ty, false),
        };
        // The variant itself where nothing is boxed (clippy's `redundant_closure`).
        let wrap = if boxed {
            quote!(|x| #build)
        } else {
            quote!(Self::#v)
        };
        let convert = quote! {
            crate::odata::from_value::<#inner>(value)
                .map(#wrap)
                .map_err(<D::Error as ::serde::de::Error>::custom)
        };
        if !a.tags.is_empty() {
            let tags = a.tags.iter().map(|t| Literal::string(t));
            tagged.push((
                quote!(::core::option::Option::Some(#(#tags)|*)),
                convert.clone(),
            ));
        }
        match a.ty.target {
            Target::Named(t) if !a.ty.collection && model.ty(t).as_struct().is_some() => {
                let st_path = plan.path(t, false);
                let required: Vec<Literal> = model
                    .all_properties(t)
                    .into_iter()
                    .filter(|p| crate::ir::facts::is_required(&p.annotations))
                    .map(|p| Literal::string(&p.name))
                    .collect();
                let index = Literal::usize_unsuffixed(objects.len());
                objects.push((
                    quote! {
                        (
                            <#st_path as crate::odata::Model>::FIELDS,
                            &[#(#required),*] as &[&str],
                        ),
                    },
                    quote!(#index => crate::odata::from_value_ref::<#inner>(&value).map(#wrap),),
                    convert.clone(),
                ));
            }
            // Its error is not reported: read from the borrowed value, without a path.
            _ => others.push(quote! {
                if let ::core::result::Result::Ok(x) = <#inner as crate::odata::Wire>::deserialize_wire(&value) {
                    return ::core::result::Result::Ok(#build);
                }
            }),
        }
        if a.ty.target != Target::Named(id) {
            froms.push((inner.to_string(), inner, build));
        }
    }
    // `From` each alternative's type, where no other alternative has the same Rust type (so a
    // setter taking `impl Into<Union>` accepts the value itself).
    let from_impls = froms
        .iter()
        .filter(|(key, _, _)| froms.iter().filter(|(k, _, _)| k == key).count() == 1)
        .map(|(_, inner, build)| {
            quote! {
                impl ::core::convert::From<#inner> for #name {
                    fn from(x: #inner) -> Self {
                        #build
                    }
                }
            }
        });
    let from_impls: TokenStream = from_impls.collect();
    let mut paragraphs = Vec::new();
    if let Some(d) = td.annotations.description() {
        paragraphs.push(docs::escape_markdown(d));
    }
    paragraphs.push(format!("One of several types (`{qualified}`)."));
    let doc = docs::lines(&paragraphs);
    let not_matched = Literal::string(&format!(
        "the value matches no alternative of `{qualified}`"
    ));
    let discriminator = match &u.discriminator {
        Some(prop) if !tagged.is_empty() => {
            let prop = Literal::string(prop);
            let tag = quote!(value.get(#prop).and_then(::serde_json::Value::as_str));
            match tagged.as_slice() {
                // One tagged alternative: `if let` (clippy's `single_match`).
                [(pattern, convert)] => quote! {
                    if let #pattern = #tag {
                        return #convert;
                    }
                },
                _ => {
                    let arms = tagged
                        .iter()
                        .map(|(pattern, convert)| quote!(#pattern => return #convert,));
                    quote! {
                        match #tag {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    let object_pick = if objects.is_empty() {
        TokenStream::new()
    } else {
        let table = objects.iter().map(|(t, _, _)| t);
        let arms = objects.iter().map(|(_, a, _)| a);
        // One candidate: `if let` (clippy's `single_match`), else a `match` on the index.
        let pick = match objects.as_slice() {
            [(_, _, convert)] => {
                quote! {
                    if best.is_some() {
                        return #convert;
                    }
                }
            }
            // Several: the candidates with their required members, most members in common
            // first (ties in declaration order), each tried until one reads the value (members
            // alike, a closed enum such as a `type` member may still refuse it); else the best
            // candidate's error.
            _ => quote! {
                ranked.sort_by_key(|&(_, score)| ::core::cmp::Reverse(score));
                let mut first_error = ::core::option::Option::None;
                for (i, _) in ranked {
                    let attempt = match i {
                        #(#arms)*
                        _ => continue,
                    };
                    match attempt {
                        ::core::result::Result::Ok(x) => return ::core::result::Result::Ok(x),
                        ::core::result::Result::Err(e) => {
                            first_error.get_or_insert(e);
                        }
                    }
                }
                if let ::core::option::Option::Some(e) = first_error {
                    return ::core::result::Result::Err(<D::Error as ::serde::de::Error>::custom(e));
                }
            },
        };
        let best = if objects.len() == 1 {
            quote! {
                let best = candidates
                    .iter()
                    .find(|(_, required)| required.iter().all(|r| obj.contains_key(*r)));
            }
        } else {
            quote! {
                let mut ranked: ::std::vec::Vec<(usize, usize)> = candidates
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, required))| required.iter().all(|r| obj.contains_key(*r)))
                    .map(|(i, (fields, _))| (i, fields.iter().filter(|f| obj.contains_key(**f)).count()))
                    .collect();
            }
        };
        quote! {
            if let ::core::option::Option::Some(obj) = value.as_object() {
                let candidates: &[(&[&str], &[&str])] = &[#(#table)*];
                #best
                #pick
            }
        }
    };
    // No alternative left (all outside the selection): every value is refused.
    let value = if variants.is_empty() {
        quote!(_value)
    } else {
        quote!(value)
    };
    let de = quote! {
        let #value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
        #discriminator
        #object_pick
        #(#others)*
        ::core::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#not_matched))
    };
    let ser = if ser.is_empty() {
        quote!({
            let _ = s;
            match *self {}
        })
    } else {
        quote!(match self { #(#ser)* })
    };
    let mut out = quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    };
    out.extend(serde_impls(&quote!(#name), de, ser));
    out.extend(from_impls);
    out
}
