//! Turning the pages' names (`IPv6Addresses`, `ASRLatency`, `Type`, `InternalError.DBError`) into Rust identifiers.
//!
//! heck is not used: it splits `IPv6Addresses` into `i_pv6_addresses` and `InstanceIDs` into `instance_i_ds`.
//! The word splitter below knows the two acronym shapes the pages use (a version suffix `IPv6` and a plural `IDs`).

use proc_macro2::{Ident, Span};

/// Splits a page name into lowercase words: `ASRLatency` -> [asr, latency], `IPv6Addresses` -> [ipv6, addresses],
/// `InstanceIDs` -> [instance, ids], `CALL_FAILED` -> [call, failed], `Md5Sum` -> [md5, sum].
pub fn words(name: &str) -> Vec<String> {
    let mut name = name.to_owned();
    for (acronym, word) in MIXED_CASE_ACRONYMS {
        name = name.replace(acronym, word);
    }
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        split_case(part, &mut words);
    }
    words
}

fn split_case(part: &str, words: &mut Vec<String>) {
    let chars: Vec<char> = part.chars().collect();
    let mut start = 0;
    let mut i = 1;
    while i < chars.len() {
        let (prev, cur) = (chars[i - 1], chars[i]);
        let boundary = if cur.is_ascii_uppercase() {
            // aB, 2B, and the last capital of a run followed by lowercase: ASRLatency -> ASR|Latency.
            !prev.is_ascii_uppercase()
                || (chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()) && !acronym_tail(&chars, i + 1))
        } else {
            false
        };
        if boundary {
            words.push(chars[start..i].iter().collect::<String>().to_ascii_lowercase());
            start = i;
        }
        i += 1;
    }
    if start < chars.len() {
        words.push(chars[start..].iter().collect::<String>().to_ascii_lowercase());
    }
}

/// Acronyms whose capitals no case rule can read as one word (`AntiDDoSPackageId` is not `anti_d_do_s_...`).
const MIXED_CASE_ACRONYMS: &[(&str, &str)] =
    &[("DDoS", "Ddos"), ("MySQL", "Mysql"), ("PostgreSQL", "Postgresql"), ("NoSQL", "Nosql"), ("IoT", "Iot")];

/// Whether the lowercase text at `at` belongs to the capitals before it rather than starting a new word:
/// the plural `s` of `IDs` / `URLs`, or the version `v6` of `IPv6`.
fn acronym_tail(chars: &[char], at: usize) -> bool {
    let next = chars.get(at + 1).copied();
    match chars[at] {
        's' => next.is_none_or(|c| !c.is_ascii_lowercase()),
        'v' => next.is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// `sdk_app_id` from `SdkAppId`; empty when the name holds no letters or digits.
pub fn snake_case(name: &str) -> String {
    words(name).join("_")
}

/// `InternalErrorDbError` from `InternalError.DBError`.
pub fn upper_camel_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

const RAW_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const PLAIN_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// A snake_case identifier for a member or method: `r#type` for `Type`, `self_` for `Self`, `_3d` for `3D`.
/// `None` when the name holds no letters or digits at all.
pub fn snake_ident(name: &str) -> Option<Ident> {
    valid_ident(snake_case(name), '_')
}

/// `None` for an empty name; a name starting with a digit gets `prefix` first, since identifiers cannot.
fn valid_ident(mut s: String, prefix: char) -> Option<Ident> {
    if s.is_empty() {
        return None;
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, prefix);
    }
    Some(ident(&s))
}

/// `ident` when `free` accepts its name, else the first of `ident_2`, `ident_3`, ... that it accepts: how two wire
/// names that map to one Rust name (`AppID`, `AppId`) both get a field, in page order.
pub fn first_free(ident: &Ident, free: impl Fn(&str) -> bool) -> Ident {
    first_numbered(ident, "_", free)
}

/// [`first_free`] for a CamelCase name, numbered as a type or variant reads: `Ident2`, `Ident3`, ...
pub fn first_free_camel(ident: &Ident, free: impl Fn(&str) -> bool) -> Ident {
    first_numbered(ident, "", free)
}

fn first_numbered(ident: &Ident, separator: &str, free: impl Fn(&str) -> bool) -> Ident {
    let name = ident.to_string();
    if free(&name) {
        return ident.clone();
    }
    let base = unraw(ident);
    (2..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|candidate| free(candidate))
        .map(|candidate| self::ident(&candidate))
        .unwrap_or_else(|| ident.clone())
}

/// An identifier for `s`, raw when `s` is a keyword.
pub fn ident(s: &str) -> Ident {
    if PLAIN_KEYWORDS.contains(&s) {
        Ident::new(&format!("{s}_"), Span::call_site())
    } else if RAW_KEYWORDS.contains(&s) {
        Ident::new_raw(s, Span::call_site())
    } else {
        Ident::new(s, Span::call_site())
    }
}

/// The identifier without any `r#`: `type` for `r#type`, for names built from it (`set_type`) and for text.
pub fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(bare) => bare.to_owned(),
        None => s,
    }
}

