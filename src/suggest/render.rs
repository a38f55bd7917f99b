//! Suggestions as text: the block under a finding, the one-line mention of CI formats, and the
//! corrected requests of a capture as a `.http` file, curl commands, or JavaScript and Python SDK
//! calls (`gclint suggest`).

use std::collections::BTreeMap;

use clap::ValueEnum;
use serde_json::Value;

use super::{AUTHORIZATION, SuggestedRequest, Suggestion};
use crate::diagnostic::Diagnostic;

/// Bodies longer than this are cut in the block under a finding.
const SHOWN_BODY: usize = 200;

/// The block shown under a finding's help: the request(s) to send instead, and the note.
pub fn block(s: &Suggestion) -> String {
    let mut out = String::new();
    if !s.requests.is_empty() {
        out.push_str(if s.requests.len() == 1 { "suggested request:" } else { "suggested requests:" });
        for r in &s.requests {
            out.push_str(&format!("\n  {} {}", r.method, r.url));
            if let Some(body) = &r.body {
                out.push_str(&format!("\n  {}", crate::text::ellipsize(&body.to_string(), SHOWN_BODY)));
            }
        }
    }
    if let Some(note) = &s.note {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("note: {note}"));
    }
    out
}

/// One line for formats with little room (GitHub annotations, JUnit): the first request and the
/// note.
pub fn one_line(s: &Suggestion) -> Option<String> {
    let first = s.requests.first()?;
    let body = first.body.as_ref().map(|b| format!(" {}", crate::text::ellipsize(&b.to_string(), 120)));
    let more = match s.requests.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let note = s.note.as_ref().map(|n| format!("; {n}")).unwrap_or_default();
    Some(format!("suggested: {} {}{}{more}{note}", first.method, first.url, body.unwrap_or_default()))
}

/// What `gclint suggest` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum As {
    /// A `.http` request file (JetBrains HTTP Client, VS Code REST Client).
    Http,
    /// curl commands for a POSIX shell.
    Curl,
    /// JavaScript with the `purecloud-platform-client-v2` SDK.
    Js,
    /// Python with the `PureCloudPlatformClientV2` SDK.
    Python,
}

/// The corrected requests for one request of a capture.
pub struct Corrected {
    /// Where the request was: `file entry 3` or `file`.
    pub origin: String,
    /// The rules whose suggestions made it.
    pub rules: Vec<&'static str>,
    pub requests: Vec<SuggestedRequest>,
    pub notes: Vec<String>,
}

/// The rules about the method and path of a request: a suggestion that replaces the request
/// settles them.
const ENDPOINT_RULES: &[&str] = &[
    "unknown-endpoint",
    "method-not-allowed",
    "put-method",
    "removed-endpoint",
    "deprecated-endpoint",
    "root-endpoint-patch",
];

/// The corrected requests of each request with findings: those of the finding that replaces the
/// request (root-endpoint-patch first, as it knows the participants), or of a body finding.
pub fn corrected(diagnostics: &[Diagnostic]) -> Vec<Corrected> {
    let mut by_request: BTreeMap<(String, Option<usize>, String), Vec<&Diagnostic>> = BTreeMap::new();
    let mut order = Vec::new();
    for d in diagnostics.iter().filter(|d| d.request.is_some()) {
        let key = (d.path.clone(), d.entry, d.request.clone().unwrap_or_default());
        if !by_request.contains_key(&key) {
            order.push(key.clone());
        }
        by_request.entry(key).or_default().push(d);
    }
    order
        .into_iter()
        .filter_map(|key| {
            let found = by_request.remove(&key)?;
            let suggested: Vec<&Diagnostic> = found.iter().copied().filter(|d| d.suggestion.is_some()).collect();
            let base = suggested
                .iter()
                .find(|d| d.rule.name == "root-endpoint-patch")
                .or_else(|| suggested.iter().find(|d| d.suggestion.as_ref().is_some_and(|s| s.replaces)))
                .or_else(|| suggested.first())
                .and_then(|d| d.suggestion.as_ref())?;
            // Each suggestion's requests already carry the body changes of the request's other
            // findings (see `rules::check_in_order`).
            let requests = base.requests.clone();
            // What no suggestion covers stays to be fixed by hand: body findings only while the
            // body is the request's own, endpoint findings only while the request is, and never
            // the recorded answer.
            let keeps_body = requests.iter().any(|r| r.keeps_body);
            let mut notes: Vec<String> = base.note.iter().cloned().collect();
            notes.extend(
                found
                    .iter()
                    .filter(|d| d.suggestion.is_none() && d.rule.name != "request-failed")
                    .filter(|d| !(base.replaces && ENDPOINT_RULES.contains(&d.rule.name)))
                    .filter(|d| keeps_body || d.pointer.is_none())
                    .map(|d| format!("still to fix: {} [{}]", d.message, d.rule.name)),
            );
            let mut rules: Vec<&'static str> = Vec::new();
            for name in suggested.iter().map(|d| d.rule.name) {
                if !rules.contains(&name) {
                    rules.push(name);
                }
            }
            let origin = match key.1 {
                Some(e) => format!("{} entry {e}", key.0),
                None => key.0.clone(),
            };
            Some(Corrected { origin, rules, requests, notes })
        })
        .collect()
}

