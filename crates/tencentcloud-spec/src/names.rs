//! The one set of naming rules for specs: regen applies them to pages and the loader to spec files, so a name
//! regen accepts is a name the loader, the codegen and the sandbox accept.

/// A data-type or action name: an ASCII letter, then letters, digits and underscores (`AutoCalloutTaskInfo`).
pub fn is_type_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A member's wire name, without any `.N` array suffix: an ASCII letter or `_`, then letters, digits and
/// underscores (`SdkAppId`, `_Reserved`).
pub fn is_member_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An error code: member names joined by dots (`InternalError.DBError`, `FailedOperation.CALL_FAILED`).
pub fn is_error_code(s: &str) -> bool {
    s.split('.').all(is_member_name)
}

/// A service name, the first label of its domain: a lowercase ASCII letter, then lowercase letters and digits
/// (`ccc`, `cvm`, `sqlserver`).
pub fn is_service_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// An API version as the API writes it and a version folder is named: `YYYY-MM-DD` in ASCII digits
/// (`2017-03-12`), so its module name (`v20170312`) is an identifier too.
pub fn is_api_version(s: &str) -> bool {
    s.len() == 10 && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_accepts_the_pages_names_and_nothing_else() {
        for yes in ["AutoCalloutTaskInfo", "A", "Filter_2"] {
            assert!(is_type_name(yes), "{yes}");
        }
        for no in ["", "_Hidden", "9Lives", "Map<String>", "Café"] {
            assert!(!is_type_name(no), "{no}");
        }
        for yes in ["SdkAppId", "_Reserved", "Callees"] {
            assert!(is_member_name(yes), "{yes}");
        }
        for no in ["", "Callees.N", "3D", "a-b", "é"] {
            assert!(!is_member_name(no), "{no}");
        }
        for yes in ["InternalError", "InternalError.DBError", "FailedOperation.CALL_FAILED"] {
            assert!(is_error_code(yes), "{yes}");
        }
        for no in ["", ".", "InternalError.", "Internal Error", "A..B"] {
            assert!(!is_error_code(no), "{no}");
        }
        for yes in ["ccc", "cvm", "sqlserver", "as2"] {
            assert!(is_service_name(yes), "{yes}");
        }
        for no in ["", "CCC", "9cc", "c_c", "c-c", "_cc"] {
            assert!(!is_service_name(no), "{no}");
        }
    }

    #[test]
    fn version_folders_must_be_dates() {
        assert!(is_api_version("2020-02-10"));
        for bad in ["2020-2-10", "2020_02_10", "latest", "2020-02-1x", "２０２０-02-10"] {
            assert!(!is_api_version(bad), "{bad}");
        }
    }
}
