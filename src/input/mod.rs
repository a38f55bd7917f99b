//! Finding inputs and telling their formats apart. Readers know formats, nothing else: each turns
//! a file into [`Exchange`]s.

pub mod har;
pub mod payload;

use std::path::{Path, PathBuf};

use crate::exchange::Exchange;
use crate::source::Source;

/// Requests read from a capture. Only requests gclint lints are kept in `exchanges`.
#[derive(Default)]
pub struct Capture {
    pub exchanges: Vec<Exchange>,
    /// Every request seen, linted or not.
    pub requests: usize,
    /// File offsets of entries that are not objects.
    pub malformed_entries: Vec<usize>,
    /// Credentials recorded anywhere in the capture.
    pub secrets: Secrets,
}

/// Live credentials found in a capture: how many of each kind, and where the first is.
#[derive(Default, Debug)]
pub struct Secrets {
    pub kinds: std::collections::BTreeMap<&'static str, usize>,
    pub first: Option<usize>,
}

impl Secrets {
    pub fn add(&mut self, kind: &'static str, offset: usize) {
        *self.kinds.entry(kind).or_default() += 1;
        self.first = Some(self.first.map_or(offset, |f| f.min(offset)));
    }

    pub fn count(&self) -> usize {
        self.kinds.values().sum()
    }
}

/// Whether a credential value is a placeholder rather than a live secret.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let v = v.split_once(' ').map_or(v, |(scheme, rest)| if scheme.len() <= 10 { rest.trim() } else { v });
    let lower = v.to_ascii_lowercase();
    v.len() < 8
        || ["redacted", "${", "{{", "<", "***", "xxxx", "placeholder", "your_", "your-"]
            .iter()
            .any(|p| lower.contains(p))
}

/// A file that cannot be read as what it claims to be.
#[derive(Debug)]
pub struct InputError {
    pub offset: Option<usize>,
    pub line_col: Option<(usize, usize)>,
    pub message: String,
}

pub enum Input {
    Capture(Capture),
    /// A JSON document (or something meant to be one) to check as a request body.
    Payload,
    /// Nothing gclint reads (found in a directory walk): counted as skipped, not reported.
    Skip,
    Invalid(InputError),
}

fn extension(name: &str) -> String {
    Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// Decides what a source is, by content first and by extension where content cannot tell.
pub fn classify(src: &Source) -> Input {
    let ext = extension(&src.name);
    let claims_capture = ext == "har";
    let claims_json = claims_capture || ext == "json";
    let base = src.bom_len();
    let text = match std::str::from_utf8(&src.bytes[base..]) {
        Ok(t) => t,
        Err(e) if src.explicit || claims_json => {
            let offset = base + e.valid_up_to();
            return Input::Invalid(InputError {
                offset: Some(offset),
                line_col: None,
                message: format!("not UTF-8 text (invalid byte at offset {offset}): not a HAR capture or JSON payload"),
            });
        }
        Err(_) => return Input::Skip,
    };
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return if src.explicit || claims_json {
            Input::Invalid(InputError { offset: Some(0), line_col: None, message: "the file is empty".into() })
        } else {
            Input::Skip
        };
    }
    let json_like = matches!(trimmed.as_bytes()[0], b'{' | b'[');
    if !json_like {
        return if claims_capture {
            Input::Invalid(InputError {
                offset: Some(base),
                line_col: None,
                message: "not a HAR file: a HAR is a JSON object with `log.entries`".into(),
            })
        } else if claims_json {
            Input::Payload
        } else if src.explicit {
            Input::Invalid(InputError {
                offset: Some(base),
                line_col: None,
                message: "not a HAR capture, HAR request object or JSON request body".into(),
            })
        } else {
            Input::Skip
        };
    }
    match har::read(text, base) {
        Ok(har::Shape::Capture(c)) => Input::Capture(c),
        Ok(har::Shape::NotCapture) if claims_capture => Input::Invalid(InputError {
            offset: Some(base),
            line_col: None,
            message: "not a HAR file: no `log` object at the top level".into(),
        }),
        Ok(har::Shape::NotCapture) if claims_json || src.explicit => Input::Payload,
        Ok(har::Shape::NotCapture) => Input::Skip,
        // A broken file that starts like a HAR is a broken capture; other broken JSON is a
        // broken payload, reported by the body checks.
        Err(e) if claims_capture || starts_like_har(trimmed) => Input::Invalid(e),
        Err(_) if claims_json || src.explicit => Input::Payload,
        Err(_) => Input::Skip,
    }
}

fn starts_like_har(text: &str) -> bool {
    let rest = text.trim_start_matches('{').trim_start();
    rest.starts_with("\"log\"")
}

/// Files found under the given paths, in a stable order. Directories are walked (hidden
/// directories, `target` and `node_modules` are skipped); in them, files that may hold captures
/// or payloads are kept: `.har`, `.json`, and other text files are sniffed later by content.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, String> {
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push((path.clone(), true));
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if !meta.is_dir() {
            found.push((path.clone(), true));
            continue;
        }
        let walker = walkdir::WalkDir::new(path).sort_by_file_name().into_iter().filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.') || (e.file_type().is_dir() && (name == "target" || name == "node_modules")))
        });
        for entry in walker {
            let entry = entry.map_err(|e| e.to_string())?;
            if entry.file_type().is_file() && walk_candidate(entry.path()) {
                found.push((entry.path().to_path_buf(), false));
            }
        }
    }
    Ok(found)
}

fn walk_candidate(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "har" | "json" | "txt" | "log" | "")
}
