//! Credentials from the INI profile file `~/.tencentcloud/credentials` (or `TENCENTCLOUD_CREDENTIALS_FILE`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::Error;

/// The environment variable naming a profile file to read instead of `~/.tencentcloud/credentials`.
pub const CREDENTIALS_FILE_VAR: &str = "TENCENTCLOUD_CREDENTIALS_FILE";
/// The section of the profile file read unless [`ProfileProvider::with_profile`] names another.
pub const DEFAULT_PROFILE: &str = "default";

/// Reads `[profile]` with `secret_id`, `secret_key` and optional `token` from the profile file.
///
/// The file is read off the async threads (`spawn_blocking`), only if it is a regular file of at most
/// [`MAX_PROFILE_BYTES`] (a FIFO or `/dev/zero` is refused, not read), and re-read only when its modification
/// time or length changes. Clones share the cache.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    profile: String,
    cache: Arc<Mutex<Option<Cached>>>,
}

/// The largest profile file read: a real one is a few hundred bytes.
pub const MAX_PROFILE_BYTES: u64 = 64 * 1024;

/// The credentials last read, and which version of which file they came from.
#[derive(Debug)]
struct Cached {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
    credentials: Arc<Credentials>,
}

impl Default for ProfileProvider {
    fn default() -> Self {
        ProfileProvider { path: None, profile: DEFAULT_PROFILE.to_owned(), cache: Arc::default() }
    }
}

impl ProfileProvider {
    /// The `[default]` profile of the default file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads this section of the file instead of [`DEFAULT_PROFILE`].
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

    /// The credentials, read on a blocking thread.
    pub(crate) async fn load(&self) -> Result<Arc<Credentials>, Error> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.read_blocking())
            .await
            .unwrap_or_else(|_| Err(Error::credentials("reading the profile file panicked")))
    }

    fn read_blocking(&self) -> Result<Arc<Credentials>, Error> {
        let path = self.resolve_path()?;
        let fail = |what: String| Error::credentials(format!("the profile file {}: {what}", path.display()));
        // Checked before opening: opening a FIFO blocks until a writer comes, and a device never ends.
        let meta = std::fs::metadata(&path).map_err(|e| fail(format!("cannot read it: {e}")))?;
        if !meta.is_file() {
            return Err(fail("is not a regular file".to_owned()));
        }
        if meta.len() > MAX_PROFILE_BYTES {
            return Err(fail(format!("is larger than {MAX_PROFILE_BYTES} bytes")));
        }
        let modified = meta.modified().ok();
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(cached) = cache.as_ref().filter(|c| c.path == path && c.modified == modified && c.len == meta.len())
        {
            return Ok(cached.credentials.clone());
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_PROFILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| fail(format!("cannot read it: {e}")))?;
        if bytes.len() as u64 > MAX_PROFILE_BYTES {
            return Err(fail(format!("is larger than {MAX_PROFILE_BYTES} bytes")));
        }
        let text = String::from_utf8(bytes).map_err(|_| fail("is not UTF-8".to_owned()))?;
        let credentials = Arc::new(parse_profile(&text, &self.profile).map_err(fail)?);
        *cache = Some(Cached { path, modified, len: meta.len(), credentials: credentials.clone() });
        Ok(credentials)
    }
}

/// Parses the INI text and returns the credentials of `profile`. Errors name the line and never quote a value.
fn parse_profile(text: &str, profile: &str) -> Result<Credentials, String> {
    let mut section: Option<&str> = None;
    let mut found_section = false;
    let mut sections: Vec<(&str, usize)> = Vec::new();
    let (mut id, mut key, mut token) = (None, None, None);
    // A file saved by Notepad starts with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
            // Two sections of one name would merge into an id and key from different accounts; the official
            // SDKs' configparser refuses the file, and so does this.
            if let Some((_, first)) = sections.iter().find(|(seen, _)| *seen == name) {
                return Err(format!("line {line_no}: the section `[{name}]` appears again (first on line {first})"));
            }
            sections.push((name, line_no));
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
        let slot = match name.trim() {
            "secret_id" => &mut id,
            "secret_key" => &mut key,
            "token" => &mut token,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(format!("line {line_no}: `{}` is set twice in `[{profile}]`", name.trim()));
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
        Box::pin(self.load())
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
    fn duplicate_sections_and_keys_are_refused_and_a_bom_is_accepted() {
        let twice = "[default]\nsecret_id = AKIDa\n[other]\n[default]\nsecret_key = key-b\n";
        assert_eq!(
            parse_profile(twice, "default").unwrap_err(),
            "line 4: the section `[default]` appears again (first on line 1)"
        );
        let e = parse_profile("[default]\nsecret_id = a\nsecret_id = b\nsecret_key = k\n", "default").unwrap_err();
        assert_eq!(e, "line 3: `secret_id` is set twice in `[default]`");
        let c = parse_profile("\u{feff}[default]\nsecret_id = AKIDbom\nsecret_key = k\n", "default").unwrap();
        assert_eq!(c.secret_id(), "AKIDbom");
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
