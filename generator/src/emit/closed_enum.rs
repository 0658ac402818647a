//! Closed enumerations (a plain OpenAPI `enum`, see [`crate::ir::facts::CLOSED_ENUM`]): one variant
//! per value and no catch-all; any other string is a deserialization error naming the allowed values.

use super::docs;
use super::naming::{self, Scope};
use super::plan::{Plan, ident};
use super::structs::serde_impls;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The closed enum for `id`.
pub fn emit(plan: &Plan<'_>, id: TypeId) -> TokenStream {
    let td = plan.model.ty(id);
    let TypeKind::Enum(e) = &td.kind else {
        return TokenStream::new();
    };
    let name = ident(&plan.names(id).ident);
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    let mut from = Vec::new();
    let mut to = Vec::new();
    let mut wires = Vec::new();
    for m in &e.members {
        let v = ident(&scope.claim(&naming::variant(&m.name)));
        let wire = Literal::string(&m.name);
        let doc = docs::member_doc(&m.name, &m.annotations);
        let deprecated = docs::deprecated(&m.annotations);
        variants.push(quote!(#doc #deprecated #v,));
        from.push(quote!(#wire => ::core::result::Result::Ok(Self::#v),));
        to.push(quote!(Self::#v => #wire,));
        wires.push(wire);
    }
    let mut paragraphs = Vec::new();
    if let Some(d) = td.annotations.description() {
        paragraphs.push(docs::escape_markdown(d));
    }
    paragraphs.push(format!(
        "Enumeration `{}`. Closed: any other value is a deserialization error.",
        td.qualified_name().replace('`', "")
    ));
    let doc = docs::lines(&paragraphs);
    let deprecated = docs::deprecated(&td.annotations);
    let mut out = quote! {
        #doc
        #deprecated
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// Every allowed value, in declaration order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#to)*
                }
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::std::string::String;

            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                match s {
                    #(#from)*
                    other => ::core::result::Result::Err(::std::format!(
                        "unknown value `{}`, expected one of {:?}",
                        other,
                        Self::VALUES
                    )),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    let de = quote! {
        let s = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
        <Self as ::core::str::FromStr>::from_str(&s).map_err(|_| {
            <D::Error as ::serde::de::Error>::unknown_variant(&s, Self::VALUES)
        })
    };
    out.extend(serde_impls(
        &quote!(#name),
        de,
        quote!(s.serialize_str(self.as_str())),
    ));
    out
}
