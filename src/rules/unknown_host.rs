use super::ctx::{Ctx, Finding, Place};
use super::request_failed;
use super::rule::{Check, Def, Relation, Subject};
use crate::catalog::facts::facts;
use crate::catalog::hosts::{api_host, environment_of, environments, looks_like_genesys, meant_environment};
use crate::diagnostic::{Rule, Severity};
use crate::suggest::request::Suggestion;

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "unknown-host",
        code: "GC406",
        severity: Severity::Warning,
        summary: "An API request to a host other than the API host of a Genesys Cloud region",
        explanation: r#"## What it catches
An `/api/v2/...` request to a host that is not the API host of a Genesys Cloud environment:
- another host of a real environment: the login host (`login.mypurecloud.com`), the web app
  (`apps.mypurecloud.com`), an organisation's name as a subdomain (`acme.mypurecloud.com`), or the
  bare domain (`mypurecloud.com`);
- a host that looks like Genesys Cloud but is no environment (`api.mygen.com`,
  `api.genesiscloud.com`, `api.purecloud.com`, `api.mypurecloud.con`);
- an environment misspelt, whatever the host is named like: one edit (a letter added, left out,
  changed, or two swapped) per seven letters of the environment's domain at most
  (`api.mypurcloud.com`, `api.inindac.com`, `api.ininda.com`). A host farther from every
  environment and named unlike Genesys Cloud (a mock server, `localhost`, your own proxy) is
  not Genesys Cloud's, and is left alone.

Genesys's own development and test environments (`inindca.com`, `inintca.com`) are real and laid
out like a region: `api.inindca.com` is fine, `apps.inindca.com/api/v2/...` is not.

## Why it matters
Such requests never reach the API: DNS fails, the web app answers with a page, or worse, an
unrelated server answers (and gets the token). Invented hosts come from the same machine-written
answers as invented endpoints.

## Example
    PATCH https://acme.mypurecloud.com/api/v2/conversations/{conversationId}/participants/{participantId}

## Fix
Send it to `https://api.<region>` of your organisation: api.mypurecloud.com, api.mypurecloud.ie,
api.mypurecloud.de, api.mypurecloud.com.au, api.mypurecloud.jp, api.usw2.pure.cloud,
api.cac1.pure.cloud, api.euw2.pure.cloud, api.euc2.pure.cloud, api.aps1.pure.cloud,
api.apne2.pure.cloud, ... The token says which organisation a call is for; login (OAuth) is at
`https://login.<region>`. The suggested request is the same call at the API host, when the
region meant is plain: the one the host belongs to, or a region one or two letters away from a
lookalike or a misspelling (`api.mypurecloud.con`, `api.inindac.com`); none for a made-up domain
(`api.genesiscloud.com`)."#,
    },
    subject: Subject::Endpoint,
    checks: &[Check::Alone(check)],
    relations: &[Relation::Explains { rule: &request_failed::RULE.rule, statuses: &[404, 405] }],
};

fn check(ctx: &mut Ctx) {
    let Some(host) = ctx.ex.host.clone() else { return };
    // A variable (`$GENESYS_HOST`, `{{host}}`) names no host yet.
    if crate::catalog::is_placeholder_segment(&host) {
        return;
    }
    if !ctx.ex.path_str().starts_with("/api/v2/") {
        return;
    }
    let url = &ctx.ex.url.value;
    let Some(start) = url.find("://").map(|i| i + 3) else { return };
    let Some(at) = url[start..ctx.ex.path.start].to_ascii_lowercase().find(&host).map(|i| start + i) else { return };
    let span = at..at + host.len();
    if let Some((sub, env)) = environment_of(&host) {
        wrong_host_of(ctx, &host, &sub, env, span);
        return;
    }
    if !looks_like_genesys(&host) {
        return;
    }
    let meant = meant_environment(&host);
    let help = match meant {
        Some(env) => format!("did you mean `{}`? the API is at api.<region> of your organisation", api_host(env)),
        None => {
            let some: Vec<String> = environments().iter().take(4).map(|e| api_host(e)).collect();
            format!("the API is at api.<region> of your organisation, e.g. {}", some.join(", "))
        }
    };
    ctx.emit(Finding {
        label: Some("not a Genesys Cloud host".into()),
        help: Some(help),
        suggestion: meant.and_then(|env| same_request_at(ctx, env)),
        ..Finding::new(&RULE.rule, format!("`{host}` is not a Genesys Cloud region"), Place::Url(span))
    });
}

/// An API call to a host of a Genesys environment other than its API host: the login host, the
/// web app, an organisation's name as a subdomain, the bare domain.
fn wrong_host_of(ctx: &mut Ctx, host: &str, sub: &str, env: &str, span: std::ops::Range<usize>) {
    let names = &facts().host_names;
    if sub == names.api {
        return;
    }
    let api = api_host(env);
    let (message, label, why) = if sub == names.login {
        (format!("`{host}` is the login host, not the API"), "the login host", format!("{host} serves OAuth only"))
    } else if sub == names.web_app {
        (format!("`{host}` is the web app's host, not the API"), "the web app", format!("{host} serves the web app"))
    } else if sub.is_empty() {
        (
            format!("`{host}` is not the API host of its environment"),
            "no API here",
            "the bare domain serves no API".to_owned(),
        )
    } else {
        (
            format!("`{host}` is not the API host of {env}"),
            "not the API host",
            "an organisation is told by its token, not by a subdomain".to_owned(),
        )
    };
    ctx.emit(Finding {
        label: Some(label.into()),
        help: Some(format!("API calls go to https://{api} and only there; {why}")),
        suggestion: same_request_at(ctx, env),
        ..Finding::new(&RULE.rule, message, Place::Url(span))
    });
}

/// The request as sent (method, path, body) at the API host of `env`; none when its body is not
/// JSON that can be sent again as it is.
fn same_request_at(ctx: &Ctx, env: &str) -> Option<Suggestion> {
    let body = match (&ctx.ex.body, ctx.body()) {
        (None, _) => None,
        (Some(b), _) if b.text.value.trim().is_empty() => None,
        (Some(_), Some(json)) => Some(json.clone()),
        (Some(_), None) => return None,
    };
    let origin = format!("https://{}", api_host(env));
    let mut request = ctx.request_at(&origin, &ctx.ex.method.to_ascii_uppercase(), ctx.own_path(), body);
    request.keeps_body = true;
    // The same method and path: the body changes of the request's other findings still apply.
    Some(Suggestion {
        requests: vec![request],
        note: None,
        changes: Vec::new(),
        edits: Vec::new(),
        replaces: false,
        fixable: false,
    })
}
