//! Postman collections (v2.1, and v2.0 where it differs): every request of every folder.
//!
//! ```text
//! { "info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
//!   "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
//!   "variable": [{"key": "baseUrl", "value": "https://api.mypurecloud.com"}],
//!   "item": [{"name": "Calls", "item": [                          (folders nest)
//!     {"name": "Hang up", "request": {
//!        "method": "PATCH",
//!        "url": {"raw": "{{baseUrl}}/api/v2/conversations/calls/{{id}}/participants/{{pid}}"},
//!        "header": [{"key": "Content-Type", "value": "application/json", "disabled": false}],
//!        "body": {"mode": "raw", "raw": "{\"state\": \"disconnected\"}"}}}]}]}
//! ```
//!
//! `{{name}}` is filled from the `variable` lists of the collection and of the folders around a
//! request (the inner one wins) and kept as written otherwise, so that it stands for a value of
//! unknown content; a URL's `:name` path segments are filled from its own `variable` list where
//! that gives them a value, and are placeholders otherwise. Auth (`bearer`, `oauth2`, `basic`, `apikey`, `noauth`) is the request's own,
//! or else its nearest folder's, or else the collection's; it becomes the header Postman sends.
//! URLs, header values and `raw` bodies are JSON strings in the file: decoded, each piece keeps
//! its place in the file through the escapes and the variables. Form bodies are read as form
//! parameters (not JSON); multipart, file and GraphQL bodies are not read.
//!
//! Credentials are counted where they are written (auth parameters, headers, `variable` values
//! named like a credential, bodies, URLs), before variables are filled in: a `{{token}}`
//! placeholder is no leaked secret.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::capture::{Capture, Draft, InputError, Order};
use super::format::Format;
use super::json::{JsonFile, Members};
use super::vars::{Built, Definitions, Syntax, Vars};
use crate::exchange::{Body, Granted, Header};
use crate::secrets::scan::{self, Kind};
use crate::text::{OffsetMap, Text};

/// How deep folders may nest before the ones below are left unread (serde_json stops at 128
/// levels of JSON, two a folder, anyway).
pub const MAX_FOLDERS: usize = 32;

/// Whether a JSON document looks like a Postman collection or environment (its reader decides
/// for sure).
pub fn looks_like(trimmed: &str) -> bool {
    crate::text::head(trimmed, 64 << 10).contains("schema.getpostman.com/json/collection") || is_environment(trimmed)
}

/// Whether a JSON document is a Postman environment (or globals) export: Postman writes its
/// `_postman_variable_scope` after the `values`, so it is looked for at both ends.
fn is_environment(trimmed: &str) -> bool {
    const MARK: &str = "\"_postman_variable_scope\"";
    let mut tail = trimmed.len().saturating_sub(4 << 10);
    while !trimmed.is_char_boundary(tail) {
        tail += 1;
    }
    trimmed.starts_with('{')
        && (crate::text::head(trimmed, 64 << 10).contains(MARK)
            || trimmed.get(tail..).is_some_and(|t| t.contains(MARK)))
}

/// A Postman environment export (`*.postman_environment.json`): variables for the collections
/// it is chosen for, nothing to send by itself.
#[derive(Deserialize)]
struct Environment<'a> {
    #[serde(borrow)]
    values: Option<&'a RawValue>,
}

/// One variable of an environment.
#[derive(Deserialize)]
struct EnvironmentValue<'a> {
    #[serde(borrow)]
    key: Option<&'a RawValue>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
    /// `default` or `secret` (the value is masked in Postman's own screens).
    #[serde(borrow, rename = "type")]
    kind: Option<&'a RawValue>,
    #[serde(borrow)]
    enabled: Option<&'a RawValue>,
}

/// An enabled variable of an environment: its name, its value as written, and whether it holds
/// a live credential (a `secret` value, or one named like a credential, that is no placeholder).
struct Variable {
    name: String,
    value: Text,
    secret: bool,
}

/// The enabled variables of an environment export, the live credentials among them counted in
/// `secrets` where they stand.
fn environment(file: &JsonFile, secrets: &mut super::capture::Secrets) -> Result<Vec<Variable>, InputError> {
    let root: Environment = serde_json::from_str(file.text).map_err(|e| file.json_error(&e))?;
    let values = root
        .values
        .and_then(|v| serde_json::from_str::<Vec<&RawValue>>(v.get()).ok())
        .ok_or_else(|| InputError::at(file.base, "not a Postman environment: no `values` list of variables"))?;
    let mut out = Vec::new();
    for raw in values {
        let Ok(v) = serde_json::from_str::<EnvironmentValue>(raw.get()) else { continue };
        let (Some(name), Some(value)) = (file.string(v.key), v.value.and_then(|r| scalar(file, r))) else { continue };
        // A disabled variable is not used, and a disabled credential is not a live one.
        if v.enabled.is_some_and(|e| e.get() == "false") {
            continue;
        }
        let named = file.string(v.kind).is_some_and(|k| k.value == "secret") || scan::is_secret_name(&name.value);
        let secret = named && !value.value.trim().is_empty() && !scan::is_placeholder(&value.value);
        if secret {
            secrets.add(Kind::Variable.name(), value.map.to_file(0).unwrap_or(file.base));
        }
        out.push(Variable { name: name.value, value, secret });
    }
    Ok(out)
}

