//! The checksum that travels in every submission file: SHA-256 over the RFC 8785 (JCS) canonical
//! form of the document without its `checksum` member. JCS makes the digest independent of key
//! order and whitespace, so the same document always has the same checksum, in any tool.
//!
//! Both are written here (a few hundred bytes of wasm) rather than taken from `crypto.subtle`,
//! which is asynchronous and absent natively: the core must check files in `cargo test` exactly
//! as in the browser.

use std::ops::Range;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The largest magnitude a number of a canonical document may have: integers up to 2^53 − 1 are
/// written digit for digit by every implementation of RFC 8785 (they are exact as doubles, and
/// ECMAScript writes them without exponent). Our files hold counts, revisions and times, all
/// well inside. Anything else — a fraction, an exponent, a larger integer — has no canonical
/// form here: reading a decimal exactly and writing the shortest double as ECMAScript does are
/// not what serde_json and Rust's formatting do (one unit off in the last digit; ties not to
/// even), so such a number is refused rather than written differently from RFC 8785.
pub const MAX_EXACT: u64 = (1 << 53) - 1;

/// `"sha256-<64 hex digits>"` of the canonical form of `doc` without its top-level `checksum`;
/// `None` when `doc` holds a number that is not an integer within [`MAX_EXACT`].
pub fn of_document(doc: &Value) -> Option<String> {
    let mut text = String::new();
    write_value(doc, &mut text, Some("checksum"))
        .then(|| format!("sha256-{}", hex(&sha256(text.as_bytes()))))
}

/// The same digest as [`of_document`], read from JSON text in one pass without building a tree:
/// how a well-formed file is checked quickly. The text is read strictly, as by
/// [`canonical_of_text`].
pub fn of_text(text: &str) -> Result<String, serde_json::Error> {
    let canonical = canonical_of_text(text, Some("checksum"))?;
    Ok(format!("sha256-{}", hex(&sha256(canonical.as_bytes()))))
}

/// The digest of a file as our writer writes it — in canonical form but for the whitespace between
/// tokens — checked without reading it as JSON: the text without that whitespace and without its
/// top-level `checksum` member is hashed and compared with that member. `Some(checksum)` only when
/// they agree and the text is canonical but for whitespace (names in order, integers and escapes
/// as RFC 8785 writes them), so that the answer is [`of_text`]'s for valid JSON (which the caller
/// also requires); `None` sends the caller to [`of_text`], which reads anything.
pub fn quick_check(text: &str) -> Option<String> {
    quick_check_stripped(text.as_bytes()).map(|(sum, _)| sum)
}

/// [`quick_check`] of a file's bytes, with the text it hashed: the document without its
/// whitespace and without its `checksum` member, the same JSON value (when the text is valid
/// JSON) in half the bytes, which the caller can read faster than the text.
///
/// `Some` also means the bytes are UTF-8, so that a file needs no check of its own before: what
/// is kept is checked as UTF-8 at the end, and what is left out is ASCII — whitespace, and the
/// `checksum` member, whose name and value (our hex digest) are compared byte for byte.
pub fn quick_check_stripped(b: &[u8]) -> Option<(String, String)> {
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    // Per open container: whether it is an object, and its previous name's range in `b`.
    let mut open: Vec<(bool, Option<Range<usize>>)> = Vec::new();
    // Where the top-level `checksum` member lies in `out`, and its value in `b`.
    let mut member: Option<Range<usize>> = None;
    let mut value: Option<Range<usize>> = None;
    let mut expect_name = false;
    let mut step = InMember::Outside;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let depth = open.len();
        if step != InMember::Outside && !is_space(c) {
            step = step.next(c)?;
        }
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i = skip_space(b, i);
                continue;
            }
            b'"' => {
                let start = i;
                i = string_end(b, i)?;
                if expect_name {
                    expect_name = false;
                    let name = start + 1..i - 1;
                    if take_name(b, name.clone(), &mut open)? && open.len() == 1 {
                        if member.is_some() {
                            return None;
                        }
                        // The member and the comma before it, or (first) the one after it.
                        let from = out.len() - usize::from(out.last() == Some(&b','));
                        member = Some(from..from);
                        step = InMember::AfterName;
                    }
                } else if step == InMember::AfterColon {
                    step = InMember::AfterValue;
                    value = Some(start + 1..i - 1);
                }
                out.extend_from_slice(&b[start..i]);
                continue;
            }
            b'{' => {
                open.push((true, None));
                expect_name = true;
            }
            b'[' => open.push((false, None)),
            b'}' | b']' => {
                open.pop()?;
                expect_name = false;
            }
            b',' => expect_name = matches!(open.last(), Some((true, _))),
            b':' => {}
            _ => {
                // Two scalars apart only by whitespace (`1 2`) would join into one: not JSON,
                // and the stripped text must not read as if it were.
                if out.last().is_some_and(u8::is_ascii_alphanumeric) {
                    return None;
                }
                let start = i;
                i = scalar_end(b, i);
                let token = &b[start..i];
                // Of numbers only integers as JavaScript writes them (our files hold no others).
                if !matches!(token, b"true" | b"false" | b"null") && !plain_integer(token) {
                    return None;
                }
                out.extend_from_slice(token);
                continue;
            }
        }
        if step == InMember::AfterValue && depth == 1 && (c == b',' || c == b'}') {
            step = InMember::Outside;
            let m = member.as_mut()?;
            m.end = out.len();
            // The first member: its following comma goes with it.
            if c == b',' && out.get(m.start) != Some(&b',') {
                m.end += 1;
            }
        }
        out.push(c);
        i += 1;
    }
    let (member, value) = (member?, value?);
    if step != InMember::Outside || !open.is_empty() {
        return None;
    }
    out.drain(member);
    let sum = format!("sha256-{}", hex(&sha256(&out)));
    if sum.as_bytes() != &b[value] {
        return None;
    }
    // Only whitespace outside strings and a whole member were taken out of valid UTF-8.
    Some((sum, String::from_utf8(out).ok()?))
}

