//! The lenient reading of each scalar, and `Member` for the scalars and the containers `Vec`, `Option`, `Box`.
//!
//! The service is not always consistent with its pages: it sends numbers and booleans as strings (the pages' own
//! examples do: `"InternetMaxBandwidthOut": "1"`) and null for members the pages do not call nullable. Text is
//! read by the lenient rules of `tencentcloud_spec::api_facts`, the one definition the sandbox and regen share;
//! anything else is an error naming what was expected, never the value.

use std::fmt::Write;

use tencentcloud_spec::api_facts::ScalarText::Lenient;
use tencentcloud_spec::api_facts::{boolean_from_text, float_from_text, integer_from_text};

use super::{Array, Expected, In, Member, Out, Struct};

/// The largest magnitude below which every integer is exactly a binary64: an integer written as a float at or
/// beyond it (`9007199254740993.0`) has already been rounded by the parser, so it is refused, not guessed.
const EXACT_IN_F64: f64 = 9_007_199_254_740_992.0;

const INTEGER: Expected = "an integer, or an integer in a string";
const FLOAT: Expected = "a number, or a number in a string";
const BOOLEAN: Expected = "a boolean, 0 or 1, or one of these in a string";
const STRING: Expected = "a string, number or boolean";

impl Member for i64 {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        *self = match value {
            In::Null => 0,
            In::I64(v) => v,
            In::U64(v) => i64::try_from(v).map_err(|_| INTEGER)?,
            // `1.0` is an integer written carelessly; `1.5` is not an integer, and past 2^53 the float has been
            // rounded before we see it.
            In::F64(v) if v.fract() == 0.0 && v.abs() < EXACT_IN_F64 => v as i64,
            In::Str(s) => integer_from_text(s, Lenient).ok_or(INTEGER)?,
            In::F64(_) | In::Bool(_) => return Err(INTEGER),
        };
        Ok(())
    }
    fn expected(&self) -> Expected {
        INTEGER
    }
    fn out(&self) -> Out<'_> {
        Out::I64(*self)
    }
}

impl Member for f64 {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        *self = match value {
            In::Null => 0.0,
            In::I64(v) => v as f64,
            In::U64(v) => v as f64,
            In::F64(v) => v,
            In::Str(s) => float_from_text(s, Lenient).ok_or(FLOAT)?,
            In::Bool(_) => return Err(FLOAT),
        };
        Ok(())
    }
    fn expected(&self) -> Expected {
        FLOAT
    }
    fn out(&self) -> Out<'_> {
        Out::F64(*self)
    }
}

impl Member for bool {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        *self = match value {
            In::Null => false,
            In::Bool(v) => v,
            In::I64(0) | In::U64(0) => false,
            In::I64(1) | In::U64(1) => true,
            In::Str(s) => boolean_from_text(s, Lenient).ok_or(BOOLEAN)?,
            _ => return Err(BOOLEAN),
        };
        Ok(())
    }
    fn expected(&self) -> Expected {
        BOOLEAN
    }
    fn out(&self) -> Out<'_> {
        Out::Bool(*self)
    }
}

impl Member for String {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        self.clear();
        match value {
            In::Null => {}
            In::Str(s) => self.push_str(s),
            In::Bool(v) => self.push_str(if v { "true" } else { "false" }),
            // Writing into a String cannot fail.
            In::I64(v) => _ = write!(self, "{v}"),
            In::U64(v) => _ = write!(self, "{v}"),
            In::F64(v) => _ = write!(self, "{v}"),
        }
        Ok(())
    }
    fn expected(&self) -> Expected {
        STRING
    }
    fn out(&self) -> Out<'_> {
        Out::Str(self)
    }
}

impl<T: Member + Default> Member for Option<T> {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        match value {
            In::Null => {
                *self = None;
                Ok(())
            }
            value => self.get_or_insert_with(T::default).put(value),
        }
    }
    fn object(&mut self) -> Option<&mut dyn Struct> {
        self.get_or_insert_with(T::default).object()
    }
    fn array(&mut self) -> Option<&mut dyn Array> {
        self.get_or_insert_with(T::default).array()
    }
    fn expected(&self) -> Expected {
        match self {
            Some(v) => v.expected(),
            None => T::default().expected(),
        }
    }
    fn out(&self) -> Out<'_> {
        match self {
            Some(v) => v.out(),
            None => Out::Null,
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T: Member> Member for Box<T> {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        (**self).put(value)
    }
    fn object(&mut self) -> Option<&mut dyn Struct> {
        (**self).object()
    }
    fn array(&mut self) -> Option<&mut dyn Array> {
        (**self).array()
    }
    fn expected(&self) -> Expected {
        (**self).expected()
    }
    fn out(&self) -> Out<'_> {
        (**self).out()
    }
}

const ARRAY: Expected = "an array or null";

impl<T: Member + Default> Member for Vec<T> {
    fn put(&mut self, value: In<'_>) -> Result<(), Expected> {
        match value {
            In::Null => {
                self.clear();
                Ok(())
            }
            _ => Err(ARRAY),
        }
    }
    fn array(&mut self) -> Option<&mut dyn Array> {
        Some(self)
    }
    fn expected(&self) -> Expected {
        ARRAY
    }
    fn out(&self) -> Out<'_> {
        Out::Array(self)
    }
}

impl<T: Member + Default> Array for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn get(&self, index: usize) -> Option<&dyn Member> {
        <[T]>::get(self, index).map(|v| v as &dyn Member)
    }
    fn clear(&mut self) {
        Vec::clear(self)
    }
    fn push_default(&mut self) -> &mut dyn Member {
        self.push(T::default());
        let last = Vec::len(self) - 1;
        &mut self[last]
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
}
