//! Tests generated from each action's documented examples, so a new page is tested without anyone writing one.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use tencentcloud_spec::api_facts::{ScalarText, scalar_json_value};
use tencentcloud_spec::{MemberSpec, Scalar, Service, TypeRef};

use super::naming;

/// `#[cfg(test)] mod __examples` with one `#[test]` per example.
pub fn tests(service: &Service) -> TokenStream {
    let types: HashMap<&str, &[MemberSpec]> =
        service.types.iter().map(|t| (t.name.as_str(), t.members.as_slice())).collect();
    let types = &types;
    let tests = service.actions.iter().flat_map(|action| {
        let request_ty = format_ident!("{}Request", action.name);
        let method = naming::snake_case(&action.name);
        let module = naming::snake_ident(&action.name).unwrap_or_else(|| format_ident!("action"));
        action.examples.iter().enumerate().map(move |(i, example)| {
            let test = format_ident!("{method}_example_{}", i + 1);
            let name = &action.name;
            let title = &example.title;
            // Regen keeps an undocumented member in the example with a warning; the test checks what the tables
            // document, which is all a typed request can carry.
            let request = with_required(
                documented_part(&example.request, &action.request, types, ScalarText::Strict),
                &action.request,
            )
            .to_string();
            let response = match &example.response {
                Value::Object(whole) => match whole.get("Response") {
                    Some(inner) => serde_json::json!({
                        "Response": documented_part(inner, &action.response, types, ScalarText::Lenient)
                    }),
                    None => example.response.clone(),
                },
                other => other.clone(),
            }
            .to_string();
            quote! {
                #[test]
                fn #test() {
                    ::tencentcloud_core::codegen_support::check_example::<super::operation::#module::#request_ty>(#name, #title, #request, #response);
                }
            }
        })
    });
    quote! {
        #[cfg(test)]
        mod __examples {
            #(#tests)*
        }
    }
}

/// What an example can check of the typed structs: `value` without the members no table documents, without nulls
/// (a member not sent, or `null` in a response, which decodes as the default), and without values regen warned
/// do not fit their member's type (`example-type-mismatch`), at every depth the tables describe.
fn documented_part(
    value: &Value,
    members: &[MemberSpec],
    types: &HashMap<&str, &[MemberSpec]>,
    mode: ScalarText,
) -> Value {
    let Value::Object(map) = value else { return value.clone() };
    let kept = map.iter().filter_map(|(key, v)| {
        let member = members.iter().find(|m| m.name == *key)?;
        Some((key.clone(), documented_value(v, &member.type_ref, types, mode)?))
    });
    Value::Object(kept.collect())
}

fn documented_value(
    value: &Value,
    type_ref: &TypeRef,
    types: &HashMap<&str, &[MemberSpec]>,
    mode: ScalarText,
) -> Option<Value> {
    match (value, type_ref) {
        (Value::Null, _) => None,
        (Value::Array(items), TypeRef::Array(inner)) => {
            Some(Value::Array(items.iter().filter_map(|v| documented_value(v, inner, types, mode)).collect()))
        }
        (Value::Object(_), TypeRef::Named(name)) => match types.get(name.as_str()) {
            Some(members) => Some(documented_part(value, members, types, mode)),
            None => Some(value.clone()),
        },
        // A number or boolean the page writes as text becomes the value it decodes to, so the test compares
        // values, not spellings.
        (v, TypeRef::Scalar(scalar)) => scalar_json_value(*scalar, v, mode).map(std::borrow::Cow::into_owned),
        _ => None,
    }
}

/// The request with every required member the page leaves out (regen's `missing-required-member` warning) set
/// to its type's default, which is what a builder given only the page's members cannot do without.
fn with_required(request: Value, members: &[MemberSpec]) -> Value {
    let Value::Object(mut map) = request else { return request };
    for m in members.iter().filter(|m| m.required) {
        map.entry(m.name.clone()).or_insert_with(|| match &m.type_ref {
            TypeRef::Array(_) => Value::Array(Vec::new()),
            TypeRef::Named(_) => Value::Object(serde_json::Map::new()),
            TypeRef::Scalar(Scalar::Integer | Scalar::Float) => Value::from(0),
            TypeRef::Scalar(Scalar::Boolean) => Value::Bool(false),
            TypeRef::Scalar(_) => Value::from(""),
        });
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;
    use tencentcloud_spec::{MemberSpec, TypeRef};

    use super::{Scalar, ScalarText, documented_part, with_required};

    fn member(name: &str, type_ref: TypeRef) -> MemberSpec {
        MemberSpec {
            name: name.into(),
            type_ref,
            required: false,
            nullable: false,
            description: String::new(),
            example: None,
        }
    }

    #[test]
    fn undocumented_members_leave_the_example_at_every_depth() {
        let filter = member("Filter", TypeRef::Array(Box::new(TypeRef::Named("Filter".into()))));
        let request = [member("Id", TypeRef::Scalar(tencentcloud_spec::Scalar::String)), filter];
        let filter_members = [member("Name", TypeRef::Scalar(tencentcloud_spec::Scalar::String))];
        let types = HashMap::from([("Filter", &filter_members[..])]);
        let page = json!({"Id": "a", "Old": 1, "Filter": [{"Name": "n", "Gone": true}, {"Name": 3}, null]});
        assert_eq!(
            documented_part(&page, &request, &types, ScalarText::Strict),
            json!({"Id": "a", "Filter": [{"Name": "n"}, {}]})
        );
        let nulls = json!({"Id": null, "Filter": [{"Name": null}]});
        assert_eq!(documented_part(&nulls, &request, &types, ScalarText::Strict), json!({"Filter": [{}]}));
    }

    #[test]
    fn text_scalars_become_values_and_missing_required_members_defaults() {
        let flag = |name: &str, s| member(name, TypeRef::Scalar(s));
        let members = [flag("On", Scalar::Boolean), flag("N", Scalar::Integer), flag("F", Scalar::Float)];
        let types = HashMap::new();
        let page = json!({"On": "True", "N": "", "F": "0.5"});
        assert_eq!(
            documented_part(&page, &members, &types, ScalarText::Lenient),
            json!({"On": true, "N": 0, "F": 0.5})
        );
        let strict = documented_part(&page, &members, &types, ScalarText::Strict);
        assert_eq!(strict, json!({"F": 0.5}), "strict text drops what the service would refuse");

        let mut required = [flag("Id", Scalar::String), flag("Limit", Scalar::Integer), flag("Opt", Scalar::String)];
        required[0].required = true;
        required[1].required = true;
        assert_eq!(with_required(json!({"Limit": 5}), &required), json!({"Limit": 5, "Id": ""}));
    }
}
