//! Walks two snapshots of one service version in a fixed order and says, line by line, what changed and whether
//! it breaks code built against the old specs.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use tencentcloud_spec::{ActionSpec, MemberSpec, TypeSpec, Usage};

use super::rules::{Role, field_type, rust_type};
use super::snapshot::{Broken, Snapshot};
use super::{Change, Kind, Severity};
use tencentcloud_spec::cycles::boxed_members;

struct Report(Vec<Change>);

impl Report {
    fn push(&mut self, severity: Severity, kind: Kind, text: String) {
        self.0.push(Change { severity, kind, text });
    }
}

fn version_label(s: &Snapshot) -> String {
    match &s.service {
        Some(spec) => format!("{} {}", spec.service, spec.version),
        None => "(service.json does not parse)".to_owned(),
    }
}

pub(super) fn compare(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut r = Report(Vec::new());
    let counts = |s: &Snapshot| format!("{} actions, {} data types", s.actions.len(), s.types.len());
    match (old.exists(), new.exists()) {
        (false, false) => return r.0,
        (false, true) => {
            let text = format!("service version {} appeared ({})", version_label(new), counts(new));
            r.push(Severity::Additive, Kind::VersionAppeared, text);
            return r.0;
        }
        (true, false) => {
            let text = format!("service version {} disappeared ({})", version_label(old), counts(old));
            r.push(Severity::Breaking, Kind::VersionDisappeared, text);
            return r.0;
        }
        (true, true) => {}
    }
    match (&old.service, &new.service, &old.broken_service, &new.broken_service) {
        (_, _, Some(a), Some(b)) if a.bytes == b.bytes => {}
        (_, _, Some(b), _) | (_, _, _, Some(b)) => {
            let text = format!(
                "service version {}: {} does not parse ({}), so the version is compared as disappeared and \
                 re-appeared",
                version_label(new),
                b.file.display(),
                b.error
            );
            r.push(Severity::Breaking, Kind::VersionDisappeared, text);
        }
        (Some(a), Some(b), None, None) if a.domain != b.domain => {
            let text = format!("service domain {} -> {}: calls go to another endpoint", a.domain, b.domain);
            r.push(Severity::Breaking, Kind::DomainChanged, text);
        }
        _ => {}
    }

    walk(&mut r, "action", (Kind::ActionAdded, Kind::ActionRemoved), (&old.actions, &new.actions), action);

    let ok_types =
        |s: &Snapshot| -> Vec<TypeSpec> { s.types.values().filter_map(|t| t.as_ref().ok()).cloned().collect() };
    let (old_types, new_types) = (ok_types(old), ok_types(new));
    let old_boxed = boxed_members(old_types.iter());
    let new_boxed = boxed_members(new_types.iter());
    walk(&mut r, "data type", (Kind::TypeAdded, Kind::TypeRemoved), (&old.types, &new.types), |r, a, b| {
        data_type(r, a, b, (&old_boxed, &new_boxed))
    });
    r.0
}

/// Actions or types by file stem, as a snapshot holds them.
type Specs<T> = BTreeMap<String, Result<T, Broken>>;

/// Whether codegen boxes a member, by member name.
type IsBoxed<'a> = &'a dyn Fn(&str) -> bool;

/// Walks actions or types by name: reports what was added, removed or no longer parses, and hands the ones
/// present and parsed on both sides to `both`.
fn walk<T>(
    r: &mut Report,
    what: &str,
    (added, removed): (Kind, Kind),
    (old, new): (&Specs<T>, &Specs<T>),
    mut both: impl FnMut(&mut Report, &T, &T),
) {
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (a, b) = (old.get(name), new.get(name));
        if let (Some(Err(x)), Some(Err(y))) = (a, b)
            && x.bytes == y.bytes
        {
            continue;
        }
        fn ok<T>(e: Option<&Result<T, Broken>>) -> Option<&T> {
            e.and_then(|e| e.as_ref().ok())
        }
        if let Some(Err(broken)) = a {
            let tail = if ok(b).is_some() { ", so it is compared as removed and re-added" } else { "" };
            let text = format!(
                "{what} {name} removed: the committed {} does not parse ({}){tail}",
                broken.file.display(),
                broken.error
            );
            r.push(Severity::Breaking, removed, text);
        }
        if let Some(Err(broken)) = b {
            let text =
                format!("{what} {name} removed: the new {} does not parse ({})", broken.file.display(), broken.error);
            r.push(Severity::Breaking, removed, text);
        }
        match (ok(a), ok(b)) {
            (Some(x), Some(y)) => both(r, x, y),
            (None, Some(_)) => r.push(Severity::Additive, added, format!("{what} {name} added")),
            (Some(_), None) if !matches!(b, Some(Err(_))) => {
                r.push(Severity::Breaking, removed, format!("{what} {name} removed"))
            }
            _ => {}
        }
    }
}

fn action(r: &mut Report, a: &ActionSpec, b: &ActionSpec) {
    let name = &b.name;
    if a.region_required != b.region_required {
        if b.region_required {
            let text = format!("{name} Region: not required -> required: calls without a region now fail");
            r.push(Severity::Breaking, Kind::RegionRuleChanged, text);
        } else {
            r.push(Severity::Additive, Kind::RegionRuleChanged, format!("{name} Region: required -> not required"));
        }
    }
    if a.rate_limit_per_second != b.rate_limit_per_second {
        let rate = |n: Option<u32>| n.map_or("undocumented".to_owned(), |n| format!("{n}/s"));
        let text = format!("{name} rate limit {} -> {}", rate(a.rate_limit_per_second), rate(b.rate_limit_per_second));
        r.push(Severity::Additive, Kind::RateLimitChanged, text);
    }
    let none = |_: &str| false;
    members(r, &format!("{name} request"), Role::Request, (&a.request, &b.request), (&none, &none));
    members(r, &format!("{name} response"), Role::Response, (&a.response, &b.response), (&none, &none));
    let codes = |s: &ActionSpec| -> BTreeSet<String> { s.errors.iter().map(|e| e.code.clone()).collect() };
    let (old_codes, new_codes) = (codes(a), codes(b));
    for code in new_codes.difference(&old_codes) {
        r.push(Severity::Additive, Kind::ErrorCodeAdded, format!("{name} error code {code} added"));
    }
    for code in old_codes.difference(&new_codes) {
        let text = format!("{name} error code {code} removed: its {name}ErrorCode variant goes");
        r.push(Severity::Breaking, Kind::ErrorCodeRemoved, text);
    }
}

