//! [`AdditionalData`]: the members the metadata does not describe, and the wire order of all members.

use super::Order;
use ::core::fmt;
use ::serde::{Serialize, Serializer};
use ::serde_json::Value;
use ::serde_json::value::RawValue;
use ::std::sync::OnceLock;

/// Marker in the recorded order for "the next unknown member".
pub(crate) const EXTRA: u32 = u32::MAX;

/// Above this many unknown members, lookups go through a hash index instead of a linear scan.
const INDEX_FROM: usize = 16;

/// The unknown members of an object, in order, and the wire order of all its members.
///
/// Two words: nothing is allocated until an object has an unknown member or a member order of
/// more than 8 members that is not canonical (structs nest many of these, and their size is
/// moved and initialised with every value). The members are kept in a vector (no hashing for the
/// usual handful of annotations; a hash index is added for large objects). The order is a list
/// of known field indices and "next unknown member" markers, packed into the second word when
/// short; it is empty when the received order was canonical: the first `leading` unknown members
/// (annotations such as `@odata.context`, which services write first), then known members by
/// field index, then the other unknown members. Equality compares the unknown members only (not
/// their order).
#[derive(Clone, Default)]
pub struct AdditionalData {
    inner: Option<Box<Extra>>,
    /// A recorded order of at most [`PACKED`] members with field indices below 254, packed in
    /// place (most objects that need an order; no allocation): byte k is slot k (field index + 1,
    /// or 0xFF for the next unknown member), a 0 byte ends it. 0 = no order here.
    packed: u64,
}

/// Slots of a member order packed into [`AdditionalData::packed`].
const PACKED: usize = 8;

/// Packs `slots` (field indices and [`EXTRA`] markers) into a `u64` when they fit.
pub(crate) fn pack_order(slots: impl IntoIterator<Item = u32>) -> Option<u64> {
    let mut packed = 0u64;
    for (n, slot) in slots.into_iter().enumerate() {
        let byte = match slot {
            EXTRA => 0xFF,
            i if i < 0xFE => u64::from(i) + 1,
            _ => return None,
        };
        if n >= PACKED {
            return None;
        }
        packed |= byte << (8 * n);
    }
    Some(packed)
}

/// The slots of a recorded member order.
#[derive(Clone)]
pub(crate) enum Slots<'a> {
    Packed(u64),
    Heap(::core::slice::Iter<'a, u32>),
}

impl Iterator for Slots<'_> {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            Slots::Packed(p) => {
                let byte = *p & 0xFF;
                *p >>= 8;
                match byte {
                    0 => None,
                    0xFF => Some(EXTRA),
                    // One byte.
                    #[allow(clippy::cast_possible_truncation)]
                    b => Some(b as u32 - 1),
                }
            }
            Slots::Heap(it) => it.next().copied(),
        }
    }
}

/// The value of an unknown member: its JSON text as received (compacted), parsed into a
/// `serde_json::Value` only when it is asked for; or a `Value` the program set. Writing the text
/// back keeps what a `Value` would change (`1.50`, `1E+2`, integers beyond 64 bits, `\u00e9`),
/// and reading it costs one allocation instead of a parse tree.
#[derive(Clone)]
pub(crate) struct Member {
    /// The JSON text: valid and compact (serde_json checked it when it was read).
    raw: Option<Box<RawValue>>,
    /// The parsed value; `None` inside when the text holds what a `Value` cannot: a number
    /// beyond `f64`, such as `1e400`.
    value: OnceLock<Option<Value>>,
}

impl Member {
    /// A member read as JSON text, checked as a `Value` would be: nesting within serde_json's
    /// limit (counting the object holding it) and strings that decode (a lone surrogate such as
    /// `"\ud800"` is refused). Whitespace outside strings is removed.
    pub(crate) fn read<E: ::serde::de::Error>(raw: Box<RawValue>) -> Result<Self, E> {
        let (raw, unicode_escapes) = if matches!(raw.get().as_bytes().first(), Some(b'{' | b'[')) {
            let scan = scan(raw.get());
            if scan.deepest > MAX_DEPTH {
                return Err(E::custom("recursion limit exceeded"));
            }
            let compact = scan.compact.and_then(|t| RawValue::from_string(t).ok());
            (compact.unwrap_or(raw), scan.unicode_escapes)
        } else {
            let escapes = raw.get().contains("\\u");
            (raw, escapes)
        };
        // serde_json checked the escapes' syntax, not that `\u` escapes pair their surrogates.
        if unicode_escapes && !surrogates_paired(raw.get().as_bytes()) {
            return Err(E::custom("lone surrogate in a \\u escape"));
        }
        Ok(Member {
            raw: Some(raw),
            value: OnceLock::new(),
        })
    }

