//! The document's example values (`example`, `examples`) with the types they illustrate, for
//! `odatagen examples`: those of named schemas, of their properties and of JSON request and
//! response bodies. Read only when asked for ([`crate::frontend::load_with_examples`]); nothing
//! here can fail a load: an example that cannot be read (a `$ref` leading nowhere, another file,
//! nesting past [`MAX_DEPTH`]) is skipped.

use super::Reader;
use super::tree::{Node, Value};
use crate::ir::*;

/// Nesting limit of an example value (deeper ones are skipped, not followed).
const MAX_DEPTH: usize = 128;

/// `node` as JSON; `None` past [`MAX_DEPTH`]. Numbers stay as written when JSON reads them
/// (YAML forms such as `0x1F` become their text).
fn to_json(node: &Node, depth: usize) -> Option<serde_json::Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => match serde_json::from_str::<serde_json::Number>(n) {
            Ok(x) => serde_json::Value::Number(x),
            Err(_) => serde_json::Value::String(n.clone()),
        },
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => serde_json::Value::Array(
            items
                .iter()
                .map(|i| to_json(i, depth + 1))
                .collect::<Option<_>>()?,
        ),
        Value::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| Some((k.clone(), to_json(v, depth + 1)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

impl Reader {
    fn push_example(&mut self, doc: usize, value: &Node, ty: TypeRef, value_wrapped: bool) {
        if let Some(json) = to_json(value, 0) {
            self.push_json(doc, value, ty, value_wrapped, json);
        }
    }

    /// The example `json`, stated at `value`; untyped JSON has nothing to check.
    fn push_json(
        &mut self,
        doc: usize,
        value: &Node,
        ty: TypeRef,
        value_wrapped: bool,
        json: serde_json::Value,
    ) {
        if ty.target == Target::Primitive(Primitive::Untyped) {
            return;
        }
        let span = self.span(doc, value);
        self.model.examples.push(ModelExample {
            span,
            ty,
            value_wrapped,
            json: json.to_string(),
        });
    }

    /// The examples of a media type object of a body of type `ty` (a collection `value_wrapped`
    /// or not): `example`, and the `value` of each of `examples` (a `$ref` to
    /// `components/examples` of the same document followed).
    pub(crate) fn media_examples(&mut self, doc: usize, media: &Node, body: (TypeRef, bool)) {
        let (ty, value_wrapped) = body;
        if !self.collect_examples {
            return;
        }
        if let Some(e) = media.get("example") {
            self.push_media_example(doc, e, ty, value_wrapped);
        }
        for (_, e) in media.get("examples").map(Node::entries).unwrap_or_default() {
            let mut e = e.clone();
            for _ in 0..8 {
                let Some(r) = e.str("$ref").filter(|r| r.starts_with("#/")) else {
                    break;
                };
                let segs = super::tree::split_pointer(r.trim_start_matches('#'));
                let Some(target) = self.docs[doc].root.pointer(&segs).cloned() else {
                    break;
                };
                e = target;
            }
            if let Some(v) = e.get("value") {
                self.push_media_example(doc, v, ty, value_wrapped);
            }
        }
    }

    /// An example of a media type: a string holding a JSON object or array is that value,
    /// escaped ("a string value can contain the example with escaping where necessary", OpenAPI
    /// 3.0 section 4.7.11; Jira writes its response examples so), where the body is not a
    /// primitive (a string body's example is the string).
    fn push_media_example(&mut self, doc: usize, value: &Node, ty: TypeRef, value_wrapped: bool) {
        if let Value::Str(text) = &value.value
            && (ty.collection || matches!(ty.target, Target::Named(_)))
            && matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
            && let Ok(json) = serde_json::from_str::<serde_json::Value>(text)
        {
            self.push_json(doc, value, ty, value_wrapped, json);
            return;
        }
        self.push_example(doc, value, ty, value_wrapped);
    }

    /// The examples of a property's schema `node` of type `ty`: `example`, and the items of a
    /// 3.1 `examples` list. `null` for a property that allows it (`null_ok`) is left out: it is
    /// no value of `ty`, and there is nothing in it to check.
    pub(crate) fn property_examples(&mut self, doc: usize, node: &Node, ty: TypeRef, null_ok: bool) {
        if !self.collect_examples {
            return;
        }
        let examples = node
            .get("example")
            .into_iter()
            .chain(node.get("examples").map(Node::items).unwrap_or_default());
        for e in examples {
            if !(null_ok && matches!(e.value, Value::Null)) {
                self.push_example(doc, e, ty, false);
            }
        }
    }

    /// The examples of every named schema: `example`, and the items of a 3.1 `examples` list.
    pub(crate) fn schema_examples(&mut self) {
        if !self.collect_examples {
            return;
        }
        let mut named: Vec<(TypeId, super::Origin)> =
            self.named.iter().map(|(o, id)| (*id, o.clone())).collect();
        named.sort();
        for (id, origin) in named {
            let Some((d, segs)) = self.node_at(&origin) else {
                continue;
            };
            let Some(node) = d.root.pointer(&segs) else {
                continue;
            };
            let ty = TypeRef {
                collection: false,
                target: Target::Named(id),
            };
            if let Some(e) = node.get("example") {
                self.push_example(origin.0, e, ty, false);
            }
            for e in node.get("examples").map(Node::items).unwrap_or_default() {
                self.push_example(origin.0, e, ty, false);
            }
        }
    }
}
