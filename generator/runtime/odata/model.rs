//! [`Model`]: reading and writing entity and complex types member by member, in the received order.

use super::{AdditionalData, EXTRA, Field, Member, MemberSeed, pack_order};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use ::serde::ser::SerializeMap;
use ::serde::{Deserializer, Serializer};
use ::serde_json::Value;

/// Implemented by generated structs (the generator writes the two match statements).
pub trait Model: Default {
    /// Wire names of the known members, index = field index (index 0 is "@odata.type").
    const FIELDS: &'static [&'static str];
    /// Deserialize the value of known member `index` from `map` into self.
    fn de_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Serialize known member `index` (wire name `key`, which is `FIELDS[index]`) if it is
    /// present (not Absent); return whether it was written.
    fn ser_field<M: SerializeMap>(
        &self,
        index: usize,
        key: &'static str,
        map: &mut M,
    ) -> Result<bool, M::Error>;
    /// Sets bit `i` of `present` (bit `i % 64` of word `i / 64`; the words arrive zeroed) for
    /// each known member `i` that is not [`Field::Absent`], so serialization visits only those. The default marks
    /// every member (each is then asked through `ser_field`); generated models mark exactly the
    /// present ones, one branch-free test per field.
    fn present(&self, present: &mut [u64]) {
        for (i, w) in present.iter_mut().enumerate() {
            let bits = Self::FIELDS.len().saturating_sub(i * 64);
            *w = if bits >= 64 {
                u64::MAX
            } else {
                (1u64 << bits) - 1
            };
        }
    }
    /// The unknown members and the member order.
    fn additional_data(&self) -> &AdditionalData;
    /// The unknown members and the member order, mutably.
    fn additional_data_mut(&mut self) -> &mut AdditionalData;
    /// Field index + 1 of each wire name at its [`field_hash`] (open addressing, linear
    /// probing, a power of two in size); 0 is an empty slot, `u32::MAX` a member compiled out by
    /// namespace features. A table rather than a generated `match`: less code per type to
    /// compile and to keep in cache.
    const FIELD_TABLE: &'static [u32];
    /// Map a wire key to a field index (a lookup in `FIELD_TABLE`).
    fn field_index(key: &str) -> Option<usize> {
        field_lookup(Self::FIELD_TABLE, Self::FIELDS, key)
    }
}

/// The index in `fields` of `key`, looked up in `table` (see [`Model::FIELD_TABLE`]).
#[doc(hidden)]
pub fn field_lookup(table: &[u32], fields: &[&str], key: &str) -> Option<usize> {
    let mask = table.len().checked_sub(1)?;
    // Truncation to the table's bits is the point.
    #[allow(clippy::cast_possible_truncation)]
    let mut h = field_hash(key) as usize & mask;
    for _ in 0..table.len() {
        match *table.get(h)? {
            0 => return None,
            u32::MAX => {}
            slot => {
                let i = usize::try_from(slot - 1).ok()?;
                if same_key(fields.get(i)?, key) {
                    return Some(i);
                }
            }
        }
        h = (h + 1) & mask;
    }
    None
}

/// `a == b` for the short strings of member names, without a call to `memcmp`: eight bytes at
/// a time, the last (overlapping) chunk covering the tail.
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let (mut x, mut y) = (a, b);
    while let (Some((p, rx)), Some((q, ry))) =
        (x.split_first_chunk::<8>(), y.split_first_chunk::<8>())
    {
        if p != q {
            return false;
        }
        x = rx;
        y = ry;
    }
    a.last_chunk::<8>() == b.last_chunk::<8>()
}

