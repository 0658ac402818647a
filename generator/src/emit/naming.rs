//! Rust names for metadata names: case conversion (heck), sanitising, keywords, and uniqueness.
//!
//! Every identifier the emitter prints comes from here, so metadata cannot inject code through a
//! name: the result contains only ASCII letters, digits and underscores (plus a `r#` prefix for
//! keywords), and never starts with a digit. Collisions after case conversion are resolved
//! deterministically, in metadata order, by numbering (`QueryString`, `QueryString2`).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Rust keywords (strict and reserved, all editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// File and module names that Windows refuses.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Is `s` a Rust keyword?
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Replace everything but ASCII letters, digits and `_` (non-ASCII letters become `uXXXX`).
fn ascii_only(s: &str, sep: char) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("{sep}u{:04x}{sep}", c as u32));
        } else {
            out.push(sep);
        }
    }
    out
}

/// `UpperCamelCase` type or variant name.
pub fn camel(name: &str) -> String {
    // heck splits words on case changes and non-alphanumerics; ascii_only first keeps its input
    // clean, and word separators become boundaries.
    let mut s = ascii_only(name, '_').to_upper_camel_case();
    s.retain(|c| c.is_ascii_alphanumeric());
    if s.is_empty() {
        s = "Unnamed".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    if s == "Self" {
        s.push_str("Type");
    }
    s
}

/// The variant name of enumeration value `value`: [`camel`], and `Empty` for the empty string
/// (Django REST framework's `BlankEnum` is `enum: [""]`).
pub fn variant(value: &str) -> String {
    if value.is_empty() {
        "Empty".to_owned()
    } else {
        camel(value)
    }
}

/// `snake_case` field or parameter name, as it would be written (a keyword gets `r#`).
pub fn snake(name: &str) -> String {
    let mut s = ascii_only(name, '_').to_snake_case();
    s.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    while s.contains("__") {
        s = s.replace("__", "_");
    }
    let trimmed = s.trim_matches('_');
    let mut s = if trimmed.is_empty() {
        "unnamed".to_owned()
    } else {
        trimmed.to_owned()
    };
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    } else if is_keyword(&s) {
        s.insert_str(0, "r#");
    }
    s
}

/// `snake_case` module or file name: like [`snake`], but keywords and Windows device names get
/// a `_` suffix (module names double as file names).
pub fn module(name: &str) -> String {
    let mut s = snake(name);
    if let Some(stripped) = s.strip_prefix("r#") {
        s = format!("{stripped}_");
    }
    if WINDOWS_RESERVED.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Longest file stem [`file_stem`] gives, in bytes: file systems allow 255 bytes per name, and a
/// path under `src/` should stay well within every platform's limits.
pub const MAX_FILE_STEM: usize = 100;

/// The module (and file) name for `name` ([`module`]), at most [`MAX_FILE_STEM`] bytes: a longer
/// one (an operation id or a path of twenty segments) is cut and ends in a hash of the whole, so
/// two long names that share their start stay apart.
pub fn file_stem(name: &str) -> String {
    let s = module(name);
    if s.len() <= MAX_FILE_STEM {
        return s;
    }
    // FNV-1a: stable across runs and platforms (the output must be the same bytes everywhere).
    let hash = s
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let mut end = MAX_FILE_STEM - 9;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}_{:08x}", s[..end].trim_end_matches('_'), hash as u32)
}

/// Hands out unique names in one Rust namespace (a module's items, a struct's fields, an enum's
/// variants). The first claimant of a name keeps it; later ones get a number.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope with these names already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope {
            taken: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claim `base` or, if taken, `base2`, `base3`, ... (`base_2` for snake case names).
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let raw = base.strip_prefix("r#").unwrap_or(base);
        let snake_like = raw.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        for n in 2.. {
            let candidate = if snake_like {
                // `type_` → `type_2`, not `type__2` (not snake case).
                format!("{}_{n}", raw.trim_end_matches('_'))
            } else {
                format!("{raw}{n}")
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// Is `name` taken?
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn file_stems_are_bounded_and_stay_apart() {
        assert_eq!(file_stem("listPets"), "list_pets");
        let long = "me.pendingAccessReviewInstances.accessReviewInstance.stages.accessReviewStage.decisions.accessReviewInstanceDecisionItem.insights.governanceInsight";
        let a = file_stem(long);
        let b = file_stem(&format!("{long}X"));
        assert!(a.len() <= MAX_FILE_STEM && b.len() <= MAX_FILE_STEM, "{a} {b}");
        assert_ne!(a, b);
        assert!(a.starts_with("me_pending_access_review_instances_"), "{a}");
        assert_eq!(file_stem(long), a, "the same name, the same stem");
        // Multi-byte characters are never cut in half.
        let wide = "ä".repeat(200);
        assert!(file_stem(&wide).len() <= MAX_FILE_STEM);
    }
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(camel("credentialUserRegistrationCount"), "CredentialUserRegistrationCount");
        assert_eq!(camel("remote_Control_Software"), "RemoteControlSoftware");
        assert_eq!(camel("Self"), "SelfType");
        assert_eq!(camel("1x"), "N1x");
        assert_eq!(camel(""), "Unnamed");
        assert_eq!(camel("a*/b\"c"), "ABC");
        assert_eq!(snake("totalUserCount"), "total_user_count");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("_"), "unnamed");
        assert_eq!(snake("query_string"), "query_string");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(module("con"), "con_");
        assert_eq!(module("type"), "type_");
        assert_eq!(module("../etc"), "etc");
        assert_eq!(camel("café"), "CafU00e9");
    }

    #[test]
    fn scope_numbers_collisions() {
        let mut s = Scope::default();
        assert_eq!(s.claim("QueryString"), "QueryString");
        assert_eq!(s.claim("QueryString"), "QueryString2");
        assert_eq!(s.claim("query_string"), "query_string");
        assert_eq!(s.claim("query_string"), "query_string_2");
        assert_eq!(s.claim("r#type"), "r#type");
        assert_eq!(s.claim("r#type"), "type_2");
        assert_eq!(s.claim("self_"), "self_");
        assert_eq!(s.claim("self_"), "self_2");
    }
}
