//! Paginators: every page of an action that pages, as a `Stream`, following the action's paging pattern.
//!
//! Generated code hands over the typed request and a [`PageRule`] naming the members it pages on (read off the
//! specs by `tencentcloud_spec::paging`); everything else is here, once. Each page is an ordinary call through
//! [`Client::execute`], so signing, retries and the action's rate limit apply to every page. The paginator
//! stops exactly:
//!
//! - when the items received reach the response's total (`TotalCount` and its variants);
//! - on an empty page, or a page shorter than the page size the request asked for;
//! - when the response carries no token, and with an error (never a loop) when it repeats one.
//!
//! A response that lacks a member the rule pages on is an error, not a guess.

use std::collections::HashSet;
use std::marker::PhantomData;

pub use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use tencentcloud_spec::api_facts::{ScalarText, integer_from_text};

use crate::{Action, ActionInfo, Client, Error};

/// How an action pages: the wire names of the members involved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageRule {
    /// The next page starts at `offset` + the items received so far; `limit` is the page size.
    OffsetLimit {
        /// The request member holding the first item's index.
        offset: &'static str,
        /// The request member holding the page size.
        limit: &'static str,
        /// The response member holding the total item count, when there is one.
        total: Option<&'static str>,
        /// The response array holding a page's items.
        items: &'static str,
    },
    /// The next page is `page` + 1 (starting at the request's value, or 1); `size` is the page size.
    PageNumber {
        /// The request member holding the page number.
        page: &'static str,
        /// The request member holding the page size.
        size: &'static str,
        /// The response member holding the total item count, when there is one.
        total: Option<&'static str>,
        /// The response array holding a page's items.
        items: &'static str,
    },
    /// The response's `token` goes into the next request; no token means no more pages.
    Token {
        /// The member carrying the token, in both the request and the response.
        token: &'static str,
        /// The response array holding a page's items, when one was recognised.
        items: Option<&'static str>,
    },
}

impl PageRule {
    fn items(&self) -> Option<&'static str> {
        match *self {
            PageRule::OffsetLimit { items, .. } | PageRule::PageNumber { items, .. } => Some(items),
            PageRule::Token { items, .. } => items,
        }
    }
}

/// One page's request: the typed request's JSON with the position set, sent as the same action.
struct PageRequest<A> {
    body: Map<String, Value>,
    retry_safe: bool,
    action: PhantomData<fn() -> A>,
}

impl<A> Serialize for PageRequest<A> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}

impl<A: Action> Action for PageRequest<A> {
    type Output = Value;
    const INFO: &'static ActionInfo = A::INFO;
    fn retry_safe(&self) -> bool {
        self.retry_safe
    }
}

/// The pages of one action, from the position the request names onwards. Built by a generated builder's
/// `into_paginator()`; [`Paginator::pages`] and [`Paginator::items`] turn it into a stream.
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<A> {
    client: Client,
    first: Result<Map<String, Value>, Error>,
    retry_safe: bool,
    rule: PageRule,
    action: PhantomData<fn() -> A>,
}

impl<A: Action> std::fmt::Debug for Paginator<A> {
    // The request may hold secrets; only the action and rule are shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator").field("action", &A::INFO.name).field("rule", &self.rule).finish_non_exhaustive()
    }
}

/// Where the next page starts, and what has been seen so far.
struct State<A> {
    client: Client,
    rule: PageRule,
    retry_safe: bool,
    /// The next page's request (the first may be the builder's error); `None` after the last page.
    next: Option<Result<Map<String, Value>, Error>>,
    received: u64,
    pages: u64,
    tokens: HashSet<String>,
    action: PhantomData<fn() -> A>,
}

impl<A: Action + 'static> Paginator<A> {
    /// A paginator over `request`'s pages; a request that does not serialise to a JSON object fails on the first
    /// poll.
    pub fn new(client: Client, request: &A, rule: PageRule) -> Self {
        let first = match serde_json::to_value(request) {
            Ok(Value::Object(body)) => Ok(body),
            Ok(_) => Err(paging_error::<A>("the request is not a JSON object")),
            Err(e) => Err(Error::build(format!("{}: cannot serialise the request: {e}", A::INFO.name))),
        };
        Paginator { client, first, retry_safe: request.retry_safe(), rule, action: PhantomData }
    }

    /// A paginator over a request a builder made; a build error (a missing required member) is the stream's
    /// first and only item, so nothing is sent.
    pub fn from_built(client: Client, request: Result<A, Error>, rule: PageRule) -> Self {
        match request {
            Ok(request) => Paginator::new(client, &request, rule),
            Err(e) => Paginator { client, first: Err(e), retry_safe: false, rule, action: PhantomData },
        }
    }

    /// Every page, as the action's typed response.
    pub fn pages(self) -> impl Stream<Item = Result<A::Output, Error>> + Send + 'static {
        futures_util::StreamExt::map(self.raw_pages(), |page| {
            page.and_then(|page| serde_json::from_value::<A::Output>(page).map_err(|e| undecodable::<A>("page", &e)))
        })
    }

    /// Every item of every page: the elements of the response's array member, decoded as `T`.
    pub fn items<T: DeserializeOwned + Send + 'static>(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        let items = self.rule.items();
        let pages = self.raw_pages();
        futures_util::StreamExt::flat_map(pages, move |page| {
            let decoded: Vec<Result<T, Error>> = match (page, items) {
                (Err(e), _) => vec![Err(e)],
                (Ok(_), None) => vec![Err(paging_error::<A>("this action's pages have no item array"))],
                (Ok(mut page), Some(items)) => match page.get_mut(items).map(Value::take) {
                    Some(Value::Array(elements)) => elements
                        .into_iter()
                        .map(|e| serde_json::from_value::<T>(e).map_err(|e| undecodable::<A>("item", &e)))
                        .collect(),
                    _ => Vec::new(),
                },
            };
            futures_util::stream::iter(decoded)
        })
    }

    /// Every page as JSON, the members checked against the rule.
    fn raw_pages(self) -> impl Stream<Item = Result<Value, Error>> + Send + 'static {
        let state = State::<A> {
            client: self.client,
            rule: self.rule,
            retry_safe: self.retry_safe,
            next: Some(self.first),
            received: 0,
            pages: 0,
            tokens: HashSet::new(),
            action: PhantomData,
        };
        futures_util::stream::try_unfold(state, |mut state| async move {
            let Some(body) = state.next.take() else { return Ok(None) };
            let mut body = body?;
            if state.pages == 0 {
                state.start(&mut body);
            }
            // The body moves into the request and back out for the next position: no copy per page.
            let request = PageRequest::<A> { body, retry_safe: state.retry_safe, action: PhantomData };
            let page = state.client.execute(&request).await?;
            state.pages += 1;
            state.next = state.advance(request.body, &page)?.map(Ok);
            Ok(Some((page, state)))
        })
    }
}

