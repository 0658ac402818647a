//! A JSON/YAML document as a tree of nodes that remember their line and column.
//!
//! Both formats are read by one YAML 1.2 parser (`saphyr-parser`; JSON is YAML 1.2 flow syntax), so
//! every node of a JSON or YAML document has a position for diagnostics. Scalars are resolved with
//! the YAML 1.2 core schema (quoted scalars are always strings). Aliases are expanded, with a cap on
//! the total number of nodes so that "billion laughs" documents fail cleanly instead of exhausting
//! memory.

use saphyr_parser::{Event, Parser, ScalarStyle, SpannedEventReceiver};
use std::collections::HashMap;
use std::rc::Rc;

/// Upper bound on nodes (after alias expansion) in one document.
const MAX_NODES: usize = 20_000_000;

/// A scalar or container value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or an empty plain scalar.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, verbatim.
    Number(String),
    /// A string.
    Str(String),
    /// A sequence (shared: cloning a node copies no subtree).
    Seq(Rc<[Node]>),
    /// A mapping (keys are scalars, in document order; shared like sequences).
    Map(Rc<[(String, Node)]>),
}

/// A value and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
}

impl Node {
    /// Member `key` of a mapping (the last one when a key repeats).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Member `key` as a string.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// Member `key` as a boolean (`None` when absent or not a boolean).
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key).map(|n| &n.value) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// This node as a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Entries of a mapping (empty for anything else).
    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    /// Items of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    /// Is this a mapping?
    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// The node at a JSON pointer (`/a/b/0`, already split into unescaped segments).
    pub fn pointer<'a>(&'a self, segments: &[String]) -> Option<&'a Node> {
        let mut cur = self;
        for s in segments {
            cur = match &cur.value {
                Value::Map(_) => cur.get(s)?,
                Value::Seq(items) => items.get(s.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }
}

/// A parse failure: message and 1-based position.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What went wrong.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

enum Frame {
    Seq(Vec<Node>, u32, u32, usize),
    /// Entries, the pending key (and whether it is a YAML merge key `<<`), position, anchor,
    /// and the indices of the entries whose key is a merge key.
    Map(Vec<(String, Node)>, Option<(String, bool)>, u32, u32, usize, Vec<usize>),
}

struct Builder {
    /// Character index of the start of every line (lines end at `\n` only, as everywhere else in
    /// odatagen's diagnostics; the YAML scanner also breaks lines at a lone `\r`).
    line_starts: Vec<usize>,
    /// Where [`DOC_START`] was inserted (a character index of the text as given), if it was.
    inserted_at: Option<usize>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    nodes: usize,
    error: Option<ParseError>,
    documents: usize,
    /// Keys given twice in one mapping (the earlier entries were dropped).
    duplicates: Vec<Duplicate>,
}

/// A key given twice in one mapping: the last value is kept, as JSON parsers do.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// The key.
    pub key: String,
    /// 1-based line of the value kept.
    pub line: u32,
    /// 1-based column of the value kept.
    pub column: u32,
}

/// YAML 1.1 merge keys, as hand-written OpenAPI documents use them (`<<: *base`, `<<: [*a,
/// *b]`): each `<<` entry whose value is a mapping, or a sequence of mappings, is replaced by
/// their entries whose keys the mapping does not state itself (of several mappings, the first
/// with a key wins). A `<<` entry with another value stays a member of that name.
fn merge_keys(entries: Vec<(String, Node)>, merges: &[usize]) -> Vec<(String, Node)> {
    let mapping = |n: &Node| matches!(n.value, Value::Map(_));
    let sources = |n: &Node| -> Option<Vec<Node>> {
        match &n.value {
            Value::Map(_) => Some(vec![n.clone()]),
            Value::Seq(items) if items.iter().all(mapping) => Some(items.to_vec()),
            _ => None,
        }
    };
    let stated: std::collections::HashSet<String> = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !merges.contains(i))
        .map(|(_, (k, _))| k.clone())
        .collect();
    let mut added: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(entries.len());
    for (i, (k, v)) in entries.into_iter().enumerate() {
        let from = merges.contains(&i).then(|| sources(&v)).flatten();
        let Some(from) = from else {
            out.push((k, v));
            continue;
        };
        for source in from {
            if let Value::Map(members) = &source.value {
                for (mk, mv) in members.iter() {
                    if !stated.contains(mk) && added.insert(mk.clone()) {
                        out.push((mk.clone(), mv.clone()));
                    }
                }
            }
        }
    }
    out
}

