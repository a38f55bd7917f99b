//! The API knowledge: every `/api/v2/conversations*` operation, loaded from the embedded
//! `schemas/catalog.json`, with route matching and "did you mean" near misses, and the
//! undocumented operations there that Genesys's own apps call; the hand-written facts beside it
//! are in [`facts`].

pub mod facts;
pub mod hosts;
pub mod meaning;
pub mod schemas;
pub mod sdk;
mod status;

use std::collections::HashMap;
use std::sync::OnceLock;

// Path segments are looked up on every request: a fast hash (these maps are read, never
// iterated in an order that shows).
use foldhash::{HashMap as FastMap, HashSet as FastSet};
use serde::Deserialize;

use meaning::{FAMILY, Meaning, PathWords, near_spelling, same, split_words};
pub use status::Status;

#[derive(Debug, Deserialize)]
pub struct Permissions {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub list: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Operation {
    pub method: String,
    pub path: String,
    /// The SDK API class the operation belongs to (`ConversationsApi`, `RecordingApi`, ...).
    pub api: String,
    pub status: Status,
    /// The request model named by the API description (may have no schema here).
    pub body_model: Option<String>,
    /// The schema view in `schemas/bodies/` that validates the body.
    pub body: Option<String>,
    pub body_required: Option<bool>,
    pub permissions: Permissions,
    pub scopes: Vec<String>,
    pub js_method: Option<String>,
    pub py_method: Option<String>,
    #[serde(default)]
    pub replacements: Vec<String>,
    pub removal: Option<String>,
    pub removed_in: Option<String>,
}

impl Operation {
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        split_path(&self.path)
    }

