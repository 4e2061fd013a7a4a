//! What generated code declares about a service and its actions, and the trait each request type implements.

/// A Tencent Cloud service API: `cvm` version `2017-03-12`, reached at `cvm.tencentcloudapi.com`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The service name used in the credential scope and the host, e.g. `cvm`.
    pub name: &'static str,
    /// The API version sent as `X-TC-Version`, e.g. `2017-03-12`.
    pub version: &'static str,
    /// The default endpoint host, e.g. `cvm.tencentcloudapi.com`.
    pub domain: &'static str,
}

/// One action of a service, as the spec describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    /// The service the action belongs to: its name, version and domain.
    pub service: &'static ServiceInfo,
    /// The action name sent as `X-TC-Action`, e.g. `DescribeInstances`.
    pub name: &'static str,
    /// The documented request rate limit; the client paces calls of this action to it unless told not to.
    pub rate_limit_per_second: Option<u32>,
    /// The action is refused without `X-TC-Region`, so the client fails before sending when none is set.
    pub region_required: bool,
    /// From `tencentcloud_spec::is_read_only_action`: repeating the call changes nothing.
    pub read_only: bool,
}

/// A request of one action: serialises to the JSON body; `Output` is the content of `{"Response": {...}}`.
pub trait Action: serde::Serialize + Send + Sync {
    /// The response type: the content of `{"Response": {...}}`, without the envelope.
    type Output: serde::de::DeserializeOwned + Send + 'static;
    /// The action's name, service and calling rules (rate limit, region, read-only).
    const INFO: &'static ActionInfo;
    /// Safe to repeat after a timeout or InternalError: read-only, or carries a ClientToken.
    fn retry_safe(&self) -> bool {
        Self::INFO.read_only
    }
}
