//! Finding inputs and telling their formats apart. Readers know formats, nothing else: each turns
//! a file into [`Exchange`]s through [`Capture::add`], with every string keeping its place in the
//! file.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod capture;
pub mod classify;
pub mod curl;
pub mod data_action;
pub mod decompress;
pub mod format;
pub mod gc_log;
pub mod har;
pub mod http_file;
pub mod insomnia;
pub(crate) mod json;
pub mod jsonl;
pub mod notifications;
pub mod options;
pub mod payload;
pub mod postman;
pub mod read;
pub mod sdk_text;
pub mod source;
pub mod terraform;
pub mod vars;
pub mod velocity;
pub mod walk;

// The names the rest of gclint uses; the readers themselves import from the files that define
// them, so that no reader depends on this one.
pub use capture::{Capture, InputError, Secrets, header, is_placeholder, split_url};
pub use classify::{Input, binary, classify, extension, head_format, is_request_file, sniff, text_format};
pub use format::Format;
pub use options::{DEFAULT_MAX_BODY, DEFAULT_MAX_FILE, HEAD, Includes, MAX_BODY_FILE, ReadOptions};
pub use walk::{MAX_DEPTH, walk, walk_except};

#[cfg(test)]
mod tests {
    use super::capture::split_url;

    fn parts(url: &str) -> Option<(Option<String>, &str)> {
        split_url(url).map(|(host, path)| (host, &url[path]))
    }

    #[test]
    fn urls_split_into_host_and_path() {
        let path = "/api/v2/conversations/c1/participants/p1";
        assert_eq!(
            parts(&format!("https://API.mypurecloud.com{path}?a=1")),
            Some((Some("api.mypurecloud.com".into()), path))
        );
        assert_eq!(
            parts(&format!("https://user@api.mypurecloud.com:443{path}#x")),
            Some((Some("api.mypurecloud.com".into()), path))
        );
        assert_eq!(parts(&format!("api.mypurecloud.com{path}")), Some((Some("api.mypurecloud.com".into()), path)));
        assert_eq!(parts(&format!("{{{{host}}}}{path}")), Some((Some("{{host}}".into()), path)));
        assert_eq!(parts("not a url"), None);
    }

    #[test]
    fn include_names_that_lead_above_their_directory_as_written() {
        use std::path::Path;
        for inside in ["body.json", "./a/body.json", "a/../body.json", "a/b/../../c"] {
            assert!(super::options::stays_below(Path::new(inside)), "{inside}");
        }
        for outside in ["../body.json", "a/../../body.json", "./..", "/etc/passwd"] {
            assert!(!super::options::stays_below(Path::new(outside)), "{outside}");
        }
    }

    #[test]
    fn a_path_stays_a_path_when_its_query_holds_a_url() {
        let path = "/api/v2/conversations/c1";
        assert_eq!(parts(&format!("{path}?next=https://example.com/x")), Some((None, path)));
        assert_eq!(parts(&format!("{path}#https://example.com")), Some((None, path)));
    }
}
