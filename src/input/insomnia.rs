//! Insomnia exports (v4; v3 is the same shape): every request of every workspace and folder.
//!
//! ```text
//! { "_type": "export", "__export_format": 4, "resources": [
//!   {"_id": "wrk_1", "_type": "workspace", "name": "Genesys"},
//!   {"_id": "env_1", "_type": "environment", "parentId": "wrk_1", "data": {"baseUrl": "https://api.mypurecloud.com"}},
//!   {"_id": "env_2", "_type": "environment", "parentId": "env_1", "data": {"token": "..."}},
//!   {"_id": "fld_1", "_type": "request_group", "parentId": "wrk_1", "environment": {"pid": "..."},
//!    "authentication": {"type": "bearer", "token": "{{ _.token }}"}},
//!   {"_id": "req_1", "_type": "request", "parentId": "fld_1", "method": "PATCH",
//!    "url": "{{ _.baseUrl }}/api/v2/conversations/calls/{{ _.id }}/participants/{{ _.pid }}",
//!    "headers": [{"name": "Content-Type", "value": "application/json", "disabled": false}],
//!    "parameters": [{"name": "a", "value": "1"}],
//!    "body": {"mimeType": "application/json", "text": "{\"state\": \"disconnected\"}"},
//!    "authentication": {}}]}
//! ```
//!
//! Templates are Nunjucks ([`super::vars`]): `{{ _.name }}` is filled from the workspace's base
//! environment (the one whose parent is the workspace), overlaid with its first sub-environment
//! (an export does not say which one is active; the first is the one Insomnia lists first), then
//! with the `environment` of each folder around the request, inner last. Variables left unfilled
//! and `{% tags %}` (computed when the request is sent) stay as `{{name}}` placeholders: values
//! of unknown content. A request's authentication, or else its nearest folder's, becomes the
//! header Insomnia sends. Credentials are counted where they are written: authentication
//! parameters, headers, environment values named like a credential, bodies and URLs.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::capture::{Capture, Draft, InputError, Order};
use super::format::Format;
use super::json::{JsonFile, Members};
use super::postman::{AuthHeader, Pair, Reader, auth_header, fill_body, form};
use super::vars::{Definitions, Layer, Syntax, Vars, flatten};
use crate::exchange::{Body, Header};
use crate::secrets::scan::{self, Kind};
use crate::text::{OffsetMap, Text};

/// How many parents are followed up from a request (folders nest; a hostile file may make a
/// cycle of them).
const MAX_PARENTS: usize = 64;
/// How deep an environment's objects are looked into for credentials.
const MAX_DATA_DEPTH: usize = 8;

/// Whether a JSON document looks like an Insomnia export (its reader decides for sure).
pub fn looks_like(trimmed: &str) -> bool {
    let head = crate::text::head(trimmed, 64 << 10);
    head.contains("\"__export_format\"") && head.contains("\"resources\"")
}

#[derive(Deserialize)]
struct Export<'a> {
    #[serde(borrow, rename = "_type")]
    kind: Option<&'a RawValue>,
    #[serde(borrow, rename = "__export_format")]
    version: Option<&'a RawValue>,
    #[serde(borrow)]
    resources: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Resource<'a> {
    #[serde(borrow, rename = "_id")]
    id: Option<&'a RawValue>,
    #[serde(borrow, rename = "_type")]
    kind: Option<&'a RawValue>,
    #[serde(borrow, rename = "parentId")]
    parent: Option<&'a RawValue>,
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
    #[serde(borrow)]
    headers: Option<&'a RawValue>,
    #[serde(borrow)]
    parameters: Option<&'a RawValue>,
    #[serde(borrow)]
    body: Option<&'a RawValue>,
    #[serde(borrow)]
    authentication: Option<&'a RawValue>,
    /// An environment's variables.
    #[serde(borrow)]
    data: Option<&'a RawValue>,
    /// A folder's variables.
    #[serde(borrow)]
    environment: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct InsomniaBody<'a> {
    #[serde(borrow, rename = "mimeType")]
    mime: Option<&'a RawValue>,
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    #[serde(borrow)]
    params: Option<&'a RawValue>,
}

/// A resource as far as the tree of folders needs it.
struct Node<'a> {
    kind: String,
    parent: Option<String>,
    resource: Resource<'a>,
}

