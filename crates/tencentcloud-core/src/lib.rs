//! Runtime for generated clients: TC3 signing, credentials, transport, retries, rate limits and errors.
