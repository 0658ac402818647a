//! Warnings for annotations that cannot mean what they say: a term whose namespace (or alias) no
//! document declares or includes (W0103: `Comon.Label` for `Common.Label`), a term a standard
//! vocabulary does not define (W0106: `Core.OptionalParamter`), and an
//! `<Annotations Target>` that names nothing of a namespace the documents declare (W0104: a
//! renamed property, a misspelled type). Targets and terms in namespaces that are included but
//! not read (a reference that was not found) cannot be checked and are not reported.

use super::super::xml::Element;
use super::super::{DEFAULT_ALIASES, Names};
use super::Builder;
use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::validate::checks::suggest;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a qualified name of a schema declares, as far as targets go.
pub(crate) enum Declared<'a> {
    /// A structured, enumeration or defined type (its members are in the model).
    Type,
    /// An entity container: the names of its children (sets, singletons, imports).
    Container(HashSet<&'a str>),
    /// A function or action (its overloads' parameters are in the model).
    Operation,
    /// A term, association or anything else with a `Name`.
    Other,
}

/// Every `Name`d child of every schema, by qualified name.
pub(crate) fn declared<'a>(schemas: &[(usize, &'a Element)]) -> HashMap<String, Declared<'a>> {
    let mut out = HashMap::new();
    for (_, s) in schemas {
        let Some(ns) = s.attr("Namespace") else {
            continue;
        };
        for el in &s.children {
            let Some(name) = el.attr("Name") else {
                continue;
            };
            let what = match el.name.as_str() {
                "EntityType" | "ComplexType" | "EnumType" | "TypeDefinition" => Declared::Type,
                "EntityContainer" => {
                    Declared::Container(el.children.iter().filter_map(|c| c.attr("Name")).collect())
                }
                "Function" | "Action" => Declared::Operation,
                _ => Declared::Other,
            };
            out.insert(format!("{ns}.{name}"), what);
        }
    }
    out
}

/// The terms of the OASIS vocabularies odatagen knows without reading them (from the
/// vocabularies' published documents, as `@sap-ux/vocabularies-types` 0.16.0 lists them), for
/// W0106.
const VOCABULARY_TERMS: &[(&str, &[&str])] = &[
    (
        "Org.OData.Core.V1",
        &[
            "AcceptableMediaTypes", "AdditionalProperties", "AlternateKeys", "AnyStructure",
            "AppliesViaContainer", "AutoExpand", "AutoExpandReferences", "Computed",
            "ComputedDefaultValue", "ContentDisposition", "ContentID", "ConventionalIDs",
            "DataModificationException", "DefaultNamespace", "DereferenceableIDs", "Description",
            "Example", "ExplicitOperationBindings", "GeometryFeature", "Immutable", "IsDelta",
            "IsLanguageDependent", "IsMediaType", "IsURL", "Links", "LongDescription",
            "MayImplement", "MediaType", "Messages", "ODataVersions", "OperationAvailable",
            "OptimisticConcurrency", "OptionalParameter", "Ordered", "Permissions",
            "PositionalInsert", "RequiresExplicitBinding", "RequiresType", "ResourceException",
            "ResourcePath", "Revisions", "SchemaVersion", "SymbolicName", "ValueException",
        ],
    ),
    (
        "Org.OData.Capabilities.V1",
        &[
            "AcceptableEncodings", "AnnotationValuesInQuerySupported",
            "AsynchronousRequestsSupported", "BatchContinueOnErrorSupported", "BatchSupport",
            "BatchSupported", "CallbackSupported", "ChangeTracking",
            "CollectionPropertyRestrictions", "ComputeSupported", "ConformanceLevel",
            "CountRestrictions", "CrossJoinSupported", "CustomHeaders", "CustomQueryOptions",
            "DeepInsertSupport", "DeepUpdateSupport", "DefaultCapabilities", "DeleteRestrictions",
            "ExpandRestrictions", "FilterFunctions", "FilterRestrictions", "IndexableByKey",
            "InsertRestrictions", "IsolationSupported", "KeyAsSegmentSupported",
            "MediaLocationUpdateSupported", "ModificationQueryOptions", "NavigationRestrictions",
            "OperationRestrictions", "QuerySegmentSupported", "ReadRestrictions",
            "SearchRestrictions", "SelectSupport", "SkipSupported", "SortRestrictions",
            "SupportedFormats", "SupportedMetadataFormats", "TopSupported", "UpdateRestrictions",
        ],
    ),
    (
        "Org.OData.Validation.V1",
        &[
            "AllowedTerms", "AllowedValues", "ApplicableTerms", "Constraint",
            "DerivedTypeConstraint", "Exclusive", "ItemsOf", "MaxItems", "Maximum", "MinItems",
            "Minimum", "MultipleOf", "OpenPropertyTypeConstraint", "Pattern",
        ],
    ),
    (
        "Org.OData.Measures.V1",
        &[
            "DurationGranularity", "ISOCurrency", "Scale", "UNECEUnit", "Unit",
        ],
    ),
    (
        "Org.OData.Authorization.V1",
        &[
            "Authorizations", "SecuritySchemes",
        ],
    ),
];