    /// `PATCH /api/v2/...`
    pub fn signature(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// An operation under `/api/v2/conversations` that Genesys's own apps call (the WebRTC SDK's
/// call metadata, video pins, ...) but the public API does not document: no schema, no
/// permissions, nothing to check a request against.
#[derive(Debug, Deserialize)]
pub struct InternalOperation {
    pub method: String,
    pub path: String,
    /// Which of Genesys's apps calls it.
    pub caller: String,
    /// The line of source that does (`repo@commit:path:line`).
    pub source: String,
}

impl InternalOperation {
    /// `POST /api/v2/...`
    pub fn signature(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Whether a request is this operation: the same method, and its template's words where the
    /// request has them; a parameter takes any segment. A variable left unfilled in the request
    /// (`{{id}}`) stands only where the template has a parameter, so that an undocumented path
    /// never hides a mistake the variable could be.
    fn matches(&self, method: &str, segments: &[&str]) -> bool {
        let template: Vec<&str> = split_path(&self.path).collect();
        self.method.eq_ignore_ascii_case(method)
            && template.len() == segments.len()
            && template.iter().zip(segments).all(|(t, seg)| if is_param(t) { !seg.is_empty() } else { t == seg })
    }
}

#[derive(Deserialize)]
struct CatalogFile {
    root_media: Vec<String>,
    operations: Vec<Operation>,
    internal: Vec<InternalOperation>,
}

#[derive(Default)]
struct Node {
    literals: FastMap<String, usize>,
    /// The parameter child (its name is in `Catalog::param_names`).
    param: Option<usize>,
    /// Indexes into `Catalog::operations` of the operations ending here.
    ops: Vec<usize>,
}

pub struct Catalog {
    pub operations: Vec<Operation>,
    /// The undocumented operations Genesys's own apps call (see [`InternalOperation`]).
    pub internal: Vec<InternalOperation>,
    /// Media whose `PATCH /api/v2/conversations/{media}/{conversationId}` is the conversation root.
    pub root_media: Vec<String>,
    nodes: Vec<Node>,
    /// Every literal segment of every path template.
    literals: FastSet<String>,
    /// Distinct path templates, with the operations at each.
    templates: Vec<Template>,
    /// Every distinct segment of every template (a [`Template`]'s `words` index into it).
    words: Vec<String>,
    /// The media: the `{media}` of the paths `/api/v2/conversations/{media}/{conversationId}...`.
    media: FastSet<String>,
    /// The name of the parameter each parameter node stands for (`conversationId`).
    param_names: FastMap<usize, String>,
    /// The near misses of paths asked about before (see [`Catalog::near_misses`]).
    near_memo: std::sync::Mutex<FastMap<String, Vec<Missed>>>,
}

/// A near miss as remembered: its operation by index.
#[derive(Debug, Clone)]
struct Missed {
    operation: usize,
    concrete: String,
    score: f32,
    differs: Vec<usize>,
    unfilled: Vec<String>,
}

/// The most paths whose near misses are remembered; then the memo starts again.
const NEAR_MEMO: usize = 4096;

/// Substitution costs of a concrete path's segments against template words, `NAN` until
/// worked out: row `i` is concrete segment `i`, `words` columns a row.
struct Costs<'s> {
    memo: Vec<f32>,
    words: usize,
    /// What each concrete segment is, worked out once.
    segments: Vec<Concrete<'s>>,
}

/// A segment of a concrete path, with what its substitution costs depend on.
struct Concrete<'s> {
    text: &'s str,
    /// A variable left unfilled (see [`is_placeholder_segment`]).
    placeholder: bool,
    /// It may stand where a template has a parameter: an id, or a parameter itself.
    fits_param: bool,
}

/// A path template: its segments, the same as indexes into `Catalog::words`, and the operations
/// it has.
struct Template {
    segments: Vec<String>,
    words: Vec<usize>,
    ops: Vec<usize>,
}

/// What a method and a concrete path resolve to.
#[derive(Clone)]
pub enum Resolution<'c> {
    /// The operation exists.
    Operation(&'c Operation),
    /// The path exists, the method does not; the operations the path has.
    WrongMethod(Vec<&'c Operation>),
    /// No public operation has this method and path, but Genesys's own apps call it.
    Internal(&'c InternalOperation),
    /// No operation has this path.
    Unknown,
}

/// A real operation that a path that does not exist may have meant.
#[derive(Debug, Clone)]
pub struct NearMiss<'c> {
    pub operation: &'c Operation,
    /// The template with the request's own ids put in the parameters of their kind.
    pub concrete: String,
    /// How well it fits what the path says ([`meaning::Meaning::score`]); higher is closer.
    pub score: f32,
    /// Indexes of the concrete segments that differ from the template (substituted, extra, or
    /// next to a missing one), ascending.
    pub differs: Vec<usize>,
    /// The parameters the request has no id for (`conversationId`), left as `{name}` in
    /// `concrete` for the user to fill.
    pub unfilled: Vec<String>,
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

const CATALOG_JSON: &str = include_str!("../../schemas/catalog.json");

/// Splits a path into its segments, without the empty leading one; a trailing slash is ignored.
pub fn split_path(path: &str) -> impl Iterator<Item = &str> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    path.split('/').filter(move |_| !path.is_empty())
}

fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Whether a concrete path segment is a variable left unfilled (`{{conversationId}}` in a .http
/// file, `{conversationId}` copied from the docs, `$CONV_ID` or `${CONV_ID}` in a shell command,
/// `<id>`, `:id`): it matches any segment.
pub fn is_placeholder_segment(segment: &str) -> bool {
    is_param(segment)
        || segment.contains("{{")
        || (segment.starts_with('$') && segment.len() > 1)
        || (segment.starts_with('<') && segment.ends_with('>'))
        || (segment.starts_with(':') && segment.len() > 1)
}

/// The name of a template's parameter written as a whole segment, `id` for `{id}` (as the docs
/// write paths), and not a variable of a request file (`{{id}}`): sent as it is, it is no id.
pub fn template_parameter(segment: &str) -> Option<&str> {
    let name = segment.strip_prefix('{')?.strip_suffix('}')?;
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    (!name.is_empty() && name.chars().all(word)).then_some(name)
}

/// The name inside a placeholder or parameter: `conversationId` for `{{conversationId}}`,
/// `{conversationId}`, `${conversationId}`, `<conversationId>`, `:conversationId`.
fn placeholder_name(segment: &str) -> &str {
    segment.trim_matches(|c: char| matches!(c, '{' | '}' | '$' | '<' | '>' | ':' | ' '))
}

impl Catalog {
    pub fn get() -> &'static Catalog {
        CATALOG.get_or_init(|| {
            let file: CatalogFile = serde_json::from_str(CATALOG_JSON).expect("the embedded catalogue is valid JSON");
            Catalog::new(file)
        })
    }

    fn new(file: CatalogFile) -> Catalog {
        let mut nodes = vec![Node::default()];
        let mut literals = FastSet::default();
        let mut templates: Vec<Template> = Vec::new();
        let mut words: Vec<String> = Vec::new();
        let mut template_index: HashMap<String, usize> = HashMap::new();
        let mut param_names = FastMap::default();
        for (i, op) in file.operations.iter().enumerate() {
            let mut at = 0;
            for seg in op.segments() {
                let next = nodes.len();
                let child = if is_param(seg) {
                    param_names
                        .entry(*nodes[at].param.get_or_insert(next))
                        .or_insert_with(|| placeholder_name(seg).to_owned());
                    nodes[at].param.unwrap_or(next)
                } else {
                    literals.insert(seg.to_owned());
                    *nodes[at].literals.entry(seg.to_owned()).or_insert(next)
                };
                if child == next {
                    nodes.push(Node::default());
                }
                at = child;
            }
            nodes[at].ops.push(i);
            let t = *template_index.entry(op.path.clone()).or_insert_with(|| {
                let segments: Vec<String> = op.segments().map(str::to_owned).collect();
                let ids = segments
                    .iter()
                    .map(|seg| {
                        words.iter().position(|w| w == seg).unwrap_or_else(|| {
                            words.push(seg.clone());
                            words.len() - 1
                        })
                    })
                    .collect();
                templates.push(Template { segments, words: ids, ops: Vec::new() });
                templates.len() - 1
            });
            templates[t].ops.push(i);
        }
        let media = templates
            .iter()
            .filter_map(|t| match t.segments.as_slice() {
                [_, _, _, media, id, ..] if id == "{conversationId}" && !is_param(media) => Some(media.clone()),
                _ => None,
            })
            .collect();
        Catalog {
            operations: file.operations,
            internal: file.internal,
            root_media: file.root_media,
            nodes,
            literals,
            templates,
            words,
            media,
            param_names,
            near_memo: std::sync::Mutex::default(),
        }
    }

    /// Finds the nodes with operations at a concrete path (segments already percent-decoded). A
    /// literal segment is preferred to a parameter; parameters match any non-empty segment. A
    /// placeholder segment (`{{media}}`, `{conversationId}`, `$ID`) matches anything, so it may
    /// lead to several nodes, each with what its reading costs: a placeholder on a parameter of
    /// the same name costs nothing, on another parameter a little, on a literal more; one named
    /// as an id (`{{conversationId}}`) only stands for a parameter.
    fn nodes_for(&self, segments: &[&str]) -> Vec<(f32, &Node)> {
        const MOST: usize = 32;
        struct Walk<'n> {
            catalog: &'n Catalog,
            nodes: &'n [Node],
            names: &'n FastMap<usize, String>,
            media: &'n [String],
            found: Vec<(f32, &'n Node)>,
        }
        impl<'n> Walk<'n> {
            fn go(&mut self, at: usize, rest: &[&str], cost: f32) {
                if self.found.len() >= MOST {
                    return;
                }
                let node = &self.nodes[at];
                let Some((first, rest)) = rest.split_first() else {
                    if !node.ops.is_empty() {
                        self.found.push((cost, node));
                    }
                    return;
                };
                if is_placeholder_segment(first) {
                    let name = placeholder_name(first);
                    if let Some(p) = node.param {
                        let same = self.names.get(&p).is_some_and(|n| n.eq_ignore_ascii_case(name));
                        self.go(p, rest, cost + if same { 0.0 } else { 0.1 });
                    }
                    // A placeholder named as an id (`{{conversationId}}`) is never a word of the path.
                    if name.len() >= 2 && name.as_bytes()[name.len() - 2..].eq_ignore_ascii_case(b"id") {
                        return;
                    }
                    // Ties go to the most common media (`calls` first), then by name.
                    let mut literals: Vec<(usize, &String, &usize)> = node
                        .literals
                        .iter()
                        .map(|(name, at)| (self.media.iter().position(|m| m == name).unwrap_or(usize::MAX), name, at))
                        .collect();
                    literals.sort();
                    for (_, _, &lit) in literals {
                        self.go(lit, rest, cost + 0.5);
                    }
                    return;
                }
                let before = self.found.len();
                if let Some(&lit) = node.literals.get(*first) {
                    self.go(lit, rest, cost);
                }
                if self.found.len() == before && !first.is_empty() {
                    // Ids are ids: a word (`voice`, `calls`) never stands for one.
                    let id = |p: &usize| self.names.get(p).is_some_and(|n| n.ends_with("Id"));
                    if let Some(p) = node.param.filter(|p| !id(p) || !self.catalog.is_word(first)) {
                        self.go(p, rest, cost);
                    }
                }
            }
        }
        let mut walk = Walk {
            catalog: self,
            nodes: &self.nodes,
            names: &self.param_names,
            media: &self.root_media,
            found: Vec::new(),
        };
        walk.go(0, segments, 0.0);
        walk.found
    }

    pub fn resolve(&self, method: &str, segments: &[&str]) -> Resolution<'_> {
        let nodes = self.nodes_for(segments);
        let ops_at = |node: &Node| -> Vec<&Operation> { node.ops.iter().map(|&i| &self.operations[i]).collect() };
        // Readings much dearer than the best one (an id read as a word) are not plausible.
        let best = nodes.iter().map(|(c, _)| *c).fold(f32::INFINITY, f32::min);
        let cheapest = |with_method: bool| {
            nodes
                .iter()
                .filter(|(c, _)| *c < best + 1.0)
                .filter(|(_, n)| !with_method || ops_at(n).iter().any(|op| op.method.eq_ignore_ascii_case(method)))
                .min_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
                .map(|(_, n)| *n)
        };
        if let Some(node) = cheapest(true) {
            if let Some(op) = ops_at(node).into_iter().find(|op| op.method.eq_ignore_ascii_case(method)) {
                return Resolution::Operation(op);
            }
        }
        // `POST /conversations/codes` would read as a wrong method on `/conversations/{conversationId}`.
        if let Some(op) = self.internal.iter().find(|op| op.matches(method, segments)) {
            return Resolution::Internal(op);
        }
        match cheapest(false) {
            Some(node) => Resolution::WrongMethod(ops_at(node)),
            None => Resolution::Unknown,
        }
    }

    /// The first segment at which a concrete path leaves every path template (`conversations`
    /// the second time in `/conversations/conversations/{id}`), following literals first, then
    /// ids; `None` when some template goes the whole way.
    pub fn first_unmatched(&self, segments: &[&str]) -> Option<usize> {
        let mut at = 0;
        for (i, segment) in segments.iter().enumerate() {
            let node = &self.nodes[at];
            let id = |p: &usize| self.param_names.get(p).is_some_and(|n| n.ends_with("Id"));
            let param = node.param.filter(|p| is_placeholder_segment(segment) || !id(p) || !self.is_word(segment));
            match node.literals.get(*segment).copied().or(param) {
                Some(next) => at = next,
                None => return Some(i),
            }
        }
        None
    }

    /// The operation with exactly this method and path template.
    pub fn find(&self, method: &str, template: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.method == method && op.path == template)
    }

