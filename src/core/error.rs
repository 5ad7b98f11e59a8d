//! Errors as values, each located by a field path ("targets[1].items[0].goal.quote") or a line and
//! column, so that a message can say where the problem is. The UI turns them into Vietnamese text.

use std::fmt;

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    /// Not JSON at all, or cut short.
    Syntax { line: usize, column: usize },
    /// A required value is absent.
    Missing,
    /// A file of another kind (e.g. a plan where a dataset was expected).
    WrongFormat(String),
    /// Written by a newer app: refused, never guessed at.
    NewerVersion { found: u32, supported: u32 },
    /// A number or date outside what makes sense.
    OutOfRange,
    /// Two things that must differ share a name or number.
    Duplicate(String),
    /// Refers to something that does not exist.
    UnknownRef(String),
    /// Anything else, with a technical detail for the curious.
    Invalid(String),
}

/// An error with where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Field path from the top of the document; empty for the whole document.
    pub path: String,
    pub error: FieldError,
}

impl Located {
    pub fn new(path: impl Into<String>, error: FieldError) -> Located {
        Located { path: path.into(), error }
    }

    pub fn from_json(e: &serde_json::Error) -> Located {
        use serde_json::error::Category;
        let error = match e.classify() {
            Category::Syntax | Category::Eof | Category::Io => FieldError::Syntax { line: e.line(), column: e.column() },
            Category::Data => FieldError::Invalid(e.to_string()),
        };
        Located { path: String::new(), error }
    }
}

/// Deserialises a JSON value, reporting a failure with the path of the offending field.
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Located> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.into_inner();
        let error = if inner.to_string().starts_with("missing field") {
            FieldError::Missing
        } else {
            FieldError::Invalid(inner.to_string())
        };
        Located { path, error }
    })
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{:?}", self.error)
        } else {
            write!(f, "{}: {:?}", self.path, self.error)
        }
    }
}
