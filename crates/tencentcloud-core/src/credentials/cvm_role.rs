//! Temporary credentials of the CVM instance role, from the instance metadata service.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::refresh::{RefreshCache, expiry};
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::Error;
use crate::body::{DEFAULT_MAX_RESPONSE_BYTES, read_capped};
use crate::decode::what_was_wrong;
use crate::error::{location_host, one_line};

/// Where a CVM instance finds its role: a GET lists the role name, a GET of `<base><role>` returns its credentials.
pub const METADATA_CREDENTIALS_URL: &str = "http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/";

/// The role credentials of the instance this runs on, cached and refreshed five minutes before expiry.
#[derive(Debug, Clone)]
pub struct CvmRoleProvider {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    base_url: String,
    role: Option<String>,
    http: Option<reqwest::Client>,
    cache: RefreshCache,
}

#[derive(Deserialize)]
struct RoleCredentials {
    #[serde(rename = "TmpSecretId")]
    tmp_secret_id: String,
    #[serde(rename = "TmpSecretKey")]
    tmp_secret_key: String,
    #[serde(rename = "Token")]
    token: String,
    #[serde(rename = "ExpiredTime")]
    expired_time: Option<i64>,
    #[serde(rename = "Expiration")]
    expiration: Option<String>,
    #[serde(rename = "Code")]
    code: Option<String>,
}

impl Default for CvmRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl CvmRoleProvider {
    /// Reads the instance's role credentials from the CVM metadata service at its standard address.
    pub fn new() -> Self {
        Self::with_base_url(METADATA_CREDENTIALS_URL)
    }

    /// Ask this metadata URL instead (ending in `/`), e.g. a local test server.
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        // The metadata service is link-local: if it does not answer within a second, this is not a CVM.
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(5))
            .no_proxy()
            // A redirect would send the role's credentials request (and its answer's trust) to another host.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .ok();
        CvmRoleProvider { inner: Arc::new(Inner { base_url, role: None, http, cache: RefreshCache::default() }) }
    }

    /// Use this role instead of asking the metadata service for the instance's role name.
    #[must_use]
    pub fn with_role(self, role: impl Into<String>) -> Self {
        let inner = &self.inner;
        CvmRoleProvider {
            inner: Arc::new(Inner {
                base_url: inner.base_url.clone(),
                role: Some(role.into()),
                http: inner.http.clone(),
                cache: RefreshCache::default(),
            }),
        }
    }

    async fn get_text(&self, url: &str) -> Result<String, Error> {
        let http = self
            .inner
            .http
            .as_ref()
            .ok_or_else(|| Error::credentials("the metadata HTTP client could not be built"))?;
        let fail = |what: String| Error::credentials(format!("CVM role metadata {url}: {what}"));
        let response = http.get(url).send().await.map_err(|e| fail(e.without_url().to_string()))?;
        let status = response.status();
        if status.is_redirection() {
            let host = location_host(response.url(), response.headers().get(reqwest::header::LOCATION));
            let host = host.as_deref().unwrap_or("an unreadable Location");
            return Err(fail(format!("HTTP {status} redirecting to {host}; redirects are refused")));
        }
        let body = read_capped(response, DEFAULT_MAX_RESPONSE_BYTES).await.map_err(|e| fail(e.to_string()))?;
        let text = String::from_utf8(body.into()).map_err(|_| fail("the answer is not UTF-8".to_owned()))?;
        if !status.is_success() {
            return Err(fail(format!("HTTP {status}")));
        }
        Ok(text)
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let role = match &self.inner.role {
            Some(role) => role.clone(),
            None => {
                let listing = self.get_text(&self.inner.base_url).await?;
                listing
                    .lines()
                    .map(str::trim)
                    .find(|line| !line.is_empty())
                    .ok_or_else(|| Error::credentials("the instance has no CAM role attached"))?
                    .to_owned()
            }
        };
        if !is_role_name(&role) {
            // Quoted only bounded and on one line: the listing came from the network.
            return Err(Error::credentials(format!(
                "`{}` is not a CAM role name (1-128 of A-Z a-z 0-9 + = , . @ _ -)",
                one_line(&role, 64)
            )));
        }
        let url = format!("{}{role}", self.inner.base_url);
        let body = self.get_text(&url).await?;
        let parsed: RoleCredentials = serde_json::from_str(&body).map_err(|e| {
            Error::credentials(format!(
                "the role credentials from {url} are not the expected JSON (TmpSecretId, TmpSecretKey, Token, \
                 ExpiredTime): {}",
                what_was_wrong(&e)
            ))
        })?;
        if let Some(code) = parsed.code.as_deref().filter(|c| *c != "Success") {
            return Err(Error::credentials(format!(
                "the metadata service answered Code `{}` for role `{role}`",
                one_line(code, 64)
            )));
        }
        let expires = expiry(parsed.expired_time, parsed.expiration.as_deref())
            .ok_or_else(|| Error::credentials(format!("the role credentials from {url} carry no valid expiry")))?;
        Ok(Credentials::new(parsed.tmp_secret_id, parsed.tmp_secret_key).with_token(parsed.token).with_expiry(expires))
    }
}

/// CAM's rule for role names, so a name from the network is safe to put into a URL and an error message.
fn is_role_name(name: &str) -> bool {
    (1..=128).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

impl ProvideCredentials for CvmRoleProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.inner.cache.get(|| self.fetch()))
    }
}
