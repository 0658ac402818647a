//! Lexical forms of the Edm primitive types (OData ABNF) and [`ParseError`].

use ::core::fmt;

/// An invalid lexical form of an Edm primitive type, e.g.
/// `invalid Edm.Guid "skuId-value": expected 8-4-4-4-12 hex digits`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    type_name: &'static str,
    value: String,
    expected: &'static str,
}

impl ParseError {
    pub(crate) fn new(type_name: &'static str, value: &str, expected: &'static str) -> Self {
        const MAX: usize = 64;
        let value = if value.chars().count() > MAX {
            let mut s: String = value.chars().take(MAX).collect();
            s.push('…');
            s
        } else {
            value.to_owned()
        };
        ParseError {
            type_name,
            value,
            expected,
        }
    }

    /// The Edm type name, e.g. `Edm.Guid`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// What was expected, e.g. `8-4-4-4-12 hex digits`.
    pub fn expected(&self) -> &'static str {
        self.expected
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} {:?}: expected {}",
            self.type_name, self.value, self.expected
        )
    }
}

impl ::std::error::Error for ParseError {}

// ---------------------------------------------------------------------------------------------
// Lexical validation (OData ABNF)
// ---------------------------------------------------------------------------------------------

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        Cursor {
            b: s.as_bytes(),
            i: 0,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn bump(&mut self) {
        if self.i < self.b.len() {
            self.i += 1;
        }
    }
    /// Consumes `c` (ASCII case-insensitive, as ABNF literals are) if it is next.
    fn eat(&mut self, c: u8) -> bool {
        match self.peek() {
            Some(x) if x.eq_ignore_ascii_case(&c) => {
                self.bump();
                true
            }
            _ => false,
        }
    }
    fn eat_sign(&mut self) -> bool {
        self.eat(b'+') || self.eat(b'-')
    }
    /// Consumes a run of digits; returns (count, value saturated).
    fn digits(&mut self) -> (usize, u32) {
        let mut n = 0usize;
        let mut v = 0u32;
        while let Some(c) = self.peek() {
            if !c.is_ascii_digit() {
                break;
            }
            v = v.saturating_mul(10).saturating_add(u32::from(c - b'0'));
            n += 1;
            self.bump();
        }
        (n, v)
    }
    /// Exactly two digits with a value in `0..=max`.
    fn two(&mut self, min: u32, max: u32) -> bool {
        let start = self.i;
        let (n, v) = self.digits();
        if n == 2 && (min..=max).contains(&v) {
            true
        } else {
            self.i = start;
            false
        }
    }
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

pub(crate) fn lex_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `year "-" month "-" day`, year = `["-"] ("0" 3DIGIT / oneToNine 3*DIGIT)`.
fn lex_date_part(c: &mut Cursor<'_>) -> bool {
    c.eat(b'-');
    let first = c.peek();
    let (n, _) = c.digits();
    if n < 4 || (n > 4 && first == Some(b'0')) {
        return false;
    }
    c.eat(b'-') && c.two(1, 12) && c.eat(b'-') && c.two(1, 31)
}

/// `hour ":" minute [":" second ["." fractionalSeconds]]`.
fn lex_time_part(c: &mut Cursor<'_>) -> bool {
    if !(c.two(0, 23) && c.eat(b':') && c.two(0, 59)) {
        return false;
    }
    if c.eat(b':') {
        if !c.two(0, 60) {
            return false;
        }
        if c.eat(b'.') && c.digits().0 == 0 {
            return false;
        }
    }
    true
}

pub(crate) fn lex_date(s: &str) -> bool {
    let mut c = Cursor::new(s);
    lex_date_part(&mut c) && c.done()
}

pub(crate) fn lex_time_of_day(s: &str) -> bool {
    let mut c = Cursor::new(s);
    lex_time_part(&mut c) && c.done()
}

/// `date "T" time ("Z" / sign hh ":" mm)`; also the offset without its colon (`+0000`, ISO
/// 8601's basic form), which Java's `SimpleDateFormat` pattern `Z` writes and services such as
/// Jira send: read, and kept as written, rather than refusing the whole payload.
/// (`odatagen examples` still reports it: it is not the OData or RFC 3339 form.)
pub(crate) fn lex_date_time_offset(s: &str) -> bool {
    let mut c = Cursor::new(s);
    if !(lex_date_part(&mut c) && c.eat(b'T') && lex_time_part(&mut c)) {
        return false;
    }
    if c.eat(b'Z') {
        return c.done();
    }
    if c.eat_sign() && c.two(0, 23) && c.eat(b':') {
        return c.two(0, 59) && c.done();
    }
    // `±hhmm`: the four digits are one run for the cursor.
    let b = s.as_bytes();
    let n = b.len();
    let two = |i: usize, max: u8| {
        b[i].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && (b[i] - b'0') * 10 + (b[i + 1] - b'0') <= max
    };
    n >= 5 && matches!(b[n - 5], b'+' | b'-') && two(n - 4, 23) && two(n - 2, 59) && {
        // Everything before the offset is the date and time checked above.
        let mut c = Cursor::new(&s[..n - 5]);
        lex_date_part(&mut c) && c.eat(b'T') && lex_time_part(&mut c) && c.done()
    }
}

/// Edm.DateTime of OData V1–V3 JSON: `/Date(` milliseconds since 1970 [`+`|`-` offset minutes]
/// `)/` (V2), or `YYYY-MM-DDThh:mm[:ss[.fffffff]]` with an optional `Z` or `±hh:mm` (V3).
pub(crate) fn lex_legacy_date_time(s: &str) -> bool {
    if let Some(inner) = s.strip_prefix("/Date(").and_then(|r| r.strip_suffix(")/")) {
        let mut c = Cursor::new(inner);
        c.eat(b'-');
        if c.digits().0 == 0 {
            return false;
        }
        if c.eat_sign() && c.digits().0 == 0 {
            return false;
        }
        return c.done();
    }
    let mut c = Cursor::new(s);
    if !(lex_date_part(&mut c) && c.eat(b'T') && lex_time_part(&mut c)) {
        return false;
    }
    if c.done() || (c.eat(b'Z') && c.done()) {
        return true;
    }
    c.eat_sign() && c.two(0, 23) && c.eat(b':') && c.two(0, 59) && c.done()
}

/// `[SIGN] "P" [1*DIGIT "D"] ["T" [1*DIGIT "H"] [1*DIGIT "M"] [1*DIGIT ["." 1*DIGIT] "S"]]`.
pub(crate) fn lex_duration(s: &str) -> bool {
    let mut c = Cursor::new(s);
    c.eat_sign();
    if !c.eat(b'P') {
        return false;
    }
    if c.digits().0 > 0 && !c.eat(b'D') {
        return false;
    }
    if c.done() {
        return true;
    }
    if !c.eat(b'T') {
        return false;
    }
    // 0: nothing yet, 1: after H, 2: after M, 3: after S
    let mut stage = 0u8;
    while !c.done() {
        if c.digits().0 == 0 {
            return false;
        }
        if c.eat(b'.') {
            if c.digits().0 == 0 || !c.eat(b'S') {
                return false;
            }
            stage = 3;
        } else if stage < 1 && c.eat(b'H') {
            stage = 1;
        } else if stage < 2 && c.eat(b'M') {
            stage = 2;
        } else if stage < 3 && c.eat(b'S') {
            stage = 3;
        } else {
            return false;
        }
        if stage == 3 && !c.done() {
            return false;
        }
    }
    true
}

/// `[SIGN] 1*DIGIT ["." 1*DIGIT] ["e" [SIGN] 1*DIGIT]`.
pub(crate) fn lex_decimal_number(s: &str) -> bool {
    let mut c = Cursor::new(s);
    c.eat_sign();
    if c.digits().0 == 0 {
        return false;
    }
    if c.eat(b'.') && c.digits().0 == 0 {
        return false;
    }
    if c.eat(b'e') {
        c.eat_sign();
        if c.digits().0 == 0 {
            return false;
        }
    }
    c.done()
}

fn base64_sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// base64 or base64url, padded or not.
pub(crate) fn lex_binary(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let pad = s.len() - body.len();
    if pad > 2 || !body.bytes().all(|c| base64_sextet(c).is_some()) {
        return false;
    }
    match body.len() % 4 {
        1 => false,
        0 => pad == 0,
        _ => pad == 0 || s.len().is_multiple_of(4),
    }
}

pub(crate) fn base64_decode(s: &str) -> Vec<u8> {
    let body = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in body.bytes() {
        let Some(v) = base64_sextet(c) else {
            break;
        };
        acc = ((acc << 6) | u32::from(v)) & 0xFF_FFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xFF) as u8);
        }
    }
    out
}

pub(crate) fn base64_encode(bytes: &[u8], url: bool) -> String {
    fn sym(v: u32, url: bool) -> char {
        let v = (v & 63) as u8;
        char::from(match v {
            0..=25 => b'A' + v,
            26..=51 => b'a' + (v - 26),
            52..=61 => b'0' + (v - 52),
            62 if url => b'-',
            62 => b'+',
            _ if url => b'_',
            _ => b'/',
        })
    }
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (k, b) in chunk.iter().enumerate() {
            n |= u32::from(*b) << (16 - 8 * k as u32);
        }
        let syms = chunk.len() + 1;
        for k in 0..4u32 {
            if (k as usize) < syms {
                out.push(sym(n >> (18 - 6 * k), url));
            } else if !url {
                out.push('=');
            }
        }
    }
    out
}