    /// A member holding `value`.
    pub(crate) fn from_value(value: Value) -> Self {
        Member {
            raw: None,
            value: OnceLock::from(Some(value)),
        }
    }

    fn value(&self) -> Option<&Value> {
        match &self.raw {
            Some(raw) => self
                .value
                .get_or_init(|| ::serde_json::from_str(raw.get()).ok())
                .as_ref(),
            None => self.value.get().and_then(Option::as_ref),
        }
    }

    /// The value, mutably: from then on the member is written from the value.
    fn value_mut(&mut self) -> Option<&mut Value> {
        self.value()?;
        self.raw = None;
        self.value.get_mut().and_then(Option::as_mut)
    }

    fn into_value(mut self) -> Option<Value> {
        self.value()?;
        self.value.take().flatten()
    }
}

/// Reads a [`Member`] from a map's value, so that an error names the member's path.
pub(crate) struct MemberSeed;

impl<'de> ::serde::de::DeserializeSeed<'de> for MemberSeed {
    type Value = Member;
    fn deserialize<D: ::serde::Deserializer<'de>>(self, d: D) -> Result<Member, D::Error> {
        Member::read(<Box<RawValue> as ::serde::Deserialize>::deserialize(d)?)
    }
}

impl PartialEq for Member {
    fn eq(&self, other: &Self) -> bool {
        match (self.value(), other.value()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => {
                self.raw.as_deref().map(RawValue::get) == other.raw.as_deref().map(RawValue::get)
            }
            _ => false,
        }
    }
}

impl Serialize for Member {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.raw, self.value.get()) {
            (Some(raw), _) => raw.serialize(s),
            (None, Some(Some(value))) => value.serialize(s),
            (None, _) => s.serialize_none(),
        }
    }
}

/// Whether every `\u` escape of a high surrogate in `text` (valid JSON) is followed at once by
/// one of a low surrogate, and no low surrogate stands alone: what decoding the strings needs
/// beyond the syntax serde_json checked when it read the text.
fn surrogates_paired(text: &[u8]) -> bool {
    let hex = |at: usize| -> Option<u32> {
        let digits = ::core::str::from_utf8(text.get(at..at + 4)?).ok()?;
        u32::from_str_radix(digits, 16).ok()
    };
    let (mut in_string, mut high) = (false, false);
    let mut i = 0;
    while let Some(&c) = text.get(i) {
        i += 1;
        if !in_string {
            in_string = c == b'"';
            continue;
        }
        match c {
            b'\\' if text.get(i) == Some(&b'u') => {
                let Some(unit) = hex(i + 1) else {
                    return false;
                };
                i += 5;
                match (high, unit) {
                    (false, 0xD800..=0xDBFF) => high = true,
                    (true, 0xDC00..=0xDFFF) => high = false,
                    (_, 0xD800..=0xDFFF) | (true, _) => return false,
                    (false, _) => {}
                }
                continue;
            }
            _ if high => return false,
            b'\\' => i += 1,
            b'"' => in_string = false,
            _ => {}
        }
    }
    !high
}

/// Nesting allowed inside an unknown member: serde_json's limit (128) less the object holding it.
const MAX_DEPTH: usize = 127;

/// What one pass over the text of an object or array found.
struct Scan {
    /// The deepest nesting of objects and arrays.
    deepest: usize,
    /// The text without the whitespace outside its strings (`None`: there was none), as it
    /// appears pretty-printed inside an indented document.
    compact: Option<String>,
    /// Whether a string holds a `\u` escape (only then are surrogates checked).
    unicode_escapes: bool,
}

