//! Errors and warnings of a regen run, each naming the page (or spec file), the place in it and what was expected.

use std::fmt;
use std::path::PathBuf;

use crate::{Defect, Remedy};

/// Where in a page something is: a line for text and Markdown, an element path for HTML.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Loc {
    /// The whole page.
    #[default]
    Page,
    /// A 1-based line of a text or Markdown page.
    Line(usize),
    /// An HTML element, like `table[1] tr[3]` or `pre[2]`.
    Element(String),
}

impl Loc {
    /// A location `offset` lines further down, for a line inside a code block: `pre[2] line 5` for HTML.
    pub(crate) fn plus_lines(&self, offset: usize) -> Loc {
        match self {
            Loc::Line(n) => Loc::Line(n + offset),
            Loc::Element(e) => Loc::Element(format!("{e} line {}", offset + 1)),
            Loc::Page => Loc::Page,
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::Page => Ok(()),
            Loc::Line(n) => write!(f, "line {n}"),
            Loc::Element(e) => f.write_str(e),
        }
    }
}

impl From<&Loc> for String {
    fn from(loc: &Loc) -> String {
        loc.to_string()
    }
}

impl From<Loc> for String {
    fn from(loc: Loc) -> String {
        loc.to_string()
    }
}

/// One reason a regen run failed: the same shape as a spec-loading error, naming a page (or, when writing, a spec
/// file) and a line, HTML element or JSON path in it.
pub use tencentcloud_spec::SpecError as RegenError;
/// Every error of one run, so a user fixes them all in one go.
pub use tencentcloud_spec::SpecErrors as RegenErrors;

/// A defect in an example or in the prose of a page: where it is, its class, and what regen did about it.
/// `location` is a page location (`line 12`, `table[1] tr[3]`) or, for an example member the tables do not
/// document, a JSON path into the generated spec (`$.examples[0].response.Response.Foo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegenWarning {
    /// The page or spec file the warning is about.
    pub file: PathBuf,
    /// Where: a page location (`line 12`, `table[1] tr[3]`) or a JSON path into the generated spec.
    pub location: String,
    /// What sort of defect it is, for counting and errata.
    pub defect: Defect,
    /// What regen did about it: repaired, converted, left unparsed, dropped or kept.
    pub remedy: Remedy,
    /// What looks wrong, in words, with the detail the class does not carry.
    pub message: String,
}

impl fmt::Display for RegenWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {} ({}): {}", self.file.display(), self.location, self.defect, self.remedy, self.message)
    }
}
