//! Errors as values, each located by a field path ("targets[1].items[0].goal.quote") or a line and
//! column, so that a message can say where the problem is. The UI turns them into Vietnamese text.

use std::fmt;

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    /// Not JSON at all, or cut short.
    Syntax {
        line: usize,
        column: usize,
    },
    /// A required value is absent.
    Missing,
    /// A file of another kind (e.g. a plan where a dataset was expected).
    WrongFormat(String),
    /// Written by a newer app: refused, never guessed at.
    NewerVersion {
        found: u32,
        supported: u32,
    },
    /// Written by an older app, and the code that converts it is not there: the browser fetches
    /// it apart (`migrations::decode_stored`), and it did not come. Nothing is read or written.
    MigrationUnavailable {
        found: u32,
    },
    /// A number or date outside what makes sense.
    OutOfRange,
    /// Two things that must differ share a name or number.
    Duplicate(String),
    /// Refers to something that does not exist.
    UnknownRef(String),
    /// Anything else, with a technical detail for the curious.
    Invalid(String),
    /// A file above the size read (refused before reading it).
    FileTooLarge {
        max_mb: u32,
    },
    /// Bytes that are not UTF-8 text, from this byte offset.
    NotUtf8 {
        byte: usize,
    },
    /// An empty file.
    Empty,
    /// Brackets nested deeper than any of our files nests them.
    TooDeep,
    /// Not a whole number from 0 to the largest count accepted.
    NotACount,
    /// The file was changed after it was made (its checksum does not match).
    Checksum,
    /// A file of a plan the office does not hold ("id (year)").
    OtherPlan(String),
    /// Markup or control characters in a name.
    /// A file of a unit that does not send to the user's unit: the sender's kind ("school",
    /// "office"), a school's file opened at the unit above or an office's at an office.
    OtherLevel(String),
    UnsafeText,
    /// Parts above their whole: field ids of each side, their sums, and the month.
    AboveWhole(Box<PartsAbove>),
    /// A tally row that counts another number of forms than were returned.
    RowSum {
        counted: u64,
        returned: u64,
    },
}

/// Parts above their whole in a file: the field ids of each side, their sums, and the month.
#[derive(Debug, Clone, PartialEq)]
pub struct PartsAbove {
    pub part: Vec<String>,
    pub whole: Vec<String>,
    pub part_sum: u64,
    pub whole_sum: u64,
    pub at: String,
}

/// An error with where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Field path from the top of the document; empty for the whole document.
    pub path: String,
    /// Line and column in the text, when the error was found while reading it.
    pub at: Option<(usize, usize)>,
    pub error: FieldError,
}

impl Located {
    pub fn new(path: impl Into<String>, error: FieldError) -> Located {
        Located {
            path: path.into(),
            at: None,
            error,
        }
    }

    /// A reading error of serde_json, with its line and column.
    pub fn from_json(e: &serde_json::Error) -> Located {
        use serde_json::error::Category;
        let at = (e.line() > 0).then(|| (e.line(), e.column()));
        let error = match e.classify() {
            Category::Syntax | Category::Eof | Category::Io => FieldError::Syntax {
                line: e.line(),
                column: e.column(),
            },
            Category::Data if e.to_string().starts_with("missing field") => FieldError::Missing,
            Category::Data => FieldError::Invalid(e.to_string()),
        };
        Located {
            path: String::new(),
            at,
            error,
        }
    }
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