/// Reads an Insomnia export.
pub fn read(text: &str, base: usize) -> Result<Capture, InputError> {
    let file = JsonFile { text, base };
    let export: Export = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
    let kind = file.string(export.kind).map(|t| t.value);
    let version = export.version.map(|v| v.get().trim_matches('"'));
    let (Some("export"), Some(resources)) = (kind.as_deref(), export.resources) else {
        return Err(InputError::at(base, "not an Insomnia export: no `\"_type\": \"export\"` with `resources`"));
    };
    if !matches!(version, Some("3" | "4")) {
        return Err(InputError::at(
            export.version.map_or(base, |v| file.offset(v)),
            format!("an Insomnia export of format {}: gclint reads formats 3 and 4", version.unwrap_or("(none)")),
        )
        .with_help("export the collection again as \"Insomnia v4 (JSON)\""));
    }
    let mut capture =
        Capture { order: Order::Written { format: Format::Insomnia, sequence: false }, ..Capture::default() };
    let Ok(list) = serde_json::from_str::<Vec<&RawValue>>(resources.get()) else {
        return Err(InputError::at(file.offset(resources), "`resources` is not a list"));
    };
    let mut nodes: Vec<Node> = Vec::new();
    for raw in list {
        let Ok(resource) = serde_json::from_str::<Resource>(raw.get()) else {
            capture.problem(file.offset(raw), "a resource that is not an object");
            continue;
        };
        let kind = file.string(resource.kind).map(|t| t.value).unwrap_or_default();
        let parent = file.string(resource.parent).map(|t| t.value);
        nodes.push(Node { kind, parent, resource });
    }
    let mut reader = Reader { file, capture: &mut capture, scopes_seen: Default::default() };
    let export = Tree::new(&nodes, &mut reader);
    let mut budget = (16 << 20) + 8 * text.len();
    let mut exhausted = false;
    for node in nodes.iter().filter(|n| n.kind == "request") {
        let chain = export.parents(node);
        let top = chain.last().copied().or(node.parent.as_deref());
        let mut vars = export.vars(top, &chain, budget);
        reader.insomnia_request(&node.resource, &chain, &export, &mut vars);
        budget = vars.budget;
        exhausted |= vars.exhausted;
    }
    if exhausted {
        capture.problem(base, "variables left as written because their values grow the file too much");
    }
    Ok(capture)
}

/// The folders, workspaces and environments of an export, by id.
struct Tree<'a, 'n> {
    by_id: HashMap<&'n str, &'n Node<'a>>,
    /// The variables of each workspace (by the id of the environment's parent), built once:
    /// a request's variables are these with its folders' layers over them.
    environments: HashMap<String, Vars<'a>>,
    /// The variables of each folder that has some.
    folders: HashMap<&'n str, Rc<Layer<'a>>>,
}

