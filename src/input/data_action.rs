//! Genesys Cloud Data Action exports (`*.custom.json`): the request an action makes, from
//! `config.request`. The same action written as a Terraform resource is read by
//! [`super::terraform`] into the same [`Action`].
//!
//! An action's body is a Velocity template ([`super::velocity`]): it becomes one request per
//! distinct body it may expand to, all counted as the one request of the action (their findings
//! are reported once).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::capture::{Capture, Draft, InputError, Order, header, target};
use super::format::Format;
use super::json::{JsonFile, Members};
use super::velocity::{self, Bodies};
use crate::catalog::hosts;
use crate::exchange::{Body, Header};
use crate::text::{OffsetMap, Text};

/// What a Data Action calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integration {
    /// `purecloud-data-actions`: the Genesys Cloud Platform API, with the org's credentials.
    Platform,
    /// `custom-rest-actions`: any web service.
    CustomRest,
    /// `function-data-actions`: a Genesys Function, no URL.
    Function,
    /// Not said (a Terraform resource names its integration by reference), or another type.
    Unknown,
}

impl Integration {
    /// The integration an `integrationType` names.
    pub fn of(name: &str) -> Integration {
        match name {
            "purecloud-data-actions" => Integration::Platform,
            "custom-rest-actions" => Integration::CustomRest,
            "function-data-actions" => Integration::Function,
            _ => Integration::Unknown,
        }
    }
}

/// A Data Action's request, each string with its place in the file it was read from.
#[derive(Debug, Clone)]
pub struct Action {
    pub name: Option<String>,
    pub integration: Integration,
    /// `requestType`.
    pub method: Text,
    /// `requestUrlTemplate`: a path relative to the org's API host, or a full URL.
    pub url: Text,
    /// `headers`, by name.
    pub headers: Vec<(Text, Text)>,
    /// `requestTemplate`: the body, written in Velocity.
    pub template: Option<Text>,
    /// The JSON Schema type of each input (`contract.input.inputSchema.properties`), by name.
    pub inputs: BTreeMap<String, String>,
}

/// Whether a JSON document looks like a Data Action export (its reader decides for sure).
pub fn looks_like(trimmed: &str) -> bool {
    let head = crate::text::head(trimmed, 64 << 10);
    head.contains("\"integrationType\"") && head.contains("\"requestUrlTemplate\"")
}

/// The members of an export gclint reads, values unparsed (each keeps its place in the file).
#[derive(Deserialize)]
struct Export<'a> {
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow, rename = "integrationType")]
    integration_type: Option<&'a RawValue>,
    #[serde(borrow)]
    config: Option<&'a RawValue>,
    #[serde(borrow)]
    contract: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Config<'a> {
    #[serde(borrow)]
    request: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    #[serde(borrow)]
    request_url_template: Option<&'a RawValue>,
    #[serde(borrow)]
    request_type: Option<&'a RawValue>,
    #[serde(borrow)]
    headers: Option<&'a RawValue>,
    #[serde(borrow)]
    request_template: Option<&'a RawValue>,
}

/// Reads a Data Action export. A JSON document that turns out not to be one (no
/// `config.request` with a URL) holds no request: an empty capture, not an error.
pub fn read(text: &str, base: usize) -> Result<Capture, InputError> {
    let mut capture =
        Capture { order: Order::Written { format: Format::DataAction, sequence: false }, ..Capture::default() };
    let file = JsonFile { text, base };
    let export: Export = match serde_json::from_str(text) {
        Ok(export) => export,
        // Valid JSON of another shape (an array, an object whose members have other types).
        Err(e) if e.is_data() => return Ok(capture),
        Err(e) => return Err(file.json_error(&e)),
    };
    let request = export
        .config
        .and_then(|c| serde_json::from_str::<Config>(c.get()).ok())
        .and_then(|c| c.request)
        .and_then(|r| serde_json::from_str::<Request>(r.get()).ok());
    let Some(request) = request else { return Ok(capture) };
    let Some(url) = file.string(request.request_url_template) else { return Ok(capture) };
    // Genesys requires a `requestType`; one left out is taken as a read.
    let method = file.string(request.request_type).unwrap_or_else(|| Text::detached("GET"));
    let integration = file.string(export.integration_type).map_or(Integration::Unknown, |t| Integration::of(&t.value));
    let headers = request
        .headers
        .and_then(|h| serde_json::from_str::<Members>(h.get()).ok())
        .map(|members| {
            members
                .0
                .into_iter()
                .filter_map(|(name, value)| Some((Text::detached(name.into_owned()), file.string(Some(value))?)))
                .collect()
        })
        .unwrap_or_default();
    let inputs = export
        .contract
        .and_then(|c| serde_json::from_str::<Contract>(c.get()).ok())
        .and_then(|c| c.input)
        .and_then(|i| i.input_schema)
        .map(Schema::types)
        .unwrap_or_default();
    let action = Action {
        name: file.string(export.name).map(|t| t.value),
        integration,
        method,
        url,
        headers,
        template: file.string(request.request_template),
        inputs,
    };
    add(&mut capture, action);
    Ok(capture)
}

