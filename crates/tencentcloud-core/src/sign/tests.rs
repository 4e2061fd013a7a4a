//! The documented vector, RFC 4231 HMAC cases, civil dates, and verify's acceptance and rejection rules.

use super::*;

const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
const BODY: &str = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

fn vector_request() -> Request<'static> {
    Request {
        host: "cvm.tencentcloudapi.com",
        content_type: "application/json; charset=utf-8",
        action: None,
        payload: BODY.as_bytes(),
    }
}

#[test]
fn documented_vector() {
    assert_eq!(sha256_hex(BODY.as_bytes()), "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    let header = sign(ID, KEY, "cvm", 1551113065, &vector_request());
    assert_eq!(
        header,
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
         SignedHeaders=content-type;host, \
         Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    );
}

#[test]
fn hmac_matches_rfc4231_case_2() {
    let mac = key::mac(b"Jefe", b"what do ya want for nothing?");
    assert_eq!(as_str(&hex32(&mac)), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Keys longer than a block are hashed first (RFC 4231 case 6).
    let mac = key::mac(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First");
    assert_eq!(as_str(&hex32(&mac)), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

#[test]
fn civil_dates() {
    assert_eq!(utc_date(0).as_str(), "1970-01-01");
    assert_eq!(utc_date(1551113065).as_str(), "2019-02-25");
    assert_eq!(utc_date(951782400).as_str(), "2000-02-29");
    assert_eq!(utc_date(951868799).as_str(), "2000-02-29");
    assert_eq!(utc_date(951868800).as_str(), "2000-03-01");
    assert_eq!(utc_date(4107542399).as_str(), "2100-02-28");
    assert_eq!(utc_date(4107542400).as_str(), "2100-03-01");
    assert_eq!(utc_date(-1).as_str(), "1969-12-31");
    assert_eq!(utc_date(1735689599).as_str(), "2024-12-31");
}

#[test]
fn civil_dates_agree_with_day_counting() {
    // Walk day by day from 1970 through 2200 and check each date follows the previous one.
    let mut expected = (1970i64, 1u32, 1u32);
    for day in 0..(230 * 366) {
        let got = utc_date(day * 86_400 + 43_200);
        assert_eq!(got.as_str(), format!("{:04}-{:02}-{:02}", expected.0, expected.1, expected.2));
        let leap = (expected.0 % 4 == 0 && expected.0 % 100 != 0) || expected.0 % 400 == 0;
        let days_in_month = match expected.1 {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        expected = if expected.2 < days_in_month {
            (expected.0, expected.1, expected.2 + 1)
        } else if expected.1 < 12 {
            (expected.0, expected.1 + 1, 1)
        } else {
            (expected.0 + 1, 1, 1)
        };
    }
}

#[test]
fn remembered_day_never_answers_for_another() {
    // The first and last second of a day hit the remembered one; the seconds either side of it do not.
    let start = 1_763_856_000; // 2025-11-23T00:00:00Z
    for _ in 0..3 {
        assert_eq!(utc_date(start).as_str(), "2025-11-23");
        assert_eq!(utc_date(start + 86_399).as_str(), "2025-11-23");
        assert_eq!(utc_date(start - 1).as_str(), "2025-11-22");
        assert_eq!(utc_date(start + 86_400).as_str(), "2025-11-24");
    }
    // Days outside what the remembered word holds are converted every time, and clamped as before.
    assert_eq!(utc_date(-86_400 * 365).as_str(), "1969-01-01");
    assert!(utc_date(i64::MIN).as_str().starts_with("0000-"));
    assert!(utc_date(i64::MAX).as_str().starts_with("9999-"));
    assert!(utc_date(u32::MAX as i64 * 86_400).as_str().starts_with("9999-"));
    assert_eq!(utc_date(start).as_str(), "2025-11-23");
}

#[test]
fn threads_converting_different_days_each_get_their_own() {
    // Every thread overwrites the one remembered day; a race may cost a conversion, never a wrong date.
    let handles: Vec<_> = (0..4i64)
        .map(|thread| {
            std::thread::spawn(move || {
                for round in 0..20_000i64 {
                    let day = 20_000 + (round + thread) % 7;
                    let expected = crate::civil_time::civil_from_unix(day * 86_400);
                    let expected = format!("{:04}-{:02}-{:02}", expected.0, expected.1, expected.2);
                    assert_eq!(utc_date(day * 86_400 + round % 86_400).as_str(), expected);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

#[test]
fn authorization_reads_the_same_inline_or_on_the_heap() {
    let key = SigningKey::derive(KEY, "2019-02-25", "cvm");
    let request = vector_request();
    let short = authorization(ID, &key, "cvm", 1551113065, &request);
    assert!(matches!(short.0, client::AuthorizationBytes::Inline(_)));
    let expected = format!(
        "TC3-HMAC-SHA256 Credential={ID}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature="
    );
    assert!(short.as_str().starts_with(&expected), "{short}");
    assert_eq!(short.as_str().len(), expected.len() + 64);
    assert_eq!(short.as_bytes(), short.as_str().as_bytes());
    // A SecretId too long for the stack buffer: the header moves to the heap and reads the same way.
    let long_id = format!("AKID{}", "x".repeat(300));
    let long = authorization(&long_id, &key, "cvm", 1551113065, &request);
    assert!(matches!(long.0, client::AuthorizationBytes::Heap(_)));
    assert_eq!(long.as_str(), short.as_str().replacen(ID, &long_id, 1));
    // The client's bytes and the public value are the same header.
    let bytes = header_bytes(&long_id, &key, "cvm", 1551113065, Signed::Post(&request));
    assert_eq!(bytes, long.as_bytes());
    assert_eq!(String::from(long.clone()), long.as_str());
    assert!(long == long.as_str() && long.as_str() == long && long != short);
    // A header value cannot carry a line break, so such a SecretId is refused when it becomes one.
    let broken = authorization("AKID\nx", &key, "cvm", 1551113065, &request);
    assert!(reqwest::header::HeaderValue::try_from(broken).is_err());
    assert!(reqwest::header::HeaderValue::try_from(short).is_ok());
}

#[test]
fn action_header_is_signed_lowercased() {
    let mut request = vector_request();
    request.action = Some("DescribeInstances");
    let header = sign(ID, KEY, "cvm", 1551113065, &request);
    assert!(header.contains("SignedHeaders=content-type;host;x-tc-action,"));
    // Recompute by hand from the documented canonical form.
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\
         x-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n{}",
        sha256_hex(BODY.as_bytes())
    );
    let to_sign =
        format!("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n{}", sha256_hex(canonical.as_bytes()));
    let key = SigningKey::derive(KEY, "2019-02-25", "cvm");
    let expected = as_str(&hex32(&key.mac_parts(&[to_sign.as_bytes()]))).to_owned();
    assert!(header.ends_with(&format!("Signature={expected}")), "{header}");
}

#[test]
fn key_cache_reuses_and_separates() {
    let cache = KeyCache::new();
    let date = utc_date(1551113065);
    let a = cache.get(KEY, date, "cvm");
    let b = cache.get(KEY, date, "ccc");
    let request = vector_request();
    let with = |k: &SigningKey| authorization(ID, k, "cvm", 1551113065, &request);
    assert_eq!(with(&a), sign(ID, KEY, "cvm", 1551113065, &request));
    assert_ne!(with(&a), with(&b));
    assert_eq!(with(&cache.get(KEY, date, "cvm")), with(&a));
    assert_ne!(with(&cache.get("other", date, "cvm")), with(&a));
    assert!(!format!("{cache:?}{a:?}").contains(KEY));
}

#[test]
fn key_cache_answers_each_thread_for_what_it_asks() {
    // Threads alternate secrets, services and days, so each thread's remembered key is usually the wrong one:
    // every answer must still be the key derived for exactly what was asked.
    let cache = std::sync::Arc::new(KeyCache::new());
    let days = [utc_date(1551113065), utc_date(1551113065 + 86_400)];
    let handles: Vec<_> = (0..4usize)
        .map(|thread| {
            let cache = std::sync::Arc::clone(&cache);
            std::thread::spawn(move || {
                let request = vector_request();
                for round in 0..300usize {
                    let secret = ["secret-a", "secret-b", "secret-c"][(round + thread) % 3];
                    let service = ["cvm", "ccc"][round / 3 % 2];
                    let date = days[round / 7 % 2];
                    let timestamp = if date == days[0] { 1551113065 } else { 1551113065 + 86_400 };
                    let cached = cache.get(secret, date, service);
                    let derived = SigningKey::derive(secret, date.as_str(), service);
                    assert_eq!(
                        authorization(ID, &cached, service, timestamp, &request),
                        authorization(ID, &derived, service, timestamp, &request),
                        "thread {thread} round {round}"
                    );
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    // The shared list holds the last day's keys only, at most its capacity.
    let entries = cache.entries.read().unwrap();
    assert!(entries.iter().all(|e| e.date == entries[0].date) && entries.len() <= 6, "{}", entries.len());
}

fn verify_with(authorization: &str, now: i64, body: &[u8], action: &str) -> Result<Verified, VerifyError> {
    let headers = [
        ("content-type", "application/json; charset=utf-8"),
        ("host", "cvm.tencentcloudapi.com"),
        ("x-tc-action", action),
    ];
    verify(
        &VerifyRequest {
            method: "POST",
            query: "",
            authorization,
            timestamp: "1551113065",
            payload: body,
            now,
            header: |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
        },
        |id: &str| (id == ID).then_some(KEY),
    )
}

#[test]
fn verify_accepts_and_rejects() {
    let mut request = vector_request();
    let plain = sign(ID, KEY, "cvm", 1551113065, &request);
    request.action = Some("DescribeInstances");
    let with_action = sign(ID, KEY, "cvm", 1551113065, &request);
    let ok = verify_with(&plain, 1551113065 + 300, BODY.as_bytes(), "DescribeInstances").unwrap();
    assert_eq!(ok.service, "cvm");
    assert_eq!(ok.signed_headers, ["content-type", "host"]);
    verify_with(&with_action, 1551113065 - 300, BODY.as_bytes(), "DescribeInstances").unwrap();
    // The action value is signed in lowercase, so its case on the wire does not matter; its name does.
    verify_with(&with_action, 1551113065, BODY.as_bytes(), "describeinstances").unwrap();
    assert_eq!(
        verify_with(&with_action, 1551113065, BODY.as_bytes(), "RunInstances"),
        Err(VerifyError::SignatureFailure)
    );
    assert_eq!(verify_with(&plain, 1551113065, b"{}", "x"), Err(VerifyError::SignatureFailure));
    assert_eq!(
        verify_with(&plain, 1551113065 + 301, BODY.as_bytes(), "x").map_err(|e| e.code()),
        Err("AuthFailure.SignatureExpire")
    );
    let other_id = plain.replace(ID, "AKIDunknown");
    assert_eq!(
        verify_with(&other_id, 1551113065, BODY.as_bytes(), "x").map_err(|e| e.code()),
        Err("AuthFailure.SecretIdNotFound")
    );
    let flipped = format!("{}0", &plain[..plain.len() - 1]);
    let flipped = if flipped == plain { format!("{}1", &plain[..plain.len() - 1]) } else { flipped };
    assert_eq!(verify_with(&flipped, 1551113065, BODY.as_bytes(), "x"), Err(VerifyError::SignatureFailure));
}

#[test]
fn unsigned_payloads_are_verified_by_the_literal() {
    let request = Request { payload: UNSIGNED_PAYLOAD.as_bytes(), ..vector_request() };
    let authorization = sign(ID, KEY, "cvm", 1551113065, &request);
    let check = |marker: Option<&'static str>| {
        let headers = [
            ("content-type", "application/json; charset=utf-8"),
            ("host", "cvm.tencentcloudapi.com"),
            ("x-tc-content-sha256", marker.unwrap_or("")),
        ];
        verify(
            &VerifyRequest {
                method: "POST",
                query: "",
                authorization: &authorization,
                timestamp: "1551113065",
                payload: b"any body at all",
                now: 1551113065,
                header: |name: &str| headers.iter().find(|(n, v)| *n == name && !v.is_empty()).map(|(_, v)| *v),
            },
            |_: &str| Some(KEY),
        )
    };
    assert!(check(Some(UNSIGNED_PAYLOAD)).is_ok());
    assert_eq!(check(None), Err(VerifyError::SignatureFailure), "without the marker the body is hashed");
}

#[test]
fn extreme_timestamps_are_expired_not_an_overflow() {
    let authorization = sign(ID, KEY, "cvm", 1551113065, &vector_request());
    for timestamp in [i64::MIN.to_string(), i64::MAX.to_string()] {
        let got = verify(
            &VerifyRequest {
                method: "POST",
                query: "",
                authorization: &authorization,
                timestamp: &timestamp,
                payload: BODY.as_bytes(),
                now: 1551113065,
                header: |_: &str| Some("x"),
            },
            |_: &str| Some(KEY),
        );
        assert!(matches!(got, Err(VerifyError::SignatureExpire { .. })), "{timestamp}: {got:?}");
    }
}

#[test]
fn malformed_headers_are_invalid_authorization() {
    let good = sign(ID, KEY, "cvm", 1551113065, &vector_request());
    for bad in [
        "".to_owned(),
        "Basic abc".to_owned(),
        good.replace("TC3-HMAC-SHA256 ", "TC3-HMAC-SHA1 "),
        good.replace("/tc3_request", "/tc2_request"),
        good.replace("2019-02-25", "2019/02/25"),
        good.replace("SignedHeaders=content-type;host", "SignedHeaders=host"),
        good.replace("SignedHeaders=content-type;host", "SignedHeaders=host;content-type"),
        good.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type;host;x-missing"),
        good.replace("Signature=", "Signature=zz"),
        format!("{good}, Signature=00"),
    ] {
        let got = verify_with(&bad, 1551113065, BODY.as_bytes(), "x");
        assert_eq!(got.map_err(|e| e.code()), Err("AuthFailure.InvalidAuthorization"), "{bad}");
    }
}

#[test]
fn hex_digits_match_format() {
    for byte in 0..=255u8 {
        let mut digest = [0u8; 32];
        digest[7] = byte;
        let expected: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(as_str(&hex32(&digest)), expected);
    }
}

#[test]
fn keys_know_their_day() {
    let key = SigningKey::derive(KEY, "2019-02-25", "cvm");
    for timestamp in [1551052800, 1551113065, 1551139199] {
        assert_eq!(key.date_for(timestamp).as_str(), "2019-02-25");
    }
    assert_eq!(key.date_for(1551052799).as_str(), "2019-02-24");
    assert_eq!(key.date_for(1551139200).as_str(), "2019-02-26");
    // A key derived for something that is not a date still signs with the timestamp's date.
    for odd in ["2019-02-30", "+019-02-25", "2019-2-25", "", "2019-02-25 "] {
        assert_eq!(SigningKey::derive(KEY, odd, "cvm").date_for(1551113065).as_str(), "2019-02-25", "{odd}");
    }
}

#[test]
fn keyed_states_mac_like_the_hmac_crate() {
    use hmac::{Hmac, KeyInit, Mac};
    let key = SigningKey::derive(KEY, "2019-02-25", "cvm");
    let k_signing =
        key::mac(&key::mac(&key::mac(format!("TC3{KEY}").as_bytes(), b"2019-02-25"), b"cvm"), b"tc3_request");
    let message: Vec<u8> = (0..600u32).map(|i| (i * 31) as u8).collect();
    for len in [0, 1, 55, 56, 63, 64, 118, 119, 128, 200, 600] {
        let mut reference = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&k_signing).unwrap();
        reference.update(&message[..len]);
        let expected: [u8; 32] = reference.finalize().into_bytes().into();
        assert_eq!(key.mac_parts(&[&message[..len]]), expected, "{len}");
    }
}
