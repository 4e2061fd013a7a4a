//! Crate versions: the semver bump a change calls for, and the two lines of TOML that carry a client crate's
//! version (its manifest's `version = "x.y.z"` and the root manifest's `[workspace.dependencies]` pin).
//!
//! The edits are line-based on purpose: they touch exactly one line each, keep every comment and the layout, and
//! refuse (returning `None`) anything they do not recognise rather than guess.

use std::fmt;
use std::str::FromStr;

use super::Severity;

/// A release version `major.minor.patch` (pre-release and build suffixes are not used by these crates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Bumped for breaking changes from 1.0 on.
    pub major: u64,
    /// Bumped for breaking changes while the major version is 0.
    pub minor: u64,
    /// Bumped for additive changes.
    pub patch: u64,
}

impl FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Version, String> {
        let parts: Vec<&str> = s.split('.').collect();
        let number = |p: &str| -> Result<u64, String> {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || (p.len() > 1 && p.starts_with('0')) {
                return Err(format!("version {s:?}: expected major.minor.patch in plain digits"));
            }
            p.parse().map_err(|_| format!("version {s:?}: a number is too large"))
        };
        match parts[..] {
            [a, b, c] => Ok(Version { major: number(a)?, minor: number(b)?, patch: number(c)? }),
            _ => Err(format!("version {s:?}: expected major.minor.patch")),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The release after `base` for a change of `severity`: breaking is a minor bump while 0.x and a major one from
/// 1.0 (Cargo treats `0.x` minors as incompatible), additive a patch bump.
pub fn bump(base: Version, severity: Severity) -> Version {
    let Version { major, minor, patch } = base;
    match severity {
        Severity::Breaking if major == 0 => Version { major, minor: minor + 1, patch: 0 },
        Severity::Breaking => Version { major: major + 1, minor: 0, patch: 0 },
        Severity::Additive => Version { major, minor, patch: patch + 1 },
    }
}

/// The table a line opens (`[package]` gives `package`), if it opens one.
fn table_header(line: &str) -> Option<&str> {
    let t = line.trim();
    if t.starts_with("[[") {
        return Some(t);
    }
    t.strip_prefix('[').and_then(|t| t.split_once(']')).map(|(name, _)| name.trim())
}

/// The value of `key = "..."` on a line, with the byte range of the quoted text.
fn quoted_value<'a>(line: &'a str, key: &str) -> Option<(&'a str, std::ops::Range<usize>)> {
    let rest = line.trim_start();
    let indent = line.len() - rest.len();
    let after_key = rest.strip_prefix(key)?.trim_start();
    let after_eq = after_key.strip_prefix('=')?.trim_start();
    let value = after_eq.strip_prefix('"')?;
    let end = value.find('"')?;
    let start = indent + (rest.len() - value.len());
    Some((&value[..end], start..start + end))
}

/// Where a manifest's `[package]` version comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageVersion {
    /// `version = "0.1.0"`.
    Own(Version),
    /// `version.workspace = true`: the root's `[workspace.package]` version.
    Workspace,
}

/// The `[package]` version of a crate manifest; `None` when there is none or it is not a plain release version.
pub fn package_version(manifest: &str) -> Option<PackageVersion> {
    find_package_version(manifest).map(|(_, v)| v)
}

fn find_package_version(manifest: &str) -> Option<(usize, PackageVersion)> {
    let mut table = None;
    for (i, line) in manifest.lines().enumerate() {
        if let Some(name) = table_header(line) {
            table = Some(name);
            continue;
        }
        if table == Some("package") {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.starts_with("version.workspace=true") {
                return Some((i, PackageVersion::Workspace));
            }
            if let Some((v, _)) = quoted_value(line, "version") {
                return v.parse().ok().map(|v| (i, PackageVersion::Own(v)));
            }
        }
        if table == Some("workspace.package")
            && let Some((v, _)) = quoted_value(line, "version")
        {
            return v.parse().ok().map(|v| (i, PackageVersion::Own(v)));
        }
    }
    None
}

/// `manifest` with its `[package]` version set to `version` (a `version.workspace = true` line becomes the crate's
/// own `version = "..."`, since one client crate's API no longer moves with the others'). `None` when the manifest
/// has no version line this understands.
pub fn set_package_version(manifest: &str, version: Version) -> Option<String> {
    let (index, _) = find_package_version(manifest)?;
    Some(replace_line(manifest, index, |line| match quoted_value(line, "version") {
        Some((_, range)) => format!("{}{version}{}", &line[..range.start], &line[range.end..]),
        None => format!("version = \"{version}\""),
    }))
}

