//! Enum types → open Rust enums: one variant per member, plus a catch-all that keeps any other
//! string verbatim (services add members; docs examples hold placeholders).

use super::docs;
use super::naming::{self, Scope};
use super::plan::{Plan, ident};
use super::structs::serde_impls;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Name of the catch-all variant (reserved before members are named, so it never changes).
pub const CATCH_ALL: &str = "Unrecognized";

/// The enum for `id`.
pub fn emit(plan: &Plan<'_>, id: TypeId) -> TokenStream {
    let td = plan.model.ty(id);
    let TypeKind::Enum(e) = &td.kind else {
        return TokenStream::new();
    };
    let name = ident(&plan.names(id).ident);
    let mut scope = Scope::with_reserved(&[CATCH_ALL]);
    let catch_all = ident(CATCH_ALL);
    let mut variants = Vec::new();
    let mut from = Vec::new();
    let mut to = Vec::new();
    let mut values = Vec::new();
    for m in &e.members {
        let v = ident(&scope.claim(&naming::variant(&m.name)));
        let wire = Literal::string(&m.name);
        let doc = docs::member_doc(&m.name, &m.annotations);
        let deprecated = docs::deprecated(&m.annotations);
        variants.push(quote!(#doc #deprecated #v,));
        from.push(quote!(#wire => Self::#v,));
        to.push(quote!(Self::#v => #wire,));
        let value = match m.value {
            Some(n) => {
                let n = Literal::i64_unsuffixed(n);
                quote!(::core::option::Option::Some(#n))
            }
            None => quote!(::core::option::Option::None),
        };
        values.push(quote!(Self::#v => #value,));
    }
    let mut paragraphs = Vec::new();
    if let Some(d) = td.annotations.description() {
        paragraphs.push(docs::escape_markdown(d));
    }
    paragraphs.push(format!(
        "OData enum type `{}`{}. Open: values the metadata does not list are kept in `{CATCH_ALL}`.",
        docs::code(&td.qualified_name()),
        if e.is_flags {
            " (flags: used as `crate::odata::Flags<Self>`)"
        } else {
            ""
        }
    ));
    let doc = docs::lines(&paragraphs);
    let deprecated = docs::deprecated(&td.annotations);
    // An enum type without members (Graph beta declares some) reads every value as unrecognized:
    // no `match` of one catch-all arm (clippy's `match_single_binding`).
    let from_body = if from.is_empty() {
        quote!(Self::#catch_all(::std::string::ToString::to_string(s)))
    } else {
        quote! {
            match s {
                #(#from)*
                other => Self::#catch_all(::std::string::ToString::to_string(other)),
            }
        }
    };
    let mut out = quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the metadata does not list, kept verbatim.
            #catch_all(::std::string::String),
        }

        impl #name {
            /// The member's numeric value in the metadata (`None` for unrecognized values).
            pub fn value(&self) -> ::core::option::Option<i64> {
                match self {
                    #(#values)*
                    Self::#catch_all(_) => ::core::option::Option::None,
                }
            }
        }

        impl crate::odata::OpenEnum for #name {
            fn from_wire(s: &str) -> Self {
                #from_body
            }

            fn as_wire(&self) -> &str {
                match self {
                    #(#to)*
                    Self::#catch_all(s) => s,
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(crate::odata::OpenEnum::as_wire(self))
            }
        }

        /// Any string: a value the metadata does not list is `Unrecognized`.
        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(crate::odata::OpenEnum::from_wire(s))
            }
        }
    };
    out.extend(serde_impls(
        &quote!(#name),
        quote!(crate::odata::deserialize_enum(d)),
        quote!(crate::odata::serialize_enum(self, s)),
    ));
    out
}
