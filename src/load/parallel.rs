//! Order-preserving parallel map over independent work items (files), on all cores.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` applied to every item, results in item order, so output never depends on scheduling.
/// Runs on up to `available_parallelism()` scoped threads when `parallel` is true and there is
/// more than one item; items differ in cost, so each thread takes the next item as it finishes one.
pub fn map_ordered<T, R, F>(items: &[T], parallel: bool, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    // Asking for the core count reads cgroup files; small commands never need it.
    if !parallel || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    map_ordered_on(cores, items, f)
}

/// [`map_ordered`] on `threads` threads (at most one per item).
fn map_ordered_on<T, R, F>(threads: usize, items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.min(items.len());
    if threads < 2 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        mine.push((index, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker panics only if `f` does; pass that on rather than lose items.
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_item_order_whatever_the_cost() {
        let items: Vec<u64> = (0..200).collect();
        let uneven = |&i: &u64| {
            // Uneven work (early items cost most), so threads finish out of order.
            let spin: u64 = (0..(200 - i) * 500).fold(0u64, |a, b| a.wrapping_add(b % 3));
            std::hint::black_box(spin);
            i
        };
        // Threads are forced, so a one-core machine tests the threaded path too.
        for threads in [2, 3, 8] {
            assert_eq!(map_ordered_on(threads, &items, uneven), items);
        }
        assert_eq!(map_ordered(&items, true, uneven), items);
        assert_eq!(map_ordered(&items, false, |&i| i), items);
        assert!(map_ordered(&[] as &[u64], true, |&i| i).is_empty());
    }
}