/// The root manifest with the `version` of `crate_name`'s `[workspace.dependencies]` entry set to `version`;
/// `None` when there is no such entry or it pins no version (then nothing needs to follow).
pub fn set_dependency_pin(root_manifest: &str, crate_name: &str, version: Version) -> Option<String> {
    let mut table = None;
    for (i, line) in root_manifest.lines().enumerate() {
        if let Some(name) = table_header(line) {
            table = Some(name);
            continue;
        }
        if table != Some("workspace.dependencies") {
            continue;
        }
        let Some(rest) = line.trim_start().strip_prefix(crate_name) else { continue };
        let Some(inline) = rest.trim_start().strip_prefix('=').map(str::trim_start) else { continue };
        let inline_start = line.len() - inline.len();
        let pos = find_key(inline, "version")?;
        let (_, range) = quoted_value(&inline[pos..], "version")?;
        let (start, end) = (inline_start + pos + range.start, inline_start + pos + range.end);
        return Some(replace_line(root_manifest, i, |line| format!("{}{version}{}", &line[..start], &line[end..])));
    }
    None
}

/// The byte offset of `key` as a key (after `{` or `,`) in an inline table.
fn find_key(inline: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = inline[from..].find(key) {
        let at = from + found;
        let before = inline[..at].trim_end();
        let after = inline[at + key.len()..].trim_start();
        if (before.ends_with('{') || before.ends_with(',')) && after.starts_with('=') {
            return Some(at);
        }
        from = at + key.len();
    }
    None
}

fn replace_line(text: &str, index: usize, edit: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == index {
            let body = line.trim_end_matches(['\n', '\r']);
            out.push_str(&edit(body));
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(bump(v("0.1.0"), Severity::Breaking), v("0.2.0"));
        assert_eq!(bump(v("0.1.7"), Severity::Breaking), v("0.2.0"));
        assert_eq!(bump(v("0.1.7"), Severity::Additive), v("0.1.8"));
        assert_eq!(bump(v("1.4.2"), Severity::Breaking), v("2.0.0"));
        assert_eq!(bump(v("1.4.2"), Severity::Additive), v("1.4.3"));
    }

    #[test]
    fn versions_parse_strictly() {
        assert_eq!(v("10.20.30"), Version { major: 10, minor: 20, patch: 30 });
        for bad in ["", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-rc.1", " 1.2.3", "99999999999999999999.0.0"] {
            assert!(bad.parse::<Version>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn package_version_is_set_on_its_line_only() {
        let manifest = "[package]\nname = \"tencentcloud-ccc\"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\nx = { version = \"1\" }\n";
        assert_eq!(package_version(manifest), Some(PackageVersion::Workspace));
        let own = set_package_version(manifest, v("0.2.0")).unwrap();
        assert_eq!(own, manifest.replace("version.workspace = true", "version = \"0.2.0\""));
        assert_eq!(package_version(&own), Some(PackageVersion::Own(v("0.2.0"))));
        let again = set_package_version(&own, v("0.2.1")).unwrap();
        assert_eq!(again, manifest.replace("version.workspace = true", "version = \"0.2.1\""));
        // A dependency's version, or a version in another table, is never taken for the package's.
        assert_eq!(package_version("[dependencies]\nversion = \"1.0.0\"\n"), None);
        assert_eq!(set_package_version("[package]\nname = \"x\"\n", v("1.0.0")), None);
        assert_eq!(package_version("[package]\nversion = \"1.0.0-beta\"\n"), None);
        let root = "[workspace.package]\nversion = \"0.3.1\" # shared\n";
        assert_eq!(package_version(root), Some(PackageVersion::Own(v("0.3.1"))));
    }

    #[test]
    fn dependency_pin_follows_and_keeps_the_rest_of_the_line() {
        let root = "[workspace.package]\nversion = \"0.1.0\"\n\n[workspace.dependencies]\n\
                    tencentcloud-cc = { path = \"crates/tencentcloud-cc\", version = \"0.1.0\" }\n\
                    tencentcloud-ccc = { path = \"crates/tencentcloud-ccc\", version = \"0.1.0\" } # pinned\n\
                    tencentcloud-cvm = { path = \"crates/tencentcloud-cvm\" }\n";
        let out = set_dependency_pin(root, "tencentcloud-ccc", v("0.2.0")).unwrap();
        assert_eq!(
            out,
            root.replace(
                "tencentcloud-ccc\", version = \"0.1.0\" } # pinned",
                "tencentcloud-ccc\", version = \"0.2.0\" } # pinned"
            )
        );
        assert_eq!(set_dependency_pin(root, "tencentcloud-cvm", v("0.2.0")), None, "no pin, nothing to follow");
        assert_eq!(set_dependency_pin(root, "tencentcloud-cbs", v("0.2.0")), None);
        assert_eq!(
            set_dependency_pin(
                "[dependencies]\ntencentcloud-ccc = { version = \"0.1.0\" }\n",
                "tencentcloud-ccc",
                v("0.2.0")
            ),
            None
        );
    }
}
