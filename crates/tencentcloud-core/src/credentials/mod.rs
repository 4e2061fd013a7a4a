//! Credentials and where they come from: static keys, environment, profile file, CVM role, STS AssumeRole, a chain.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use crate::Error;

mod assume_role;
mod chain;
mod cvm_role;
mod env;
mod profile;
mod refresh;

pub use assume_role::{AssumeRoleBuilder, AssumeRoleProvider, DEFAULT_STS_REGION};
pub use chain::DefaultChain;
pub use cvm_role::{CvmRoleProvider, METADATA_CREDENTIALS_URL};
pub use env::{EnvironmentProvider, SECRET_ID_VAR, SECRET_KEY_VAR, SESSION_TOKEN_VAR};
pub use profile::{CREDENTIALS_FILE_VAR, DEFAULT_PROFILE, MAX_PROFILE_BYTES, ProfileProvider};
pub use refresh::REFRESH_BEFORE_EXPIRY;

/// A SecretId, SecretKey and, for temporary credentials, a session token and expiry.
/// `Debug` shows the SecretId only; the key and token never appear in any output.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    secret_id: String,
    secret_key: String,
    token: Option<String>,
    expires_at: Option<SystemTime>,
}

impl Credentials {
    /// Permanent credentials: a key pair with no session token and no expiry.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials { secret_id: secret_id.into(), secret_key: secret_key.into(), token: None, expires_at: None }
    }

    /// Adds the session token of temporary credentials (sent as `X-TC-Token`).
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Marks the credentials as expiring, so cached providers refresh them five minutes before.
    #[must_use]
    pub fn with_expiry(mut self, expires_at: SystemTime) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The SecretId, which identifies the key and is sent in the `Authorization` header.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey, which signs requests and is never sent.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The session token of temporary credentials, sent as `X-TC-Token`; `None` for permanent keys.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// When temporary credentials stop working; `None` for permanent keys.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"<redacted>")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What [`ProvideCredentials::provide`] returns.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Arc<Credentials>, Error>> + Send + 'a>>;

/// A source of credentials. Providers of temporary credentials cache and refresh them themselves.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next call with, fetched or refreshed when needed.
    fn provide(&self) -> CredentialsFuture<'_>;

    /// Credentials that never change, which a client may keep instead of asking on every call.
    fn fixed(&self) -> Option<Arc<Credentials>> {
        None
    }
}

impl ProvideCredentials for Credentials {
    fn provide(&self) -> CredentialsFuture<'_> {
        let credentials = Arc::new(self.clone());
        Box::pin(async move { Ok(credentials) })
    }

    fn fixed(&self) -> Option<Arc<Credentials>> {
        Some(Arc::new(self.clone()))
    }
}
