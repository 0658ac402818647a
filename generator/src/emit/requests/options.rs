//! `requests/options.rs`: one marker type per set of capabilities the selection uses
//! ([`crate::ir::capabilities`]), and for each only the methods that set allows: query options
//! on `Query`, `get`/`update`/`delete` on `EntityRef`, `list`/`create`/`count` on
//! `EntityCollection`. A forbidden query option or operation is not implemented at all, so
//! calling it is "no method named `top` found" (E0599). The methods delegate to the runtime's
//! crate-private helpers, so each set costs a few lines however many types use it.

use super::{entity_types, is_entity};
use crate::emit::plan::{Plan, ident};
use crate::ir::capabilities::{self, Allowed, CAPABILITIES, Capability, NavigationRestrictions};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// Every capability set a generated path, accessor or operation result uses, sorted.
pub fn used(plan: &Plan<'_>) -> Vec<Allowed> {
    let model = plan.model;
    let mut out = BTreeSet::new();
    let navs = NavigationRestrictions::new(model);
    for id in entity_types(plan) {
        out.insert(capabilities::of_type(model, id));
        for nav in model.all_navigation(id) {
            if let Target::Named(t) = nav.ty.target
                && plan.selection.contains(t)
                && is_entity(model, t)
            {
                out.insert(navs.of(model, id, nav));
            }
        }
    }
    if let Some(c) = &model.container {
        let members = c
            .entity_sets
            .iter()
            .map(|s| (&s.annotations, s.entity_type))
            .chain(c.singletons.iter().map(|s| (&s.annotations, s.entity_type)));
        for (ann, t) in members {
            if plan.selection.contains(t) {
                out.insert(capabilities::of_container_member(model, ann, t));
            }
        }
    }
    // Operation results of entity type: emitted operations name only selected types (covered
    // above).
    out.into_iter().collect()
}

/// What a capability means in docs.
fn label(c: Capability) -> &'static str {
    use Capability::*;
    match c {
        Select => "`$select`",
        Expand => "`$expand`",
        Filter => "`$filter`",
        OrderBy => "`$orderby`",
        Top => "`$top`",
        Skip => "`$skip`",
        Count => "`$count`",
        Search => "`$search`",
        Read => "read",
        ReadByKey => "read by key",
        Insert => "create",
        Update => "update",
        Delete => "delete",
    }
}

/// The `requests/options.rs` body; `legacy`: the service speaks OData V1–V3, which has no
/// `$search` (whatever its capabilities say).
pub fn emit(sets: &[Allowed], legacy: bool) -> TokenStream {
    let items = sets.iter().map(|a| one(*a, legacy));
    quote! {
        #![doc = ""]
        #![doc = " What a resource allows, from the metadata's Capabilities annotations (or SAP's entity set"]
        #![doc = " attributes, `sap:creatable=\"false\"` and the like): one marker type per"]
        #![doc = " set of allowed query options and operations (`All`, or `No` and what is forbidden), as the"]
        #![doc = " last type parameter of `EntityRef`, `EntityCollection` and `Query`. Only the allowed"]
        #![doc = " methods are implemented for a marker."]
        #(#items)*
    }
}

