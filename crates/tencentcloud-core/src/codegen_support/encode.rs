//! The one serde `Serialize` that encodes every generated type, through `&dyn Member`: members in page order,
//! unset optional members left out.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{Member, Out};

/// `Serialize::serialize` of a generated type.
pub fn serialize<S: Serializer>(value: &dyn Member, serializer: S) -> Result<S::Ok, S::Error> {
    Show(value).serialize(serializer)
}

struct Show<'a>(&'a dyn Member);

impl Serialize for Show<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.out() {
            Out::Null => serializer.serialize_unit(),
            Out::Bool(v) => serializer.serialize_bool(v),
            Out::I64(v) => serializer.serialize_i64(v),
            Out::F64(v) => serializer.serialize_f64(v),
            Out::Str(v) => serializer.serialize_str(v),
            Out::Array(array) => {
                let mut seq = serializer.serialize_seq(Some(array.len()))?;
                for element in (0..array.len()).filter_map(|i| array.get(i)) {
                    seq.serialize_element(&Show(element))?;
                }
                seq.end()
            }
            Out::Object(object) => {
                let mut map = serializer.serialize_map(None)?;
                for (i, name) in object.names().iter().enumerate() {
                    if let Some(member) = object.member(i).filter(|m| !m.is_absent()) {
                        map.serialize_entry(name, &Show(member))?;
                    }
                }
                map.end()
            }
        }
    }
}
