//! The page's files, embedded in the binary: no build step, nothing fetched at run time.

/// The page.
pub const INDEX_HTML: &str = include_str!("assets/index.html");

/// A file of the page by its name, with its media type; `None` for any other name, so that no path ever
/// reaches the file system.
pub fn get(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "app.js" => Some((include_str!("assets/app.js"), "text/javascript; charset=utf-8")),
        "app.css" => Some((include_str!("assets/app.css"), "text/css; charset=utf-8")),
        "favicon.svg" => Some((include_str!("assets/favicon.svg"), "image/svg+xml")),
        _ => None,
    }
}