    /// Whether a concrete segment looks like an id: it has a digit, is long, or is a placeholder,
    /// and is no word (see [`Catalog::is_word`]).
    pub fn is_id_like(&self, segment: &str) -> bool {
        let looks_like_id =
            segment.bytes().any(|b| b.is_ascii_digit()) || segment.len() >= 20 || is_placeholder_segment(segment);
        looks_like_id && !self.is_word(segment)
    }

    /// Whether a concrete segment is a word of the API or of the way people write its paths: a
    /// segment of some path template (`calls`, `participants`), or a word of `segment_synonyms`
    /// (`phone`, `voice`, `chat`). Ids are UUIDs: a word is never one, whatever its case.
    pub fn is_word(&self, segment: &str) -> bool {
        let known = |s: &str| self.literals.contains(s) || facts::facts().segment_synonyms.contains_key(s);
        known(segment) || (segment.bytes().any(|b| b.is_ascii_uppercase()) && known(&segment.to_ascii_lowercase()))
    }

    /// The real operations a path that does not exist may have meant, best first: the ones
    /// whose [`meaning::Meaning::score`] is the best (ties by segment edit distance, then by
    /// length), at most `limit`. Operations that share nothing with the path are left out; so
    /// are the ones that end the whole conversation when the path names participants.
    ///
    /// Working them out is the dearest thing gclint does for a request (every template is
    /// weighed), and a capture or a request file repeats the same wrong path many times (an app
    /// in a loop, a file edited in an editor and checked at every pause): what was found for a
    /// method, path and limit is remembered.
    pub fn near_misses(&self, method: &str, segments: &[&str], limit: usize) -> Vec<NearMiss<'_>> {
        let key = format!("{limit} {method} {}", segments.join("/"));
        let remembered = self.near_memo.lock().ok().and_then(|memo| memo.get(&key).cloned());
        if let Some(missed) = remembered {
            return missed
                .into_iter()
                .filter_map(|m| {
                    Some(NearMiss {
                        operation: self.operations.get(m.operation)?,
                        concrete: m.concrete,
                        score: m.score,
                        differs: m.differs,
                        unfilled: m.unfilled,
                    })
                })
                .collect();
        }
        let near = self.find_near_misses(method, segments, limit);
        let missed = near
            .iter()
            .filter_map(|n| {
                Some(Missed {
                    operation: self.operations.iter().position(|o| std::ptr::eq(o, n.operation))?,
                    concrete: n.concrete.clone(),
                    score: n.score,
                    differs: n.differs.clone(),
                    unfilled: n.unfilled.clone(),
                })
            })
            .collect();
        if let Ok(mut memo) = self.near_memo.lock() {
            if memo.len() >= NEAR_MEMO {
                memo.clear();
            }
            memo.insert(key, missed);
        }
        near
    }

    fn find_near_misses(&self, method: &str, segments: &[&str], limit: usize) -> Vec<NearMiss<'_>> {
        let said = self.path_words(method, segments);
        let participants = said.names_participants();
        let mut scored: Vec<(f32, usize, usize)> = Vec::new();
        for (t, template) in self.templates.iter().enumerate() {
            let ops: Vec<usize> = template
                .ops
                .iter()
                .copied()
                .filter(|&i| self.operations[i].status == Status::Current)
                .filter(|&i| !(participants && Catalog::is_teardown(&self.operations[i])))
                .collect();
            let meant =
                ops.iter().find(|&&i| said.methods.iter().any(|m| self.operations[i].method.eq_ignore_ascii_case(m)));
            let Some(&op) = meant.or(ops.first()) else { continue };
            if let Some(m) = self.meaning(&said, &self.operations[op]) {
                scored.push((m.score(), op, t));
            }
        }
        let Some(best) = scored.iter().map(|s| s.0).reduce(f32::max) else {
            return Vec::new();
        };
        let mut costs = self.costs(segments);
        let mut table = Vec::new();
        let mut near: Vec<(f32, NearMiss)> = scored
            .into_iter()
            .filter(|s| s.0 >= best - f32::EPSILON)
            .map(|(score, op, t)| {
                let template = &self.templates[t];
                self.distance(template, &mut costs, &mut table);
                let edits = table[table.len() - 1];
                let differs = self.differs(template, &mut costs, &table);
                let operation = &self.operations[op];
                let (concrete, unfilled) = self.fill_by_kind(&said, segments, &operation.path);
                (edits, NearMiss { operation, concrete, score, differs, unfilled })
            })
            .collect();
        // Of operations as near in meaning, one that needs an id the path does not have is not
        // what it said when another needs none (`/conversations/chat/{id}`: the conversation,
        // not one of its messages).
        let fewest = near.iter().map(|n| n.1.unfilled.len()).min().unwrap_or(0);
        near.retain(|n| n.1.unfilled.len() == fewest);
        near.sort_by(|a, b| {
            (a.0, a.1.operation.path.len())
                .partial_cmp(&(b.0, b.1.operation.path.len()))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        near.into_iter().take(limit).map(|(_, n)| n).collect()
    }

    /// The costs of a concrete path's segments against the template words, none worked out yet.
    fn costs<'s>(&self, segments: &[&'s str]) -> Costs<'s> {
        Costs {
            memo: vec![f32::NAN; segments.len() * self.words.len()],
            words: self.words.len(),
            segments: segments
                .iter()
                .map(|&text| Concrete {
                    text,
                    placeholder: is_placeholder_segment(text),
                    fits_param: self.is_id_like(text) || is_param(text),
                })
                .collect(),
        }
    }

    /// What putting the concrete segment `c` where the template has `t` costs.
    fn substitution(&self, c: &Concrete, t: &str) -> f32 {
        if c.placeholder && !is_param(t) {
            // `{{media}}` may stand for whatever literal is there (an id more likely).
            0.25
        } else if is_param(t) {
            if c.fits_param { 0.0 } else { 1.0 }
        } else if c.text == t {
            0.0
        } else if facts::facts().segment_synonyms.get(c.text).is_some_and(|s| s == t) || near_spelling(c.text, t) {
            // A known substitute (schemas/facts.json), or a near spelling (participant -> participants).
            0.5
        } else {
            1.0
        }
    }

    /// The cost of concrete segment `i` in place of template word `w`, from the memo.
    fn sub(&self, costs: &mut Costs, i: usize, w: usize) -> f32 {
        let at = i * costs.words + w;
        let known = costs.memo[at];
        if !known.is_nan() {
            return known;
        }
        let cost = self.substitution(&costs.segments[i], &self.words[w]);
        costs.memo[at] = cost;
        cost
    }

    /// Segment edit distance table between a concrete path and a template: `table` is left
    /// holding the distances between every pair of prefixes, row by row.
    fn distance(&self, template: &Template, costs: &mut Costs, table: &mut Vec<f32>) {
        let (n, m) = (costs.segments.len(), template.words.len());
        let width = m + 1;
        table.clear();
        table.resize((n + 1) * width, 0.0);
        for i in 0..=n {
            table[i * width] = i as f32;
        }
        for (j, cell) in table[..width].iter_mut().enumerate() {
            *cell = j as f32;
        }
        for i in 1..=n {
            for j in 1..=m {
                let sub = self.sub(costs, i - 1, template.words[j - 1]);
                table[i * width + j] = (table[(i - 1) * width + j - 1] + sub)
                    .min(table[(i - 1) * width + j] + 1.0)
                    .min(table[i * width + j - 1] + 1.0);
            }
        }
    }

    /// The concrete segments that differ from the template in the alignment found by
    /// [`Catalog::distance`].
    fn differs(&self, template: &Template, costs: &mut Costs, table: &[f32]) -> Vec<usize> {
        let (n, m) = (costs.segments.len(), template.words.len());
        let width = m + 1;
        let d = |i: usize, j: usize| table[i * width + j];
        let mut differs = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let s = if i > 0 && j > 0 { self.sub(costs, i - 1, template.words[j - 1]) } else { f32::INFINITY };
            if i > 0 && j > 0 && (d(i, j) - (d(i - 1, j - 1) + s)).abs() < f32::EPSILON {
                if s > 0.0 {
                    differs.push(i - 1);
                }
                i -= 1;
                j -= 1;
            } else if i > 0 && (d(i, j) - (d(i - 1, j) + 1.0)).abs() < f32::EPSILON {
                // An extra segment. One said twice in a row (`/conversations/conversations/{id}`)
                // aligns either way: the repeat is the one that is extra.
                let repeat = i < n && costs.segments[i - 1].text == costs.segments[i].text;
                differs.push(if repeat { i } else { i - 1 });
                i -= 1;
            } else {
                // A template segment the concrete path lacks: mark its neighbour.
                differs.push(i.min(n.saturating_sub(1)));
                j -= 1;
            }
        }
        differs.sort_unstable();
        differs.dedup();
        differs
    }

    /// Renders `target` with the parameter values a concrete path has under `template` (matched
    /// by name, so a replacement with another shape gets the right ids); parameters without a
    /// value stay as `{name}`.
    pub fn fill(target: &str, template: &str, concrete: &[&str]) -> String {
        let values: HashMap<&str, &str> =
            split_path(template).zip(concrete.iter()).filter(|(t, _)| is_param(t)).map(|(t, c)| (t, *c)).collect();
        let filled: Vec<&str> =
            split_path(target).map(|seg| values.get(seg).copied().filter(|_| is_param(seg)).unwrap_or(seg)).collect();
        format!("/{}", filled.join("/"))
    }

    /// The value of parameter `name` (e.g. `conversationId`) in a concrete path matching `template`.
    pub fn param<'p>(template: &str, concrete: &[&'p str], name: &str) -> Option<&'p str> {
        let wanted = format!("{{{name}}}");
        split_path(template).position(|s| s == wanted).and_then(|i| concrete.get(i).copied())
    }
}

