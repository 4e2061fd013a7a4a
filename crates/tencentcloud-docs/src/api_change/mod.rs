//! The API change between two spec sets of one service version, each line classified for Rust semver by what
//! it does to the code `tencentcloud-codegen` generates; the crate's CHANGELOG and version follow from it.
//!
//! ```
//! use std::collections::BTreeMap;
//! use tencentcloud_docs::api_change::{Severity, compare};
//!
//! let before = BTreeMap::new(); // no specs yet
//! let after = tencentcloud_docs::regen_service("../../specs/ccc/2020-02-10/docs")?.files();
//! let changes = compare(&before, &after);
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].severity, Severity::Additive);
//! assert_eq!(changes[0].to_string(), "additive: service version ccc 2020-02-10 appeared (73 actions, 66 data types)");
//! # Ok::<(), tencentcloud_docs::RegenErrors>(())
//! ```

mod changelog;
mod diff;
mod rules;
mod snapshot;
mod version;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use changelog::{ChangelogUpdate, update_changelog};
pub use snapshot::{after_plan, read_spec_files};
pub use version::{PackageVersion, Version, bump, package_version, set_dependency_pin, set_package_version};

/// Spec files of one service version by path relative to its folder (`service.json`, `actions/X.json`,
/// `types/Y.json`), as [`crate::Regenerated::files`] renders them and [`read_spec_files`] reads them.
pub type SpecFiles = BTreeMap<PathBuf, Vec<u8>>;

/// What a change does to code built against the previous release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Code that compiled and ran keeps doing so: a patch release.
    Additive,
    /// Some code stops compiling or a call that worked is now refused: minor while 0.x, major from 1.0.
    Breaking,
}

impl Severity {
    /// The word the report and the changelog print: `additive` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Additive => "additive",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of change the report knows, one per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A service gained an API version.
    VersionAppeared,
    /// A service lost an API version, and with it a module of its crate.
    VersionDisappeared,
    /// The crate root re-exports the newest API version of its service; a newer version moves it.
    RootVersionChanged,
    /// An action is called at a different domain.
    DomainChanged,
    /// A new action, so a new client method.
    ActionAdded,
    /// An action is gone, so its client method is too.
    ActionRemoved,
    /// A new data type.
    TypeAdded,
    /// A data type is gone.
    TypeRemoved,
    /// A data type is now sent, received or both where it was not before.
    UsageChanged,
    /// A request, response or data-type member was added.
    MemberAdded,
    /// A member was removed.
    MemberRemoved,
    /// A member's type changed.
    TypeChanged,
    /// A request member became required or optional.
    RequiredChanged,
    /// A response member may now be null, or no longer may.
    NullableChanged,
    /// An action documents a new error code (a new variant of its error-code enum).
    ErrorCodeAdded,
    /// An action no longer documents an error code.
    ErrorCodeRemoved,
    /// An action's documented rate limit changed, and with it the client's pacing.
    RateLimitChanged,
    /// An action now needs a Region, or no longer does.
    RegionRuleChanged,
}

/// One line of the report: `breaking: GetWidget request member Force added, required: build() fails without it`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Whether code written against the old API keeps working.
    pub severity: Severity,
    /// What sort of change it is, for sorting and counting.
    pub kind: Kind,
    /// The line without the severity: what changed and, where it decides the severity, what it does to the code.
    pub text: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.text)
    }
}

/// The most severe of `changes`, `None` when there are none.
pub fn severity(changes: &[Change]) -> Option<Severity> {
    changes.iter().map(|c| c.severity).max()
}

/// The field type the report assumes codegen gives every member of `service`: per generated struct
/// (`XRequest`, `XResponse`, a data type's name), its members in order with their Rust type written plainly
/// (`Option<Vec<Filter>>`, `Option<Box<Node>>`). A test holds it against the real expansion.
pub fn field_types(service: &tencentcloud_spec::Service) -> BTreeMap<String, Vec<(String, String)>> {
    use rules::{Role, field_type};
    use tencentcloud_spec::cycles::boxed_members;
    let boxed = boxed_members(&service.types);
    let mut out = BTreeMap::new();
    let fields = |role: Role, owner: &str, members: &[tencentcloud_spec::MemberSpec]| -> Vec<(String, String)> {
        let is_boxed = |m: &str| boxed.contains(&(owner, m));
        members.iter().map(|m| (m.name.clone(), field_type(role, m, is_boxed(&m.name)))).collect()
    };
    for a in &service.actions {
        out.insert(format!("{}Request", a.name), fields(Role::Request, "", &a.request));
        out.insert(format!("{}Response", a.name), fields(Role::Response, "", &a.response));
    }
    for t in &service.types {
        out.insert(t.name.clone(), fields(Role::Data(t.usage), &t.name, &t.members));
    }
    out
}

/// Compares the spec files of one service version before and after a regen; an empty side is a service version
/// that does not exist there. The order is deterministic: the version, then actions by name, then data types by
/// name, each with its members in the new page order followed by the removed ones.
///
/// A file that does not parse is reported by name and compared as removed: if the other side has it, it is
/// re-added, so nothing is skipped silently.
pub fn compare(before: &SpecFiles, after: &SpecFiles) -> Vec<Change> {
    diff::compare(&snapshot::Snapshot::parse(before), &snapshot::Snapshot::parse(after))
}
