//! Integration tests of entity resolution: one binary, a module per feature.

mod contacts;
mod decisions;
mod entities;
mod febrl;
mod households;
mod support;
mod transliteration;