/// One pass over `text` (valid JSON, as serde_json read it): strings are skipped to their
/// closing quote, and the text between runs of whitespace is copied by slices (only ASCII
/// whitespace between tokens is removed, so each slice boundary is a character boundary and
/// the copy stays valid JSON).
fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let mut compact: Option<String> = None;
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut unicode_escapes = false;
    // `i`: the byte looked at; `kept`: where the text not yet copied begins. Each slice starts
    // and ends at an ASCII byte, so it is a `str`; should one not be, the text is kept as read.
    let (mut i, mut kept, mut sliced) = (0, 0, true);
    while let Some(&c) = b.get(i) {
        i += 1;
        match c {
            b'"' => {
                while let Some(&c) = b.get(i) {
                    i += 1;
                    if c == b'"' {
                        break;
                    }
                    if c == b'\\' {
                        unicode_escapes |= b.get(i) == Some(&b'u');
                        i += 1;
                    }
                }
            }
            b' ' | b'\n' | b'\r' | b'\t' => {
                let out = compact.get_or_insert_with(|| String::with_capacity(b.len()));
                match text.get(kept..i - 1) {
                    Some(run) => out.push_str(run),
                    None => sliced = false,
                }
                while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                    i += 1;
                }
                kept = i;
            }
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(out) = &mut compact {
        match text.get(kept..) {
            Some(run) => out.push_str(run),
            None => sliced = false,
        }
    }
    Scan {
        deepest,
        compact: compact.filter(|_| sliced),
        unicode_escapes,
    }
}

#[derive(Clone, Default)]
struct Extra {
    entries: Vec<(String, Member)>,
    /// Key -> position in `entries`; present exactly when there are more than `INDEX_FROM` entries.
    index: Option<::std::collections::HashMap<String, usize>>,
    order: Vec<u32>,
    /// With an empty `order`: how many of `entries` come before the known members.
    leading: usize,
}

impl Extra {
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    fn rebuild_index(&mut self) {
        self.index = if self.entries.len() > INDEX_FROM {
            Some(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i))
                    .collect(),
            )
        } else {
            None
        };
    }
}

impl AdditionalData {
    /// A new, empty value.
    pub fn new() -> Self {
        Self::default()
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.inner.get_or_insert_with(Box::default)
    }

    pub(crate) fn entries(&self) -> &[(String, Member)] {
        self.inner.as_deref().map_or(&[], |e| e.entries.as_slice())
    }

