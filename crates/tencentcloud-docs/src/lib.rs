//! Reads saved API reference pages (text, Markdown, HTML) and turns them into specs.
//!
//! ```no_run
//! let regenerated = tencentcloud_docs::regen_service("specs/ccc/2020-02-10/docs")?;
//! for (path, bytes) in regenerated.files() {
//!     println!("{} ({} bytes)", path.display(), bytes.len());
//! }
//! # Ok::<(), tencentcloud_docs::RegenErrors>(())
//! ```
//!
//! A page is an action page or a Data Types page, told apart by its tables, in any of three renderings told apart
//! by the file extension: plain text (`.txt`), Markdown (`.md`) or HTML (`.html`). Each parser turns its
//! rendering into the same blocks (headings, paragraphs, tables, code), and one interpreter reads meaning from
//! them, so a page means the same thing in every rendering.
//!
//! Pages of the Chinese site (cloud.tencent.com) are read too, as copied text (tab-separated tables whose cells run
//! over several lines) or saved HTML: their structural words are mapped onto the English ones, their descriptions
//! stay Chinese, each member keeps its `示例值` example value, and `service.json` records the language the pages
//! are in, detected from the pages themselves.
//!
//! The tables are the contract: a defect in a parameter table is an error. Examples and prose illustrate it: a
//! defect there is a [`RegenWarning`] with its [`Defect`] class and [`Remedy`], repaired only where a rule is
//! certain, and listed in the service's [`REPORT_FILE`].

pub mod api_change;
mod blocks;
mod defect;
mod errata;
mod error;
mod example;
mod html;
mod markdown;
mod markup;
mod output;
mod page;
mod parallel;
mod repair;
mod report;
mod service;
mod text;
mod zh;
mod zh_text;

pub use defect::{Defect, Remedy};
pub use errata::ERRATA_FILE;
pub use error::{Loc, RegenError, RegenErrors, RegenWarning};
pub use output::{Plan, plan};
pub use parallel::{available_threads, map_parallel, regen_services};
pub use report::REPORT_FILE;
pub use service::{PageInput, Regenerated, Rendering, regen_pages, regen_service};
