//! Regenerating many services on every core: each service is independent, so worker threads take the next
//! folder from a shared counter (std::thread::scope; no pool crate) and the results come back in input order.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{RegenErrors, Regenerated, regen_service};

/// `f` over every item on `threads` threads (at least one; the caller's thread is one of them), in input order.
/// Items are handed out one at a time, so a few large services do not leave a thread idle.
pub fn map_parallel<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let result = f(item);
            // A poisoned slot only means another worker panicked; the slot is still this worker's to fill.
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads.clamp(1, items.len().max(1)) {
            s.spawn(work);
        }
        work();
    });
    // Every slot is filled: the workers together took every index below items.len() before the scope ended.
    results.into_iter().filter_map(|slot| slot.into_inner().unwrap_or_else(|e| e.into_inner())).collect()
}

/// [`regen_service`] for every folder in `docs_dirs` on `threads` threads, in input order.
pub fn regen_services(docs_dirs: &[PathBuf], threads: usize) -> Vec<Result<Regenerated, RegenErrors>> {
    map_parallel(docs_dirs, threads, |dir| regen_service(dir))
}

/// The threads to use: every core the process may run on.
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
