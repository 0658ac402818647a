//! `$batch` in the multipart format (OData 4.0 Protocol, "Batch Requests"): what services without
//! the JSON batch format read (OData 4.0 servers, Dynamics 365, SharePoint).

use super::{
    Batch, BatchPart, BatchResponse, Error, Expect, One, Query, append_header, media_essence,
    multipart,
};
use ::std::string::String;
use ::std::vec::Vec;

/// Nesting allowed in a batch response (a change set is one level): deeper is an error.
const MAX_DEPTH: usize = 4;

impl Batch {
    /// The batch as one request in the multipart format: `POST $batch` with a `multipart/mixed`
    /// body, one `application/http` part per request (`Content-ID` = its id), read into a
    /// [`BatchResponse`] as [`Batch::query`]'s is (`responses.get(&item)` works the same).
    ///
    /// The multipart format has no `dependsOn`: the service runs the requests in the order added.
    /// The requests of an atomicity group ([`Batch::add_atomic`]) form one change set (a nested
    /// `multipart/mixed` part), which the service runs all or none; the others run each on its
    /// own. Request URLs are relative to the service root (`People('x')`), as the batch
    /// request's own URL resolves them.
    pub fn multipart_query(&self) -> Query<(), MultipartBatchResult, One, ()> {
        let mut q = self.post();
        if q.error.is_some() {
            return q;
        }
        let mut parts = Vec::with_capacity(self.entries.len());
        // The requests of the current change set.
        let mut change_set: Vec<Vec<u8>> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let part = if e.group.is_some() && e.method == http::Method::GET {
                Err("a GET cannot be in a change set (the multipart format takes only changes and actions there)".to_owned())
            } else {
                e.http_part()
            };
            match part {
                Ok(p) if e.group.is_some() => change_set.push(p),
                Ok(p) => parts.push(p),
                Err(m) => {
                    q.error = Some(format!("batch request {}: {m}", e.id));
                    return q;
                }
            }
            let next_unit = self.entries.get(i + 1).map(|n| n.unit);
            if !change_set.is_empty() && next_unit != Some(e.unit) {
                let (boundary, body) =
                    multipart(&format!("changeset_odatagen_{}", e.unit), &change_set);
                let mut p = format!("Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n")
                    .into_bytes();
                p.extend_from_slice(&body);
                parts.push(p);
                change_set.clear();
            }
        }
        let (boundary, body) = multipart("batch_odatagen", &parts);
        q.body = Some(body);
        q.content_type = Some(format!("multipart/mixed; boundary={boundary}"));
        q.header("Accept", "multipart/mixed")
    }
}

impl super::BatchEntry {
    /// The MIME part of this request: part headers, then the request line, headers and body.
    fn http_part(&self) -> Result<Vec<u8>, String> {
        let mut head = format!(
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: {}\r\n\r\n",
            self.id
        );
        // Relative to the service root (a next link stays absolute).
        let url = self.url.strip_prefix('/').unwrap_or(&self.url);
        if url
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
        {
            return Err(format!("URL `{url}` has white space"));
        }
        head.push_str(&format!("{} {url} HTTP/1.1\r\n", self.method));
        let mut headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
        {
            headers.insert(0, ("Accept", super::json_accept()));
        }
        // A `Content-Type` set with `header` replaces the body's own.
        if self.body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            let ct = self.content_type.as_deref();
            headers.push(("Content-Type", ct.unwrap_or(super::json_accept())));
        }
        for (k, v) in headers {
            // The `http` crate's rules: no line breaks can end up in the batch body.
            if http::header::HeaderName::from_bytes(k.as_bytes()).is_err()
                || http::header::HeaderValue::from_str(v).is_err()
            {
                return Err(format!("invalid header `{k}`"));
            }
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut part = head.into_bytes();
        if let Some(b) = &self.body {
            part.extend_from_slice(b);
        }
        Ok(part)
    }
}

/// How a multipart `$batch` response is read (the `R` of [`Batch::multipart_query`]).
pub struct MultipartBatchResult;

impl Expect for MultipartBatchResult {
    type Output = BatchResponse;
    type Kind = One;
    const ACCEPT: &'static str = "multipart/mixed";
    fn parse(status: u16, body: &[u8]) -> Result<BatchResponse, Error> {
        let bad = |message: String| Error::UnexpectedBody { status, message };
        let mut responses = Vec::new();
        read_multipart(body, None, 0, &mut responses).map_err(bad)?;
        // Responses without a `Content-ID` answer the requests in order (ids `1`, `2`, ...; see
        // `BatchResponse::get` for change sets).
        for (i, r) in responses.iter_mut().enumerate() {
            if !r.id_given {
                r.id = (i + 1).to_string();
            }
        }
        Ok(BatchResponse { responses })
    }
}

