//! Output layouts. The emitter always produces a crate (`Cargo.toml` + `src/` tree); this module
//! turns that tree into one file for `include!` from a build script (every `mod x;` replaced by the
//! inline module, like prost-build's output), optionally moving the generated items from the crate
//! root to another module (`crate::models::X` → `crate::graph::models::X`).
//!
//! Works on the syn trees of the emitted files, so it does not depend on what the emitter put in
//! them.

use super::OutputFile;
use crate::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use syn::visit_mut::VisitMut;

/// How the output is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Emit {
    /// A crate: `Cargo.toml`, `src/lib.rs` and a module tree, one file per type (commit it).
    #[default]
    Crate,
    /// One `.rs` file of inline modules, for `include!` (e.g. into `OUT_DIR` from `build.rs`),
    /// named after the crate name (`Config::crate_name("graph")` writes `graph.rs`; `-` becomes
    /// `_`; by default `odata_models.rs`).
    SingleFile,
}

impl Emit {
    /// The name used in the CLI and the lock file.
    pub fn as_str(self) -> &'static str {
        match self {
            Emit::Crate => "crate",
            Emit::SingleFile => "single-file",
        }
    }
}

fn parse(f: &OutputFile) -> Result<syn::File, Diagnostic> {
    syn::parse_file(&f.content).map_err(|e| {
        Diagnostic::error(
            "E0901",
            format!("internal error: {} does not parse: {e}", f.path.display()),
        )
    })
}

/// The files of `files` (a crate layout) merged into one file, with `crate::` paths moved under
/// `root` (a path such as `crate::graph`; `crate` leaves them).
pub fn single_file(files: &[OutputFile], root: &str) -> Result<String, Diagnostic> {
    let by_path: HashMap<&Path, &OutputFile> =
        files.iter().map(|f| (f.path.as_path(), f)).collect();
    let lib = by_path
        .get(Path::new("src/lib.rs"))
        .ok_or_else(|| Diagnostic::error("E0901", "internal error: no src/lib.rs emitted"))?;
    let mut file = parse(lib)?;
    // The crate-level docs belong to the includer; keep only the items.
    file.attrs.retain(|a| !matches!(a.style, syn::AttrStyle::Inner(_)));
    inline_modules(&mut file.items, Path::new("src"), &by_path, 0)?;
    if root != "crate" {
        let root: syn::Path = syn::parse_str(root).map_err(|e| {
            Diagnostic::error("E0010", format!("invalid module root `{root}`: {e}"))
        })?;
        RootRewriter { root }.visit_file_mut(&mut file);
    }
    Ok(prettyplease::unparse(&file))
}

/// Replace `mod x;` by `mod x { ...items of dir/x.rs or dir/x/mod.rs... }`, recursively.
fn inline_modules(
    items: &mut [syn::Item],
    dir: &Path,
    files: &HashMap<&Path, &OutputFile>,
    depth: usize,
) -> Result<(), Diagnostic> {
    if depth > 64 {
        return Err(Diagnostic::error("E0901", "internal error: module tree too deep"));
    }
    for item in items.iter_mut() {
        let syn::Item::Mod(m) = item else { continue };
        if m.content.is_some() {
            continue;
        }
        let name = m.ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name);
        let flat = dir.join(format!("{name}.rs"));
        let nested = dir.join(name).join("mod.rs");
        let (child, child_dir): (&OutputFile, PathBuf) = if let Some(f) = files.get(flat.as_path()) {
            (f, dir.join(name))
        } else if let Some(f) = files.get(nested.as_path()) {
            (f, dir.join(name))
        } else {
            return Err(Diagnostic::error(
                "E0901",
                format!("internal error: no file for module `{name}` in {}", dir.display()),
            ));
        };
        let mut parsed = parse(child)?;
        parsed.items.retain(|i| !client_only(i));
        inline_modules(&mut parsed.items, &child_dir, files, depth + 1)?;
        m.attrs.extend(parsed.attrs);
        m.content = Some((syn::token::Brace::default(), parsed.items));
        m.semi = None;
    }
    Ok(())
}

/// Is `item` compiled only with the crate's `client` feature (`#[cfg(feature = "client")]`)?
/// One file has no features of its own: the includer would have to declare `client` (or see
/// `unexpected_cfgs` warnings), so the ready client is left out; the request values are
/// sent with any HTTP client (`to_http`, then `parse`).
fn client_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Use(u) => &u.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Impl(i) => &i.attrs,
        _ => return false,
    };
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>().is_ok_and(|m| match m {
                syn::Meta::NameValue(nv) => {
                    nv.path.is_ident("feature")
                        && matches!(&nv.value, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value() == "client")
                }
                _ => false,
            })
    })
}

