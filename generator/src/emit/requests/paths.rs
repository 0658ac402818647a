//! `--include /path/segments`: a resource path of the service selects what it needs. The first
//! segment names an entity set, a singleton or an operation import; later ones name navigation
//! properties, bound operations (simple or namespace-qualified names), type casts (qualified
//! type names) or keys (`{id}` or `(...)`, skipped). Every entity type met on the path is
//! selected (so `/reports/getX` selects the singleton's type `reportRoot` too: its request
//! builder returns it), as are the operations named and their parameter and return types.

use crate::ir::select::qualify;
use crate::ir::*;

/// What a set of path selectors selects.
#[derive(Clone, Debug, Default)]
pub struct PathSelection {
    /// Qualified names of the types to select (closure roots).
    pub types: Vec<String>,
    /// Indices into [`Model::operations`] named by the paths.
    pub operations: Vec<usize>,
}

/// A path selector starts with `/`.
pub fn is_path(selector: &str) -> bool {
    selector.starts_with('/')
}

/// Resolve path selectors. Errors name the first segment that matches nothing.
pub fn resolve(model: &Model, paths: &[String]) -> Result<PathSelection, String> {
    let mut out = PathSelection::default();
    for path in paths {
        resolve_one(model, path, &mut out)?;
    }
    out.types.sort();
    out.types.dedup();
    out.operations.sort_unstable();
    out.operations.dedup();
    Ok(out)
}

fn add_op(model: &Model, index: usize, out: &mut PathSelection) -> Option<TypeRef> {
    let op = model.operations.get(index)?;
    out.operations.push(index);
    for p in op.parameters.iter().skip(usize::from(op.is_bound)) {
        if let Target::Named(id) = p.ty.target {
            out.types.push(model.ty(id).qualified_name());
        }
    }
    let ret = op.return_type.as_ref().map(|r| r.ty);
    if let Some(TypeRef { target: Target::Named(id), .. }) = ret {
        out.types.push(model.ty(id).qualified_name());
    }
    ret
}

fn resolve_one(model: &Model, path: &str, out: &mut PathSelection) -> Result<(), String> {
    let container = model
        .container
        .as_ref()
        .ok_or_else(|| format!("path `{path}`: the metadata has no entity container"))?;
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let first = segs
        .next()
        .ok_or_else(|| format!("path `{path}` names no resource"))?;
    // The current resource: its type and whether it is a collection.
    let mut cur: Option<TypeRef> = if let Some(s) = container.entity_sets.iter().find(|s| s.name == first) {
        Some(TypeRef { collection: true, target: Target::Named(s.entity_type) })
    } else if let Some(s) = container.singletons.iter().find(|s| s.name == first) {
        Some(TypeRef { collection: false, target: Target::Named(s.entity_type) })
    } else if let Some(imp) = container.imports.iter().find(|i| i.name == first) {
        let mut ret = None;
        for &i in &imp.operations {
            ret = add_op(model, i, out);
        }
        ret
    } else {
        return Err(format!(
            "path `{path}`: `{first}` is no entity set, singleton or operation import of the container"
        ));
    };
    if let Some(TypeRef { target: Target::Named(id), .. }) = cur {
        out.types.push(model.ty(id).qualified_name());
    }
    for seg in segs {
        if seg.starts_with('{') || seg.starts_with('(') {
            if let Some(t) = cur.as_mut() {
                t.collection = false;
            }
            continue;
        }
        let Some(TypeRef { collection, target: Target::Named(id) }) = cur else {
            return Err(format!("path `{path}`: nothing can follow the segment before `{seg}`"));
        };
        if let Some(nav) = model.all_navigation(id).into_iter().find(|n| n.name == seg) {
            if let Target::Named(t) = nav.ty.target {
                out.types.push(model.ty(t).qualified_name());
            }
            cur = Some(nav.ty);
            continue;
        }
        if let Some(cast) = model.lookup(&qualify(model, seg)) {
            out.types.push(model.ty(cast).qualified_name());
            cur = Some(TypeRef { collection, target: Target::Named(cast) });
            continue;
        }
        let mut bindings = model.ancestors(id);
        bindings.insert(0, id);
        let found: Vec<usize> = model
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| {
                op.is_bound
                    && (op.name == seg || format!("{}.{}", op.namespace, op.name) == qualify(model, seg))
                    && op.parameters.first().is_some_and(|b| {
                        b.ty.collection == collection
                            && matches!(b.ty.target, Target::Named(t) if bindings.contains(&t))
                    })
            })
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            return Err(format!(
                "path `{path}`: `{seg}` is no navigation property, bound operation or derived type of `{}`",
                model.ty(id).qualified_name()
            ));
        }
        let mut next = None;
        for i in found {
            next = add_op(model, i, out);
        }
        cur = next;
    }
    Ok(())
}
