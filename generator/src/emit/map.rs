//! Maps (OpenAPI `additionalProperties` without `properties`) → a newtype over the entries in
//! document order, so a round trip writes the members back as received; arrays (the inner
//! arrays of an OpenAPI array of arrays) → an alias of `Vec`.

use super::docs;
use super::plan::{Plan, ident};
use super::structs::serde_impls;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The map type for `id`.
pub fn emit(plan: &Plan<'_>, id: TypeId, m: &MapType) -> TokenStream {
    let td = plan.model.ty(id);
    let name = ident(&plan.names(id).ident);
    let value = match m.value.target {
        Target::Named(t) if !plan.selection.contains(t) => quote!(crate::odata::Untyped),
        _ => plan.value_type(&m.value, false),
    };
    let mut paragraphs = Vec::new();
    if let Some(d) = td.annotations.description() {
        paragraphs.push(docs::escape_markdown(d));
    }
    paragraphs.push(format!(
        "Map `{}`: member names to values, in the order received.",
        td.qualified_name().replace('`', "")
    ));
    let doc = docs::lines(&paragraphs);
    let de = quote! {
        let members = <::serde_json::Map<::std::string::String, ::serde_json::Value> as ::serde::Deserialize>::deserialize(d)?;
        let mut entries = ::std::vec::Vec::with_capacity(members.len());
        for (k, v) in members {
            let x = crate::odata::from_value::<#value>(v).map_err(|e| {
                <D::Error as ::serde::de::Error>::custom(::std::format!("at member `{}`: {}", k, e))
            })?;
            entries.push((k, x));
        }
        ::core::result::Result::Ok(Self(entries))
    };
    let ser = quote! {
        let mut map = ::serde::Serializer::serialize_map(s, ::core::option::Option::Some(self.0.len()))?;
        for (k, v) in &self.0 {
            ::serde::ser::SerializeMap::serialize_entry(&mut map, k, &crate::odata::AsWire(v))?;
        }
        ::serde::ser::SerializeMap::end(map)
    };
    let mut out = quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name(pub ::std::vec::Vec<(::std::string::String, #value)>);

        impl #name {
            /// The value of member `key` (the last one when a key repeats).
            pub fn get(&self, key: &str) -> ::core::option::Option<&#value> {
                self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
            }
        }
    };
    out.extend(serde_impls(&quote!(#name), de, ser));
    out
}

/// The array type for `id`: a documented alias of `Vec` of its items (`[[f64]]` is then
/// `Vec<Item>`, i.e. `Vec<Vec<f64>>`).
pub fn emit_array(plan: &Plan<'_>, id: TypeId, a: &ArrayType) -> TokenStream {
    let td = plan.model.ty(id);
    let name = ident(&plan.names(id).ident);
    let item = match a.items.target {
        Target::Named(t) if !plan.selection.contains(t) => quote!(crate::odata::Untyped),
        _ => plan.value_type(
            &TypeRef {
                collection: false,
                ..a.items
            },
            false,
        ),
    };
    let doc = docs::doc_attrs(
        &td.annotations,
        &[format!(
            "Array `{}`: a JSON array as a type of its own (the items of an array of arrays).",
            docs::code(&td.qualified_name())
        )],
    );
    quote! {
        #doc
        pub type #name = ::std::vec::Vec<#item>;
    }
}