    /// The recorded order (nothing when it is canonical).
    pub(crate) fn order(&self) -> Slots<'_> {
        if self.packed != 0 {
            return Slots::Packed(self.packed);
        }
        Slots::Heap(
            self.inner
                .as_deref()
                .map_or(&[][..], |e| e.order.as_slice())
                .iter(),
        )
    }

    pub(crate) fn has_order(&self) -> bool {
        self.packed != 0 || self.inner.as_deref().is_some_and(|e| !e.order.is_empty())
    }

    /// With a canonical order: how many unknown members come before the known members.
    pub(crate) fn leading(&self) -> usize {
        self.inner.as_deref().map_or(0, |e| e.leading)
    }

    /// Records the wire order (a canonical order allocates nothing).
    pub(crate) fn set_order(&mut self, order: Order) {
        self.packed = 0;
        let order = match order {
            Order::Recorded(slots) => match pack_order(slots.iter().copied()) {
                Some(packed) => Order::Packed(packed),
                None => Order::Recorded(slots),
            },
            order => order,
        };
        match order {
            Order::Packed(packed) if packed != 0 => {
                self.packed = packed;
                if let Some(e) = self.inner.as_deref_mut() {
                    e.order = Vec::new();
                    e.leading = 0;
                }
            }
            Order::Recorded(order) if !order.is_empty() => {
                let extra = self.extra_mut();
                extra.order = order;
                extra.leading = 0;
            }
            Order::Canonical { leading } if leading > 0 => {
                let extra = self.extra_mut();
                extra.order = Vec::new();
                extra.leading = leading;
            }
            _ => {
                if let Some(e) = self.inner.as_deref_mut() {
                    e.order = Vec::new();
                    e.leading = 0;
                }
            }
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.inner.as_deref()?.position(key)
    }

    /// Replaces the value in place or appends the member; returns whether the key was present.
    pub(crate) fn put(&mut self, key: String, value: Member) -> bool {
        let extra = self.extra_mut();
        if let Some(i) = extra.position(&key) {
            if let Some(entry) = extra.entries.get_mut(i) {
                entry.1 = value;
            }
            return true;
        }
        if let Some(index) = &mut extra.index {
            index.insert(key.clone(), extra.entries.len());
        }
        extra.entries.push((key, value));
        if extra.index.is_none() && extra.entries.len() > INDEX_FROM {
            extra.rebuild_index();
        }
        false
    }

    fn member(&self, key: &str) -> Option<&Member> {
        let i = self.position(key)?;
        self.entries().get(i).map(|(_, v)| v)
    }

    /// The unknown member `key` (parsed from its JSON text on first access). `None` also for a
    /// value that `serde_json::Value` cannot hold, such as the number `1e400`: it is kept and
    /// written back, and [`get_json`](Self::get_json) gives its text.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.member(key)?.value()
    }

    /// The JSON text of unknown member `key` as it was read (compacted), e.g. `12.50`; `None`
    /// for a member set or changed through [`insert`](Self::insert) or
    /// [`get_mut`](Self::get_mut).
    pub fn get_json(&self, key: &str) -> Option<&str> {
        self.member(key)?.raw.as_deref().map(RawValue::get)
    }

    /// The entity's ETag, for `Query::if_match` (request code): the
    /// `@odata.etag` annotation (OData V4), else the `etag` of the `__metadata` member (V1–V3).
    pub fn etag(&self) -> Option<&str> {
        match self.get("@odata.etag") {
            Some(Value::String(s)) => Some(s),
            _ => self.get("__metadata")?.get("etag")?.as_str(),
        }
    }

    /// The unknown member `key`, mutably (it is then written from this value, no longer from
    /// the text it was read from).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        let extra = self.inner.as_deref_mut()?;
        let i = extra.position(key)?;
        extra.entries.get_mut(i)?.1.value_mut()
    }

    /// Whether there is an unknown member `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets an unknown member: replaces the value in place, or appends the member (written after
    /// the members that were received). Keys naming a known member of the type are not written
    /// (set the typed field instead).
    pub fn insert(&mut self, key: String, value: Value) {
        self.put(key, Member::from_value(value));
    }

    /// Removes an unknown member, keeping the order of the others; returns its value (`None`
    /// also for a value beyond `serde_json::Value`: see [`get`](Self::get)).
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self.position(key)?;
        if pos >= self.len() {
            return None;
        }
        if self.has_order() {
            // Drop the marker of this member from the recorded order, if it has one.
            let mut order: Vec<u32> = self.order().collect();
            let at = order
                .iter()
                .enumerate()
                .filter(|(_, slot)| **slot == EXTRA)
                .nth(pos)
                .map(|(k, _)| k);
            if let Some(k) = at {
                order.remove(k);
            }
            self.set_order(Order::Recorded(order));
        }
        let extra = self.inner.as_deref_mut()?;
        if pos < extra.leading {
            extra.leading -= 1;
        }
        let (_, value) = extra.entries.remove(pos);
        if extra.index.is_some() {
            extra.rebuild_index();
        }
        value.into_value()
    }

    /// The unknown members, in order (without the values `serde_json::Value` cannot hold: see
    /// [`get`](Self::get)).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.value()?)))
    }

    /// The number of unknown members.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether there are no unknown members.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Forgets the recorded member order (serialization then writes known members by field index,
    /// then unknown members).
    pub fn clear_order(&mut self) {
        self.set_order(Order::Canonical { leading: 0 });
    }

    /// Whether a member order other than "known members by field index, then unknown members"
    /// was recorded.
    pub fn has_recorded_order(&self) -> bool {
        self.has_order() || self.leading() > 0
    }
}

impl PartialEq for AdditionalData {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .entries()
                .iter()
                .all(|(k, v)| other.member(k) == Some(v))
    }
}

impl fmt::Debug for AdditionalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