/// Reads the parts of a `multipart/mixed` body (the boundary from the media type when known,
/// else from the first delimiter line), each an `application/http` response or a nested change
/// set, into `out` in order.
fn read_multipart(
    body: &[u8],
    boundary: Option<&str>,
    depth: usize,
    out: &mut Vec<BatchPart>,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("a batch response nested too deeply".into());
    }
    let lines = split_lines(body);
    let boundary = match boundary {
        Some(b) => b.to_owned(),
        None => lines
            .iter()
            .find_map(|(l, _)| {
                let l = trim_ws(l);
                (l.starts_with(b"--") && l.len() > 2)
                    .then(|| String::from_utf8_lossy(&l[2..]).into_owned())
            })
            .ok_or("a multipart batch response (no `--boundary` line)")?,
    };
    let delimiter = format!("--{boundary}");
    let close = format!("--{boundary}--");
    // Byte ranges of the parts: between a delimiter line and the line break before the next.
    let mut start: Option<usize> = None;
    let mut closed = false;
    // Top-level parts are numbered (a change set counts as one).
    let mut index = 0usize;
    for (line, at) in &lines {
        let l = trim_ws(line);
        let is_close = l == close.as_bytes();
        if is_close || l == delimiter.as_bytes() {
            if let Some(s) = start {
                let end = line_break_before(body, *at).max(s);
                let top = (depth == 0).then_some(index);
                index += 1;
                read_part(body.get(s..end).unwrap_or_default(), depth, top, out)?;
            }
            if is_close {
                closed = true;
                break;
            }
            start = Some(at + line.len() + line_break_len(body, at + line.len()));
        }
    }
    if !closed {
        return Err(format!("a multipart batch response ends without `{close}`"));
    }
    Ok(())
}

/// One part: its headers, then an `application/http` response or a nested multipart change set.
/// `top`: its position among the top-level parts (`None` in a change set).
fn read_part(
    part: &[u8],
    depth: usize,
    top: Option<usize>,
    out: &mut Vec<BatchPart>,
) -> Result<(), String> {
    let (headers, content) = split_head(part)?;
    let media = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if media_essence(&media).starts_with("multipart/") {
        let boundary = media.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| v.trim().trim_matches('"').to_owned())
        });
        return read_multipart(content, boundary.as_deref(), depth + 1, out);
    }
    let id = headers
        .get("content-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
        .unwrap_or_default();
    // The response: status line, headers, body.
    let Some(nl) = content.iter().position(|&b| b == b'\n') else {
        return Err("a batch part without an HTTP status line".into());
    };
    let status_line = String::from_utf8_lossy(content.get(..nl).unwrap_or_default());
    let mut words = status_line.split_whitespace();
    let status = match (words.next(), words.next().map(str::parse::<u16>)) {
        (Some(v), Some(Ok(s))) if v.starts_with("HTTP/") && (100..600).contains(&s) => s,
        _ => {
            return Err(format!(
                "a batch part whose status line is `{}`",
                status_line.trim()
            ));
        }
    };
    let (headers, body) = split_head(content.get(nl + 1..).unwrap_or_default())?;
    out.push(BatchPart {
        id_given: !id.is_empty(),
        id,
        top,
        status,
        headers,
        body: body.to_vec(),
    });
    Ok(())
}

/// Header lines up to the first empty line (CRLF or LF), and what follows.
fn split_head(bytes: &[u8]) -> Result<(http::HeaderMap, &[u8]), String> {
    let mut headers = http::HeaderMap::new();
    let mut at = 0;
    loop {
        let rest = bytes.get(at..).unwrap_or_default();
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            // No empty line: headers only (a body-less part may end right after them).
            if !trim_ws(rest).is_empty() {
                add_header(&mut headers, rest)?;
            }
            return Ok((headers, &[]));
        };
        let line = rest.get(..nl).unwrap_or_default();
        at += nl + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return Ok((headers, bytes.get(at..).unwrap_or_default()));
        }
        add_header(&mut headers, line)?;
    }
}

fn add_header(headers: &mut http::HeaderMap, line: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(line);
    let Some((k, v)) = text.split_once(':') else {
        return Err(format!("a batch part header line `{}`", text.trim()));
    };
    append_header(headers, k.trim(), v.trim());
    Ok(())
}

/// The lines of `body` (without their line break) and where each starts.
fn split_lines(body: &[u8]) -> Vec<(&[u8], usize)> {
    let mut lines = Vec::new();
    let mut at = 0;
    while at <= body.len() {
        let rest = body.get(at..).unwrap_or_default();
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let line = rest.get(..len).unwrap_or_default();
        lines.push((line.strip_suffix(b"\r").unwrap_or(line), at));
        at += len + 1;
    }
    lines
}

/// The length of the line break at `at` (`\r\n`, `\n`, or none).
fn line_break_len(body: &[u8], at: usize) -> usize {
    match body.get(at..at + 2) {
        Some(b"\r\n") => 2,
        _ if body.get(at) == Some(&b'\n') => 1,
        _ => 0,
    }
}

/// Where the line break before the line at `at` starts: it belongs to the delimiter.
fn line_break_before(body: &[u8], at: usize) -> usize {
    match at.checked_sub(1).and_then(|i| body.get(i)) {
        Some(b'\n') if at >= 2 && body.get(at - 2) == Some(&b'\r') => at - 2,
        Some(b'\n') => at - 1,
        _ => at,
    }
}

/// Without leading and trailing spaces and tabs (transport padding after a delimiter).
fn trim_ws(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t'))
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t'))
        .map_or(start, |e| e + 1);
    b.get(start..end).unwrap_or_default()
}
