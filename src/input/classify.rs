//! Telling an input's format apart (by content, and by extension where the content cannot tell)
//! and handing it to its reader.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::capture::{Capture, InputError};
use super::format::Format;
use super::options::{ReadOptions, base_dir};
use super::{curl, data_action, gc_log, har, http_file, insomnia, jsonl, postman, sdk_text, source, terraform};
use crate::source::Source;
use std::path::Path;

pub enum Input {
    Capture(Capture),
    /// A HAR capture: its entries are read as a stream (see [`har::Splitter`]).
    Har,
    /// A JSON document (or something meant to be one) to check as a request body.
    Payload,
    /// Nothing gclint reads (found in a directory walk): counted as skipped, not reported.
    Skip,
    Invalid(InputError),
}

/// The extension of a file name, lowercase, looking through a compression suffix
/// (`capture.har.gz` is a `har`).
pub fn extension(name: &str) -> String {
    let path = Path::new(name);
    let ext = |p: &Path| p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext(path).as_str() {
        "gz" | "zst" | "zstd" => path.file_stem().map(|stem| ext(Path::new(stem))).unwrap_or_default(),
        other => other.to_owned(),
    }
}

/// Decides what a source is and reads it: by `--input-format` when given, otherwise by content
/// first and by extension where content cannot tell.
pub fn classify(src: &Source, opts: &ReadOptions) -> Input {
    let limit = usize::try_from(opts.max_body).unwrap_or(usize::MAX);
    let too_big = |len: usize| limit > 0 && len > limit;
    let size = |n: u64| crate::text::human_size(n);
    match classify_any(src, opts) {
        Input::Payload if too_big(src.bytes.len()) => Input::Invalid(InputError::at(
            0,
            format!(
                "the payload is {} bytes, more than the {} --max-body-size limit: not checked",
                src.bytes.len(),
                size(opts.max_body)
            ),
        )),
        // Read as the format the user named, and nothing of that format in it: a wrong guess to
        // say, not a pass.
        Input::Capture(capture)
            if opts.format != Format::Auto && capture.requests == 0 && capture.problems.is_empty() =>
        {
            Input::Invalid(InputError::at(
                src.bom_len(),
                format!(
                    "no request found in it, read as {} (`--input-format {}`)",
                    opts.format.name(),
                    clap::ValueEnum::to_possible_value(&opts.format)
                        .map_or_else(String::new, |v| v.get_name().to_owned())
                ),
            ))
        }
        Input::Capture(mut capture) => {
            capture.limit_bodies(opts.max_body);
            Input::Capture(capture)
        }
        other => other,
    }
}

/// Whether an input that holds nothing gclint reads is reported (rather than skipped): it was
/// named, its extension or `--input-format` says it holds something gclint reads. A `.json` file
/// found in a walk claims nothing: most are no API traffic, and an empty one or one in UTF-16 is
/// some other tool's file, not a broken request.
fn strict(name: &str, explicit: bool, opts: &ReadOptions) -> bool {
    let ext = extension(name);
    let claims = matches!(ext.as_str(), "har" | "http" | "rest" | "jsonl" | "ndjson" | "sh" | "curl" | "tf");
    explicit || claims || opts.format != Format::Auto
}

/// What an input is when its first bytes (`head`, from file offset `base` on; an input goes on
/// after them) are not text: a NUL byte or a byte that is not UTF-8 in them (a character cut at
/// the end of them aside). `None` for text. Binary data is refused without reading the rest.
pub fn binary(name: &str, head: &[u8], base: usize, explicit: bool, opts: &ReadOptions) -> Option<Input> {
    let bom = if base == 0 && head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = head.get(bom..).unwrap_or_default();
    let not_utf8 = match simdutf8::compat::from_utf8(text) {
        Err(e) if e.error_len().is_some() => Some(e.valid_up_to()),
        _ => None,
    };
    let nul = memchr::memchr(0, text);
    let (at, what) = match (nul, not_utf8) {
        (Some(n), u) if u.is_none_or(|u| n < u) => (n, "binary data (a NUL byte"),
        (_, Some(u)) => (u, "not UTF-8 text (invalid byte"),
        (_, None) => return None,
    };
    let at = base + bom + at;
    let message = format!("{what} at offset {at}): not a capture, request file or JSON payload");
    Some(if strict(name, explicit, opts) { Input::Invalid(InputError::at(at, message)) } else { Input::Skip })
}

