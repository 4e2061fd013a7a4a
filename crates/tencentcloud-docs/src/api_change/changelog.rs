//! A client crate's `CHANGELOG.md`: the API changes since its last release under one `Unreleased` heading that
//! records the version already taken, so several regens before a release bump once, to the most severe change.

use std::collections::BTreeMap;

use super::version::{Version, bump};
use super::{Change, Severity};

const UNRELEASED: &str = "## Unreleased";

fn preamble(crate_name: &str) -> String {
    format!(
        "# Changelog of {crate_name}\n\n\
         API changes that `cargo xtask regen` found in the reference pages, newest first. Each line says whether it\n\
         breaks code built against the last release (`breaking`) or not (`additive`), judged by what it does to the\n\
         generated code. The version follows the most severe line since the last release: breaking is a minor bump\n\
         while 0.x and a major one from 1.0, additive a patch bump. To release, rename the `Unreleased` heading to\n\
         the version it names.\n"
    )
}

/// What regen writes after a change: the new CHANGELOG text and the crate version it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogUpdate {
    /// The whole new CHANGELOG.md, the new entry first.
    pub text: String,
    /// The crate's version from now on: never lower than the current one.
    pub version: Version,
    /// The last release the `Unreleased` section counts from.
    pub base: Version,
    /// The most severe change since `base`, this run's included.
    pub severity: Severity,
}

/// The unreleased section of an existing changelog, split up.
#[derive(Default)]
struct Unreleased {
    base: Option<Version>,
    notes: Vec<String>,
    sections: BTreeMap<String, Vec<String>>,
}

/// Splits a changelog into what comes before `## Unreleased`, that section, and the released sections after it.
fn split(text: &str) -> (String, Option<Unreleased>, String) {
    let mut head = String::new();
    let mut rest = String::new();
    let mut unreleased: Option<Unreleased> = None;
    let mut state = 0; // 0: head, 1: unreleased, 2: released
    let mut key: Option<String> = None;
    for line in text.lines() {
        if state < 2 && line.starts_with("## ") {
            state = if line.starts_with(UNRELEASED) && state == 0 { 1 } else { 2 };
            if state == 1 {
                let base = line.split(" since ").nth(1).and_then(|t| t.trim_end_matches(')').trim().parse().ok());
                unreleased = Some(Unreleased { base, ..Unreleased::default() });
                continue;
            }
        }
        match (state, unreleased.as_mut()) {
            (0, _) => {
                head.push_str(line);
                head.push('\n');
            }
            (1, Some(u)) => {
                if let Some(k) = line.strip_prefix("### ") {
                    key = Some(k.trim().to_owned());
                    u.sections.entry(k.trim().to_owned()).or_default();
                } else if !line.trim().is_empty() {
                    match &key {
                        Some(k) => u.sections.entry(k.clone()).or_default().push(line.to_owned()),
                        None => u.notes.push(line.to_owned()),
                    }
                }
            }
            _ => {
                rest.push_str(line);
                rest.push('\n');
            }
        }
    }
    (head, unreleased, rest)
}

fn line_severity(line: &str) -> Option<Severity> {
    [Severity::Breaking, Severity::Additive].into_iter().find(|s| line.starts_with(&format!("- {s}:")))
}

