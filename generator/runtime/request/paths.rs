//! Resource paths relative to the service root, and absolute URLs (next links).

use super::{
    ActionBody, Bytes, Collection, CountValue, DerivedFrom, Empty, Entity, Expect, Json, KeyValue,
    Many, One, Params, Query, Updated, escape,
};
use ::core::fmt;
use ::core::marker::PhantomData;
use ::std::string::String;
use ::std::vec::Vec;

/// A resource path relative to the service root (`/reports`), or an absolute URL (a next link).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path(pub(crate) String);

impl Path {
    /// A path as given: relative to the service root (`/things`) or an absolute URL.
    pub fn new(path: impl Into<String>) -> Self {
        Path(path.into())
    }

    /// The path text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This path with `/segment` appended (`segment` is percent-encoded).
    pub fn segment(&self, segment: &str) -> Path {
        let mut s = self.0.trim_end_matches('/').to_owned();
        s.push('/');
        s.push_str(&escape(segment));
        Path(s)
    }

    /// This path with the key appended: `(...)`.
    pub fn key<K: KeyValue + ?Sized>(&self, names: &[&str], key: &K) -> Path {
        let mut s = self.0.clone();
        key.write_key(names, &mut s);
        Path(s)
    }

    /// A function call segment: `/name(params)` (the aliases go to the query).
    pub(crate) fn call(&self, name: &str, params: &Params) -> Path {
        let mut p = self.segment(name);
        p.0.push('(');
        p.0.push_str(&params.inline.join(","));
        p.0.push(')');
        p
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A single entity (an entity set member, a singleton, a single-valued navigation property).
/// `C` (a marker of `requests::options`) gives what it allows.
pub struct EntityRef<T, C> {
    pub(crate) path: Path,
    ty: PhantomData<fn() -> (T, C)>,
}

/// A collection of entities (an entity set, a collection-valued navigation property, or a
/// collection URL the caller supplies). `C` (a marker of `requests::options`) gives what it
/// allows: the entity set's or navigation property's Capabilities, else the entity type's.
pub struct EntityCollection<T, C> {
    pub(crate) path: Path,
    ty: PhantomData<fn() -> (T, C)>,
}

macro_rules! path_type {
    ($t:ident <$($g:ident),*>) => {
        impl<$($g),*> $t<$($g),*> {
            /// The resource at `path` (relative to the service root, e.g. `/things`, or absolute).
            pub fn at(path: impl Into<String>) -> Self {
                $t {
                    path: Path::new(path),
                    ty: PhantomData,
                }
            }

            /// The resource at `path`.
            pub fn from_path(path: Path) -> Self {
                $t {
                    path,
                    ty: PhantomData,
                }
            }

            /// Its path.
            pub fn path(&self) -> &Path {
                &self.path
            }
        }

        impl<$($g),*> Clone for $t<$($g),*> {
            fn clone(&self) -> Self {
                Self::from_path(self.path.clone())
            }
        }

        impl<$($g),*> fmt::Debug for $t<$($g),*> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($t)).field(&self.path.0).finish()
            }
        }
    };
}
path_type!(EntityRef<T, C>);
path_type!(EntityCollection<T, C>);

// `get`, `update`, `delete`, `list`, `create` and `count` are generated per capability set
// (`requests::options`) on top of these, only where the metadata allows them; a crate whose
// metadata forbids one everywhere does not call its helper.
#[allow(dead_code)]
impl<T: Entity, C> EntityRef<T, C> {
    /// `GET` the entity (200).
    pub(crate) fn get_query(&self) -> Query<T, Json<T::Value>, One, C> {
        Query::new(http::Method::GET, self.path.clone(), &[200])
    }

    /// `PATCH` the entity (OData V1–V2: `MERGE`): only the members set in `body` are sent,
    /// explicit nulls included (204, or 200 with the updated entity).
    pub(crate) fn update_query(&self, body: &T::Value) -> Query<T, Updated<T::Value>, One, C> {
        let method = if super::legacy() && !crate::ODATA_VERSION.starts_with('3') {
            http::Method::from_bytes(b"MERGE").unwrap_or(http::Method::PATCH)
        } else {
            http::Method::PATCH
        };
        Query::new(method, self.path.clone(), &[200, 204]).json_body(body)
    }

    /// `DELETE` the entity (204).
    pub(crate) fn delete_query(&self) -> Query<T, Empty, One, C> {
        Query::new(http::Method::DELETE, self.path.clone(), &[200, 204])
    }
}

impl<T: Entity, C> EntityRef<T, C> {
    /// A type-cast segment: this entity as the derived type `D`.
    pub fn cast<D: Entity + DerivedFrom<T>>(&self) -> EntityRef<D, D::Options> {
        EntityRef::from_path(self.path.segment(D::QUALIFIED_NAME))
    }

    /// A single-valued navigation property (generated accessors call this).
    pub fn navigate_one<U, D>(&self, name: &str) -> EntityRef<U, D> {
        EntityRef::from_path(self.path.segment(name))
    }