/// The hash of a wire name in [`Model::FIELD_TABLE`]: the first and last eight bytes and the
/// length, mixed by one folded 128-bit multiply (constant time: member names of one type differ
/// almost always in their ends or length, and a collision costs only a probe). The generator
/// compiles this module and builds the tables with this function.
#[doc(hidden)]
#[inline]
// Folding the product's two halves into 64 bits is the point.
#[allow(clippy::cast_possible_truncation)]
pub fn field_hash(key: &str) -> u64 {
    let b = key.as_bytes();
    let n = b.len() as u64;
    let (x, y) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => match (b.first_chunk::<4>(), b.last_chunk::<4>()) {
            (Some(head), Some(tail)) => (
                u64::from(u32::from_le_bytes(*head)),
                u64::from(u32::from_le_bytes(*tail)),
            ),
            _ => b
                .iter()
                .fold((0, 0), |(x, _), &c| ((x << 8) | u64::from(c), 0)),
        },
    };
    let m = u128::from(x ^ 0x243f_6a88_85a3_08d3)
        * u128::from(y ^ n.rotate_left(32) ^ 0x1319_8a2e_0370_7344);
    (m as u64) ^ ((m >> 64) as u64)
}

/// Marks field `index` in a [`Model::present`] bit set when `field` is not absent (for
/// generated `present`).
#[inline]
pub fn mark_present<T>(present: &mut [u64], index: usize, field: &Field<T>) {
    if let Some(w) = present.get_mut(index / 64) {
        *w |= u64::from(!field.is_absent()) << (index % 64);
    }
}

/// A small bit set over field indices (inline up to 512 fields).
enum Bits {
    /// The words and how many of them are used.
    Inline([u64; 8], usize),
    Heap(Vec<u64>),
}

impl Bits {
    #[inline]
    pub(crate) fn new(n: usize) -> Self {
        if n <= 512 {
            Bits::Inline([0; 8], n.div_ceil(64))
        } else {
            Bits::Heap(vec![0; n.div_ceil(64)])
        }
    }
    #[inline]
    fn words(&self) -> &[u64] {
        match self {
            Bits::Inline(w, n) => w.split_at((*n).min(w.len())).0,
            Bits::Heap(w) => w,
        }
    }
    #[inline]
    fn get(&self, i: usize) -> bool {
        self.words()
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
    #[inline]
    fn words_mut(&mut self) -> &mut [u64] {
        match self {
            Bits::Inline(w, n) => {
                let n = (*n).min(w.len());
                w.split_at_mut(n).0
            }
            Bits::Heap(w) => w,
        }
    }
    #[inline]
    fn set(&mut self, i: usize) {
        if let Some(w) = self.words_mut().get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }
    #[inline]
    fn clear(&mut self, i: usize) {
        if let Some(w) = self.words_mut().get_mut(i / 64) {
            *w &= !(1u64 << (i % 64));
        }
    }
    /// The set bits, in increasing order.
    #[inline]
    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words().iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            ::core::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(k * 64 + bit)
            })
        })
    }
}

/// The member order of an object that was read.
pub(crate) enum Order {
    /// The first `leading` unknown members, then the known members by field index, then the
    /// other unknown members: nothing to store beyond the count.
    Canonical { leading: usize },
    /// Field indices and [`EXTRA`] markers, each known member once (at its first position).
    Recorded(Vec<u32>),
    /// The same, packed (see [`AdditionalData::packed`]).
    Packed(u64),
}

/// Members recorded on the stack before spilling to the heap.
const INLINE_ORDER: usize = 32;

/// Records the wire order while an object is read: one store per member into a buffer on the
/// stack (spilling to the heap past [`INLINE_ORDER`] members); [`OrderRecorder::finish`] decides
/// at the end whether the order is canonical (nothing kept) or must be stored.
pub(crate) struct OrderRecorder {
    inline: [u32; INLINE_ORDER],
    len: usize,
    /// All the slots once there are more than `INLINE_ORDER`.
    spill: Vec<u32>,
}

