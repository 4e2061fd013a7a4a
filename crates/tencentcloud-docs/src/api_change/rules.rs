//! The Rust shape `tencentcloud-codegen` gives a member, and from it whether a change breaks callers. These rules
//! mirror `crates/tencentcloud-codegen/src/expand/mod.rs` (`Context::members`, `rust_type`, `direct_cycles`); the
//! README's "API changes" section states them.

use std::collections::{BTreeMap, HashSet};

use tencentcloud_spec::{MemberSpec, Scalar, TypeRef, TypeSpec, Usage};

/// Which generated struct a member belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Request,
    Response,
    Data(Usage),
}

impl Role {
    /// Members users set: requests (builders check required ones) and data types sent in requests.
    pub fn is_input(self) -> bool {
        matches!(self, Role::Request | Role::Data(Usage::Input | Usage::Both))
    }
}

/// The Rust type codegen gives a spec type: `i64`, `Vec<Filter>`; every string-like scalar is `String`.
pub(super) fn rust_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Scalar(Scalar::Integer) => "i64".into(),
        TypeRef::Scalar(Scalar::Float) => "f64".into(),
        TypeRef::Scalar(Scalar::Boolean) => "bool".into(),
        TypeRef::Scalar(_) => "String".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) => format!("Vec<{}>", rust_type(inner)),
    }
}

/// The field's declared type: `Option<T>` for an optional request or input member, a nullable output member,
/// either in a type that travels both ways, and a member through which a type contains itself (`Box`ed).
pub(super) fn field_type(role: Role, m: &MemberSpec, boxed: bool) -> String {
    let optional = boxed
        || match role {
            Role::Request | Role::Data(Usage::Input) => !m.required,
            Role::Response | Role::Data(Usage::Output) => m.nullable,
            Role::Data(Usage::Both) => !m.required || m.nullable,
        };
    let mut ty = rust_type(&m.type_ref);
    if boxed {
        ty = format!("Box<{ty}>");
    }
    if optional { format!("Option<{ty}>") } else { ty }
}

/// `(type, member)` pairs codegen boxes: a plain (not array) data-type member through which the type reaches
/// itself again (an array is already a pointer).
pub(super) fn boxed_members<'a>(types: impl Iterator<Item = &'a TypeSpec>) -> HashSet<(&'a str, &'a str)> {
    let edges: BTreeMap<&str, Vec<(&str, &str)>> = types
        .map(|t| {
            let named = t.members.iter().filter_map(|m| match &m.type_ref {
                TypeRef::Named(n) => Some((m.name.as_str(), n.as_str())),
                _ => None,
            });
            (t.name.as_str(), named.collect())
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from];
        let mut seen = HashSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                stack.extend(edges.get(n).into_iter().flatten().map(|(_, target)| *target));
            }
        }
        false
    };
    edges
        .iter()
        .flat_map(|(owner, named)| named.iter().map(move |(member, target)| (*owner, *member, *target)))
        .filter(|(owner, _, target)| reaches(target, owner))
        .map(|(owner, member, _)| (owner, member))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, ty: &str, required: bool, nullable: bool) -> MemberSpec {
        MemberSpec {
            name: name.into(),
            type_ref: ty.parse().unwrap(),
            required,
            nullable,
            description: String::new(),
            example: None,
        }
    }

    fn ty(name: &str, members: Vec<MemberSpec>) -> TypeSpec {
        TypeSpec {
            comment: None,
            name: name.into(),
            service: "x".into(),
            version: "1".into(),
            description: String::new(),
            used_by: vec![],
            usage: Usage::Input,
            source: None,
            members,
        }
    }

    #[test]
    fn fields_follow_the_role() {
        let required = member("A", "Integer", true, false);
        let optional = member("A", "Array of Filter", false, false);
        let nullable = member("A", "Timestamp", false, true);
        assert_eq!(field_type(Role::Request, &required, false), "i64");
        assert_eq!(field_type(Role::Request, &optional, false), "Option<Vec<Filter>>");
        assert_eq!(field_type(Role::Request, &nullable, false), "Option<String>");
        assert_eq!(field_type(Role::Response, &required, false), "i64", "Required means nothing in a response");
        assert_eq!(field_type(Role::Response, &nullable, false), "Option<String>");
        assert_eq!(field_type(Role::Data(Usage::Output), &optional, false), "Vec<Filter>");
        assert_eq!(field_type(Role::Data(Usage::Input), &nullable, false), "Option<String>");
        assert_eq!(field_type(Role::Data(Usage::Both), &member("A", "Float", true, true), false), "Option<f64>");
        assert_eq!(field_type(Role::Data(Usage::Both), &required, false), "i64");
        assert_eq!(field_type(Role::Data(Usage::Input), &member("P", "Node", true, false), true), "Option<Box<Node>>");
    }

    #[test]
    fn a_member_through_which_a_type_reaches_itself_is_boxed() {
        let types = [
            ty("Node", vec![member("Parent", "Node", false, false), member("Kids", "Array of Node", false, false)]),
            ty("Left", vec![member("Right", "Right", false, false)]),
            ty("Right", vec![member("Left", "Left", false, false), member("Leaf", "Leaf", false, false)]),
            ty("Leaf", vec![member("V", "Integer", true, false)]),
        ];
        let mut boxed: Vec<_> = boxed_members(types.iter()).into_iter().collect();
        boxed.sort();
        assert_eq!(boxed, [("Left", "Right"), ("Node", "Parent"), ("Right", "Left")]);
    }
}