/// Adds `changes` (per service version, `"ccc 2020-02-10"`) to `existing` (the current CHANGELOG.md, if any) for a
/// crate now at `current`. `None` when there is nothing to add: no change, no new text, no bump. Lines already
/// under `Unreleased` are not repeated; the result is the same whatever order equal runs come in.
pub fn update_changelog(
    existing: Option<&str>,
    crate_name: &str,
    current: Version,
    changes: &[(String, Vec<Change>)],
) -> Option<ChangelogUpdate> {
    if changes.iter().all(|(_, c)| c.is_empty()) {
        return None;
    }
    let (head, unreleased, rest) = match existing {
        Some(text) => split(text),
        None => (preamble(crate_name), None, String::new()),
    };
    let mut u = unreleased.unwrap_or_default();
    let base = u.base.unwrap_or(current);
    for (key, list) in changes.iter().filter(|(_, c)| !c.is_empty()) {
        let lines = u.sections.entry(key.clone()).or_default();
        for change in list {
            let line = format!("- {change}");
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    let severity = u.sections.values().flatten().filter_map(|l| line_severity(l)).max()?;
    let version = bump(base, severity).max(current);

    let mut text = head.trim_end().to_owned();
    text.push_str(&format!("\n\n{UNRELEASED}: {version} ({severity} since {base})\n"));
    if !u.notes.is_empty() {
        text.push('\n');
        for note in &u.notes {
            text.push_str(note);
            text.push('\n');
        }
    }
    for (key, lines) in &u.sections {
        text.push_str(&format!("\n### {key}\n\n"));
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
    }
    if !rest.trim().is_empty() {
        text.push('\n');
        text.push_str(rest.trim_end());
        text.push('\n');
    }
    Some(ChangelogUpdate { text, version, base, severity })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_change::Kind;

    fn change(severity: Severity, text: &str) -> Change {
        Change { severity, kind: Kind::MemberAdded, text: text.to_owned() }
    }

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn no_change_writes_nothing() {
        assert_eq!(update_changelog(None, "tencentcloud-x", v("0.1.0"), &[]), None);
        assert_eq!(update_changelog(Some("# x\n"), "tencentcloud-x", v("0.1.0"), &[("x 1".into(), vec![])]), None);
    }

    #[test]
    fn several_regens_before_a_release_bump_once_to_the_most_severe() {
        let key = "x 2020-01-01".to_owned();
        let first = update_changelog(
            None,
            "tencentcloud-x",
            v("0.1.0"),
            &[(key.clone(), vec![change(Severity::Additive, "A member N added")])],
        )
        .unwrap();
        assert_eq!((first.version, first.base, first.severity), (v("0.1.1"), v("0.1.0"), Severity::Additive));
        assert!(first.text.starts_with("# Changelog of tencentcloud-x\n"), "{}", first.text);
        assert!(first.text.ends_with(
            "## Unreleased: 0.1.1 (additive since 0.1.0)\n\n### x 2020-01-01\n\n- additive: A member N added\n"
        ));

        // Another additive run: still 0.1.1, not 0.1.2.
        let second = update_changelog(
            Some(&first.text),
            "tencentcloud-x",
            first.version,
            &[(key.clone(), vec![change(Severity::Additive, "B member M added")])],
        )
        .unwrap();
        assert_eq!(second.version, v("0.1.1"));

        // A breaking run raises it to the minor bump from the release, once.
        let third = update_changelog(
            Some(&second.text),
            "tencentcloud-x",
            second.version,
            &[(key.clone(), vec![change(Severity::Breaking, "action C removed")])],
        )
        .unwrap();
        assert_eq!((third.version, third.severity), (v("0.2.0"), Severity::Breaking));
        let fourth = update_changelog(
            Some(&third.text),
            "tencentcloud-x",
            third.version,
            &[(key.clone(), vec![change(Severity::Breaking, "action D removed")])],
        )
        .unwrap();
        assert_eq!(fourth.version, v("0.2.0"));
        assert!(
            fourth.text.ends_with(
                "## Unreleased: 0.2.0 (breaking since 0.1.0)\n\n### x 2020-01-01\n\n- additive: A member N added\n\
                 - additive: B member M added\n- breaking: action C removed\n- breaking: action D removed\n"
            ),
            "{}",
            fourth.text
        );

        // Released: the heading is renamed; the next change counts from 0.2.0.
        let released = fourth.text.replace("## Unreleased: 0.2.0 (breaking since 0.1.0)", "## 0.2.0");
        let fifth = update_changelog(
            Some(&released),
            "tencentcloud-x",
            v("0.2.0"),
            &[(key, vec![change(Severity::Additive, "E member added")])],
        )
        .unwrap();
        assert_eq!((fifth.version, fifth.base), (v("0.2.1"), v("0.2.0")));
        let unreleased_at = fifth.text.find("## Unreleased: 0.2.1 (additive since 0.2.0)").unwrap();
        assert!(unreleased_at < fifth.text.find("## 0.2.0\n").unwrap(), "newest first:\n{}", fifth.text);
        assert!(fifth.text.contains("- breaking: action D removed\n"), "history kept");
    }

    #[test]
    fn repeated_lines_are_not_added_twice_and_sections_are_sorted() {
        let line = change(Severity::Additive, "A member N added");
        let once = update_changelog(
            None,
            "c",
            v("1.0.0"),
            &[("x 2021".into(), vec![line.clone()]), ("x 2020".into(), vec![line.clone()])],
        )
        .unwrap();
        let twice = update_changelog(Some(&once.text), "c", once.version, &[("x 2021".into(), vec![line])]).unwrap();
        assert_eq!(twice.text, once.text);
        assert_eq!(once.version, v("1.0.1"));
        assert!(once.text.find("### x 2020").unwrap() < once.text.find("### x 2021").unwrap());
    }

    #[test]
    fn a_version_raised_by_hand_is_never_lowered() {
        let up = update_changelog(
            None,
            "c",
            v("1.0.0"),
            &[("x 1".into(), vec![change(Severity::Breaking, "action A removed")])],
        )
        .unwrap();
        assert_eq!(up.version, v("2.0.0"));
        let by_hand = update_changelog(
            Some(&up.text),
            "c",
            v("3.0.0"),
            &[("x 1".into(), vec![change(Severity::Additive, "action B added")])],
        )
        .unwrap();
        assert_eq!((by_hand.version, by_hand.base), (v("3.0.0"), v("1.0.0")));
    }
}
