//! The one serde `Visitor` that decodes every generated type, through `&mut dyn Member`.
//!
//! Instantiated once per serde format (serde_json's reader, `serde_json::Value`, serde_path_to_error's wrapper),
//! never per generated type: that is the compile-time saving over a derive per struct.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Expected, In, Member};

/// `Deserialize::deserialize` of a generated type: a default value, filled from whatever the input holds.
pub fn deserialize<'de, D: Deserializer<'de>, T: Member + Default>(deserializer: D) -> Result<T, D::Error> {
    let mut value = T::default();
    Fill(&mut value).deserialize(deserializer)?;
    Ok(value)
}

/// Decodes one value into the member it borrows.
struct Fill<'a>(&'a mut dyn Member);

impl Fill<'_> {
    fn put<E: de::Error>(self, value: In<'_>) -> Result<(), E> {
        self.0.put(value).map_err(|expected| mismatch(value, expected))
    }
}

/// A decode error that says what arrived and what was expected, never the value itself (it may be a secret).
fn mismatch<E: de::Error>(value: In<'_>, expected: Expected) -> E {
    let found = match value {
        In::Null => "null",
        In::Bool(_) => "a boolean",
        In::I64(_) | In::U64(_) => "an integer",
        In::F64(_) => "a number",
        In::Str(_) => "a string",
    };
    E::custom(format_args!("invalid value: {found}, expected {expected}"))
}

impl<'de> DeserializeSeed<'de> for Fill<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Fill<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.expected())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.put(In::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.put(In::I64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.put(In::U64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.put(In::F64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.put(In::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.put(In::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.put(In::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let expected = self.0.expected();
        let Some(array) = self.0.array() else {
            return Err(de::Error::custom(format_args!("invalid value: an array, expected {expected}")));
        };
        array.clear();
        loop {
            if seq.next_element_seed(Fill(array.push_default()))?.is_none() {
                array.pop();
                return Ok(());
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let expected = self.0.expected();
        let Some(target) = self.0.object() else {
            return Err(de::Error::custom(format_args!("invalid value: an object, expected {expected}")));
        };
        let names = target.names();
        // Members usually arrive in the documented order, so the search starts after the previous match.
        let mut next = 0;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            let found = names[next.min(names.len())..]
                .iter()
                .position(|n| *n == key)
                .map(|i| i + next)
                .or_else(|| names.iter().position(|n| *n == key));
            match found.and_then(|i| Some((i, target.member_mut(i)?))) {
                Some((i, member)) => {
                    next = i + 1;
                    map.next_value_seed(Fill(member))?;
                }
                // Members the pages do not document are ignored: the service adds them.
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// An object key, borrowed from the input when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}
