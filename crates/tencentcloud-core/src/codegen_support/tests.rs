//! The decoding rules and the encoder, on hand-written types shaped exactly like generated ones.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::json;

use super::*;

/// What the generator emits for a data type with these members.
#[derive(Debug, Default, Clone, PartialEq)]
struct Task {
    id: i64,
    ratio: f64,
    on: bool,
    name: String,
    tags: Option<Vec<String>>,
    matrix: Vec<Vec<i64>>,
    parent: Option<Box<Task>>,
    children: Vec<Task>,
    note: Option<String>,
}

impl Struct for Task {
    fn names(&self) -> &'static [&'static str] {
        &["Id", "Ratio", "On", "Name", "Tags", "Matrix", "Parent", "Children", "Note"]
    }
    fn member(&self, index: usize) -> Option<&dyn Member> {
        Some(match index {
            0 => &self.id,
            1 => &self.ratio,
            2 => &self.on,
            3 => &self.name,
            4 => &self.tags,
            5 => &self.matrix,
            6 => &self.parent,
            7 => &self.children,
            8 => &self.note,
            _ => return None,
        })
    }
    fn member_mut(&mut self, index: usize) -> Option<&mut dyn Member> {
        Some(match index {
            0 => &mut self.id,
            1 => &mut self.ratio,
            2 => &mut self.on,
            3 => &mut self.name,
            4 => &mut self.tags,
            5 => &mut self.matrix,
            6 => &mut self.parent,
            7 => &mut self.children,
            8 => &mut self.note,
            _ => return None,
        })
    }
}

impl Member for Task {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        put_struct(value)
    }
    fn object(&mut self) -> Option<&mut dyn Struct> {
        Some(self)
    }
    fn expected(&self) -> Expected {
        STRUCT_EXPECTED
    }
    fn out(&self) -> Out<'_> {
        Out::Object(self)
    }
}