/// Reads a Postman environment export found on its own: no request, only its live credentials.
fn read_environment(file: &JsonFile) -> Result<Capture, InputError> {
    let mut capture =
        Capture { order: Order::Written { format: Format::Postman, sequence: false }, ..Capture::default() };
    environment(file, &mut capture.secrets)?;
    Ok(capture)
}

/// The variables of the environment the user chose for collections (`--postman-environment`),
/// by name; its secret values are masked wherever gclint prints them (they are not written in
/// the collection, and are counted in the environment file when it is checked). A file that
/// cannot be read is a problem of the collection, not a pass.
fn chosen_environment(path: &std::path::Path, capture: &mut Capture, base: usize) -> Vec<(String, String)> {
    let unread = |capture: &mut Capture, why: String| {
        let shown = path.display();
        capture.problem(base, format!("the Postman environment {shown} (--postman-environment) cannot be read: {why}"));
        Vec::new()
    };
    let text = match crate::files::read_text(path, crate::files::MAX_SETTINGS_FILE, "the settings limit") {
        Ok(text) => text,
        Err(e) => return unread(capture, e.to_string()),
    };
    let file = JsonFile { text: text.trim_start_matches('\u{feff}'), base: 0 };
    match environment(&file, &mut super::capture::Secrets::default()) {
        Ok(values) => values
            .into_iter()
            .map(|v| {
                if v.secret {
                    capture.secrets.values.push(v.value.value.clone());
                }
                (v.name, v.value.value)
            })
            .collect(),
        Err(e) => unread(capture, e.message),
    }
}

#[derive(Deserialize)]
struct Collection<'a> {
    #[serde(borrow)]
    item: Option<&'a RawValue>,
    #[serde(borrow)]
    auth: Option<&'a RawValue>,
    #[serde(borrow)]
    variable: Option<&'a RawValue>,
}

/// A folder (with `item`) or a request (with `request`).
#[derive(Deserialize)]
struct Item<'a> {
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    item: Option<&'a RawValue>,
    #[serde(borrow)]
    request: Option<&'a RawValue>,
    #[serde(borrow)]
    auth: Option<&'a RawValue>,
    #[serde(borrow)]
    variable: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Request<'a> {
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
    #[serde(borrow)]
    header: Option<&'a RawValue>,
    #[serde(borrow)]
    body: Option<&'a RawValue>,
    #[serde(borrow)]
    auth: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Url<'a> {
    #[serde(borrow)]
    raw: Option<&'a RawValue>,
    #[serde(borrow)]
    protocol: Option<&'a RawValue>,
    #[serde(borrow)]
    host: Option<&'a RawValue>,
    #[serde(borrow)]
    path: Option<&'a RawValue>,
    #[serde(borrow)]
    query: Option<&'a RawValue>,
    /// The values of its `:name` path variables.
    #[serde(borrow)]
    variable: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct PostmanBody<'a> {
    #[serde(borrow)]
    mode: Option<&'a RawValue>,
    #[serde(borrow)]
    raw: Option<&'a RawValue>,
    #[serde(borrow)]
    urlencoded: Option<&'a RawValue>,
    #[serde(borrow)]
    disabled: Option<&'a RawValue>,
    #[serde(borrow)]
    options: Option<&'a RawValue>,
}

/// A `{key, value, disabled}` pair: a variable, a header, a query or form parameter, an auth
/// parameter. Variables of old collections are named by `id`.
#[derive(Deserialize)]
pub(super) struct Pair<'a> {
    #[serde(borrow)]
    pub key: Option<&'a RawValue>,
    #[serde(borrow)]
    pub id: Option<&'a RawValue>,
    /// Insomnia's name of a header or parameter (Postman writes it beside `key` too).
    #[serde(borrow)]
    pub name: Option<&'a RawValue>,
    #[serde(borrow)]
    pub value: Option<&'a RawValue>,
    #[serde(borrow)]
    pub disabled: Option<&'a RawValue>,
}

impl Pair<'_> {
    pub(super) fn disabled(&self) -> bool {
        self.disabled.is_some_and(|d| d.get() == "true")
    }
}

/// The header an auth setting makes Postman (or Insomnia) send; `None` for no header (`noauth`,
/// or a kind that puts its credentials elsewhere). And for OAuth 2.0, the scopes it asks for
/// (its `scope`, filled in; `None` when not set, or when it is a placeholder still).
#[derive(Clone, Default)]
pub(super) struct AuthHeader(pub Option<(String, String)>, pub Option<Text>);

