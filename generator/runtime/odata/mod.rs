//! OData runtime support: the tri-state [`Field`], the [`Wire`] JSON mapping, the Edm primitive types,
//! open enums and flags, order-preserving (de)serialization of entity and complex types ([`Model`]),
//! polymorphic dispatch and JSON entry points whose errors carry the JSON path ([`from_str`]).
//!
//! This module (one file per topic) is copied verbatim into every generated crate; it depends only on `serde`,
//! `serde_json` (feature `preserve_order`) and `serde_path_to_error`, and never panics on input.

mod additional_data;
mod enums;
mod field;
mod json;
mod legacy;
mod lexical;
mod model;
mod numbers;
mod page;
mod polymorphic;
mod text;
mod wire;

pub use self::additional_data::*;
pub use self::enums::*;
pub use self::field::*;
pub use self::json::*;
pub use self::legacy::*;
pub use self::lexical::*;
pub use self::model::*;
pub use self::numbers::*;
pub use self::page::*;
pub use self::polymorphic::*;
pub use self::text::*;
pub use self::wire::*;
