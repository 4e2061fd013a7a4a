//! Proc-macro that turns a folder of specs into a typed async client.
