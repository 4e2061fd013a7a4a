//! `cargo xtask regen`'s API change report: what rewriting the specs changes in API terms, each line `breaking`
//! or `additive`, written to the client crate's `CHANGELOG.md` with the crate's version bumped to match.
//!
//! Regen calls [`assess`] once it has planned every spec write and before it writes anything; the CHANGELOG and
//! manifest edits join the same temp-file-then-rename batch as the specs, so a failed run leaves all as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tencentcloud_docs::api_change::{
    Change, Kind, PackageVersion, Severity, Version, after_plan, compare, package_version, read_spec_files,
    set_dependency_pin, set_package_version, update_changelog,
};
use tencentcloud_docs::{Plan, Regenerated, plan};
use tencentcloud_spec::{ACTIONS_DIR, SERVICE_FILE};

use crate::client_crates::list_dirs;

/// The changes of one service version.
pub struct VersionChanges {
    /// `ccc 2020-02-10`: the heading of its CHANGELOG section.
    pub key: String,
    /// The `specs/<service>` folder name, which names the crate.
    pub service: String,
    pub changes: Vec<Change>,
}

/// A client crate whose version moves.
pub struct Bump {
    pub crate_name: String,
    pub from: Version,
    pub to: Version,
    pub changelog: PathBuf,
}

/// Everything regen reports and writes about the API change.
#[derive(Default)]
pub struct Assessment {
    pub versions: Vec<VersionChanges>,
    pub bumps: Vec<Bump>,
    /// Crates with changes but no manifest to bump (a service folder without a crate yet).
    pub without_crate: Vec<String>,
    /// CHANGELOG and manifest writes, and the removal of generated specs whose pages are gone.
    pub plans: Vec<Plan>,
}

impl Assessment {
    /// Files beyond the specs that regenerating would change (the removals of a service version's specs).
    pub fn stale(&self) -> Vec<&Path> {
        self.plans.iter().flat_map(|p| p.removals.iter().map(PathBuf::as_path)).collect()
    }

    /// One line per service version with changes, and one per crate version that moves.
    pub fn summary(&self, check: bool) -> String {
        let mut out = String::new();
        for v in self.versions.iter().filter(|v| !v.changes.is_empty()) {
            let count = |s: Severity| v.changes.iter().filter(|c| c.severity == s).count();
            let verb = if check { "regenerating would make" } else { "API changes:" };
            out.push_str(&format!(
                "{} {verb} {} breaking, {} additive\n",
                v.key,
                count(Severity::Breaking),
                count(Severity::Additive)
            ));
        }
        for b in &self.bumps {
            let verb = if check { "would go" } else { "goes" };
            out.push_str(&format!("{} {verb} {} -> {} (see {})\n", b.crate_name, b.from, b.to, b.changelog.display()));
        }
        for name in &self.without_crate {
            out.push_str(&format!("{name}: no crate to bump yet; the changes are only printed here\n"));
        }
        out
    }

    /// Every change line, under its service version, for `--check` and for services without a crate.
    pub fn lines(&self) -> String {
        let mut out = String::new();
        for v in self.versions.iter().filter(|v| !v.changes.is_empty()) {
            out.push_str(&format!("{}:\n", v.key));
            for c in &v.changes {
                out.push_str(&format!("  {c}\n"));
            }
        }
        out
    }
}

fn folder_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Version folders under `specs/` whose `docs/` is gone but whose generated specs remain: regen removes those
/// specs, and the report calls the service version disappeared.
fn orphaned_versions(specs: &Path, planned: &[(Regenerated, Plan)]) -> Result<Vec<Plan>, String> {
    let mut out = Vec::new();
    for service in list_dirs(specs)? {
        for version in list_dirs(&service)? {
            let documented = version.join(tencentcloud_spec::DOCS_DIR).is_dir();
            if documented || planned.iter().any(|(_, p)| p.dir == version) {
                continue;
            }
            let removals = plan(&version, &BTreeMap::new()).map_err(|e| e.to_string())?;
            if !removals.is_current() {
                out.push(removals);
            }
        }
    }
    Ok(out)
}

