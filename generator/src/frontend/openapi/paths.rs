//! Paths → the container (entity sets, singletons, function and action imports) and bound
//! operations, as far as the model can hold them.
//!
//! Mapped: `/Set` returning a collection (`value` array or a bare array) is an entity set, `/Name`
//! returning one object is a singleton, `/Name(...)` (GET) a function import and a POST-only `/Name`
//! an action import; `/…/ns.op(...)` a function (GET) or action (POST) bound to the type the path
//! before it addresses (walking navigation properties and key segments). Function parameters come
//! from the path parameters, action parameters from the request body's properties, return types from
//! the first success response (`200`, `201`, `2XX`, ...; `x-ms-pageable` and `value` arrays are
//! collections). Types served at entity-set, keyed or navigation paths are entity types.
//!
//! Every path and method is also kept as stated in [`Model::http`](crate::ir::Model::http)
//! (parameters by place, request body, responses by status including `4XX`/`5XX` with the OData error
//! schema, operation ids, `x-ms-pageable` as [`HttpPaging`](crate::ir::http::HttpPaging)), for
//! the request code of the `rest` module; paths that are neither sets nor operations are listed in
//! one note. A malformed `x-ms-pageable` (W0322) is a warning with its JSON pointer. (W0321,
//! cookie parameters, is retired: they are sent in the `Cookie` header.)

use super::Reader;
use super::tree::Node;
use crate::ir::*;
use std::collections::HashMap;

/// A path split into segments: `Name`, `Name(args)`, `{param}`.
#[derive(Debug)]
struct Segment {
    name: String,
    /// Text inside parentheses, if any.
    args: Option<String>,
}

fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in path.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|s| match s.split_once('(') {
            Some((n, rest)) => Segment {
                name: n.to_owned(),
                args: Some(rest.trim_end_matches(')').to_owned()),
            },
            None => Segment {
                name: s,
                args: None,
            },
        })
        .collect()
}

/// `{x}` placeholders (a whole segment).
fn is_param(s: &Segment) -> bool {
    s.args.is_none() && s.name.starts_with('{') && s.name.ends_with('}')
}

