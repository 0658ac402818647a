//! Operations as the input states them (OpenAPI paths): used by the generated `rest` module.

use super::{
    Error, Expect, FormStyle, Many, ODataError, Path, Query, Updated, body_error, styled_pairs,
};
use crate::odata::{JsonError, Wire};
use ::core::marker::PhantomData;
use ::std::string::String;
use ::std::vec::Vec;

const ALL_2XX: [u16; 100] = {
    let mut all = [0u16; 100];
    let mut i = 0;
    while i < 100 {
        all[i] = 200 + i as u16;
        i += 1;
    }
    all
};

/// Every `2xx` status: the success statuses of an operation documenting `2XX` (or no success
/// status at all).
pub const SUCCESS_2XX: &[u16] = &ALL_2XX;

/// Path parameters: everything but RFC 3986 unreserved characters is percent-encoded (a `/` in a
/// value stays inside its segment).
const PATH_PARAM: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Cookie values (RFC 6265 `cookie-octet`): controls, space, `"`, `,`, `;`, `\`, `%` (so that
/// the encoding reads back) and non-ASCII bytes are percent-encoded.
const COOKIE_VALUE: &::percent_encoding::AsciiSet = &::percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// A path or header parameter value as the texts it is sent as (OpenAPI's `simple` style, not
/// exploded): strings as they are, numbers and booleans printed, arrays one text per item, an
/// object its names and values in turn (`null` items, members and a `null` value: none).
fn param_texts<V: Wire>(value: &V) -> Result<Vec<String>, String> {
    match crate::odata::to_value(value).map_err(|e| e.to_string())? {
        ::serde_json::Value::Array(items) => Ok(items.into_iter().filter_map(value_text).collect()),
        ::serde_json::Value::Object(members) => Ok(members
            .into_iter()
            .filter_map(|(k, v)| Some([k, value_text(v)?]))
            .flatten()
            .collect()),
        other => Ok(value_text(other).into_iter().collect()),
    }
}

/// The JSON text of a value (one text: see [`FormStyle::Json`]).
fn json_text<V: Wire>(value: &V) -> Result<Vec<String>, String> {
    crate::odata::to_string(value)
        .map(|t| vec![t])
        .map_err(|e| e.to_string())
}

/// A value as the text it is sent as: a string as it is, anything else as JSON (numbers and
/// booleans printed); `null`: none.
pub(crate) fn value_text(v: ::serde_json::Value) -> Option<String> {
    match v {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// How an operation's paged response is split: the member holding the items and the one
/// linking to the next page (`x-ms-pageable`). Implemented by the operation marker types of the
/// generated `rest` module.
pub trait PageNames {
    /// The member holding the items (`value` unless the input says otherwise).
    const ITEMS: &'static str;
    /// The member holding the next page's URL, if the response can have more pages.
    const NEXT_LINK: ::core::option::Option<&'static str>;
}

/// One page of a paged operation (see [`PageNames`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemPage<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The next page's URL, if there is one.
    pub next_link: ::core::option::Option<String>,
}

/// A paged response: the items of member `P::ITEMS`, the next link of member `P::NEXT_LINK`.
pub struct Paged<T, P>(PhantomData<fn() -> (T, P)>);
impl<T: Wire, P: PageNames> Expect for Paged<T, P> {
    type Output = ItemPage<T>;
    type Kind = Many;
    fn parse(status: u16, body: &[u8]) -> Result<ItemPage<T>, Error> {
        super::needs_body(status, body)?;
        let unexpected = |message: String| Error::UnexpectedBody { status, message };
        let json: ::serde_json::Value =
            ::serde_json::from_slice(body).map_err(|e| unexpected(e.to_string()))?;
        let ::serde_json::Value::Object(mut members) = json else {
            return Err(unexpected("a page must be a JSON object".into()));
        };
        let items = match members.remove(P::ITEMS) {
            None => return Err(unexpected(format!("the page has no `{}` member", P::ITEMS))),
            Some(::serde_json::Value::Null) => Vec::new(),
            Some(v) => crate::odata::from_value(v).map_err(|e| body_error(status, e))?,
        };
        let next_link = match P::NEXT_LINK.and_then(|n| members.remove(n)) {
            None | Some(::serde_json::Value::Null) => None,
            Some(::serde_json::Value::String(s)) => Some(s),
            Some(_) => {
                return Err(unexpected(format!(
                    "the next link `{}` is not a string",
                    P::NEXT_LINK.unwrap_or_default()
                )));
            }
        };
        Ok(ItemPage { items, next_link })
    }
}

/// A success body that may be absent: `None` for an empty body (a `204` beside a `200` with a
/// value), else the value.
pub type Optional<T> = Updated<T>;

impl ODataError {
    /// The error body read as the type the operation documents for it (e.g. a plain API's
    /// `Error` model); the JSON path names what did not match.
    pub fn body_as<E: Wire>(&self) -> Result<E, JsonError> {
        crate::odata::from_slice(&self.body)
    }
}

impl<T, R: Expect, C> Query<T, R, R::Kind, C> {
    /// Start the request of an operation stated by the input: `method` on the path `template`
    /// (`/pets/{petId}`: placeholders are filled by [`Query::path_param`]), succeeding with the
    /// `success` statuses. Generated code of the `rest` module calls this.
    pub fn operation(method: &str, template: &str, success: &'static [u16]) -> Self {
        match http::Method::from_bytes(method.as_bytes()) {
            Ok(m) => Query::new(m, Path::new(template), success),
            Err(e) => {
                let mut q = Query::new(http::Method::GET, Path::new(template), success);
                q.error = Some(format!("method `{method}`: {e}"));
                q
            }
        }
    }
}

impl<T, R, K, C> Query<T, R, K, C> {
    pub(crate) fn fail(mut self, what: &str, message: String) -> Self {
        if self.error.is_none() {
            self.error = Some(format!("{what}: {message}"));
        }
        self
    }

    /// Fill the placeholder `{name}` of the path with `value` (percent-encoded; arrays
    /// comma-separated).
    pub fn path_param<V: Wire>(self, name: &str, value: &V) -> Self {
        self.path_texts(name, param_texts(value))
    }

    /// Fill the placeholder `{name}` of the path with `value`'s JSON text (percent-encoded: a
    /// parameter with `content` of a JSON media type).
    pub fn path_param_json<V: Wire>(self, name: &str, value: &V) -> Self {
        self.path_texts(name, json_text(value))
    }

    /// Fill the placeholder `{name}` of the path with `value` in OpenAPI's `label` style: `.5`;
    /// an array `.3,4,5` (`explode`: `.3.4.5`); an object `.r,1,g,2` (`explode`: `.r=1.g=2`).
    pub fn path_param_label<V: Wire>(self, name: &str, value: &V, explode: bool) -> Self {
        self.path_styled(name, value, explode, false)
    }

    /// Fill the placeholder `{name}` of the path with `value` in OpenAPI's `matrix` style:
    /// `;id=5`; an array `;id=3,4,5` (`explode`: `;id=3;id=4;id=5`); an object `;id=r,1,g,2`
    /// (`explode`: `;r=1;g=2`).
    pub fn path_param_matrix<V: Wire>(self, name: &str, value: &V, explode: bool) -> Self {
        self.path_styled(name, value, explode, true)
    }

    /// `label`, or `matrix` when `matrix`.
    fn path_styled<V: Wire>(mut self, name: &str, value: &V, explode: bool, matrix: bool) -> Self {
        let enc = |t: &str| ::percent_encoding::utf8_percent_encode(t, PATH_PARAM).to_string();
        let v = match crate::odata::to_value(value) {
            Ok(v) => v,
            Err(e) => return self.fail(&format!("path parameter `{name}`"), e.to_string()),
        };
        let n = enc(name);
        let text: String = match (v, explode) {
            // Exploded: one `.value` / `;name=value` per item, one `.k=v` / `;k=v` per member.
            (::serde_json::Value::Object(m), true) => m
                .into_iter()
                .filter_map(|(k, v)| Some((enc(&k), enc(&value_text(v)?))))
                .map(|(k, v)| match matrix {
                    false => ::std::format!(".{k}={v}"),
                    true => ::std::format!(";{k}={v}"),
                })
                .collect(),
            (::serde_json::Value::Array(items), true) => items
                .into_iter()
                .filter_map(value_text)
                .map(|t| match matrix {
                    false => ::std::format!(".{}", enc(&t)),
                    true => ::std::format!(";{n}={}", enc(&t)),
                })
                .collect(),
            // Not exploded: the items, or an object's names and values, joined by `,`.
            (other, _) => {
                let texts: Vec<String> = match other {
                    ::serde_json::Value::Array(items) => {
                        items.into_iter().filter_map(value_text).collect()
                    }
                    ::serde_json::Value::Object(m) => m
                        .into_iter()
                        .filter_map(|(k, v)| Some([k, value_text(v)?]))
                        .flatten()
                        .collect(),
                    v => value_text(v).into_iter().collect(),
                };
                let joined = texts.iter().map(|t| enc(t)).collect::<Vec<_>>().join(",");
                match (matrix, joined.is_empty()) {
                    (_, true) => String::new(),
                    (false, false) => ::std::format!(".{joined}"),
                    (true, false) => ::std::format!(";{n}={joined}"),
                }
            }
        };
        // No value at all: `.` (label), `;name` (matrix).
        let text = match (text.is_empty(), matrix) {
            (false, _) => text,
            (true, false) => ".".to_owned(),
            (true, true) => ::std::format!(";{n}"),
        };
        let placeholder = format!("{{{name}}}");
        self.path = Path::new(self.path.0.replace(&placeholder, &text));
        self
    }

    fn path_texts(mut self, name: &str, texts: Result<Vec<String>, String>) -> Self {
        match texts {
            Ok(texts) => {
                let text = texts
                    .iter()
                    .map(|t| ::percent_encoding::utf8_percent_encode(t, PATH_PARAM).to_string())
                    .collect::<Vec<_>>()
                    .join(",");
                let placeholder = format!("{{{name}}}");
                self.path = Path::new(self.path.0.replace(&placeholder, &text));
                self
            }
            Err(e) => self.fail(&format!("path parameter `{name}`"), e),
        }
    }

    /// Set the query parameter `name` in OpenAPI's default style (`form`, exploded): arrays
    /// repeat the name (`name=a&name=b`), an object's members are parameters of their own
    /// (`r=1&g=2`). Replaces an earlier value.
    pub fn query_param<V: Wire>(self, name: &str, value: &V) -> Self {
        self.query_param_styled(name, value, FormStyle::Exploded)
    }

    /// Set the query parameter `name` to one value, array items (or an object's names and
    /// values) comma-separated (`name=a,b`: OpenAPI `explode: false`).
    pub fn query_param_joined<V: Wire>(self, name: &str, value: &V) -> Self {
        self.query_param_styled(name, value, FormStyle::Delimited(","))
    }

    /// Set the query parameter `name` in `style` (OpenAPI `deepObject`: `name[k]=v`;
    /// `spaceDelimited` and `pipeDelimited`: [`FormStyle::Delimited`]). A `null` value, or
    /// `null` items and members, send nothing. Replaces every pair an earlier value of the
    /// parameter wrote.
    pub fn query_param_styled<V: Wire>(mut self, name: &str, value: &V, style: FormStyle) -> Self {
        match crate::odata::to_value(value) {
            Ok(v) => {
                let mut pairs = Vec::new();
                styled_pairs(name.to_owned(), v, style, false, &mut pairs);
                let nested = format!("{name}[");
                let exploded = &self.exploded;
                self.query.retain(|(k, _)| {
                    k != name
                        && !k.starts_with(&nested)
                        && !exploded.iter().any(|(p, e)| p == name && e == k)
                });
                self.exploded.retain(|(p, _)| p != name);
                for (k, _) in &pairs {
                    if k != name && !k.starts_with(&nested) {
                        self.exploded.push((name.to_owned(), k.clone()));
                    }
                }
                self.query.extend(pairs);
                self
            }
            Err(e) => self.fail(&format!("query parameter `{name}`"), e.to_string()),
        }
    }

    /// Set the header `name` (replacing an earlier value; arrays comma-separated).
    pub fn header_param<V: Wire>(self, name: &str, value: &V) -> Self {
        self.header_texts(name, param_texts(value))
    }

    /// Set the header `name` to `value`'s JSON text (a parameter with `content` of a JSON media
    /// type). Replaces an earlier value.
    pub fn header_param_json<V: Wire>(self, name: &str, value: &V) -> Self {
        self.header_texts(name, json_text(value))
    }

    /// Send the cookie `name` with `value` (OpenAPI `in: cookie`, style `form`: an array's
    /// items joined by `,`), in the `Cookie` header beside the request's other cookies.
    /// Characters a cookie value may not hold (RFC 6265: controls, space, `"`, `,`, `;`, `\`,
    /// and beyond ASCII) are percent-encoded. Replaces an earlier value of the same cookie.
    pub fn cookie_param<V: Wire>(self, name: &str, value: &V) -> Self {
        self.cookie_texts(name, param_texts(value))
    }

    /// Send the cookie `name` with `value`'s JSON text, percent-encoded as in
    /// [`Query::cookie_param`] (a parameter with `content` of a JSON media type).
    pub fn cookie_param_json<V: Wire>(self, name: &str, value: &V) -> Self {
        self.cookie_texts(name, json_text(value))
    }

    fn cookie_texts(self, name: &str, texts: Result<Vec<String>, String>) -> Self {
        let texts = match texts {
            Ok(t) => t,
            Err(e) => return self.fail(&::std::format!("cookie `{name}`"), e),
        };
        let value = texts
            .iter()
            .map(|t| ::percent_encoding::utf8_percent_encode(t, COOKIE_VALUE).to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut pairs: Vec<String> = Vec::new();
        for (k, old) in &self.headers {
            if k.eq_ignore_ascii_case("cookie") {
                pairs.extend(
                    old.split(';')
                        .map(str::trim)
                        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
                        .map(str::to_owned),
                );
            }
        }
        pairs.push(::std::format!("{name}={value}"));
        self.replace_header("Cookie", &pairs.join("; "))
    }

    fn header_texts(self, name: &str, texts: Result<Vec<String>, String>) -> Self {
        match texts {
            Ok(texts) => self.replace_header(name, &texts.join(",")),
            Err(e) => self.fail(&format!("header `{name}`"), e),
        }
    }
}

impl<T, V, P: PageNames, C> Query<T, Paged<V, P>, Many, C> {
    /// The request for the page after `page` (a GET of its next link, same headers), if any.
    pub fn next_page(&self, page: &ItemPage<V>) -> ::core::option::Option<Self> {
        page.next_link.as_deref().map(|link| self.follow(link))
    }
}
