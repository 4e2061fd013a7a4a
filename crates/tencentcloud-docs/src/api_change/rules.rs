//! The Rust shape `tencentcloud-codegen` gives a member, and from it whether a change breaks callers. These rules
//! mirror `tencentcloud-codegen-impl` (`Context::members`, `rust_type`); which members are boxed is the one
//! answer both call, `tencentcloud_spec::cycles::boxed_members`. The README's "API changes" section states them.

use tencentcloud_spec::{MemberSpec, Scalar, TypeRef, Usage};

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
}
