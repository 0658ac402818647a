//! Vocabulary annotations: every annotation is kept as data (term, qualifier, value); accessors
//! interpret the well-known terms of the Core and Capabilities vocabularies.

/// Full namespaces of the standard vocabularies (aliases are resolved by the front end).
pub const CORE: &str = "Org.OData.Core.V1";
/// Capabilities vocabulary namespace.
pub const CAPABILITIES: &str = "Org.OData.Capabilities.V1";
/// SAP's Common vocabulary namespace (`Common.Label`, `Common.QuickInfo`: also what SAP's OData
/// V2 attributes `sap:label` and `sap:quickinfo` mean).
pub const SAP_COMMON: &str = "com.sap.vocabularies.Common.v1";

/// One annotation.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// Namespace-qualified term, e.g. `Org.OData.Core.V1.Description`.
    pub term: String,
    /// `Qualifier`, if any.
    pub qualifier: Option<String>,
    /// Its value.
    pub value: AnnValue,
}

/// An annotation value (constant and dynamic expressions, kept structurally).
#[derive(Clone, Debug, PartialEq)]
pub enum AnnValue {
    /// No value given (e.g. a bare `<Annotation Term="Core.Computed"/>`, which means true).
    Default,
    /// `Bool`.
    Bool(bool),
    /// `String`.
    String(String),
    /// `Int`, verbatim.
    Int(String),
    /// `Float`/`Decimal`/dates and other constants, verbatim, with the expression name.
    Other(String, String),
    /// `EnumMember`, verbatim (e.g. `Core.Permission/Read`). CSDL JSON writes enumeration
    /// members as strings (`"Read"`), which arrive as [`AnnValue::String`]: read them with
    /// [`AnnValue::as_enum_member`].
    EnumMember(String),
    /// `Path`, `PropertyPath`, `NavigationPropertyPath`, `AnnotationPath`. CSDL JSON writes a
    /// path as a plain string where the term's type says it is one: read paths with
    /// [`AnnValue::as_path`].
    Path(String),
    /// `Record`: property values in order.
    Record(Vec<(String, AnnValue)>),
    /// `Collection`.
    Collection(Vec<AnnValue>),
    /// `Null`.
    Null,
}

impl AnnValue {
    /// A boolean (a missing value means true, as the vocabulary defaults say).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            AnnValue::Bool(b) => Some(*b),
            AnnValue::Default => Some(true),
            _ => None,
        }
    }

    /// An enumeration member (`EnumMember`, or a string as CSDL JSON writes one).
    pub fn as_enum_member(&self) -> Option<&str> {
        match self {
            AnnValue::EnumMember(s) | AnnValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// A path (`Path` and its kin, or a string as CSDL JSON writes one where the term's type is
    /// a path).
    pub fn as_path(&self) -> Option<&str> {
        match self {
            AnnValue::Path(s) | AnnValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// A string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AnnValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// A record's property.
    pub fn field(&self, name: &str) -> Option<&AnnValue> {
        match self {
            AnnValue::Record(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// The annotations of one model element.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotations(pub Vec<Annotation>);

/// A deprecation (Core.Revisions with Kind Deprecated, or the Graph-style annotations).
#[derive(Clone, Debug, PartialEq)]
pub struct Deprecation {
    /// Human description.
    pub note: String,
    /// Version or date, if given.
    pub since: Option<String>,
}

/// Permissions from `Core.Permissions` (or the Graph-style `*Restrictions/Permissions`).
impl Annotations {
    /// The value of `term` (no qualifier preferred).
    pub fn get(&self, term: &str) -> Option<&AnnValue> {
        self.0
            .iter()
            .filter(|a| a.term == term)
            .min_by_key(|a| a.qualifier.is_some())
            .map(|a| &a.value)
    }

    fn core(&self, name: &str) -> Option<&AnnValue> {
        self.get(&format!("{CORE}.{name}"))
    }

    fn capability(&self, name: &str) -> Option<&AnnValue> {
        self.get(&format!("{CAPABILITIES}.{name}"))
    }

    /// `Core.Description` (or the OData V3 vocabulary's `Org.OData.Display.V1.Description`).
    pub fn description(&self) -> Option<&str> {
        self.core("Description")
            .or_else(|| self.get("Org.OData.Display.V1.Description"))
            .and_then(AnnValue::as_str)
    }

    /// `Core.LongDescription`.
    pub fn long_description(&self) -> Option<&str> {
        self.core("LongDescription").and_then(AnnValue::as_str)
    }

    /// SAP's `Common.Label` (a short label for the element).
    pub fn label(&self) -> Option<&str> {
        self.get(&format!("{SAP_COMMON}.Label"))
            .and_then(AnnValue::as_str)
    }

    /// SAP's `Common.QuickInfo` (a one-line explanation).
    pub fn quick_info(&self) -> Option<&str> {
        self.get(&format!("{SAP_COMMON}.QuickInfo"))
            .and_then(AnnValue::as_str)
    }

    /// Deprecation from `Core.Revisions` (Kind = Deprecated).
    pub fn deprecation(&self) -> Option<Deprecation> {
        let AnnValue::Collection(revs) = self.core("Revisions")? else {
            return None;
        };
        revs.iter().find_map(|r| {
            let kind = r.field("Kind")?.as_enum_member()?;
            if !kind.ends_with("Deprecated") {
                return None;
            }
            // `Date` is a date constant (kept as `Other`), the rest are strings.
            let text = |f: &str| match r.field(f)? {
                AnnValue::String(s) | AnnValue::Other(_, s) => Some(s.clone()),
                _ => None,
            };
            Some(Deprecation {
                note: text("Description").unwrap_or_else(|| "deprecated".into()),
                since: text("Version").or_else(|| text("Date")),
            })
        })
    }

    /// `Core.Permissions` (enum members such as `Core.Permission/Read`).
    pub fn permissions(&self) -> Option<&str> {
        self.core("Permissions")?.as_enum_member()
    }

    /// `Core.OptionalParameter`: `Some(default value, if it states one)` when the operation
    /// parameter may be omitted.
    pub fn optional_parameter(&self) -> Option<Option<String>> {
        let v = self.core("OptionalParameter")?;
        Some(match v.field("DefaultValue") {
            Some(AnnValue::String(s) | AnnValue::Other(_, s) | AnnValue::Int(s)) => Some(s.clone()),
            _ => None,
        })
    }

    /// A boolean capability term (`TopSupported`, `SkipSupported`, ...) or a boolean property of a
    /// capability record (`FilterRestrictions/Filterable`). `None` when not annotated.
    pub fn capability_bool(&self, term: &str, property: Option<&str>) -> Option<bool> {
        let v = self.capability(term)?;
        match property {
            None => v.as_bool(),
            Some(p) => v.field(p).and_then(AnnValue::as_bool),
        }
    }

    /// Add an annotation; a later one with the same term and qualifier replaces an earlier one
    /// (targeted `<Annotations>` override inline ones).
    pub fn push(&mut self, a: Annotation) {
        if let Some(old) = self
            .0
            .iter_mut()
            .find(|o| o.term == a.term && o.qualifier == a.qualifier)
        {
            *old = a;
        } else {
            self.0.push(a);
        }
    }
}
