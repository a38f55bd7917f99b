//! HAR 1.1/1.2 captures from any producer, a bare HAR request object, or an array of them.
//!
//! The file is parsed with borrowed [`RawValue`]s: every string keeps its place in the file, so
//! a finding in a body maps back to the exact HAR line and column. Only requests gclint lints are
//! decoded; other traffic is skipped after its URL is read.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::{JsonFile, Record};
use super::{Capture, InputError};

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    log: Option<&'a RawValue>,
    #[serde(borrow)]
    method: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(borrow)]
    entries: Option<&'a RawValue>,
}

/// A well-formed HAR in one pass: the common case. Anything else goes the careful way, which
/// says what is wrong and where.
#[derive(Deserialize)]
struct WellFormed<'a> {
    #[serde(borrow)]
    log: WellFormedLog<'a>,
}

#[derive(Deserialize)]
struct WellFormedLog<'a> {
    #[serde(borrow, default)]
    entries: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    request: Option<&'a RawValue>,
    #[serde(borrow)]
    response: Option<&'a RawValue>,
    #[serde(borrow)]
    comment: Option<&'a RawValue>,
}

/// What a JSON file turned out to be.
pub enum Shape {
    Capture(Capture),
    /// Valid JSON that is not a capture: a payload.
    NotCapture,
}

/// Reads `text` (the whole file without its BOM; `base` is the BOM length) as a capture.
pub fn read(text: &str, base: usize) -> Result<Shape, InputError> {
    let file = JsonFile { text, base };
    let first = text.trim_start().as_bytes().first().copied();
    match first {
        Some(b'{') => {
            if let Ok(har) = serde_json::from_str::<WellFormed>(text) {
                return Ok(Shape::Capture(file.requests(har.log.entries.into_iter().map(RequestSlot::Entry))));
            }
            let top: Top = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
            if let Some(log) = top.log {
                let log: Log = serde_json::from_str(log.get())
                    .map_err(|_| file.error_at(log, "`log` is not an object: this is not a HAR file"))?;
                // A log without entries (pages only) records no request: nothing to check.
                let entries: Vec<&RawValue> = match log.entries {
                    None => Vec::new(),
                    Some(raw) => serde_json::from_str(raw.get())
                        .map_err(|_| file.error_at(raw, "`log.entries` is not an array"))?,
                };
                let slots = entries.iter().map(|e| match serde_json::from_str::<Entry>(e.get()) {
                    Ok(entry) => RequestSlot::Entry(entry),
                    Err(_) => RequestSlot::Malformed(file.offset(e)),
                });
                Ok(Shape::Capture(file.requests(slots)))
            } else if top.method.is_some() && top.url.is_some() {
                let whole: &RawValue = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
                Ok(Shape::Capture(file.requests(std::iter::once(RequestSlot::Request(whole)))))
            } else {
                Ok(Shape::NotCapture)
            }
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| file.json_error(&e))?;
            let all_requests = !items.is_empty()
                && items
                    .iter()
                    .all(|i| serde_json::from_str::<Top>(i.get()).is_ok_and(|t| t.method.is_some() && t.url.is_some()));
            if all_requests {
                Ok(Shape::Capture(file.requests(items.iter().map(|i| RequestSlot::Request(i)))))
            } else {
                Ok(Shape::NotCapture)
            }
        }
        _ => {
            // Not an object or array: still report a JSON syntax error precisely.
            serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| file.json_error(&e))?;
            Ok(Shape::NotCapture)
        }
    }
}

enum RequestSlot<'a> {
    Entry(Entry<'a>),
    /// An entry that is not an object with `request` and `response`, at this offset.
    Malformed(usize),
    Request(&'a RawValue),
}

impl<'a> JsonFile<'a> {
    fn requests(&self, slots: impl Iterator<Item = RequestSlot<'a>>) -> Capture {
        let mut capture = Capture::default();
        for slot in slots {
            let (request, response, comment) = match slot {
                RequestSlot::Request(r) => (Some(r), None, None),
                RequestSlot::Entry(entry) => (entry.request, entry.response, entry.comment),
                RequestSlot::Malformed(offset) => {
                    capture.requests += 1;
                    capture
                        .problem(offset, "entries of `log.entries` that are not objects with `request` and `response`");
                    continue;
                }
            };
            let Some(record) = request.and_then(|r| serde_json::from_str::<Record>(r.get()).ok()) else {
                capture.requests += 1;
                continue;
            };
            // Other traffic is counted (and its credentials too) without decoding its request.
            let linted = self.string(record.url).is_some_and(|u| super::target(&u.value).is_some());
            if !linted {
                capture.requests += 1;
                self.scan_unlinted(&record, response, &mut capture.secrets);
                continue;
            }
            match self.draft(&record, response, &mut capture.secrets) {
                Some(mut draft) => {
                    if let Some(c) = self.string(comment) {
                        draft.comment = Some(c.value);
                    }
                    capture.add(draft);
                }
                None => capture.requests += 1,
            }
        }
        capture
    }
}