/// Rewrites paths starting with `crate` to start with `root`.
struct RootRewriter {
    root: syn::Path,
}

impl RootRewriter {
    /// `<T as crate::a::Trait>::f`: the trait's segment count grows with the root.
    fn shift_qself(&self, qself: Option<&mut syn::QSelf>, path: &syn::Path) {
        if let Some(q) = qself
            && path.leading_colon.is_none()
            && path.segments.first().is_some_and(|s| s.ident == "crate")
        {
            q.position += self.root.segments.len().saturating_sub(1);
        }
    }
}

impl VisitMut for RootRewriter {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none()
            && path.segments.first().is_some_and(|s| s.ident == "crate")
        {
            let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).cloned().collect();
            let mut segments = self.root.segments.clone();
            segments.extend(rest);
            path.segments = segments;
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        self.shift_qself(e.qself.as_mut(), &e.path);
        syn::visit_mut::visit_expr_path_mut(self, e);
    }

    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        self.shift_qself(t.qself.as_mut(), &t.path);
        syn::visit_mut::visit_type_path_mut(self, t);
    }

    // Macro arguments are token streams: `crate ::` inside them moves too.
    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        m.tokens = rewrite_tokens(std::mem::take(&mut m.tokens), &self.root);
        syn::visit_mut::visit_macro_mut(self, m);
    }

    // `pub(crate)` stays as it is.
    fn visit_vis_restricted_mut(&mut self, _: &mut syn::VisRestricted) {}

    fn visit_use_tree_mut(&mut self, tree: &mut syn::UseTree) {
        if let syn::UseTree::Path(p) = tree
            && p.ident == "crate"
        {
            // Build `root::rest` as nested use paths.
            let mut new_tree = (*p.tree).clone();
            for seg in self.root.segments.iter().skip(1).rev() {
                new_tree = syn::UseTree::Path(syn::UsePath {
                    ident: seg.ident.clone(),
                    colon2_token: Default::default(),
                    tree: Box::new(new_tree),
                });
            }
            *p.tree = new_tree;
            return;
        }
        syn::visit_mut::visit_use_tree_mut(self, tree);
    }
}

/// `crate ::` → `root ::` in a token stream (recursively into groups).
fn rewrite_tokens(tokens: proc_macro2::TokenStream, root: &syn::Path) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    use quote::ToTokens;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = proc_macro2::TokenStream::new();
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) if id == "crate" => {
                let followed_by_path = matches!(
                    (trees.get(i + 1), trees.get(i + 2)),
                    (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                        if a.as_char() == ':' && b.as_char() == ':'
                );
                if followed_by_path {
                    root.to_tokens(&mut out);
                } else {
                    out.extend([tt.clone()]);
                }
            }
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), rewrite_tokens(g.stream(), root));
                ng.set_span(g.span());
                out.extend([TokenTree::Group(ng)]);
            }
            other => out.extend([other.clone()]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: content.into(),
        }
    }

    #[test]
    fn inlines_modules_and_moves_the_root() {
        let files = vec![
            file("src/lib.rs", "//! crate docs\npub mod models;\npub mod odata;\n"),
            file("src/odata.rs", "//! rt\npub struct Field;\n"),
            file("src/models/mod.rs", "//! models\nmod a;\npub use self::a::A;\n"),
            file(
                "src/models/a.rs",
                "pub struct A { pub f: crate::odata::Field }\npub(crate) fn g() { <A as crate::odata::T>::f(); m!(crate::odata::X, pub(crate) y); }\n",
            ),
        ];
        let out = single_file(&files, "crate::graph").expect("merges");
        let parsed = syn::parse_file(&out).expect("valid Rust");
        assert_eq!(parsed.items.len(), 2);
        assert!(out.contains("crate::graph::odata::Field"), "{out}");
        assert!(out.contains("pub(crate) fn g"), "{out}");
        assert!(out.contains("<A as crate::graph::odata::T>::f()"), "{out}");
        // Macro arguments are printed token by token.
        assert!(out.contains("m!(crate ::graph::odata::X, pub (crate) y)"), "{out}");
        assert!(!out.contains("crate docs"), "{out}");
        assert!(out.contains("//! models"), "{out}");
    }
}