/// Where [`quick_check_stripped`] is within the top-level `checksum` member: after its name,
/// after the colon, after its value. Nothing else may stand in it, so that the text without it
/// is JSON only if the text is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum InMember {
    Outside,
    AfterName,
    AfterColon,
    AfterValue,
}

impl InMember {
    /// The step after a byte other than whitespace inside the member; `None` for a byte that
    /// may not stand there.
    #[inline(always)]
    fn next(self, c: u8) -> Option<InMember> {
        match (self, c) {
            (InMember::AfterName, b':') => Some(InMember::AfterColon),
            (InMember::AfterColon, b'"') | (InMember::AfterValue, b',' | b'}') => Some(self),
            _ => None,
        }
    }
}

#[inline(always)]
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// The index after the whitespace at `i`. Indentation comes in runs: eight spaces at a time
/// (compared as one integer: a slice comparison is a call to `memcmp` in this size-optimised
/// build), then one by one.
#[inline(always)]
fn skip_space(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(eight) = b.get(i..i + 8).and_then(|e| <[u8; 8]>::try_from(e).ok()) {
        if u64::from_le_bytes(eight) != u64::from_le_bytes(*b"        ") {
            break;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// The index after the string whose quote is at `i`; `None` when it does not end, or holds an
/// escape RFC 8785 would write otherwise.
#[inline(always)]
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        // Eight bytes at a time while none can be a quote or a backslash (a zero byte in
        // `x ^ pattern`, found by the borrow trick: no miss, and a false alarm only stops the
        // skipping early).
        while let Some(w) = b.get(i..i + 8).and_then(|e| <[u8; 8]>::try_from(e).ok()) {
            let x = u64::from_le_bytes(w);
            let zero = |v: u64| v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080;
            if zero(x ^ 0x2222_2222_2222_2222) | zero(x ^ 0x5c5c_5c5c_5c5c_5c5c) != 0 {
                break;
            }
            i += 8;
        }
        let rest = b.get(i..)?;
        let k = rest.iter().position(|&x| x == b'"' || x == b'\\')?;
        i += k;
        if b[i] == b'\\' {
            i += canonical_escape(b.get(i + 1..)?)?;
        } else {
            return Some(i + 1);
        }
    }
}

/// The index after the scalar (a number or a literal) at `i`: to the next delimiter (a match:
/// searching a list of them is a call per byte).
#[inline(always)]
fn scalar_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&x| {
        !is_space(x) && !matches!(x, b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"')
    }) {
        i += 1;
    }
    i
}

/// Takes an object member's name (`name`, its range in `b`, without the quotes): `None` for a
/// name our writer never writes (escapes, or UTF-16 order that may differ from byte order), a
/// name where no object is open, or one out of order; else whether it is `checksum`.
#[inline(always)]
fn take_name(
    b: &[u8],
    name: Range<usize>,
    open: &mut [(bool, Option<Range<usize>>)],
) -> Option<bool> {
    let text = &b[name.clone()];
    if text.iter().any(|&x| x == b'\\' || x == 0xEE || x == 0xEF) {
        return None;
    }
    let Some((true, previous)) = open.last_mut() else {
        return None;
    };
    if previous
        .as_ref()
        .is_some_and(|p| !precedes(&b[p.clone()], text))
    {
        return None;
    }
    *previous = Some(name);
    Some(text == b"checksum")
}

/// Whether name `a` comes before name `b` in byte order: written out, as the call to `memcmp`
/// that comparing slices makes costs more than the few bytes that usually decide.
#[inline(always)]
fn precedes(a: &[u8], b: &[u8]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x < y;
        }
    }
    a.len() < b.len()
}

