//! The `hipe` binary: parse the command line, then hand over to the library.

use tikv_jemallocator::Jemalloc;

/// jemalloc, configured at build time (`.cargo/config.toml`) to hand freed memory back to the system from a
/// background thread: an idle server does not keep what startup and bursts of requests used.
#[global_allocator]
static GLOBAL: Jemalloc = Jemalloc;

fn main() -> std::process::ExitCode {
    hipe_api::cli::main()
}