impl<'a, 'n> Tree<'a, 'n> {
    fn new(nodes: &'n [Node<'a>], reader: &mut Reader<'a, '_>) -> Self {
        let mut by_id = HashMap::new();
        for node in nodes {
            if let Some(id) = reader.file.string(node.resource.id) {
                // A resource's id is written without escapes by Insomnia; a borrowed id keeps
                // the tree free of copies.
                let raw = node.resource.id.map(|r| r.get()).unwrap_or_default();
                if raw.len() == id.value.len() + 2 {
                    by_id.insert(raw.get(1..raw.len() - 1).unwrap_or_default(), node);
                }
            }
        }
        let is_environment = |id: &str| by_id.get(id).is_some_and(|n: &&Node| n.kind == "environment");
        let mut environments: HashMap<String, Definitions> = HashMap::new();
        let mut chosen = std::collections::HashSet::new();
        // Base environments first, then each one's first sub-environment over it.
        for node in nodes.iter().filter(|n| n.kind == "environment") {
            let parent = node.parent.clone().unwrap_or_default();
            if !is_environment(&parent) {
                let vars = reader.environment(node.resource.data);
                environments.entry(parent).or_default().extend(vars);
            }
        }
        for node in nodes.iter().filter(|n| n.kind == "environment") {
            let parent = node.parent.clone().unwrap_or_default();
            if !is_environment(&parent) {
                continue;
            }
            // Every environment's credentials are counted, chosen or not.
            let vars = reader.environment(node.resource.data);
            let workspace = by_id.get(parent.as_str()).and_then(|n| n.parent.clone()).unwrap_or_default();
            if chosen.insert(workspace.clone()) {
                environments.entry(workspace).or_default().extend(vars);
            }
        }
        let mut folders = HashMap::new();
        for node in nodes.iter().filter(|n| n.kind == "request_group") {
            // A folder's credentials are counted here, once; its requests only take its header.
            if let Some(auth) = node.resource.authentication.filter(|a| has_type(a)) {
                let mut none = Vars::new(Syntax::Nunjucks, Vec::new(), HashMap::new(), 0);
                reader.authentication(auth, &mut none);
            }
            let vars = reader.environment(node.resource.environment);
            let id = node.resource.id.map(|r| r.get().trim_matches('"')).unwrap_or_default();
            if !vars.is_empty() {
                folders.insert(id, Rc::new(vars.into_iter().collect()));
            }
        }
        let environments = environments
            .into_iter()
            .map(|(id, vars)| (id, Vars::new(Syntax::Nunjucks, vars, HashMap::new(), 0)))
            .collect();
        Tree { by_id, environments, folders }
    }

    /// The ids of the parents of `node`, nearest first, up to its workspace (or as far as they
    /// are known, and at most [`MAX_PARENTS`]).
    fn parents(&self, node: &Node) -> Vec<&'n str> {
        let mut chain = Vec::new();
        let mut next = node.parent.as_deref();
        while let Some(id) = next {
            let Some((&key, parent)) = self.by_id.get_key_value(id) else { break };
            if chain.len() >= MAX_PARENTS || chain.contains(&key) {
                break;
            }
            chain.push(key);
            next = parent.parent.as_deref();
        }
        chain
    }

    /// The variables of a request under `chain` in the workspace `top`, with `budget` bytes
    /// of filled-in values left.
    fn vars(&self, top: Option<&str>, chain: &[&'n str], budget: usize) -> Vars<'a> {
        let environment = top
            .and_then(|t| self.environments.get(t))
            // An export of one workspace whose environments hang off an id that is not in it.
            .or_else(|| (self.environments.len() == 1).then(|| self.environments.values().next()).flatten());
        let mut vars = match environment {
            Some(vars) => vars.scope(std::iter::empty()),
            None => Vars::new(Syntax::Nunjucks, Vec::new(), HashMap::new(), 0),
        };
        for id in chain.iter().rev() {
            if let Some(layer) = self.folders.get(id) {
                vars = vars.scope_shared(layer.clone());
            }
        }
        vars.budget = budget;
        vars
    }

    /// The authentication of the nearest folder in `chain` that has one.
    fn folder_auth(&self, chain: &[&str]) -> Option<&'a RawValue> {
        chain.iter().find_map(|id| self.by_id.get(id)?.resource.authentication.filter(|a| has_type(a)))
    }
}

/// Whether an authentication object names a type (`{}` is none).
fn has_type(raw: &RawValue) -> bool {
    serde_json::from_str::<Members>(raw.get()).is_ok_and(|Members(m)| m.iter().any(|(k, _)| k == "type"))
}

