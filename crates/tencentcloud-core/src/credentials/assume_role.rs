//! Temporary credentials from STS AssumeRole (version 2018-08-13), signed with another provider's credentials.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::refresh::{RefreshCache, expiry};
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::{Action, ActionInfo, Client, Error, ServiceInfo};

static STS: ServiceInfo = ServiceInfo { name: "sts", version: "2018-08-13", domain: "sts.tencentcloudapi.com" };
static ASSUME_ROLE: ActionInfo = ActionInfo {
    service: &STS,
    name: "AssumeRole",
    rate_limit_per_second: None,
    region_required: true,
    read_only: false,
};

/// The region STS is called in when none is given; AssumeRole works the same from every region.
pub const DEFAULT_STS_REGION: &str = "ap-guangzhou";

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AssumeRole<'a> {
    role_arn: &'a str,
    role_session_name: &'a str,
    duration_seconds: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AssumeRoleOutput {
    credentials: TemporaryCredentials,
    expired_time: Option<i64>,
    expiration: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TemporaryCredentials {
    token: String,
    tmp_secret_id: String,
    tmp_secret_key: String,
}

impl Action for AssumeRole<'_> {
    type Output = AssumeRoleOutput;
    const INFO: &'static ActionInfo = &ASSUME_ROLE;
    /// Assuming a role again only issues another set of temporary credentials.
    fn retry_safe(&self) -> bool {
        true
    }
}

/// Assumes `role_arn` with the credentials of a source provider; caches the result and refreshes it five
/// minutes before it expires.
#[derive(Clone)]
pub struct AssumeRoleProvider {
    inner: Arc<Inner>,
}

struct Inner {
    config: AssumeRoleBuilder,
    client: Client,
    cache: RefreshCache,
}

impl std::fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("AssumeRoleProvider").field(&self.inner.config).finish()
    }
}

/// Configures an [`AssumeRoleProvider`]. Holds no secret itself: the source provider redacts its own, and the
/// endpoint's password is not shown.
#[must_use]
pub struct AssumeRoleBuilder {
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    session_name: String,
    duration: Duration,
    policy: Option<String>,
    external_id: Option<String>,
    region: String,
    endpoint: Option<String>,
    allow_insecure_http: bool,
}

impl std::fmt::Debug for AssumeRoleBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssumeRoleBuilder")
            .field("source", &self.source)
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint.as_deref().map(crate::client::shown_url))
            .finish_non_exhaustive()
    }
}

impl AssumeRoleProvider {
    /// Assume `role_arn` (e.g. `qcs::cam::uin/100000000001:roleName/reader`) as session `session_name`.
    pub fn builder(
        source: impl ProvideCredentials + 'static,
        role_arn: impl Into<String>,
        session_name: impl Into<String>,
    ) -> AssumeRoleBuilder {
        AssumeRoleBuilder {
            source: Arc::new(source),
            role_arn: role_arn.into(),
            session_name: session_name.into(),
            duration: Duration::from_secs(7200),
            policy: None,
            external_id: None,
            region: DEFAULT_STS_REGION.to_owned(),
            endpoint: None,
            allow_insecure_http: false,
        }
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let inner = &self.inner.config;
        let request = AssumeRole {
            role_arn: &inner.role_arn,
            role_session_name: &inner.session_name,
            duration_seconds: inner.duration.as_secs(),
            policy: inner.policy.as_deref(),
            external_id: inner.external_id.as_deref(),
        };
        let output = self.inner.client.execute(&request).await.map_err(|e| {
            let kept = Error::credentials(format!("STS AssumeRole of {} failed: {e}", inner.role_arn));
            kept.with_source(e)
        })?;
        let expires = expiry(output.expired_time, output.expiration.as_deref())
            .ok_or_else(|| Error::credentials("STS AssumeRole returned no valid ExpiredTime or Expiration"))?;
        let c = output.credentials;
        Ok(Credentials::new(c.tmp_secret_id, c.tmp_secret_key).with_token(c.token).with_expiry(expires))
    }
}

impl AssumeRoleBuilder {
    /// How long the credentials last (default 2 hours; STS allows up to 12).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// A policy narrowing the role's permissions for this session (JSON text).
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// The external ID the role's trust policy asks for (STS `ExternalId`).
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// The region sent with the AssumeRole call (default `ap-guangzhou`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Call STS at this URL instead of `https://sts.tencentcloudapi.com/`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Allow a plain `http://` STS endpoint that is not loopback (see [`ClientBuilder::allow_insecure_http`]).
    ///
    /// [`ClientBuilder::allow_insecure_http`]: crate::ClientBuilder::allow_insecure_http
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Checks the settings and builds the STS client, so a bad endpoint is reported here, not on first use.
    pub fn build(self) -> Result<AssumeRoleProvider, Error> {
        if self.role_arn.is_empty() || self.session_name.is_empty() {
            return Err(Error::build("AssumeRole needs a role ARN and a session name"));
        }
        if !(900..=43_200).contains(&self.duration.as_secs()) {
            return Err(Error::build("AssumeRole duration must be between 15 minutes and 12 hours"));
        }
        let mut client = Client::builder().credentials_provider(self.source.clone()).region(&self.region);
        if let Some(endpoint) = &self.endpoint {
            client = client.endpoint(endpoint);
        }
        if self.allow_insecure_http {
            client = client.allow_insecure_http();
        }
        let client = client.build()?;
        Ok(AssumeRoleProvider { inner: Arc::new(Inner { config: self, client, cache: RefreshCache::default() }) })
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.inner.cache.get(|| self.fetch()))
    }
}
