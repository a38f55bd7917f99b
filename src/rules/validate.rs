//! Checks a JSON body against the schema view of its operation and hands each failure to the
//! rule that explains it (`unknown-field`, `enum-case`, `schema-violation`).

use serde_json::Value;

use super::{Ctx, Place, enum_case, schema_violation, unknown_field};
use crate::catalog::schemas::{self, ErrorKind};

pub fn check(ctx: &mut Ctx) {
    let Some(op) = ctx.body_operation() else {
        return;
    };
    let Some(view) = op.body.as_deref() else {
        return;
    };
    let Some(schema) = schemas::get(view) else {
        return;
    };
    let Some(body) = ctx.body() else {
        if ctx.ex.body.is_none() && op.body_required == Some(true) && op.method != "GET" && op.method != "DELETE" {
            let span = ctx.ex.path.clone();
            ctx.report(
                &schema_violation::RULE,
                format!("`{}` needs a request body ({})", op.signature(), schema.title()),
                Place::Url(span),
                Some("no body was sent".into()),
                Some(format!("send a JSON {} with the fields to change", schema.title())),
            );
        }
        return;
    };
    let errors = schema.validate(body);
    if errors.is_empty() {
        return;
    }
    // The findings below borrow the context mutably: they read a copy of the body.
    let body = body.clone();
    for error in errors {
        if ctx.is_claimed(&error.pointer) {
            continue;
        }
        let value = body.pointer(&error.pointer).unwrap_or(&Value::Null);
        match &error.kind {
            ErrorKind::Unexpected(keys) => {
                for key in keys {
                    let pointer = schemas::pointer_push(&error.pointer, key);
                    if !ctx.is_claimed(&pointer) {
                        unknown_field::report(ctx, schema, &error.pointer, key, &body);
                    }
                }
            }
            ErrorKind::Enum(options) => {
                let folded = value.as_str().and_then(|s| {
                    options.iter().filter_map(Value::as_str).find(|o| o.eq_ignore_ascii_case(s) && *o != s)
                });
                match folded {
                    Some(member) => enum_case::report(ctx, &error.pointer, value, member),
                    None => schema_violation::not_in_enum(ctx, &error.pointer, value, options),
                }
            }
            ErrorKind::Type(expected) => schema_violation::wrong_type(ctx, &error.pointer, value, expected),
            ErrorKind::Format(format) => schema_violation::bad_format(ctx, &error.pointer, value, format),
            ErrorKind::Other(message) => schema_violation::other(ctx, &error.pointer, message),
        }
    }
}
