//! The OpenAPI front end: equivalence with the CSDL front end (Graph excerpt, TripPin), JSON and
//! YAML, references across files and cycles, plain OpenAPI, and diagnostics for bad input.
//!
//! This file holds the helpers the topic modules share (fixtures, and the facts, HTTP lines and
//! union alternatives they compare); the tests are in the topic modules.

use odatagen::Config;
use odatagen::diagnostics::Severity;
use odatagen::ir::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod diagnostics;
mod documents;
mod equivalence;
mod names;
mod operations;
mod swagger2;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

const GRAPH_CSDL: &str = "metadata/graph/beta-USSec.csdl";
const GRAPH_OPENAPI: &str = "metadata/graph/credentialUserRegistrationCount.openapi.yaml";
const SEED_TYPE: &str = "microsoft.graph.credentialUserRegistrationCount";

/// One line per fact the emitted code depends on: kinds, bases, flags, properties, enum members.
fn facts(model: &Model) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let tref = |t: &TypeRef| {
        let inner = match t.target {
            Target::Primitive(p) => p.edm_name().to_owned(),
            Target::Named(id) => model.ty(id).qualified_name(),
        };
        if t.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    };
    for t in &model.types {
        let q = t.qualified_name();
        match &t.kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => {
                let kind = if matches!(t.kind, TypeKind::Entity(_)) {
                    "entity"
                } else {
                    "complex"
                };
                out.insert(format!("{q}: {kind}"));
                if let Some(b) = s.base {
                    out.insert(format!("{q}: base {}", model.ty(b).qualified_name()));
                }
                if !s.key.is_empty() {
                    out.insert(format!("{q}: key {}", s.key.join(",")));
                }
                if s.is_abstract {
                    out.insert(format!("{q}: abstract"));
                }
                if s.is_open {
                    out.insert(format!("{q}: open"));
                }
                if s.has_stream {
                    out.insert(format!("{q}: has stream"));
                }
                for p in &s.properties {
                    out.insert(format!("{q}/{}: {}", p.name, tref(&p.ty)));
                }
                for p in &s.navigation {
                    out.insert(format!("{q}/{}: navigation {}", p.name, tref(&p.ty)));
                }
            }
            TypeKind::Enum(e) => {
                let members: Vec<String> = e
                    .members
                    .iter()
                    .map(|m| format!("{}={:?}", m.name, m.value))
                    .collect();
                out.insert(format!(
                    "{q}: enum{} {}",
                    if e.is_flags { " flags" } else { "" },
                    members.join(",")
                ));
            }
            TypeKind::Definition(d) => {
                out.insert(format!("{q}: definition {}", d.underlying.edm_name()));
            }
            TypeKind::Union(u) => {
                let alts: Vec<String> = u.alternatives.iter().map(|a| tref(&a.ty)).collect();
                out.insert(format!("{q}: union {}", alts.join("|")));
            }
            TypeKind::Map(m) => {
                out.insert(format!("{q}: map of {}", tref(&m.value)));
            }
            TypeKind::Array(a) => {
                out.insert(format!("{q}: array of {}", tref(&a.items)));
            }
        }
    }
    out
}

fn tname(m: &Model, t: &TypeRef) -> String {
    let inner = match t.target {
        Target::Primitive(p) => p.edm_name().to_owned(),
        Target::Named(id) => m.ty(id).name.clone(),
    };
    if t.collection {
        format!("[{inner}]")
    } else {
        inner
    }
}

/// `METHOD path (params) body -> status:type, ...`
fn http_lines(m: &Model) -> Vec<String> {
    use odatagen::ir::http::ParameterLocation;
    m.http
        .iter()
        .map(|o| {
            let params: Vec<String> = o
                .parameters
                .iter()
                .map(|p| {
                    let at = match p.location {
                        ParameterLocation::Path => "path",
                        ParameterLocation::Query => "query",
                        ParameterLocation::Header => "header",
                        ParameterLocation::Cookie => "cookie",
                    };
                    format!(
                        "{at} {}{}: {}",
                        p.name,
                        if p.required { "" } else { "?" },
                        tname(m, &p.ty)
                    )
                })
                .collect();
            let body = o
                .request_body
                .as_ref()
                .map(|b| format!(" body {}", tname(m, &b.ty)))
                .unwrap_or_default();
            let responses: Vec<String> = o
                .responses
                .iter()
                .map(|r| {
                    format!(
                        "{}:{}",
                        r.status,
                        r.ty.as_ref()
                            .map(|t| tname(m, t))
                            .unwrap_or_else(|| "-".into())
                    )
                })
                .collect();
            format!(
                "{} {} ({}){body} -> {} [{}]",
                o.method,
                o.path,
                params.join(", "),
                responses.join(", "),
                o.operation_id.as_deref().unwrap_or("")
            )
        })
        .collect()
}

fn union_alternatives(m: &Model, qualified: &str) -> Vec<String> {
    let id = m
        .lookup(qualified)
        .unwrap_or_else(|| panic!("no type {qualified}"));
    match &m.ty(id).kind {
        TypeKind::Union(u) => u.alternatives.iter().map(|a| tname(m, &a.ty)).collect(),
        other => panic!("{qualified} is not a union: {other:?}"),
    }
}
