//! The `__private` module every generated crate gets once: lenient response decoding and the builder's check.
//!
//! It is generated rather than living in `tencentcloud-core` so that the decoding rules are versioned with the
//! generator that relies on them; it is small and compiled once per service crate.

use proc_macro2::TokenStream;
use quote::quote;

pub fn support_module() -> TokenStream {
    let scalars = [quote!(i64), quote!(f64), quote!(bool), quote!(String)];
    quote! {
        #[doc(hidden)]
        pub mod __private {
            use ::tencentcloud_core::__private::serde::de::{self, Deserializer, SeqAccess, Visitor};
            use ::tencentcloud_core::__private::serde::Deserialize;
            use ::core::fmt;
            use ::core::result::Result;
            use ::std::string::String;
            use ::std::vec::Vec;

            /// Decoding that never fails because a value is null, and accepts numbers and booleans sent as strings
            /// (and numbers where a string is documented): the service is not always consistent with its pages.
            pub trait Lenient: Sized {
                fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
            }

            /// `deserialize_with` target for every generated member.
            pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<T, D::Error> {
                T::lenient(d)
            }

            /// A data type: null decodes as its default, anything else as the struct.
            pub fn or_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
                ::core::option::Option::<T>::deserialize(d).map(::core::option::Option::unwrap_or_default)
            }

            /// A builder's required member, or the runtime's missing-member error.
            pub fn required<T>(
                value: ::core::option::Option<T>,
                action: &'static str,
                member: &'static str,
            ) -> Result<T, ::tencentcloud_core::Error> {
                value.ok_or_else(|| ::tencentcloud_core::Error::missing_member(action, member))
            }

            /// One visitor for the scalars; `T` says which one is wanted.
            struct Scalar<T>(::core::marker::PhantomData<T>);

            trait FromScalar: Sized + Default {
                const EXPECTED: &'static str;
                fn from_i64<E: de::Error>(v: i64) -> Result<Self, E>;
                fn from_u64<E: de::Error>(v: u64) -> Result<Self, E>;
                fn from_f64<E: de::Error>(v: f64) -> Result<Self, E>;
                fn from_bool<E: de::Error>(v: bool) -> Result<Self, E>;
                fn from_str<E: de::Error>(v: &str) -> Result<Self, E>;
            }

            impl<'de, T: FromScalar> Visitor<'de> for Scalar<T> {
                type Value = T;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(T::EXPECTED)
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> { T::from_i64(v) }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> { T::from_u64(v) }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> { T::from_f64(v) }
                fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> { T::from_bool(v) }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> { T::from_str(v) }
                fn visit_unit<E: de::Error>(self) -> Result<T, E> { Ok(T::default()) }
                fn visit_none<E: de::Error>(self) -> Result<T, E> { Ok(T::default()) }
            }

            fn wrong<T, E: de::Error>(what: &dyn fmt::Display, expected: &str) -> Result<T, E> {
                Err(E::custom(::std::format!("invalid value {what}, expected {expected}")))
            }

            /// A number in a string; an empty string is the default, as the service sends it for "no value".
            fn parse_number<T: ::core::str::FromStr + Default, E: de::Error>(v: &str, expected: &str) -> Result<T, E> {
                let t = v.trim();
                if t.is_empty() {
                    return Ok(T::default());
                }
                t.parse::<T>().or_else(|_| wrong(&::std::format!("{v:?}"), expected))
            }

            impl FromScalar for i64 {
                const EXPECTED: &'static str = "an integer, or an integer in a string";
                fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> { Ok(v) }
                fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
                    i64::try_from(v).or_else(|_| wrong(&v, Self::EXPECTED))
                }
                fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> {
                    // `1.0` is an integer written carelessly; `1.5` is not an integer.
                    if v.fract() == 0.0 && v.abs() < 9.2e18 { Ok(v as i64) } else { wrong(&v, Self::EXPECTED) }
                }
                fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> { wrong(&v, Self::EXPECTED) }
                fn from_str<E: de::Error>(v: &str) -> Result<Self, E> { parse_number(v, Self::EXPECTED) }
            }

            impl FromScalar for f64 {
                const EXPECTED: &'static str = "a number, or a number in a string";
                fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> { Ok(v as f64) }
                fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> { Ok(v as f64) }
                fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> { Ok(v) }
                fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> { wrong(&v, Self::EXPECTED) }
                fn from_str<E: de::Error>(v: &str) -> Result<Self, E> { parse_number(v, Self::EXPECTED) }
            }

            impl FromScalar for bool {
                const EXPECTED: &'static str = "a boolean, 0 or 1, or one of these in a string";
                fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> {
                    match v { 0 => Ok(false), 1 => Ok(true), _ => wrong(&v, Self::EXPECTED) }
                }
                fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> {
                    match v { 0 => Ok(false), 1 => Ok(true), _ => wrong(&v, Self::EXPECTED) }
                }
                fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> { wrong(&v, Self::EXPECTED) }
                fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> { Ok(v) }
                fn from_str<E: de::Error>(v: &str) -> Result<Self, E> {
                    match v.trim() {
                        "true" | "TRUE" | "True" | "1" => Ok(true),
                        "false" | "FALSE" | "False" | "0" | "" => Ok(false),
                        _ => wrong(&::std::format!("{v:?}"), Self::EXPECTED),
                    }
                }
            }

            impl FromScalar for String {
                const EXPECTED: &'static str = "a string";
                fn from_i64<E: de::Error>(v: i64) -> Result<Self, E> { Ok(v.to_string()) }
                fn from_u64<E: de::Error>(v: u64) -> Result<Self, E> { Ok(v.to_string()) }
                fn from_f64<E: de::Error>(v: f64) -> Result<Self, E> { Ok(v.to_string()) }
                fn from_bool<E: de::Error>(v: bool) -> Result<Self, E> { Ok(v.to_string()) }
                fn from_str<E: de::Error>(v: &str) -> Result<Self, E> { Ok(String::from(v)) }
            }

            #(
                impl Lenient for #scalars {
                    fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        d.deserialize_any(Scalar::<Self>(::core::marker::PhantomData))
                    }
                }
            )*

            /// Lets `Vec` and `Option` decode their contents leniently through serde's own traits.
            struct Wrap<T>(T);
            impl<'de, T: Lenient> Deserialize<'de> for Wrap<T> {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    T::lenient(d).map(Wrap)
                }
            }

            struct Elements<T>(::core::marker::PhantomData<T>);
            impl<'de, T: Lenient> Visitor<'de> for Elements<T> {
                type Value = Vec<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an array or null")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                    let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                    while let ::core::option::Option::Some(Wrap(v)) = seq.next_element::<Wrap<T>>()? {
                        out.push(v);
                    }
                    Ok(out)
                }
                fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> { Ok(Vec::new()) }
                fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> { Ok(Vec::new()) }
            }

            impl<T: Lenient> Lenient for Vec<T> {
                fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_any(Elements::<T>(::core::marker::PhantomData))
                }
            }

            impl<T: Lenient> Lenient for ::core::option::Option<T> {
                fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    ::core::option::Option::<Wrap<T>>::deserialize(d).map(|o| o.map(|Wrap(v)| v))
                }
            }

            impl<T: Lenient> Lenient for ::std::boxed::Box<T> {
                fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    T::lenient(d).map(::std::boxed::Box::new)
                }
            }

            /// For the generated example tests: the request must survive a round trip, the response must decode and keep
            /// the values the page shows.
            #[cfg(test)]
            pub fn check_example<A>(action: &str, title: &str, request: &str, response: &str)
            where
                A: ::tencentcloud_core::Action + for<'de> Deserialize<'de>,
                A::Output: ::tencentcloud_core::__private::serde::Serialize,
            {
                use ::tencentcloud_core::__private::serde_json::{self, Value};
                let original: Value = serde_json::from_str(request).expect("the example request is JSON");
                let typed: A = match serde_json::from_value(original.clone()) {
                    Ok(typed) => typed,
                    Err(e) => panic!("{action} {title}: the example request does not decode: {e}\n{request}"),
                };
                let again = serde_json::to_value(&typed).expect("a request serializes");
                assert_eq!(
                    normalized(again),
                    normalized(original),
                    "{action} {title}: the example request changed in a round trip (left: ours, right: the page's)"
                );
                let whole: Value = serde_json::from_str(response).expect("the example response is JSON");
                let inner = whole.get("Response").cloned().unwrap_or(Value::Null);
                let decoded: A::Output = match serde_json::from_value(inner.clone()) {
                    Ok(decoded) => decoded,
                    Err(e) => panic!("{action} {title}: the example response does not decode: {e}\n{response}"),
                };
                // Decoding must keep every documented value the page shows (members the page leaves out decode as
                // defaults, and members it does not document are dropped, so only the common ones are compared).
                let ours = serde_json::to_value(&decoded).expect("a response serializes");
                if let Err(at) = keeps(&normalized(ours), &normalized(inner), "Response") {
                    panic!("{action} {title}: decoding the example response changed {at}\n{response}");
                }
            }

            /// Whether `ours` holds every value of `page` at the members both have; `Err` names the first that differs.
            #[cfg(test)]
            fn keeps(
                ours: &::tencentcloud_core::__private::serde_json::Value,
                page: &::tencentcloud_core::__private::serde_json::Value,
                at: &str,
            ) -> Result<(), String> {
                use ::tencentcloud_core::__private::serde_json::Value;
                match (ours, page) {
                    // A null on the page decodes as the default or None.
                    (_, Value::Null) => Ok(()),
                    (Value::Object(o), Value::Object(p)) => p
                        .iter()
                        .filter_map(|(k, pv)| o.get(k).map(|ov| (k, ov, pv)))
                        .try_for_each(|(k, ov, pv)| keeps(ov, pv, &::std::format!("{at}.{k}"))),
                    (Value::Array(o), Value::Array(p)) if o.len() == p.len() => o
                        .iter()
                        .zip(p)
                        .enumerate()
                        .try_for_each(|(i, (ov, pv))| keeps(ov, pv, &::std::format!("{at}[{i}]"))),
                    (o, p) if o == p => Ok(()),
                    (o, p) => Err(::std::format!("{at}: the page has {p}, the decoded value is {o}")),
                }
            }

            /// Numbers compared by value, so the page's `1.0` equals our `1`; a number the page writes as a string
            /// (cvm's InquiryPriceRunInstances writes `"InternetMaxBandwidthOut": "10"` for an Integer) equals the
            /// number we send, since the service and our decoding accept both.
            #[cfg(test)]
            fn normalized(v: ::tencentcloud_core::__private::serde_json::Value) -> ::tencentcloud_core::__private::serde_json::Value {
                use ::tencentcloud_core::__private::serde_json::{Number, Value};
                let number = |f: ::core::option::Option<f64>| f.and_then(Number::from_f64).map(Value::Number);
                match v {
                    Value::Number(n) => number(n.as_f64()).unwrap_or(Value::Number(n)),
                    Value::String(s) => number(s.trim().parse::<f64>().ok()).unwrap_or(Value::String(s)),
                    Value::Array(a) => Value::Array(a.into_iter().map(normalized).collect()),
                    Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalized(v))).collect()),
                    other => other,
                }
            }
        }
    }
}
