//! The resolved model (IR): what every front end produces and all later stages consume.
//!
//! Types are stored in one arena and referred to by [`TypeId`], assigned before any property is
//! resolved, so recursive and mutually recursive types need no special handling here (the emitter's
//! cycle pass decides where to box). Nothing in this module knows which input format it came from:
//! source positions are plain [`Span`]s into the files listed in [`Model::sources`].

pub mod annotations;
pub mod capabilities;
pub mod facts;
pub mod http;
pub mod path;
pub mod select;

pub use annotations::{AnnValue, Annotation, Annotations};

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The deepest inheritance chain accepted (base types above a type). Real services use fewer than
/// ten levels; the bound keeps flattened structs and polymorphic enums (whose size grows with the
/// depth) from making the output quadratic in the input.
pub const MAX_INHERITANCE_DEPTH: usize = 100;

/// A position in an input file: 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Index into [`Model::sources`].
    pub file: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

/// Index of a type in [`Model::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

impl TypeId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The whole resolved model.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Input files, in the order they were read (the first is the main input).
    pub sources: Vec<PathBuf>,
    /// Files looked for and not found (a referenced document's candidate names in each folder
    /// searched): one appearing later changes the model, so a build step watches for them.
    pub absent: Vec<PathBuf>,
    /// Schemas (namespaces) in document order.
    pub schemas: Vec<Schema>,
    /// All named types, in document order.
    pub types: Vec<TypeDef>,
    /// Functions and actions, in document order.
    pub operations: Vec<Operation>,
    /// The entity container, if any.
    pub container: Option<Container>,
    /// Qualified name (namespace-qualified, never alias-qualified) → type.
    pub by_name: BTreeMap<String, TypeId>,
    /// `<Annotations>` whose target is not a type, member or container element (kept as data).
    pub other_annotations: Vec<(String, Vec<Annotation>)>,
    /// HTTP operations as the input states them (OpenAPI paths; empty for CSDL).
    pub http: Vec<http::HttpOperation>,
    /// The service root the input names (OpenAPI: the first server with an absolute URL, its
    /// variables at their defaults); the generated `requests::BASE_URL` when none is configured.
    pub service_root: Option<String>,
    /// Example values the input gives for its types and bodies (OpenAPI `example`/`examples`),
    /// for `odatagen examples` to check; not used by code generation.
    pub examples: Vec<ModelExample>,
    /// The OData protocol version of the service, which fixes its JSON format.
    pub protocol: Protocol,
}

/// The OData protocol version of a service, as far as its payloads differ.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Protocol {
    /// OData V4 (and the plain JSON of OpenAPI services): what the models read by default.
    #[default]
    V4,
    /// OData V1–V3 (EDMX 1.0, `DataServiceVersion` as stated, e.g. `"2.0"`): collections may be
    /// wrapped in `{"results": [...]}` objects or deferred (`{"__deferred": {...}}`), Int64 and
    /// Double may be strings, date-times are `/Date(ms)/` or ISO text without an offset.
    Legacy(String),
}

impl Protocol {
    /// Whether this is OData V1–V3.
    pub fn is_legacy(&self) -> bool {
        matches!(self, Protocol::Legacy(_))
    }
}

/// An example value stated in the input, with the type it illustrates.
#[derive(Clone, Debug)]
pub struct ModelExample {
    /// Where the value starts.
    pub span: Span,
    /// The type the value should have.
    pub ty: TypeRef,
    /// A collection is the array of a `value` member (as OData responses wrap them), not the
    /// value itself.
    pub value_wrapped: bool,
    /// The value as compact JSON.
    pub json: String,
}

/// A schema: one namespace.
#[derive(Clone, Debug)]
pub struct Schema {
    /// Namespace, e.g. `microsoft.graph`.
    pub namespace: String,
    /// Alias, e.g. `graph`.
    pub alias: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// A named type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Namespace of the schema declaring it.
    pub namespace: String,
    /// Simple name as written in the metadata.
    pub name: String,
    /// What kind of type.
    pub kind: TypeKind,
    /// Vocabulary annotations (inline and targeted).
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

impl TypeDef {
    /// `namespace.name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }

    /// The structured part of entity and complex types.
    pub fn as_struct(&self) -> Option<&StructType> {
        match &self.kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            _ => None,
        }
    }
}