// "Did you mean" by meaning: what a path says, and how each operation fits it (the types and
// the score are in `meaning`).
impl Catalog {
    /// Whether `word` (a template literal, lower case) is a medium: a path has
    /// `/conversations/{word}/{conversationId}`.
    /// Whether `word` is a medium of the API (`calls`, `emails`, ...).
    pub fn is_media(&self, word: &str) -> bool {
        self.media.contains(word)
    }

    /// The words of one concrete segment after synonyms, and the method a verb among them
    /// means. A segment the API or `segment_synonyms` knows whole (`wrapupcodes`, `hangup`) is
    /// one word.
    fn segment_words(&self, segment: &str) -> (Vec<String>, Option<String>) {
        let f = facts::facts();
        let lower = segment.to_ascii_lowercase();
        let joined: String = split_words(segment).concat();
        let pieces = if self.is_word(&lower) {
            vec![lower]
        } else if self.is_word(&joined) {
            vec![joined]
        } else {
            split_words(segment)
        };
        let mut words = Vec::new();
        let mut verb = None;
        for piece in pieces {
            if let Some(method) = f.path_verbs.get(&piece) {
                verb = Some(method.clone());
            }
            let word = f.segment_synonyms.get(&piece).cloned().unwrap_or(piece);
            if !FAMILY.contains(&word.as_str()) && !word.bytes().all(|b| b.is_ascii_digit()) {
                words.push(word);
            }
        }
        (words, verb)
    }