impl<'a> Reader<'a, '_> {
    /// An environment's `data` (or a folder's `environment`) as variables, its credentials
    /// counted.
    fn environment(&mut self, raw: Option<&'a RawValue>) -> Definitions<'a> {
        let Some(raw) = raw else { return Vec::new() };
        self.data_credentials(raw, 0);
        let Ok(value) = serde_json::from_str::<serde_json::Value>(raw.get()) else { return Vec::new() };
        let mut flat = Vec::new();
        flatten(&value, "", 0, &mut flat);
        flat.into_iter().map(|(k, v)| (Cow::Owned(k), Cow::Owned(v))).collect()
    }

    /// Counts the values named like a credential in an environment.
    fn data_credentials(&mut self, raw: &'a RawValue, depth: usize) {
        let Ok(Members(members)) = serde_json::from_str::<Members>(raw.get()) else { return };
        for (key, value) in members {
            if value.get().starts_with('{') && depth < MAX_DATA_DEPTH {
                self.data_credentials(value, depth + 1);
            } else if scan::is_secret_name(&key) {
                if let Some(t) = self.scalar(value).filter(|t| !scan::is_placeholder(&t.value)) {
                    self.capture.secrets.add(Kind::Variable.name(), t.map.to_file(0).unwrap_or(self.file.base));
                }
            }
        }
    }

    /// An `authentication` object: its parameters are its members.
    fn authentication(&mut self, raw: &'a RawValue, vars: &mut Vars<'a>) -> AuthHeader {
        let params = self.params(raw);
        let kind = params.iter().find(|(k, _)| k == "type").map(|(_, v)| v.value.clone()).unwrap_or_default();
        self.auth_of(&kind, &params, vars)
    }

    fn insomnia_request(&mut self, resource: &Resource<'a>, chain: &[&str], tree: &Tree<'a, '_>, vars: &mut Vars<'a>) {
        let own = resource.authentication.filter(|a| has_type(a));
        let auth = match own {
            Some(raw) => self.authentication(raw, vars),
            None => match tree.folder_auth(chain) {
                Some(raw) => {
                    // Counted with the folder (see `Tree::new`).
                    let before = std::mem::take(&mut self.capture.secrets);
                    let header = self.authentication(raw, vars);
                    self.capture.secrets = before;
                    header
                }
                None => AuthHeader::default(),
            },
        };
        let Some(mut url) = resource.url.and_then(|u| self.url(u, vars)) else {
            self.capture.requests += 1;
            return;
        };
        let parameters: Vec<Pair> = self.pairs(resource.parameters).into_iter().filter(|p| !p.disabled()).collect();
        if !parameters.is_empty() {
            // Insomnia sends the enabled parameters after the URL's own query.
            self.query_credentials(&parameters);
            let query = form(&self.file, &parameters, |s| vars.fill_string(s));
            let sep = if url.value.contains('?') { '&' } else { '?' };
            let mut built = super::vars::Built::default();
            built.copy(&url, 0..url.value.len());
            built.filled(&format!("{sep}{query}"), resource.parameters.map_or(0, |p| self.file.offset(p)), 0);
            url = built.finish(url.map.to_file(0).unwrap_or(0));
        }
        let method = self.file.string(resource.method).map_or_else(|| "GET".to_owned(), |m| vars.fill_string(&m.value));
        let mut draft = Draft::new(method, url);
        draft.comment = self.file.string(resource.name);
        draft.headers = self.headers(resource.headers, vars);
        if super::capture::header(&draft.headers, "authorization").is_none() {
            draft.headers.extend(auth_header(&auth));
        }
        draft.body = resource.body.and_then(|b| self.insomnia_body(b, &draft.headers, vars));
        draft.granted = self.granted(&auth);
        self.capture.add(draft);
    }

    /// A request body: its `text` (JSON or not, by its media type), or form parameters;
    /// multipart and GraphQL bodies are not read.
    fn insomnia_body(&mut self, raw: &'a RawValue, headers: &[Header], vars: &mut Vars<'a>) -> Option<Body> {
        let body: InsomniaBody = serde_json::from_str(raw.get()).ok()?;
        let mime = self
            .file
            .string(body.mime)
            .map(|m| m.value)
            .filter(|m| !m.is_empty())
            .or_else(|| super::capture::header(headers, "content-type").map(|m| m.trim().to_owned()));
        let lower = mime.as_deref().unwrap_or("").to_ascii_lowercase();
        if lower.contains("graphql") || lower.starts_with("multipart/") {
            return None;
        }
        if lower.contains("x-www-form-urlencoded") {
            let params = body.params?;
            let pairs: Vec<Pair> = self.pairs(Some(params)).into_iter().filter(|p| !p.disabled()).collect();
            if pairs.is_empty() {
                return None;
            }
            let start = self.file.offset(params);
            let written = form(&self.file, &pairs, |s| s.to_owned());
            self.capture.secrets.body(&Text { value: written, map: OffsetMap::Opaque { start } });
            let value = form(&self.file, &pairs, |s| vars.fill_string(s));
            return Some(Body {
                text: Text { value, map: OffsetMap::Opaque { start } },
                mime,
                transformed: Some("form parameters"),
            });
        }
        let text = self.file.string(body.text).filter(|t| !t.value.trim().is_empty())?;
        self.capture.secrets.body(&text);
        Some(Body { text: fill_body(vars, text), mime, transformed: None })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn export(resources: &str) -> String {
        format!(
            r#"{{"_type": "export", "__export_format": 4, "__export_source": "insomnia.desktop.app:v2023.5.8", "resources": [{resources}]}}"#
        )
    }

    const WORKSPACE: &str = r#"{"_id": "wrk_1", "_type": "workspace", "parentId": null, "name": "Genesys"},
        {"_id": "env_base", "_type": "environment", "parentId": "wrk_1", "data": {"baseUrl": "https://api.{{ _.region }}", "region": "mypurecloud.com", "token": "live-env-token"}},
        {"_id": "env_sub", "_type": "environment", "parentId": "env_base", "data": {"region": "mypurecloud.ie"}},
        {"_id": "env_sub2", "_type": "environment", "parentId": "env_base", "data": {"region": "usw2.pure.cloud"}}"#;

    #[test]
    fn requests_in_folders_with_environments_and_tags() {
        let text = export(&format!(
            r#"{WORKSPACE},
            {{"_id": "fld_1", "_type": "request_group", "parentId": "wrk_1", "environment": {{"pid": "p-folder"}},
              "authentication": {{"type": "bearer", "token": "{{{{ _.token }}}}"}}}},
            {{"_id": "req_1", "_type": "request", "parentId": "fld_1", "name": "Hang up", "method": "PATCH",
              "url": "{{{{ _.baseUrl }}}}/api/v2/conversations/calls/{{{{ _.callId }}}}/participants/{{{{ _.pid }}}}",
              "headers": [{{"name": "Content-Type", "value": "application/json"}}, {{"name": "X-Off", "value": "1", "disabled": true}}],
              "parameters": [{{"name": "a", "value": "{{% now 'iso-8601' %}}"}}],
              "body": {{"mimeType": "application/json", "text": "{{\"state\": \"disconnected\", \"id\": \"{{% uuid 'v4' %}}\"}}"}},
              "authentication": {{}}}},
            {{"_id": "req_2", "_type": "request", "parentId": "wrk_1", "method": "GET", "url": "https://example.com/api/v2/users"}}"#
        ));
        let c = read(&text, 0).unwrap();
        assert_eq!(c.requests, 2);
        assert_eq!(c.exchanges.len(), 1);
        let ex = &c.exchanges[0];
        assert_eq!(
            ex.url.value,
            "https://api.mypurecloud.ie/api/v2/conversations/calls/{{callId}}/participants/p-folder?a={{now}}"
        );
        assert_eq!(ex.comment.as_ref().map(|c| c.value.as_str()), Some("Hang up"));
        assert_eq!(super::super::capture::header(&ex.headers, "authorization"), Some("Bearer live-env-token"));
        assert!(super::super::capture::header(&ex.headers, "x-off").is_none());
        let body = ex.body.as_ref().unwrap();
        assert_eq!(body.text.value, r#"{"state": "disconnected", "id": "{{uuid}}"}"#);
        let at = body.text.map.to_file(body.text.value.find("disconnected").unwrap()).unwrap();
        assert!(text[at..].starts_with("disconnected\\\", \\\"id"));
        let at = body.text.map.to_file(body.text.value.find("{{uuid}}").unwrap()).unwrap();
        assert!(text[at..].starts_with("{% uuid 'v4' %}"));
        let at = ex.url.map.to_file(ex.url.value.find("{{callId}}").unwrap()).unwrap();
        assert!(text[at..].starts_with("{{ _.callId }}"));
        // The environment's token, counted once (the folder's `{{ _.token }}` is a placeholder).
        assert_eq!(c.secrets.count(), 1, "{:?}", c.secrets.kinds);
    }

    #[test]
    fn own_authentication_and_credentials_where_written() {
        let text = export(&format!(
            r#"{WORKSPACE},
            {{"_id": "req_1", "_type": "request", "parentId": "wrk_1", "method": "POST", "url": "{{{{ _.baseUrl }}}}/api/v2/conversations/emails",
              "authentication": {{"type": "basic", "username": "me", "password": "pa55word"}},
              "body": {{"mimeType": "application/x-www-form-urlencoded", "params": [{{"name": "client_secret", "value": "s3cr3t"}}]}}}}"#
        ));
        let c = read(&text, 0).unwrap();
        let ex = &c.exchanges[0];
        assert!(super::super::capture::header(&ex.headers, "authorization").unwrap().starts_with("Basic "));
        assert_eq!(ex.body.as_ref().unwrap().text.value, "client_secret=s3cr3t");
        assert!(!ex.body.as_ref().unwrap().looks_json());
        // The environment's token, the password, the form's client secret.
        assert_eq!(c.secrets.count(), 3, "{:?}", c.secrets.kinds);
    }

    #[test]
    fn not_an_export_and_hostile_trees() {
        assert!(read(r#"{"_type": "export", "__export_format": 5, "resources": []}"#, 0).is_err());
        assert!(read(r#"{"__export_format": 4, "resources": []}"#, 0).is_err());
        assert!(read(r#"{"_type": "export", "__export_format": 4, "resources": {}}"#, 0).is_err());
        // Parents in a cycle, and a resource that is not an object.
        let text = export(
            r#"3, {"_id": "a", "_type": "request_group", "parentId": "b"}, {"_id": "b", "_type": "request_group", "parentId": "a"},
               {"_id": "r", "_type": "request", "parentId": "a", "method": "DELETE", "url": "https://api.mypurecloud.com/api/v2/conversations/c1"}"#,
        );
        let c = read(&text, 0).unwrap();
        assert_eq!(c.exchanges.len(), 1);
        assert_eq!(c.problems.len(), 1);
    }
}
