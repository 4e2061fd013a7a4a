//! The type of a member as the pages write it (`Integer`, `Array of AutoCalloutTaskCalleeInfo`), parsed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::is_type_name;

/// A type name the pages use for values on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// `String`: JSON text.
    String,
    /// `Integer`: a whole number, which the pages sometimes send as a string.
    Integer,
    /// `Float`: a JSON number.
    Float,
    /// `Boolean`: `true` or `false`.
    Boolean,
    /// `Timestamp`: a `YYYY-MM-DD hh:mm:ss` string or seconds, as the member's description says.
    Timestamp,
    /// `Timestamp ISO8601`: an ISO 8601 date-time string.
    TimestampIso8601,
    /// `Date`: a `YYYY-MM-DD` string.
    Date,
    /// `Binary`: base64 text.
    Binary,
}

impl Scalar {
    /// Every scalar, in declaration order, for tests and tables that must cover them all.
    pub const ALL: [Scalar; 8] = [
        Scalar::String,
        Scalar::Integer,
        Scalar::Float,
        Scalar::Boolean,
        Scalar::Timestamp,
        Scalar::TimestampIso8601,
        Scalar::Date,
        Scalar::Binary,
    ];

    /// The spelling the pages and the specs use.
    pub fn as_str(self) -> &'static str {
        match self {
            Scalar::String => "String",
            Scalar::Integer => "Integer",
            Scalar::Float => "Float",
            Scalar::Boolean => "Boolean",
            Scalar::Timestamp => "Timestamp",
            Scalar::TimestampIso8601 => "Timestamp ISO8601",
            Scalar::Date => "Date",
            Scalar::Binary => "Binary",
        }
    }

    fn from_name(s: &str) -> Option<Scalar> {
        Scalar::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A member's type: a scalar, a data type of the same service, or an array of either.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// A value written directly on the wire.
    Scalar(Scalar),
    /// A data type defined by a `types/<Name>.json` spec of the same service.
    Named(String),
    /// `Array of T`: a JSON array of `T`.
    Array(Box<TypeRef>),
}

impl TypeRef {
    /// The innermost type once every `Array of` is taken off.
    pub fn element(&self) -> &TypeRef {
        match self {
            TypeRef::Array(inner) => inner.element(),
            other => other,
        }
    }

    /// The data type this refers to, through any arrays.
    pub fn named(&self) -> Option<&str> {
        match self.element() {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }
}

/// Why a type name could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRefParseError {
    /// The type text that is neither a scalar, a type name nor `Array of` one.
    pub input: String,
}

impl fmt::Display for TypeRefParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let depth = self.input.matches("Array of ").count();
        if depth > MAX_ARRAY_DEPTH {
            // The input itself can be megabytes of `Array of`; its depth says everything.
            return write!(f, "`Array of` nested {depth} deep: expected at most {MAX_ARRAY_DEPTH}");
        }
        write!(
            f,
            "unknown type {:?}: expected String, Integer, Float, Boolean, Timestamp, Timestamp ISO8601, Date, Binary, \
             a data-type name (letters, digits, underscores, starting with a letter) or `Array of` one of these",
            self.input
        )
    }
}

impl std::error::Error for TypeRefParseError {}

/// More `Array of` than any page writes (they write at most two); deeper input is refused, not parsed.
const MAX_ARRAY_DEPTH: usize = 16;

impl FromStr for TypeRef {
    type Err = TypeRefParseError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = || TypeRefParseError { input: input.to_owned() };
        let mut s = input.trim();
        // A loop with a depth limit, not recursion: every later pass over a `TypeRef` (codegen, Display, Drop)
        // recurses once per level, so a hostile spec must not be able to nest it deep enough to overflow a stack.
        let mut depth = 0;
        while let Some(rest) = s.strip_prefix("Array of ") {
            depth += 1;
            if depth > MAX_ARRAY_DEPTH {
                return Err(err());
            }
            s = rest.trim();
        }
        let element = if let Some(scalar) = Scalar::from_name(s) {
            TypeRef::Scalar(scalar)
        } else if is_type_name(s) {
            TypeRef::Named(s.to_owned())
        } else {
            return Err(err());
        };
        Ok((0..depth).fold(element, |inner, _| TypeRef::Array(Box::new(inner))))
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Scalar(s) => f.write_str(s.as_str()),
            TypeRef::Named(n) => f.write_str(n),
            TypeRef::Array(inner) => write!(f, "Array of {inner}"),
        }
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_form() {
        for s in [
            "String",
            "Integer",
            "Timestamp ISO8601",
            "AutoCalloutTaskCalleeInfo",
            "Array of String",
            "Array of Array of Filter",
        ] {
            let t: TypeRef = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
        assert_eq!(
            "Array of Filter".parse::<TypeRef>().unwrap(),
            TypeRef::Array(Box::new(TypeRef::Named("Filter".into())))
        );
        assert_eq!("Array of Filter".parse::<TypeRef>().unwrap().named(), Some("Filter"));
    }

    #[test]
    fn rejects_what_is_not_a_type() {
        for s in ["", "Array of", "Array of ", "9Lives", "Map<String>", "Integer[]", "Array of a b"] {
            let e = s.parse::<TypeRef>().unwrap_err();
            assert!(e.to_string().contains("expected String, Integer"), "{e}");
        }
    }

    #[test]
    fn nesting_is_limited_instead_of_overflowing_the_stack() {
        let sixteen = format!("{}String", "Array of ".repeat(16));
        assert_eq!(sixteen.parse::<TypeRef>().unwrap().to_string(), sixteen);
        let hostile = format!("{}String", "Array of ".repeat(200_000));
        let e = hostile.parse::<TypeRef>().unwrap_err().to_string();
        assert_eq!(e, "`Array of` nested 200000 deep: expected at most 16");
    }
}