/// The kinds of named types.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// An entity type (has a key, lives in entity sets).
    Entity(StructType),
    /// A complex (structured, keyless) type.
    Complex(StructType),
    /// An enumeration.
    Enum(EnumType),
    /// A named alias of a primitive type.
    Definition(TypeDefinition),
    /// One of several alternative types (OpenAPI `oneOf`/`anyOf`; CSDL has no unions).
    Union(UnionType),
    /// A JSON object used as a map from member names to values of one type (OpenAPI
    /// `additionalProperties` without `properties`; CSDL has no maps).
    Map(MapType),
    /// A JSON array as a type of its own: the inner arrays of a nested array (OpenAPI
    /// `[[number]]` is a collection of such a type; CSDL collections do not nest).
    Array(ArrayType),
}

/// An array type: its elements, each of one type.
#[derive(Clone, Copy, Debug)]
pub struct ArrayType {
    /// The type of the elements (never itself a collection: the inner arrays of an array of
    /// arrays are another [`TypeKind::Array`]).
    pub items: TypeRef,
}

/// A map: string keys, values of one type, in document order.
#[derive(Clone, Copy, Debug)]
pub struct MapType {
    /// The type of the values.
    pub value: TypeRef,
}

/// A union: the value is one of the alternatives.
#[derive(Clone, Debug, Default)]
pub struct UnionType {
    /// Alternatives in declaration order (the first that fits wins when nothing else decides).
    pub alternatives: Vec<UnionAlternative>,
    /// The member whose string value names the alternative (OpenAPI `discriminator.propertyName`).
    pub discriminator: Option<String>,
}

/// One alternative of a [`UnionType`].
#[derive(Clone, Debug)]
pub struct UnionAlternative {
    /// Its type.
    pub ty: TypeRef,
    /// Discriminator values that select it.
    pub tags: Vec<String>,
}

/// An entity or complex type.
#[derive(Clone, Debug, Default)]
pub struct StructType {
    /// Direct base type.
    pub base: Option<TypeId>,
    /// Types deriving directly from this one (computed by the resolver, sorted).
    pub derived: Vec<TypeId>,
    /// `Abstract="true"`.
    pub is_abstract: bool,
    /// `OpenType="true"`.
    pub is_open: bool,
    /// `HasStream="true"` (entity types).
    pub has_stream: bool,
    /// Key property names as declared on this type (empty: inherited or none): paths
    /// (`Address/City`) into complex properties where the metadata says so.
    pub key: Vec<String>,
    /// The `Alias` of each key property path, by index into `key` (missing or `None`: none),
    /// the name the key takes in URLs.
    pub key_alias: Vec<Option<String>>,
    /// Structural properties declared on this type (not inherited).
    pub properties: Vec<Property>,
    /// Navigation properties declared on this type (not inherited).
    pub navigation: Vec<NavigationProperty>,
}

/// A structural property.
#[derive(Clone, Debug)]
pub struct Property {
    /// Wire name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// `Nullable` (default true).
    pub nullable: bool,
    /// `DefaultValue`, verbatim.
    pub default_value: Option<String>,
    /// `MaxLength`, verbatim (`max` or a number).
    pub max_length: Option<String>,
    /// `Precision`.
    pub precision: Option<u32>,
    /// `Scale`, verbatim (`variable`, `floating` or a number).
    pub scale: Option<String>,
    /// Annotations.
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

/// A navigation property.
#[derive(Clone, Debug)]
pub struct NavigationProperty {
    /// Wire name.
    pub name: String,
    /// Target entity type, single or collection.
    pub ty: TypeRef,
    /// `Nullable` (default true).
    pub nullable: bool,
    /// `ContainsTarget="true"`.
    pub contains_target: bool,
    /// `Partner`, verbatim.
    pub partner: Option<String>,
    /// Annotations.
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

/// A reference to a type, possibly a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TypeRef {
    /// `Collection(...)`.
    pub collection: bool,
    /// The element type.
    pub target: Target,
}

/// What a [`TypeRef`] points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A built-in primitive type.
    Primitive(Primitive),
    /// A named type of the model.
    Named(TypeId),
}

/// The `Edm` primitive types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Primitive {
    Binary,
    Boolean,
    Byte,
    Date,
    DateTimeOffset,
    Decimal,
    Double,
    Duration,
    Guid,
    Int16,
    Int32,
    Int64,
    SByte,
    Single,
    Stream,
    String,
    TimeOfDay,
    /// `Edm.DateTime` (OData V2/V3): a date and time, with or without an offset.
    DateTime,
    /// `Edm.Time` (OData V2/V3): a time of day written as an `xs:duration` (`PT13H20M`).
    Time,
    /// `Edm.Geography*` and `Edm.Geometry*` (GeoJSON on the wire).
    Geo,
    /// `Edm.Untyped`, `Edm.PrimitiveType`, and the abstract `Edm.ComplexType`/`Edm.EntityType`.
    Untyped,
}