impl<A: Action> State<A> {
    /// Fills in a page number the request left out, so the next one can be computed.
    fn start(&self, body: &mut Map<String, Value>) {
        if let PageRule::PageNumber { page, .. } = self.rule {
            body.entry(page).or_insert(Value::from(1));
        }
    }

    /// The next page's request after `page`, or `None` when `page` was the last one.
    fn advance(&mut self, mut body: Map<String, Value>, page: &Value) -> Result<Option<Map<String, Value>>, Error> {
        match self.rule {
            PageRule::Token { token, items } => {
                if let Some(items) = items {
                    item_count::<A>(page, items)?;
                }
                let next = match page.get(token) {
                    None | Some(Value::Null) => return Ok(None),
                    Some(Value::String(t)) if t.is_empty() => return Ok(None),
                    Some(Value::String(t)) => t.clone(),
                    Some(_) => return Err(paging_error::<A>(&format!("{token} is not a string"))),
                };
                if !self.tokens.insert(next.clone()) {
                    // A server that hands back a token it already gave would be followed forever.
                    return Err(paging_error::<A>(&format!(
                        "the server repeated a {token} after {} pages; stopping instead of looping",
                        self.pages
                    )));
                }
                body.insert(token.to_owned(), Value::String(next));
                Ok(Some(body))
            }
            PageRule::OffsetLimit { offset, limit, total, items } => {
                let count = item_count::<A>(page, items)?;
                self.received += count;
                if self.finished(page, total, count, integer(&body, limit))? {
                    return Ok(None);
                }
                let at = integer(&body, offset).unwrap_or(0);
                let next = at.checked_add(count as i64).ok_or_else(|| paging_error::<A>("the offset overflows"))?;
                body.insert(offset.to_owned(), Value::from(next));
                Ok(Some(body))
            }
            PageRule::PageNumber { page: number, size, total, items } => {
                let count = item_count::<A>(page, items)?;
                self.received += count;
                if self.finished(page, total, count, integer(&body, size))? {
                    return Ok(None);
                }
                let at = integer(&body, number).unwrap_or(1);
                let next = at.checked_add(1).ok_or_else(|| paging_error::<A>("the page number overflows"))?;
                body.insert(number.to_owned(), Value::from(next));
                Ok(Some(body))
            }
        }
    }

    /// Whether the pages end after one of `count` items: empty, short, or the total reached.
    fn finished(&self, page: &Value, total: Option<&str>, count: u64, size: Option<i64>) -> Result<bool, Error> {
        if count == 0 {
            return Ok(true);
        }
        if size.is_some_and(|size| size > 0 && (count as i64) < size) {
            return Ok(true);
        }
        let Some(total) = total else { return Ok(false) };
        match page.get(total).and_then(integer_value) {
            Some(total) => Ok(self.received as i64 >= total),
            None => Err(paging_error::<A>(&format!("the response has no integer {total} to page by"))),
        }
    }
}

/// The number of elements of the page's item array; a missing array is an error, a null one is empty.
fn item_count<A: Action>(page: &Value, items: &str) -> Result<u64, Error> {
    match page.get(items) {
        Some(Value::Array(elements)) => Ok(elements.len() as u64),
        Some(Value::Null) => Ok(0),
        _ => Err(paging_error::<A>(&format!("the response has no {items} array to page through"))),
    }
}

fn integer(body: &Map<String, Value>, member: &str) -> Option<i64> {
    body.get(member).and_then(integer_value)
}

/// An integer, also when the service sends it as a string; strictly, so an empty `TotalCount` is an error and
/// not a total of 0 that would end the pages after the first.
fn integer_value(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => integer_from_text(s, ScalarText::Strict),
        _ => None,
    }
}

fn paging_error<A: Action>(message: &str) -> Error {
    Error::paging(A::INFO.name, message)
}

/// serde's message quotes the offending value, which may be a secret, so only its class is kept.
fn undecodable<A: Action>(what: &str, e: &serde_json::Error) -> Error {
    paging_error::<A>(&format!("a {what} does not fit its type ({:?} error)", e.classify()))
}
