//! Names for inline schemas and for schemas referenced at JSON pointers other than
//! `components/schemas/<key>`: from the enclosing named type, the component, or the operation and
//! its role (request or response body); the place of schemas that cannot be named.

use crate::frontend::openapi::{Origin, Reader};
use crate::ir::*;

/// A name part from a pointer segment: no `.` (it would split off a namespace) and no other
/// punctuation; `None` when nothing is left.
fn name_part(seg: &str) -> Option<String> {
    let mut out = String::with_capacity(seg.len());
    for c in seg.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_');
    (!out.is_empty()).then(|| out.to_owned())
}

/// The name parts of a chain of member steps (`properties/<p>` → `p`, `items` → `item`,
/// `additionalProperties` → `value`); `None` if `segs` is anything else.
fn member_chain(segs: &[String]) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        match segs[i].as_str() {
            "properties" => {
                let p = segs.get(i + 1)?;
                parts.push(name_part(p).unwrap_or_else(|| "member".to_owned()));
                i += 2;
            }
            "items" => {
                parts.push("item".to_owned());
                i += 1;
            }
            "additionalProperties" => {
                parts.push("value".to_owned());
                i += 1;
            }
            // A branch of a composition: `allOf_0`, `oneOf_1` (as `pointer_name` says it).
            seg @ ("allOf" | "oneOf" | "anyOf") => {
                let n = segs.get(i + 1).filter(|n| n.parse::<usize>().is_ok())?;
                parts.push(seg.to_owned());
                parts.push(n.clone());
                i += 2;
            }
            _ => return None,
        }
    }
    Some(parts)
}

