//! One side of a comparison: the spec files of a service version, parsed one by one so that a file that no
//! longer parses is kept (by name, with its error) instead of failing the whole comparison.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tencentcloud_spec::{ACTIONS_DIR, ActionSpec, SERVICE_FILE, ServiceSpec, TYPES_DIR, TypeSpec, parse_spec};

use super::SpecFiles;
use crate::Plan;

/// A spec file that does not parse, with its bytes so that an unchanged broken file is not reported twice.
pub(super) struct Broken {
    pub file: PathBuf,
    pub error: String,
    pub bytes: Vec<u8>,
}

/// The parsed spec files of one service version, actions and types by file stem.
#[derive(Default)]
pub(super) struct Snapshot {
    pub service: Option<ServiceSpec>,
    pub broken_service: Option<Broken>,
    pub actions: BTreeMap<String, Result<ActionSpec, Broken>>,
    pub types: BTreeMap<String, Result<TypeSpec, Broken>>,
}

impl Snapshot {
    pub fn parse(files: &SpecFiles) -> Snapshot {
        let mut out = Snapshot::default();
        for (rel, bytes) in files {
            let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let broken = |e: tencentcloud_spec::SpecError| Broken {
                file: rel.clone(),
                error: if e.location.is_empty() { e.message } else { format!("{}: {}", e.location, e.message) },
                bytes: bytes.clone(),
            };
            let parent = rel.parent().and_then(|p| p.to_str()).unwrap_or_default();
            if rel == Path::new(SERVICE_FILE) {
                match parse_spec::<ServiceSpec>(rel, bytes) {
                    Ok(s) => out.service = Some(s),
                    Err(e) => out.broken_service = Some(broken(e)),
                }
            } else if parent == ACTIONS_DIR {
                out.actions.insert(stem, parse_spec::<ActionSpec>(rel, bytes).map_err(broken));
            } else if parent == TYPES_DIR {
                out.types.insert(stem, parse_spec::<TypeSpec>(rel, bytes).map_err(broken));
            }
        }
        out
    }

    /// Whether this side holds a service version at all.
    pub fn exists(&self) -> bool {
        self.service.is_some() || self.broken_service.is_some()
    }
}

/// The spec files of a service folder as they are on disk: `service.json`, `actions/*.json`, `types/*.json`. A
/// missing folder holds none (a service version that does not exist yet).
pub fn read_spec_files(dir: &Path) -> std::io::Result<SpecFiles> {
    let mut files = SpecFiles::new();
    match fs::read(dir.join(SERVICE_FILE)) {
        Ok(bytes) => {
            files.insert(PathBuf::from(SERVICE_FILE), bytes);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    for sub in [ACTIONS_DIR, TYPES_DIR] {
        let entries = match fs::read_dir(dir.join(sub)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|x| x == "json") && path.is_file() {
                let name = path.file_name().unwrap_or_default();
                files.insert(Path::new(sub).join(name), fs::read(&path)?);
            }
        }
    }
    Ok(files)
}

/// What `before` (read from `plan.dir`) becomes once `plan` is applied.
pub fn after_plan(before: &SpecFiles, plan: &Plan) -> SpecFiles {
    let mut after = before.clone();
    let rel = |p: &Path| p.strip_prefix(&plan.dir).unwrap_or(p).to_path_buf();
    for (path, bytes) in &plan.writes {
        after.insert(rel(path), bytes.clone());
    }
    for path in &plan.removals {
        after.remove(&rel(path));
    }
    after
}
