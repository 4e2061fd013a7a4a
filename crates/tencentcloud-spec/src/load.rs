//! Reading a service folder of specs from disk, with errors that name the file and the JSON path.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::{ACTIONS_DIR, ActionSpec, SERVICE_FILE, ServiceSpec, TYPES_DIR, TypeSpec};

/// The item named `name` in `items`: a binary search, since a folder is read sorted by name (the sandbox looks a
/// type up for every object of every request, and vod has 695), then a scan in case a caller reordered or
/// extended the public lists.
fn sorted_find<'a, T>(items: &'a [T], name: &str, name_of: impl Fn(&T) -> &String) -> Option<&'a T> {
    match items.binary_search_by(|item| name_of(item).as_str().cmp(name)) {
        Ok(index) => items.get(index),
        Err(_) => items.iter().find(|item| name_of(item) == name),
    }
}

/// Everything one `specs/<service>/<version>/` folder holds, sorted by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The folder the specs were read from.
    pub dir: PathBuf,
    /// The contents of `service.json`.
    pub spec: ServiceSpec,
    /// Every action under `actions/`.
    pub actions: Vec<ActionSpec>,
    /// Every data type under `types/`.
    pub types: Vec<TypeSpec>,
    /// Every file that was read, so a build can be told to rerun when one changes.
    pub files: Vec<PathBuf>,
}

impl Service {
    /// The action with this exact name (`DescribeInstances`), if the folder has it.
    pub fn action(&self, name: &str) -> Option<&ActionSpec> {
        sorted_find(&self.actions, name, |a| &a.name)
    }

    /// The data type with this exact name, if the folder has it.
    pub fn type_spec(&self, name: &str) -> Option<&TypeSpec> {
        sorted_find(&self.types, name, |t| &t.name)
    }

    /// The file an action's spec lives in.
    pub fn action_path(&self, name: &str) -> PathBuf {
        self.dir.join(ACTIONS_DIR).join(format!("{name}.json"))
    }

    /// The file a data type's spec lives in.
    pub fn type_path(&self, name: &str) -> PathBuf {
        self.dir.join(TYPES_DIR).join(format!("{name}.json"))
    }
}

/// One problem with one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The file the problem is in.
    pub path: PathBuf,
    /// Where in the file: `$.request[2].type`, or `line 4 column 7` for malformed JSON, or empty for the whole file.
    pub location: String,
    /// What is wrong there.
    pub message: String,
}

impl SpecError {
    /// An error at `location` in the file `path`; pass an empty location for a problem with the whole file.
    pub fn new(path: impl Into<PathBuf>, location: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError { path: path.into(), location: location.into(), message: message.into() }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.path.display(), self.location, self.message)
        }
    }
}

impl std::error::Error for SpecError {}

/// All the problems found in one load, so they can be reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

/// Parses one spec file's bytes, naming the JSON path of a field that does not fit.
pub fn parse_spec<T: DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, SpecError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    match value {
        Ok(v) => de.end().map(|()| v).map_err(|e| json_error(path, &e)),
        Err(err) if err.inner().is_syntax() || err.inner().is_eof() => Err(json_error(path, err.inner())),
        Err(err) => {
            let mut location = String::from("$");
            let p = err.path().to_string();
            if p != "." {
                if !p.starts_with('[') {
                    location.push('.');
                }
                location.push_str(&p);
            }
            Err(SpecError::new(path, location, strip_position(&err.inner().to_string())))
        }
    }
}

fn json_error(path: &Path, e: &serde_json::Error) -> SpecError {
    // serde_json appends "at line L column C"; keep it as the location, not twice.
    let message = strip_position(&e.to_string());
    SpecError::new(path, format!("line {} column {}", e.line(), e.column()), format!("malformed JSON: {message}"))
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn read_spec<T: DeserializeOwned>(path: &Path, errors: &mut Vec<SpecError>) -> Option<T> {
    match fs::read(path) {
        Ok(bytes) => parse_spec(path, &bytes).map_err(|e| errors.push(e)).ok(),
        Err(e) => {
            errors.push(SpecError::new(path, "", format!("cannot read: {e}")));
            None
        }
    }
}

/// The `.json` files directly inside `dir`, sorted by name; a missing folder holds none.
fn json_files(dir: &Path, errors: &mut Vec<SpecError>) -> Vec<PathBuf> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            errors.push(SpecError::new(dir, "", format!("cannot list folder: {e}")));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    files
}

