//! Resource paths: the one resolver of the model's paths, used by `--include /path` (the
//! selection and the operations to emit) and by capability annotations whose paths name
//! navigation properties (`NavigationRestrictions/RestrictedProperties`, container-path targets).
//!
//! A path is a list of `/`-separated segments, walked from the entity container
//! ([`resolve`]: an entity set, a singleton or an operation import first) or from a type
//! ([`walk`]). Each later segment, tried in this order, is:
//!
//! 1. a navigation or structural property of the current type or a base type (`messages`;
//!    `messages('x')` adds a key);
//! 2. a type cast to a qualified type name (`microsoft.graph.user`, or alias-qualified
//!    `graph.user`);
//! 3. a bound operation of the current type or a base type whose binding parameter matches the
//!    current resource (single or collection), by simple or qualified name: its return type is
//!    the new current resource;
//! 4. a key, only after a collection: `{id}`, `(...)` or any literal (`123`).
//!
//! Anything else is an error naming the segment. The result lists every step with the resource
//! it addresses; [`ResolvedPath::selects`] gives what the path selects: every named type met on
//! the path (each entity type a builder on the way returns, the final type, cast targets) and
//! the operations named with their parameter and return types.

use super::*;
use std::fmt;

/// One step of a resolved path.
#[derive(Clone, Debug)]
pub enum Step<'a> {
    /// An entity set of the container.
    EntitySet(&'a EntitySet),
    /// A singleton of the container.
    Singleton(&'a Singleton),
    /// An operation import: the indices of its operations in [`Model::operations`].
    Import(&'a OperationImport, Vec<usize>),
    /// A navigation property of `from` (or of a base type of `from`).
    Navigation {
        /// The type the walk was at.
        from: TypeId,
        /// The property.
        property: &'a NavigationProperty,
    },
    /// A structural property of `from` (or of a base type of `from`).
    Property {
        /// The type the walk was at.
        from: TypeId,
        /// The property.
        property: &'a Property,
    },
    /// A type cast.
    Cast(TypeId),
    /// Bound operations (overloads of one name): indices into [`Model::operations`].
    Operations(Vec<usize>),
    /// A key after a collection.
    Key,
}

/// A resolved path: its steps, each with the resource it addresses (`None`: an operation without
/// a result, or a primitive).
#[derive(Clone, Debug)]
pub struct ResolvedPath<'a> {
    /// The steps, in order, with the resource after each.
    pub steps: Vec<(Step<'a>, Option<TypeRef>)>,
}

/// A path that names nothing: the path and the reason (naming the segment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError(pub String);

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PathError {}

impl<'a> ResolvedPath<'a> {
    /// The resource the whole path addresses.
    pub fn target(&self) -> Option<TypeRef> {
        self.steps.last().and_then(|(_, t)| *t)
    }

    /// The named type the whole path addresses.
    pub fn target_type(&self) -> Option<TypeId> {
        match self.target()?.target {
            Target::Named(id) => Some(id),
            Target::Primitive(_) => None,
        }
    }

    /// The last step when it is a navigation property: the type it was reached from and its
    /// name.
    pub fn last_navigation(&self) -> Option<(TypeId, &'a str)> {
        match self.steps.last()? {
            (Step::Navigation { from, property }, _) => Some((*from, property.name.as_str())),
            _ => None,
        }
    }

    /// What the path selects: (types, operations). Types are every named type a step
    /// addresses (entity sets, singletons, navigation and structural properties, casts,
    /// operation results) and the non-binding parameter types of the operations named.
    pub fn selects(&self, model: &Model) -> (Vec<TypeId>, Vec<usize>) {
        let mut types = Vec::new();
        let mut ops = Vec::new();
        for (step, ty) in &self.steps {
            if let Some(TypeRef {
                target: Target::Named(id),
                ..
            }) = ty
            {
                types.push(*id);
            }
            let indices = match step {
                Step::Import(_, i) | Step::Operations(i) => i.as_slice(),
                _ => &[],
            };
            for &i in indices {
                let Some(op) = model.operations.get(i) else {
                    continue;
                };
                ops.push(i);
                for p in op.parameters.iter().skip(usize::from(op.is_bound)) {
                    if let Target::Named(id) = p.ty.target {
                        types.push(id);
                    }
                }
                if let Some(ReturnType {
                    ty:
                        TypeRef {
                            target: Target::Named(id),
                            ..
                        },
                    ..
                }) = &op.return_type
                {
                    types.push(*id);
                }
            }
        }
        (types, ops)
    }
}

/// Split `name(key)` into the name and whether a key follows.
fn split_key(seg: &str) -> (&str, bool) {
    match seg.split_once('(') {
        Some((name, _)) => (name, true),
        None => (seg, false),
    }
}

/// Resolve a path from the entity container (`/users/{id}/messages`).
pub fn resolve<'a>(model: &'a Model, path: &str) -> Result<ResolvedPath<'a>, PathError> {
    let container = model.container.as_ref().ok_or_else(|| {
        PathError(format!(
            "path `{path}`: the metadata has no entity container"
        ))
    })?;
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let first_seg = segs
        .next()
        .ok_or_else(|| PathError(format!("path `{path}` names no resource")))?;
    let (first, keyed) = split_key(first_seg);
    let named = |id: TypeId, collection: bool| {
        Some(TypeRef {
            collection,
            target: Target::Named(id),
        })
    };
    let start = if let Some(s) = container.entity_sets.iter().find(|s| s.name == first) {
        (Step::EntitySet(s), named(s.entity_type, !keyed))
    } else if let Some(s) = container.singletons.iter().find(|s| s.name == first) {
        if keyed {
            return Err(PathError(format!(
                "path `{path}`: the singleton `{first}` takes no key"
            )));
        }
        (Step::Singleton(s), named(s.entity_type, false))
    } else if let Some(imp) = container.imports.iter().find(|i| i.name == first) {
        let ret = imp
            .operations
            .iter()
            .filter_map(|&i| model.operations.get(i))
            .find_map(|op| op.return_type.as_ref().map(|r| r.ty));
        (Step::Import(imp, imp.operations.clone()), ret)
    } else {
        let members = container
            .entity_sets
            .iter()
            .map(|s| s.name.as_str())
            .chain(container.singletons.iter().map(|s| s.name.as_str()))
            .chain(container.imports.iter().map(|i| i.name.as_str()));
        let hint = crate::validate::checks::suggest(first, members)
            .map(|s| format!(" (did you mean `/{s}`?)"))
            .unwrap_or_default();
        return Err(PathError(format!(
            "path `{path}`: `{first}` is no entity set, singleton or operation import of the container{hint}"
        )));
    };
    let mut out = ResolvedPath { steps: vec![start] };
    walk_segments(model, path, segs, &mut out)?;
    Ok(out)
}

