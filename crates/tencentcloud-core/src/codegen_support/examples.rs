//! The check behind every generated example test: the page's request survives a round trip through the typed
//! request, and the page's response decodes into the typed response without losing a documented value.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use crate::Action;

/// Panics (it runs inside a `#[test]`) naming the action, the example and what differed.
pub fn check_example<A>(action: &str, title: &str, request: &str, response: &str)
where
    A: Action + DeserializeOwned,
    A::Output: Serialize,
{
    let original: Value = serde_json::from_str(request).expect("the example request is JSON");
    let typed: A = match serde_json::from_value(original.clone()) {
        Ok(typed) => typed,
        Err(e) => panic!("{action} {title}: the example request does not decode: {e}\n{request}"),
    };
    let again = serde_json::to_value(&typed).expect("a request serializes");
    if let Err(at) = sends_the_page(&normalized(again.clone()), &normalized(original.clone()), "Request") {
        panic!(
            "{action} {title}: the example request changed in a round trip at {at}\n ours: {again}\npage: {original}"
        );
    }
    let whole: Value = serde_json::from_str(response).expect("the example response is JSON");
    let inner = whole.get("Response").cloned().unwrap_or(Value::Null);
    let decoded: A::Output = match serde_json::from_value(inner.clone()) {
        Ok(decoded) => decoded,
        Err(e) => panic!("{action} {title}: the example response does not decode: {e}\n{response}"),
    };
    // Decoding must keep every documented value the page shows (members the page leaves out decode as defaults,
    // and members it does not document are dropped, so only the common ones are compared).
    let ours = serde_json::to_value(&decoded).expect("a response serializes");
    if let Err(at) = keeps(&normalized(ours), &normalized(inner), "Response") {
        panic!("{action} {title}: decoding the example response changed {at}\n{response}");
    }
}

/// Whether the request we send says what the page's does: the same members with the same values, except that a
/// required member of a data type the page leaves out goes out as its default (`""`, `0`, `false`, `[]`), which
/// is all a typed, non-optional field can hold (clb's AssociateCustomizedConfig example omits `BindList[].Domain`).
/// `Err` names the first difference.
pub(super) fn sends_the_page(ours: &Value, page: &Value, at: &str) -> Result<(), String> {
    match (ours, page) {
        (Value::Object(o), Value::Object(p)) => {
            if let Some(k) = p.keys().find(|k| !o.contains_key(*k)) {
                return Err(format!("{at}.{k}: the page sends it, we do not"));
            }
            for (k, ov) in o {
                match p.get(k) {
                    Some(pv) => sends_the_page(ov, pv, &format!("{at}.{k}"))?,
                    None if is_default(ov) => {}
                    None => return Err(format!("{at}.{k}: we send {ov}, the page nothing")),
                }
            }
            Ok(())
        }
        (Value::Array(o), Value::Array(p)) if o.len() == p.len() => {
            o.iter().zip(p).enumerate().try_for_each(|(i, (ov, pv))| sends_the_page(ov, pv, &format!("{at}[{i}]")))
        }
        (o, p) if o == p => Ok(()),
        (o, p) => Err(format!("{at}: the page has {p}, we send {o}")),
    }
}

/// The value a non-optional field holds when nothing set it (after [`normalized`], so `0` is a float).
fn is_default(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Bool(b) => !b,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_default),
        Value::Null => true,
    }
}

/// Whether `ours` holds every value of `page` at the members both have; `Err` names the first that differs.
pub(super) fn keeps(ours: &Value, page: &Value, at: &str) -> Result<(), String> {
    match (ours, page) {
        // A null on the page decodes as the default or None.
        (_, Value::Null) => Ok(()),
        (Value::Object(o), Value::Object(p)) => p
            .iter()
            .filter_map(|(k, pv)| o.get(k).map(|ov| (k, ov, pv)))
            .try_for_each(|(k, ov, pv)| keeps(ov, pv, &format!("{at}.{k}"))),
        (Value::Array(o), Value::Array(p)) if o.len() == p.len() => {
            o.iter().zip(p).enumerate().try_for_each(|(i, (ov, pv))| keeps(ov, pv, &format!("{at}[{i}]")))
        }
        (o, p) if o == p => Ok(()),
        (o, p) => Err(format!("{at}: the page has {p}, the decoded value is {o}")),
    }
}

/// Numbers compared by value, so the page's `1.0` equals our `1`; a number or boolean the page writes as a
/// string (cvm's InquiryPriceRunInstances writes `"InternetMaxBandwidthOut": "10"` for an Integer) equals the
/// value we send, since the service and our decoding accept both.
pub(super) fn normalized(v: Value) -> Value {
    let number = |f: Option<f64>| f.and_then(Number::from_f64).map(Value::Number);
    match v {
        Value::Number(n) => number(n.as_f64()).unwrap_or(Value::Number(n)),
        // The pages also write booleans as strings, which the service and our decoding accept too.
        Value::String(s) if s == "true" || s == "false" => Value::Bool(s == "true"),
        Value::String(s) => number(s.trim().parse::<f64>().ok()).unwrap_or(Value::String(s)),
        Value::Array(a) => Value::Array(a.into_iter().map(normalized).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalized(v))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{normalized, sends_the_page};

    #[test]
    fn a_request_may_add_only_defaults_the_page_left_out() {
        let page = json!({"Id": "a", "Bind": [{"Lb": "x"}]});
        let ours = json!({"Id": "a", "Bind": [{"Lb": "x", "Domain": "", "Port": 0}]});
        assert!(sends_the_page(&normalized(ours), &normalized(page.clone()), "Request").is_ok());
        let set = json!({"Id": "a", "Bind": [{"Lb": "x", "Domain": "d"}]});
        let err = sends_the_page(&normalized(set), &normalized(page.clone()), "Request").unwrap_err();
        assert!(err.contains("Request.Bind[0].Domain"), "{err}");
        let lost = json!({"Bind": [{"Lb": "x"}]});
        assert!(sends_the_page(&normalized(lost), &normalized(page), "Request").unwrap_err().contains("Request.Id"));
    }
}
