//! Page defects reviewed by hand: `docs/errata.json` names warnings that were looked into, with the reason, so they
//! are reported as acknowledged rather than as warnings. An entry that no longer matches a warning is an error, so
//! the file cannot quietly outlive the defect it explains.

use std::path::Path;

use serde::Deserialize;

use crate::{RegenError, RegenErrors, RegenWarning, Regenerated};

/// The errata file's name inside a service's `docs/` folder.
pub const ERRATA_FILE: &str = "errata.json";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Errata {
    #[serde(rename = "$comment", default)]
    _comment: Option<String>,
    acknowledged: Vec<Erratum>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Erratum {
    /// The page's file name: `DescribeTelCdr.txt`.
    page: String,
    /// The warning's JSON path: `$.examples[0].response.Response.TelCdrList[0].Uui`.
    location: String,
    /// Why the page is wrong and the spec is right anyway.
    reason: String,
}

/// Moves the warnings `docs/errata.json` acknowledges from `warnings` to `acknowledged`.
pub(crate) fn apply(docs_dir: &Path, regen: &mut Regenerated) -> Result<(), RegenErrors> {
    let path = docs_dir.join(ERRATA_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(RegenErrors(vec![RegenError::new(&path, "", format!("cannot read: {e}"))])),
    };
    let errata: Errata = tencentcloud_spec::parse_spec(&path, &bytes).map_err(|e| RegenErrors(vec![e]))?;
    let mut errors = Vec::new();
    let mut matched = vec![false; errata.acknowledged.len()];
    let (acknowledged, warnings): (Vec<RegenWarning>, Vec<RegenWarning>) =
        std::mem::take(&mut regen.warnings).into_iter().partition(|w| {
            let page = w.file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            let hit = errata.acknowledged.iter().position(|e| e.page == page && e.location == w.location);
            hit.inspect(|&i| matched[i] = true).is_some()
        });
    for (i, erratum) in errata.acknowledged.iter().enumerate() {
        if erratum.reason.trim().is_empty() {
            errors.push(RegenError::new(
                &path,
                format!("$.acknowledged[{i}].reason"),
                "empty: say why the page is wrong",
            ));
        }
        if !matched[i] {
            errors.push(RegenError::new(
                &path,
                format!("$.acknowledged[{i}]"),
                format!("{} {} no longer gives a warning: remove the entry", erratum.page, erratum.location),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(RegenErrors(errors));
    }
    regen.warnings = warnings;
    regen.acknowledged = acknowledged;
    Ok(())
}