/// Walk a path relative to a resource of type `start` (`calendar/calendarView`).
pub fn walk<'a>(
    model: &'a Model,
    start: TypeRef,
    path: &str,
) -> Result<ResolvedPath<'a>, PathError> {
    let mut out = ResolvedPath { steps: Vec::new() };
    let segs = path.split('/').filter(|s| !s.is_empty());
    out.steps.push((Step::Key, Some(start)));
    walk_segments(model, path, segs, &mut out)?;
    out.steps.remove(0);
    if out.steps.is_empty() {
        return Err(PathError(format!("path `{path}` names no resource")));
    }
    Ok(out)
}

fn walk_segments<'a, 's>(
    model: &'a Model,
    path: &str,
    segs: impl Iterator<Item = &'s str>,
    out: &mut ResolvedPath<'a>,
) -> Result<(), PathError> {
    for seg in segs {
        let cur = out.steps.last().and_then(|(_, t)| *t);
        let Some(TypeRef {
            collection,
            target: Target::Named(id),
        }) = cur
        else {
            return Err(PathError(format!(
                "path `{path}`: nothing can follow the segment before `{seg}`"
            )));
        };
        let (name, keyed) = split_key(seg);
        let mut chain = model.ancestors(id);
        chain.insert(0, id);
        // 1. A property.
        let nav = chain.iter().find_map(|t| {
            let st = model.ty(*t).as_struct()?;
            st.navigation.iter().find(|n| n.name == name)
        });
        if let Some(n) = nav {
            let ty = TypeRef {
                collection: n.ty.collection && !keyed,
                target: n.ty.target,
            };
            out.steps.push((
                Step::Navigation {
                    from: id,
                    property: n,
                },
                Some(ty),
            ));
            continue;
        }
        let prop = chain.iter().find_map(|t| {
            let st = model.ty(*t).as_struct()?;
            st.properties.iter().find(|p| p.name == name)
        });
        if let Some(p) = prop {
            let ty = TypeRef {
                collection: p.ty.collection && !keyed,
                target: p.ty.target,
            };
            out.steps.push((
                Step::Property {
                    from: id,
                    property: p,
                },
                Some(ty),
            ));
            continue;
        }
        let qualified = select::qualify(model, name);
        // 2. A type cast.
        if let Some(cast) = model.lookup(&qualified) {
            out.steps.push((
                Step::Cast(cast),
                Some(TypeRef {
                    collection,
                    target: Target::Named(cast),
                }),
            ));
            continue;
        }
        // 3. Bound operations.
        let found: Vec<usize> = model
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| {
                op.is_bound
                    && (op.name == name || format!("{}.{}", op.namespace, op.name) == qualified)
                    && op.parameters.first().is_some_and(|b| {
                        b.ty.collection == collection
                            && matches!(b.ty.target, Target::Named(t) if chain.contains(&t))
                    })
            })
            .map(|(i, _)| i)
            .collect();
        if !found.is_empty() {
            // The result of the overload bound to the most specific type (`/users/delta` is the
            // `user` overload's, not the `directoryObject` one's), as the request code names it.
            let rank = |op: &Operation| {
                op.parameters
                    .first()
                    .and_then(|b| match b.ty.target {
                        Target::Named(t) => chain.iter().position(|c| *c == t),
                        Target::Primitive(_) => None,
                    })
                    .unwrap_or(usize::MAX)
            };
            let mut ops: Vec<&Operation> = found.iter().filter_map(|&i| model.operations.get(i)).collect();
            ops.sort_by_key(|op| rank(op));
            let ret = ops.iter().find_map(|op| op.return_type.as_ref().map(|r| r.ty));
            out.steps.push((Step::Operations(found), ret));
            continue;
        }
        // 4. A key.
        if collection {
            out.steps.push((
                Step::Key,
                Some(TypeRef {
                    collection: false,
                    target: Target::Named(id),
                }),
            ));
            continue;
        }
        // What could follow here, for a suggestion: properties of the type and its bases, and
        // the operations bound to them.
        let structs = || chain.iter().filter_map(|t| model.ty(*t).as_struct());
        let names = structs()
            .flat_map(|st| st.navigation.iter().map(|n| n.name.as_str()))
            .chain(structs().flat_map(|st| st.properties.iter().map(|p| p.name.as_str())))
            .chain(model.operations.iter().filter_map(|op| {
                let binding = op.parameters.first().filter(|_| op.is_bound)?;
                let bound_here = binding.ty.collection == collection
                    && matches!(binding.ty.target, Target::Named(t) if chain.contains(&t));
                bound_here.then_some(op.name.as_str())
            }));
        let hint = crate::validate::checks::suggest(name, names)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(PathError(format!(
            "path `{path}`: `{seg}` is no navigation property, bound operation or derived type of `{}`{hint}",
            model.ty(id).qualified_name()
        )));
    }
    Ok(())
}

