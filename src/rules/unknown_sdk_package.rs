use super::rule::{Check, Def, FileFacts, Subject};
use crate::catalog::sdk::{self, Language, Package};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::input::source::model::CodeUse;
use crate::source::Source;
use crate::suggest::request::{Edit, Suggestion};

pub(super) static RULE: Def = Def {
    rule: Rule {
        name: "unknown-sdk-package",
        code: "GC501",
        severity: Severity::Error,
        summary: "Source code that imports a Genesys Cloud SDK package that does not exist",
        explanation: r#"## What it catches
A JavaScript, TypeScript or Python file that imports the Genesys Cloud Platform API SDK under a
name it does not have: `@genesyscloud/purecloud-platform-client-v2`, `@genesyscloud/genesyscloud`
or any other `@genesyscloud/...` package, `genesys-cloud-sdk`, a near miss of the real name, or
in Python `genesyscloud`, `genesys_cloud_sdk` or the real module in the wrong case.

The SDK is `purecloud-platform-client-v2` on npm and `PureCloudPlatformClientV2` on PyPI (the
Python module has the same name, in that case). Genesys's other packages (the WebRTC SDK, the
streaming client, the guest chat client) are real and not reported; nor is any package gclint
cannot tell.

## Why it matters
The install or the import fails, and the code around it, often copied from a forum answer,
was never run against the API.

## Example
    import platformClient from '@genesyscloud/purecloud-platform-client-v2';

## Fix
    import platformClient from 'purecloud-platform-client-v2';

`gclint check --fix` makes that change where only the name is wrong (the import's binding is
kept)."#,
    },
    subject: Subject::Input,
    checks: &[Check::File(check)],
    relations: &[],
};

fn check(file: &FileFacts) -> Vec<Diagnostic> {
    let Some((code, src)) = file.code else { return Vec::new() };
    let mut out = Vec::new();
    for used in code {
        let CodeUse::Import { language, package, span } = used else { continue };
        let Package::Invented { real } = sdk::package(*language, package) else { continue };
        let help = match language {
            Language::JavaScript => format!(
                "the Genesys Cloud SDK for JavaScript is `{real}` (`npm install {real}`); import it under that name"
            ),
            Language::Python => format!(
                "the Genesys Cloud SDK for Python is `{real}` (`pip install {real}`), and its module has the same name, in that case"
            ),
        };
        let mut d = Diagnostic::in_source(
            &RULE.rule,
            src,
            span.clone(),
            format!("there is no package `{package}`: the Genesys Cloud SDK is `{real}`"),
            Some("no such package".into()),
            Some(help),
        );
        d.suggestion = rename(src, span, *language, real).map(Suggestion::edit);
        out.push(d);
    }
    out
}

/// The edit that puts the real name in place of the one written, when that is all the change:
/// a JavaScript module string (the import's binding is the code's own name), or a Python
/// `from NAME import ...` or `import NAME as alias` (a bare `import NAME` is used by that name
/// elsewhere in the file, and a dotted `NAME.sub` names a module the SDK may not have).
fn rename(src: &Source, span: &std::ops::Range<usize>, language: Language, real: &str) -> Option<Edit> {
    let original = std::str::from_utf8(src.bytes.get(span.clone())?).ok()?;
    if language == Language::Python {
        let after = src.bytes.get(span.end..)?;
        let rest = std::str::from_utf8(after.get(..after.len().min(32))?).unwrap_or_default();
        let rest = rest.trim_start_matches([' ', '\t']);
        if !(rest.starts_with("import ") || rest.starts_with("as ")) {
            return None;
        }
    }
    Edit::at(src, span.clone(), original.to_owned(), real.to_owned())
}