/// The length of the escape that `after` (the text after a backslash) begins, if RFC 8785 writes
/// it so: a short escape, or `\u00xx` in lower case for another control character.
fn canonical_escape(after: &[u8]) -> Option<usize> {
    match after {
        [b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't', ..] => Some(2),
        [b'u', b'0', b'0', hi @ (b'0' | b'1'), lo @ (b'0'..=b'9' | b'a'..=b'f'), ..] => {
            let lo = if lo.is_ascii_digit() {
                lo - b'0'
            } else {
                lo - b'a' + 10
            };
            let code = (hi - b'0') * 16 + lo;
            (!matches!(code, 8 | 9 | 10 | 12 | 13)).then_some(6)
        }
        _ => None,
    }
}

/// Whether a number token is an integer written as JavaScript writes it, exactly (at most 15
/// digits, so below 2^53): no sign on zero, no leading zero, no fraction or exponent.
fn plain_integer(token: &[u8]) -> bool {
    let digits = token.strip_prefix(b"-").unwrap_or(token);
    let well_formed = match digits {
        [b'0'] => digits.len() == token.len(),
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    well_formed && digits.len() <= 15
}

/// The canonical form of JSON text, without the top-level member `skip`, read in one pass. The
/// text is read strictly: a duplicate member name (which the standard leaves undefined and tools
/// read differently) or nesting beyond serde_json's limit of 128 is an error, and so is a number
/// that is not an integer within [`MAX_EXACT`] (the message begins with [`NOT_EXACT`]).
pub fn canonical_of_text(text: &str, skip: Option<&str>) -> Result<String, serde_json::Error> {
    canonical_reading(text, skip, false)
}

/// Reads `text` as strictly as [`canonical_of_text`] but takes any number: whether the text is
/// strict JSON, for a reader that reports each bad number at its own path.
pub fn strict(text: &str) -> Result<(), serde_json::Error> {
    canonical_reading(text, None, true).map(drop)
}

/// How the error of a number without a canonical form begins.
pub const NOT_EXACT: &str = "not an exact integer";

fn canonical_reading(
    text: &str,
    skip: Option<&str>,
    any_number: bool,
) -> Result<String, serde_json::Error> {
    let mut out = String::with_capacity(text.len());
    let mut de = serde_json::Deserializer::from_str(text);
    Canon {
        out: &mut out,
        skip,
        any_number,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(out)
}

/// Writes the canonical form of the value being read into `out`; at this level only, the member
/// named `skip` is read (strictly) but left out. A number without a canonical form is an error,
/// unless `any_number` (only strictness is asked, and nothing written is used).
struct Canon<'o> {
    out: &'o mut String,
    skip: Option<&'o str>,
    any_number: bool,
}

impl Canon<'_> {
    fn not_exact<E: de::Error>(&self, what: std::fmt::Arguments) -> Result<(), E> {
        if self.any_number {
            Ok(())
        } else {
            Err(E::custom(format_args!("{NOT_EXACT}: {what}")))
        }
    }
}

impl<'de> DeserializeSeed<'de> for Canon<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Canon<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        if v.unsigned_abs() > MAX_EXACT {
            return self.not_exact(format_args!("{v}"));
        }
        digits(v.unsigned_abs(), v < 0, self.out);
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        if v > MAX_EXACT {
            return self.not_exact(format_args!("{v}"));
        }
        digits(v, false, self.out);
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.not_exact(format_args!("{v}"))
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        string(v, self.out);
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.out.push_str("null");
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.out.push('[');
        let mut first = true;
        loop {
            let mark = self.out.len();
            if !first {
                self.out.push(',');
            }
            let item = Canon {
                out: &mut *self.out,
                skip: None,
                any_number: self.any_number,
            };
            if seq.next_element_seed(item)?.is_none() {
                self.out.truncate(mark);
                break;
            }
            first = false;
        }
        self.out.push(']');
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let open = self.out.len() + 1;
        self.out.push('{');
        // Each member's name and where its `"name":value` lies in `out` (none for `skip`).
        let mut members: Vec<(Name<'de>, Option<Range<usize>>)> = Vec::new();
        let mut written_any = false;
        while let Some(name) = map.next_key_seed(NameSeed)? {
            if self.skip == Some(name.as_str()) {
                let mut ignored = String::new();
                map.next_value_seed(Canon {
                    out: &mut ignored,
                    skip: None,
                    any_number: self.any_number,
                })?;
                members.push((name, None));
                continue;
            }
            if written_any {
                self.out.push(',');
            }
            written_any = true;
            let from = self.out.len();
            string(name.as_str(), self.out);
            self.out.push(':');
            map.next_value_seed(Canon {
                out: &mut *self.out,
                skip: None,
                any_number: self.any_number,
            })?;
            let to = self.out.len();
            members.push((name, Some(from..to)));
        }
        // Our files are written in canonical order already, names strictly increasing (so none
        // repeated): only an object out of order is sorted, checked for a repeated name (equal
        // neighbours once sorted) and written again.
        let sorted = members
            .windows(2)
            .all(|w| utf16_cmp(w[0].0.as_str(), w[1].0.as_str()).is_lt());
        if !sorted {
            let mut order: Vec<usize> = (0..members.len()).collect();
            crate::core::base::sorting::sort_by(&mut order, |a, b| {
                utf16_cmp(members[*a].0.as_str(), members[*b].0.as_str())
            });
            if let Some(w) = order
                .windows(2)
                .find(|w| members[w[0]].0.as_str() == members[w[1]].0.as_str())
            {
                let name = members[w[1]].0.as_str();
                return Err(de::Error::custom(format_args!("duplicate key `{name}`")));
            }
            let written = self.out.split_off(open);
            let mut first = true;
            for at in order.iter().filter_map(|i| members[*i].1.clone()) {
                if !first {
                    self.out.push(',');
                }
                first = false;
                self.out.push_str(&written[at.start - open..at.end - open]);
            }
        }
        self.out.push('}');
        Ok(())
    }
}