/// Compares each planned service folder with what it will hold, and, when `root` is the repository (regen of
/// every `specs/*/*/docs`), plans the CHANGELOG and version edits of each client crate `crates/tencentcloud-<service>`.
pub fn assess(root: &Path, planned: &[(Regenerated, Plan)], repository: bool) -> Result<Assessment, String> {
    let mut out = Assessment::default();
    if repository {
        out.plans = orphaned_versions(&root.join("specs"), planned)?;
    }
    // service -> (version -> actions before, version -> actions after), for the version the crate root re-exports.
    let mut lineup: BTreeMap<String, (ActionCounts, ActionCounts)> = BTreeMap::new();
    let named = planned.iter().map(|(r, p)| (Some(r), p)).chain(out.plans.iter().map(|p| (None, p)));
    for (regen, p) in named {
        // In the repository the folders name the service and its crate; a --out folder may be called anything.
        let (service, version) = match regen {
            Some(r) if !repository => (r.service.service.clone(), r.service.version.clone()),
            _ => (p.dir.parent().map(folder_name).unwrap_or_default(), folder_name(&p.dir)),
        };
        let (changes, exists_after, actions_after) = if p.is_current() {
            (Vec::new(), p.dir.join(SERVICE_FILE).is_file(), actions_on_disk(&p.dir))
        } else {
            let before = read_spec_files(&p.dir).map_err(|e| format!("cannot read {}: {e}", p.dir.display()))?;
            let after = after_plan(&before, p);
            let actions = after.keys().filter(|k| k.starts_with(ACTIONS_DIR)).count();
            (compare(&before, &after), after.contains_key(Path::new(SERVICE_FILE)), actions)
        };
        if repository {
            let sides = lineup.entry(service.clone()).or_insert_with(|| {
                let existing = p.dir.parent().map(versions_on_disk).unwrap_or_default();
                (existing.clone(), existing)
            });
            if exists_after {
                sides.1.insert(version.clone(), actions_after);
            } else {
                sides.1.remove(&version);
            }
        }
        out.versions.push(VersionChanges { key: format!("{service} {version}"), service, changes });
    }
    if repository {
        for (service, (before, after)) in &lineup {
            root_version_moves(&mut out.versions, service, before, after);
        }
        let crates = crate_edits(root, &out.versions, &mut out.bumps, &mut out.without_crate)?;
        if !crates.is_current() {
            out.plans.push(crates);
        }
    }
    Ok(out)
}

/// API version -> number of actions, for choosing the version a crate's root re-exports.
type ActionCounts = BTreeMap<String, usize>;

/// The API versions of a `specs/<service>` folder that hold specs now, with their action counts.
fn versions_on_disk(service_dir: &Path) -> BTreeMap<String, usize> {
    let dirs = list_dirs(service_dir).unwrap_or_default();
    dirs.iter().filter(|d| d.join(SERVICE_FILE).is_file()).map(|d| (folder_name(d), actions_on_disk(d))).collect()
}

/// The action specs of a version folder on disk.
fn actions_on_disk(version_dir: &Path) -> usize {
    crate::client_crates::count_json(&version_dir.join(ACTIONS_DIR))
}

/// A crate re-exports the API version with the most actions at its root (the newest among equals,
/// `client_crates::root_version`): when regen changes which version that is, every path through the root now
/// names the other version's items, so it is breaking. The line goes to the version that caused it: the one that
/// appeared, or the one that disappeared or shrank.
fn root_version_moves(
    versions: &mut [VersionChanges],
    service: &str,
    before: &BTreeMap<String, usize>,
    after: &BTreeMap<String, usize>,
) {
    let root = |side: &'_ BTreeMap<String, usize>| {
        crate::client_crates::root_version(side.iter().map(|(v, n)| (v.as_str(), *n))).map(str::to_owned)
    };
    let (Some(old), Some(new)) = (root(before), root(after)) else { return };
    if old == new {
        return;
    }
    let cause = if before.contains_key(&new) { &old } else { &new };
    let key = format!("{service} {cause}");
    let fallback = format!("{service} {new}");
    let line = versions.iter().position(|v| v.key == key).or_else(|| versions.iter().position(|v| v.key == fallback));
    if let Some(v) = line.map(|i| &mut versions[i]) {
        v.changes.push(Change {
            severity: Severity::Breaking,
            kind: Kind::RootVersionChanged,
            text: format!(
                "the crate root re-exports {service} {new} instead of {service} {old}: paths through the root name \
                 the other version's items"
            ),
        });
    }
}

