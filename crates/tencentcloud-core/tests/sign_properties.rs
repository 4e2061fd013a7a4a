//! Properties of signing and verification over arbitrary inputs: whatever the client signs, the server side
//! accepts, and changing any signed part of the request makes it reject the signature.

use proptest::prelude::*;
use tencentcloud_core::sign::{self, Request, VerifyError, VerifyRequest};

#[derive(Debug, Clone)]
struct Case {
    secret_id: String,
    secret_key: String,
    service: String,
    host: String,
    content_type: String,
    action: Option<String>,
    body: Vec<u8>,
    timestamp: i64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        "AKID[A-Za-z0-9]{8,36}",
        "[ -~]{1,80}",
        "[a-z]{2,10}",
        prop_oneof![Just("application/json".to_owned()), Just("application/json; charset=utf-8".to_owned())],
        proptest::option::of("[A-Z][A-Za-z]{2,40}"),
        proptest::collection::vec(any::<u8>(), 0..600),
        0i64..4_102_444_800,
    )
        .prop_map(|(secret_id, secret_key, service, content_type, action, body, timestamp)| Case {
            host: format!("{service}.tencentcloudapi.com"),
            secret_id,
            secret_key,
            service,
            content_type,
            action,
            body,
            timestamp,
        })
}

fn sign_case(case: &Case) -> sign::Authorization {
    let request = Request {
        host: &case.host,
        content_type: &case.content_type,
        action: case.action.as_deref(),
        payload: &case.body,
    };
    sign::sign(&case.secret_id, &case.secret_key, &case.service, case.timestamp, &request)
}

/// Verifies `authorization` against the request as `case` describes it, `skew` seconds after signing.
fn verify_case(case: &Case, authorization: &str, skew: i64) -> Result<sign::Verified, VerifyError> {
    verify_sent_at(case, authorization, case.timestamp, case.timestamp + skew)
}

/// Verifies `authorization` against `case` sent with `X-TC-Timestamp: <sent>` and received at server time `now`.
fn verify_sent_at(case: &Case, authorization: &str, sent: i64, now: i64) -> Result<sign::Verified, VerifyError> {
    let action = case.action.clone().unwrap_or_default();
    let headers =
        [("content-type", case.content_type.as_str()), ("host", case.host.as_str()), ("x-tc-action", &action)];
    sign::verify(
        &VerifyRequest {
            method: "POST",
            query: "",
            authorization,
            timestamp: &sent.to_string(),
            payload: &case.body,
            now,
            header: |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
        },
        |id: &str| (id == case.secret_id).then_some(case.secret_key.as_str()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn what_is_signed_verifies(case in case(), skew in -300i64..=300) {
        let authorization = sign_case(&case);
        let verified = verify_case(&case, &authorization, skew).unwrap();
        prop_assert_eq!(&verified.service, &case.service);
        prop_assert_eq!(verified.date, sign::utc_date(case.timestamp).to_string());
    }

    #[test]
    fn any_change_is_rejected(case in case(), which in 0usize..5, byte in any::<u8>(), at in any::<prop::sample::Index>()) {
        let authorization = sign_case(&case);
        let mut changed = case.clone();
        match which {
            0 if !changed.body.is_empty() => {
                let i = at.index(changed.body.len());
                changed.body[i] ^= byte.max(1);
            }
            0 => changed.body.push(byte),
            1 => changed.secret_key.push('x'),
            2 => changed.host = format!("{}.intl.tencentcloudapi.com", changed.service),
            3 => changed.content_type = "application/x-www-form-urlencoded".to_owned(),
            _ => changed.action = Some(format!("{}X", changed.action.clone().unwrap_or_default())),
        }
        let outcome = verify_case(&changed, &authorization, 0);
        // An unsigned action header may change freely; everything else is covered by the signature.
        if which == 4 && case.action.is_none() {
            prop_assert!(outcome.is_ok());
        } else {
            prop_assert_eq!(outcome, Err(VerifyError::SignatureFailure));
        }
    }

    #[test]
    fn outside_the_window_is_expired(case in case(), skew in 301i64..100_000, late in any::<bool>()) {
        let authorization = sign_case(&case);
        let outcome = verify_case(&case, &authorization, if late { skew } else { -skew });
        prop_assert_eq!(outcome.map_err(|e| e.code()), Err("AuthFailure.SignatureExpire"));
    }

    #[test]
    fn any_timestamp_header_is_judged_without_overflow(
        case in case(),
        sent in prop_oneof![Just(i64::MIN), Just(i64::MAX), any::<i64>()],
    ) {
        let authorization = sign_case(&case);
        let outcome = verify_sent_at(&case, &authorization, sent, case.timestamp);
        if sent.abs_diff(case.timestamp) > 300 {
            prop_assert!(matches!(outcome, Err(VerifyError::SignatureExpire { .. })), "{outcome:?}");
        } else if sent != case.timestamp {
            prop_assert_eq!(outcome, Err(VerifyError::SignatureFailure));
        }
    }

    #[test]
    fn arbitrary_headers_never_panic(header in "\\PC{0,200}") {
        let case = Case {
            secret_id: "AKID".into(), secret_key: "k".into(), service: "cvm".into(),
            host: "cvm.tencentcloudapi.com".into(), content_type: "application/json".into(),
            action: None, body: vec![], timestamp: 1_700_000_000,
        };
        prop_assert!(verify_case(&case, &header, 0).is_err());
    }
}