impl Primitive {
    /// Parse the part after `Edm.`.
    pub fn from_edm(name: &str) -> Option<Self> {
        use Primitive::*;
        Some(match name {
            "Binary" => Binary,
            "Boolean" => Boolean,
            "Byte" => Byte,
            "Date" => Date,
            "DateTimeOffset" => DateTimeOffset,
            "Decimal" => Decimal,
            "Double" => Double,
            "Duration" => Duration,
            "Guid" => Guid,
            "Int16" => Int16,
            "Int32" => Int32,
            "Int64" => Int64,
            "SByte" => SByte,
            // `Edm.Float`: CSDL 1.0's name of the 7-digit type (SAP Gateway writes it).
            "Single" | "Float" => Single,
            "Stream" => Stream,
            "String" => String,
            "TimeOfDay" => TimeOfDay,
            "DateTime" => DateTime,
            "Time" => Time,
            "Untyped" | "PrimitiveType" | "ComplexType" | "EntityType" | "AnnotationPath"
            | "PropertyPath" | "NavigationPropertyPath" | "AnyPropertyPath" | "ModelElementPath" => {
                Untyped
            }
            n if n.starts_with("Geography") || n.starts_with("Geometry") => Geo,
            _ => return None,
        })
    }

    /// The `Edm.` name (for docs and diagnostics).
    pub fn edm_name(self) -> &'static str {
        use Primitive::*;
        match self {
            Binary => "Edm.Binary",
            Boolean => "Edm.Boolean",
            Byte => "Edm.Byte",
            Date => "Edm.Date",
            DateTimeOffset => "Edm.DateTimeOffset",
            Decimal => "Edm.Decimal",
            Double => "Edm.Double",
            Duration => "Edm.Duration",
            Guid => "Edm.Guid",
            Int16 => "Edm.Int16",
            Int32 => "Edm.Int32",
            Int64 => "Edm.Int64",
            SByte => "Edm.SByte",
            Single => "Edm.Single",
            Stream => "Edm.Stream",
            String => "Edm.String",
            TimeOfDay => "Edm.TimeOfDay",
            DateTime => "Edm.DateTime",
            Time => "Edm.Time",
            Geo => "Edm.Geography",
            Untyped => "Edm.Untyped",
        }
    }
}

/// An enumeration type.
#[derive(Clone, Debug)]
pub struct EnumType {
    /// Members in declaration order.
    pub members: Vec<EnumMember>,
    /// `IsFlags="true"`.
    pub is_flags: bool,
    /// `UnderlyingType` (default Int32).
    pub underlying: Primitive,
}

/// An enumeration member.
#[derive(Clone, Debug)]
pub struct EnumMember {
    /// Wire name.
    pub name: String,
    /// Numeric value (explicit or implied).
    pub value: Option<i64>,
    /// Annotations.
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

/// A `TypeDefinition`.
#[derive(Clone, Debug)]
pub struct TypeDefinition {
    /// The underlying primitive.
    pub underlying: Primitive,
}

/// A function or an action.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Namespace.
    pub namespace: String,
    /// Simple name.
    pub name: String,
    /// Action (POST, side effects) or function (GET).
    pub kind: OperationKind,
    /// `IsBound="true"`: the first parameter is the binding parameter.
    pub is_bound: bool,
    /// `IsComposable="true"`.
    pub is_composable: bool,
    /// `EntitySetPath`.
    pub entity_set_path: Option<String>,
    /// An OData V1–V3 service operation (a `FunctionImport` of V1 or V2, or one with an HTTP
    /// method in V3): every parameter is a literal of the query string, even for `POST`. A V3
    /// `FunctionImport` without one is an action or function as in V4 (an action's parameters
    /// go in a JSON body).
    pub service_operation: bool,
    /// Parameters, binding parameter first when bound.
    pub parameters: Vec<Parameter>,
    /// Return type.
    pub return_type: Option<ReturnType>,
    /// Annotations.
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

/// Function or action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationKind {
    /// Side-effect free, invoked with GET.
    Function,
    /// Invoked with POST.
    Action,
}

/// An operation parameter.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// `Nullable` (default true).
    pub nullable: bool,
    /// Annotations (e.g. Core.OptionalParameter).
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

/// An operation's return type.
#[derive(Clone, Debug)]
pub struct ReturnType {
    /// Type.
    pub ty: TypeRef,
    /// `Nullable` (default true).
    pub nullable: bool,
}

