//! Errors of the server, and the one table that maps each to a stable code and an HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error of the server or its admin functions.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No valid session: log in first.
    #[error("not logged in")]
    Unauthenticated,
    /// Logged in, but the role or the case membership does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// No such object.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed or a value is invalid.
    #[error("{0}")]
    BadRequest(String),
    /// Too many failed logins for a user name: wait before trying again.
    #[error("{0}")]
    TooManyRequests(String),
    /// The request conflicts with the state (a job already running).
    #[error("{0}")]
    Conflict(String),
    /// The workspace's store refused or failed.
    #[error(transparent)]
    Store(#[from] theseus_store::Error),
    /// The server's own database failed.
    #[error("server database: {0}")]
    Db(#[from] rusqlite::Error),
    /// The disk failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// A bug.
    #[error("internal error, please report: {0}")]
    Internal(String),
}

/// A result of the server.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The stable code and HTTP status of each error: the one place where errors meet HTTP.
    pub fn code_and_status(&self) -> (&'static str, StatusCode) {
        match self {
            Error::Unauthenticated => ("unauthenticated", StatusCode::UNAUTHORIZED),
            Error::Forbidden(_) => ("forbidden", StatusCode::FORBIDDEN),
            Error::NotFound(_) => ("not_found", StatusCode::NOT_FOUND),
            Error::BadRequest(_) => ("bad_request", StatusCode::BAD_REQUEST),
            Error::Conflict(_) => ("conflict", StatusCode::CONFLICT),
            Error::TooManyRequests(_) => ("too_many_requests", StatusCode::TOO_MANY_REQUESTS),
            Error::Store(theseus_store::Error::User(_)) => ("invalid", StatusCode::UNPROCESSABLE_ENTITY),
            Error::Store(_) | Error::Db(_) | Error::Io(_) | Error::Internal(_) => {
                ("internal", StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (code, status) = self.code_and_status();
        // Internal details go to the server's log, not to the browser.
        let message = if status.is_server_error() {
            eprintln!("error: {self}");
            "internal error; see the server log".to_string()
        } else {
            self.to_string()
        };
        (status, axum::Json(serde_json::json!({"error": {"code": code, "message": message}}))).into_response()
    }
}
