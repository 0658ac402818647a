//! Open enums (unknown members kept) and flags.

use super::Wire;
use ::core::fmt;
use ::core::marker::PhantomData;
use ::core::str::FromStr;
use ::serde::de::{self, Visitor};
use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An enum whose unknown members are kept (generated enums have a catch-all variant).
pub trait OpenEnum: Sized {
    /// The member for a wire name (unknown names give the catch-all variant).
    fn from_wire(s: &str) -> Self;
    /// The wire name of the member.
    fn as_wire(&self) -> &str;
}

struct EnumVisitor<E>(PhantomData<fn() -> E>);

impl<E: OpenEnum> Visitor<'_> for EnumVisitor<E> {
    type Value = E;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string for enum")
    }
    fn visit_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(E::from_wire(v))
    }
}

/// Reads an open enum member from a JSON string (any string is accepted and kept).
pub fn deserialize_enum<'de, D: Deserializer<'de>, E: OpenEnum>(d: D) -> Result<E, D::Error> {
    d.deserialize_str(EnumVisitor(PhantomData))
}

/// Writes an open enum member as a JSON string.
pub fn serialize_enum<S: Serializer, E: OpenEnum>(e: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_wire())
}

/// A flags enum value: comma-separated members (`"a,b"`). The received text is written back
/// exactly while the members are not modified.
pub struct Flags<E> {
    items: Vec<E>,
    /// The received text, kept only when it differs from the canonical `a,b` form.
    text: Option<String>,
}

impl<E> Flags<E> {
    /// No members.
    pub fn new() -> Self {
        Flags {
            items: Vec::new(),
            text: None,
        }
    }

    /// The members.
    pub fn items(&self) -> &[E] {
        &self.items
    }

    /// The members, mutably (the received text is then no longer used).
    pub fn items_mut(&mut self) -> &mut Vec<E> {
        self.text = None;
        &mut self.items
    }

    /// Converts into the members.
    pub fn into_items(self) -> Vec<E> {
        self.items
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

impl<E: OpenEnum> Flags<E> {
    /// Whether a member with this wire name is set.
    pub fn contains_wire(&self, name: &str) -> bool {
        self.items.iter().any(|e| e.as_wire() == name)
    }

    fn parse_text(s: &str) -> Self {
        let items: Vec<E> = s
            .split(',')
            .map(|p| p.trim_matches(' '))
            .filter(|p| !p.is_empty())
            .map(E::from_wire)
            .collect();
        let mut flags = Flags { items, text: None };
        if !flags.is_canonical(s) {
            flags.text = Some(s.to_owned());
        }
        flags
    }

    /// Whether `s` is exactly the members joined by `,`.
    fn is_canonical(&self, s: &str) -> bool {
        let mut rest = s;
        for (k, e) in self.items.iter().enumerate() {
            if k > 0 {
                match rest.strip_prefix(',') {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            match rest.strip_prefix(e.as_wire()) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

impl<E> Default for Flags<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Clone> Clone for Flags<E> {
    fn clone(&self) -> Self {
        Flags {
            items: self.items.clone(),
            text: self.text.clone(),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Flags").field(&self.items).finish()
    }
}

/// Compares the members (not the received text).
impl<E: PartialEq> PartialEq for Flags<E> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<E: Eq> Eq for Flags<E> {}

impl<E: ::core::hash::Hash> ::core::hash::Hash for Flags<E> {
    fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
        self.items.hash(state);
    }
}

impl<E> From<Vec<E>> for Flags<E> {
    fn from(items: Vec<E>) -> Self {
        Flags { items, text: None }
    }
}

impl<E: OpenEnum> fmt::Display for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.text {
            return f.write_str(t);
        }
        for (k, e) in self.items.iter().enumerate() {
            if k > 0 {
                f.write_str(",")?;
            }
            f.write_str(e.as_wire())?;
        }
        Ok(())
    }
}

impl<E: OpenEnum> FromStr for Flags<E> {
    type Err = ::core::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse_text(s))
    }
}

struct FlagsVisitor<E>(PhantomData<fn() -> E>);

impl<E: OpenEnum> Visitor<'_> for FlagsVisitor<E> {
    type Value = Flags<E>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string of comma-separated flags")
    }
    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Flags<E>, Er> {
        Ok(Flags::parse_text(v))
    }
}

impl<E: OpenEnum> Wire for Flags<E> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FlagsVisitor(PhantomData))
    }
    fn serialize_wire<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(t) => s.serialize_str(t),
            None => s.collect_str(self),
        }
    }
}

impl<E: OpenEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_wire(s)
    }
}

impl<'de, E: OpenEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize_wire(d)
    }
}
