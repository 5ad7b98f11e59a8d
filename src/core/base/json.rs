//! Typed JSON reading that knows every struct of ours is written as an object.
//!
//! serde_json reads a struct from an object *or* an array, so each of our types got a second
//! decoder for the array form, which we never write and do not want to accept. [`from_str`]
//! reads through a thin adapter ([`Strict`]) that asks serde_json for a map wherever a struct is
//! asked for: the array decoders are never instantiated (4.4 KB of brotli in the first load),
//! and a struct written as an array is refused as the wrong type. Everything else — numbers,
//! strings, sequences, enums, `RawValue`, error positions — passes through unchanged, because the
//! adapter only rewraps what serde_json hands back.
//!
//! Every typed reading in the app goes through here: a type also read by plain
//! `serde_json::from_str` would carry both decoders again.

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use std::fmt;

/// `serde_json::from_str`, with structs read from objects only (see the module's doc).
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Strict(&mut de))?;
    de.end()?;
    Ok(value)
}

/// A deserializer that reads structs as maps and passes everything else to the one it wraps,
/// wrapping in turn whatever that one hands to the visitor.
pub struct Strict<D>(pub D);

struct Wrap<V>(V);

macro_rules! forward {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

macro_rules! forward_named {
    ($($method:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.$method(name, Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    // The name passes through: serde_json recognises its `RawValue` by a newtype's name.
    forward_named!(deserialize_unit_struct, deserialize_newtype_struct);

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    /// The point of the adapter: a struct is a map.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Wrap(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Wrap(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Wrap(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Wrap<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Wrap(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Wrap(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Wrap(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Wrap<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(Wrap(seed))
            .map(|(value, variant)| (value, Wrap(variant)))
    }
}

/// A struct variant's content, read through [`Strict`] so that it too is a map.
struct StructContent<V> {
    fields: &'static [&'static str],
    visitor: V,
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for StructContent<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        Strict(d).deserialize_struct("", self.fields, self.visitor)
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Wrap(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        // The variant's content is one value, as a newtype's is; asked for as a struct, serde_json
        // would accept an array too.
        self.0
            .newtype_variant_seed(StructContent { fields, visitor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::value::RawValue;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Point {
        x: u32,
        #[serde(default)]
        label: Option<String>,
        tags: Vec<Kind>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Named(String),
        Shape { sides: u8 },
    }

    #[test]
    fn reads_what_serde_json_reads_from_objects() {
        let text = r#" { "x": 3, "label": "a\"b", "tags": ["plain", {"named": "n"}, {"shape": {"sides": 4}}] } "#;
        let strict: Point = from_str(text).unwrap();
        let plain: Point = serde_json::from_str(text).unwrap();
        assert_eq!(strict, plain);
        assert_eq!(strict.tags[2], Kind::Shape { sides: 4 });
        let none: Point = from_str(r#"{"x": 0, "label": null, "tags": []}"#).unwrap();
        assert_eq!(none.label, None);
    }

    #[test]
    fn refuses_a_struct_written_as_an_array() {
        assert!(serde_json::from_str::<Point>(r#"[3, null, []]"#).is_ok());
        let e = from_str::<Point>(r#"[3, null, []]"#).unwrap_err();
        assert!(e.to_string().contains("invalid type: sequence"), "{e}");
        let e = from_str::<Kind>(r#"{"shape": [4]}"#).unwrap_err();
        assert!(e.to_string().contains("invalid type: sequence"), "{e}");
    }

    #[test]
    fn errors_keep_their_position_and_trailing_text_is_refused() {
        let e = from_str::<Point>("{\n  \"x\": 3,\n  \"tags\": [\"round\"]\n}").unwrap_err();
        assert_eq!((e.line(), e.column()), (3, 18), "{e}");
        assert!(from_str::<Point>(r#"{"x": 1, "tags": []} x"#).is_err());
        assert!(from_str::<Point>(r#"{"x": 1, "tags": [], "y": 2}"#).is_err());
    }

    #[test]
    fn raw_values_pass_through() {
        #[derive(Deserialize)]
        struct Holder<'a> {
            #[serde(borrow)]
            inner: &'a RawValue,
            boxed: Box<RawValue>,
        }
        let h: Holder = from_str(r#"{"inner": {"a": [1, 2]}, "boxed": [ true ]}"#).unwrap();
        assert_eq!(h.inner.get(), r#"{"a": [1, 2]}"#);
        assert_eq!(h.boxed.get(), "[ true ]");
    }
}