/// A member name, borrowed from the text when it holds no escape.
enum Name<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Name<'_> {
    fn as_str(&self) -> &str {
        match self {
            Name::Borrowed(s) => s,
            Name::Owned(s) => s,
        }
    }
}

struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Name<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Name<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = Name<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Name<'de>, E> {
        Ok(Name::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Name<'de>, E> {
        Ok(Name::Owned(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Name<'de>, E> {
        Ok(Name::Owned(v))
    }
}

/// Whether a name holds a character from U+E000 to U+FFFF, whose UTF-8 order against a
/// character beyond U+FFFF is not its UTF-16 order.
fn utf8_order_may_differ(s: &str) -> bool {
    s.bytes().any(|b| (0xEE..=0xEF).contains(&b))
}

/// Orders names as RFC 8785 does, by UTF-16 code units. UTF-8 byte order is the same unless a
/// name holds a character from U+E000 to U+FFFF (UTF-8 lead byte 0xEE or 0xEF).
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if utf8_order_may_differ(a) || utf8_order_may_differ(b) {
        a.encode_utf16().cmp(b.encode_utf16())
    } else {
        a.cmp(b)
    }
}

/// The RFC 8785 canonical text of a JSON value; `None` when it holds a number that is not an
/// integer within [`MAX_EXACT`] (see there).
pub fn canonical(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_value(v, &mut out, None).then_some(out)
}

/// Writes `v` canonically; at this level only, the member named `skip` is left out. Returns
/// false (with `out` unfinished) at a number without a canonical form.
fn write_value(v: &Value, out: &mut String, skip: Option<&str>) -> bool {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(i), _) if i <= MAX_EXACT => digits(i, false, out),
            (None, Some(i)) if i.unsigned_abs() <= MAX_EXACT => digits(i.unsigned_abs(), true, out),
            _ => return false,
        },
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_value(item, out, None) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(map) => {
            // Members sorted by their names as UTF-16 code units (RFC 8785 §3.2.3). The map is
            // already in UTF-8 byte order, which is the same unless a name holds a character
            // from U+E000 to U+FFFF (UTF-8 lead byte 0xEE or 0xEF): only then sort again.
            let mut keys: Vec<&String> = Vec::new();
            let reorder = map.keys().any(|k| utf8_order_may_differ(k));
            if reorder {
                keys = map.keys().filter(|k| Some(k.as_str()) != skip).collect();
                crate::core::base::sorting::sort_by(&mut keys, |a, b| utf16_cmp(a, b));
            }
            let members: Box<dyn Iterator<Item = (&String, &Value)>> = if reorder {
                Box::new(keys.iter().filter_map(|k| map.get_key_value(k.as_str())))
            } else {
                Box::new(map.iter().filter(|(k, _)| Some(k.as_str()) != skip))
            };
            out.push('{');
            for (i, (k, v)) in members.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                if !write_value(v, out, None) {
                    return false;
                }
            }
            out.push('}');
        }
    }
    true
}

/// The decimal digits of `n`, after a minus sign if `negative`.
fn digits(mut n: u64, negative: bool, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if negative {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// A string as `JSON.stringify` writes it (RFC 8785 §3.2.2.2). Runs that need no escape are
/// copied whole.
fn string(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escaped);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                DIGITS[(b >> 4) as usize] as char,
                DIGITS[(b & 15) as usize] as char,
            ]
        })
        .collect()
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// One round of SHA-256 on the working variables, named in their rotated order: only `d` and
/// `h` change, so eight rounds written out with the names rotated replace the eight moves a
/// round would otherwise make (15 % quicker in the browser than moving them).
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $k:expr, $w:expr) => {
        let t1 = $h
            .wrapping_add($e.rotate_right(6) ^ $e.rotate_right(11) ^ $e.rotate_right(25))
            .wrapping_add(($e & $f) ^ (!$e & $g))
            .wrapping_add($k)
            .wrapping_add($w);
        let t2 = ($a.rotate_right(2) ^ $a.rotate_right(13) ^ $a.rotate_right(22))
            .wrapping_add(($a & $b) ^ ($a & $c) ^ ($b & $c));
        $d = $d.wrapping_add(t1);
        $h = t1.wrapping_add(t2);
    };
}