/// An UpperCamelCase identifier for an enum variant; `None` when the name holds no letters or digits.
pub fn camel_ident(name: &str) -> Option<Ident> {
    valid_ident(upper_camel_case(name), 'N')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_handles_the_pages_names() {
        for (page, rust) in [
            ("SdkAppId", "sdk_app_id"),
            ("IPv6Addresses", "ipv6_addresses"),
            ("ASRLatency", "asr_latency"),
            ("InstanceIDs", "instance_ids"),
            ("InstanceIds", "instance_ids"),
            ("URLs", "urls"),
            ("CreateSDKLoginToken", "create_sdk_login_token"),
            ("CreateAICall", "create_ai_call"),
            ("Type", "type"),
            ("VPCId", "vpc_id"),
            ("IPv6AddressCount", "ipv6_address_count"),
            ("Md5Sum", "md5_sum"),
            ("Http2Enabled", "http2_enabled"),
            ("CALL_FAILED", "call_failed"),
            ("DescribeAutoCalloutTask", "describe_auto_callout_task"),
            ("TTSVoice", "tts_voice"),
            ("VoiceType", "voice_type"),
            ("IsVip", "is_vip"),
            ("Os", "os"),
            ("OSName", "os_name"),
            ("A", "a"),
            ("AntiDDoSPackageId", "anti_ddos_package_id"),
            ("MySQLVersion", "mysql_version"),
            ("MaxCallPSec", "max_call_p_sec"),
            ("P90Latency", "p90_latency"),
            ("Async", "async"),
        ] {
            assert_eq!(snake_case(page), rust, "{page}");
        }
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("Type").unwrap().to_string(), "r#type");
        assert_eq!(snake_ident("Match").unwrap().to_string(), "r#match");
        assert_eq!(snake_ident("Self").unwrap().to_string(), "self_");
        assert_eq!(snake_ident("Crate").unwrap().to_string(), "crate_");
        assert_eq!(snake_ident("3DModel").unwrap().to_string(), "_3_d_model");
        assert!(snake_ident("__").is_none());
        assert_eq!(unraw(&snake_ident("Type").unwrap()), "type");
        assert_eq!(unraw(&snake_ident("Self").unwrap()), "self_");
        assert_eq!(unraw(&snake_ident("SdkAppId").unwrap()), "sdk_app_id");
    }

    #[test]
    fn error_codes_become_variants() {
        assert_eq!(upper_camel_case("InternalError.DBError"), "InternalErrorDbError");
        assert_eq!(upper_camel_case("RequestLimitExceeded.IPLimitExceeded"), "RequestLimitExceededIpLimitExceeded");
        assert_eq!(upper_camel_case("FailedOperation.CALL_FAILED"), "FailedOperationCallFailed");
        assert_eq!(upper_camel_case("AuthFailure.MFAFailure"), "AuthFailureMfaFailure");
    }
}