    /// What a concrete path (segments percent-decoded) sent with `method` says.
    pub fn path_words(&self, method: &str, segments: &[&str]) -> PathWords {
        let mut said = PathWords::default();
        let mut verb = None;
        // The last word of the segment before, when that segment is not an id.
        let mut before: Option<String> = None;
        for (i, &segment) in segments.iter().enumerate() {
            if is_placeholder_segment(segment) || self.is_id_like(segment) {
                let kind = before
                    .take()
                    .map(|w| if w == "conversations" || self.is_media(&w) { "conversation".to_owned() } else { w });
                said.ids.push((i, kind));
                continue;
            }
            let (words, v) = self.segment_words(segment);
            verb = v.or(verb);
            let action: Vec<String> =
                words.iter().filter(|w| !facts::facts().path_verbs.contains_key(w.as_str())).cloned().collect();
            if !action.is_empty() {
                said.action = action;
            }
            before = words.last().cloned().or_else(|| {
                let lower = segment.to_ascii_lowercase();
                let word = facts::facts().segment_synonyms.get(&lower).cloned().unwrap_or(lower);
                (word == "conversations").then_some(word)
            });
            for word in words {
                if !said.words.contains(&word) {
                    said.words.push(word);
                }
            }
        }
        said.methods = match verb {
            Some(v) => vec![v],
            None if method.eq_ignore_ascii_case("PUT") => vec!["PUT".into(), "PATCH".into()],
            None => vec![method.to_ascii_uppercase()],
        };
        said
    }

