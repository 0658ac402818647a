//! JSON examples in Markdown API pages (the Microsoft Graph docs' convention): a fenced block
//! announced by an `<!-- { "blockType": ..., "@odata.type": ..., ... } -->` comment. HTTP blocks
//! (request or response) carry their JSON body after the headers.

/// One example block.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// `blockType` (`request`, `response`, `resource`, ...).
    pub block_type: String,
    /// `@odata.type`, if given.
    pub odata_type: Option<String>,
    /// `isCollection`.
    pub is_collection: bool,
    /// `truncated`.
    pub truncated: bool,
    /// 1-based line of the first line of `json` in the page.
    pub line: usize,
    /// The JSON text (the body of an HTTP block), verbatim.
    pub json: String,
    /// The first line of an HTTP block (`POST https://...`, `HTTP/1.1 201 Created`), if any.
    pub http_line: Option<String>,
}

/// Find the annotated example blocks of a page. Blocks with `blockType: ignored` and blocks without
/// a JSON body are skipped.
pub fn extract(page: &str) -> Vec<Example> {
    let lines: Vec<&str> = page.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(start) = lines[i].find("<!--") else {
            i += 1;
            continue;
        };
        // Gather the comment.
        let mut comment = String::from(&lines[i][start + 4..]);
        let mut j = i;
        while !comment.contains("-->") && j + 1 < lines.len() {
            j += 1;
            comment.push('\n');
            comment.push_str(lines[j]);
        }
        let Some(end) = comment.find("-->") else { break };
        let meta: Option<serde_json::Value> = serde_json::from_str(comment[..end].trim()).ok();
        i = j + 1;
        let Some(meta) = meta else { continue };
        let Some(block_type) = meta.get("blockType").and_then(|v| v.as_str()) else {
            continue;
        };
        if block_type == "ignored" {
            continue;
        }
        // The next fence, skipping blank lines and tab headings.
        let Some(fence) = (i..lines.len()).find(|&k| lines[k].trim_start().starts_with("```"))
        else {
            continue;
        };
        let Some(close) = (fence + 1..lines.len()).find(|&k| lines[k].trim_start().starts_with("```"))
        else {
            continue;
        };
        let body = &lines[fence + 1..close];
        i = close + 1;
        let (http_line, json_start) = match body.iter().position(|l| l.trim_start().starts_with(['{', '['])) {
            Some(p) => {
                let first = body.first().map(|l| l.trim());
                let http = first.filter(|l| !l.starts_with(['{', '['])).map(str::to_owned);
                (http, p)
            }
            None => continue,
        };
        let json = body[json_start..].join("\n");
        out.push(Example {
            block_type: block_type.to_owned(),
            odata_type: meta
                .get("@odata.type")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            is_collection: meta
                .get("isCollection")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            truncated: meta.get("truncated").and_then(|v| v.as_bool()).unwrap_or(false),
            line: fence + 2 + json_start,
            json,
            http_line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_http_bodies() {
        let page = "<!-- {\n  \"blockType\": \"request\"\n} -->\n``` http\nPOST https://x/y\nContent-type: application/json\n\n{\n  \"a\": 1\n}\n```\n";
        let ex = super::extract(page);
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].json, "{\n  \"a\": 1\n}");
        assert_eq!(ex[0].line, 8);
        assert_eq!(ex[0].http_line.as_deref(), Some("POST https://x/y"));
    }
}