fn classify_any(src: &Source, opts: &ReadOptions) -> Input {
    let ext = extension(&src.name);
    let claims_capture = ext == "har";
    let claims_json = claims_capture || ext == "json";
    let strict = strict(&src.name, src.explicit, opts);
    let base = src.bom_len();
    let text = match simdutf8::compat::from_utf8(src.bytes.get(base..).unwrap_or_default()) {
        Ok(t) => t,
        Err(e) if strict => {
            let offset = base + e.valid_up_to();
            return Input::Invalid(InputError::at(
                offset,
                format!(
                    "not UTF-8 text (invalid byte at offset {offset}): not a capture, request file or JSON payload"
                ),
            ));
        }
        Err(_) => return Input::Skip,
    };
    let trimmed = text.trim_start();
    // An empty file found in a walk holds no request, whatever its extension says (a placeholder
    // `outputs.tf`, a request file not written yet); only an empty `.har` is a broken capture (an
    // export that failed).
    if trimmed.is_empty() {
        let said = src.explicit || claims_capture || opts.format != Format::Auto;
        return if said { Input::Invalid(InputError::at(0, "the file is empty")) } else { Input::Skip };
    }
    let ctx = Reading { text, base };
    let format = match opts.format {
        Format::Auto => sniff(trimmed, &ext),
        f => Some(f),
    };
    // Each request carries the format it was read from (JSON that is no other format holds HAR
    // request objects).
    let read_as = format.filter(|&f| f != Format::Auto).unwrap_or(Format::Har);
    let input = match format {
        Some(Format::Http) => {
            done(http_file::read(text, base, &base_dir(src), opts.http_env.as_deref(), opts.includes))
        }
        Some(Format::Curl) => match curl::read(text, base, &base_dir(src), opts.includes) {
            // Told by a line that starts with `curl` and holding no command: notes about curl
            // (an install line's download aside), not a file of requests.
            read if opts.format == Format::Auto && curl::holds_nothing(&read) => Input::Skip,
            read => done(read),
        },
        Some(Format::SdkText) => Input::Capture(sdk_text::read(text, base)),
        Some(Format::GcLog) => Input::Capture(gc_log::read(text, base)),
        Some(f @ (Format::JavaScript | Format::Python)) => done(source::read(text, base, f, &ext)),
        Some(Format::DataAction) => done(data_action::read(text, base)),
        Some(Format::Terraform) => done(terraform::read(text, base)),
        Some(Format::Postman) => done(postman::read(text, base, opts.postman_env.as_deref())),
        Some(Format::Insomnia) => done(insomnia::read(text, base)),
        Some(Format::Jsonl) => Input::Capture(jsonl::read(text, base)),
        Some(Format::Payload) => Input::Payload,
        Some(Format::Har) => match har::read(text, base) {
            Ok(har::Shape::Har) => Input::Har,
            Ok(har::Shape::Requests(c)) => Input::Capture(c),
            Ok(har::Shape::NotCapture) => {
                Input::Invalid(InputError::at(base, "not a HAR file: no `log` object at the top level"))
            }
            Err(e) => Input::Invalid(e),
        },
        Some(Format::Auto) | None => ctx.json_or_other(trimmed, claims_capture, claims_json, src.explicit),
    };
    match input {
        Input::Capture(capture) => Input::Capture(capture.read_as(read_as)),
        other => other,
    }
}

/// The text format a source is read as, by `--input-format` or by its content and extension:
/// `None` for JSON documents (HAR captures, request objects, payloads: [`classify`] tells them
/// apart) and for what gclint does not read.
pub fn text_format(src: &Source, opts: &ReadOptions) -> Option<Format> {
    if opts.format != Format::Auto {
        return Some(opts.format);
    }
    let text = std::str::from_utf8(src.bytes.get(src.bom_len()..).unwrap_or_default()).ok()?;
    sniff(text.trim_start(), &extension(&src.name))
}

