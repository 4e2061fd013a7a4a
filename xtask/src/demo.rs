//! `cargo xtask demo` (being built; see the issue that owns it).

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> crate::Result {
    Err("`cargo xtask demo` is not built yet".into())
}