type Boxed<'a> = HashSet<(&'a str, &'a str)>;

fn data_type(r: &mut Report, a: &TypeSpec, b: &TypeSpec, (old_boxed, new_boxed): (&Boxed, &Boxed)) {
    let name = b.name.as_str();
    let is_new_boxed = |m: &str| new_boxed.contains(&(name, m));
    if a.usage != b.usage {
        // Only the usage moves here: the members as they are now, under the old and the new rules.
        let moved: Vec<String> = b
            .members
            .iter()
            .filter_map(|m| {
                let before = field_type(Role::Data(a.usage), m, is_new_boxed(&m.name));
                let after = field_type(Role::Data(b.usage), m, is_new_boxed(&m.name));
                (before != after).then(|| format!("{} {before} -> {after}", m.name))
            })
            .collect();
        let label = |u: Usage| match u {
            Usage::Input => "input",
            Usage::Output => "output",
            Usage::Both => "input and output",
        };
        let (severity, effect) = if moved.is_empty() {
            (Severity::Additive, "no field changes".to_owned())
        } else {
            (Severity::Breaking, format!("fields {}", moved.join(", ")))
        };
        let text = format!("data type {name} usage {} -> {}: {effect}", label(a.usage), label(b.usage));
        r.push(severity, Kind::UsageChanged, text);
    }
    let is_old_boxed = |m: &str| old_boxed.contains(&(a.name.as_str(), m));
    let owner = format!("data type {name}");
    members(r, &owner, Role::Data(b.usage), (&a.members, &b.members), (&is_old_boxed, &is_new_boxed));
}

/// Members added, removed and changed, in the new order, then the removed ones in the old order. Each change is
/// judged with everything else as it is now, so one edit gives one line.
fn members(
    r: &mut Report,
    owner: &str,
    role: Role,
    (old, new): (&[MemberSpec], &[MemberSpec]),
    (old_boxed, new_boxed): (IsBoxed, IsBoxed),
) {
    let refused =
        if role == Role::Request { "build() fails without it" } else { "the service refuses values without it" };
    for m in new {
        let n = &m.name;
        let Some(o) = old.iter().find(|o| o.name == m.name) else {
            let (severity, text) = match (role.is_input(), m.required) {
                (true, true) => (Severity::Breaking, format!("{owner} member {n} added, required: {refused}")),
                (true, false) => (Severity::Additive, format!("{owner} member {n} added, optional")),
                (false, _) => (Severity::Additive, format!("{owner} member {n} added")),
            };
            r.push(severity, Kind::MemberAdded, text);
            continue;
        };
        let boxed = new_boxed(n);
        let field = |spec: &MemberSpec| field_type(role, spec, boxed);
        let effect = |before: &str, after: &str| {
            if before == after { format!("field stays {after}") } else { format!("field {before} -> {after}") }
        };
        let mut reported = false;
        if o.type_ref != m.type_ref {
            let before = field(&MemberSpec { type_ref: o.type_ref.clone(), ..m.clone() });
            let after = field(m);
            let severity = if before == after { Severity::Additive } else { Severity::Breaking };
            let text = format!("{owner} member {n} type {} -> {}: {}", o.type_ref, m.type_ref, effect(&before, &after));
            r.push(severity, Kind::TypeChanged, text);
            reported = true;
        }
        if o.required != m.required {
            let before = field(&MemberSpec { required: o.required, ..m.clone() });
            let after = field(m);
            let runtime = role.is_input() && m.required;
            let severity = if before != after || runtime { Severity::Breaking } else { Severity::Additive };
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            let mut text = format!(
                "{owner} member {n} required: {} -> {}: {}",
                yes_no(o.required),
                yes_no(m.required),
                effect(&before, &after)
            );
            if runtime {
                text.push_str(", ");
                text.push_str(refused);
            }
            r.push(severity, Kind::RequiredChanged, text);
            reported = true;
        }
        if o.nullable != m.nullable {
            let before = field(&MemberSpec { nullable: o.nullable, ..m.clone() });
            let after = field(m);
            let severity = if before == after { Severity::Additive } else { Severity::Breaking };
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            let text = format!(
                "{owner} member {n} nullable: {} -> {}: {}",
                yes_no(o.nullable),
                yes_no(m.nullable),
                effect(&before, &after)
            );
            r.push(severity, Kind::NullableChanged, text);
            reported = true;
        }
        // The member is as it was, but another type's edit made it close (or stop closing) a cycle: boxed or not.
        let (before, after) = (field_type(role, o, old_boxed(n)), field(m));
        if !reported && before != after {
            let text = format!("{owner} member {n} type {}: field {before} -> {after}", rust_type(&m.type_ref));
            r.push(Severity::Breaking, Kind::TypeChanged, text);
        }
    }
    for o in old {
        if !new.iter().any(|m| m.name == o.name) {
            r.push(Severity::Breaking, Kind::MemberRemoved, format!("{owner} member {} removed", o.name));
        }
    }
}
