//! Credentials from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and `TENCENTCLOUD_SESSION_TOKEN`.

use std::sync::Arc;

use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::Error;

/// The environment variable holding the SecretId.
pub const SECRET_ID_VAR: &str = "TENCENTCLOUD_SECRET_ID";
/// The environment variable holding the SecretKey.
pub const SECRET_KEY_VAR: &str = "TENCENTCLOUD_SECRET_KEY";
/// The environment variable holding the session token of temporary credentials, when there is one.
pub const SESSION_TOKEN_VAR: &str = "TENCENTCLOUD_SESSION_TOKEN";

/// Reads the environment on every call, so a changed variable is picked up.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    _private: (),
}

impl EnvironmentProvider {
    /// A provider reading [`SECRET_ID_VAR`], [`SECRET_KEY_VAR`] and [`SESSION_TOKEN_VAR`].
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn read(&self) -> Result<Credentials, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        match (var(SECRET_ID_VAR), var(SECRET_KEY_VAR)) {
            (Some(id), Some(key)) => {
                let credentials = Credentials::new(id.trim(), key.trim());
                Ok(match var(SESSION_TOKEN_VAR) {
                    Some(token) => credentials.with_token(token.trim()),
                    None => credentials,
                })
            }
            (None, None) => Err(Error::credentials(format!("{SECRET_ID_VAR} and {SECRET_KEY_VAR} are not set"))),
            (Some(_), None) => Err(Error::credentials(format!("{SECRET_ID_VAR} is set but {SECRET_KEY_VAR} is not"))),
            (None, Some(_)) => Err(Error::credentials(format!("{SECRET_KEY_VAR} is set but {SECRET_ID_VAR} is not"))),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        let outcome = self.read().map(Arc::new);
        Box::pin(async move { outcome })
    }
}
