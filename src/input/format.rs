//! The formats gclint reads, by name: what `--input-format` chooses, and what a capture says it
//! was read from.

/// The formats gclint reads. `Auto` tells them apart by content (and by extension where the
/// content cannot tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Auto,
    /// HAR 1.1/1.2 captures, a HAR request object, or an array of them.
    Har,
    /// JSON lines: Genesys SDK JSON logs (JavaScript, Go, Python) and generic NDJSON request logs.
    Jsonl,
    /// The Genesys SDKs' text log blocks (`=== REQUEST ===` / `=== RESPONSE ===`).
    SdkText,
    /// JetBrains HTTP Client / VS Code REST Client request files (`.http`, `.rest`).
    Http,
    /// curl command lines (bash or cmd quoting, DevTools' "Copy as cURL").
    Curl,
    /// A bare JSON request body.
    Payload,
    /// Genesys Cloud Data Action exports (`*.custom.json`): the request of `config.request`.
    DataAction,
    /// Terraform files (`.tf`): the requests of `genesyscloud_integration_action` resources.
    Terraform,
    /// Postman collections (v2.1).
    Postman,
    /// Insomnia exports (v4).
    Insomnia,
    /// Genesys Cloud CLI (`gc`) logs.
    GcLog,
    /// JavaScript and TypeScript source: Genesys SDK calls and raw API requests.
    #[value(name = "javascript")]
    JavaScript,
    /// Python source: Genesys SDK calls and raw API requests.
    Python,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Har => "HAR",
            Format::Jsonl => "JSON lines request log",
            Format::SdkText => "SDK text log",
            Format::Http => ".http request file",
            Format::Curl => "curl commands",
            Format::Payload => "JSON payload",
            Format::DataAction => "Data Action export",
            Format::Terraform => "Terraform file",
            Format::Postman => "Postman collection",
            Format::Insomnia => "Insomnia export",
            Format::GcLog => "gc CLI log",
            Format::JavaScript => "JavaScript/TypeScript source",
            Format::Python => "Python source",
        }
    }

    /// Whether files of this format are written by people (so `--fix` may edit them), rather
    /// than recordings of what was sent. Terraform is written too, but its strings are HCL
    /// templates whose escapes gclint does not write back.
    pub fn editable(self) -> bool {
        matches!(self, Format::Http | Format::Payload) || self.holds_bodies_as_strings() || self.is_code()
    }

    /// Whether files of this format are source code: a body there is an object literal, whose
    /// strings an edit writes in the language's own quoting (see `Ctx::edit`).
    pub fn is_code(self) -> bool {
        matches!(self, Format::JavaScript | Format::Python)
    }

    /// Whether files of this format hold each request body as a JSON string (a Data Action's
    /// `requestTemplate`, a collection's raw body): an edit of a body is written escaped.
    pub fn holds_bodies_as_strings(self) -> bool {
        matches!(self, Format::DataAction | Format::Postman | Format::Insomnia)
    }
}