impl OrderRecorder {
    #[inline]
    pub(crate) fn new() -> Self {
        OrderRecorder {
            inline: [0; INLINE_ORDER],
            len: 0,
            spill: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, slot: u32) {
        if self.spill.is_empty() {
            if let Some(s) = self.inline.get_mut(self.len) {
                *s = slot;
                self.len += 1;
                return;
            }
            self.spill.reserve(2 * INLINE_ORDER);
            self.spill.extend_from_slice(&self.inline);
        }
        self.spill.push(slot);
    }

    /// Known member `i` was read (a duplicate keeps its first position: see `finish`).
    #[inline]
    fn known(&mut self, i: usize) {
        // Field indices are below `Model::FIELDS.len()`; anything else cannot be written back
        // by index and is left out.
        if let Ok(slot) = u32::try_from(i)
            && slot != EXTRA
        {
            self.push(slot);
        }
    }

    /// An unknown member was read (a duplicate key keeps the position of the first).
    #[inline]
    pub(crate) fn unknown(&mut self, duplicate: bool) {
        if !duplicate {
            self.push(EXTRA);
        }
    }

    pub(crate) fn slots(&self) -> &[u32] {
        if self.spill.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.spill
        }
    }

    /// The order read, for a model with `fields` known members.
    pub(crate) fn finish(&self, fields: usize) -> Order {
        let slots = self.slots();
        let leading = slots.iter().take_while(|&&s| s == EXTRA).count();
        let mut last: Option<u32> = None;
        let mut trailing = false;
        let mut canonical = true;
        for &s in slots.get(leading..).unwrap_or(&[]) {
            if s == EXTRA {
                trailing = true;
            } else if trailing || last.is_some_and(|l| s <= l) || s as usize >= fields {
                canonical = false;
                break;
            } else {
                last = Some(s);
            }
        }
        if canonical {
            // Without known members every order of the unknown ones is the canonical one.
            let leading = if last.is_some() { leading } else { 0 };
            return Order::Canonical { leading };
        }
        // Each known member once, at its first position.
        let first = |seen: &mut Bits, s: u32| {
            if s == EXTRA {
                return true;
            }
            let i = s as usize;
            if i >= fields || seen.get(i) {
                return false;
            }
            seen.set(i);
            true
        };
        // Packed here, before any list is allocated (`set_order` packs a list that fits too,
        // for orders edited after reading); the list is built only when the order does not fit.
        let mut seen = Bits::new(fields);
        if let Some(packed) = pack_order(slots.iter().copied().filter(|&s| first(&mut seen, s))) {
            return Order::Packed(packed);
        }
        let mut seen = Bits::new(fields);
        Order::Recorded(
            slots
                .iter()
                .copied()
                .filter(|&s| first(&mut seen, s))
                .collect(),
        )
    }
}

pub(crate) enum Key {
    Known(usize),
    Unknown(String),
}

/// A model's [`Model::field_index`], as a plain function (the member loops below are shared by
/// all models: one copy per map type, not one per model type).
pub(crate) type Lookup = fn(&str) -> Option<usize>;

#[derive(Clone, Copy)]
pub(crate) struct KeySeed(pub(crate) Lookup);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match (self.0)(v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v.to_owned()),
        })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match (self.0)(&v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v),
        })
    }
}

/// The object-safe side of a [`Model`] being read from a map of type `A`.
pub(crate) trait ReadTarget<'de, A: MapAccess<'de>> {
    /// [`Model::de_field`] from the map.
    fn read_field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    /// [`Model::de_field`] from a value read already.
    fn read_value(&mut self, index: usize, value: Value) -> Result<(), ::serde_json::Error>;
    fn extra(&mut self) -> &mut AdditionalData;
}

impl<'de, A: MapAccess<'de>, T: Model> ReadTarget<'de, A> for T {
    fn read_field(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        self.de_field(index, map)
    }
    fn read_value(&mut self, index: usize, value: Value) -> Result<(), ::serde_json::Error> {
        self.de_field(index, &mut ReadValue(Some(value)))
    }
    fn extra(&mut self) -> &mut AdditionalData {
        self.additional_data_mut()
    }
}

