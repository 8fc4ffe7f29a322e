//! Errors of the store, split by whose fault they are.

/// A store error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's doing: not a workspace, folder in use, wrong format version.
    #[error("{0}")]
    User(String),
    /// The disk failed us.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// The disk failed us on a named file.
    #[error("{path}: {source}")]
    IoAt {
        /// The file or folder.
        path: String,
        /// What failed.
        source: std::io::Error,
    },
    /// The catalogue failed.
    #[error("catalogue error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A data file failed to read or write.
    #[error("data file error: {0}")]
    Parquet(String),
    /// A bug: a stored value that this build should have been able to read back.
    #[error("internal error, please report: {0}")]
    Internal(String),
}

impl Error {
    pub(crate) fn user(msg: impl Into<String>) -> Error {
        Error::User(msg.into())
    }
}

/// Adds the path to an i/o error.
pub(crate) fn at(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::IoAt { path: path.display().to_string(), source }
}

impl From<parquet::errors::ParquetError> for Error {
    fn from(e: parquet::errors::ParquetError) -> Self {
        Error::Parquet(e.to_string())
    }
}

impl From<arrow_schema::ArrowError> for Error {
    fn from(e: arrow_schema::ArrowError) -> Self {
        Error::Parquet(e.to_string())
    }
}

/// Result with the store's error.
pub type Result<T> = std::result::Result<T, Error>;
