//! The tri-state [`Field`]: a member absent, `null`, or a value.

/// The value of a property on the wire: absent (member not present), explicit `null`, or a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Field<T> {
    /// The member is not present in the JSON object (it is not written either).
    #[default]
    Absent,
    /// The member is present with the value `null`.
    Null,
    /// The member is present with a value.
    Value(T),
}

impl<T> Field<T> {
    /// Whether the member is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the member is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// Whether the member is present (`null` or a value).
    pub fn is_present(&self) -> bool {
        !self.is_absent()
    }

    /// Whether the member holds a (non-null) value.
    pub fn is_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }

    /// The value, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => None,
        }
    }

    /// The value, mutably, if any.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => None,
        }
    }

    /// Converts into the value, if any.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => None,
        }
    }

    /// Borrows the value: `Field<T>` to `Field<&T>`.
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }

    /// Borrows the value mutably: `Field<T>` to `Field<&mut T>`.
    pub fn as_mut(&mut self) -> Field<&mut T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }

    /// Maps the value, keeping `Absent` and `Null`.
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(f(v)),
        }
    }

    /// Borrows the value through `Deref`: `Field<String>` to `Field<&str>`.
    pub fn as_deref(&self) -> Field<&T::Target>
    where
        T: ::core::ops::Deref,
    {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(&**v),
        }
    }

    /// Takes the field out, leaving `Absent`.
    pub fn take(&mut self) -> Field<T> {
        ::core::mem::take(self)
    }
}

impl<T> From<T> for Field<T> {
    fn from(v: T) -> Self {
        Field::Value(v)
    }
}

impl From<&str> for Field<::std::string::String> {
    fn from(v: &str) -> Self {
        Field::Value(v.to_owned())
    }
}

impl<T> From<Option<T>> for Field<T> {
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Field::Value(v),
            None => Field::Null,
        }
    }
}
