//! Which actions page, and how: the paging patterns of API 3.0 read off an action's members.
//!
//! The pages never say "this action pages"; the members do. Three patterns cover the API: an `Offset`/`Limit`
//! pair, a page number with a page size, and a token the response echoes back. Detection is deliberately strict
//! (integer members, exactly one top-level array in the response to hold the items) because a paginator that
//! guesses wrong loops or skips data; an action that does not match exactly simply gets no paginator.

use crate::{ActionSpec, MemberSpec, Scalar, TypeRef};

/// How an action pages. Member names are the wire names of the action's request and response members.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// `Offset` + `Limit` in the request; the next page starts at `Offset` + the items received.
    OffsetLimit {
        /// The request member holding the first item's index.
        offset: String,
        /// The request member holding the page size.
        limit: String,
        /// The response member holding the total item count, when there is one.
        total: Option<String>,
        /// The response array holding a page's items.
        items: String,
    },
    /// A page number (`PageNumber`, `PageNum`, `PageNo`, `PageIndex`, `Page`) and a page size (`PageSize`,
    /// `PerPage`, `Limit`); the next page is the number plus one.
    PageNumber {
        /// The request member holding the page number.
        page: String,
        /// The request member holding the page size.
        size: String,
        /// The response member holding the total item count, when there is one.
        total: Option<String>,
        /// The response array holding a page's items.
        items: String,
    },
    /// A request token (`NextToken`, `PageToken`, ...) that the response echoes under the same name; the pages
    /// end when the response carries none.
    Token {
        /// The member carrying the token, in both the request and the response.
        token: String,
        /// The response array holding a page's items, when one was recognised.
        items: Option<String>,
    },
}

impl Paging {
    /// The pattern's name as reports count it.
    pub fn pattern(&self) -> &'static str {
        match self {
            Paging::OffsetLimit { .. } => "offset/limit",
            Paging::PageNumber { .. } => "page number/size",
            Paging::Token { .. } => "token",
        }
    }

    /// The response's array of items, when the pattern has one.
    pub fn items(&self) -> Option<&str> {
        match self {
            Paging::OffsetLimit { items, .. } | Paging::PageNumber { items, .. } => Some(items),
            Paging::Token { items, .. } => items.as_deref(),
        }
    }
}

const PAGE_NUMBERS: &[&str] = &["PageNumber", "PageNum", "PageNo", "PageIndex", "Page"];
const PAGE_SIZES: &[&str] = &["PageSize", "PerPage", "Limit"];
const TOTALS: &[&str] = &["TotalCount", "Total", "TotalNum", "TotalCnt", "TotalNumber", "TotalCounts"];
const TOKENS: &[&str] =
    &["NextToken", "PageToken", "PaginationToken", "ScrollToken", "ContinueToken", "Cursor", "Marker"];

fn find<'a>(members: &'a [MemberSpec], names: &[&str], scalar: Scalar) -> Option<&'a MemberSpec> {
    names.iter().find_map(|name| members.iter().find(|m| m.name == *name && m.type_ref == TypeRef::Scalar(scalar)))
}

/// The one top-level array of the response, if there is exactly one.
fn single_array(response: &[MemberSpec]) -> Option<&MemberSpec> {
    let mut arrays = response.iter().filter(|m| matches!(m.type_ref, TypeRef::Array(_)));
    let first = arrays.next()?;
    arrays.next().is_none().then_some(first)
}

/// How `action` pages, or `None` when it matches no pattern exactly.
pub fn detect(action: &ActionSpec) -> Option<Paging> {
    let (request, response) = (&action.request[..], &action.response[..]);
    // The token pattern first: an action may take an Offset too, but an echoed token is the stronger signal.
    for name in TOKENS {
        let is_token = |m: &&MemberSpec| m.name == *name && m.type_ref == TypeRef::Scalar(Scalar::String);
        if request.iter().any(|m| is_token(&m)) && response.iter().any(|m| is_token(&m)) {
            let items = single_array(response).map(|m| m.name.clone());
            return Some(Paging::Token { token: (*name).to_owned(), items });
        }
    }
    let items = single_array(response)?.name.clone();
    let total = find(response, TOTALS, Scalar::Integer).map(|m| m.name.clone());
    if let (Some(offset), Some(limit)) =
        (find(request, &["Offset"], Scalar::Integer), find(request, &["Limit"], Scalar::Integer))
    {
        return Some(Paging::OffsetLimit { offset: offset.name.clone(), limit: limit.name.clone(), total, items });
    }
    let page = find(request, PAGE_NUMBERS, Scalar::Integer)?;
    let size = find(request, PAGE_SIZES, Scalar::Integer)?;
    Some(Paging::PageNumber { page: page.name.clone(), size: size.name.clone(), total, items })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(list: &[(&str, &str)]) -> Vec<serde_json::Value> {
        list.iter().map(|(n, t)| serde_json::json!({"name": n, "type": t, "description": ""})).collect()
    }

    fn action(request: &[(&str, &str)], response: &[(&str, &str)]) -> ActionSpec {
        serde_json::from_value(serde_json::json!({
            "name": "DescribeThings", "service": "x", "version": "2020-01-01", "domain": "x.tencentcloudapi.com",
            "region_required": false, "description": "", "request": members(request), "response": members(response),
        }))
        .unwrap()
    }

    #[test]
    fn offset_limit_with_a_total_and_one_array() {
        let a = action(
            &[("Offset", "Integer"), ("Limit", "Integer")],
            &[("TotalCount", "Integer"), ("InstanceSet", "Array of Instance"), ("RequestId", "String")],
        );
        assert_eq!(
            detect(&a),
            Some(Paging::OffsetLimit {
                offset: "Offset".into(),
                limit: "Limit".into(),
                total: Some("TotalCount".into()),
                items: "InstanceSet".into()
            })
        );
    }

    #[test]
    fn page_number_variants_and_tokens() {
        let a = action(
            &[("PageNo", "Integer"), ("PageSize", "Integer")],
            &[("Total", "Integer"), ("List", "Array of String")],
        );
        assert_eq!(detect(&a).unwrap().pattern(), "page number/size");
        let a = action(
            &[("NextToken", "String"), ("Limit", "Integer")],
            &[("NextToken", "String"), ("Items", "Array of X")],
        );
        assert_eq!(detect(&a), Some(Paging::Token { token: "NextToken".into(), items: Some("Items".into()) }));
    }

    #[test]
    fn near_misses_get_no_paginator() {
        // Two arrays: which one holds the items is a guess.
        let a = action(&[("Offset", "Integer"), ("Limit", "Integer")], &[("A", "Array of X"), ("B", "Array of Y")]);
        assert_eq!(detect(&a), None);
        // No array at all.
        assert_eq!(detect(&action(&[("Offset", "Integer"), ("Limit", "Integer")], &[("TotalCount", "Integer")])), None);
        // An Offset that is a string is not a position.
        assert_eq!(detect(&action(&[("Offset", "String"), ("Limit", "Integer")], &[("A", "Array of X")])), None);
        // A request token the response does not echo.
        assert_eq!(detect(&action(&[("NextToken", "String")], &[("Other", "String")])), None);
    }
}