    /// A collection-valued navigation property (generated accessors call this).
    pub fn navigate_many<U, D>(&self, name: &str) -> EntityCollection<U, D> {
        EntityCollection::from_path(self.path.segment(name))
    }

    /// A bound function (generated methods call this).
    pub fn function<U, R: Expect, D>(&self, name: &str, params: Params) -> Query<U, R, R::Kind, D> {
        Query::function(&self.path, name, params)
    }

    /// A bound action (generated methods call this).
    pub fn action<U, R: Expect, D>(&self, name: &str, body: ActionBody) -> Query<U, R, R::Kind, D> {
        Query::action(&self.path, name, body)
    }

    /// An OData V3 bound function (generated methods call this): `GET` (or `POST` when `post`)
    /// of `entity/Container.Name?p1=literal`, no body.
    pub fn service_operation<U, R: Expect, D>(
        &self,
        name: &str,
        post: bool,
        params: Params,
    ) -> Query<U, R, R::Kind, D> {
        Query::service_operation(&self.path, name, post, params)
    }

    /// `GET` a stream's bytes: the entity's media resource (`segment` `$value`) or a stream
    /// property (generated methods call this). Sent with `Accept: */*`.
    pub fn stream(&self, segment: &str) -> Query<T, Bytes, One, C> {
        Query::new(http::Method::GET, self.path.segment(segment), &[200]).accepting()
    }

    /// `PUT` a stream's new bytes, sent with the media type `content_type` (generated methods
    /// call this; 200, 201 or 204).
    pub fn put_stream(
        &self,
        segment: &str,
        content_type: &str,
        data: impl Into<Vec<u8>>,
    ) -> Query<T, Empty, One, C> {
        Query::new(
            http::Method::PUT,
            self.path.segment(segment),
            &[200, 201, 204],
        )
        .with_raw_body(content_type, data)
    }
}

// See `EntityRef`'s helpers.
#[allow(dead_code)]
impl<T: Entity, C> EntityCollection<T, C> {
    /// `GET` the collection (200), one page at a time (see [`Query::next_page`]).
    pub(crate) fn list_query(&self) -> Query<T, Collection<T::Value>, Many, C> {
        Query::new(http::Method::GET, self.path.clone(), &[200])
    }

    /// `POST` a new entity (201 and the created entity).
    pub(crate) fn create_query(&self, body: &T::Value) -> Query<T, Json<T::Value>, One, C> {
        Query::new(http::Method::POST, self.path.clone(), &[201]).json_body(body)
    }

    /// `GET collection/$count` (200, a plain-text number).
    pub(crate) fn count_query(&self) -> Query<T, CountValue, Many, C> {
        Query::new(http::Method::GET, self.path.segment("$count"), &[200])
    }
}

impl<T: Entity, C> EntityCollection<T, C> {
    /// The member with this key: `collection(key)` (what the collection allows applies).
    pub fn by_key(&self, key: impl Into<T::Key>) -> EntityRef<T, C> {
        EntityRef::from_path(self.path.key(T::KEY, &key.into()))
    }

    /// A type-cast segment: the members of derived type `D`.
    pub fn cast<D: Entity + DerivedFrom<T>>(&self) -> EntityCollection<D, D::Options> {
        EntityCollection::from_path(self.path.segment(D::QUALIFIED_NAME))
    }

    /// A function bound to the collection (generated methods call this).
    pub fn function<U, R: Expect, D>(&self, name: &str, params: Params) -> Query<U, R, R::Kind, D> {
        Query::function(&self.path, name, params)
    }

    /// An action bound to the collection (generated methods call this).
    pub fn action<U, R: Expect, D>(&self, name: &str, body: ActionBody) -> Query<U, R, R::Kind, D> {
        Query::action(&self.path, name, body)
    }

    /// An OData V3 function bound to the collection (generated methods call this): `GET` (or
    /// `POST` when `post`) of `collection/Container.Name?p1=literal`, no body.
    pub fn service_operation<U, R: Expect, D>(
        &self,
        name: &str,
        post: bool,
        params: Params,
    ) -> Query<U, R, R::Kind, D> {
        Query::service_operation(&self.path, name, post, params)
    }
}

/// The service root, for unbound operations (function and action imports).
#[derive(Clone, Debug)]
pub struct Root;

impl Root {
    /// An unbound function (generated functions call this).
    pub fn function<U, R: Expect, D>(name: &str, params: Params) -> Query<U, R, R::Kind, D> {
        Query::function(&Path::new(""), name, params)
    }

    /// An unbound action (generated functions call this).
    pub fn action<U, R: Expect, D>(name: &str, body: ActionBody) -> Query<U, R, R::Kind, D> {
        Query::action(&Path::new(""), name, body)
    }

    /// An OData V1–V3 service operation (generated functions call this): `GET`, or `POST` when
    /// `post`, with the parameters as literals in the query string.
    pub fn service_operation<U, R: Expect, D>(
        name: &str,
        post: bool,
        params: Params,
    ) -> Query<U, R, R::Kind, D> {
        Query::service_operation(&Path::new(""), name, post, params)
    }
}
