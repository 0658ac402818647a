//! `requests/mod.rs`: the service root. One function per entity set and singleton whose entity
//! type is selected (the start of every fluent path), one per emitted function/action import,
//! and the default service root URL.

use super::{RequestOptions, entity_types, operations, options_path};
use crate::ir::capabilities;
use crate::emit::naming::{self, Scope};
use crate::emit::plan::{Plan, ident};
use proc_macro2::TokenStream;
use quote::quote;

/// The `requests/mod.rs` body.
pub fn emit(plan: &Plan<'_>, req: &RequestOptions) -> TokenStream {
    let model = plan.model;
    let mut scope =
        Scope::with_reserved(&["entities", "options", "params", "BASE_URL", "collection", "entity"]);
    let options_names = operations::options_names(plan, req);
    let mut items = Vec::new();
    if let Some(c) = &model.container {
        for s in &c.entity_sets {
            if !plan.selection.contains(s.entity_type) {
                continue;
            }
            let name = ident(&scope.claim(&naming::snake(&s.name)));
            let t = plan.path(s.entity_type, false);
            let path = format!("/{}", segment(&s.name));
            let doc = member_doc("entity set", &s.name, &s.annotations);
            // What the set allows: its Capabilities annotations, else its entity type's.
            let o = options_path(capabilities::of_container_member(model, &s.annotations, s.entity_type));
            items.push(quote! {
                #[doc = #doc]
                pub fn #name() -> crate::request::EntityCollection<#t, #o> {
                    crate::request::EntityCollection::at(#path)
                }
            });
        }
        for s in &c.singletons {
            if !plan.selection.contains(s.entity_type) {
                continue;
            }
            let name = ident(&scope.claim(&naming::snake(&s.name)));
            let t = plan.path(s.entity_type, false);
            let path = format!("/{}", segment(&s.name));
            let doc = member_doc("singleton", &s.name, &s.annotations);
            let o = options_path(capabilities::of_container_member(model, &s.annotations, s.entity_type));
            items.push(quote! {
                #[doc = #doc]
                pub fn #name() -> crate::request::EntityRef<#t, #o> {
                    crate::request::EntityRef::at(#path)
                }
            });
        }
        for imp in &c.imports {
            for &index in &imp.operations {
                if !super::operation_emitted(plan, req, index) {
                    continue;
                }
                let Some(op) = model.operations.get(index) else { continue };
                if op.is_bound {
                    continue;
                }
                let name = scope.claim(&naming::snake(&imp.name));
                let opts = options_names.get(&index).map(String::as_str);
                items.push(operations::free(plan, op, &name, &imp.name, opts));
            }
        }
    }
    // Collections the service does not expose (no entity set holds the type): the caller
    // supplies the URL.
    let base = req.base_url.clone().or_else(|| plan.model.service_root.clone()).unwrap_or_default();
    let base_doc = if base.is_empty() {
        " The service root used by default: none was configured, so clients must set one.".to_owned()
    } else if req.base_url.is_none() {
        format!(" The service root used by default: <{base}> (the service description's first server).")
    } else {
        format!(" The service root used by default: <{base}>.")
    };
    let any_entity = entity_types(plan).next().is_some();
    let helpers = any_entity.then(|| {
        quote! {
            /// A collection at a URL the caller supplies (relative to the service root or absolute):
            /// for entity types no entity set holds, whose collection URL the metadata does not give.
            pub fn collection<T: crate::request::Entity>(url: &str) -> crate::request::EntityCollection<T, T::Options> {
                crate::request::EntityCollection::at(url)
            }
            /// A single entity at a URL the caller supplies.
            pub fn entity<T: crate::request::Entity>(url: &str) -> crate::request::EntityRef<T, T::Options> {
                crate::request::EntityRef::at(url)
            }
        }
    });
    quote! {
        #![doc = ""]
        #![doc = " Requests: start a path here (an entity set, a singleton or an import), add query options the"]
        #![doc = " metadata allows, then build an `http::Request` with `to_http` and read the"]
        #![doc = " `http::Response` with `parse`, or send it with the `client` feature's clients."]
        pub mod entities;
        pub mod options;
        pub mod params;
        #[doc = #base_doc]
        pub const BASE_URL: &str = #base;
        #helpers
        #(#items)*
    }
}

/// The doc line of a container member: what it is, then what the metadata says of it
/// (`Core.Description`, SAP's `sap:label`).
fn member_doc(kind: &str, name: &str, annotations: &crate::ir::Annotations) -> String {
    let mut doc = format!(" The {kind} `{}`.", name.replace('`', ""));
    if let Some(d) = annotations.description().or(annotations.label()) {
        doc.push_str(&format!(" {}", crate::emit::docs::escape_markdown(d)));
    }
    doc
}

/// `name` as a URL path segment, percent-encoded as the runtime's `request::escape` encodes the
/// segments it appends (UTF-8 bytes other than ASCII letters, digits and `-._~'():@,$`), so a
/// non-ASCII entity set name makes a valid request line.
fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~'():@,$".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_are_percent_encoded_as_the_runtime_does() {
        assert_eq!(super::segment("Products"), "Products");
        assert_eq!(super::segment("Produkte_Größe"), "Produkte_Gr%C3%B6%C3%9Fe");
        assert_eq!(super::segment("a/b c"), "a%2Fb%20c");
    }
}
