//! The trangtin single-page app: fetches the content bundles and renders the portal.

pub mod app;
pub mod components;
pub mod fetch;
pub mod format;
pub mod routes;
pub mod scroll;