/// Whether a source is a `.http` request file, by its extension or by how it starts.
pub fn is_request_file(src: &Source) -> bool {
    head_format(src) == Some(Format::Http)
}

/// The format of a source by its first bytes and extension (as [`sniff`] tells it), for what
/// only needs to know what kind of file it is (whether its bodies can be edited in place).
pub fn head_format(src: &Source) -> Option<Format> {
    let head = src.bytes.get(src.bom_len()..src.bytes.len().min(64 << 10).max(src.bom_len())).unwrap_or_default();
    let head = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or_default(),
    };
    sniff(head.trim_start(), &extension(&src.name))
}

/// Tells a text format by its content; `None` for JSON documents and anything else.
pub fn sniff(trimmed: &str, ext: &str) -> Option<Format> {
    // Source code is told by its extension alone: a script may start with anything.
    if let Some(language) = source::language_of(ext) {
        return Some(language);
    }
    let json_like = matches!(trimmed.as_bytes().first(), Some(b'{' | b'['));
    if json_like {
        return if jsonl::looks_like(trimmed) {
            Some(Format::Jsonl)
        } else if data_action::looks_like(trimmed) {
            Some(Format::DataAction)
        } else if postman::looks_like(trimmed) {
            Some(Format::Postman)
        } else if insomnia::looks_like(trimmed) {
            Some(Format::Insomnia)
        } else {
            None
        };
    }
    if matches!(ext, "http" | "rest") {
        return Some(Format::Http);
    }
    if ext == "tf" {
        return Some(Format::Terraform);
    }
    if gc_log::looks_like(trimmed) {
        Some(Format::GcLog)
    } else if sdk_text::looks_like(trimmed) {
        Some(Format::SdkText)
    } else if curl::looks_like(trimmed) {
        Some(Format::Curl)
    } else if http_file::looks_like(trimmed) {
        Some(Format::Http)
    } else {
        None
    }
}

fn done(read: Result<Capture, InputError>) -> Input {
    match read {
        Ok(c) => Input::Capture(c),
        Err(e) => Input::Invalid(e),
    }
}

struct Reading<'a> {
    text: &'a str,
    base: usize,
}

impl Reading<'_> {
    /// A JSON document (HAR, request object, payload) or a file gclint does not read.
    fn json_or_other(&self, trimmed: &str, claims_capture: bool, claims_json: bool, explicit: bool) -> Input {
        let base = self.base;
        let json_like = matches!(trimmed.as_bytes().first(), Some(b'{' | b'['));
        if !json_like {
            return if claims_capture {
                Input::Invalid(InputError::at(base, "not a HAR file: a HAR is a JSON object with `log.entries`"))
            } else if claims_json {
                Input::Payload
            } else if explicit {
                Input::Invalid(InputError::at(
                    base,
                    "not a capture gclint reads: no HAR, SDK log, .http request, curl command or JSON body found",
                ))
            } else {
                Input::Skip
            };
        }
        match har::read(self.text, base) {
            Ok(har::Shape::Har) => Input::Har,
            Ok(har::Shape::Requests(c)) => Input::Capture(c),
            Ok(har::Shape::NotCapture) if claims_capture => {
                Input::Invalid(InputError::at(base, "not a HAR file: no `log` object at the top level"))
            }
            Ok(har::Shape::NotCapture) if claims_json || explicit => Input::Payload,
            Ok(har::Shape::NotCapture) => Input::Skip,
            // A broken file that starts like a HAR is a broken capture; other broken JSON is a
            // broken payload, reported by the body checks.
            Err(e) if claims_capture || har::starts_like_har(trimmed.as_bytes()) => Input::Invalid(e),
            Err(_) if claims_json || explicit => Input::Payload,
            Err(_) => Input::Skip,
        }
    }
}