/// Drops all but the last entry of each key (in place, order of the kept entries unchanged) and
/// returns the keys that were repeated, with the position of the value kept.
fn dedup_keys(entries: &mut Vec<(String, Node)>) -> Vec<Duplicate> {
    // Most mappings are small and have no repeated key: find out without allocating.
    let repeated = if entries.len() <= 16 {
        entries
            .iter()
            .enumerate()
            .any(|(i, (k, _))| entries.iter().skip(i + 1).any(|(other, _)| other == k))
    } else {
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        !entries.iter().all(|(k, _)| seen.insert(k.as_str()))
    };
    if !repeated {
        return Vec::new();
    }
    // Keep each key's last entry.
    let mut last: HashMap<String, usize> = HashMap::new();
    for (i, (k, _)) in entries.iter().enumerate() {
        last.insert(k.clone(), i);
    }
    // Each repeated key once, in the order of its first entry, at the value kept.
    let mut out: Vec<Duplicate> = Vec::new();
    for (i, (k, _)) in entries.iter().enumerate() {
        if let Some(&kept) = last.get(k)
            && kept != i
            && !out.iter().any(|o| &o.key == k)
            && let Some((_, v)) = entries.get(kept)
        {
            out.push(Duplicate {
                key: k.clone(),
                line: v.line,
                column: v.column,
            });
        }
    }
    let mut i = 0;
    entries.retain(|(k, _)| {
        let keep = last.get(k) == Some(&i);
        i += 1;
        keep
    });
    out
}

fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::Str(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        t if is_number(t) => Value::Number(t.to_owned()),
        t => Value::Str(t.to_owned()),
    }
}

fn is_number(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    if body.starts_with("0x") || body.starts_with("0o") {
        return body.len() > 2 && body[2..].chars().all(|c| c.is_ascii_hexdigit());
    }
    t.parse::<f64>().is_ok()
        && !body.contains(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
}

fn size(n: &Node) -> usize {
    match &n.value {
        Value::Seq(s) => 1 + s.iter().map(size).sum::<usize>(),
        Value::Map(m) => 1 + m.iter().map(|(_, v)| size(v)).sum::<usize>(),
        _ => 1,
    }
}

impl Builder {
    /// The character index in the text as given of index `i` of the text parsed.
    fn original(&self, i: usize) -> usize {
        match self.inserted_at {
            Some(at) if i >= at + DOC_START.len() => i - DOC_START.len(),
            Some(at) => i.min(at),
            None => i,
        }
    }

    fn fail(&mut self, message: impl Into<String>, line: u32, column: u32) {
        if self.error.is_none() {
            self.error = Some(ParseError {
                message: message.into(),
                line,
                column,
            });
        }
    }

    /// Attach a finished node to its parent (or make it the root). `key_text`: the node's text
    /// as a mapping key, and whether it is a merge key (a plain `<<`).
    fn push(&mut self, node: Node, key_text: Option<(String, bool)>) {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            let (l, c) = (node.line, node.column);
            self.fail(
                format!("document too large (more than {MAX_NODES} nodes after alias expansion)"),
                l,
                c,
            );
            return;
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq(items, ..)) => items.push(node),
            Some(Frame::Map(entries, pending, _, _, _, merges)) => match pending.take() {
                Some((k, merge)) => {
                    if merge {
                        merges.push(entries.len());
                    }
                    entries.push((k, node));
                }
                None => match key_text {
                    Some(k) => *pending = Some(k),
                    None => {
                        let (l, c) = (node.line, node.column);
                        self.fail("mapping keys must be scalars", l, c);
                    }
                },
            },
        }
    }
}