#[derive(Deserialize)]
struct Contract {
    input: Option<ContractInput>,
}

#[derive(Deserialize)]
struct ContractInput {
    #[serde(rename = "inputSchema")]
    input_schema: Option<Schema>,
}

/// An input contract: a JSON Schema whose properties are the inputs.
#[derive(Deserialize)]
struct Schema {
    properties: Option<BTreeMap<String, Property>>,
}

#[derive(Deserialize)]
struct Property {
    #[serde(rename = "type")]
    ty: Option<serde_json::Value>,
}

impl Schema {
    /// Each input's type, where it has one (`["integer", "null"]` says no single type).
    fn types(self) -> BTreeMap<String, String> {
        self.properties
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(name, p)| match p.ty {
                Some(serde_json::Value::String(ty)) => Some((name, ty)),
                _ => None,
            })
            .collect()
    }
}

/// The type of each input of an input contract, given as its JSON Schema text (a Data Action's
/// `contract.input.inputSchema`, a Terraform resource's `contract_input`): nothing for a text
/// that is not one.
pub fn input_types(schema: &str) -> BTreeMap<String, String> {
    serde_json::from_str::<Schema>(schema).map(Schema::types).unwrap_or_default()
}

/// The largest template expanded: real ones are a few KiB, and the pieces of a hostile one
/// (`#end#end...`) would each take more memory than their bytes.
const MAX_TEMPLATE: usize = 1 << 20;

/// Adds the request `action` makes to `capture`: one request, checked with each body its
/// template may expand to. Its credentials are counted whether gclint lints it or not.
pub fn add(capture: &mut Capture, action: Action) {
    let url_at = action.url.map.to_file(0).unwrap_or(0);
    capture.secrets.url(&action.url.value, url_at);
    let headers: Vec<Header> = action
        .headers
        .into_iter()
        .map(|(name, value)| {
            capture.secrets.header(&name.value, &value.value, value.map.to_file(0).unwrap_or(url_at));
            Header { name: name.value, value: value.value }
        })
        .collect();
    if let Some(template) = &action.template {
        capture.secrets.body(template);
    }
    // A Function has no URL; a URL that is wholly an input (`${input.webhookUrl}`) goes where
    // the flow says; a custom REST action calls Genesys only at a Genesys host (a path like
    // Genesys's on another host is another service's API): none is Genesys traffic.
    let linted = match (&action.integration, target(&action.url.value)) {
        (Integration::Function, _) | (_, None) => false,
        (Integration::CustomRest, Some((host, _))) => {
            host.as_deref().is_some_and(|h| hosts::is_genesys_host(h) || hosts::looks_like_genesys(h))
        }
        (_, Some(_)) => true,
    };
    if !linted {
        capture.requests += 1;
        return;
    }
    let draft = |body: Option<Body>| {
        let mut draft = Draft::new(action.method.value.clone(), action.url.clone());
        draft.headers = headers.clone();
        draft.body = body;
        draft
    };
    let bodies = match action.template.as_ref().filter(|t| !t.value.trim().is_empty()) {
        None => vec![None],
        Some(template) if template.value.len() > MAX_TEMPLATE => {
            let at = template.map.to_file(0).unwrap_or(url_at);
            let size = crate::text::human_size(MAX_TEMPLATE as u64);
            capture.problem(at, format!("request templates larger than {size} were not expanded or checked"));
            vec![Some(unknown_body(template))]
        }
        Some(template) => {
            let mime = header(&headers, "content-type").map(str::to_owned);
            bodies(template, mime, &action.inputs).into_iter().map(Some).collect()
        }
    };
    capture.add_variants(bodies.into_iter().map(draft).collect());
}

