//! [`Expand`]: items of `$expand` with nested query options, typed by the entity types on both
//! ends of the navigation property.

use super::query::{and_filter, join, order_text};
use super::{Entity, Order, Property};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::std::string::String;
use ::std::vec::Vec;

/// One item of `$expand` on entity type `T`: a navigation property of `T`, optionally with
/// query options for what it leads to (`manager($select=id,displayName)`). Plain items come
/// from [`Expand::new`]; items with options from the generated functions of the navigation
/// enum (`UserNavigation::manager(|o| o.select(&[DirectoryObjectProperty::Id]))`), whose
/// options are typed by the target type. Given to `expand_with` of a request.
pub struct Expand<T> {
    text: String,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Expand<T> {
    fn clone(&self) -> Self {
        Expand { text: self.text.clone(), ty: PhantomData }
    }
}

impl<T> PartialEq for Expand<T> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> Eq for Expand<T> {}

impl<T> fmt::Debug for Expand<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expand").field(&self.text).finish()
    }
}

/// The item as it goes into `$expand` (before percent-encoding).
impl<T> fmt::Display for Expand<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T: Entity> Expand<T> {
    /// Expand `navigation` with no options.
    pub fn new(navigation: T::Navigation) -> Self {
        Expand { text: navigation.name().to_owned(), ty: PhantomData }
    }

    /// Expand `navigation`, whose target type is `U`, with the options `options` sets (for the
    /// generated functions of the navigation enums, which know `U`).
    #[doc(hidden)]
    pub fn nested<U: Entity>(
        navigation: T::Navigation,
        options: impl FnOnce(ExpandOptions<U>) -> ExpandOptions<U>,
    ) -> Self {
        let mut text = navigation.name().to_owned();
        let set = options(ExpandOptions { options: Vec::new(), ty: PhantomData });
        if !set.options.is_empty() {
            text.push('(');
            for (i, (name, value)) in set.options.iter().enumerate() {
                if i > 0 {
                    text.push(';');
                }
                text.push_str(name);
                text.push('=');
                text.push_str(value);
            }
            text.push(')');
        }
        Expand { text, ty: PhantomData }
    }
}

/// `items` as an `$expand` value, comma-separated.
pub(crate) fn join_items<T>(items: &[Expand<T>]) -> String {
    items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join(",")
}

/// The query options of an expanded navigation property whose target type is `U` (OData V4
/// nested options, section 5.1.3 of the URL conventions): each set once, a later call
/// replacing an earlier one (`filter` adds a condition); an empty list sets nothing.
pub struct ExpandOptions<U> {
    options: Vec<(&'static str, String)>,
    ty: PhantomData<fn() -> U>,
}

impl<U> fmt::Debug for ExpandOptions<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ExpandOptions").field(&self.options).finish()
    }
}

impl<U: Entity> ExpandOptions<U> {
    fn set(mut self, name: &'static str, value: String) -> Self {
        self.options.retain(|(k, _)| *k != name);
        if !value.is_empty() {
            self.options.push((name, value));
        }
        self
    }

    /// `$select`: only these properties of the target.
    pub fn select(self, properties: &[U::Property]) -> Self {
        self.set("$select", join(properties))
    }

    /// `$expand`: navigation properties of the target, themselves with options.
    pub fn expand(self, items: &[Expand<U>]) -> Self {
        self.set("$expand", join_items(items))
    }

    /// `$filter` of a collection-valued navigation property; calling it again adds a
    /// condition: `(first) and (second)`.
    pub fn filter(self, expression: &str) -> Self {
        let first = self.options.iter().find(|(k, _)| *k == "$filter").map(|(_, v)| v.as_str());
        match and_filter(first, expression) {
            Some(combined) => self.set("$filter", combined),
            None => self,
        }
    }

    /// `$orderby` of a collection-valued navigation property.
    pub fn order_by(self, keys: &[(U::Property, Order)]) -> Self {
        self.set("$orderby", order_text(keys))
    }

    /// `$top` of a collection-valued navigation property.
    pub fn top(self, n: u64) -> Self {
        self.set("$top", n.to_string())
    }

    /// `$skip` of a collection-valued navigation property.
    pub fn skip(self, n: u64) -> Self {
        self.set("$skip", n.to_string())
    }

    /// `$count=true`: the expanded collection carries `<name>@odata.count`.
    pub fn with_count(self) -> Self {
        self.set("$count", "true".to_owned())
    }

    /// `$search` of a collection-valued navigation property.
    pub fn search(self, expression: &str) -> Self {
        self.set("$search", expression.to_owned())
    }

    /// `$levels`: expand the same navigation property recursively, `n` levels deep.
    pub fn levels(self, n: u32) -> Self {
        self.set("$levels", n.to_string())
    }
}
