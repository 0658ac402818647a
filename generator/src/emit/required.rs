//! Required members (see [`crate::ir::facts::REQUIRED`]): structs whose input lists required
//! members get `REQUIRED` and `missing_required()`, so callers can check a payload or a request
//! body. Fields stay `odata::Field<T>` (OData payloads may omit members under `$select`).

use super::naming::{self, Scope};
use super::plan::{Plan, ident};
use super::structs::RESERVED_FIELDS;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `impl` block for struct `id`, or nothing when no member is required.
pub fn emit(plan: &Plan<'_>, id: TypeId) -> TokenStream {
    let model = plan.model;
    // The same field names as `structs::emit` (same scope, same order).
    let mut scope = Scope::with_reserved(RESERVED_FIELDS);
    let mut nullable_of = std::collections::HashMap::new();
    let mut chain = model.ancestors(id);
    chain.reverse();
    chain.push(id);
    for t in chain {
        if let Some(st) = model.ty(t).as_struct() {
            for p in &st.properties {
                nullable_of.insert(p.name.as_str(), p.nullable);
            }
            for p in &st.navigation {
                nullable_of.insert(p.name.as_str(), p.nullable);
            }
        }
    }
    let mut wires = Vec::new();
    let mut checks = Vec::new();
    for m in plan.members(id) {
        let field = ident(&scope.claim(&naming::snake(m.name)));
        if !crate::ir::facts::is_required(m.annotations) {
            continue;
        }
        let wire = Literal::string(m.name);
        let nullable = nullable_of.get(m.name).copied().unwrap_or(true);
        checks.push(if nullable {
            quote!(if self.#field.is_absent() { missing.push(#wire); })
        } else {
            quote!(if self.#field.is_absent() || self.#field.is_null() { missing.push(#wire); })
        });
        wires.push(wire);
    }
    if wires.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&plan.names(id).ident);
    quote! {
        impl #name {
            /// Wire names of the members the service description lists as required.
            pub const REQUIRED: &'static [&'static str] = &[#(#wires),*];

            /// Required members that are absent (or `null` where the description does not allow it).
            pub fn missing_required(&self) -> ::std::vec::Vec<&'static str> {
                let mut missing = ::std::vec::Vec::new();
                #(#checks)*
                missing
            }
        }
    }
}