/// Reads the remaining members of `map` into `model`. With `chosen` (a derived type being read
/// after its `@odata.type`), a later `@odata.type` must repeat it: by "the last value wins" a
/// different one would name another type than the one read, and the value would not read back
/// as itself.
// One out-of-line copy per map type is the point (see the CONTRACT).
#[inline(never)]
pub(crate) fn read_members<'de, A: MapAccess<'de>>(
    map: &mut A,
    model: &mut dyn ReadTarget<'de, A>,
    lookup: Lookup,
    rec: &mut OrderRecorder,
    chosen: Option<&Value>,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key_seed(KeySeed(lookup))? {
        if let (Some(chosen), Key::Known(0)) = (chosen, &key) {
            let again: Value = map.next_value()?;
            if again != *chosen {
                return Err(de::Error::custom(format_args!(
                    "conflicting \"@odata.type\" members: {again} after {chosen}"
                )));
            }
            read_odata_type(model, rec, again)?;
            continue;
        }
        read_member(model, rec, key, map)?;
    }
    Ok(())
}

pub(crate) fn short_type_name<T>() -> &'static str {
    let full = ::core::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

struct ModelVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object for {}", short_type_name::<T>())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut model = T::default();
        let mut rec = OrderRecorder::new();
        read_members(&mut map, &mut model, T::field_index, &mut rec, None)?;
        model
            .additional_data_mut()
            .set_order(rec.finish(T::FIELDS.len()));
        Ok(model)
    }
}

/// Reads the value of member `key` from `map` into `model`, recording the order.
pub(crate) fn read_member<'de, A: MapAccess<'de>>(
    model: &mut dyn ReadTarget<'de, A>,
    rec: &mut OrderRecorder,
    key: Key,
    map: &mut A,
) -> Result<(), A::Error> {
    match key {
        Key::Known(i) => {
            rec.known(i);
            model.read_field(i, map)
        }
        Key::Unknown(k) => {
            // The JSON text, not a `Value`: exact, and no parse tree to build and drop.
            let v = map.next_value_seed(MemberSeed)?;
            let duplicate = model.extra().put(k, v);
            rec.unknown(duplicate);
            Ok(())
        }
    }
}

/// A map access holding the value of one member that was read already (replayed into a model).
struct ReadValue(Option<Value>);

impl<'de> MapAccess<'de> for ReadValue {
    type Error = ::serde_json::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        _: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0.take() {
            Some(v) => seed.deserialize(v),
            None => Err(de::Error::custom("member value read twice")),
        }
    }
}

/// Sets `@odata.type` (field 0 of every model) from a value that was read already.
pub(crate) fn read_odata_type<'de, A: MapAccess<'de>>(
    model: &mut dyn ReadTarget<'de, A>,
    rec: &mut OrderRecorder,
    value: Value,
) -> Result<(), A::Error> {
    rec.known(0);
    model
        .read_value(0, value)
        .map_err(|e| de::Error::custom(format_args!("@odata.type: {e}")))
}

/// Sets member `key` of `model` from a value that was read already.
// One out-of-line copy per map type is the point (see the CONTRACT).
#[inline(never)]
pub(crate) fn replay_member<'de, A: MapAccess<'de>>(
    model: &mut dyn ReadTarget<'de, A>,
    lookup: Lookup,
    rec: &mut OrderRecorder,
    key: String,
    value: Value,
) -> Result<(), A::Error> {
    match lookup(&key) {
        Some(i) => {
            rec.known(i);
            model
                .read_value(i, value)
                .map_err(|e| de::Error::custom(format_args!("{key}: {e}")))
        }
        None => {
            let duplicate = model.extra().put(key, Member::from_value(value));
            rec.unknown(duplicate);
            Ok(())
        }
    }
}