/// Reads and validates one service folder. Every problem in every file is reported, not just the first.
pub fn load_service(dir: impl AsRef<Path>) -> Result<Service, SpecErrors> {
    let dir = dir.as_ref();
    let mut errors = Vec::new();
    let mut files = Vec::new();

    let service_path = dir.join(SERVICE_FILE);
    files.push(service_path.clone());
    let spec: Option<ServiceSpec> = if service_path.is_file() {
        read_spec(&service_path, &mut errors)
    } else {
        errors.push(SpecError::new(
            &service_path,
            "",
            "missing: a service folder needs service.json with service, version and domain",
        ));
        None
    };

    let mut actions: Vec<ActionSpec> = Vec::new();
    for path in json_files(&dir.join(ACTIONS_DIR), &mut errors) {
        files.push(path.clone());
        actions.extend(
            read_spec(&path, &mut errors).filter(|a: &ActionSpec| name_matches_file(&path, &a.name, &mut errors)),
        );
    }
    let mut types: Vec<TypeSpec> = Vec::new();
    for path in json_files(&dir.join(TYPES_DIR), &mut errors) {
        files.push(path.clone());
        types.extend(
            read_spec(&path, &mut errors).filter(|t: &TypeSpec| name_matches_file(&path, &t.name, &mut errors)),
        );
    }

    let Some(spec) = spec else {
        return Err(SpecErrors(errors));
    };
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let service = Service { dir: dir.to_path_buf(), spec, actions, types, files };
    errors.extend(crate::validate_service(&service));
    if errors.is_empty() { Ok(service) } else { Err(SpecErrors(errors)) }
}

/// Later checks name a spec's file from its name, so the two must agree.
fn name_matches_file(path: &Path, name: &str, errors: &mut Vec<SpecError>) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if stem == name {
        return true;
    }
    errors.push(SpecError::new(path, "$.name", format!("{name:?} does not match the file name: expected {stem:?}")));
    false
}

/// Every service folder (one holding `service.json`) up to two levels below `root`, sorted by path:
/// `specs/ccc/2020-02-10`, `specs/cvm/2017-03-12`, ...
pub fn load_service_tree(root: impl AsRef<Path>) -> Result<Vec<Service>, SpecErrors> {
    let root = root.as_ref();
    let mut dirs = Vec::new();
    let mut errors = Vec::new();
    collect_service_dirs(root, 2, &mut dirs, &mut errors);
    dirs.sort();
    let mut services = Vec::new();
    for dir in dirs {
        match load_service(&dir) {
            Ok(s) => services.push(s),
            Err(SpecErrors(e)) => errors.extend(e),
        }
    }
    if errors.is_empty() { Ok(services) } else { Err(SpecErrors(errors)) }
}

fn collect_service_dirs(dir: &Path, depth: usize, out: &mut Vec<PathBuf>, errors: &mut Vec<SpecError>) {
    if dir.join(SERVICE_FILE).is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    if depth == 0 {
        return;
    }
    match fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    collect_service_dirs(&path, depth - 1, out, errors);
                }
            }
        }
        Err(e) => errors.push(SpecError::new(dir, "", format!("cannot list folder: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::sorted_find;

    #[test]
    fn finds_by_name_in_sorted_and_reordered_lists() {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<String>>();
        let sorted = names(&["Address", "Instance", "InstanceType", "Zone"]);
        for name in &sorted {
            assert_eq!(sorted_find(&sorted, name, |n| n), Some(name));
        }
        assert_eq!(sorted_find(&sorted, "Disk", |n| n), None);
        assert_eq!(sorted_find(&sorted, "", |n| n), None);
        // A caller pushed to the public list out of order: still found.
        let mut reordered = sorted.clone();
        reordered.push("Alpha".into());
        assert_eq!(sorted_find(&reordered, "Alpha", |n| n).map(String::as_str), Some("Alpha"));
        assert_eq!(sorted_find(&[] as &[String], "Zone", |n| n), None);
    }
}
