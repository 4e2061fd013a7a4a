//! Reads saved API reference pages (text, Markdown, HTML) and turns them into specs.
