//! A local Tencent Cloud API 3.0 endpoint served from specs, for tests and demos.