/// Reads a Postman collection, with the variables of the environment the user chose (`--postman-environment`)
/// over its own; or an environment export found on its own.
pub fn read(text: &str, base: usize, chosen: Option<&std::path::Path>) -> Result<Capture, InputError> {
    let file = JsonFile { text, base };
    let root: Collection = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
    let Some(items) = root.item else {
        if is_environment(text.trim_start()) {
            return read_environment(&file);
        }
        return Err(InputError::at(base, "not a Postman collection: no `item` list of requests and folders"));
    };
    let mut capture =
        Capture { order: Order::Written { format: Format::Postman, sequence: false }, ..Capture::default() };
    // Postman fills a variable from the active environment before the collection's own.
    let chosen: Vec<(Cow<str>, Cow<str>)> = chosen
        .map(|path| chosen_environment(path, &mut capture, base))
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v)))
        .collect();
    let mut reader = Reader { file, capture: &mut capture, scopes_seen: Default::default() };
    let variables = reader.variables(root.variable);
    let variables = variables.into_iter().chain(chosen);
    let mut vars = Vars::new(Syntax::Mustache, variables, HashMap::new(), (16 << 20) + 8 * text.len());
    let auth = match root.auth {
        Some(raw) => reader.auth(raw, &mut vars).unwrap_or_default(),
        None => AuthHeader::default(),
    };
    reader.items(items, &mut vars, &auth, 0);
    if vars.exhausted {
        capture.problem(base, "variables left as written because their values grow the file too much");
    }
    Ok(capture)
}

/// What reads a collection (Postman's, or Insomnia's through the same pieces): the file and
/// what is read from it.
pub(super) struct Reader<'a, 'c> {
    pub file: JsonFile<'a>,
    pub capture: &'c mut Capture,
    /// Where the OAuth scopes of the auth settings seen so far are written.
    pub scopes_seen: std::collections::HashSet<usize>,
}

