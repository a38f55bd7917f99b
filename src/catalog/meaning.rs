//! "Did you mean", by meaning: a path that is no operation is compared with each real one by
//! what its words say (after `segment_synonyms`), the method it means and the ids it carries, not
//! by how it is spelled. Here: what a path says ([`PathWords`]), how an operation fits it
//! ([`Meaning`] and its score), and the word tests; the catalogue reads a path with them
//! (`Catalog::path_words`, `Catalog::meaning`, `Catalog::fill_by_kind`, `Catalog::near_misses`).

/// Segments every conversations path has: they say nothing about what was meant.
pub const FAMILY: [&str; 3] = ["api", "v2", "conversations"];

/// What a concrete path says, word by word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathWords {
    /// Its words after synonyms, once each, without the family's:
    /// `/conversations/phone/{id}/send-message` has `calls`, `send` and `messages`.
    pub words: Vec<String>,
    /// The words of what it does: those of its last segment that has any but verbs
    /// (`send-message`: `messages`; `participants/update`: `participants`).
    pub action: Vec<String>,
    /// The methods it means: the one a verb of the path names (`update`: PATCH), else its own
    /// (and PATCH for a PUT: no PUT changes a participant).
    pub methods: Vec<String>,
    /// Its ids and placeholders, by segment index, each with the kind of id the segment before
    /// it names: `conversation` after `conversations` or a media word, else that word
    /// (`participants`); `None` after another id.
    pub ids: Vec<(usize, Option<String>)>,
}

impl PathWords {
    /// Whether the path names participants: then an operation that ends the whole conversation
    /// is never what it meant.
    pub fn names_participants(&self) -> bool {
        self.words.iter().any(|w| w == "participants")
    }
}

/// How one operation fits what a path says: the parts of its [`Meaning::score`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Meaning {
    /// The path's words the operation's path has too (spelled alike or a synonym); a media word
    /// counts half on a generic path, whose `{conversationId}` takes any medium.
    pub shared: f32,
    /// Whether the operation's last word is one of the path's action words.
    pub action: bool,
    /// Whether the operation takes a method the path means.
    pub method: bool,
    /// Words of the operation's path that the path lacks.
    pub extra: usize,
    /// Whether the path has more ids than the operation has parameters to put them in.
    pub ids_lost: bool,
    /// Whether the operation is of another medium than the one the path names (`emails` for a
    /// path about a chat).
    pub other_medium: bool,
}

impl Meaning {
    /// `shared + 2·action + method − extra/2 − ids_lost − other_medium`: what the path does
    /// weighs most, then each word in common and the method; a word the path does not say, an id
    /// with nowhere to go, or another medium counts against.
    pub fn score(&self) -> f32 {
        let one = |yes: bool| if yes { 1.0 } else { 0.0 };
        self.shared + 2.0 * one(self.action) + one(self.method)
            - self.extra as f32 / 2.0
            - one(self.ids_lost)
            - one(self.other_medium)
    }
}

/// Whether two words are spelled nearly alike (three quarters of the letters or more in common
/// by edit distance). Words whose lengths differ by more than a quarter cannot be, which spares
/// the edit distance for ids against words.
pub fn near_spelling(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longest = la.max(lb);
    if longest == 0 || la.abs_diff(lb) * 4 > longest {
        return false;
    }
    // The edit distance is at least what one word has more of, letter for letter, than the other.
    if a.is_ascii() && b.is_ascii() && letters_apart(a, b) * 4 > longest {
        return false;
    }
    strsim::normalized_levenshtein(a, b) >= 0.75
}

/// How many letters (ASCII) one word has that the other lacks, for the word with more of them: no
/// edit distance between the two is less.
fn letters_apart(a: &str, b: &str) -> usize {
    let mut count = [0i32; 128];
    for c in a.bytes() {
        count[usize::from(c & 0x7f)] += 1;
    }
    for c in b.bytes() {
        count[usize::from(c & 0x7f)] -= 1;
    }
    let (more, fewer) = count.iter().fold((0, 0), |(more, fewer), &n| (more + n.max(0), fewer + (-n).max(0)));
    more.max(fewer).unsigned_abs() as usize
}

/// Two words mean the same: spelled the same or nearly (`participant`, `particpants`).
pub fn same(a: &str, b: &str) -> bool {
    a == b || near_spelling(a, b)
}

