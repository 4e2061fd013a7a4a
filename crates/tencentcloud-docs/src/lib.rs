// The crate docs are README.md, so its examples are doctested.
#![doc = include_str!("../README.md")]

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