/// The bodies to check for a template sent with the media type `mime` (JSON when not said,
/// as Data Actions send).
fn bodies(template: &Text, mime: Option<String>, inputs: &BTreeMap<String, String>) -> Vec<Body> {
    let json = mime.as_deref().is_none_or(|m| m.to_ascii_lowercase().contains("json"));
    if !json {
        // Form fields, XML: checked as written.
        return vec![Body { text: template.clone(), mime, transformed: None }];
    }
    let mime = Some(mime.unwrap_or_else(|| "application/json".to_owned()));
    match velocity::bodies(template, inputs) {
        Bodies::Variants(texts) => {
            texts.into_iter().map(|text| Body { text, mime: mime.clone(), transformed: None }).collect()
        }
        Bodies::Unknown => vec![unknown_body(template)],
    }
}

/// A body not known before the action runs (whatever the flow passes): of no media type and no
/// text, which no body check reads, and which is no missing body either.
fn unknown_body(template: &Text) -> Body {
    let at = template.map.to_file(0).unwrap_or(0);
    let text = Text { value: String::new(), map: OffsetMap::Escaped { start: at, jumps: Vec::new() } };
    Body { text, mime: None, transformed: None }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn export(integration: &str, method: &str, url: &str, template: &str, inputs: &str) -> String {
        format!(
            r#"{{"name": "X", "integrationType": "{integration}", "actionType": "custom",
  "config": {{"request": {{"requestUrlTemplate": "{url}", "requestType": "{method}",
    "headers": {{"Content-Type": "application/json"}}, "requestTemplate": {template}}},
    "response": {{"translationMap": {{}}, "successTemplate": "${{rawResult}}"}}}},
  "contract": {{"input": {{"inputSchema": {{"type": "object", "properties": {inputs}}}}}}},
  "secure": false}}"#
        )
    }

    #[test]
    fn an_export_is_one_request_with_its_body_mapped_into_the_file() {
        let text = export(
            "purecloud-data-actions",
            "PATCH",
            "/api/v2/conversations/${input.conversationId}",
            r#""{\n  \"state\": \"disconnected\"\n}""#,
            r#"{"conversationId": {"type": "string"}}"#,
        );
        let c = read(&text, 0).unwrap();
        assert_eq!(c.requests, 1);
        assert_eq!(c.exchanges.len(), 1);
        let ex = &c.exchanges[0];
        assert_eq!(ex.method, "PATCH");
        assert_eq!(ex.path_str(), "/api/v2/conversations/${input.conversationId}");
        let body = &ex.body.as_ref().unwrap().text;
        assert_eq!(body.value, "{\n  \"state\": \"disconnected\"\n}");
        let at = body.map.to_file(body.value.find("disconnected").unwrap()).unwrap();
        assert!(text[at..].starts_with("disconnected\\\""));
        let url_at = ex.url.map.to_file(0).unwrap();
        assert!(text[url_at..].starts_with("/api/v2/conversations/"));
    }

    #[test]
    fn variants_share_their_request() {
        let text = export(
            "purecloud-data-actions",
            "PATCH",
            "/api/v2/conversations/calls/${input.c}/participants/${input.p}",
            r##""{#if($input.hold)\"held\": true#else\"held\": false#end}""##,
            "{}",
        );
        let c = read(&text, 0).unwrap();
        assert_eq!(c.requests, 1);
        assert_eq!(c.exchanges.len(), 2);
        assert!(c.exchanges.iter().all(|e| e.entry == Some(0)));
    }

    #[test]
    fn what_is_not_genesys_traffic_is_counted_but_not_kept() {
        let quiet = [
            export("function-data-actions", "POST", "/api/v2/conversations/x", r#""{}""#, "{}"),
            export("custom-rest-actions", "POST", "https://example.com/api/v2/conversations/x", r#""{}""#, "{}"),
            export("custom-rest-actions", "POST", "${input.webhookUrl}", r#""{}""#, "{}"),
        ];
        for text in quiet {
            let c = read(&text, 0).unwrap();
            assert_eq!((c.requests, c.exchanges.len()), (1, 0), "{text}");
        }
        let genesys = export(
            "custom-rest-actions",
            "POST",
            "https://api.mypurecloud.com/api/v2/conversations/x",
            r#""{}""#,
            "{}",
        );
        assert_eq!(read(&genesys, 0).unwrap().exchanges.len(), 1);
    }

    #[test]
    fn the_input_object_as_the_body_is_a_body_no_check_reads() {
        let text = export(
            "purecloud-data-actions",
            "POST",
            "/api/v2/conversations/callbacks",
            r#""${input.rawRequest}""#,
            "{}",
        );
        let c = read(&text, 0).unwrap();
        let body = c.exchanges[0].body.as_ref().unwrap();
        assert!(body.text.value.is_empty() && body.mime.is_none() && !body.looks_json());
    }

    #[test]
    fn a_huge_template_is_not_expanded_and_says_so() {
        let template = "#end".repeat(MAX_TEMPLATE / 4 + 1);
        let text = export(
            "purecloud-data-actions",
            "POST",
            "/api/v2/conversations/callbacks",
            &format!("\"{template}\""),
            "{}",
        );
        let c = read(&text, 0).unwrap();
        assert_eq!(c.exchanges.len(), 1);
        assert!(c.exchanges[0].body.as_ref().unwrap().text.value.is_empty());
        assert_eq!(c.problems.len(), 1);
        assert_eq!(c.problems[0].offset, Some(text.find("#end").unwrap()));
        assert!(c.problems[0].message.contains("larger than 1 MiB"), "{}", c.problems[0].message);
    }

    #[test]
    fn inputs_take_their_contract_types() {
        let text = export(
            "purecloud-data-actions",
            "POST",
            "/api/v2/conversations/callbacks",
            r#""{\"n\": ${input.n}, \"s\": ${input.s}}""#,
            r#"{"n": {"type": "integer"}, "s": {"type": ["string", "null"]}}"#,
        );
        let c = read(&text, 0).unwrap();
        assert_eq!(c.exchanges[0].body.as_ref().unwrap().text.value, r#"{"n": 1, "s": "${input.s}"}"#);
        assert_eq!(
            input_types(r#"{"properties": {"a": {"type": "number"}}}"#).get("a").map(String::as_str),
            Some("number")
        );
        assert!(input_types("[1]").is_empty());
    }

    #[test]
    fn documents_that_are_not_exports_hold_no_request_and_broken_ones_are_errors() {
        for text in [
            r#"[{"integrationType": 1, "requestUrlTemplate": 2}]"#,
            r#"{"integrationType": "x", "config": {"request": {"requestUrlTemplate": 5}}}"#,
            r#"{"integrationType": "x", "config": "requestUrlTemplate"}"#,
            r#"{"integrationType": ["x"], "config": {}}"#,
        ] {
            let c = read(text, 0).unwrap();
            assert_eq!((c.requests, c.exchanges.len()), (0, 0), "{text}");
        }
        let e = read(r#"{"integrationType": "x", "requestUrlTemplate": "#, 0).err().unwrap();
        assert!(e.message.starts_with("not valid JSON"), "{}", e.message);
    }

    #[test]
    fn credentials_are_counted_where_they_stand() {
        let text = export("custom-rest-actions", "GET", "https://example.com/x?api_key=abcdef123456", r#""""#, "{}")
            .replace("\"Content-Type\": \"application/json\"", "\"Authorization\": \"Bearer abcdefghijklmnop1234\"");
        let c = read(&text, 0).unwrap();
        assert_eq!(c.secrets.count(), 2, "{:?}", c.secrets);
        assert_eq!(c.secrets.first, Some(text.find("abcdef123456").unwrap()));
    }
}
