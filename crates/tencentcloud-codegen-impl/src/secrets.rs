//! Which members hold secrets, so their values never reach `Debug` output and so logs.

/// Members whose values must not reach `Debug` output (and so logs): passwords, keys and login tokens.
pub fn is_sensitive(wire: &str) -> bool {
    let lower = wire.to_ascii_lowercase();
    ["password", "passwd", "secret", "privatekey"].iter().any(|w| lower.contains(w))
        || (lower.ends_with("token") && !["clienttoken", "nexttoken", "pagetoken"].iter().any(|w| lower.ends_with(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_recognised_by_name() {
        for name in ["Password", "ClientSecret", "PrivateKey", "Token", "BearerToken", "SecretKey"] {
            assert!(is_sensitive(name), "{name}");
        }
        for name in ["ClientToken", "NextToken", "KeyIds", "SdkAppId", "TokenCount"] {
            assert!(!is_sensitive(name), "{name}");
        }
    }
}