    /// How `op` fits what a path says, or `None` when it is not about the same thing: its path
    /// ends in a word the path does not say (it does something else: `/digits` for a path that
    /// ends in `/disconnect`), or it shares no word with the path but media words and does not
    /// take the method meant either. A path that says no word but the family's
    /// (`/conversations/conversations/{id}`, the family word said twice) is about the
    /// conversation itself: the operations that say none either and take the method meant.
    pub fn meaning(&self, said: &PathWords, op: &Operation) -> Option<Meaning> {
        let segments: Vec<&str> = op.segments().collect();
        let mut words: Vec<&str> = segments.iter().copied().filter(|s| !is_param(s) && !FAMILY.contains(s)).collect();
        words.dedup();
        let generic = segments.get(3) == Some(&"{conversationId}");
        let (mut shared, mut relevant) = (0.0, false);
        for word in &said.words {
            if words.iter().any(|w| same(word, w)) {
                shared += 1.0;
                relevant |= !self.is_media(word);
            } else if generic && self.is_media(word) {
                shared += 0.5;
            }
        }
        let method = said.methods.iter().any(|m| m.eq_ignore_ascii_case(&op.method));
        let last = segments.iter().rev().find(|s| !is_param(s)).filter(|s| !FAMILY.contains(s));
        let does_else = last.is_some_and(|last| !said.words.iter().any(|w| same(w, last)));
        let wordless = said.words.is_empty() && words.is_empty();
        if does_else || !(relevant || ((shared > 0.0 || wordless) && method)) {
            return None;
        }
        Some(Meaning {
            shared,
            action: last.is_some_and(|last| said.action.iter().any(|a| same(a, last))),
            method,
            extra: words.iter().filter(|w| !said.words.iter().any(|s| same(s, w))).count(),
            ids_lost: said.ids.len() > segments.iter().filter(|s| is_param(s)).count(),
            other_medium: segments.get(3).is_some_and(|m| {
                let named = said.words.iter().filter(|w| self.is_media(w));
                self.is_media(m) && named.clone().next().is_some() && !named.into_iter().any(|w| w == m)
            }),
        })
    }