/// The parameters an operation declares, with their JSON pointers: the path item's (`iptr`),
/// then the operation's (`optr`), in order (`$ref`s not followed yet).
fn declared_parameters(item: &Node, iptr: &str, op: &Node, optr: &str) -> Vec<(Node, String)> {
    [(item, iptr), (op, optr)]
        .into_iter()
        .flat_map(|(owner, ptr)| {
            let list = owner.get("parameters").map(Node::items).unwrap_or_default();
            list.iter()
                .enumerate()
                .map(|(i, p)| (p.clone(), format!("{ptr}/parameters/{i}")))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The first success response: its status code and the response object.
fn success_response(op: &Node) -> Option<(&str, &Node)> {
    let responses = op.get("responses")?;
    let (status, resp) = responses
        .entries()
        .iter()
        .filter(|(k, _)| k.starts_with('2'))
        .min_by_key(|(k, _)| k.clone())?;
    Some((status, resp))
}

impl Reader {
    /// The headers a response documents (`headers`, each a header object or a `$ref` to one),
    /// `Content-Type` aside (the OpenAPI rule: the media type says it).
    fn response_headers(&mut self, doc: usize, response: &Node, ptr: &str) -> Vec<http::HttpHeader> {
        let mut out = Vec::new();
        for (name, h) in response.get("headers").map(Node::entries).unwrap_or_default() {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let hptr = format!("{ptr}/headers/{}", super::tree::escape_segment(name));
            let Some((hdoc, h, hptr)) = self.deref_obj(doc, h, &hptr) else {
                continue;
            };
            let ty = match h.get("schema") {
                Some(s) => self.type_of(hdoc, s, &format!("{hptr}/schema"), 1).0,
                None => TypeRef {
                    collection: false,
                    target: Target::Primitive(Primitive::String),
                },
            };
            out.push(http::HttpHeader {
                name: name.clone(),
                ty,
                required: h.bool("required").unwrap_or(false),
                annotations: super::schema::description(&h),
            });
        }
        out
    }

    /// Follow `$ref`s of non-schema objects (responses, parameters, path items, request bodies).
    fn deref_obj(&mut self, doc: usize, node: &Node, ptr: &str) -> Option<(usize, Node, String)> {
        let mut cur = (doc, node.clone(), ptr.to_owned());
        for _ in 0..32 {
            let Some(r) = cur.1.str("$ref").map(str::to_owned) else {
                return Some(cur);
            };
            match self.resolve_ref(cur.0, &r) {
                Ok(origin) => {
                    let (d, segs) = self.node_at(&origin)?;
                    let n = d.root.pointer(&segs)?.clone();
                    cur = (origin.0, n, origin.1);
                }
                Err(msg) => {
                    self.error("E0102", cur.0, &cur.1, &cur.2, msg);
                    return None;
                }
            }
        }
        self.error(
            "E0107",
            doc,
            node,
            ptr,
            "reference cycle between non-schema objects".into(),
        );
        None
    }

    /// The type an operation returns (the `value` array of OData collection responses is a collection).
    fn response_type(&mut self, doc: usize, op: &Node, ptr: &str) -> Option<TypeRef> {
        self.response_type_nullable(doc, op, ptr).map(|(t, _)| t)
    }

    /// [`Self::response_type`] and whether the value may be null (collections: their elements).
    fn response_type_nullable(
        &mut self,
        doc: usize,
        op: &Node,
        ptr: &str,
    ) -> Option<(TypeRef, bool)> {
        let (status, resp) = success_response(op)?;
        let rptr = format!("{ptr}/responses/{}", super::tree::escape_segment(status));
        let (rdoc, resp, rptr) = self.deref_obj(doc, &resp.clone(), &rptr)?;
        let content = resp.get("content")?;
        let (media, body) = content
            .entries()
            .iter()
            .find(|(k, _)| k.contains("json"))
            .or_else(|| content.entries().first())?;
        let schema = body.get("schema")?.clone();
        let sptr = format!(
            "{rptr}/content/{}/schema",
            super::tree::escape_segment(media)
        );
        if let Some(item) = self.collection_item(rdoc, &schema, &sptr, 0) {
            return Some((item, false));
        }
        Some(self.type_of(rdoc, &schema, &sptr, 0))
    }

    /// For an OData collection response (`{value: [T]}`, directly, through `$ref` or `allOf`): T, as a collection.
    fn collection_item(
        &mut self,
        doc: usize,
        schema: &Node,
        ptr: &str,
        depth: usize,
    ) -> Option<TypeRef> {
        if depth > 16 {
            return None;
        }
        if let Some(r) = schema.str("$ref") {
            let origin = self.resolve_ref(doc, r).ok()?;
            if self.named.contains_key(&origin) {
                return None;
            }
            let (d, segs) = self.node_at(&origin)?;
            let n = d.root.pointer(&segs)?.clone();
            return self.collection_item(origin.0, &n, &origin.1, depth + 1);
        }
        if let Some(v) = schema.get("properties").and_then(|p| p.get("value")) {
            let vptr = format!("{ptr}/properties/value");
            let (t, _) = self.type_of(doc, v, &vptr, 0);
            return t.collection.then_some(t);
        }
        for (i, item) in schema
            .get("allOf")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(t) = self.collection_item(doc, item, &format!("{ptr}/allOf/{i}"), depth + 1)
            {
                return Some(t);
            }
        }
        None
    }

    pub(crate) fn read_paths(&mut self) {
        let doc = self.docs[0].clone();
        let Some(paths) = doc.root.get("paths") else {
            return;
        };
        let mut unmapped: Vec<String> = Vec::new();
        // Pass 1: entity sets and singletons (first segments), so later paths can walk from them.
        let mut roots: HashMap<String, TypeRef> = HashMap::new();
        let mut items: Vec<(String, usize, Node, String)> = Vec::new();
        for (path, item) in paths.entries() {
            let ptr = format!("/paths/{}", super::tree::escape_segment(path));
            let Some((idoc, item, iptr)) = self.deref_obj(0, item, &ptr) else {
                continue;
            };
            items.push((path.clone(), idoc, item, iptr));
        }
        let mut container = self.model.container.take().unwrap_or_else(|| Container {
            namespace: self.main_namespace.clone(),
            // OpenAPI does not name the container; nothing emitted depends on its name.
            name: "Container".to_owned(),
            entity_sets: Vec::new(),
            singletons: Vec::new(),
            imports: Vec::new(),
            annotations: Annotations::default(),
            span: Span {
                file: 0,
                line: paths.line,
                column: paths.column,
            },
        });
        for (path, idoc, item, iptr) in &items {
            let segs = segments(path);
            if segs.len() != 1
                || segs[0].args.is_some()
                || segs[0].name.starts_with('$')
                || is_param(&segs[0])
            {
                continue;
            }
            let Some(get) = item.get("get") else { continue };
            let Some(t) = self.response_type(*idoc, get, &format!("{iptr}/get")) else {
                continue;
            };
            let Target::Named(id) = t.target else {
                continue;
            };
            if self.model.ty(id).as_struct().is_none() {
                continue;
            }
            let name = segs[0].name.clone();
            let span = self.span(*idoc, item);
            self.entity_evidence.insert(id);
            roots.insert(name.clone(), t);
            if t.collection {
                self.set_types.insert(id);
                container.entity_sets.push(EntitySet {
                    name,
                    entity_type: id,
                    bindings: Vec::new(),
                    annotations: Annotations::default(),
                    span,
                });
            } else {
                container.singletons.push(Singleton {
                    name,
                    entity_type: id,
                    bindings: Vec::new(),
                    annotations: Annotations::default(),
                    span,
                });
            }
        }
        // Keys: from key segments (`Set({k})`, `Set('{k}')`, `Set(a={a},b={b})`, `Set/{k}`).
        for (path, _, item, _) in &items {
            let segs = segments(path);
            for i in 0..segs.len() {
                let s = &segs[i];
                if s.name.starts_with('$') || s.name.contains('.') {
                    continue;
                }
                let (addressed, args): (Option<TypeRef>, Vec<String>) = if is_param(s) {
                    if i == 0 {
                        continue;
                    }
                    (self.walk(&segs[..i], &roots), vec![s.name.clone()])
                } else if let Some(a) = &s.args {
                    let mut prefix: Vec<Segment> = segs[..i]
                        .iter()
                        .map(|x| Segment {
                            name: x.name.clone(),
                            args: x.args.clone(),
                        })
                        .collect();
                    prefix.push(Segment {
                        name: s.name.clone(),
                        args: None,
                    });
                    (
                        self.walk(&prefix, &roots),
                        a.split(',').map(str::to_owned).collect(),
                    )
                } else {
                    continue;
                };
                let Some(TypeRef {
                    target: Target::Named(t),
                    collection: true,
                }) = addressed
                else {
                    continue;
                };
                // A navigation property addressed by key beneath its owner (`/a/{id}/nav/{key}`).
                let nav_seg = if is_param(s) {
                    i.checked_sub(1)
                } else {
                    Some(i)
                };
                if let Some(n) = nav_seg.filter(|&n| n >= 1)
                    && let Some(TypeRef {
                        target: Target::Named(owner),
                        collection: false,
                    }) = self.walk(
                        &segs[..n]
                            .iter()
                            .map(|x| Segment {
                                name: x.name.clone(),
                                args: x.args.clone(),
                            })
                            .collect::<Vec<_>>(),
                        &roots,
                    )
                {
                    self.keyed_navigation.insert((owner, segs[n].name.clone()));
                }
                let mut key = Vec::new();
                for arg in &args {
                    let (named, placeholder) = match arg.split_once('=') {
                        Some((k, v)) => (Some(k.trim().to_owned()), v),
                        None => (None, arg.as_str()),
                    };
                    let placeholder = placeholder
                        .trim()
                        .trim_matches('\'')
                        .trim_start_matches('{')
                        .trim_end_matches('}');
                    let k = named.or_else(|| self.key_name(t, placeholder, item));
                    match k {
                        Some(k) => key.push(k),
                        None => {
                            key.clear();
                            break;
                        }
                    }
                }
                if !key.is_empty() {
                    self.set_key(t, key);
                }
            }
        }
        // Pass 2: operations and deeper paths.
        let mut seen_ops: HashMap<(String, Option<TypeRef>), usize> = HashMap::new();
        for (path, idoc, item, iptr) in &items {
            let segs = segments(path);
            let Some(last) = segs.last() else { continue };
            if segs.len() == 1 && roots.contains_key(&last.name) {
                continue;
            }
            if segs.iter().any(|s| s.name.starts_with('$')) {
                continue; // $value, $count, $ref, $batch: protocol paths
            }
            let is_op = last.name.contains('.') || (segs.len() == 1 && !is_param(last));
            if !is_op {
                // A keyed or navigation path: its type is an entity type.
                let mut mapped = false;
                if let Some(get) = item.get("get")
                    && let Some(t) = self.response_type(*idoc, get, &format!("{iptr}/get"))
                    && let Target::Named(id) = t.target
                    && self.model.ty(id).as_struct().is_some()
                    && roots.contains_key(&segs[0].name)
                {
                    self.entity_evidence.insert(id);
                    mapped = true;
                }
                if !mapped {
                    unmapped.push(path.clone());
                }
                continue;
            }
            // An operation: bound (`…/ns.op`) or an import (`/op(...)`).
            let (namespace, name) = match last.name.rsplit_once('.') {
                Some((ns, n)) => (ns.to_owned(), n.to_owned()),
                None => (self.main_namespace.clone(), last.name.clone()),
            };
            let binding = if segs.len() > 1 {
                match self.walk(&segs[..segs.len() - 1], &roots) {
                    Some(b) => Some(b),
                    None => {
                        unmapped.push(path.clone());
                        continue;
                    }
                }
            } else {
                None
            };
            for (method, kind) in [
                ("get", OperationKind::Function),
                ("post", OperationKind::Action),
            ] {
                let Some(op) = item.get(method) else { continue };
                let optr = format!("{iptr}/{method}");
                let key = (format!("{namespace}.{name}"), binding);
                if let Some(&existing) = seen_ops.get(&key) {
                    let _ = existing;
                    continue;
                }
                let mut parameters = Vec::new();
                if let Some(b) = binding {
                    let bname = match b.target {
                        Target::Named(t) => self.model.ty(t).name.clone(),
                        Target::Primitive(_) => "bindingParameter".into(),
                    };
                    parameters.push(Parameter {
                        name: bname,
                        ty: b,
                        nullable: true,
                        annotations: Annotations::default(),
                        span: self.span(*idoc, op),
                    });
                }
                // Path parameters named in the operation segment's parentheses.
                let declared = declared_parameters(item, iptr, op, &optr);
                if let Some(args) = &last.args {
                    for arg in args.split(',').filter(|a| !a.trim().is_empty()) {
                        let (pname, placeholder) = match arg.split_once('=') {
                            Some((k, v)) => (k.trim(), v.trim().trim_matches('\'')),
                            None => (arg.trim().trim_matches('\''), arg.trim().trim_matches('\'')),
                        };
                        let placeholder = placeholder.trim_start_matches('{').trim_end_matches('}');
                        let mut ty = TypeRef {
                            collection: false,
                            target: Target::Primitive(Primitive::String),
                        };
                        let mut nullable = false;
                        for (p, ptr) in &declared {
                            let Some((pdoc, p, pptr)) = self.deref_obj(*idoc, p, ptr) else {
                                continue;
                            };
                            if p.str("name") == Some(placeholder)
                                && let Some(s) = p.get("schema")
                            {
                                let (t, n) = self.type_of(pdoc, s, &format!("{pptr}/schema"), 0);
                                ty = t;
                                nullable = n;
                            }
                        }
                        parameters.push(Parameter {
                            name: pname.to_owned(),
                            ty,
                            nullable,
                            annotations: Annotations::default(),
                            span: self.span(*idoc, op),
                        });
                    }
                }
                // Action parameters: the request body's properties.
                if kind == OperationKind::Action
                    && let Some(body) = op.get("requestBody")
                    && let Some((bdoc, body, bptr)) =
                        self.deref_obj(*idoc, body, &format!("{optr}/requestBody"))
                    && let Some(schema) = body
                        .get("content")
                        .and_then(|c| {
                            c.entries()
                                .iter()
                                .find(|(k, _)| k.contains("json"))
                                .map(|(_, v)| v)
                        })
                        .and_then(|m| m.get("schema"))
                {
                    let sptr = format!("{bptr}/content/application~1json/schema");
                    let resolved = self.deref_obj(bdoc, schema, &sptr);
                    if let Some((sdoc, schema, sptr)) = resolved {
                        for (pname, ps) in schema
                            .get("properties")
                            .map(Node::entries)
                            .unwrap_or_default()
                        {
                            let (ty, nullable) =
                                self.type_of(sdoc, ps, &format!("{sptr}/properties/{pname}"), 0);
                            parameters.push(Parameter {
                                name: pname.clone(),
                                ty,
                                nullable,
                                annotations: Annotations::default(),
                                span: self.span(sdoc, ps),
                            });
                        }
                    }
                }
                let return_type = self
                    .response_type_nullable(*idoc, op, &optr)
                    .map(|(ty, nullable)| ReturnType { ty, nullable });
                let mut annotations = Annotations::default();
                if let Some(s) = op.str("description").or_else(|| op.str("summary")) {
                    annotations.push(Annotation {
                        term: format!("{}.Description", crate::ir::annotations::CORE),
                        qualifier: None,
                        value: AnnValue::String(s.to_owned()),
                    });
                }
                let index = self.model.operations.len();
                self.model.operations.push(Operation {
                    namespace: namespace.clone(),
                    name: name.clone(),
                    kind,
                    is_bound: binding.is_some(),
                    is_composable: false,
                    entity_set_path: None,
                    service_operation: false,
                    parameters,
                    return_type,
                    annotations,
                    span: self.span(*idoc, op),
                });
                seen_ops.insert(key, index);
                if binding.is_none() {
                    container.imports.push(OperationImport {
                        name: name.clone(),
                        kind,
                        operations: vec![index],
                        entity_set: None,
                        span: self.span(*idoc, item),
                    });
                }
            }
        }
        for (path, idoc, item, iptr) in &items {
            self.http_operations(path, *idoc, item, iptr);
        }
        if !container.entity_sets.is_empty()
            || !container.singletons.is_empty()
            || !container.imports.is_empty()
        {
            self.model.container = Some(container);
        }
        if !unmapped.is_empty() {
            let shown: Vec<&str> = unmapped.iter().take(5).map(String::as_str).collect();
            self.diags.push(
                crate::diagnostics::Diagnostic::note(
                    "N0301",
                    format!(
                        "{} path(s) are neither entity sets, singletons nor operations and are not in the model: {}{}",
                        unmapped.len(),
                        shown.join(", "),
                        if unmapped.len() > 5 { ", ..." } else { "" }
                    ),
                )
                .at(self.location(0, paths)),
            );
        }
    }

    /// The JSON body type of a request body or response: OData collection responses give a
    /// collection; an inline object schema is a struct named from the operation
    /// (`createApp_request`, `createApp_response_201`: see `Reader::inline_name`), except in
    /// documents rendering an OData service (`Untyped`: the operations describe those bodies)
    /// and for bodies that are not JSON (`Untyped`: no request code sends or reads them).
    /// Also: whether the collection is the `value` member of an object.
    fn body_type_wrapped(&mut self, doc: usize, schema: &Node, ptr: &str) -> (TypeRef, bool) {
        if let Some(t) = self.collection_item(doc, schema, ptr, 0) {
            return (t, true);
        }
        // Untyped where no type is made for an inline body (see `typed_body_len`).
        let typed_body = self
            .typed_body_len(&super::tree::split_pointer(ptr))
            .is_some();
        let inline_object = !typed_body
            && schema.get("$ref").is_none()
            && schema.get("properties").is_some()
            && super::schema::shape(schema, self.odata_flavoured) == super::schema::Shape::Struct;
        if inline_object {
            return (
                TypeRef {
                    collection: false,
                    target: Target::Primitive(Primitive::Untyped),
                },
                false,
            );
        }
        (self.type_of(doc, schema, ptr, 0).0, false)
    }

    /// Every method of a path item as an [`HttpOperation`](crate::ir::http::HttpOperation).
    fn http_operations(&mut self, path: &str, doc: usize, item: &Node, iptr: &str) {
        use crate::ir::http::*;
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            let Some(op) = item.get(method) else { continue };
            let optr = format!("{iptr}/{method}");
            if let Some(callbacks) = op.get("callbacks") {
                self.warn_service_requests(
                    "callbacks",
                    doc,
                    callbacks,
                    &format!("{optr}/callbacks"),
                );
            }
            let mut parameters: Vec<HttpParameter> = Vec::new();
            for (p, ptr) in declared_parameters(item, iptr, op, &optr) {
                let Some((pdoc, p, pptr)) = self.deref_obj(doc, &p, &ptr) else {
                    continue;
                };
                let Some(name) = p.str("name") else { continue };
                let location = match p.str("in") {
                    Some("path") => ParameterLocation::Path,
                    Some("query") => ParameterLocation::Query,
                    Some("header") => ParameterLocation::Header,
                    Some("cookie") => ParameterLocation::Cookie,
                    other => {
                        self.warn(
                            "W0319",
                            pdoc,
                            &p,
                            &pptr,
                            format!("parameter `{name}` has no valid `in` ({other:?}); ignored"),
                        );
                        continue;
                    }
                };
                // `content` instead of `schema`: the value encoded as its (one) media type. JSON
                // is sent as the value's JSON text; plain text as the string it is.
                let content = p
                    .get("content")
                    .filter(|_| p.get("schema").is_none())
                    .and_then(|c| c.entries().first());
                let json_content = content.is_some_and(|(media, _)| is_json_media(media));
                let ty = match (p.get("schema"), content) {
                    (Some(s), _) => self.type_of(pdoc, s, &format!("{pptr}/schema"), 1).0,
                    (None, Some((media, m))) if json_content => match m.get("schema") {
                        Some(s) => {
                            let sptr = format!(
                                "{pptr}/content/{}/schema",
                                super::tree::escape_segment(media)
                            );
                            self.type_of(pdoc, s, &sptr, 1).0
                        }
                        None => TypeRef {
                            collection: false,
                            target: Target::Primitive(Primitive::Untyped),
                        },
                    },
                    _ => TypeRef {
                        collection: false,
                        target: Target::Primitive(Primitive::String),
                    },
                };
                // Serializations other than these are not supported: form (the default),
                // spaceDelimited, pipeDelimited and deepObject for the query, simple (the
                // default), label and matrix for the path, simple for headers.
                let default_style = match location {
                    ParameterLocation::Query | ParameterLocation::Cookie => "form",
                    _ => "simple",
                };
                let style = match (location, p.str("style")) {
                    (ParameterLocation::Query, Some("spaceDelimited")) => {
                        ParameterStyle::SpaceDelimited
                    }
                    (ParameterLocation::Query, Some("pipeDelimited")) => {
                        ParameterStyle::PipeDelimited
                    }
                    (ParameterLocation::Query, Some("deepObject")) => ParameterStyle::DeepObject,
                    (ParameterLocation::Path, Some("label")) if !json_content => {
                        ParameterStyle::Label
                    }
                    (ParameterLocation::Path, Some("matrix")) if !json_content => {
                        ParameterStyle::Matrix
                    }
                    _ if json_content => ParameterStyle::Json,
                    _ => ParameterStyle::Default,
                };
                let unsupported = if let Some((media, _)) = content
                    .filter(|(media, _)| !json_content && !media.starts_with("text/plain"))
                {
                    Some(format!("`content` of media type `{media}`; sent as plain text"))
                } else if let Some(s) = p
                    .str("style")
                    .filter(|s| *s != default_style && style == ParameterStyle::Default)
                {
                    Some(format!("style `{s}`; sent as style `{default_style}`"))
                } else if p.bool("allowReserved") == Some(true) {
                    Some("`allowReserved`; reserved characters are percent-encoded".to_owned())
                } else {
                    None
                };
                if let Some(what) = unsupported {
                    self.warn(
                        "W0323",
                        pdoc,
                        &p,
                        &pptr,
                        format!("parameter `{name}` uses unsupported {what}"),
                    );
                }
                let param = HttpParameter {
                    name: name.to_owned(),
                    location,
                    ty,
                    required: location == ParameterLocation::Path
                        || p.bool("required").unwrap_or(false),
                    // OpenAPI: `explode` defaults to true for style `form` only.
                    explode: p
                        .bool("explode")
                        .unwrap_or(p.str("style").unwrap_or(default_style) == "form"),
                    style,
                };
                match parameters
                    .iter_mut()
                    .find(|q| q.name == param.name && q.location == param.location)
                {
                    Some(q) => *q = param,
                    None => parameters.push(param),
                }
            }
            let mut request_body = None;
            if let Some(b) = op.get("requestBody")
                && let Some((bdoc, b, bptr)) =
                    self.deref_obj(doc, b, &format!("{optr}/requestBody"))
                && let Some((media, m)) = b.get("content").and_then(|c| {
                    // JSON first, then forms, then whatever comes first.
                    let entries = c.entries();
                    [BodyKind::Json, BodyKind::Form, BodyKind::Multipart]
                        .into_iter()
                        .find_map(|kind| entries.iter().find(|(k, _)| body_kind(k) == kind))
                        .or_else(|| entries.first())
                })
            {
                let kind = body_kind(media);
                let (ty, wrapped) = match m.get("schema") {
                    Some(s) if kind != BodyKind::Raw => {
                        let sptr = format!(
                            "{bptr}/content/{}/schema",
                            super::tree::escape_segment(media)
                        );
                        self.body_type_wrapped(bdoc, s, &sptr)
                    }
                    _ => (
                        TypeRef {
                            collection: false,
                            target: Target::Primitive(Primitive::Untyped),
                        },
                        false,
                    ),
                };
                if kind == BodyKind::Json {
                    self.media_examples(bdoc, m, (ty, wrapped));
                }
                let mut encoding = Vec::new();
                for (member, e) in m.get("encoding").map(Node::entries).unwrap_or_default() {
                    encoding.push(HttpEncoding {
                        member: member.clone(),
                        style: e.str("style").map(str::to_owned),
                        explode: e.bool("explode"),
                        content_type: e.str("contentType").map(str::to_owned),
                    });
                }
                request_body = Some(HttpBody {
                    media_type: media.clone(),
                    ty,
                    required: b.bool("required").unwrap_or(false),
                    encoding,
                });
            }
            let mut responses = Vec::new();
            for (status, r) in op.get("responses").map(Node::entries).unwrap_or_default() {
                let rptr = format!("{optr}/responses/{}", super::tree::escape_segment(status));
                let Some((rdoc, r, rptr)) = self.deref_obj(doc, r, &rptr) else {
                    continue;
                };
                let content = r.get("content").map(Node::entries).unwrap_or_default();
                let media_type = content
                    .iter()
                    .find(|(k, _)| k.contains("json"))
                    .or_else(|| content.first())
                    .map(|(k, _)| k.clone());
                let typed = content
                    .iter()
                    .find(|(k, _)| k.contains("json"))
                    .cloned()
                    .and_then(|(media, m)| {
                        let s = m.get("schema")?.clone();
                        let sptr = format!(
                            "{rptr}/content/{}/schema",
                            super::tree::escape_segment(&media)
                        );
                        let typed = self.body_type_wrapped(rdoc, &s, &sptr);
                        self.media_examples(rdoc, &m, typed);
                        Some(typed)
                    });
                let headers = self.response_headers(rdoc, &r, &rptr);
                responses.push(HttpResponse {
                    status: status.clone(),
                    ty: typed.as_ref().map(|(t, _)| *t),
                    value_wrapped: typed.is_some_and(|(_, w)| w),
                    media_type,
                    media_types: content.iter().map(|(k, _)| k.clone()).collect(),
                    headers,
                });
            }
            let mut annotations = Annotations::default();
            if let Some(d) = op.str("description").or_else(|| op.str("summary")) {
                annotations.push(Annotation {
                    term: format!("{}.Description", crate::ir::annotations::CORE),
                    qualifier: None,
                    value: AnnValue::String(d.to_owned()),
                });
            }
            let paging = self.paging(doc, op, &optr);
            self.model.http.push(HttpOperation {
                method: method.to_ascii_uppercase(),
                path: path.to_owned(),
                operation_id: op.str("operationId").map(str::to_owned),
                parameters,
                request_body,
                responses,
                annotations,
                paging,
                span: self.span(doc, op),
            });
        }
    }

    /// `x-ms-pageable`: `itemName` (default `value`), `nextLinkName` (default `nextLink`; `null`:
    /// one page), `operationName`.
    fn paging(&mut self, doc: usize, op: &Node, optr: &str) -> Option<crate::ir::http::HttpPaging> {
        let p = op.get("x-ms-pageable")?;
        let pptr = format!("{optr}/x-ms-pageable");
        if !p.is_map() {
            self.warn(
                "W0322",
                doc,
                p,
                &pptr,
                "`x-ms-pageable` is not an object; the operation is not paged".into(),
            );
            return None;
        }
        let name = |key: &str, default: Option<&str>| match p.get(key).map(|n| &n.value) {
            None => Ok(default.map(str::to_owned)),
            Some(super::tree::Value::Null) => Ok(None),
            Some(super::tree::Value::Str(s)) => Ok(Some(s.clone())),
            Some(_) => Err(key.to_owned()),
        };
        match (
            name("itemName", Some("value")),
            name("nextLinkName", Some("nextLink")),
            name("operationName", None),
        ) {
            (Ok(item), Ok(next_link_name), Ok(operation_name)) => {
                Some(crate::ir::http::HttpPaging {
                    item_name: item.unwrap_or_else(|| "value".to_owned()),
                    next_link_name,
                    operation_name,
                })
            }
            (Err(k), _, _) | (_, Err(k), _) | (_, _, Err(k)) => {
                let node = p.get(&k).unwrap_or(p).clone();
                self.warn(
                    "W0322",
                    doc,
                    &node,
                    &format!("{pptr}/{k}"),
                    format!(
                        "`x-ms-pageable` member `{k}` is not a string; the operation is not paged"
                    ),
                );
                None
            }
        }
    }

    /// Properties of `t` and its bases, nearest first: (declaring type, name).
    fn chain_properties(&self, t: TypeId) -> Vec<(TypeId, String)> {
        let mut out = Vec::new();
        let mut cur = Some(t);
        let mut guard = 0;
        while let Some(c) = cur {
            guard += 1;
            if guard > self.pending.len() {
                break;
            }
            let Some(p) = self.pending.get(c.index()) else {
                break;
            };
            out.extend(p.st.properties.iter().map(|q| (c, q.name.clone())));
            cur = p.st.base;
        }
        out
    }

    /// Whether the property `name` of `t` (or of a base) has a type a key may have: a single
    /// primitive value other than untyped JSON, a stream or a geography, or an enumeration.
    fn may_be_key(&self, t: TypeId, name: &str) -> bool {
        let mut cur = Some(t);
        for _ in 0..=self.pending.len() {
            let Some(p) = cur.and_then(|c| self.pending.get(c.index())) else {
                return false;
            };
            if let Some(q) = p.st.properties.iter().find(|q| q.name == name) {
                return !q.ty.collection
                    && match q.ty.target {
                        Target::Primitive(pr) => {
                            !matches!(pr, Primitive::Untyped | Primitive::Stream | Primitive::Geo)
                        }
                        Target::Named(n) => matches!(
                            self.model.ty(n).kind,
                            TypeKind::Enum(_) | TypeKind::Definition(_)
                        ),
                    };
            }
            cur = p.st.base;
        }
        false
    }

    /// The key property a path placeholder stands for: a property of that name, the property a
    /// path parameter's `key: X` description names, the name without a `-1` suffix (OASIS), or
    /// `id` for Microsoft's `{type-id}`.
    fn key_name(&self, t: TypeId, placeholder: &str, item: &Node) -> Option<String> {
        let props = self.chain_properties(t);
        let has = |n: &str| props.iter().any(|(_, p)| p == n);
        if has(placeholder) {
            return Some(placeholder.to_owned());
        }
        let described = item
            .get("parameters")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .chain(
                ["get", "post", "patch", "put", "delete"]
                    .iter()
                    .filter_map(|m| item.get(m))
                    .flat_map(|o| o.get("parameters").map(Node::items).unwrap_or_default()),
            )
            .filter(|p| p.str("name") == Some(placeholder))
            .find_map(|p| {
                p.str("description")?
                    .strip_prefix("key: ")
                    .map(str::to_owned)
            });
        if let Some(d) = described.filter(|d| has(d)) {
            return Some(d);
        }
        if let Some((stem, n)) = placeholder.rsplit_once('-')
            && n.chars().all(|c| c.is_ascii_digit())
            && has(stem)
        {
            return Some(stem.to_owned());
        }
        // `{user-id}` (Microsoft) or `{petId}` (common REST style) for a type keyed by `id`.
        let lower = placeholder.to_ascii_lowercase();
        ((lower.ends_with("-id") || lower.ends_with("id")) && has("id")).then(|| "id".to_owned())
    }

    /// Declare `key` on the type that declares its first property (nearest the root), once.
    fn set_key(&mut self, t: TypeId, key: Vec<String>) {
        let props = self.chain_properties(t);
        let Some(first) = key.first() else { return };
        let Some(&(declaring, _)) = props.iter().rev().find(|(_, p)| p == first) else {
            return;
        };
        // A key read from the paths is a guess: not one of a property no key can be (a union
        // such as `id: {type: [integer, string]}`, an object, a list). The paths stay as they
        // are; the type has no key.
        if !key.iter().all(|k| self.may_be_key(t, k)) {
            return;
        }
        // Already keyed somewhere on the chain: keep the first.
        let mut cur = Some(t);
        while let Some(c) = cur {
            let Some(p) = self.pending.get(c.index()) else {
                break;
            };
            if !p.st.key.is_empty() {
                return;
            }
            cur = p.st.base;
            if cur == Some(t) {
                break;
            }
        }
        if let Some(p) = self.pending.get_mut(declaring.index()) {
            p.st.key = key;
            if let Some(td) = self.model.types.get_mut(declaring.index()) {
                td.annotations
                    .push(crate::ir::facts::flag(crate::ir::facts::KEY_FROM_PATHS));
            }
        }
    }

    /// The type addressed by a path prefix: a root, then key segments and navigation properties.
    fn walk(&self, segs: &[Segment], roots: &HashMap<String, TypeRef>) -> Option<TypeRef> {
        let first = segs.first()?;
        let mut cur = *roots.get(&first.name)?;
        if first.args.is_some() {
            cur.collection = false;
        }
        for s in &segs[1..] {
            if is_param(s) {
                cur.collection = false;
                continue;
            }
            let Target::Named(t) = cur.target else {
                return None;
            };
            // Type-cast segments (`ns.Type`).
            if s.name.contains('.') && s.args.is_none() {
                let id = self.model.lookup(&s.name)?;
                cur.target = Target::Named(id);
                continue;
            }
            let mut chain = vec![t];
            let mut b = self.pending.get(t.index()).and_then(|p| p.st.base);
            while let Some(x) = b {
                if chain.contains(&x) {
                    break;
                }
                chain.push(x);
                b = self.pending.get(x.index()).and_then(|p| p.st.base);
            }
            let prop = chain
                .iter()
                .filter_map(|c| self.pending.get(c.index()))
                .flat_map(|p| p.st.properties.iter())
                .find(|p| p.name == s.name)?;
            cur = prop.ty;
            if s.args.is_some() {
                cur.collection = false;
            }
        }
        Some(cur)
    }
}