impl<'input> SpannedEventReceiver<'input> for Builder {
    fn on_event(&mut self, ev: Event<'input>, span: saphyr_parser::Span) {
        if self.error.is_some() {
            return;
        }
        let (line, column) = line_col(&self.line_starts, self.original(span.start.index()));
        match ev {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.fail("more than one YAML document in the stream", line, column);
                }
            }
            Event::Scalar(text, style, anchor, _) => {
                let node = Node {
                    value: scalar(&text, style),
                    line,
                    column,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                let merge = style == ScalarStyle::Plain && text == "<<";
                self.push(node, Some((text.into_owned(), merge)));
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some(mut node) => {
                    self.nodes += size(&node).saturating_sub(1);
                    node.line = line;
                    node.column = column;
                    let key = match &node.value {
                        Value::Str(s) | Value::Number(s) => Some((s.clone(), false)),
                        _ => None,
                    };
                    self.push(node, key);
                }
                None => self.fail("alias to an unknown anchor", line, column),
            },
            Event::SequenceStart(anchor, _) => {
                self.stack
                    .push(Frame::Seq(Vec::new(), line, column, anchor))
            }
            Event::MappingStart(anchor, _) => {
                self.stack
                    .push(Frame::Map(Vec::new(), None, line, column, anchor, Vec::new()))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, l, c, anchor) = match self.stack.pop() {
                    Some(Frame::Seq(items, l, c, a)) => (Value::Seq(items.into()), l, c, a),
                    Some(Frame::Map(mut entries, _, l, c, a, merges)) => {
                        if !merges.is_empty() {
                            entries = merge_keys(entries, &merges);
                        }
                        let dups = dedup_keys(&mut entries);
                        self.duplicates.extend(dups);
                        (Value::Map(entries.into()), l, c, a)
                    }
                    None => return,
                };
                let node = Node {
                    value,
                    line: l,
                    column: c,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node, None);
            }
            _ => {}
        }
    }
}

/// Parse a JSON or YAML document.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    parse_with_duplicates(text).map(|(node, _)| node)
}

/// [`parse`], also returning the keys given twice in a mapping (the last value is kept).
pub fn parse_with_duplicates(text: &str) -> Result<(Node, Vec<Duplicate>), ParseError> {
    // A document that is one flow collection (every JSON document) gets an explicit document start
    // on the same line: the YAML scanner must otherwise keep the collection's opening bracket as
    // a possible mapping key (`{...}: value`) until the closing one, queueing every token of the
    // document meanwhile (1.2 GB for a 73 MB JSON file). `--- {` cannot start a key.
    // (At the start of the bracket's line: a document marker must be in the first column.)
    let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n']);
    let bracket = text.len() - trimmed.len();
    let lead = text[..bracket].rfind('\n').map_or(0, |n| n + 1);
    let explicit = trimmed.starts_with(['{', '[']).then(|| {
        let mut t = String::with_capacity(text.len() + DOC_START.len());
        t.push_str(&text[..lead]);
        t.push_str(DOC_START);
        t.push_str(&text[lead..]);
        t
    });
    let mut b = Builder {
        inserted_at: explicit.is_some().then_some(lead),
        line_starts: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        nodes: 0,
        error: None,
        documents: 0,
        duplicates: Vec::new(),
    };
    let mut line_starts = vec![0];
    let mut chars = 0;
    for (i, c) in text.chars().enumerate() {
        if c == '\n' {
            line_starts.push(i + 1);
        }
        chars = i + 1;
    }
    b.line_starts = line_starts;
    let mut parser = Parser::new_from_str(explicit.as_deref().unwrap_or(text));
    if let Err(e) = parser.load(&mut b, true) {
        // Positions come from the character index (the scanner's own line numbers count a lone
        // `\r` as a line break and can point one line past the end: found by fuzzing).
        let index = b.original(e.marker().index()).min(chars);
        let (line, column) = line_col(&b.line_starts, index);
        return Err(ParseError {
            message: e.info().to_owned(),
            line,
            column,
        });
    }
    if let Some(e) = b.error {
        return Err(e);
    }
    let root = b.root.ok_or(ParseError {
        message: "empty document".into(),
        line: 1,
        column: 1,
    })?;
    Ok((root, b.duplicates))
}

/// Inserted before a document that is one flow collection (see [`parse_with_duplicates`]).
const DOC_START: &str = "--- ";

/// 1-based line and column (in characters) of the character at `index`.
fn line_col(line_starts: &[usize], index: usize) -> (u32, u32) {
    let line = line_starts.partition_point(|&s| s <= index).max(1);
    let start = line_starts.get(line - 1).copied().unwrap_or(0);
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(index - start.min(index) + 1).unwrap_or(u32::MAX),
    )
}

