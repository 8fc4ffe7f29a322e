//! Integration tests of the workbench server: the authorisation matrix, the victim compartment, the audit
//! log, and bad requests. The router runs in process; each test gets its own workspace.

mod fixture;

mod audit;
mod bad_requests;
mod matrix;
