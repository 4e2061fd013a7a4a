//! The per-service regen report, `specs/<service>/<version>/regen-report.json`: every warning and repair with
//! its page, location, defect class and remedy, and the counts by class. Deterministic and committed, so a change
//! in the published pages shows as a diff.

use std::collections::BTreeMap;

use serde::Serialize;
use tencentcloud_spec::GENERATED_MARKER;

use crate::{Defect, RegenWarning, Regenerated, Remedy};

/// The report's file name, at the root of the service folder.
pub const REPORT_FILE: &str = "regen-report.json";

#[derive(Serialize)]
struct Report<'a> {
    #[serde(rename = "$comment")]
    comment: &'a str,
    service: &'a str,
    version: &'a str,
    pages: usize,
    actions: usize,
    types: usize,
    examples: usize,
    unparsed_examples: usize,
    /// Warnings by defect class (acknowledged ones not included).
    counts: BTreeMap<Defect, usize>,
    warnings: Vec<Entry<'a>>,
    /// Warnings `docs/errata.json` acknowledges.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    acknowledged: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    /// The page's file name.
    page: String,
    location: &'a str,
    defect: Defect,
    remedy: Remedy,
    message: &'a str,
}

fn entry(w: &RegenWarning) -> Entry<'_> {
    Entry {
        page: w.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        location: &w.location,
        defect: w.defect,
        remedy: w.remedy,
        message: &w.message,
    }
}

/// The report as pretty JSON with a trailing newline.
pub(crate) fn render(regen: &Regenerated) -> Vec<u8> {
    let report = Report {
        comment: GENERATED_MARKER,
        service: &regen.service.service,
        version: &regen.service.version,
        pages: regen.pages,
        actions: regen.actions.len(),
        types: regen.types.len(),
        examples: regen.actions.iter().map(|a| a.examples.len()).sum(),
        unparsed_examples: regen.unparsed_examples(),
        counts: regen.counts(),
        warnings: regen.warnings.iter().map(entry).collect(),
        acknowledged: regen.acknowledged.iter().map(entry).collect(),
    };
    // Serializing plain structs into memory cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&report).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
