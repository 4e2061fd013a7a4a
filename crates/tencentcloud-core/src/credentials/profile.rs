//! Credentials from the INI profile file `~/.tencentcloud/credentials` (or `TENCENTCLOUD_CREDENTIALS_FILE`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::Error;

pub const CREDENTIALS_FILE_VAR: &str = "TENCENTCLOUD_CREDENTIALS_FILE";
pub const DEFAULT_PROFILE: &str = "default";

/// Reads `[profile]` with `secret_id`, `secret_key` and optional `token` from the profile file.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    profile: String,
}

impl Default for ProfileProvider {
    fn default() -> Self {
        ProfileProvider { path: None, profile: DEFAULT_PROFILE.to_owned() }
    }
}

impl ProfileProvider {
    /// The `[default]` profile of the default file.
    pub fn new() -> Self {
        Self::default()
    }

    #[must_use]
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = profile.into();
        self
    }

    /// Read this file instead of `TENCENTCLOUD_CREDENTIALS_FILE` or `~/.tencentcloud/credentials`.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    fn resolve_path(&self) -> Result<PathBuf, Error> {
        if let Some(path) = &self.path {
            return Ok(path.clone());
        }
        if let Some(path) = std::env::var_os(CREDENTIALS_FILE_VAR).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(path));
        }
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .ok_or_else(|| Error::credentials("no profile file: HOME is not set"))?;
        Ok(Path::new(&home).join(".tencentcloud").join("credentials"))
    }

    pub(crate) fn read(&self) -> Result<Credentials, Error> {
        let path = self.resolve_path()?;
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::credentials(format!("cannot read the profile file {}: {e}", path.display())))?;
        parse_profile(&text, &self.profile).map_err(|why| Error::credentials(format!("{}: {why}", path.display())))
    }
}

/// Parses the INI text and returns the credentials of `profile`. Errors name the line and never quote a value.
fn parse_profile(text: &str, profile: &str) -> Result<Credentials, String> {
    let mut section: Option<&str> = None;
    let mut found_section = false;
    let (mut id, mut key, mut token) = (None, None, None);
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[') {
            let name = name
                .strip_suffix(']')
                .ok_or_else(|| format!("line {line_no}: expected `[profile]`, the `]` is missing"))?
                .trim();
            section = Some(name);
            found_section |= name == profile;
            continue;
        }
        let (name, value) =
            line.split_once('=').ok_or_else(|| format!("line {line_no}: expected `key = value` or `[profile]`"))?;
        if section != Some(profile) {
            continue;
        }
        let value = value.trim().to_owned();
        match name.trim() {
            "secret_id" => id = Some(value),
            "secret_key" => key = Some(value),
            "token" => token = Some(value),
            _ => {}
        }
    }
    if !found_section {
        return Err(format!("no `[{profile}]` profile"));
    }
    let id = id.filter(|v| !v.is_empty()).ok_or_else(|| format!("the `[{profile}]` profile has no secret_id"))?;
    let key = key.filter(|v| !v.is_empty()).ok_or_else(|| format!("the `[{profile}]` profile has no secret_key"))?;
    let credentials = Credentials::new(id, key);
    Ok(match token.filter(|t| !t.is_empty()) {
        Some(token) => credentials.with_token(token),
        None => credentials,
    })
}

impl ProvideCredentials for ProfileProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        let outcome = self.read().map(Arc::new);
        Box::pin(async move { outcome })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# comment\n[default]\nsecret_id = AKIDdefault\nsecret_key = key-default\n\n[work]\n\
                        secret_id=AKIDwork\n; another comment\nsecret_key=key-work\ntoken = tok-work\n";

    #[test]
    fn reads_default_and_named_profiles() {
        let c = parse_profile(FILE, "default").unwrap();
        assert_eq!((c.secret_id(), c.secret_key(), c.token()), ("AKIDdefault", "key-default", None));
        let c = parse_profile(FILE, "work").unwrap();
        assert_eq!((c.secret_id(), c.secret_key(), c.token()), ("AKIDwork", "key-work", Some("tok-work")));
    }

    #[test]
    fn errors_name_the_problem_not_the_secret() {
        assert_eq!(parse_profile(FILE, "missing").unwrap_err(), "no `[missing]` profile");
        let e = parse_profile("[default]\nsecret_id = a\n", "default").unwrap_err();
        assert_eq!(e, "the `[default]` profile has no secret_key");
        let e = parse_profile("[default\nsecret_key = hunter2\n", "default").unwrap_err();
        assert_eq!(e, "line 1: expected `[profile]`, the `]` is missing");
        let e = parse_profile("[default]\nsecret_key hunter2\n", "default").unwrap_err();
        assert!(e.starts_with("line 2:") && !e.contains("hunter2"), "{e}");
    }
}