impl<'a> Reader<'a, '_> {
    /// The items of a folder (or of the collection), each request read with the variables and
    /// auth of the folders around it.
    fn items(&mut self, raw: &'a RawValue, vars: &mut Vars<'a>, auth: &AuthHeader, depth: usize) {
        let Ok(items) = serde_json::from_str::<Vec<&'a RawValue>>(raw.get()) else {
            self.capture.problem(self.file.offset(raw), "an `item` that is not a list of requests and folders");
            return;
        };
        for raw_item in items {
            let Ok(item) = serde_json::from_str::<Item>(raw_item.get()) else {
                self.capture.problem(self.file.offset(raw_item), "an item that is not a request or folder object");
                continue;
            };
            // An auth of its own replaces the one around it (`noauth` included); `null` inherits.
            let own = item.auth.filter(|a| a.get() != "null").and_then(|a| self.auth(a, vars));
            let auth = own.as_ref().unwrap_or(auth);
            if let Some(children) = item.item {
                if depth + 1 >= MAX_FOLDERS {
                    let message = format!("folders nested more than {MAX_FOLDERS} deep were not read");
                    self.capture.problem(self.file.offset(raw_item), message);
                    continue;
                }
                let variables = self.variables(item.variable);
                let mut inner = vars.scope(variables);
                self.items(children, &mut inner, auth, depth + 1);
                vars.give_back(inner);
            } else if let Some(request) = item.request {
                let name = self.file.string(item.name);
                self.request(request, name, vars, auth);
            }
        }
    }

    /// A `variable` list: the names and values (as written, unfilled), each value named like a
    /// credential counted.
    fn variables(&mut self, raw: Option<&'a RawValue>) -> Definitions<'a> {
        let mut out = Vec::new();
        for pair in self.pairs(raw) {
            let Some(name) = self.file.string(pair.key.or(pair.id)) else { continue };
            let Some(value) = pair.value.and_then(|v| self.scalar(v)) else { continue };
            if scan::is_secret_name(&name.value) && !scan::is_placeholder(&value.value) {
                self.capture.secrets.add(Kind::Variable.name(), value.map.to_file(0).unwrap_or(self.file.base));
            }
            if !pair.disabled() {
                out.push((Cow::Owned(name.value), Cow::Owned(value.value)));
            }
        }
        out
    }

    /// The pairs of a list; nothing when it is not one.
    pub(super) fn pairs(&self, raw: Option<&'a RawValue>) -> Vec<Pair<'a>> {
        let Some(raw) = raw else { return Vec::new() };
        let Ok(items) = serde_json::from_str::<Vec<&'a RawValue>>(raw.get()) else { return Vec::new() };
        items.into_iter().filter_map(|i| serde_json::from_str::<Pair>(i.get()).ok()).collect()
    }

    /// A string, or a number or boolean as written.
    pub(super) fn scalar(&self, raw: &'a RawValue) -> Option<Text> {
        scalar(&self.file, raw)
    }

    /// A Postman `auth` object (`{"type": "bearer", "bearer": [{key, value}]}`): the header it
    /// makes, with its credentials counted. `None` when it is not one.
    fn auth(&mut self, raw: &'a RawValue, vars: &mut Vars<'a>) -> Option<AuthHeader> {
        let Members(members) = serde_json::from_str::<Members>(raw.get()).ok()?;
        let kind = members.iter().find(|(k, _)| k == "type").and_then(|(_, v)| self.file.string(Some(v)))?.value;
        // The parameters of the kind: `[{key, value}]` (v2.1) or an object (v2.0).
        let params: Vec<(String, Text)> =
            members.iter().find(|(k, _)| *k == kind).map(|(_, v)| self.params(v)).unwrap_or_default();
        Some(self.auth_of(&kind, &params, vars))
    }

    /// The header an auth of `kind` with `params` (by name, as written) makes, its credentials
    /// counted. Postman's and Insomnia's names for the same parameter are both understood.
    pub(super) fn auth_of(&mut self, kind: &str, params: &[(String, Text)], vars: &mut Vars<'a>) -> AuthHeader {
        for (key, value) in params {
            let credential = scan::is_secret_name(key) || (kind == "apikey" && key == "value");
            if credential && !scan::is_placeholder(&value.value) {
                let at = value.map.to_file(0).unwrap_or(self.file.base);
                self.capture.secrets.add(Kind::Token.name(), at);
            }
        }
        let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        if param("disabled").is_some_and(|d| d.value == "true") {
            return AuthHeader::default();
        }
        let scope = param("scope")
            .filter(|_| kind == "oauth2")
            .map(|t| vars.fill_text(t))
            .filter(|s| !s.value.trim().is_empty() && !s.value.contains("{{") && !s.value.contains("{%"));
        let mut fill = |t: Option<Text>| t.map(|t| vars.fill_text(t).value);
        let header = match kind {
            "bearer" => {
                let prefix = fill(param("prefix")).filter(|p| !p.trim().is_empty()).unwrap_or_else(|| "Bearer".into());
                Some(("Authorization".into(), format!("{prefix} {}", fill(param("token")).unwrap_or_default())))
            }
            "oauth2" => {
                let to_header = param("addTokenTo").is_none_or(|t| t.value == "header");
                let prefix = fill(param("headerPrefix")).unwrap_or_else(|| "Bearer".into());
                let token = fill(param("accessToken")).unwrap_or_else(|| "{{accessToken}}".into());
                to_header.then(|| ("Authorization".into(), format!("{prefix} {token}").trim_start().to_owned()))
            }
            "basic" => {
                use base64::Engine;
                let user = fill(param("username")).unwrap_or_default();
                let password = fill(param("password")).unwrap_or_default();
                let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                Some(("Authorization".into(), format!("Basic {encoded}")))
            }
            "apikey" => {
                let place = param("in").or_else(|| param("addTo"));
                let in_header = place.is_none_or(|t| t.value == "header");
                let name = fill(param("key")).filter(|k| !k.is_empty());
                let value = fill(param("value")).unwrap_or_default();
                name.filter(|_| in_header).map(|n| (n, value))
            }
            _ => None,
        };
        AuthHeader(header, scope)
    }

    /// The scopes an auth asks for, as a request under it carries them; the first request under
    /// each auth setting is marked (see [`Granted::first`]).
    pub(super) fn granted(&mut self, auth: &AuthHeader) -> Option<Granted> {
        let scope = auth.1.clone()?;
        let first = self.scopes_seen.insert(scope.map.to_file(0).unwrap_or(self.file.base));
        Some(Granted { scope, source: "the scope of the collection's OAuth 2.0 auth".into(), first })
    }

    /// The parameters of an auth kind, by name, values as written.
    pub(super) fn params(&self, raw: &'a RawValue) -> Vec<(String, Text)> {
        if raw.get().starts_with('[') {
            return self
                .pairs(Some(raw))
                .into_iter()
                .filter_map(|p| Some((self.file.string(p.key)?.value, self.scalar(p.value?)?)))
                .collect();
        }
        let Ok(Members(members)) = serde_json::from_str::<Members>(raw.get()) else { return Vec::new() };
        members.into_iter().filter_map(|(k, v)| Some((k.into_owned(), self.scalar(v)?))).collect()
    }

    /// One request: counted, and kept when it goes to the API gclint checks.
    fn request(&mut self, raw: &'a RawValue, name: Option<Text>, vars: &mut Vars<'a>, auth: &AuthHeader) {
        // A request may be written as its URL alone.
        if raw.get().starts_with('"') {
            if let Some(url) = self.url(raw, vars) {
                let mut draft = Draft::new("GET", url);
                draft.comment = name;
                draft.headers.extend(auth_header(auth));
                draft.granted = self.granted(auth);
                self.capture.add(draft);
            }
            return;
        }
        let Ok(request) = serde_json::from_str::<Request>(raw.get()) else {
            self.capture.problem(self.file.offset(raw), "a request that is not an object");
            return;
        };
        let own = request.auth.filter(|a| a.get() != "null").and_then(|a| self.auth(a, vars));
        let auth = own.as_ref().unwrap_or(auth);
        let Some(url) = request.url.and_then(|u| self.url(u, vars)) else {
            self.capture.requests += 1;
            return;
        };
        let method = self.file.string(request.method).map_or_else(|| "GET".to_owned(), |m| vars.fill_string(&m.value));
        let mut draft = Draft::new(method, url);
        draft.comment = name;
        draft.headers = self.headers(request.header, vars);
        if super::capture::header(&draft.headers, "authorization").is_none() {
            draft.headers.extend(auth_header(auth));
        }
        draft.body = request.body.and_then(|b| self.body(b, &draft.headers, vars));
        draft.granted = self.granted(auth);
        self.capture.add(draft);
    }

    /// A URL: a string, or an object whose `raw` is preferred to its parts.
    pub(super) fn url(&mut self, raw: &'a RawValue, vars: &mut Vars<'a>) -> Option<Text> {
        if raw.get().starts_with('"') {
            self.capture.secrets.url(raw.get(), self.file.offset(raw));
            return Some(vars.fill_text(self.file.string(Some(raw))?));
        }
        let url: Url = serde_json::from_str(raw.get()).ok()?;
        if let Some(raw_url) = url.raw.filter(|r| r.get() != "\"\"") {
            let text = self.url(raw_url, vars)?;
            return Some(self.path_variables(text, url.variable, vars));
        }
        // Built from its parts: `protocol://host.parts/path/parts?query`.
        let mut built = Built::default();
        let at = self.file.offset(raw);
        if let Some(protocol) = self.file.string(url.protocol) {
            built.copy(&protocol, 0..protocol.value.len());
            built.filled("://", protocol.map.to_file(protocol.value.len()).unwrap_or(at), 0);
        }
        self.parts(url.host, ".", &mut built, vars);
        built.filled("/", at, 0);
        self.parts(url.path, "/", &mut built, vars);
        let query: Vec<Pair> = self.pairs(url.query).into_iter().filter(|p| !p.disabled()).collect();
        self.query_credentials(&query);
        for (n, p) in query.iter().enumerate() {
            built.filled(if n == 0 { "?" } else { "&" }, at, 0);
            if let Some(key) = self.file.string(p.key) {
                let key = vars.fill_text(key);
                built.copy(&key, 0..key.value.len());
            }
            if let Some(value) = p.value.and_then(|v| self.file.string(Some(v))) {
                built.filled("=", value.map.to_file(0).unwrap_or(at), 0);
                let value = vars.fill_text(value);
                built.copy(&value, 0..value.value.len());
            }
        }
        Some(self.path_variables(built.finish(at), url.variable, vars))
    }

    /// A URL with its `:name` path segments filled from the URL's `variable` list where it gives
    /// them a value (each value mapped to its segment); the others stay as written, placeholders.
    fn path_variables(&mut self, url: Text, raw: Option<&'a RawValue>, vars: &mut Vars<'a>) -> Text {
        let mut values = HashMap::new();
        for p in self.pairs(raw) {
            let (Some(name), Some(value)) = (self.file.string(p.key), p.value.and_then(|v| self.scalar(v))) else {
                continue;
            };
            let value = vars.fill_text(value).value;
            if !value.is_empty() {
                values.insert(name.value, value);
            }
        }
        if values.is_empty() {
            return url;
        }
        let path_end = url.value.find(['?', '#']).unwrap_or(url.value.len());
        let path = url.value.get(..path_end).unwrap_or("");
        let mut built = Built::default();
        let mut last = 0;
        for (slash, _) in path.match_indices("/:") {
            let start = slash + 1;
            let end = path.get(start..).and_then(|r| r.find('/')).map_or(path_end, |k| start + k);
            let Some(value) = path.get(start + 1..end).and_then(|name| values.get(name)) else { continue };
            let (Some(from), Some(to)) = (url.map.to_file(start), url.map.to_file(end)) else { continue };
            built.copy(&url, last..start);
            built.filled(value, from, to.saturating_sub(from));
            last = end;
        }
        if last == 0 {
            return url;
        }
        built.copy(&url, last..url.value.len());
        built.finish(url.map.to_file(0).unwrap_or(0))
    }

    /// Counts the query parameters named like a credential (`access_token`) whose values are
    /// live, where the values are written.
    pub(super) fn query_credentials(&mut self, pairs: &[Pair<'a>]) {
        for p in pairs {
            let Some(name) = self.file.string(p.key.or(p.name)) else { continue };
            let value = p.value.and_then(|v| self.scalar(v));
            if let Some(value) = value.filter(|v| scan::is_secret_name(&name.value) && !scan::is_placeholder(&v.value))
            {
                self.capture.secrets.add("token in a URL", value.map.to_file(0).unwrap_or(self.file.base));
            }
        }
    }

    /// The `host` or `path` of a URL object: a list of parts joined by `sep`, or a string.
    fn parts(&mut self, raw: Option<&'a RawValue>, sep: &str, built: &mut Built, vars: &mut Vars<'a>) {
        let Some(raw) = raw else { return };
        let parts: Vec<&RawValue> =
            if raw.get().starts_with('[') { serde_json::from_str(raw.get()).unwrap_or_default() } else { vec![raw] };
        for (n, part) in parts.into_iter().enumerate() {
            let Some(text) = self.file.string(Some(part)) else { continue };
            if n > 0 {
                built.filled(sep, self.file.offset(part), 0);
            }
            let text = vars.fill_text(text);
            built.copy(&text, 0..text.value.len());
        }
    }

    /// The enabled headers (`{key, value}`, or Insomnia's `{name, value}`), filled in; the credentials of every header counted (a disabled one
    /// is still written in the file).
    pub(super) fn headers(&mut self, raw: Option<&'a RawValue>, vars: &mut Vars<'a>) -> Vec<Header> {
        let Some(raw) = raw else { return Vec::new() };
        // v2.1 allows the headers as one string of `Name: value` lines.
        if let Some(lines) = self.file.string(Some(raw)) {
            let mut out = Vec::new();
            for line in lines.value.lines() {
                let Some((name, value)) = line.split_once(':') else { continue };
                let at = lines.map.to_file(line.as_ptr() as usize - lines.value.as_ptr() as usize).unwrap_or(0);
                self.capture.secrets.header(name.trim(), value.trim(), at);
                out.push(Header { name: vars.fill_string(name.trim()), value: vars.fill_string(value.trim()) });
            }
            return out;
        }
        let mut out = Vec::new();
        for pair in self.pairs(Some(raw)) {
            let Some(name) = self.file.string(pair.key.or(pair.name)) else { continue };
            let value = pair.value.and_then(|v| self.scalar(v)).unwrap_or_default();
            let at = value.map.to_file(0).unwrap_or(self.file.base);
            self.capture.secrets.header(&name.value, &value.value, at);
            if !pair.disabled() {
                out.push(Header { name: vars.fill_string(&name.value), value: vars.fill_text(value).value });
            }
        }
        out
    }

    /// A request body: `raw` text (JSON or not, by its `Content-Type` or its language), or form
    /// parameters; other modes are not read.
    fn body(&mut self, raw: &'a RawValue, headers: &[Header], vars: &mut Vars<'a>) -> Option<Body> {
        let body: PostmanBody = serde_json::from_str(raw.get()).ok()?;
        if body.disabled.is_some_and(|d| d.get() == "true") {
            return None;
        }
        let mode = self.file.string(body.mode).map(|m| m.value);
        let declared = super::capture::header(headers, "content-type").map(|m| m.trim().to_owned());
        match mode.as_deref() {
            Some("raw") | None => {
                let text = self.file.string(body.raw).filter(|t| !t.value.trim().is_empty())?;
                self.capture.secrets.body(&text);
                let mime = declared.or_else(|| language(body.options).map(str::to_owned));
                Some(Body { text: fill_body(vars, text), mime, transformed: None })
            }
            Some("urlencoded") => {
                let params = body.urlencoded?;
                let pairs: Vec<Pair> = self.pairs(Some(params)).into_iter().filter(|p| !p.disabled()).collect();
                if pairs.is_empty() {
                    return None;
                }
                let written = form(&self.file, &pairs, |s| s.to_owned());
                let start = self.file.offset(params);
                self.capture.secrets.body(&Text { value: written, map: OffsetMap::Opaque { start } });
                let value = form(&self.file, &pairs, |s| vars.fill_string(s));
                Some(Body {
                    text: Text { value, map: OffsetMap::Opaque { start } },
                    mime: declared.or_else(|| Some("application/x-www-form-urlencoded".into())),
                    transformed: Some("form parameters"),
                })
            }
            // formdata, file, graphql: not a body gclint checks.
            Some(_) => None,
        }
    }
}

/// A string decoded, or a number or boolean as written; `None` for anything else.
pub(super) fn scalar(file: &JsonFile, raw: &RawValue) -> Option<Text> {
    match raw.get().as_bytes().first() {
        Some(b'"') => file.string(Some(raw)),
        Some(b'{' | b'[' | b'n') | None => None,
        Some(_) => Some(Text::verbatim(raw.get(), file.offset(raw))),
    }
}

/// Form parameters as the text they are sent as (`a=1&b=2`), each name and value passed
/// through `fill`.
pub(super) fn form(file: &JsonFile, pairs: &[Pair], mut fill: impl FnMut(&str) -> String) -> String {
    pairs
        .iter()
        .map(|p| {
            let name = file.string(p.key.or(p.name)).map(|t| fill(&t.value)).unwrap_or_default();
            let value = p.value.and_then(|v| scalar(file, v)).map(|t| fill(&t.value)).unwrap_or_default();
            format!("{name}={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A body with its variables filled in: one that is JSON (by its first character) gets JSON
/// strings for the placeholders left where values stand.
pub(super) fn fill_body<'a>(vars: &mut Vars<'a>, text: Text) -> Text {
    if text.value.trim_start().starts_with(['{', '[']) { vars.fill_json(text) } else { vars.fill_text(text) }
}

/// The media type a `raw` body's `options.raw.language` says.
fn language(options: Option<&RawValue>) -> Option<&'static str> {
    let options: serde_json::Value = serde_json::from_str(options?.get()).ok()?;
    match options.get("raw")?.get("language")?.as_str()? {
        "json" => Some("application/json"),
        "xml" => Some("application/xml"),
        "html" => Some("text/html"),
        "javascript" => Some("application/javascript"),
        _ => Some("text/plain"),
    }
}

pub(super) fn auth_header(auth: &AuthHeader) -> Option<Header> {
    auth.0.as_ref().map(|(name, value)| Header { name: name.clone(), value: value.clone() })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn collection(items: &str, extra: &str) -> String {
        format!(
            r#"{{"info": {{"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}}{extra}, "item": [{items}]}}"#
        )
    }

    #[test]
    fn requests_in_nested_folders_with_variables_filled_and_kept() {
        let text = collection(
            r#"{"name": "Calls", "variable": [{"key": "pid", "value": "p-inner"}], "item": [
                 {"name": "Deeper", "item": [{"name": "Hang up", "request": {
                    "method": "patch",
                    "url": {"raw": "{{baseUrl}}/api/v2/conversations/calls/{{callId}}/participants/{{pid}}", "host": ["x"]},
                    "header": [{"key": "Content-Type", "value": "application/json"}, {"key": "X-Off", "value": "1", "disabled": true}],
                    "body": {"mode": "raw", "raw": "{\n  \"state\": \"{{state}}\"\n}"}}}]}]},
               {"name": "Other host", "request": {"method": "GET", "url": "https://example.com/api/v2/users"}},
               {"name": "Outside the folder", "request": {"method": "GET", "url": "{{baseUrl}}/api/v2/conversations/{{pid}}"}}"#,
            r#", "variable": [{"key": "baseUrl", "value": "https://api.mypurecloud.com"}, {"key": "state", "value": "disconnected"}, {"key": "pid", "value": "p-outer"}]"#,
        );
        let c = read(&text, 0, None).unwrap();
        assert_eq!(c.requests, 3);
        assert_eq!(c.exchanges.len(), 2);
        let ex = &c.exchanges[0];
        assert_eq!(ex.method, "PATCH");
        assert_eq!(
            ex.url.value,
            "https://api.mypurecloud.com/api/v2/conversations/calls/{{callId}}/participants/p-inner"
        );
        assert_eq!(ex.headers.len(), 1, "the disabled header is left out");
        assert_eq!(ex.comment.as_ref().map(|c| c.value.as_str()), Some("Hang up"));
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.text.value, "{\n  \"state\": \"disconnected\"\n}");
        // Positions through the escapes: `"state"` in the body is `\"state\"` in the file.
        let at = body.text.map.to_file(body.text.value.find("\"state").unwrap()).unwrap();
        assert!(text[at..].starts_with("\\\"state\\\""), "{}", &text[at..at + 10]);
        let at = body.text.map.to_file(body.text.value.find("disconnected").unwrap()).unwrap();
        assert!(text[at..].starts_with("{{state}}"));
        let at = ex.url.map.to_file(ex.url.value.find("/api/v2").unwrap()).unwrap();
        assert!(text[at..].starts_with("/api/v2/conversations/calls/{{callId}}"));
        assert_eq!(c.exchanges[1].url.value, "https://api.mypurecloud.com/api/v2/conversations/p-outer");
    }

    #[test]
    fn auth_is_inherited_replaced_and_counted() {
        let text = collection(
            r#"{"name": "inherits", "request": {"method": "GET", "url": "https://api.mypurecloud.com/api/v2/conversations"}},
               {"name": "none", "request": {"auth": {"type": "noauth"}, "method": "GET", "url": "https://api.mypurecloud.com/api/v2/conversations"}},
               {"name": "folder", "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{other}}"}]}, "item": [
                 {"name": "x", "request": {"method": "GET", "url": "https://api.mypurecloud.com/api/v2/conversations"}}]}"#,
            r#", "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "abcdef123456", "type": "string"}]}"#,
        );
        let c = read(&text, 0, None).unwrap();
        let auth =
            |i: usize| super::super::capture::header(&c.exchanges[i].headers, "authorization").map(str::to_owned);
        assert_eq!(auth(0).as_deref(), Some("Bearer abcdef123456"));
        assert_eq!(auth(1), None);
        assert_eq!(auth(2).as_deref(), Some("Bearer {{other}}"));
        assert_eq!(c.secrets.count(), 1);
        assert!(text[c.secrets.first.unwrap()..].starts_with("abcdef123456"));
    }

    #[test]
    fn secrets_in_variables_headers_and_bodies_are_counted_placeholders_are_not() {
        let text = collection(
            r#"{"name": "x", "request": {"method": "POST", "url": "https://api.mypurecloud.com/api/v2/conversations/emails?access_token=live",
                "header": [{"key": "Authorization", "value": "Bearer live-token", "disabled": true}, {"key": "Authorization", "value": "Bearer {{token}}"}],
                "body": {"mode": "raw", "raw": "{\"password\": \"hunter2\"}"}}}"#,
            r#", "variable": [{"key": "token", "value": "live-variable"}, {"key": "clientSecret", "value": "{{vault}}"}, {"key": "host", "value": "x"}]"#,
        );
        let c = read(&text, 0, None).unwrap();
        assert_eq!(c.secrets.count(), 4, "{:?}", c.secrets.kinds);
        // The variable fills the enabled header, which is the one sent.
        assert_eq!(
            super::super::capture::header(&c.exchanges[0].headers, "authorization"),
            Some("Bearer live-variable")
        );
    }

    #[test]
    fn url_objects_without_raw_are_built_from_their_parts() {
        let text = collection(
            r#"{"name": "x", "request": {"method": "GET", "url": {"protocol": "https", "host": ["api", "mypurecloud", "com"],
                "path": ["api", "v2", "conversations", "{{id}}"], "query": [{"key": "a", "value": "1"}, {"key": "b", "value": "2", "disabled": true}]}}}"#,
            "",
        );
        let c = read(&text, 0, None).unwrap();
        let url = &c.exchanges[0].url;
        assert_eq!(url.value, "https://api.mypurecloud.com/api/v2/conversations/{{id}}?a=1");
        let at = url.map.to_file(url.value.find("{{id}}").unwrap()).unwrap();
        assert!(text[at..].starts_with("{{id}}"));
    }

    #[test]
    fn path_variables_are_filled_where_the_url_gives_them_a_value() {
        let text = collection(
            r#"{"name": "x", "request": {"method": "PATCH", "url": {"raw": "https://api.mypurecloud.com/api/v2/conversations/calls/:conversationId/participants/:participantId?x=:y",
                "variable": [{"key": "conversationId", "value": "{{cid}}"}, {"key": "participantId", "value": ""}]}}}"#,
            r#", "variable": [{"key": "cid", "value": "c-1"}]"#,
        );
        let c = read(&text, 0, None).unwrap();
        let url = &c.exchanges[0].url;
        assert_eq!(
            url.value,
            "https://api.mypurecloud.com/api/v2/conversations/calls/c-1/participants/:participantId?x=:y"
        );
        let at = url.map.to_file(url.value.find("c-1").unwrap()).unwrap();
        assert!(text[at..].starts_with(":conversationId/"));
        let at = url.map.to_file(url.value.find("/participants").unwrap()).unwrap();
        assert!(text[at..].starts_with("/participants/:participantId"));
    }

    #[test]
    fn form_bodies_are_form_parameters_and_other_modes_are_not_read() {
        let text = collection(
            r#"{"name": "form", "request": {"method": "POST", "url": "https://api.mypurecloud.com/api/v2/conversations/emails",
                "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "{{v}}"}, {"key": "b", "value": "2", "disabled": true}]}}},
               {"name": "multipart", "request": {"method": "POST", "url": "https://api.mypurecloud.com/api/v2/conversations/emails",
                "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "/etc/passwd"}]}}}"#,
            r#", "variable": [{"key": "v", "value": "1"}]"#,
        );
        let c = read(&text, 0, None).unwrap();
        let body = c.exchanges[0].body.as_ref().unwrap();
        assert_eq!(body.text.value, "a=1");
        assert!(!body.looks_json());
        assert!(c.exchanges[1].body.is_none());
    }

    #[test]
    fn broken_and_hostile_collections() {
        assert!(read("{\"info\": {}, \"item\": [", 0, None).is_err());
        assert!(read("{\"info\": {}}", 0, None).is_err());
        let c = read(&collection("5, \"x\", {\"item\": 3}", ""), 0, None).unwrap();
        assert_eq!(c.problems.len(), 3);
        // Folders nested past the bound are reported, not followed.
        let mut items = String::from(r#"{"request": {"url": "https://api.mypurecloud.com/api/v2/conversations"}}"#);
        for _ in 0..40 {
            items = format!(r#"{{"item": [{items}]}}"#);
        }
        let c = read(&collection(&items, ""), 0, None).unwrap();
        assert_eq!(c.exchanges.len(), 0);
        assert!(c.problems[0].message.contains("nested"));
    }
}