    /// Whether `op` ends a whole conversation, or many (`teardown_operations`).
    pub fn is_teardown(op: &Operation) -> bool {
        facts::facts()
            .teardown_operations
            .iter()
            .any(|t| t.split_once(' ') == Some((op.method.as_str(), op.path.as_str())))
    }

    /// `template` with the path's ids put in the parameters of their kind (a participant id only
    /// in `{participantId}`), and the names of the parameters left as they are, with no id of
    /// the path to fill them.
    pub fn fill_by_kind(&self, said: &PathWords, segments: &[&str], template: &str) -> (String, Vec<String>) {
        let parts: Vec<&str> = split_path(template).collect();
        let mut used = vec![false; said.ids.len()];
        let mut unfilled = Vec::new();
        let mut rendered = Vec::with_capacity(parts.len());
        for (j, part) in parts.iter().enumerate() {
            if !is_param(part) {
                rendered.push(*part);
                continue;
            }
            let name = part.trim_matches(|c| c == '{' || c == '}');
            let kind = match name {
                "conversationId" => Some("conversation"),
                "participantId" => Some("participants"),
                "communicationId" => Some("communications"),
                _ => j.checked_sub(1).map(|b| parts[b]).filter(|b| !is_param(b)),
            };
            let found = said.ids.iter().enumerate().find(|(k, (_, of))| {
                !used[*k] && kind.is_some_and(|kind| of.as_deref().is_some_and(|of| same(of, kind)))
            });
            match found {
                Some((k, &(i, _))) => {
                    used[k] = true;
                    rendered.push(if is_param(segments[i]) { part } else { segments[i] });
                }
                None => {
                    unfilled.push(name.to_owned());
                    rendered.push(part);
                }
            }
        }
        (format!("/{}", rendered.join("/")), unfilled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<&str> {
        split_path(p).collect()
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        let c = Catalog::get();
        match c.resolve("GET", &segs("/api/v2/conversations/calls")) {
            Resolution::Operation(op) => assert_eq!(op.path, "/api/v2/conversations/calls"),
            _ => panic!("GET /api/v2/conversations/calls should resolve"),
        }
        match c.resolve("PATCH", &segs("/api/v2/conversations/calls/abc/participants/def")) {
            Resolution::Operation(op) => {
                assert_eq!(op.path, "/api/v2/conversations/calls/{conversationId}/participants/{participantId}")
            }
            _ => panic!("participant PATCH should resolve"),
        }
    }

    #[test]
    fn placeholders_match_any_segment() {
        let c = Catalog::get();
        let resolves_to = |method: &str, path: &str| match c.resolve(method, &segs(path)) {
            Resolution::Operation(op) => op.path.clone(),
            _ => panic!("{method} {path} should resolve"),
        };
        assert_eq!(
            resolves_to("PATCH", "/api/v2/conversations/{{media}}/{{conversationId}}/participants/{{participantId}}"),
            "/api/v2/conversations/calls/{conversationId}/participants/{participantId}"
        );
        assert_eq!(
            resolves_to("PATCH", "/api/v2/conversations/{{conversationId}}/participants/{{participantId}}"),
            "/api/v2/conversations/{conversationId}/participants/{participantId}"
        );
        // A placeholder in the media position can only be a literal here (no PATCH on the bare root).
        assert_eq!(
            resolves_to("PATCH", "/api/v2/conversations/{{media}}/$CONV_ID"),
            "/api/v2/conversations/calls/{conversationId}"
        );
        assert_eq!(resolves_to("GET", "/api/v2/conversations/<id>"), "/api/v2/conversations/{conversationId}");
        assert!(matches!(c.resolve("PATCH", &segs("/api/v2/conversations/{{id}}")), Resolution::WrongMethod(_)));
        assert!(
            is_placeholder_segment("{{x}}")
                && is_placeholder_segment("${X}")
                && is_placeholder_segment(":id")
                && !is_placeholder_segment("calls")
        );
    }

    /// A word of the API (a media word, a segment of some path, a synonym of one) is never read as
    /// a conversation, participant or communication id; placeholders still are.
    #[test]
    fn words_are_not_ids() {
        let c = Catalog::get();
        for (method, path) in [
            ("PATCH", "/api/v2/conversations/voice/{cid}/participants/{pid}"),
            ("PUT", "/api/v2/conversations/phone/participants/721ee355-9010-455f-8892-cb230b671242"),
            ("PATCH", "/api/v2/conversations/phone/participants/721ee355-9010-455f-8892-cb230b671242"),
            ("PATCH", "/api/v2/conversations/calls/voice/participants/721ee355-9010-455f-8892-cb230b671242"),
            ("PATCH", "/api/v2/conversations/3c8654b9-dff7-46f7-835f-47cd10a2ac01/participants/chat"),
            ("PATCH", "/api/v2/conversations/voice"),
            ("DELETE", "/api/v2/conversations/voice"),
            ("GET", "/api/v2/conversations/messages/participants"),
        ] {
            assert!(matches!(c.resolve(method, &segs(path)), Resolution::Unknown), "{method} {path}");
        }
        assert!(
            !c.is_id_like("phone") && !c.is_id_like("calls") && c.is_id_like("3c8654b9-dff7-46f7-835f-47cd10a2ac01")
        );
        // Placeholders and ids that are not UUIDs still fill id slots.
        for path in [
            "/api/v2/conversations/calls/{id}/participants/{{participantId}}",
            "/api/v2/conversations/calls/$CONV_ID/participants/${input.participantId}",
            "/api/v2/conversations/calls/:conversationId/participants/{participantId}",
            "/api/v2/conversations/calls/abc/participants/p1",
        ] {
            assert!(matches!(c.resolve("PATCH", &segs(path)), Resolution::Operation(_)), "{path}");
        }
    }

    #[test]
    fn where_a_path_leaves_the_templates() {
        let c = Catalog::get();
        assert_eq!(c.first_unmatched(&segs("/api/v2/conversations/conversations/0d6c2b8e")), Some(3));
        assert_eq!(c.first_unmatched(&segs("/api/v2/conversations/0d6c2b8e/participants/p1/hangup")), Some(6));
        assert_eq!(c.first_unmatched(&segs("/api/v2/conversations/calls/{{id}}/participants/p1")), None);
        // The near miss points at the repeat too.
        let near =
            c.near_misses("GET", &segs("/api/v2/conversations/conversations/0d6c2b8e-47a1-4f3c-9b5e-8a2f7d1c6e93"), 3);
        assert_eq!(near[0].differs, [3]);
    }

    #[test]
    fn root_patch_without_media_is_a_wrong_method() {
        let c = Catalog::get();
        let Resolution::WrongMethod(ops) = c.resolve("PATCH", &segs("/api/v2/conversations/abc")) else {
            panic!("expected WrongMethod");
        };
        let mut methods: Vec<&str> = ops.iter().map(|o| o.method.as_str()).collect();
        methods.sort();
        assert_eq!(methods, ["DELETE", "GET"]);
    }

    #[test]
    fn made_up_paths_are_unknown_with_near_misses() {
        let c = Catalog::get();
        let path = segs("/api/v2/conversations/conferences/c1/participants/p1");
        assert!(matches!(c.resolve("PATCH", &path), Resolution::Unknown));
        let near = c.near_misses("PATCH", &path, 3);
        assert_eq!(near[0].concrete, "/api/v2/conversations/calls/c1/participants/p1");
        assert_eq!(near[0].operation.method, "PATCH");
    }

    /// The letter count test only spares work: it never turns a near spelling down.
    #[test]
    fn near_spelling_is_the_edit_distance_test() {
        let c = Catalog::get();
        let mut words: Vec<&str> = c.words.iter().map(String::as_str).filter(|w| !is_param(w)).collect();
        words.extend(["participant", "particpants", "conversation", "convresations", "cals", "emial", "émails", "x"]);
        for a in &words {
            for b in &words {
                let plain = !a.is_empty() && strsim::normalized_levenshtein(a, b) >= 0.75;
                assert_eq!(near_spelling(a, b), plain, "{a} / {b}");
            }
        }
        assert!(near_spelling("particpants", "participants"));
    }

    #[test]
    fn fill_and_param() {
        let t = "/api/v2/conversations/{conversationId}/participants/{participantId}";
        let p = segs("/api/v2/conversations/c/participants/p");
        assert_eq!(Catalog::fill(t, t, &p), "/api/v2/conversations/c/participants/p");
        let media = "/api/v2/conversations/chats/{conversationId}/participants/{participantId}";
        let q = segs("/api/v2/conversations/chats/c/participants/p");
        assert_eq!(Catalog::fill(t, media, &q), "/api/v2/conversations/c/participants/p");
        assert_eq!(Catalog::param(t, &p, "participantId"), Some("p"));
    }
}
