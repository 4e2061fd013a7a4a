//! Conversions between Unix seconds and UTC calendar dates (Howard Hinnant's algorithms) for the signing date and
//! RFC 3339 expiries, which `httpdate` does not cover; HTTP dates are parsed by `httpdate`.

/// The UTC (year, month, day) of a Unix timestamp.
pub(crate) fn civil_from_unix(timestamp: i64) -> (i64, i64, i64) {
    let z = timestamp.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an RFC 3339 UTC time such as `2026-11-24T08:00:00Z` (fractional seconds and `+00:00` allowed; other
/// offsets are applied) into Unix seconds. Every field has its fixed number of digits, so no input can overflow.
pub(crate) fn unix_from_rfc3339(text: &str) -> Option<i64> {
    let text = text.trim();
    let number = |s: &str, digits: usize| -> Option<i64> {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut date_parts = date.split('-');
    let (year, month, day) =
        (number(date_parts.next()?, 4)?, number(date_parts.next()?, 2)?, number(date_parts.next()?, 2)?);
    if date_parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock, zone) = time.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = zone[1..].split_once(':')?;
        (clock, sign * (number(hours, 2)? * 3600 + number(minutes, 2)? * 60))
    };
    let clock = clock.split_once('.').map_or(clock, |(whole, _fraction)| whole);
    let mut clock_parts = clock.split(':');
    let (hour, minute, second) =
        (number(clock_parts.next()?, 2)?, number(clock_parts.next()?, 2)?, number(clock_parts.next()?, 2)?);
    if clock_parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Parses an HTTP date (IMF-fixdate, RFC 850 or asctime, as `httpdate` reads them) into Unix seconds.
pub(crate) fn unix_from_http_date(text: &str) -> Option<i64> {
    let at = httpdate::parse_http_date(text.trim()).ok()?;
    i64::try_from(at.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_points() {
        assert_eq!(unix_from_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(unix_from_rfc3339("2019-02-25T20:44:25Z"), Some(1551127465));
        assert_eq!(unix_from_rfc3339("2019-02-25T20:44:25.123+00:00"), Some(1551127465));
        assert_eq!(unix_from_rfc3339("2019-02-26T04:44:25+08:00"), Some(1551127465));
        assert_eq!(unix_from_rfc3339("2000-02-29T00:00:00Z"), Some(951782400));
        // Oversized fields (from a misbehaving metadata server, say) are refused rather than overflowing.
        for bad in [
            "",
            "2019-02-25",
            "2019-13-01T00:00:00Z",
            "2019-02-25T25:00:00Z",
            "x019-02-25T00:00:00Z",
            "9223372036854775807-01-01T00:00:00Z",
            "2019-02-25T00:00:00+9223372036854775807:00",
            "2019-2-25T00:00:00Z",
        ] {
            assert_eq!(unix_from_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(unix_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784111777));
        assert_eq!(unix_from_http_date("Tue, 24 Nov 2026 07:30:00 GMT"), unix_from_rfc3339("2026-11-24T07:30:00Z"));
        assert_eq!(unix_from_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784111777), "RFC 850 too");
        for bad in ["", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Foo 1994 08:49:37 GMT"] {
            assert_eq!(unix_from_http_date(bad), None, "{bad}");
        }
        for t in (-86_400 * 800..86_400 * 365 * 300).step_by(86_400 * 7 + 3_601) {
            let (y, m, d) = civil_from_unix(t);
            assert_eq!(days_from_civil(y, m, d), t.div_euclid(86_400), "{t}");
        }
    }
}