/// `/a/b` from segments.
fn join_pointer(segs: &[String]) -> String {
    segs.iter()
        .map(|s| format!("/{}", super::tree::escape_segment(s)))
        .collect()
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Reader {
    /// When `segs` is at or below the schema of a parameter (of an operation, of a path item, or
    /// of `components/parameters`): the number of segments up to and including that `schema`.
    /// Not in a document rendering an OData service: its `$select` and `$orderby` parameters
    /// list every property of the type as an inline enum, which stays a string.
    pub(crate) fn parameter_schema_len(&self, segs: &[String]) -> Option<usize> {
        if self.odata_flavoured {
            return None;
        }
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        match s.as_slice() {
            [
                "paths" | "webhooks",
                _,
                method,
                "parameters",
                _,
                "schema",
                ..,
            ] if METHODS.contains(method) => Some(6),
            ["paths" | "webhooks", _, "parameters", _, "schema", ..] => Some(5),
            ["components", "parameters", _, "schema", ..] => Some(4),
            // A parameter with `content` (a JSON media type) instead of `schema`.
            [
                "paths" | "webhooks",
                _,
                method,
                "parameters",
                _,
                "content",
                _,
                "schema",
                ..,
            ] if METHODS.contains(method) => Some(8),
            ["paths" | "webhooks", _, "parameters", _, "content", _, "schema", ..] => Some(7),
            ["components", "parameters", _, "content", _, "schema", ..] => Some(6),
            _ => None,
        }
    }

    /// When `segs` is at or below the schema of a JSON request or response body, or of a form or
    /// multipart request body (of an operation under `paths` or `webhooks`, or of
    /// `components/responses` or `components/requestBodies`): the number of segments up to and
    /// including that `schema`. Bodies of other media types (XML, bytes) are left out: request
    /// code sends and reads them as bytes; so are all bodies of a document
    /// rendering an OData service (an action's parameters, a return value wrapper: the operations
    /// read from the same schemas describe them).
    pub(crate) fn typed_body_len(&self, segs: &[String]) -> Option<usize> {
        if self.odata_flavoured {
            return None;
        }
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let (media, body, request) = match s.as_slice() {
            [
                "paths" | "webhooks",
                _,
                method,
                "requestBody",
                "content",
                media,
                "schema",
                ..,
            ] if METHODS.contains(method) => (*media, 7, true),
            [
                "paths" | "webhooks",
                _,
                method,
                "responses",
                _,
                "content",
                media,
                "schema",
                ..,
            ] if METHODS.contains(method) => (*media, 8, false),
            [
                "components",
                kind @ ("responses" | "requestBodies"),
                _,
                "content",
                media,
                "schema",
                ..,
            ] => (*media, 6, *kind == "requestBodies"),
            _ => return None,
        };
        use crate::ir::http::{BodyKind, body_kind};
        let kind = body_kind(media);
        (kind == BodyKind::Json
            || (request && matches!(kind, BodyKind::Form | BodyKind::Multipart)))
        .then_some(body)
    }

    /// A name for an inline union, map or object below a named type or a `components/schemas`
    /// key: `{owner}_{property}` (`api.Pet_either`), nested properties joined by `_`, `_item` for
    /// array items, `_value` for map values; for a request or response body (or a member of
    /// one), a name from its operation and role (`createApp_response_201`, see
    /// [`Self::pointer_name`]), and for a parameter's schema one from its operation and name
    /// (`listPets_sort`), unless the document renders an OData service; `None` below
    /// compositions and elsewhere.
    pub(crate) fn inline_name(&self, doc: usize, ptr: &str) -> Option<String> {
        let segs = super::tree::split_pointer(ptr);
        // The nearest enclosing named type (a component, or a schema named by its pointer)
        // below which only members lead here.
        for (cut, id) in self.named_ancestors(doc, &segs) {
            if let Some(parts) = member_chain(&segs[cut..])
                && !parts.is_empty()
            {
                let owner = self.model.ty(id);
                return Some(format!(
                    "{}.{}_{}",
                    owner.namespace,
                    owner.name,
                    parts.join("_")
                ));
            }
        }
        // A request or response body (inline in an operation, or a reusable response or request
        // body), or a parameter's schema, or a member of one: named from the operation (or the
        // component) and its role or parameter (`createApp_response_201`, `listPets_sort_item`).
        if let Some(schema) = self
            .typed_body_len(&segs)
            .or_else(|| self.parameter_schema_len(&segs))
        {
            member_chain(&segs[schema..])?;
            return Some(self.pointer_name(&(doc, ptr.to_owned())));
        }
        // A component that is no type of its own (an array, a request-body variant).
        let at = segs.iter().position(|s| s == "schemas")?;
        let owner = segs.get(at + 1)?;
        let parts = member_chain(&segs[at + 2..])?;
        (!parts.is_empty()).then(|| format!("{owner}_{}", parts.join("_")))
    }

    /// A name for a schema referenced at a JSON pointer other than `components/schemas/<key>`,
    /// from the nearest named type that holds it, or else from where it sits: the component and
    /// its section (`Error_response`), or the operation (`operationId`, else method and path)
    /// and its role (`createApp_response_200`, `createApp_request`), then the members and
    /// composition branches below (`ApplicationGateway_allOf_0`). Made unique by `register`.
    pub(crate) fn pointer_name(&self, origin: &Origin) -> String {
        let (doc, ptr) = origin;
        let segs = super::tree::split_pointer(ptr);
        if let Some((cut, id)) = self.named_ancestors(*doc, &segs).next() {
            let owner = self.model.ty(id);
            let parts = self.pointer_parts(*doc, &segs[..cut], &segs[cut..]);
            return if parts.is_empty() {
                owner.qualified_name()
            } else {
                format!("{}.{}_{}", owner.namespace, owner.name, parts.join("_"))
            };
        }
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let (namespace, base, rest) = match s.as_slice() {
            ["components", "schemas", key, ..] => match key.rsplit_once('.') {
                Some((ns, n)) if !ns.is_empty() && !n.is_empty() => {
                    (ns.to_owned(), name_part(n), 3)
                }
                _ => (self.main_namespace.clone(), name_part(key), 3),
            },
            ["components", section, key, ..] => {
                let role = match *section {
                    "responses" => "response",
                    "requestBodies" => "request",
                    "parameters" => "parameter",
                    "headers" => "header",
                    other => other,
                };
                let base =
                    name_part(key).map(|k| format!("{k}_{}", name_part(role).unwrap_or_default()));
                (self.main_namespace.clone(), base, 3)
            }
            ["paths" | "webhooks", path, method, ..] if METHODS.contains(method) => {
                let op = self.docs[*doc].root.pointer(&segs[..3]);
                let base = op
                    .and_then(|o| o.str("operationId"))
                    .and_then(name_part)
                    .or_else(|| name_part(path).map(|p| format!("{method}_{p}")));
                (self.main_namespace.clone(), base, 3)
            }
            ["paths" | "webhooks", path, ..] => (self.main_namespace.clone(), name_part(path), 2),
            _ => (self.main_namespace.clone(), None, 0),
        };
        let rest = rest.min(segs.len());
        let mut parts: Vec<String> = base.into_iter().collect();
        parts.extend(self.pointer_parts(*doc, &segs[..rest], &segs[rest..]));
        if parts.is_empty() {
            // A whole file (`other.yaml` without a fragment): its stem.
            let stem = self.docs[*doc]
                .path
                .file_stem()
                .and_then(|f| name_part(&f.to_string_lossy()));
            parts.push(stem.unwrap_or_else(|| "schema".to_owned()));
        }
        format!("{namespace}.{}", parts.join("_"))
    }

    /// The named types enclosing the schema at `segs` of document `doc`, nearest first, each
    /// with the number of segments of its own pointer.
    fn named_ancestors<'s>(
        &'s self,
        doc: usize,
        segs: &'s [String],
    ) -> impl Iterator<Item = (usize, TypeId)> + 's {
        (1..segs.len()).rev().filter_map(move |cut| {
            Some((cut, *self.named.get(&(doc, join_pointer(&segs[..cut])))?))
        })
    }

    /// Name parts for the pointer steps `rest` below `prefix` (see [`Self::pointer_name`]).
    fn pointer_parts(&self, doc: usize, prefix: &[String], rest: &[String]) -> Vec<String> {
        let mut parts = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let next = rest.get(i + 1);
            match rest[i].as_str() {
                "properties" | "headers" | "links" | "callbacks" if next.is_some() => {
                    parts.extend(next.and_then(|n| name_part(n)));
                    i += 2;
                }
                "items" => {
                    parts.push("item".to_owned());
                    i += 1;
                }
                "additionalProperties" => {
                    parts.push("value".to_owned());
                    i += 1;
                }
                // The media type says nothing a name needs.
                "content" if next.is_some() => i += 2,
                "schema" => i += 1,
                "requestBody" => {
                    parts.push("request".to_owned());
                    i += 1;
                }
                "responses" if next.is_some() => {
                    parts.push("response".to_owned());
                    parts.extend(next.and_then(|n| name_part(n)));
                    i += 2;
                }
                "parameters" if next.is_some() => {
                    let mut at: Vec<String> = prefix.to_vec();
                    at.extend(rest[..i + 2].iter().cloned());
                    let name = self.docs[doc]
                        .root
                        .pointer(&at)
                        .and_then(|p| p.str("name"))
                        .and_then(name_part);
                    parts.push(name.unwrap_or_else(|| {
                        format!("parameter_{}", next.map(String::as_str).unwrap_or_default())
                    }));
                    i += 2;
                }
                other => {
                    parts.extend(name_part(other));
                    i += 1;
                }
            }
        }
        parts
    }
}

