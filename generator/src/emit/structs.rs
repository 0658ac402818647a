//! Entity and complex types → structs with tri-state fields, unknown-member capture and
//! order-preserving serde (through the runtime's `Model` trait).

use super::docs;
use super::naming::{self, Scope};
use super::plan::{Plan, ident};
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Field names every struct reserves before its properties are named.
pub const RESERVED_FIELDS: &[&str] = &["odata_type", "additional_data"];

/// The struct for `id`, its trait impls, and its polymorphic enum if it has one.
pub fn emit(plan: &Plan<'_>, id: TypeId) -> TokenStream {
    let model = plan.model;
    let td = model.ty(id);
    let names = plan.names(id);
    let name = ident(&names.ident);
    let qualified = td.qualified_name();

    let members = plan.members(id);
    let mut scope = Scope::with_reserved(RESERVED_FIELDS);
    let mut fields = Vec::new();
    let mut wire_names = vec![Literal::string("@odata.type")];
    let mut de_arms = Vec::new();
    let mut ser_arms = Vec::new();
    let mut present = Vec::new();
    // (wire name, field index, cfg, negated cfg) of every member, for the lookup table.
    let mut lookup = vec![("@odata.type", 0usize, TokenStream::new(), TokenStream::new())];
    for (i, m) in members.iter().enumerate() {
        let index = i + 1;
        let snake = naming::snake(m.name);
        let claimed = scope.claim(&snake);
        let field = ident(&claimed);
        let boxed = plan.boxed.contains(&(id, m.name.to_owned()));
        let ty = if plan.nullable_items && m.nullable_items {
            plan.nullable_items_type(&m.ty)
        } else {
            plan.value_type(&m.ty, boxed)
        };
        let wire = Literal::string(m.name);
        let mut extra = Vec::new();
        if m.navigation {
            extra.push("Navigation property (present when expanded with `$expand`).".to_owned());
        }
        if claimed != snake {
            // Numbered: another member's name converts to the same Rust name.
            extra.push(format!("Wire name `{}`.", docs::code(m.name)));
        }
        if crate::ir::facts::is_required(m.annotations) {
            extra.push("Required: the service description lists it as always present.".to_owned());
        }
        let doc = docs::doc_attrs(m.annotations, &extra);
        let doc = if doc.is_empty() {
            let line = format!(" The `{}` property.", docs::code(m.name));
            quote!(#[doc = #line])
        } else {
            doc
        };
        let deprecated = docs::deprecated(m.annotations);
        // Compiled out with its type's namespace features: the member then lands in
        // `additional_data` (its wire name stays in `FIELDS`, so indices do not move).
        let cfg = plan.reference_cfg(id, &m.ty);
        fields.push(quote! {
            #doc
            #deprecated
            #cfg
            pub #field: crate::odata::Field<#ty>,
        });
        let idx = Literal::usize_unsuffixed(index);
        de_arms.push(quote!(#cfg #idx => crate::odata::read_field(map, &mut self.#field),));
        ser_arms.push(quote!(#cfg #idx => crate::odata::serialize_field(map, key, &self.#field),));
        present.push(quote!(#cfg crate::odata::mark_present(present, #idx, &self.#field);));
        lookup.push((m.name, index, cfg.clone(), plan.reference_cfg_not(id, &m.ty)));
        wire_names.push(wire);
    }

    let field_table = field_table(&lookup);

    let mut paragraphs = Vec::new();
    // SAP's label (V2 `sap:label`) where there is no description.
    if let Some(d) = td.annotations.description().or(td.annotations.label()) {
        paragraphs.push(docs::escape_markdown(d));
    }
    if let Some(d) = td.annotations.long_description() {
        paragraphs.push(docs::escape_markdown(d));
    }
    let kind = match td.kind {
        TypeKind::Entity(_) => "entity type",
        _ => "complex type",
    };
    let mut facts = vec![format!("OData {kind} `{}`", docs::code(&qualified))];
    if let Some(b) = td.as_struct().and_then(|s| s.base) {
        facts.push(format!(
            "derived from `{}`",
            docs::code(&model.ty(b).qualified_name())
        ));
    }
    if td.as_struct().is_some_and(|s| s.is_abstract) {
        facts.push("abstract".into());
    }
    if td.as_struct().is_some_and(|s| s.is_open) {
        facts.push("open".into());
    }
    paragraphs.push(format!("{}.", docs::escape_markdown(&facts.join(", ")).replace("\\`", "`")));
    let struct_doc = docs::lines(&paragraphs);
    let deprecated = docs::deprecated(&td.annotations);
    let type_name = Literal::string(&qualified);

    let mut out = quote! {
        #struct_doc
        #deprecated
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            /// The `@odata.type` annotation: kept when the payload has it, never added otherwise.
            pub odata_type: crate::odata::Field<::std::string::String>,
            #(#fields)*
            /// Members the metadata does not describe (instance annotations, unknown or misspelled
            /// properties), kept in their original order so a round trip is lossless.
            pub additional_data: crate::odata::AdditionalData,
        }

        impl #name {
            /// The qualified OData name of this type.
            pub const ODATA_TYPE: &'static str = #type_name;
        }

        impl crate::odata::Model for #name {
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];

            const FIELD_TABLE: &'static [u32] = &[#(#field_table),*];

            fn de_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> ::core::result::Result<(), A::Error> {
                match index {
                    0 => crate::odata::read_field(map, &mut self.odata_type),
                    #(#de_arms)*
                    _ => ::core::result::Result::Ok(()),
                }
            }

            fn ser_field<M: ::serde::ser::SerializeMap>(
                &self,
                index: usize,
                key: &'static str,
                map: &mut M,
            ) -> ::core::result::Result<bool, M::Error> {
                match index {
                    0 => crate::odata::serialize_field(map, key, &self.odata_type),
                    #(#ser_arms)*
                    _ => ::core::result::Result::Ok(false),
                }
            }

            fn present(&self, present: &mut [u64]) {
                crate::odata::mark_present(present, 0, &self.odata_type);
                #(#present)*
            }

            fn additional_data(&self) -> &crate::odata::AdditionalData {
                &self.additional_data
            }

            fn additional_data_mut(&mut self) -> &mut crate::odata::AdditionalData {
                &mut self.additional_data
            }
        }
    };
    out.extend(serde_impls(&quote!(#name), quote!(crate::odata::deserialize_model(d)), quote!(crate::odata::serialize_model(self, s))));
    if names.any_ident.is_some() {
        out.extend(polymorphic(plan, id));
    }
    out
}

/// The hash of the field lookup tables: the runtime's own function (the generator compiles the
/// runtime module), so the tables it writes are the ones the generated code probes.
pub use crate::runtime::field_hash;

/// `Model::FIELD_TABLE`: an open-addressing table (linear probing, a power of two at most half
/// full) of field index + 1 by [`field_hash`] of the wire name; 0 is an empty slot. A member
/// compiled out by namespace features leaves a tombstone (`u32::MAX`) instead, so the probe
/// sequences of the others are the same under every feature set.
fn field_table(members: &[(&str, usize, TokenStream, TokenStream)]) -> Vec<TokenStream> {
    let size = (members.len() * 2).next_power_of_two().max(2);
    let mask = size - 1;
    let mut slots: Vec<Option<usize>> = vec![None; size];
    for (k, (name, _, _, _)) in members.iter().enumerate() {
        // Truncation to the table's bits is the point.
        #[allow(clippy::cast_possible_truncation)]
        let mut h = field_hash(name) as usize & mask;
        while slots[h].is_some() {
            h = (h + 1) & mask;
        }
        slots[h] = Some(k);
    }
    slots
        .into_iter()
        .map(|slot| match slot.and_then(|k| members.get(k)) {
            None => quote!(0),
            Some((_, index, cfg, cfg_not)) => {
                let v = Literal::usize_unsuffixed(index + 1);
                if cfg.is_empty() {
                    quote!(#v)
                } else {
                    let tomb = Literal::u32_unsuffixed(u32::MAX);
                    quote!(#cfg #v, #cfg_not #tomb)
                }
            }
        })
        .collect()
}

/// `Wire`, `Deserialize` and `Serialize` impls that delegate to the given expressions
/// (`d`: the deserializer, `s`: the serializer).
pub fn serde_impls(name: &TokenStream, de: TokenStream, ser: TokenStream) -> TokenStream {
    quote! {
        impl crate::odata::Wire for #name {
            fn deserialize_wire<'de, D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                #de
            }

            fn serialize_wire<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #ser
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <Self as crate::odata::Wire>::deserialize_wire(d)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                crate::odata::Wire::serialize_wire(self, s)
            }
        }
    }
}

/// `AnyX`: the type itself or any of its selected derived types, chosen by `@odata.type`.
fn polymorphic(plan: &Plan<'_>, id: TypeId) -> TokenStream {
    let model = plan.model;
    let names = plan.names(id);
    let any = ident(names.any_ident.as_deref().unwrap_or_default());
    let mut variants_scope = Scope::default();
    let all: Vec<TypeId> = std::iter::once(id)
        .chain(plan.descendants[&id].iter().copied())
        .collect();
    let mut variants = Vec::new();
    let mut gated = false;
    let mut dispatch = Vec::new();
    let mut ser = Vec::new();
    let mut base_variant = None;
    // `From` each type, so `attachment.into()` fills a field of the base type.
    let mut froms = Vec::new();
    for &t in &all {
        let tn = plan.names(t);
        let mut base = tn.ident.clone();
        if variants_scope.is_taken(&base) {
            base = format!(
                "{}{}",
                tn.module.iter().map(|m| naming::camel(m)).collect::<String>(),
                tn.ident
            );
        }
        let v = ident(&variants_scope.claim(&base));
        let path = plan.path(t, false);
        let td = model.ty(t);
        let doc = format!(" `{}`.", docs::code(&td.qualified_name()));
        let cfg = plan
            .features
            .as_ref()
            .map(|f| f.reference_cfg(id, t))
            .unwrap_or_default();
        variants.push(quote!(#[doc = #doc] #cfg #v(::std::boxed::Box<#path>),));
        froms.push(quote! {
            #cfg
            impl ::core::convert::From<#path> for #any {
                fn from(x: #path) -> Self {
                    Self::#v(::std::boxed::Box::new(x))
                }
            }
        });
        ser.push(quote!(#cfg Self::#v(x) => crate::odata::Wire::serialize_wire(&**x, s),));
        if t == id {
            base_variant = Some(v);
            continue;
        }
        // Accept the namespace-qualified and the alias-qualified name.
        let mut accepted = vec![Literal::string(&td.qualified_name())];
        if let Some(alias) = model
            .schemas
            .iter()
            .find(|s| s.namespace == td.namespace)
            .and_then(|s| s.alias.as_ref())
        {
            accepted.push(Literal::string(&format!("{alias}.{}", td.name)));
        }
        gated |= !cfg.is_empty();
        dispatch.push(quote! {
            #cfg
            #(#accepted)|* => crate::odata::resume_boxed(read, map, Self::#v),
        });
    }
    let base_variant = base_variant.expect("the base type is the first variant");
    let qualified = docs::code(&model.ty(id).qualified_name());
    let doc = format!(
        " `{qualified}` or one of its derived types, chosen by `@odata.type` when deserializing (the declared type when `@odata.type` is absent or unknown)."
    );
    let mut out = quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #any {
            #(#variants)*
        }
    };
    let base_path = plan.path(id, false);
    // With namespace features, every derived type may be compiled out, leaving the parameters
    // unused (`--no-default-features --features <one namespace>`).
    let allow = gated.then(|| quote!(#[allow(unused_variables)]));
    out.extend(quote! {
        impl crate::odata::Polymorphic for #any {
            type Base = #base_path;
            // The base path, not `Self::Base`: a variant may be named `Base` too.
            fn from_base(base: #base_path) -> Self {
                Self::#base_variant(::std::boxed::Box::new(base))
            }
            #allow
            fn read_derived<'de, A: ::serde::de::MapAccess<'de>>(
                ty: &str,
                read: crate::odata::ReadMembers<'_, #base_path>,
                map: &mut A,
            ) -> ::core::option::Option<::core::result::Result<Self, A::Error>> {
                match ty {
                    #(#dispatch)*
                    _ => ::core::option::Option::None,
                }
            }
        }
    });
    let de = quote!(crate::odata::deserialize_polymorphic(d));
    let ser = quote! {
        match self {
            #(#ser)*
        }
    };
    out.extend(serde_impls(&quote!(#any), de, ser));
    out.extend(froms);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_tables_place_every_member_at_its_probe_and_keep_slots_under_cfg() {
        let cfg = quote!(#[cfg(feature = "x")]);
        let cfg_not = quote!(#[cfg(not(feature = "x"))]);
        let names = ["@odata.type", "id", "displayName", "other"];
        let members: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let (c, cn) = if *n == "other" { (cfg.clone(), cfg_not.clone()) } else { Default::default() };
                (*n, i, c, cn)
            })
            .collect();
        let table = field_table(&members);
        assert_eq!(table.len(), 8, "a power of two, at most half full");
        let text: Vec<String> = table.iter().map(ToString::to_string).collect();
        // The compiled-out member keeps its slot: its index under the feature, a tombstone without.
        assert_eq!(
            text.iter().filter(|t| t.contains("cfg")).collect::<Vec<_>>(),
            [&format!("# [cfg (feature = \"x\")] 4 , # [cfg (not (feature = \"x\"))] {}", u32::MAX)]
        );
        // Every other member is found by probing from its hash.
        for (i, n) in names.iter().enumerate().take(3) {
            let mut h = usize::try_from(field_hash(n)).unwrap_or_default() & 7;
            while text[h] != (i + 1).to_string() {
                assert_ne!(text[h], "0", "{n}: empty slot before the member");
                h = (h + 1) & 7;
            }
        }
    }
}