/// Renders the corrected requests in the chosen form.
pub fn render(corrected: &[Corrected], form: As) -> String {
    match form {
        As::Http => http(corrected),
        As::Curl => curl(corrected),
        As::Js => js(corrected),
        As::Python => python(corrected),
    }
}

/// A header line naming where the request came from and why it changed.
fn heading(c: &Corrected) -> String {
    format!("{} ({})", c.origin, c.rules.join(", "))
}

/// A URL with `{name}` parameters written as `open name close`.
fn with_placeholders(url: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        // `{{name}}` is a variable already (left unfilled in a .http file): kept as it is.
        if let Some(len) = rest[start..].strip_prefix("{{").and_then(|r| r.find("}}")) {
            out.push_str(&rest[..start + len + 4]);
            rest = &rest[start + len + 4..];
            continue;
        }
        match rest[start..].find('}') {
            Some(len) if !rest[start + 1..start + len].contains(['{', '/']) => {
                out.push_str(&rest[..start]);
                out.push_str(&format!("{open}{}{close}", &rest[start + 1..start + len]));
                rest = &rest[start + len + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn pretty(body: &Value) -> String {
    serde_json::to_string_pretty(body).unwrap_or_default()
}

fn http(corrected: &[Corrected]) -> String {
    let mut out = String::from("# Corrected requests, written by gclint suggest. {{token}} is your OAuth token.\n");
    for c in corrected {
        for (i, r) in c.requests.iter().enumerate() {
            out.push_str(&format!("\n### {}", heading(c)));
            if c.requests.len() > 1 {
                out.push_str(&format!(", request {} of {}", i + 1, c.requests.len()));
            }
            out.push('\n');
            if i == 0 {
                for note in &c.notes {
                    out.push_str(&format!("# {note}\n"));
                }
            }
            out.push_str(&format!("{} {}\n", r.method, with_placeholders(&r.url, "{{", "}}")));
            for (name, value) in &r.headers {
                out.push_str(&format!("{name}: {value}\n"));
            }
            if let Some(body) = &r.body {
                out.push_str(&format!("\n{}\n", pretty(body)));
            }
        }
        if c.requests.is_empty() {
            out.push_str(&format!("\n# {}: no request is needed\n", heading(c)));
            for note in &c.notes {
                out.push_str(&format!("# {note}\n"));
            }
        }
    }
    out
}

/// A word for a POSIX shell in single quotes.
fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn curl(corrected: &[Corrected]) -> String {
    let mut out = String::from(
        "#!/bin/sh\n# Corrected requests, written by gclint suggest. Set GENESYS_TOKEN to your OAuth token.\n",
    );
    if corrected.iter().flat_map(|c| &c.requests).any(|r| r.url.starts_with('/')) {
        out.push_str("# Set GENESYS_HOST to your region's API host (api.mypurecloud.com, api.mypurecloud.ie, ...).\n");
    }
    for c in corrected {
        out.push_str(&format!("\n# {}\n", heading(c)));
        for note in &c.notes {
            out.push_str(&format!("# {note}\n"));
        }
        for r in &c.requests {
            // Parameters and variables left open become shell variables; the URL is
            // double-quoted for them.
            let url = with_placeholders(&r.url.replace("{{", "{").replace("}}", "}"), "${", "}");
            let url = if url.starts_with('/') { format!("https://$GENESYS_HOST{url}") } else { url };
            out.push_str(&format!("curl -sS -X {} \"{url}\"", r.method));
            for (name, value) in &r.headers {
                let value = if value == AUTHORIZATION { "Bearer $GENESYS_TOKEN" } else { value.as_str() };
                out.push_str(&format!(" \\\n  -H \"{name}: {value}\""));
            }
            if let Some(body) = &r.body {
                out.push_str(&format!(" \\\n  --data {}", single_quoted(&body.to_string())));
            }
            out.push('\n');
        }
    }
    out
}

/// The environments (`mypurecloud.ie`) of the requests with an API host, in order of first use.
fn environments(corrected: &[Corrected]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in corrected.iter().flat_map(|c| &c.requests) {
        let host = r.url.split("://").nth(1).and_then(|rest| rest.split('/').next());
        if let Some(env) = host.and_then(|h| h.strip_prefix("api.")).filter(|e| !out.iter().any(|o| o == e)) {
            out.push(env.to_owned());
        }
    }
    out
}

/// A comment line (after `comment`) when the requests go to several regions: the SDK client is
/// set up for the first.
fn several_regions(envs: &[String], comment: &str) -> String {
    match envs {
        [_, _, ..] => format!(
            "{comment} These requests go to several regions ({}): the SDK client is set up for the first; run the others with their own environment.\n",
            envs.join(", ")
        ),
        _ => String::new(),
    }
}

/// The path parameters of a request, in order: the concrete segments where its operation's
/// template has parameters.
fn path_arguments(r: &SuggestedRequest) -> Option<Vec<String>> {
    let op = r.op?;
    let path = match r.url.find("://") {
        Some(scheme) => r.url[scheme + 3..].find('/').map_or("", |p| &r.url[scheme + 3 + p..]),
        None => r.url.as_str(),
    };
    let concrete: Vec<&str> = crate::catalog::split_path(path).collect();
    let args = op.segments().zip(concrete).filter(|(t, _)| t.starts_with('{')).map(|(_, c)| c.to_owned()).collect();
    Some(args)
}

fn js(corrected: &[Corrected]) -> String {
    let mut out = String::from(
        "// Corrected requests, written by gclint suggest. Set GENESYS_TOKEN to your OAuth token.\n\
         const platformClient = require(\"purecloud-platform-client-v2\");\n\n\
         const client = platformClient.ApiClient.instance;\n",
    );
    let envs = environments(corrected);
    out.push_str(&several_regions(&envs, "//"));
    if let Some(env) = envs.first() {
        out.push_str(&format!("client.setEnvironment({});\n", Value::from(env.as_str())));
    }
    out.push_str(
        "client.setAccessToken(process.env.GENESYS_TOKEN);\n\
         const conversationsApi = new platformClient.ConversationsApi();\n\n\
         async function main() {\n",
    );
    let js = Sdk {
        comment: "  //",
        call: "  await conversationsApi.",
        end: ";",
        method: |r| r.js_method.as_deref(),
        literal: |v| v.to_string(),
    };
    out.push_str(&js.calls(corrected));
    out.push_str("}\n\nmain().catch((err) => {\n  console.error(err);\n  process.exit(1);\n});\n");
    out
}

/// A JSON value as a Python literal.
fn python_literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => Value::from(s.as_str()).to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(python_literal).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), python_literal(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn python(corrected: &[Corrected]) -> String {
    let mut out = String::from(
        "# Corrected requests, written by gclint suggest. Set GENESYS_TOKEN to your OAuth token.\n\
         import os\n\n\
         import PureCloudPlatformClientV2\n\n",
    );
    let envs = environments(corrected);
    out.push_str(&several_regions(&envs, "#"));
    if let Some(env) = envs.first() {
        out.push_str(&format!("PureCloudPlatformClientV2.configuration.host = \"https://api.{env}\"\n"));
    }
    out.push_str(
        "PureCloudPlatformClientV2.configuration.access_token = os.environ[\"GENESYS_TOKEN\"]\n\
         conversations_api = PureCloudPlatformClientV2.ConversationsApi()\n",
    );
    let python = Sdk {
        comment: "#",
        call: "conversations_api.",
        end: "",
        method: |r| r.py_method.as_deref(),
        literal: python_literal,
    };
    for c in corrected {
        // A blank line before each request's calls, as Python style has it.
        out.push('\n');
        out.push_str(&python.calls(std::slice::from_ref(c)));
    }
    out
}

/// How one SDK's calls are written.
struct Sdk {
    /// The comment marker, with the indentation of the calls.
    comment: &'static str,
    /// What comes before the method name.
    call: &'static str,
    /// What ends a call.
    end: &'static str,
    /// The SDK's method of a request's operation.
    method: fn(&SuggestedRequest) -> Option<&str>,
    /// A body as a literal of the language.
    literal: fn(&Value) -> String,
}

impl Sdk {
    /// One commented group of calls per corrected request: the path parameters in order, then
    /// the body.
    fn calls(&self, corrected: &[Corrected]) -> String {
        let mut out = String::new();
        for c in corrected {
            out.push_str(&format!("{} {}\n", self.comment, heading(c)));
            for note in &c.notes {
                out.push_str(&format!("{} {note}\n", self.comment));
            }
            for r in &c.requests {
                match ((self.method)(r), path_arguments(r)) {
                    (Some(method), Some(args)) => {
                        let mut list: Vec<String> = args.iter().map(|a| Value::from(a.as_str()).to_string()).collect();
                        list.extend(r.body.as_ref().map(self.literal));
                        out.push_str(&format!("{}{method}({}){}\n", self.call, list.join(", "), self.end));
                    }
                    _ => out.push_str(&format!(
                        "{} {} {}: no SDK method is known for this request\n",
                        self.comment, r.method, r.url
                    )),
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_the_form_of_the_output() {
        let url = "https://api.mypurecloud.com/api/v2/conversations/c1/participants/{participantId}";
        assert_eq!(
            with_placeholders(url, "{{", "}}"),
            "https://api.mypurecloud.com/api/v2/conversations/c1/participants/{{participantId}}"
        );
        assert_eq!(with_placeholders("/a/{x}/b/{{y}}", "${", "}"), "/a/${x}/b/{{y}}");
    }

    #[test]
    fn python_literals() {
        let v = serde_json::json!({"held": true, "wrapup": {"code": "x", "tags": [1, null]}});
        assert_eq!(python_literal(&v), r#"{"held": True, "wrapup": {"code": "x", "tags": [1, None]}}"#);
    }
}