/// Splits a segment into lower-case words at punctuation and camelCase (`send-message`,
/// `sendMessage`: `send`, `message`).
pub fn split_words(segment: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut after_lower = false;
    for c in segment.chars() {
        if (!c.is_alphanumeric() || (c.is_uppercase() && after_lower)) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        after_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, split_path};

    fn said(method: &str, path: &str) -> PathWords {
        let segments: Vec<&str> = split_path(path).collect();
        Catalog::get().path_words(method, &segments)
    }

    #[test]
    fn words_of_a_path() {
        let s =
            said("POST", "/api/v2/conversations/chat/participants/721ee355-9010-455f-8892-cb230b671242/send-message");
        assert_eq!(s.words, ["messages", "participants", "send"]);
        assert_eq!(s.action, ["messages"]);
        assert_eq!(s.methods, ["POST"]);
        assert_eq!(s.ids, [(5, Some("participants".to_owned()))]);
        let s = said("POST", "/api/v2/conversations/participants/update");
        assert_eq!(s.words, ["participants", "update"]);
        assert_eq!(s.action, ["participants"]);
        assert_eq!(s.methods, ["PATCH"]);
        let s = said("PUT", "/api/v2/conversations/voice/{cid}/participants/{{participantId}}");
        assert_eq!(s.words, ["calls", "participants"]);
        assert_eq!(s.methods, ["PUT", "PATCH"]);
        assert_eq!(s.ids, [(4, Some("conversation".to_owned())), (6, Some("participants".to_owned()))]);
        assert!(s.names_participants());
        assert_eq!(split_words("sendMessage"), ["send", "message"]);
    }

    /// The one best operation for a path, as `METHOD concrete path`, and how many share its score.
    fn best(method: &str, path: &str) -> (String, usize) {
        let segments: Vec<&str> = split_path(path).collect();
        let near = Catalog::get().near_misses(method, &segments, 3);
        let first = near.first().map(|n| format!("{} {}", n.operation.method, n.concrete)).unwrap_or_default();
        (first, near.len())
    }

    #[test]
    fn near_misses_are_ranked_by_meaning() {
        let pid = "721ee355-9010-455f-8892-cb230b671242";
        // A verb in the path is the method it means; the generic participant PATCH says it all.
        assert_eq!(
            best("POST", "/api/v2/conversations/participants/update"),
            ("PATCH /api/v2/conversations/{conversationId}/participants/{participantId}".to_owned(), 1)
        );
        // Sending a message is done on the communication, not with /digits or /transfer.
        assert_eq!(
            best("POST", &format!("/api/v2/conversations/chat/participants/{pid}/send-message")),
            (
                "POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages"
                    .to_owned(),
                1
            )
        );
        // A media word where the conversation id belongs: the media form, the id to fill in.
        assert_eq!(
            best("PUT", &format!("/api/v2/conversations/phone/participants/{pid}")),
            (format!("PATCH /api/v2/conversations/calls/{{conversationId}}/participants/{pid}"), 1)
        );
        assert_eq!(
            best("PATCH", "/api/v2/conversations/voice/{cid}/participants/{pid}"),
            ("PATCH /api/v2/conversations/calls/{conversationId}/participants/{participantId}".to_owned(), 1)
        );
        // The family word said twice: the conversation itself.
        let cid = "3c8654b9-dff7-46f7-835f-47cd10a2ac01";
        assert_eq!(
            best("GET", &format!("/api/v2/conversations/conversations/{cid}")),
            (format!("GET /api/v2/conversations/{cid}"), 1)
        );
        // A media word where the media collection belongs: the conversation of that medium, not
        // one of its messages, whose id the path lacks.
        assert_eq!(
            best("GET", &format!("/api/v2/conversations/chat/{cid}")),
            (format!("GET /api/v2/conversations/messages/{cid}"), 1)
        );
        // Nothing shares the meaning of a word of no path.
        assert_eq!(best("POST", "/api/v2/conversations/frobnicate"), (String::new(), 0));
    }

    /// A path that names participants never gets an operation that ends the whole conversation,
    /// not even when its last word is the teardown's (`/disconnect`).
    #[test]
    fn no_teardown_for_a_path_that_names_participants() {
        let c = Catalog::get();
        let pid = "721ee355-9010-455f-8892-cb230b671242";
        let cid = "3c8654b9-dff7-46f7-835f-47cd10a2ac01";
        for (method, path) in [
            ("POST", format!("/api/v2/conversations/{cid}/participants/{pid}/disconnect")),
            ("POST", format!("/api/v2/conversations/calls/{cid}/participants/{pid}/hangup")),
            ("DELETE", format!("/api/v2/conversations/conferences/{cid}/participants/{pid}")),
            ("PATCH", format!("/api/v2/conversations/phone/{cid}/participants/end")),
            ("POST", "/api/v2/conversations/participants/disconnect".to_owned()),
        ] {
            let segments: Vec<&str> = split_path(&path).collect();
            let near = c.near_misses(method, &segments, 3);
            assert!(near.iter().all(|n| !Catalog::is_teardown(n.operation)), "{method} {path}");
        }
        // The same words without participants may mean the whole conversation.
        let path = format!("/api/v2/conversations/{cid}/hangup");
        let segments: Vec<&str> = split_path(&path).collect();
        assert!(c.near_misses("POST", &segments, 3).iter().any(|n| Catalog::is_teardown(n.operation)));
        // The drop of one participant by path is the participant PATCH.
        assert_eq!(
            best("POST", &format!("/api/v2/conversations/{cid}/participants/{pid}/disconnect")),
            (format!("PATCH /api/v2/conversations/{cid}/participants/{pid}"), 1)
        );
    }

    #[test]
    fn the_score_is_its_parts() {
        let m = Meaning { shared: 1.5, action: true, method: true, extra: 1, ids_lost: false, other_medium: true };
        assert_eq!(m.score(), 1.5 + 2.0 + 1.0 - 0.5 - 1.0);
    }

    #[test]
    fn ids_go_to_parameters_of_their_kind() {
        let c = Catalog::get();
        let path = "/api/v2/conversations/chat/participants/721ee355-9010-455f-8892-cb230b671242/send-message";
        let segments: Vec<&str> = split_path(path).collect();
        let s = c.path_words("POST", &segments);
        let t = "/api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages";
        let (filled, unfilled) = c.fill_by_kind(&s, &segments, t);
        assert_eq!(filled, t, "a participant id is not a communication id");
        assert_eq!(unfilled, ["conversationId", "communicationId"]);
        let t = "/api/v2/conversations/{conversationId}/participants/{participantId}";
        let (filled, unfilled) = c.fill_by_kind(&s, &segments, t);
        assert_eq!(filled, "/api/v2/conversations/{conversationId}/participants/721ee355-9010-455f-8892-cb230b671242");
        assert_eq!(unfilled, ["conversationId"]);
    }
}
