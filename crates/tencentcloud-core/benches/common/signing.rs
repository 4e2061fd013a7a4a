//! What the signing benches measure: a typical API 3.0 request (a 200-byte JSON body), and the SHA-256 work no TC3
//! signature of it can avoid (its hashing floor), shared so the criterion rows and the paired ratio agree.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use tencentcloud_core::sign::Request;

pub const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const SERVICE: &str = "ccc";
pub const TIMESTAMP: i64 = 1_763_900_000;

pub fn body_of_200_bytes() -> Vec<u8> {
    let mut body = br#"{"SdkAppId":1400000000,"TaskId":123456,"Filters":[{"Name":"instance-name","Values":["web-server-01","web-server-02"]}],"Offset":0,"Limit":20,"Order":"DESC","OrderField":"CreateTime","Pad":""#.to_vec();
    while body.len() < 198 {
        body.push(b'x');
    }
    body.extend_from_slice(b"\"}");
    assert_eq!(body.len(), 200);
    body
}

pub fn request(body: &[u8]) -> Request<'_> {
    Request {
        host: "ccc.tencentcloudapi.com",
        content_type: "application/json",
        action: Some("DescribeAutoCalloutTask"),
        payload: body,
    }
}

/// The SHA-256 blocks of a signature of [`request`]: the body's (4), the canonical request's (4 for ours) and the
/// HMAC's over the string to sign with the key's pads already absorbed (2 inner, 1 outer). The inputs have the
/// lengths ours have, so only the work around the hashing is left out.
pub struct Floor {
    body: Vec<u8>,
    canonical: String,
    string_to_sign: String,
    keyed: Hmac<Sha256>,
}

impl Floor {
    pub fn new(body: &[u8]) -> Self {
        let canonical = format!(
            "POST\n/\n\ncontent-type:application/json\nhost:ccc.tencentcloudapi.com\nx-tc-action:describeautocallouttask\n\ncontent-type;host;x-tc-action\n{}",
            "0".repeat(64)
        );
        let string_to_sign = format!("TC3-HMAC-SHA256\n{TIMESTAMP}\n2025-11-23/ccc/tc3_request\n{}", "0".repeat(64));
        let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&[7u8; 32]).unwrap();
        Floor { body: body.to_vec(), canonical, string_to_sign, keyed }
    }

    #[inline(always)]
    pub fn hash(&self) {
        let body_digest = Sha256::digest(black_box(&self.body));
        let canonical_digest = Sha256::digest(black_box(self.canonical.as_bytes()));
        let mut mac = black_box(&self.keyed).clone();
        mac.update(black_box(self.string_to_sign.as_bytes()));
        black_box((body_digest, canonical_digest, mac.finalize().into_bytes()));
    }
}