/// Where an inline schema is that [`Reader::inline_name`] cannot name, for W0316: `in a response body`,
/// `below a composition (\`allOf\`)`, `below \`not\``.
pub(super) fn unnamed_place(ptr: &str) -> String {
    let segs = super::tree::split_pointer(ptr);
    let Some(at) = segs.iter().position(|s| s == "schemas") else {
        // Inline in an operation (or anywhere else outside `components/schemas`): the innermost
        // object holding the schema (segments below `schema` are the schema's own, such as
        // property names).
        let schema = segs
            .iter()
            .position(|s| s == "schema")
            .unwrap_or(segs.len());
        return segs[..schema]
            .iter()
            .rev()
            .find_map(|s| match s.as_str() {
                "responses" => Some("in a response body"),
                "requestBody" | "requestBodies" => Some("in a request body"),
                "parameters" => Some("in a parameter"),
                "headers" => Some("in a header"),
                _ => None,
            })
            .unwrap_or("outside `components/schemas`")
            .to_owned();
    };
    let mut i = at + 2;
    while let Some(seg) = segs.get(i) {
        match seg.as_str() {
            "properties" => i += 2,
            "items" | "additionalProperties" => i += 1,
            "allOf" | "oneOf" | "anyOf" => return format!("below a composition (`{seg}`)"),
            other => return format!("below `{other}`"),
        }
    }
    "at the top of `components/schemas`".to_owned()
}