impl Serialize for Task {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Task {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

fn task(text: &str) -> Result<Task, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[test]
fn numbers_and_booleans_sent_as_strings_are_read() {
    let t = task(r#"{"Id": "12", "Ratio": " 0.5 ", "On": "True", "Name": 7}"#).unwrap();
    assert_eq!((t.id, t.ratio, t.on, t.name.as_str()), (12, 0.5, true, "7"));
    let t = task(r#"{"Id": "", "Ratio": "", "On": "0", "Name": true}"#).unwrap();
    assert_eq!((t.id, t.ratio, t.on, t.name.as_str()), (0, 0.0, false, "true"));
    let t = task(r#"{"Id": 3.0, "Ratio": 2, "On": 1, "Name": 1.5}"#).unwrap();
    assert_eq!((t.id, t.ratio, t.on, t.name.as_str()), (3, 2.0, true, "1.5"));
    for bad in [r#"{"Id": 1.5}"#, r#"{"Id": true}"#, r#"{"Id": "x"}"#, r#"{"On": 2}"#, r#"{"On": "yes"}"#] {
        assert!(task(bad).is_err(), "{bad}");
    }
    assert!(task(r#"{"Ratio": false}"#).is_err());
    assert!(task(r#"{"Id": 18446744073709551615}"#).is_err(), "beyond i64");
}

/// Issue 15 item 11: an integer written as a float beyond 2^53 was silently rounded (...993.0 became ...992).
#[test]
fn integers_are_exact_or_refused() {
    assert_eq!(task(r#"{"Id": 9007199254740993}"#).unwrap().id, 9_007_199_254_740_993);
    assert_eq!(task(r#"{"Id": "9007199254740993"}"#).unwrap().id, 9_007_199_254_740_993);
    assert_eq!(task(r#"{"Id": -9223372036854775808}"#).unwrap().id, i64::MIN);
    assert_eq!(task(r#"{"Id": 9007199254740991.0}"#).unwrap().id, 9_007_199_254_740_991);
    for rounded in ["9007199254740993.0", "9007199254740992.0", "-9007199254740993.0", "1e300", "9.3e18"] {
        let e = task(&format!(r#"{{"Id": {rounded}}}"#)).unwrap_err();
        assert!(e.contains("expected an integer"), "{rounded}: {e}");
    }
}

#[test]
fn null_and_missing_members_are_defaults_and_unknown_members_are_ignored() {
    let t = task(r#"{"Id": null, "Name": null, "Tags": null, "Matrix": null, "Parent": null, "Extra": {"a": [1]}}"#)
        .unwrap();
    assert_eq!(t, Task::default());
    assert_eq!(task("null").unwrap(), Task::default());
    let t = task(r#"{"Tags": [], "Note": ""}"#).unwrap();
    assert_eq!((t.tags, t.note), (Some(vec![]), Some(String::new())));
    assert!(task(r#"{"Parent": "x"}"#).is_err(), "a scalar where an object is documented");
    assert!(task(r#"{"Tags": "x"}"#).is_err(), "a scalar where an array is documented");
    assert!(task(r#"{"Name": [1]}"#).is_err() && task(r#"{"Name": {}}"#).is_err());
}

#[test]
fn nested_arrays_and_recursive_members_round_trip_in_page_order() {
    let text = r#"{"Note": "n", "Matrix": [[1, "2"], [], null], "Children": [{"Id": 1}, null],
                  "Parent": {"Parent": {"Name": "root"}}, "Tags": ["a", 1]}"#;
    let t = task(text).unwrap();
    assert_eq!(t.matrix, vec![vec![1, 2], vec![], vec![]]);
    assert_eq!(t.children.len(), 2);
    assert_eq!(t.children[1], Task::default());
    assert_eq!(t.parent.as_ref().unwrap().parent.as_ref().unwrap().name, "root");
    let encoded = serde_json::to_string(&t).unwrap();
    // Members in page order; unset Options left out; required members always present.
    assert!(encoded.starts_with(r#"{"Id":0,"Ratio":0.0,"On":false,"Name":"","Tags":["a","1"],"Matrix":[[1,2],[],[]]"#));
    assert!(
        encoded.contains(r#""Parent":{"Id":0,"Ratio":0.0,"On":false,"Name":"","Matrix":[],"Parent":{"#),
        "{encoded}"
    );
    assert_eq!(serde_json::from_str::<Task>(&encoded).unwrap(), t);
    assert!(serde_json::to_value(Task::default()).unwrap().get("Note").is_none());
}

#[test]
fn errors_name_the_path_and_what_was_expected_never_the_value() {
    let text = r#"{"Children": [{"Id": 1}, {"Name": "ok", "Id": "hunter2-secret"}]}"#;
    let mut de = serde_json::Deserializer::from_str(text);
    let e = serde_path_to_error::deserialize::<_, Task>(&mut de).unwrap_err();
    assert_eq!(e.path().to_string(), "Children[1].Id");
    let message = e.inner().to_string();
    assert!(message.contains("expected an integer, or an integer in a string"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
    let e = task(r#"{"Name": {"Password": "hunter2"}}"#).unwrap_err();
    assert!(!e.contains("hunter2") && e.contains("expected a string"), "{e}");
}

#[test]
fn members_in_any_order_and_with_escaped_names_are_found() {
    let t = task(r#"{"Children": [], "N\u0061me": "escaped", "Id": 2, "Name2": 5}"#).unwrap();
    assert_eq!((t.id, t.name.as_str()), (2, "escaped"));
    let from_value: Task = serde_json::from_value(json!({"On": "false", "Id": "7"})).unwrap();
    assert_eq!((from_value.id, from_value.on), (7, false));
}

#[test]
fn required_members_and_the_generator_version() {
    const _: () = expect_generator(env!("CARGO_PKG_VERSION"));
    assert_eq!(required(Some(1), "DoThing", "Id").unwrap(), 1);
    let e = required::<i64>(None, "DoThing", "Id").unwrap_err();
    assert!(e.to_string().contains("`Id`"), "{e}");
}

#[test]
fn the_example_check_compares_numbers_by_value_and_keeps_documented_values() {
    let page = json!({"A": 1.0, "B": "10", "C": [{"D": null}], "E": "true", "Extra": 1});
    assert!(
        examples::keeps(
            &examples::normalized(json!({"A": 1, "B": 10, "C": [{"D": 0}], "E": true})),
            &examples::normalized(page.clone()),
            "R"
        )
        .is_ok()
    );
    let e = examples::keeps(&examples::normalized(json!({"A": 2})), &examples::normalized(page), "R").unwrap_err();
    assert!(e.starts_with("R.A:"), "{e}");
}
