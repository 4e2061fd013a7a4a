//! The default credential chain: environment, then profile file, then CVM instance role.

use std::sync::{Arc, OnceLock};

use super::{
    Credentials, CredentialsFuture, CvmRoleProvider, EnvironmentProvider, ProfileProvider, ProvideCredentials,
};
use crate::Error;

/// Tries the environment, the `[default]` profile and the CVM role, in that order. Static sources are read
/// once; once the CVM role has answered, the chain sticks to it (it refreshes itself).
#[derive(Debug)]
pub struct DefaultChain {
    env: EnvironmentProvider,
    profile: ProfileProvider,
    cvm: CvmRoleProvider,
    resolved: OnceLock<Resolved>,
}

/// Which link answered first; the chain keeps asking that one.
#[derive(Debug)]
enum Resolved {
    Fixed(Arc<Credentials>),
    Cvm,
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

impl DefaultChain {
    /// The chain environment, then profile file, then CVM role: the first that has credentials wins.
    pub fn new() -> Self {
        DefaultChain {
            env: EnvironmentProvider::new(),
            profile: ProfileProvider::new(),
            cvm: CvmRoleProvider::new(),
            resolved: OnceLock::new(),
        }
    }

    /// Use this CVM role provider (e.g. one pointed at a test metadata server) as the last link.
    #[must_use]
    pub fn with_cvm_role(mut self, cvm: CvmRoleProvider) -> Self {
        self.cvm = cvm;
        self
    }

    /// Use this profile provider (e.g. a named profile) as the second link.
    #[must_use]
    pub fn with_profile(mut self, profile: ProfileProvider) -> Self {
        self.profile = profile;
        self
    }

    async fn resolve(&self) -> Result<Resolved, Error> {
        let env_error = match self.env.read() {
            Ok(credentials) => return Ok(Resolved::Fixed(Arc::new(credentials))),
            Err(e) => e,
        };
        let profile_error = match self.profile.load().await {
            Ok(credentials) => return Ok(Resolved::Fixed(credentials)),
            Err(e) => e,
        };
        match self.cvm.provide().await {
            Ok(_) => Ok(Resolved::Cvm),
            Err(cvm_error) => Err(Error::credentials(format!(
                "tried the environment ({}), the profile file ({}) and the CVM role ({})",
                env_error.reason(),
                profile_error.reason(),
                cvm_error.reason()
            ))),
        }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let resolved = match self.resolved.get() {
                Some(resolved) => resolved,
                None => {
                    let resolved = self.resolve().await?;
                    self.resolved.get_or_init(|| resolved)
                }
            };
            match resolved {
                Resolved::Fixed(credentials) => Ok(credentials.clone()),
                Resolved::Cvm => self.cvm.provide().await,
            }
        })
    }
}