/// Reads a JSON object into a [`Model`] without buffering it: known members go through
/// [`Model::de_field`], unknown members are kept in [`AdditionalData`], and the member order is
/// recorded. A member appearing twice: the last value wins, at the position of the first (for a
/// polymorphic value, an `@odata.type` conflicting with the derived type being read is an error:
/// see [`resume_model`](super::resume_model)).
pub fn deserialize_model<'de, D: Deserializer<'de>, T: Model>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ModelVisitor(PhantomData))
}

/// Writes a [`Model`] as a JSON object: the members in the recorded wire order, then present known
/// members not in that order (by field index), then unknown members added later.
pub fn serialize_model<S: Serializer, T: Model>(m: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    if T::FIELDS.len() <= 64 && m.additional_data().entries().is_empty() {
        write_known(&mut map, m)?;
    } else {
        write_members(&mut map, m, m.additional_data(), T::FIELDS, T::field_index)?;
    }
    map.end()
}

/// [`write_members`] for the common case of an object without unknown members of a type with at
/// most 64 members (one word of present bits), compiled for each model: no call through `dyn`
/// per member and no bit set to walk (a round trip of a small object is about a tenth faster).
#[inline]
fn write_known<M: SerializeMap, T: Model>(map: &mut M, m: &T) -> Result<(), M::Error> {
    let mut word = [0u64];
    m.present(&mut word);
    let [mut todo] = word;
    for slot in m.additional_data().order() {
        if let Ok(i) = usize::try_from(slot)
            && i < 64
            && let Some(key) = T::FIELDS.get(i)
            && todo & (1 << i) != 0
        {
            todo &= !(1 << i);
            m.ser_field(i, key, map)?;
        }
    }
    while todo != 0 {
        let i = todo.trailing_zeros() as usize;
        todo &= todo - 1;
        if let Some(key) = T::FIELDS.get(i) {
            m.ser_field(i, key, map)?;
        }
    }
    Ok(())
}

/// The object-safe side of a [`Model`] being written to a map of type `M`.
pub(crate) trait WriteSource<M: SerializeMap> {
    fn write_field(&self, index: usize, key: &'static str, map: &mut M) -> Result<bool, M::Error>;
    fn present(&self, present: &mut [u64]);
}

impl<M: SerializeMap, T: Model> WriteSource<M> for T {
    fn write_field(&self, index: usize, key: &'static str, map: &mut M) -> Result<bool, M::Error> {
        self.ser_field(index, key, map)
    }
    fn present(&self, present: &mut [u64]) {
        Model::present(self, present);
    }
}

/// The members of [`serialize_model`] (shared by all models: one copy per map type).
// One out-of-line copy per map type is the point (see the CONTRACT).
#[inline(never)]
fn write_members<M: SerializeMap>(
    map: &mut M,
    m: &dyn WriteSource<M>,
    data: &AdditionalData,
    fields: &'static [&'static str],
    lookup: Lookup,
) -> Result<(), M::Error> {
    let mut extras = data.entries().iter();
    // The known members that are not absent: only these are asked to write themselves (a type
    // of 100 members usually arrives with a handful).
    let mut todo = Bits::new(fields.len());
    m.present(todo.words_mut());
    if !data.has_order() {
        for (k, v) in extras.by_ref().take(data.leading()) {
            if lookup(k).is_none() {
                map.serialize_entry(k, v)?;
            }
        }
    } else {
        for slot in data.order() {
            if slot == EXTRA {
                if let Some((k, v)) = extras.next()
                    && lookup(k).is_none()
                {
                    map.serialize_entry(k, v)?;
                }
            } else if let Ok(i) = usize::try_from(slot)
                && let Some(key) = fields.get(i)
                && todo.get(i)
            {
                todo.clear(i);
                m.write_field(i, key, map)?;
            }
        }
    }
    for i in todo.ones() {
        if let Some(key) = fields.get(i) {
            m.write_field(i, key, map)?;
        }
    }
    for (k, v) in extras {
        if lookup(k).is_none() {
            map.serialize_entry(k, v)?;
        }
    }
    Ok(())
}