/// Split a JSON pointer fragment (`/a/b~1c`, percent-encoded or not) into unescaped segments.
pub fn split_pointer(fragment: &str) -> Vec<String> {
    let decoded = percent_decode(fragment);
    decoded
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Escape one segment for a JSON pointer.
pub fn escape_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = bytes.get(i + 1..i + 3)
            && let Ok(h) = std::str::from_utf8(h)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_with_positions() {
        let j =
            parse("{\n  \"a\": [1, \"x\", null, true],\n  \"b\": {\"c\": 2.5}\n}").expect("json");
        let a = j.get("a").expect("a");
        assert_eq!((a.line, a.column), (2, 8));
        assert_eq!(a.items()[0].value, Value::Number("1".into()));
        assert_eq!(a.items()[1].value, Value::Str("x".into()));
        assert_eq!(a.items()[2].value, Value::Null);
        let y = parse("a:\n  - 1\n  - '2'\nb: &x {c: d}\ne: *x\n").expect("yaml");
        assert_eq!(
            y.get("a").expect("a").items()[1].value,
            Value::Str("2".into())
        );
        assert_eq!(y.get("e").and_then(|e| e.str("c")), Some("d"));
        assert_eq!(
            y.pointer(&split_pointer("/b/c")).and_then(Node::as_str),
            Some("d")
        );
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("{\"a\": [1, 2}").expect_err("malformed");
        assert_eq!(e.line, 1);
        let e = parse("a: 1\nb: [\n").expect_err("unclosed");
        assert!(e.line >= 2, "{e:?}");
    }

    #[test]
    fn one_flow_collection_keeps_its_positions() {
        // Parsed with `--- ` inserted before the first bracket: positions are those of the text
        // as given, on the first line and after it, with leading blank lines and indentation.
        for (text, line, column) in [
            ("{\"a\": {\"b\": 1}}", 1, 7),
            ("\n\n  {\"a\":\n {\"b\": 1}}", 4, 2),
            ("[{\"a\": 1}, {\"b\": 2}]", 1, 12),
        ] {
            let root = parse(text).expect("json");
            assert_eq!(
                root.line,
                text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) as u32 + 1,
                "{text:?}"
            );
            let second = match &root.value {
                Value::Map(m) => &m[0].1,
                Value::Seq(s) => &s[1],
                _ => panic!("{text:?}"),
            };
            assert_eq!((second.line, second.column), (line, column), "{text:?}");
        }
        // Errors too: the unclosed array is reported where the text given has the `}`.
        let e = parse("  {\"a\": [1, 2}").expect_err("malformed");
        assert_eq!((e.line, e.column), (1, 14), "{e:?}");
        let e = parse("{\"a\": 1}\n{\"b\": 2}").expect_err("two documents");
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn yaml_merge_keys_merge() {
        let keys = |n: &Node| -> Vec<String> { n.entries().iter().map(|(k, _)| k.clone()).collect() };
        let y = parse(
            "a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\n\
             one: {<<: *a, y: 9, w: 0}\n\
             two: {w: 0, <<: [*b, *a]}\n\
             quoted: {'<<': *a}\n\
             scalar: {<<: 5}\n",
        )
        .expect("yaml");
        // The mapping's own keys win, then the first source with a key; merged keys stand
        // where the `<<` stood.
        let one = y.get("one").expect("one");
        assert_eq!(keys(one), ["x", "y", "w"]);
        assert_eq!(one.get("y").map(|v| &v.value), Some(&Value::Number("9".into())));
        let two = y.get("two").expect("two");
        assert_eq!(keys(two), ["w", "y", "z", "x"]);
        assert_eq!(two.get("y").map(|v| &v.value), Some(&Value::Number("3".into())));
        // A quoted `<<` (and every JSON key) is a key like any other; so is a `<<` whose value
        // is no mapping.
        assert_eq!(keys(y.get("quoted").expect("quoted")), ["<<"]);
        assert_eq!(keys(y.get("scalar").expect("scalar")), ["<<"]);
        let j = parse("{\"<<\": {\"x\": 1}}").expect("json");
        assert_eq!(keys(&j), ["<<"]);
    }

    #[test]
    fn pointer_escapes() {
        assert_eq!(
            split_pointer("/paths/~1pets~1{id}"),
            ["paths", "/pets/{id}"]
        );
        assert_eq!(split_pointer("/a%20b"), ["a b"]);
    }
}
