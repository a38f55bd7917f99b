use super::ctx::{Ctx, Finding, Place};
use super::rule::{Check, Def};
use crate::catalog::hosts::{environments, is_genesys_host, looks_like_genesys};
use crate::diagnostic::{Rule, Severity};
use crate::text::closest;

pub static RULE: Def = Def {
    rule: Rule {
        name: "unknown-host",
        code: "GC406",
        severity: Severity::Warning,
        summary: "An API request to a host that is not a Genesys Cloud region",
        explanation: r#"## What it catches
An `/api/v2/...` request to a host that looks like Genesys Cloud but is not one of its regions
(`api.mygen.com`, `api.genesiscloud.com`, `api.purecloud.com`), and API calls sent to the login
host (`login.mypurecloud.com/api/v2/...`).

## Why it matters
Such requests never reach Genesys: DNS fails, or worse, an unrelated server answers. Invented hosts
come from the same machine-written answers as invented endpoints.

## Example
    PATCH https://api.genesiscloud.com/api/v2/conversations/{conversationId}/participants/{participantId}

## Fix
The API is at `https://api.<region>`: api.mypurecloud.com, api.mypurecloud.ie, api.mypurecloud.de,
api.mypurecloud.com.au, api.mypurecloud.jp, api.usw2.pure.cloud, api.cac1.pure.cloud,
api.euw2.pure.cloud, api.euc2.pure.cloud, api.aps1.pure.cloud, api.apne2.pure.cloud, ... — the
region of your organisation; login (OAuth) is at `https://login.<region>`."#,
    },
    checks: &[Check::Alone(check)],
    relations: &[],
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
    if is_genesys_host(&host) {
        if let Some(env) = host.strip_prefix("login.") {
            ctx.emit(Finding {
                label: Some("the login host".into()),
                help: Some(format!("API calls go to https://api.{env}; login.{env} serves OAuth only")),
                ..Finding::new(&RULE.rule, format!("`{host}` is the login host, not the API"), Place::Url(span))
            });
        }
        return;
    }
    if !looks_like_genesys(&host) {
        return;
    }
    let api_hosts: Vec<String> = environments().iter().map(|e| format!("api.{e}")).collect();
    let near = closest(&host, api_hosts.iter().map(String::as_str));
    let help = match near {
        Some(n) => format!("did you mean `{n}`? the API is at api.<region> of your organisation"),
        None => format!("the API is at api.<region>, e.g. {}", api_hosts[..4].join(", ")),
    };
    ctx.emit(Finding {
        label: Some("not a Genesys Cloud host".into()),
        help: Some(help),
        ..Finding::new(&RULE.rule, format!("`{host}` is not a Genesys Cloud region"), Place::Url(span))
    });
}