/// The entity container.
#[derive(Clone, Debug)]
pub struct Container {
    /// Namespace of the schema holding it.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Entity sets.
    pub entity_sets: Vec<EntitySet>,
    /// Singletons.
    pub singletons: Vec<Singleton>,
    /// Function and action imports.
    pub imports: Vec<OperationImport>,
    /// Annotations.
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

impl Container {
    /// Removes the entity set, singleton or operation import named `name`, if any.
    pub fn remove_member(&mut self, name: &str) {
        self.entity_sets.retain(|e| e.name != name);
        self.singletons.retain(|s| s.name != name);
        self.imports.retain(|i| i.name != name);
    }
}

/// An entity set.
#[derive(Clone, Debug)]
pub struct EntitySet {
    /// Name (URL segment).
    pub name: String,
    /// Entity type of its members.
    pub entity_type: TypeId,
    /// Navigation property bindings (path → target).
    pub bindings: Vec<Binding>,
    /// Annotations.
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

/// A singleton.
#[derive(Clone, Debug)]
pub struct Singleton {
    /// Name (URL segment).
    pub name: String,
    /// Its entity type.
    pub entity_type: TypeId,
    /// Navigation property bindings.
    pub bindings: Vec<Binding>,
    /// Annotations.
    pub annotations: Annotations,
    /// Where it is declared.
    pub span: Span,
}

/// A `NavigationPropertyBinding`.
#[derive(Clone, Debug)]
pub struct Binding {
    /// Navigation property path.
    pub path: String,
    /// Target entity set or singleton, verbatim.
    pub target: String,
    /// Where it is declared.
    pub span: Span,
}

/// A `FunctionImport` or `ActionImport`.
#[derive(Clone, Debug)]
pub struct OperationImport {
    /// Name (URL segment).
    pub name: String,
    /// Function or action.
    pub kind: OperationKind,
    /// Indices into [`Model::operations`] of the overloads it imports.
    pub operations: Vec<usize>,
    /// `EntitySet`, verbatim.
    pub entity_set: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

impl Model {
    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// Look up a type by namespace-qualified name.
    pub fn lookup(&self, qualified: &str) -> Option<TypeId> {
        self.by_name.get(qualified).copied()
    }

    /// The namespace whose types live at the root of `models` (the container's, else the first).
    pub fn root_namespace(&self) -> &str {
        match &self.container {
            Some(c) => &c.namespace,
            None => self.schemas.first().map(|s| s.namespace.as_str()).unwrap_or(""),
        }
    }

    /// Base types of `id`, nearest first. The resolver rejects cycles and chains deeper than
    /// [`MAX_INHERITANCE_DEPTH`]; the walk is bounded anyway (linear, never a hang on a model
    /// built by hand).
    pub fn ancestors(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut cur = self.ty(id).as_struct().and_then(|s| s.base);
        while let Some(b) = cur {
            if b == id || out.len() >= self.types.len() {
                break;
            }
            out.push(b);
            cur = self.ty(b).as_struct().and_then(|s| s.base);
        }
        out
    }

    /// All properties of a structured type, base types' first.
    pub fn all_properties(&self, id: TypeId) -> Vec<&Property> {
        let mut chain = self.ancestors(id);
        chain.reverse();
        chain.push(id);
        chain
            .into_iter()
            .filter_map(|t| self.ty(t).as_struct())
            .flat_map(|s| s.properties.iter())
            .collect()
    }

    /// The property a `/`-separated path of property names (a key's `PropertyRef`, which may go
    /// into complex properties) ends at, starting from structured type `from`; `None` when a
    /// segment names no property.
    pub fn property_at_path(&self, from: TypeId, path: &str) -> Option<&Property> {
        let mut cur = from;
        let mut found = None;
        for seg in path.split('/') {
            let p = self.all_properties(cur).into_iter().find(|p| p.name == seg)?;
            if let Target::Named(t) = p.ty.target {
                cur = t;
            }
            found = Some(p);
        }
        found
    }

    /// All navigation properties of a structured type, base types' first.
    pub fn all_navigation(&self, id: TypeId) -> Vec<&NavigationProperty> {
        let mut chain = self.ancestors(id);
        chain.reverse();
        chain.push(id);
        chain
            .into_iter()
            .filter_map(|t| self.ty(t).as_struct())
            .flat_map(|s| s.navigation.iter())
            .collect()
    }

    /// All (transitive) derived types of `id`, in a stable order (depth-first, sorted by name).
    pub fn descendants(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<TypeId> = match self.ty(id).as_struct() {
            Some(s) => s.derived.iter().rev().copied().collect(),
            None => Vec::new(),
        };
        while let Some(t) = stack.pop() {
            if !seen.insert(t) {
                continue;
            }
            out.push(t);
            if let Some(s) = self.ty(t).as_struct() {
                stack.extend(s.derived.iter().rev().copied());
            }
        }
        out
    }
}