fn read_text(path: &Path) -> Result<Option<String>, String> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The CHANGELOG.md, crate manifest and root manifest writes that follow the changes, per crate.
fn crate_edits(
    root: &Path,
    versions: &[VersionChanges],
    bumps: &mut Vec<Bump>,
    without_crate: &mut Vec<String>,
) -> Result<Plan, String> {
    let mut by_service: BTreeMap<&str, Vec<(String, Vec<Change>)>> = BTreeMap::new();
    for v in versions.iter().filter(|v| !v.changes.is_empty()) {
        by_service.entry(&v.service).or_default().push((v.key.clone(), v.changes.clone()));
    }
    let root_manifest_path = root.join("Cargo.toml");
    let root_manifest = read_text(&root_manifest_path)?.unwrap_or_default();
    let mut new_root = root_manifest.clone();
    let mut writes = Vec::new();
    for (service, changes) in by_service {
        let crate_name = crate::client_crates::crate_name(service);
        let dir = root.join("crates").join(&crate_name);
        let manifest_path = dir.join("Cargo.toml");
        let Some(manifest) = read_text(&manifest_path)? else {
            without_crate.push(crate_name);
            continue;
        };
        let unknown = |what: &Path| format!("{}: no `version = \"x.y.z\"` line to bump", what.display());
        let current = match package_version(&manifest) {
            Some(PackageVersion::Own(v)) => v,
            Some(PackageVersion::Workspace) => match package_version(&root_manifest) {
                Some(PackageVersion::Own(v)) => v,
                _ => return Err(unknown(&root_manifest_path)),
            },
            None => return Err(unknown(&manifest_path)),
        };
        let changelog_path = dir.join("CHANGELOG.md");
        let existing = read_text(&changelog_path)?;
        let Some(update) = update_changelog(existing.as_deref(), &crate_name, current, &changes) else { continue };
        if existing.as_deref() != Some(update.text.as_str()) {
            writes.push((changelog_path.clone(), update.text.into_bytes()));
        }
        if update.version != current {
            let edited = set_package_version(&manifest, update.version).ok_or_else(|| unknown(&manifest_path))?;
            writes.push((manifest_path, edited.into_bytes()));
            // A `version` pin in [workspace.dependencies] must still match, or the dependents stop resolving.
            if let Some(edited) = set_dependency_pin(&new_root, &crate_name, update.version) {
                new_root = edited;
            }
            let changelog = changelog_path.strip_prefix(root).unwrap_or(&changelog_path).to_path_buf();
            bumps.push(Bump { crate_name, from: current, to: update.version, changelog });
        }
    }
    if new_root != root_manifest {
        writes.push((root_manifest_path, new_root.into_bytes()));
    }
    Ok(Plan { dir: root.to_path_buf(), writes, removals: Vec::new() })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use tencentcloud_docs::Plan;

    use super::{Assessment, assess};
    use crate::regen::{plan_jobs, repository_jobs};

    /// A scratch copy of what regen reads and writes: the ccc and cvm specs (not the whole API, which would make
    /// each test copy 30,000 files), the root manifest and the client crates' manifests.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("xtask-changes-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let root = crate::workspace_root();
            for service in ["ccc", "cvm"] {
                copy_dir(&root.join("specs").join(service), &dir.join("specs").join(service));
            }
            // The scratch repository is at a fresh 0.1.0 release of both crates, whatever the committed
            // manifests say and with no Unreleased lines, so the expected bumps and CHANGELOGs stay fixed.
            use tencentcloud_docs::api_change::{set_dependency_pin, set_package_version};
            let release: tencentcloud_docs::api_change::Version = "0.1.0".parse().unwrap();
            let mut root_manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
            for name in ["tencentcloud-ccc", "tencentcloud-cvm"] {
                root_manifest = set_dependency_pin(&root_manifest, name, release).unwrap_or(root_manifest);
                std::fs::create_dir_all(dir.join("crates").join(name)).unwrap();
                let manifest = std::fs::read_to_string(root.join("crates").join(name).join("Cargo.toml")).unwrap();
                let manifest = set_package_version(&manifest, release).unwrap_or(manifest);
                std::fs::write(dir.join("crates").join(name).join("Cargo.toml"), manifest).unwrap();
            }
            std::fs::write(dir.join("Cargo.toml"), root_manifest).unwrap();
            Scratch(dir)
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.0.join(rel)
        }

        fn read(&self, rel: &str) -> String {
            std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
        }

        fn edit(&self, rel: &str, from: &str, to: &str) {
            let text = self.read(rel);
            assert!(text.contains(from), "{rel} has no {from:?}");
            std::fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
        }

        /// The ccc pages copied as API version `version` (folder and Version rows); returns the new docs folder.
        fn ccc_pages_as(&self, version: &str) -> PathBuf {
            let docs = self.path(&format!("specs/ccc/{version}/docs"));
            std::fs::create_dir_all(&docs).unwrap();
            for entry in std::fs::read_dir(self.path(DOCS)).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap().replace("2020-02-10", version);
                std::fs::write(docs.join(path.file_name().unwrap()), text).unwrap();
            }
            docs
        }

        /// What `cargo xtask regen` does: plan every service, assess the API change, write specs, CHANGELOG and
        /// versions in one batch, then bring the client crates in line (keeping the version just written).
        fn regen(&self) -> Assessment {
            let planned = plan_jobs(&repository_jobs(&self.path("specs")).unwrap()).unwrap();
            let api = assess(&self.0, &planned, true).unwrap();
            let mut plans: Vec<Plan> = planned.into_iter().map(|(_, p)| p).collect();
            plans.extend(api.plans.iter().cloned());
            Plan::apply_all(&plans).unwrap();
            crate::client_crates::regen(&self.0, false).unwrap();
            api
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() { copy_dir(&path, &target) } else { std::fs::copy(&path, &target).map(drop).unwrap() }
        }
    }

    fn version_line(manifest: &str) -> &str {
        manifest.lines().find(|l| l.starts_with("version")).unwrap()
    }

    const DOCS: &str = "specs/ccc/2020-02-10/docs";

    #[test]
    fn editing_committed_pages_reports_the_change_and_bumps_the_crate_once() {
        let repo = Scratch::new("edit");
        // ccc as the crate generator makes it (cvm keeps its committed manifest, whatever kind it is).
        std::fs::remove_file(repo.path("crates/tencentcloud-ccc/Cargo.toml")).unwrap();
        crate::client_crates::regen(&repo.0, false).unwrap();
        let generated = repo.read("crates/tencentcloud-ccc/Cargo.toml");
        assert!(generated.starts_with(&format!("# {}", crate::client_crates::MARKER)), "{generated}");
        assert_eq!(version_line(&generated), "version = \"0.1.0\"");
        let cvm_manifest = repo.read("crates/tencentcloud-cvm/Cargo.toml");
        let root_manifest = repo.read("Cargo.toml");
        assert!(
            root_manifest.contains("tencentcloud-ccc = { path = \"crates/tencentcloud-ccc\", version = \"0.1.0\" }")
        );

        std::fs::remove_file(repo.path(&format!("{DOCS}/StopAutoCalloutTask.txt"))).unwrap();
        repo.edit(&format!("{DOCS}/DescribeTelCdr.txt"), "Phones.N | No |", "Phones.N | Yes |");
        repo.edit(
            &format!("{DOCS}/DescribeAutoCalloutTask.txt"),
            "IvrId | Integer | IvrId used by the task. |\n",
            "IvrId | Integer | IvrId used by the task. |\nMaxRingTimeoutSecond | Integer | Longest ring, in seconds. |\n",
        );
        let expected = [
            "additive: DescribeAutoCalloutTask response member MaxRingTimeoutSecond added",
            "breaking: DescribeTelCdr request member Phones required: no -> yes: field Option<Vec<String>> -> \
             Vec<String>, build() fails without it",
            "breaking: action StopAutoCalloutTask removed",
        ];

        // --check sees the same report before anything is written.
        let planned = plan_jobs(&repository_jobs(&repo.path("specs")).unwrap()).unwrap();
        let check = assess(&repo.0, &planned, true).unwrap();
        let lines: Vec<String> = check.versions[0].changes.iter().map(ToString::to_string).collect();
        assert_eq!(lines, expected);
        assert!(check.versions[1].changes.is_empty(), "cvm did not change");
        assert_eq!(
            check.summary(true),
            "ccc 2020-02-10 regenerating would make 2 breaking, 1 additive\n\
             tencentcloud-ccc would go 0.1.0 -> 0.2.0 (see crates/tencentcloud-ccc/CHANGELOG.md)\n"
        );
        assert!(!repo.path("crates/tencentcloud-ccc/CHANGELOG.md").exists(), "assess writes nothing");

        let api = repo.regen();
        // The README's sample.
        assert_eq!(
            api.summary(false),
            "ccc 2020-02-10 API changes: 2 breaking, 1 additive\n\
             tencentcloud-ccc goes 0.1.0 -> 0.2.0 (see crates/tencentcloud-ccc/CHANGELOG.md)\n"
        );
        let changelog = repo.read("crates/tencentcloud-ccc/CHANGELOG.md");
        let section = format!(
            "## Unreleased: 0.2.0 (breaking since 0.1.0)\n\n### ccc 2020-02-10\n\n- {}\n",
            expected.join("\n- ")
        );
        assert!(changelog.ends_with(&section), "{changelog}");
        assert!(changelog.starts_with("# Changelog of tencentcloud-ccc\n"));
        let bumped = repo.read("crates/tencentcloud-ccc/Cargo.toml");
        assert_eq!(bumped, generated.replace("version = \"0.1.0\"", "version = \"0.2.0\""), "the generator kept it");
        assert_eq!(repo.read("crates/tencentcloud-cvm/Cargo.toml"), cvm_manifest, "cvm keeps its version");
        assert!(!repo.path("crates/tencentcloud-cvm/CHANGELOG.md").exists());
        assert_eq!(
            repo.read("Cargo.toml"),
            root_manifest.replace(
                "tencentcloud-ccc = { path = \"crates/tencentcloud-ccc\", version = \"0.1.0\" }",
                "tencentcloud-ccc = { path = \"crates/tencentcloud-ccc\", version = \"0.2.0\" }"
            ),
            "the workspace pin follows, nothing else in the root manifest moves"
        );

        // Regen again: nothing changed, nothing written, no second bump.
        let again = repo.regen();
        assert!(again.versions.iter().all(|v| v.changes.is_empty()) && again.plans.is_empty());
        assert_eq!(repo.read("crates/tencentcloud-ccc/CHANGELOG.md"), changelog);

        // One more additive edit before the release: the line joins the section, the version stays 0.2.0.
        repo.edit(
            &format!("{DOCS}/DescribeAutoCalloutTask.txt"),
            "Longest ring, in seconds. |\n",
            "Longest ring, in seconds. |\nQueue | String | Queue name. |\n",
        );
        let third = repo.regen();
        assert!(third.bumps.is_empty(), "already bumped for this release");
        let changelog = repo.read("crates/tencentcloud-ccc/CHANGELOG.md");
        assert!(changelog.ends_with("- breaking: action StopAutoCalloutTask removed\n- additive: DescribeAutoCalloutTask response member Queue added\n"), "{changelog}");
        assert_eq!(version_line(&repo.read("crates/tencentcloud-ccc/Cargo.toml")), "version = \"0.2.0\"");
    }

    #[test]
    fn a_version_whose_pages_are_gone_disappears_and_its_generated_specs_go() {
        let repo = Scratch::new("orphan");
        std::fs::remove_dir_all(repo.path("specs/cvm/2017-03-12/docs")).unwrap();
        let planned = plan_jobs(&repository_jobs(&repo.path("specs")).unwrap()).unwrap();
        let check = assess(&repo.0, &planned, true).unwrap();
        assert!(check.stale().contains(&repo.path("specs/cvm/2017-03-12/service.json").as_path()));
        assert_eq!(
            check.lines(),
            "cvm 2017-03-12:\n  breaking: service version cvm 2017-03-12 disappeared (85 actions, 63 data types)\n"
        );
        let api = repo.regen();
        assert_eq!(api.bumps.len(), 1);
        assert_eq!(
            (api.bumps[0].crate_name.as_str(), api.bumps[0].to.to_string()),
            ("tencentcloud-cvm", "0.2.0".into())
        );
        assert!(!repo.path("specs/cvm/2017-03-12/service.json").exists());
        assert!(!repo.path("specs/cvm/2017-03-12/actions/RunInstances.json").exists());
    }

    #[test]
    fn a_newer_api_version_moves_the_crate_root_and_is_breaking() {
        let repo = Scratch::new("newer");
        let new = repo.ccc_pages_as("2099-01-01");
        let api = repo.regen();
        let lines: Vec<String> = api.versions.iter().flat_map(|v| &v.changes).map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "additive: service version ccc 2099-01-01 appeared (73 actions, 66 data types)",
                "breaking: the crate root re-exports ccc 2099-01-01 instead of ccc 2020-02-10: paths through the root \
                 name the other version's items",
            ]
        );
        assert_eq!((api.bumps[0].from.to_string(), api.bumps[0].to.to_string()), ("0.1.0".into(), "0.2.0".into()));
        assert!(repo.read("crates/tencentcloud-ccc/CHANGELOG.md").contains("\n### ccc 2099-01-01\n\n- additive: "));

        // An older version next to the newest leaves the root where it is: additive.
        repo.ccc_pages_as("2019-01-01");
        let api = repo.regen();
        let lines: Vec<String> = api.versions.iter().flat_map(|v| &v.changes).map(ToString::to_string).collect();
        assert_eq!(lines, ["additive: service version ccc 2019-01-01 appeared (73 actions, 66 data types)"]);
        assert!(api.bumps.is_empty(), "0.2.0 already covers an additive change");

        // The newest version's pages go: the root moves back, breaking, said under the version that went.
        std::fs::remove_dir_all(&new).unwrap();
        let api = repo.regen();
        let gone = api.versions.iter().find(|v| v.key == "ccc 2099-01-01").unwrap();
        let lines: Vec<String> = gone.changes.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "breaking: service version ccc 2099-01-01 disappeared (73 actions, 66 data types)",
                "breaking: the crate root re-exports ccc 2020-02-10 instead of ccc 2099-01-01: paths through the root \
                 name the other version's items",
            ]
        );
    }

    /// The report judges a change by the field type it assumes codegen gives a member; this holds that assumption
    /// against the real expansion of every committed service and of codegen's tricky fixture (keywords, a type
    /// that contains itself, types used both ways), so a change to the generator's rules fails here first.
    #[test]
    fn the_reports_field_types_are_the_generated_ones() {
        let root = crate::workspace_root();
        let mut folders = vec![(root.join("crates/tencentcloud-codegen"), "tests/fixtures/tricky".to_owned())];
        for service in ["ccc", "cvm"] {
            for version in crate::client_crates::list_dirs(&root.join("specs").join(service)).unwrap() {
                let version = version.file_name().unwrap().to_string_lossy().into_owned();
                folders.push((root.join("specs").join(service), version));
            }
        }
        let plain = |ty: &syn::Type| -> String {
            let text: String = quote::ToTokens::to_token_stream(ty).to_string().split_whitespace().collect();
            [
                "::core::option::",
                "::std::string::",
                "::std::vec::",
                "::std::boxed::",
                "super::super::types::",
                "super::",
                "self::",
            ]
            .iter()
            .fold(text, |t, prefix| t.replace(prefix, ""))
        };
        let mut checked = 0;
        for (base, folder) in folders {
            let service = tencentcloud_spec::load_service(base.join(&folder)).unwrap();
            let tokens = tencentcloud_codegen_impl::expand_service(&base, &folder, proc_macro2::Span::call_site())
                .unwrap_or_else(|e| panic!("{folder}: {e}"));
            let file: syn::File = syn::parse2(tokens).unwrap();
            // Structs sit in `types` and `operation::<action>` modules; collect them from every depth.
            fn structs<'a>(items: &'a [syn::Item], out: &mut Vec<&'a syn::ItemStruct>) {
                for item in items {
                    match item {
                        syn::Item::Struct(s) => out.push(s),
                        syn::Item::Mod(m) => structs(m.content.as_ref().map_or(&[][..], |(_, items)| items), out),
                        _ => {}
                    }
                }
            }
            let mut found = Vec::new();
            structs(&file.items, &mut found);
            let generated: std::collections::BTreeMap<String, Vec<String>> = found
                .into_iter()
                .map(|s| (s.ident.to_string(), s.fields.iter().map(|f| plain(&f.ty)).collect()))
                .collect();
            for (owner, members) in tencentcloud_docs::api_change::field_types(&service) {
                let got = generated.get(&owner).unwrap_or_else(|| panic!("{folder}: no struct {owner}"));
                let assumed: Vec<&String> = members.iter().map(|(_, ty)| ty).collect();
                assert_eq!(got.iter().collect::<Vec<_>>(), assumed, "{folder}: {owner} ({members:?})");
                checked += members.len();
            }
        }
        assert!(checked > 1000, "only {checked} members checked");
    }

    #[test]
    fn a_folder_outside_the_repository_gets_the_report_named_by_its_specs_and_nothing_else() {
        let out = std::env::temp_dir().join(format!("xtask-changes-out-{}", std::process::id())).join("anything");
        let docs = crate::workspace_root().join("crates/tencentcloud-docs/tests/fixtures/api_change/base");
        let jobs = [crate::regen::Job { docs, out: out.clone() }];
        let api = assess(&crate::workspace_root(), &plan_jobs(&jobs).unwrap(), false).unwrap();
        assert_eq!(
            api.lines(),
            "widget 2024-01-01:\n  additive: service version widget 2024-01-01 appeared (1 actions, 2 data types)\n"
        );
        assert!(api.plans.is_empty() && api.bumps.is_empty(), "no crate, no CHANGELOG, no removals");
        assert!(!out.exists(), "assess writes nothing");
    }
}