/// `d` with a note counting the document's other uses of what it reports (`count` in all).
fn more_uses(d: Diagnostic, count: usize) -> Diagnostic {
    match count.saturating_sub(1) {
        0 => d,
        1 => d.with_note("1 more annotation of this document uses it"),
        more => d.with_note(format!("{more} more annotations of this document use it")),
    }
}

impl<'a> Builder<'a> {
    /// Whether the namespace of a qualified name is declared, or included from a reference.
    fn namespace_known(&self, qualified: &str) -> bool {
        let Some((ns, _)) = qualified.rsplit_once('.') else {
            return false;
        };
        self.namespaces.contains(ns) || DEFAULT_ALIASES.iter().any(|(_, n)| *n == ns)
    }

    /// The namespaces and aliases a qualified name may start with.
    fn prefixes(&self) -> impl Iterator<Item = &str> {
        let schema_aliases = self.model.schemas.iter().filter_map(|s| s.alias.as_deref());
        self.namespaces
            .iter()
            .map(String::as_str)
            .chain(schema_aliases)
            .chain(self.names.aliases.keys().map(String::as_str))
            .chain(DEFAULT_ALIASES.iter().map(|(a, _)| *a))
    }

    /// W0103: annotation terms whose namespace or alias nothing declares or includes. One warning
    /// per document and unknown prefix, at its first use, counting the others.
    pub(super) fn check_terms(&mut self, names: &Names) {
        let mut found: BTreeMap<(usize, String), (usize, String, usize)> = BTreeMap::new();
        let mut unknown_terms: BTreeMap<(usize, String), (usize, String, usize)> = BTreeMap::new();
        for (di, d) in self.docs.iter().enumerate() {
            let mut stack = vec![&d.root];
            while let Some(el) = stack.pop() {
                stack.extend(el.children.iter().rev());
                if !super::annotation::is_annotation(el) {
                    continue;
                }
                let Some(term) = el.attr("Term") else {
                    continue;
                };
                let qualified = names.qualify_term(term);
                if self.namespace_known(&qualified) {
                    // A term of a standard vocabulary (not read from a document) that the
                    // vocabulary does not define: W0106.
                    if let Some((ns, simple)) = qualified.rsplit_once('.')
                        && let Some((_, known)) = VOCABULARY_TERMS.iter().find(|(n, _)| *n == ns)
                        && !known.contains(&simple)
                        && !self.model.schemas.iter().any(|s| s.namespace == ns)
                    {
                        unknown_terms
                            .entry((di, qualified.clone()))
                            .and_modify(|(_, _, n)| *n += 1)
                            .or_insert((el.attr_offset("Term"), term.to_owned(), 1));
                    }
                    continue;
                }
                let prefix = term.rsplit_once('.').map_or("", |(p, _)| p).to_owned();
                found
                    .entry((di, prefix))
                    .and_modify(|(_, _, n)| *n += 1)
                    .or_insert((el.attr_offset("Term"), term.to_owned(), 1));
            }
        }
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort_by_key(|((di, _), (offset, _, _))| (*di, *offset));
        for ((di, prefix), (offset, term, count)) in found {
            let msg = if prefix.is_empty() {
                format!("annotation term `{term}` is not qualified by a namespace or alias")
            } else {
                format!(
                    "annotation term `{term}`: no document declares or includes a namespace or \
                     alias `{prefix}`"
                )
            };
            let mut d = Diagnostic::warning("W0103", msg).at(self.loc(self.span(di, offset)));
            if let Some(s) = suggest(&prefix, self.prefixes()) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            d = more_uses(d, count);
            d = d.with_note(
                "the annotation is kept under that name; include the vocabulary with \
                 `<edmx:Reference><edmx:Include Namespace=... Alias=.../></edmx:Reference>`",
            );
            self.diags.push(d);
        }
        // In source order (by first use), as the front end reports.
        let mut unknown_terms: Vec<_> = unknown_terms.into_iter().collect();
        unknown_terms.sort_by_key(|((di, _), (offset, _, _))| (*di, *offset));
        for ((di, qualified), (offset, term, count)) in unknown_terms {
            let Some((ns, simple)) = qualified.rsplit_once('.') else { continue };
            let known = VOCABULARY_TERMS.iter().find(|(n, _)| *n == ns).map_or(&[][..], |(_, k)| *k);
            let mut d = Diagnostic::warning(
                "W0106",
                format!("annotation term `{term}`: the vocabulary `{ns}` defines no term `{simple}`"),
            )
            .at(self.loc(self.span(di, offset)));
            // Only a near miss (a typo): services' own terms (Graph's `SelectRestrictions`,
            // `SkipTokenSupported`) resemble a vocabulary term without being one mistyped.
            if let Some(s) = suggest(simple, known.iter().copied())
                .filter(|s| strsim::levenshtein(&s.to_lowercase(), &simple.to_lowercase()) <= 2)
            {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            d = more_uses(d, count);
            d = d.with_note("odatagen reads the vocabulary's terms only: this annotation changes nothing it generates");
            self.diags.push(d);
        }
    }

    /// W0104: `target` (of an `<Annotations>` element at `offset` of document `di`), which
    /// attached to nothing, when it names nothing in a namespace the documents declare.
    pub(super) fn check_target(
        &mut self,
        declared: &HashMap<String, Declared<'_>>,
        target: &str,
        qualified: &str,
        member: Option<&str>,
        di: usize,
        offset: usize,
    ) {
        let Some(problem) = self.target_problem(declared, qualified, member) else {
            return;
        };
        let d = Diagnostic::warning(
            "W0104",
            format!("annotation target `{target}` names nothing: {}", problem.0),
        )
        .at(self.loc(self.span(di, offset)));
        let d = match problem.1 {
            Some(s) => d.with_note(format!("did you mean `{s}`?")),
            None => d,
        };
        let d = d.with_note("its annotations apply to nothing the generated code has");
        self.diags.push(d);
    }

    /// Why `qualified[/member]` names nothing, with a suggestion; `None` when it names something
    /// or cannot be checked (a namespace of a document not read, a path through casts).
    fn target_problem(
        &self,
        declared: &HashMap<String, Declared<'_>>,
        qualified: &str,
        member: Option<&str>,
    ) -> Option<(String, Option<String>)> {
        // A schema itself (by namespace or alias).
        if self.model.schemas.iter().any(|s| s.namespace == qualified || s.alias.as_deref() == Some(qualified)) {
            return None;
        }
        let Some((ns, simple)) = qualified.rsplit_once('.') else {
            return Some(("a target is qualified by a namespace or alias".into(), None));
        };
        if !self.model.schemas.iter().any(|s| s.namespace == ns) {
            // Included from a document that was not read: nothing to check against.
            if self.namespace_known(qualified) {
                return None;
            }
            let s = suggest(ns, self.prefixes()).map(str::to_owned);
            return Some((format!("no document declares or includes `{ns}`"), s));
        }
        let Some(what) = declared.get(qualified) else {
            let prefix = format!("{ns}.");
            let siblings = declared.keys().filter_map(|k| k.strip_prefix(&prefix));
            let s = suggest(simple, siblings).map(|s| format!("{ns}.{s}"));
            return Some((format!("namespace `{ns}` declares no `{simple}`"), s));
        };
        // The first segment of the member path; casts, annotations and `$ReturnType`-like
        // segments are not followed.
        let first = member?.split('/').next().unwrap_or_default();
        if first.is_empty() || first.contains('.') || first.starts_with(['@', '$']) {
            return None;
        }
        let candidates: Vec<&str> = match what {
            Declared::Type => {
                let id = *self.model.by_name.get(qualified)?;
                match &self.model.ty(id).kind {
                    TypeKind::Entity(_) | TypeKind::Complex(_) => {
                        let mut all = Vec::new();
                        for t in std::iter::once(id).chain(self.model.ancestors(id)) {
                            if let TypeKind::Entity(s) | TypeKind::Complex(s) =
                                &self.model.ty(t).kind
                            {
                                all.extend(s.properties.iter().map(|p| p.name.as_str()));
                                all.extend(s.navigation.iter().map(|p| p.name.as_str()));
                            }
                        }
                        all
                    }
                    TypeKind::Enum(e) => e.members.iter().map(|m| m.name.as_str()).collect(),
                    _ => return None,
                }
            }
            Declared::Container(children) => children.iter().copied().collect(),
            Declared::Operation => self
                .model
                .operations
                .iter()
                .filter(|op| format!("{}.{}", op.namespace, op.name) == qualified)
                .flat_map(|op| op.parameters.iter().map(|p| p.name.as_str()))
                .collect(),
            Declared::Other => return None,
        };
        if candidates.contains(&first) {
            return None;
        }
        let s = suggest(first, candidates.into_iter()).map(str::to_owned);
        Some((format!("`{qualified}` has no member `{first}`"), s))
    }
}
