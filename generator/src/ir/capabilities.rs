//! Capabilities: which query options and operations a resource allows, from the
//! `Org.OData.Capabilities.V1` annotations.
//!
//! A resource (an entity set, a singleton, a navigation property, or a value of an entity type)
//! gets an [`Allowed`] set: one bit per [`Capability`]. It is resolved from layers of statements
//! in precedence order; for each capability the first layer that says anything decides it, and
//! within one layer every statement must allow it (several restrictions of one navigation
//! property are all honoured). A capability no layer mentions is allowed (the vocabulary's
//! defaults).
//!
//! - Entity set / singleton: its own annotations, then its entity type's.
//! - Navigation property `n` reached from a value of type `X`: the restrictions stated for `n`
//!   (annotations targeting `X/n` or inline on `n`; `NavigationRestrictions/RestrictedProperties`
//!   records whose `NavigationProperty` path ends at `n` of `X` or of a base type of `X`,
//!   annotated on an entity type, an entity set or a singleton; `<Annotations>` targeting a
//!   container path `Container/set/.../n`), then the target entity type's.
//! - Anything else (a function result, a caller-supplied URL): the entity type's annotations.
//!
//! The fluent API has one accessor per navigation property of a type, so a restriction stated
//! for a path from one entity set applies to that navigation property wherever it is reached:
//! the generated API never offers what some path of the metadata forbids.

use super::*;
use std::collections::HashMap;

/// A query option or an operation that Capabilities annotations can forbid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    /// `$select` (`SelectSupport/Supported`).
    Select,
    /// `$expand` (`ExpandRestrictions/Expandable`).
    Expand,
    /// `$filter` (`FilterRestrictions/Filterable`).
    Filter,
    /// `$orderby` (`SortRestrictions/Sortable`).
    OrderBy,
    /// `$top` (`TopSupported`).
    Top,
    /// `$skip` (`SkipSupported`).
    Skip,
    /// `$count` and `/$count` (`CountRestrictions/Countable`).
    Count,
    /// `$search` (`SearchRestrictions/Searchable`).
    Search,
    /// `GET` of the collection, or of a single entity other than by key
    /// (`ReadRestrictions/Readable`).
    Read,
    /// `POST` to the collection (`InsertRestrictions/Insertable`).
    Insert,
    /// `PATCH` of the entity (`UpdateRestrictions/Updatable`).
    Update,
    /// `DELETE` of the entity (`DeleteRestrictions/Deletable`).
    Delete,
    /// `GET` of one entity (`ReadRestrictions/ReadByKeyRestrictions/Readable`; where nothing
    /// says, as [`Capability::Read`]): SAP states sets that cannot be listed but read by key.
    ReadByKey,
}

/// Every capability, in bit order.
pub const CAPABILITIES: [Capability; 13] = [
    Capability::Select,
    Capability::Expand,
    Capability::Filter,
    Capability::OrderBy,
    Capability::Top,
    Capability::Skip,
    Capability::Count,
    Capability::Search,
    Capability::Read,
    Capability::Insert,
    Capability::Update,
    Capability::Delete,
    Capability::ReadByKey,
];

impl Capability {
    /// The term (in the Capabilities vocabulary) and the boolean property of its record (`None`:
    /// the term itself is boolean).
    pub fn term(self) -> (&'static str, Option<&'static str>) {
        use Capability::*;
        match self {
            Select => ("SelectSupport", Some("Supported")),
            Expand => ("ExpandRestrictions", Some("Expandable")),
            Filter => ("FilterRestrictions", Some("Filterable")),
            OrderBy => ("SortRestrictions", Some("Sortable")),
            Top => ("TopSupported", None),
            Skip => ("SkipSupported", None),
            Count => ("CountRestrictions", Some("Countable")),
            Search => ("SearchRestrictions", Some("Searchable")),
            Read => ("ReadRestrictions", Some("Readable")),
            Insert => ("InsertRestrictions", Some("Insertable")),
            Update => ("UpdateRestrictions", Some("Updatable")),
            Delete => ("DeleteRestrictions", Some("Deletable")),
            // Nested: `ReadRestrictions/ReadByKeyRestrictions/Readable` (see `Statements::says`).
            ReadByKey => ("ReadRestrictions", Some("ReadByKeyRestrictions")),
        }
    }

