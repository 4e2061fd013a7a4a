//! Which members close a cycle of data types without an array in between, and so must be boxed: the one answer
//! the generator boxes by and the API change report predicts field types by.

use std::collections::{BTreeMap, HashSet};

use crate::{TypeRef, TypeSpec};

/// `(type, member)` pairs whose member must be boxed: a data type that contains itself through members that are
/// not arrays (an array is already a pointer) would have infinite size.
pub fn boxed_members<'a>(types: impl IntoIterator<Item = &'a TypeSpec>) -> HashSet<(&'a str, &'a str)> {
    let edges: BTreeMap<&str, Vec<(&str, &str)>> = types
        .into_iter()
        .map(|t| {
            let direct = t
                .members
                .iter()
                .filter_map(|m| match &m.type_ref {
                    TypeRef::Named(n) => Some((m.name.as_str(), n.as_str())),
                    _ => None,
                })
                .collect();
            (t.name.as_str(), direct)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
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
    let mut boxed = HashSet::new();
    for (owner, direct) in &edges {
        for (member, target) in direct {
            if reaches(target, owner) {
                boxed.insert((*owner, *member));
            }
        }
    }
    boxed
}

#[cfg(test)]
mod tests {
    use crate::{MemberSpec, Usage};

    use super::*;

    fn data_type(name: &str, members: &[(&str, &str)]) -> TypeSpec {
        let members = members
            .iter()
            .map(|(m, t)| MemberSpec {
                name: (*m).into(),
                type_ref: t.parse().unwrap(),
                required: false,
                nullable: false,
                description: String::new(),
                example: None,
            })
            .collect();
        TypeSpec {
            comment: None,
            name: name.into(),
            service: "demo".into(),
            version: "1".into(),
            description: String::new(),
            used_by: Vec::new(),
            usage: Usage::Output,
            source: None,
            members,
        }
    }

    #[test]
    fn only_members_closing_a_cycle_without_an_array_are_boxed() {
        let types = [
            data_type("Node", &[("Parent", "Node"), ("Children", "Array of Node"), ("Leaf", "Leaf")]),
            data_type("Leaf", &[("Size", "Integer")]),
            data_type("A", &[("B", "B")]),
            data_type("B", &[("A", "A"), ("Leaf", "Leaf")]),
            data_type("List", &[("Items", "Array of List")]),
        ];
        let boxed = boxed_members(&types);
        let mut boxed: Vec<(&str, &str)> = boxed.into_iter().collect();
        boxed.sort();
        assert_eq!(boxed, [("A", "B"), ("B", "A"), ("Node", "Parent")]);
    }
}