fn one(a: Allowed, legacy: bool) -> TokenStream {
    use Capability::*;
    let name = ident(&a.name());
    // Reading by key is named apart only where it differs from reading (then "list" and "read
    // by key").
    let by_key_apart = a.allows(ReadByKey) != a.allows(Read);
    let list = |allowed: bool| {
        CAPABILITIES
            .iter()
            .filter(|c| a.allows(**c) == allowed && (**c != ReadByKey || by_key_apart))
            // V1–V3 have no `$search`, and count with `$inlinecount`.
            .filter(|c| !(legacy && **c == Search))
            .map(|c| match c {
                Read if by_key_apart => "list",
                Count if legacy => "`$inlinecount`",
                _ => label(*c),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let doc = if a == Allowed::ALL {
        " Everything allowed: every query option, read, create, update and delete.".to_owned()
    } else {
        let yes = list(true);
        format!(
            " Allowed: {}. Forbidden: {}.",
            if yes.is_empty() {
                "nothing"
            } else {
                yes.as_str()
            },
            list(false)
        )
    };
    let on = |c: Capability, t: TokenStream| if a.allows(c) { t } else { TokenStream::new() };
    let both = |c: Capability, d: Capability, t: TokenStream| {
        if a.allows(c) && a.allows(d) {
            t
        } else {
            TokenStream::new()
        }
    };
    let one_methods = [
        on(
            ReadByKey,
            quote! {
                /// `GET` the entity (200).
                pub fn get(&self) -> crate::request::Query<T, crate::request::Json<T::Value>, crate::request::One, #name> {
                    self.get_query()
                }
            },
        ),
        on(
            Update,
            quote! {
                /// `PATCH` the entity: only the members set in `body` are sent, explicit nulls
                /// included (204, or 200 with the updated entity).
                pub fn update(&self, body: &T::Value) -> crate::request::Query<T, crate::request::Updated<T::Value>, crate::request::One, #name> {
                    self.update_query(body)
                }
            },
        ),
        on(
            Delete,
            quote! {
                /// `DELETE` the entity (204).
                pub fn delete(&self) -> crate::request::Query<T, crate::request::Empty, crate::request::One, #name> {
                    self.delete_query()
                }
            },
        ),
    ];
    let many_methods = [
        on(
            Read,
            quote! {
                /// `GET` the collection (200), one page at a time (`Query::next_page`).
                pub fn list(&self) -> crate::request::Query<T, crate::request::Collection<T::Value>, crate::request::Many, #name> {
                    self.list_query()
                }
            },
        ),
        on(
            Insert,
            quote! {
                /// `POST` a new entity (201 and the created entity).
                pub fn create(&self, body: &T::Value) -> crate::request::Query<T, crate::request::Json<T::Value>, crate::request::One, #name> {
                    self.create_query(body)
                }
            },
        ),
        both(
            Read,
            Count,
            quote! {
                /// `GET collection/$count` (200, a plain-text number).
                pub fn count(&self) -> crate::request::Query<T, crate::request::CountValue, crate::request::Many, #name> {
                    self.count_query()
                }
            },
        ),
    ];
    // OData V4 only: V1–V3 have no nested options.
    let expand_with = (!legacy).then(|| {
        quote! {
            /// `$expand` of items with nested options, typed by each navigation property's
            /// target: `expand_with(&[UserNavigation::manager(|o| o.select(&[...])),
            /// Expand::new(UserNavigation::Photo)])` (an empty list sends no `$expand`; replaces
            /// what `expand` set).
            pub fn expand_with(self, items: &[crate::request::Expand<T>]) -> Self {
                self.expand_items_option(items)
            }
        }
    });
    let any_methods = [
        on(
            Select,
            quote! {
                /// `$select`: only these properties (an empty list sends no `$select`).
                pub fn select(self, properties: &[T::Property]) -> Self {
                    self.select_option(properties)
                }
            },
        ),
        on(
            Expand,
            quote! {
                /// `$expand`: include these navigation properties (an empty list sends no
                /// `$expand`): those whose target type is selected (others stay in
                /// `additional_data`; `query_option("$expand", ...)` names any, and nested
                /// options, replacing this).
                pub fn expand(self, properties: &[T::Navigation]) -> Self {
                    self.expand_option(properties)
                }
                #expand_with
            },
        ),
    ];
    let paging_methods = [
        on(
            Filter,
            quote! {
                /// `$filter` (an OData boolean expression, e.g. `startswith(displayName,'a')`).
                /// Calling it again adds a condition: `(first) and (second)`.
                pub fn filter(self, expression: &str) -> Self {
                    self.filter_option(expression)
                }
            },
        ),
        on(
            OrderBy,
            quote! {
                /// `$orderby` (an empty list sends no `$orderby`).
                pub fn order_by(self, keys: &[(T::Property, crate::request::Order)]) -> Self {
                    self.order_by_option(keys)
                }
            },
        ),
        on(
            Top,
            quote! {
                /// `$top`.
                pub fn top(self, n: u64) -> Self {
                    self.top_option(n)
                }
            },
        ),
        on(
            Skip,
            quote! {
                /// `$skip`.
                pub fn skip(self, n: u64) -> Self {
                    self.skip_option(n)
                }
            },
        ),
        on(
            Count,
            quote! {
                /// `$count=true`: the page carries `@odata.count`.
                pub fn with_count(self) -> Self {
                    self.count_option()
                }
            },
        ),
        on(
            Search,
            if legacy {
                TokenStream::new()
            } else {
                quote! {
                    /// `$search`.
                    pub fn search(self, expression: &str) -> Self {
                        self.search_option(expression)
                    }
                }
            },
        ),
    ];
    let block = |methods: &[TokenStream], head: TokenStream| {
        if methods.iter().all(TokenStream::is_empty) {
            TokenStream::new()
        } else {
            quote!(#head { #(#methods)* })
        }
    };
    let one_impl = block(
        &one_methods,
        quote!(impl<T: crate::request::Entity> crate::request::EntityRef<T, #name>),
    );
    let many_impl = block(
        &many_methods,
        quote!(impl<T: crate::request::Entity> crate::request::EntityCollection<T, #name>),
    );
    let any_impl = block(
        &any_methods,
        quote!(impl<T: crate::request::Entity, R, K> crate::request::Query<T, R, K, #name>),
    );
    let paging_impl = block(
        &paging_methods,
        quote!(impl<T: crate::request::Entity, R> crate::request::Query<T, R, crate::request::Many, #name>),
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug)]
        pub enum #name {}
        #one_impl
        #many_impl
        #any_impl
        #paging_impl
    }
}