    /// A short CamelCase name (`OrderBy`), used to name capability sets.
    pub fn name(self) -> &'static str {
        use Capability::*;
        match self {
            Select => "Select",
            Expand => "Expand",
            Filter => "Filter",
            OrderBy => "OrderBy",
            Top => "Top",
            Skip => "Skip",
            Count => "Count",
            Search => "Search",
            Read => "Read",
            Insert => "Insert",
            Update => "Update",
            Delete => "Delete",
            ReadByKey => "ReadByKey",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Where capability statements come from.
#[derive(Clone, Copy, Debug)]
pub enum Statements<'a> {
    /// An element's annotations: the Capabilities terms themselves.
    Annotations(&'a Annotations),
    /// A `NavigationRestrictions/RestrictedProperties` record: properties named like the terms.
    Record(&'a AnnValue),
    /// Annotations kept with their target path (`<Annotations Target="Container/set/nav">`).
    List(&'a [Annotation]),
}

impl Statements<'_> {
    /// What these statements say about `c` (`None`: nothing).
    pub fn says(&self, c: Capability) -> Option<bool> {
        let (term, prop) = c.term();
        let full = format!("{}.{term}", annotations::CAPABILITIES);
        // The term's value (an unqualified one preferred).
        let v = match self {
            Statements::Annotations(a) => a.get(&full)?,
            Statements::Record(r) => r.field(term)?,
            Statements::List(list) => {
                &list.iter().filter(|a| a.term == full).min_by_key(|a| a.qualifier.is_some())?.value
            }
        };
        match (c, prop) {
            // The record of a record: `ReadRestrictions/ReadByKeyRestrictions/Readable`.
            (Capability::ReadByKey, _) => {
                v.field("ReadByKeyRestrictions")?.field("Readable").and_then(AnnValue::as_bool)
            }
            (_, None) => v.as_bool(),
            (_, Some(p)) => v.field(p).and_then(AnnValue::as_bool),
        }
    }
}

/// The capabilities a resource allows (a bit set over [`CAPABILITIES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Allowed(u16);

impl Allowed {
    /// Everything allowed (no annotation says otherwise).
    pub const ALL: Allowed = Allowed((1 << CAPABILITIES.len()) - 1);

    /// Is `c` allowed?
    pub fn allows(self, c: Capability) -> bool {
        self.0 & c.bit() != 0
    }

    /// Resolve from `layers` in precedence order: per capability, the first layer with a
    /// statement decides (all of its statements must allow); none: allowed (`ReadByKey`: as
    /// `Read`).
    pub fn resolve(layers: &[&[Statements<'_>]]) -> Allowed {
        let mut bits = 0;
        for c in CAPABILITIES {
            let decided = layers.iter().find_map(|layer| {
                let said: Vec<bool> = layer.iter().filter_map(|s| s.says(c)).collect();
                (!said.is_empty()).then(|| said.iter().all(|b| *b))
            });
            let fallback = c != Capability::ReadByKey || bits & Capability::Read.bit() != 0;
            if decided.unwrap_or(fallback) {
                bits |= c.bit();
            }
        }
        Allowed(bits)
    }

    /// A name for the set, unique per set: `All`, else `No` and the forbidden capabilities
    /// (`NoFilterTopSkip`).
    pub fn name(self) -> String {
        if self == Allowed::ALL {
            return "All".to_owned();
        }
        let mut s = "No".to_owned();
        for c in CAPABILITIES {
            // Read and ReadByKey are one word: `Read` (neither), `List` (only by key),
            // `ReadByKey` (all but by key).
            let word = match c {
                Capability::Read if !self.allows(c) && self.allows(Capability::ReadByKey) => "List",
                Capability::ReadByKey if !self.allows(Capability::Read) => continue,
                _ => c.name(),
            };
            if !self.allows(c) {
                s.push_str(word);
            }
        }
        s
    }
}

/// The capabilities of an entity set or singleton with these annotations holding `entity_type`.
pub fn of_container_member(
    model: &Model,
    annotations: &Annotations,
    entity_type: TypeId,
) -> Allowed {
    Allowed::resolve(&[
        &[Statements::Annotations(annotations)],
        &[Statements::Annotations(&model.ty(entity_type).annotations)],
    ])
}

/// The capabilities of a value of `entity_type` reached any other way.
pub fn of_type(model: &Model, entity_type: TypeId) -> Allowed {
    Allowed::resolve(&[&[Statements::Annotations(&model.ty(entity_type).annotations)]])
}

/// A restriction whose path names no navigation property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    /// Where it is stated (an entity type, entity set or singleton, or an annotation target).
    pub owner: String,
    /// The path, as written.
    pub path: String,
    /// Why it does not resolve.
    pub reason: String,
    /// The owner's declaration.
    pub span: Span,
}

/// Restrictions of navigation properties, indexed by the type whose navigation property they
/// restrict (the type where the path ends) and its name.
#[derive(Debug, Default)]
pub struct NavigationRestrictions<'a> {
    by_nav: HashMap<(TypeId, &'a str), Vec<Statements<'a>>>,
    /// Paths that name no navigation property (reported as warning W0304).
    pub unresolved: Vec<Unresolved>,
}

impl<'a> NavigationRestrictions<'a> {
    /// Index every restriction of the model.
    pub fn new(model: &'a Model) -> Self {
        let mut out = NavigationRestrictions::default();
        let term = format!("{}.NavigationRestrictions", annotations::CAPABILITIES);
        for (i, td) in model.types.iter().enumerate() {
            if let Some(v) = td.annotations.get(&term) {
                out.add_records(model, TypeId(i as u32), v, &td.qualified_name(), td.span);
            }
        }
        if let Some(c) = &model.container {
            for s in &c.entity_sets {
                if let Some(v) = s.annotations.get(&term) {
                    out.add_records(model, s.entity_type, v, &s.name, s.span);
                }
            }
            for s in &c.singletons {
                if let Some(v) = s.annotations.get(&term) {
                    out.add_records(model, s.entity_type, v, &s.name, s.span);
                }
            }
            // `<Annotations Target="ns.Container/set/.../nav">` (or alias-qualified).
            let container = format!("{}.{}", c.namespace, c.name);
            for (target, list) in &model.other_annotations {
                let Some((head, path)) = target.split_once('/') else {
                    continue;
                };
                let capability = list
                    .iter()
                    .any(|a| a.term.starts_with(annotations::CAPABILITIES));
                if !capability {
                    continue;
                }
                if select::qualify(model, head) != container {
                    // `Type/member` that the front end could not attach: no such member.
                    if let Some(t) = model.lookup(&select::qualify(model, head)) {
                        out.unresolved.push(Unresolved {
                            owner: target.clone(),
                            path: path.to_owned(),
                            reason: format!(
                                "`{}` has no such member",
                                model.ty(t).qualified_name()
                            ),
                            span: model.ty(t).span,
                        });
                    }
                    continue;
                }
                match path::resolve(model, path) {
                    Ok(p) => match p.last_navigation() {
                        Some((owner, nav)) => {
                            out.by_nav
                                .entry((owner, nav))
                                .or_default()
                                .push(Statements::List(list));
                        }
                        None => out.unresolved.push(Unresolved {
                            owner: target.clone(),
                            path: path.to_owned(),
                            reason: "the path does not end at a navigation property".into(),
                            span: c.span,
                        }),
                    },
                    Err(e) => out.unresolved.push(Unresolved {
                        owner: target.clone(),
                        path: path.to_owned(),
                        reason: e.to_string(),
                        span: c.span,
                    }),
                }
            }
        }
        out
    }

    fn add_records(
        &mut self,
        model: &'a Model,
        root: TypeId,
        value: &'a AnnValue,
        owner: &str,
        span: Span,
    ) {
        let Some(AnnValue::Collection(records)) = value.field("RestrictedProperties") else {
            return;
        };
        for r in records {
            let Some(p) = r.field("NavigationProperty").and_then(AnnValue::as_path) else {
                continue;
            };
            let start = TypeRef {
                collection: false,
                target: Target::Named(root),
            };
            match path::walk(model, start, p).map(|w| w.last_navigation()) {
                Ok(Some((t, nav))) => self
                    .by_nav
                    .entry((t, nav))
                    .or_default()
                    .push(Statements::Record(r)),
                Ok(None) => self.unresolved.push(Unresolved {
                    owner: owner.to_owned(),
                    path: p.to_owned(),
                    reason: "the path does not end at a navigation property".into(),
                    span,
                }),
                Err(e) => self.unresolved.push(Unresolved {
                    owner: owner.to_owned(),
                    path: p.to_owned(),
                    reason: e.to_string(),
                    span,
                }),
            }
        }
    }

    /// The capabilities of navigation property `nav` reached from a value of type `from`.
    pub fn of(&self, model: &Model, from: TypeId, nav: &NavigationProperty) -> Allowed {
        let mut chain = model.ancestors(from);
        chain.insert(0, from);
        let mut first: Vec<Statements<'_>> = vec![Statements::Annotations(&nav.annotations)];
        for t in chain {
            if let Some(list) = self.by_nav.get(&(t, nav.name.as_str())) {
                first.extend(list.iter().copied());
            }
        }
        let target = match nav.ty.target {
            Target::Named(t) => Some(&model.ty(t).annotations),
            Target::Primitive(_) => None,
        };
        let second: Vec<Statements<'_>> = target.into_iter().map(Statements::Annotations).collect();
        Allowed::resolve(&[&first, &second])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(term: &str, value: AnnValue) -> Annotation {
        Annotation {
            term: format!("{}.{term}", annotations::CAPABILITIES),
            qualifier: None,
            value,
        }
    }

    fn record(prop: &str, b: bool) -> AnnValue {
        AnnValue::Record(vec![(prop.to_owned(), AnnValue::Bool(b))])
    }

    #[test]
    fn layers_and_names() {
        assert_eq!(Allowed::ALL.name(), "All");
        let set = Annotations(vec![ann("TopSupported", AnnValue::Bool(true))]);
        let ty = Annotations(vec![
            ann("TopSupported", AnnValue::Bool(false)),
            ann("SkipSupported", AnnValue::Bool(false)),
            ann("FilterRestrictions", record("Filterable", false)),
        ]);
        // The set's statement about `$top` wins; the type decides the rest.
        let a = Allowed::resolve(&[
            &[Statements::Annotations(&set)],
            &[Statements::Annotations(&ty)],
        ]);
        assert!(
            a.allows(Capability::Top)
                && !a.allows(Capability::Skip)
                && !a.allows(Capability::Filter)
        );
        assert_eq!(a.name(), "NoFilterSkip");
        // Within a layer every statement must allow.
        let r = AnnValue::Record(vec![("SkipSupported".into(), AnnValue::Bool(false))]);
        let a = Allowed::resolve(&[&[Statements::Annotations(&set), Statements::Record(&r)]]);
        assert_eq!(a.name(), "NoSkip");
    }
}