/// What a set of path selectors selects.
#[derive(Clone, Debug, Default)]
pub struct PathSelection {
    /// Qualified names of the types to select (closure roots), sorted.
    pub types: Vec<String>,
    /// Indices into [`Model::operations`] named by the paths, sorted.
    pub operations: Vec<usize>,
}

/// A path selector starts with `/`.
pub fn is_path(selector: &str) -> bool {
    selector.starts_with('/')
}

/// What `paths` select together ([`ResolvedPath::selects`]). Errors name the first segment
/// that matches nothing.
pub fn select(model: &Model, paths: &[String]) -> Result<PathSelection, PathError> {
    let mut out = PathSelection::default();
    for p in paths {
        let (types, ops) = resolve(model, p)?.selects(model);
        out.types
            .extend(types.into_iter().map(|t| model.ty(t).qualified_name()));
        out.operations.extend(ops);
    }
    out.types.sort();
    out.types.dedup();
    out.operations.sort_unstable();
    out.operations.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/csdl/nav_capabilities.xml");
        crate::frontend::load(&p).expect("fixture loads").0
    }

    fn name(m: &Model, id: Option<TypeId>) -> Option<String> {
        id.map(|t| m.ty(t).qualified_name())
    }

    #[test]
    fn container_paths() {
        let m = model();
        let p = resolve(&m, "/people('a')/friends/n.person/trips/1/planItems").expect("resolves");
        assert_eq!(name(&m, p.target_type()).as_deref(), Some("ns.planItem"));
        assert!(p.target().is_some_and(|t| t.collection));
        let (from, nav) = p.last_navigation().expect("ends at a navigation property");
        assert_eq!(
            (m.ty(from).qualified_name().as_str(), nav),
            ("ns.trip", "planItems")
        );
        // A bound function: what it selects includes its result type and the types on the way.
        let p = resolve(&m, "/people/{id}/recent").expect("resolves");
        let (types, ops) = p.selects(&m);
        let mut types: Vec<String> = types
            .into_iter()
            .map(|t| m.ty(t).qualified_name())
            .collect();
        types.sort();
        types.dedup();
        assert_eq!(types, ["ns.person", "ns.trip"]);
        assert_eq!(ops.len(), 1);
        assert_eq!(m.operations[ops[0]].name, "recent");
    }

    #[test]
    fn errors_name_the_segment() {
        let m = model();
        let e = resolve(&m, "/me/{id}").expect_err("a singleton takes no key");
        assert!(e.0.contains("`{id}` is no navigation property"), "{e}");
        let e = resolve(&m, "/people/x/nope").expect_err("after a key, a typo is no key");
        assert!(e.0.contains("`nope`") && e.0.contains("`ns.person`"), "{e}");
        assert!(resolve(&m, "/nothing").is_err());
        assert!(resolve(&m, "/").is_err());
    }

    #[test]
    fn relative_paths() {
        let m = model();
        let person = m.lookup("ns.person").expect("person");
        let start = TypeRef {
            collection: false,
            target: Target::Named(person),
        };
        let w = walk(&m, start, "bestFriend/friends").expect("walks");
        assert_eq!(w.last_navigation(), Some((person, "friends")));
        assert!(walk(&m, start, "").is_err());
        assert!(
            walk(&m, start, "name")
                .expect("a property")
                .last_navigation()
                .is_none()
        );
    }
}