/// The next word of the message schedule, kept in a ring of 16: with `i` a constant (every call
/// is written out), the ring lives in locals.
#[inline(always)]
fn schedule(w: &mut [u32; 16], i: usize) -> u32 {
    let x = w[(i + 1) & 15];
    let y = w[(i + 14) & 15];
    let s0 = x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3);
    let s1 = y.rotate_right(17) ^ y.rotate_right(19) ^ (y >> 10);
    w[i & 15] = w[i & 15]
        .wrapping_add(s0)
        .wrapping_add(w[(i + 9) & 15])
        .wrapping_add(s1);
    w[i & 15]
}

/// A word of the block as it came (rounds 0–15).
macro_rules! given {
    ($w:ident, $i:expr) => {
        $w[$i]
    };
}
/// A word of the schedule (rounds 16–63).
macro_rules! next {
    ($w:ident, $i:expr) => {
        schedule(&mut $w, $i)
    };
}
/// Eight rounds from round `8 × g`, the working variables' names rotated as in [`round!`].
#[rustfmt::skip]
macro_rules! eight {
    ($w:ident, $g:expr, $word:ident, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $gg:ident, $h:ident) => {
        round!($a, $b, $c, $d, $e, $f, $gg, $h, K[$g * 8], $word!($w, $g * 8));
        round!($h, $a, $b, $c, $d, $e, $f, $gg, K[$g * 8 + 1], $word!($w, $g * 8 + 1));
        round!($gg, $h, $a, $b, $c, $d, $e, $f, K[$g * 8 + 2], $word!($w, $g * 8 + 2));
        round!($f, $gg, $h, $a, $b, $c, $d, $e, K[$g * 8 + 3], $word!($w, $g * 8 + 3));
        round!($e, $f, $gg, $h, $a, $b, $c, $d, K[$g * 8 + 4], $word!($w, $g * 8 + 4));
        round!($d, $e, $f, $gg, $h, $a, $b, $c, K[$g * 8 + 5], $word!($w, $g * 8 + 5));
        round!($c, $d, $e, $f, $gg, $h, $a, $b, K[$g * 8 + 6], $word!($w, $g * 8 + 6));
        round!($b, $c, $d, $e, $f, $gg, $h, $a, K[$g * 8 + 7], $word!($w, $g * 8 + 7));
    };
}

/// One 64-byte block of SHA-256 into the state `h`. Every round and every word of the schedule is
/// written out, so that the schedule and the constants are locals and immediates rather than
/// loads from memory: 15 % quicker in the browser than eight rounds in a loop (the release build
/// optimises for size and unrolls nothing), for about 4 KB more of the pages' module.
fn compress(h: &mut [u32; 8], block: &[u8; 64]) {
    macro_rules! word {
        ($j:expr) => {
            u32::from_be_bytes([
                block[4 * $j],
                block[4 * $j + 1],
                block[4 * $j + 2],
                block[4 * $j + 3],
            ])
        };
    }
    #[rustfmt::skip]
    let mut w = [
        word!(0), word!(1), word!(2), word!(3), word!(4), word!(5), word!(6), word!(7),
        word!(8), word!(9), word!(10), word!(11), word!(12), word!(13), word!(14), word!(15),
    ];
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
    eight!(w, 0, given, a, b, c, d, e, f, g, hh);
    eight!(w, 1, given, a, b, c, d, e, f, g, hh);
    eight!(w, 2, next, a, b, c, d, e, f, g, hh);
    eight!(w, 3, next, a, b, c, d, e, f, g, hh);
    eight!(w, 4, next, a, b, c, d, e, f, g, hh);
    eight!(w, 5, next, a, b, c, d, e, f, g, hh);
    eight!(w, 6, next, a, b, c, d, e, f, g, hh);
    eight!(w, 7, next, a, b, c, d, e, f, g, hh);
    for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
        *x = x.wrapping_add(y);
    }
}

