//! The documentation defects regen tolerates: each class of defect an example or the prose of a page can have,
//! and what regen did about it. Tables are the contract and their defects stay errors; these are warnings.

use std::fmt;

use serde::Serialize;

/// A class of defect in an example or in the prose around the tables. The kebab-case name is what the summary
/// line, the regen report and `--strict` errors call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Defect {
    /// Example JSON without the comma at the end of a line, where the next line starts the next value.
    MissingComma,
    /// Example JSON with a comma before `}` or `]`.
    TrailingComma,
    /// A raw control character (a line break, a tab) inside an example's JSON string.
    ControlCharacter,
    /// Example JSON that ends before closing every `{` and `[` it opened.
    MissingBracket,
    /// A response example that is not wrapped in `{"Response": ...}`.
    MissingEnvelope,
    /// A JSON block that never closes before the end of the page (the text rendering cuts it at its last `}`).
    UnclosedBlock,
    /// A line of prose inside example JSON, where a string value was translated.
    ProseInJson,
    /// Example JSON no certain rule repairs.
    BrokenJson,
    /// A request body printed without its `POST / HTTP/1.1` line, directly before its response.
    BareRequestBody,
    /// A response example with no request before it.
    ResponseWithoutRequest,
    /// A request example with no response after it.
    RequestWithoutResponse,
    /// A GET example that gives one parameter twice.
    RepeatedQueryParameter,
    /// A GET example whose parameter paths contradict each other (an object addressed as a list, or the reverse).
    QueryShape,
    /// A table inside an action's description, such as `Error Code | Inner Code | Description | Handling Suggestion`.
    DescriptionTable,
    /// A table after the request table that is no parameter or error-code table.
    StrayTable,
    /// HTML fragments (`<li>`, `<br>`, `<a href>`, entities) in a cell or paragraph.
    HtmlMarkup,
    /// An error code written with a trailing full stop (`UnsupportedOperation.`).
    ErrorCodeFullStop,
    /// An example member that no table documents (deprecated or undocumented).
    UndocumentedMember,
    /// An example request that leaves out a member its table marks required.
    MissingRequiredMember,
    /// An example request value whose JSON kind its member's type does not accept (an object for a String).
    ExampleTypeMismatch,
}

impl Defect {
    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Defect::MissingComma => "missing-comma",
            Defect::TrailingComma => "trailing-comma",
            Defect::ControlCharacter => "control-character",
            Defect::MissingBracket => "missing-bracket",
            Defect::MissingEnvelope => "missing-envelope",
            Defect::UnclosedBlock => "unclosed-block",
            Defect::ProseInJson => "prose-in-json",
            Defect::BrokenJson => "broken-json",
            Defect::BareRequestBody => "bare-request-body",
            Defect::ResponseWithoutRequest => "response-without-request",
            Defect::RequestWithoutResponse => "request-without-response",
            Defect::RepeatedQueryParameter => "repeated-query-parameter",
            Defect::QueryShape => "query-shape",
            Defect::DescriptionTable => "description-table",
            Defect::StrayTable => "stray-table",
            Defect::HtmlMarkup => "html-markup",
            Defect::ErrorCodeFullStop => "error-code-full-stop",
            Defect::UndocumentedMember => "undocumented-member",
            Defect::MissingRequiredMember => "missing-required-member",
            Defect::ExampleTypeMismatch => "example-type-mismatch",
        }
    }
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What regen did about a defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Remedy {
    /// Repaired by a certain rule; the spec holds the repaired value.
    Repaired,
    /// Converted to the spec's form (HTML to Markdown, a table to a Markdown table in the description).
    Converted,
    /// The example is left out of the typed examples and kept as printed in `unparsed_examples`.
    Unparsed,
    /// Left out of the spec.
    Dropped,
    /// Kept as the page has it (an undocumented member stays in its example).
    Kept,
}

impl Remedy {
    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Remedy::Repaired => "repaired",
            Remedy::Converted => "converted",
            Remedy::Unparsed => "unparsed",
            Remedy::Dropped => "dropped",
            Remedy::Kept => "kept",
        }
    }
}

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A defect found while reading one page, before it is attached to the page's file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// A page location (`line 12`, `table[1] tr[3]`) or a JSON path into the spec.
    pub location: String,
    pub defect: Defect,
    pub remedy: Remedy,
    pub message: String,
}

impl Finding {
    pub(crate) fn new(location: impl Into<String>, defect: Defect, remedy: Remedy, message: impl Into<String>) -> Self {
        Finding { location: location.into(), defect, remedy, message: message.into() }
    }
}
