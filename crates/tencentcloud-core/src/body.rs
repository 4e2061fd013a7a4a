//! Reading a response body with a size cap, so a hostile or broken server cannot exhaust memory.
//!
//! The body is read chunk by chunk; the moment it passes the cap the response is dropped, which closes the
//! connection instead of draining it. A `Content-Length` above the cap is refused before any of the body is read.

use bytes::{Bytes, BytesMut};

use crate::Error;

/// The default cap on a response body: 64 MiB. API 3.0 answers are JSON documents of a few KB to a few MB (the
/// API limits a request to 10 MB, and its largest list pages to 100 or 1,000 items); a body this size is a
/// broken or hostile server, and reading on would only grow memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

/// Reads the whole body of `response`, or fails with [`Error::is_response_too_large`] once it passes `limit`
/// bytes. A body that arrives in one chunk (the common case) is returned without a copy.
pub(crate) async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Bytes, Error> {
    let status = response.status().as_u16();
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(Error::response_too_large(status, limit));
    }
    let Some(first) = response.chunk().await.map_err(Error::from_reqwest)? else {
        return Ok(Bytes::new());
    };
    if first.len() > limit {
        return Err(Error::response_too_large(status, limit));
    }
    let Some(second) = response.chunk().await.map_err(Error::from_reqwest)? else {
        return Ok(first);
    };
    let mut body = BytesMut::with_capacity(first.len() + second.len());
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if body.len() + chunk.len() > limit {
            // Dropping the response here closes the connection rather than reading the rest into the void.
            return Err(Error::response_too_large(status, limit));
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await.map_err(Error::from_reqwest)?;
    }
    Ok(body.freeze())
}
