//! W0107: a `ReferentialConstraint` naming a property that does not exist: on a navigation
//! property (V4), `Property` on the declaring type, `ReferencedProperty` on the navigation's
//! target type; on an association (V1–V3), a `PropertyRef` of its `Principal` or `Dependent` on
//! the type of that role's `End`
//! (`Property="authorID"` for `author_ID`). Constraints generate nothing, so a wrong one is a
//! warning: the service's clients that read them (and the service itself) see a broken link.

use super::super::Names;
use super::super::xml::Element;
use super::Builder;
use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::validate::checks::suggest;

impl<'a> Builder<'a> {
    pub(super) fn check_constraints(&mut self, schemas: &[(usize, &'a Element)], names: &Names) {
        let mut found = Vec::new();
        for &(di, s) in schemas {
            let Some(ns) = s.attr("Namespace") else { continue };
            for ty in s.children.iter().filter(|c| matches!(c.name.as_str(), "EntityType" | "ComplexType")) {
                let Some(&id) = ty.attr("Name").and_then(|n| self.model.by_name.get(&format!("{ns}.{n}"))) else {
                    continue;
                };
                for nav in ty.children_named("NavigationProperty") {
                    let target = nav.attr("Type").map(|t| {
                        let t = t.trim();
                        let t = t.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')).unwrap_or(t);
                        names.qualify(t)
                    });
                    let target = target.and_then(|t| self.model.by_name.get(&t).copied());
                    for rc in nav.children_named("ReferentialConstraint") {
                        for (attr, on) in [("Property", Some(id)), ("ReferencedProperty", target)] {
                            // An unresolved target type is the front end's E0102 already.
                            let (Some(path), Some(on)) = (rc.attr(attr), on) else { continue };
                            if let Some((segment, on, candidates)) = self.missing_segment(on, path) {
                                found.push((di, rc.attr_offset(attr), attr, path.to_owned(), on, segment, candidates));
                            }
                        }
                    }
                }
            }
        }
        // V1–V3: on an `Association`, `Principal`/`Dependent` name an `End` by `Role`, whose
        // `Type` declares the `PropertyRef`s.
        for &(di, s) in schemas {
            for a in s.children_named("Association") {
                let ends: Vec<(&str, &str)> = a
                    .children_named("End")
                    .filter_map(|e| Some((e.attr("Role")?, e.attr("Type")?)))
                    .collect();
                for rc in a.children_named("ReferentialConstraint") {
                    for side in rc.children.iter().filter(|c| matches!(c.name.as_str(), "Principal" | "Dependent")) {
                        let Some(ty) = side
                            .attr("Role")
                            .and_then(|r| ends.iter().find(|(role, _)| *role == r))
                            .and_then(|(_, t)| self.model.by_name.get(&names.qualify(t)).copied())
                        else {
                            continue;
                        };
                        for pr in side.children_named("PropertyRef") {
                            let Some(name) = pr.attr("Name") else { continue };
                            if let Some((segment, on, candidates)) = self.missing_segment(ty, name) {
                                found.push((di, pr.attr_offset("Name"), "Name", name.to_owned(), on, segment, candidates));
                            }
                        }
                    }
                }
            }
        }
        for (di, offset, attr, path, on, segment, candidates) in found {
            let problem = match on {
                Some(on) => format!("`{}` has no property `{segment}`", self.model.ty(on).qualified_name()),
                None => format!("`{segment}` follows a primitive property"),
            };
            let mut d = Diagnostic::warning(
                "W0107",
                format!("referential constraint `{attr}=\"{path}\"`: {problem}"),
            )
            .at(self.loc(self.span(di, offset)));
            if let Some(s) = suggest(&segment, candidates.iter().map(String::as_str)) {
                d = d.with_note(format!("did you mean `{s}`?"));
            }
            self.diags.push(d);
        }
    }

    /// The first segment of the property path `path` that names no property of the type it is
    /// read on (starting at `ty`), that type (none after a primitive property) and the names it
    /// could have been; `None` when all resolve.
    fn missing_segment(&self, ty: TypeId, path: &str) -> Option<(String, Option<TypeId>, Vec<String>)> {
        let mut cur = Some(ty);
        for segment in path.split('/') {
            let props = cur.map(|t| self.model.all_properties(t)).unwrap_or_default();
            match props.iter().find(|p| p.name == segment) {
                Some(p) => {
                    cur = match p.ty.target {
                        Target::Named(t) => Some(t),
                        // Nothing follows a primitive property.
                        Target::Primitive(_) => None,
                    }
                }
                None => {
                    return Some((segment.to_owned(), cur, props.iter().map(|p| p.name.clone()).collect()));
                }
            }
        }
        None
    }
}