/// SHA-256 (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    // Whole blocks straight from the input; the padded tail (one or two blocks) apart.
    let whole = data.len() / 64 * 64;
    let mut tail = data[whole..].to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    tail.push(0x80);
    while tail.len() % 64 != 56 {
        tail.push(0);
    }
    tail.extend_from_slice(&bits.to_be_bytes());
    for block in data[..whole].chunks_exact(64).chain(tail.chunks_exact(64)) {
        if let Ok(block) = block.try_into() {
            compress(&mut h, block);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_refuses_bytes_that_are_not_utf8() {
        // The digest agrees with the bytes, so only the UTF-8 check can refuse them.
        let body: &[u8] = b"{\"a\":\"\xFF\"}";
        let sum = format!("sha256-{}", hex(&sha256(body)));
        let mut file = b"{\n  \"a\": \"\xFF\",\n  \"checksum\": \"".to_vec();
        file.extend_from_slice(sum.as_bytes());
        file.extend_from_slice(b"\"\n}");
        assert_eq!(quick_check_stripped(&file), None);
        // The same file in valid UTF-8 passes.
        let body = "{\"a\":\"ă\"}";
        let sum = format!("sha256-{}", hex(&sha256(body.as_bytes())));
        let file = format!("{{\n  \"a\": \"ă\",\n  \"checksum\": \"{sum}\"\n}}");
        assert_eq!(
            quick_check_stripped(file.as_bytes()),
            Some((sum, body.to_string()))
        );
    }

    #[test]
    fn sha256_matches_the_fips_examples() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // Exactly one block of padding boundary (55, 56 and 64 bytes).
        assert_eq!(
            hex(&sha256(&[b'a'; 64])),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
        );
    }

    #[test]
    fn canonical_form_follows_rfc_8785() {
        // RFC 8785 §3.2.3's sorting example and §3.2.2 escapes.
        let v: Value = serde_json::from_str(
            r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#,
        )
        .unwrap();
        let keys: Vec<String> =
            match serde_json::from_str::<Value>(&canonical(&v).unwrap()).unwrap() {
                Value::Object(_) => canonical(&v)
                    .unwrap()
                    .split("\":\"")
                    .map(|s| s.chars().last().map(|c| format!("{:x}", c as u32)).unwrap())
                    .collect(),
                _ => unreachable!(),
            };
        // The names in order: \r, "1", \u0080, ö, €, 😀, \ufb33 (the emoji's surrogates sort
        // before U+FB33 although its code point is larger).
        assert_eq!(
            keys[..7],
            ["72", "31", "80", "f6", "20ac", "1f600", "fb33"][..]
        );
        assert_eq!(
            canonical(&serde_json::json!({"b": [1, "x\n\"", null, true], "a": {"d": -3, "c": 0}}))
                .unwrap(),
            r#"{"a":{"c":0,"d":-3},"b":[1,"x\n\"",null,true]}"#
        );
    }

    /// Issue 27, item 8: a fraction, an exponent or an integer beyond 2^53 − 1 has no canonical
    /// form here, and is refused rather than written otherwise than RFC 8785 would (its
    /// Appendix B writes 1424953923781206.25 as 1424953923781206.2, rounding to even; serde_json
    /// and Rust's shortest form disagree on such numbers).
    #[test]
    fn only_exact_integers_have_a_canonical_form() {
        for text in [
            "1424953923781206.25",
            "4.5",
            "56.0",
            "1e3",
            // Minus zero, which serde_json reads as a double.
            "-0",
            "9007199254740992",
            "-9007199254740992",
            "18446744073709551617",
        ] {
            let e = canonical_of_text(text, None).unwrap_err();
            assert!(e.to_string().starts_with(NOT_EXACT), "{text}: {e}");
            assert!(strict(text).is_ok(), "strictness alone takes any number");
            let v: Value = serde_json::from_str(text).unwrap();
            assert_eq!(canonical(&v), None, "{text}");
            assert_eq!(of_document(&serde_json::json!({ "n": v })), None, "{text}");
        }
        for (text, written) in [
            ("9007199254740991", "9007199254740991"),
            ("-9007199254740991", "-9007199254740991"),
            ("0", "0"),
            ("[1,-2,100000000]", "[1,-2,100000000]"),
        ] {
            assert_eq!(canonical_of_text(text, None).unwrap(), written);
            let v: Value = serde_json::from_str(text).unwrap();
            assert_eq!(canonical(&v).as_deref(), Some(written));
        }
    }

    #[test]
    fn the_checksum_ignores_its_own_member_and_key_order() {
        let a = serde_json::json!({"x": 1, "y": "ă", "checksum": "sha256-00"});
        let b: Value = serde_json::from_str(r#"{ "y": "ă",  "x": 1 }"#).unwrap();
        assert_eq!(of_document(&a), of_document(&b));
        assert_eq!(
            of_document(&b).unwrap(),
            format!("sha256-{}", hex(&sha256(r#"{"x":1,"y":"ă"}"#.as_bytes())))
        );
    }

    #[test]
    fn the_one_pass_digest_refuses_what_the_strict_reading_refuses() {
        for bad in [
            r#"{"a":1,"a":2}"#,
            r#"{"b":1,"a":1,"b":2}"#,
            r#"{"x":[{"c":0,"c":0}]}"#,
            r#"{"checksum":"1","checksum":"2"}"#,
            r#"{"checksum":{"d":1,"d":2}}"#,
            r#"{"a":1} x"#,
            r#"{"a":1"#,
            "",
        ] {
            assert!(of_text(bad).is_err(), "{bad}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(of_text(&deep).is_err());
        let e = of_text(r#"{"b":1,"a":1,"b":2}"#).unwrap_err();
        assert!(e.to_string().starts_with("duplicate key `b`"), "{e}");
    }

    #[test]
    fn the_quick_check_finds_the_member_wherever_it_stands() {
        for (doc, compact) in [
            (
                r#"{"a":1,"checksum":"S","b":[{"c":"x y"}]}"#,
                r#"{"a":1,"b":[{"c":"x y"}]}"#,
            ),
            (r#"{"checksum":"S","d":{}}"#, r#"{"d":{}}"#),
            (r#"{"a":[],"checksum":"S"}"#, r#"{"a":[]}"#),
            (r#"{"checksum":"S"}"#, "{}"),
            (
                r#"{"checksum":"S","e":"\"\\\n\u001f","n":[-12,0,true,null]}"#,
                r#"{"e":"\"\\\n\u001f","n":[-12,0,true,null]}"#,
            ),
        ] {
            let sum = format!("sha256-{}", hex(&sha256(compact.as_bytes())));
            let text = serde_json::to_string_pretty(
                &serde_json::from_str::<Value>(&doc.replace('S', &sum)).unwrap(),
            )
            .unwrap();
            assert_eq!(quick_check(&text), Some(sum.clone()), "{text}");
            assert_eq!(of_text(&text).unwrap(), sum);
            // One changed character anywhere but in whitespace, and the quick check declines.
            let changed = text.replacen("\"a\"", "\"b\"", 1).replacen("{}", "[]", 1);
            if changed != text {
                assert_eq!(quick_check(&changed), None, "{changed}");
            }
        }
    }

    #[test]
    fn the_quick_check_declines_what_it_cannot_vouch_for() {
        let sum = |compact: &str| format!("sha256-{}", hex(&sha256(compact.as_bytes())));
        for (text, hashed) in [
            // Names repeated or out of order, hashed as they stand (a crafted file).
            (r#"{"a":1,"a":2,"checksum":"S"}"#, r#"{"a":1,"a":2}"#),
            (r#"{"":1,"":2,"checksum":"S"}"#, r#"{"":1,"":2}"#),
            (r#"{"b":1,"a":1,"checksum":"S"}"#, r#"{"b":1,"a":1}"#),
            (
                r#"{"x":{"b":1,"a":1},"checksum":"S"}"#,
                r#"{"x":{"b":1,"a":1}}"#,
            ),
            // Two checksums, a name with an escape, a checksum that is not a string.
            (r#"{"checksum":"S","checksum":"S"}"#, "{}"),
            (r#"{"\u0061":1,"checksum":"S"}"#, r#"{"\u0061":1}"#),
            (r#"{"a":1,"checksum":["S"]}"#, r#"{"a":1}"#),
            (r#"{"a":1}"#, r#"{"a":1}"#),
            // Values not written as RFC 8785 writes them.
            (r#"{"a":"\u0041","checksum":"S"}"#, r#"{"a":"\u0041"}"#),
            (r#"{"a":"\u001F","checksum":"S"}"#, r#"{"a":"\u001F"}"#),
            (r#"{"a":"\u000a","checksum":"S"}"#, r#"{"a":"\u000a"}"#),
            (r#"{"a":"\/","checksum":"S"}"#, r#"{"a":"\/"}"#),
            (r#"{"a":1.0,"checksum":"S"}"#, r#"{"a":1.0}"#),
            (r#"{"a":1e2,"checksum":"S"}"#, r#"{"a":1e2}"#),
            (r#"{"a":-0,"checksum":"S"}"#, r#"{"a":-0}"#),
            (r#"{"a":007,"checksum":"S"}"#, r#"{"a":007}"#),
            (
                r#"{"a":9007199254740993,"checksum":"S"}"#,
                r#"{"a":9007199254740993}"#,
            ),
            // Not JSON, though the text without whitespace and the member would be: scalars
            // apart only by whitespace, a member without its colon, with more than its string.
            (r#"{"a":[1 2],"checksum":"S"}"#, r#"{"a":[12]}"#),
            (r#"{"a":[true null],"checksum":"S"}"#, r#"{"a":[truenull]}"#),
            (r#"{"a":[1 -2],"checksum":"S"}"#, r#"{"a":[1-2]}"#),
            (r#"{"a":1,"checksum" "S"}"#, r#"{"a":1}"#),
            (r#"{"a":1,"checksum":"x" "S"}"#, r#"{"a":1}"#),
            (r#"{"a":1,"checksum":1 "S"}"#, r#"{"a":1}"#),
            (r#"{"a":1,"checksum"::"S"}"#, r#"{"a":1}"#),
            (r#"{"a":1,"checksum":"S"]"#, r#"{"a":1"#),
        ] {
            let text = text.replace('S', &sum(hashed));
            assert_eq!(quick_check(&text), None, "{text}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// The canonical form as plainly written: every object's names sorted as UTF-16, every
        /// integer through `number`.
        fn plain(v: &Value, out: &mut String) {
            match v {
                Value::Number(n) => out.push_str(&n.to_string()),
                Value::Array(items) => {
                    out.push('[');
                    for (i, x) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        plain(x, out);
                    }
                    out.push(']');
                }
                Value::Object(map) => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
                    out.push('{');
                    for (i, k) in keys.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        string(k, out);
                        out.push(':');
                        plain(&map[*k], out);
                    }
                    out.push('}');
                }
                other => {
                    write_value(other, out, None);
                }
            }
        }

        fn arb() -> impl Strategy<Value = Value> {
            let name = "[a-zđ\u{20ac}\u{fb33}\u{1f600}\u{e000}\u{7f}\r\\\"]{0,4}";
            let leaf = prop_oneof![
                (-(MAX_EXACT as i64)..=MAX_EXACT as i64).prop_map(Value::from),
                (0..=MAX_EXACT).prop_map(Value::from),
                name.prop_map(Value::from),
                Just(Value::Null),
            ];
            leaf.prop_recursive(3, 24, 4, move |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    proptest::collection::btree_map(name, inner, 0..4)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        /// `v` as JSON text with every object's members in reverse order and some whitespace.
        fn reversed(v: &Value, out: &mut String) {
            match v {
                Value::Array(items) => {
                    out.push_str("[ ");
                    for (i, x) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(" ,");
                        }
                        reversed(x, out);
                    }
                    out.push(']');
                }
                Value::Object(map) => {
                    out.push_str("{\n");
                    for (i, (k, x)) in map.iter().rev().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&serde_json::to_string(k).unwrap());
                        out.push_str(" : ");
                        reversed(x, out);
                    }
                    out.push('}');
                }
                leaf => out.push_str(&serde_json::to_string(leaf).unwrap()),
            }
        }

        proptest! {
            #[test]
            fn the_fast_paths_write_what_the_plain_form_writes(v in arb()) {
                let mut expected = String::new();
                plain(&v, &mut expected);
                prop_assert_eq!(canonical(&v), Some(expected));
            }

            #[test]
            fn the_quick_check_agrees_with_the_full_reading(v in arb(), tamper in any::<bool>()) {
                let mut doc = serde_json::json!({"v": v});
                doc["checksum"] = Value::from(of_document(&doc).unwrap());
                let pretty = serde_json::to_string_pretty(&doc).unwrap();
                // It may decline a text that is not canonical but for whitespace (integers
                // beyond 2^53, names that sort differently as UTF-16), integers of more than 15
                // digits and names with escapes, which our files do not have; never another.
                fn long(v: &Value) -> bool {
                    match v {
                        Value::Number(n) => n.to_string().trim_start_matches('-').len() > 15,
                        Value::Array(items) => items.iter().any(long),
                        Value::Object(map) => map.values().any(long),
                        _ => false,
                    }
                }
                let bare = serde_json::json!({"v": doc["v"]});
                let declinable = long(&bare)
                    || Some(serde_json::to_string(&bare).unwrap()) != canonical(&bare)
                    || pretty.contains('\u{e000}') || pretty.contains('\u{fb33}')
                    || pretty.contains("\\\"") || pretty.contains("\\\\") || pretty.contains("\\r");
                let full = of_text(&pretty).unwrap();
                match quick_check_stripped(pretty.as_bytes()) {
                    Some((sum, stripped)) => {
                        prop_assert_eq!(sum, full);
                        // The stripped text is the same document without its checksum.
                        let read: Value = serde_json::from_str(&stripped).unwrap();
                        prop_assert_eq!(read, bare.clone());
                    }
                    None => prop_assert!(declinable, "{}", pretty),
                }
                // Whatever the text, a quick answer is the full reading's answer.
                let mut text = String::new();
                reversed(&doc, &mut text);
                if tamper {
                    text = text.replacen('1', "2", 1);
                }
                if let Some((sum, stripped)) = quick_check_stripped(text.as_bytes()) {
                    prop_assert_eq!(Some(sum), of_text(&text).ok());
                    let mut read: Value = serde_json::from_str(&text).unwrap();
                    if let Value::Object(map) = &mut read {
                        map.remove("checksum");
                    }
                    prop_assert_eq!(serde_json::from_str::<Value>(&stripped).ok(), Some(read));
                }
            }

            #[test]
            fn the_one_pass_digest_is_the_digest_of_the_parsed_document(
                v in arb(),
                f in -1e30f64..1e30,
                sum in proptest::option::of("[a-f0-9]{0,3}"),
            ) {
                let mut doc = serde_json::json!({"v": v});
                if let Some(sum) = sum {
                    doc["checksum"] = Value::from(sum);
                }
                let compact = serde_json::to_string(&doc).unwrap();
                let expected = of_document(&serde_json::from_str(&compact).unwrap()).unwrap();
                prop_assert_eq!(of_text(&compact).unwrap(), expected.clone());
                let mut text = String::new();
                reversed(&doc, &mut text);
                prop_assert_eq!(of_text(&text).unwrap(), expected);
                // A number with a fraction has no digest on either side.
                doc["f"] = Value::from(f);
                let compact = serde_json::to_string(&doc).unwrap();
                prop_assert!(of_text(&compact).is_err());
                prop_assert_eq!(of_document(&serde_json::from_str(&compact).unwrap()), None);
            }
        }
    }
}
