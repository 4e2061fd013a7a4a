//! Bringing a service folder in line with freshly rendered specs without touching hand-written ones: a plan
//! (what to write, what to remove) that `--check` only reports and a normal run applies atomically.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tencentcloud_spec::{ACTIONS_DIR, GENERATED_MARKER, SERVICE_FILE, TYPES_DIR};

use crate::{Loc, RegenError, RegenErrors};

/// What regen would change in one service folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The service folder, `specs/<service>/<version>/`.
    pub dir: PathBuf,
    /// New or changed files, with their full paths and new content.
    pub writes: Vec<(PathBuf, Vec<u8>)>,
    /// Generated files that no page produces any more.
    pub removals: Vec<PathBuf>,
}

impl Plan {
    /// True when the folder already holds exactly what regen renders.
    pub fn is_current(&self) -> bool {
        self.writes.is_empty() && self.removals.is_empty()
    }

    /// The files that differ from what regen renders, sorted.
    pub fn stale(&self) -> Vec<&Path> {
        let mut paths: Vec<&Path> =
            self.writes.iter().map(|(p, _)| p.as_path()).chain(self.removals.iter().map(PathBuf::as_path)).collect();
        paths.sort();
        paths
    }

    /// Applies this plan; see [`Plan::apply_all`].
    pub fn apply(&self) -> Result<(), RegenError> {
        Plan::apply_all(std::slice::from_ref(self))
    }

    /// Writes every new file to a temporary name next to its target first; only when all are written are they
    /// renamed into place and the stale generated files removed. A failure while writing leaves every folder as
    /// it was.
    pub fn apply_all(plans: &[Plan]) -> Result<(), RegenError> {
        let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
        let unstage = |staged: &[(PathBuf, &Path)]| {
            for (tmp, _) in staged {
                let _ = fs::remove_file(tmp);
            }
        };
        for (path, bytes) in plans.iter().flat_map(|p| &p.writes) {
            let tmp = temp_path(path);
            let written = path.parent().map_or(Ok(()), fs::create_dir_all).and_then(|()| fs::write(&tmp, bytes));
            if let Err(e) = written {
                unstage(&staged);
                let _ = fs::remove_file(&tmp);
                return Err(RegenError::new(path, Loc::Page, format!("cannot write: {e}; nothing was changed")));
            }
            staged.push((tmp, path));
        }
        for (i, (tmp, path)) in staged.iter().enumerate() {
            if let Err(e) = fs::rename(tmp, path) {
                unstage(&staged[i..]);
                return Err(RegenError::new(*path, Loc::Page, format!("cannot move into place: {e}")));
            }
        }
        for path in plans.iter().flat_map(|p| &p.removals) {
            fs::remove_file(path).map_err(|e| RegenError::new(path, Loc::Page, format!("cannot remove: {e}")))?;
        }
        Ok(())
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.regen-{}.tmp", std::process::id()))
}

/// Whether a spec file was written by regen: its `$comment` is [`GENERATED_MARKER`]. Anything else, including a
/// file that is not JSON, is hand-written and regen never replaces or removes it.
fn is_generated(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Marker {
        #[serde(rename = "$comment")]
        comment: Option<String>,
    }
    serde_json::from_slice::<Marker>(bytes).is_ok_and(|m| m.comment.as_deref() == Some(GENERATED_MARKER))
}

/// Compares rendered files (paths relative to `dir`, from [`crate::Regenerated::files`]) with the folder.
/// A rendered file whose name is taken by a hand-written spec is an error: regen will not overwrite it.
pub fn plan(dir: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> Result<Plan, RegenErrors> {
    let mut out = Plan { dir: dir.to_path_buf(), ..Plan::default() };
    let mut errors = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        match fs::read(&path) {
            Ok(existing) if &existing == bytes => {}
            Ok(existing) if is_generated(&existing) => out.writes.push((path, bytes.clone())),
            Ok(_) => errors.push(RegenError::new(
                &path,
                Loc::Page,
                "hand-written spec (no generated `$comment` marker) for something the pages also document: \
                 expected regen to own it; delete the file to let regen write it, or remove the page from docs/",
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.writes.push((path, bytes.clone())),
            Err(e) => errors.push(RegenError::new(&path, Loc::Page, format!("cannot read: {e}"))),
        }
    }
    let mut existing = vec![dir.join(SERVICE_FILE)];
    for sub in [ACTIONS_DIR, TYPES_DIR] {
        let folder = dir.join(sub);
        match fs::read_dir(&folder) {
            Ok(entries) => existing.extend(
                entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            // Unlisted, its stale generated specs would silently survive a run that claims the folder is current.
            Err(e) => errors.push(RegenError::new(&folder, Loc::Page, format!("cannot list folder: {e}"))),
        }
    }
    existing.sort();
    for path in existing {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        if files.contains_key(rel) {
            continue;
        }
        if fs::read(&path).is_ok_and(|b| is_generated(&b)) {
            out.removals.push(path);
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(RegenErrors(errors)) }
}
