//! Running numbered units of work in a thread pool and consuming the results in order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Runs `work(0..n)` on the threads of `pool` and hands each result to `sink` in index order,
/// on the calling thread, as soon as it and all before it are done.
///
/// Workers take the next index from a shared counter, so results arrive nearly in order and
/// only a few (about one per thread) wait in memory for an earlier one. The first error, from
/// `work` or from `sink`, stops the workers taking new indices and is returned.
///
/// # Errors
/// The first error in index order.
pub fn in_order<T, E, W, S>(
    pool: &rayon::ThreadPool,
    n: usize,
    work: W,
    mut sink: S,
) -> Result<(), E>
where
    T: Send,
    E: Send,
    W: Fn(usize) -> Result<T, E> + Sync,
    S: FnMut(usize, T) -> Result<(), E>,
{
    let threads = pool.current_num_threads().max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<T, E>)>(threads * 2);
    std::thread::scope(|scope| {
        let (next, stop, work) = (&next, &stop, &work);
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..threads.min(n) {
                    let tx = tx.clone();
                    s.spawn(move |_| {
                        while !stop.load(Ordering::Relaxed) {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= n || tx.send((i, work(i))).is_err() {
                                break;
                            }
                        }
                    });
                }
            });
            drop(tx);
        });
        let mut pending: BTreeMap<usize, Result<T, E>> = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        'receive: while let Ok((i, r)) = rx.recv() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&expected) {
                if let Err(e) = r.and_then(|t| sink(expected, t)) {
                    result = Err(e);
                    break 'receive;
                }
                expected += 1;
            }
        }
        stop.store(true, Ordering::Relaxed);
        drop(rx);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn results_come_in_order_whatever_the_threads() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            in_order(
                &pool(threads),
                50,
                |i| {
                    // Uneven work, so completions come out of order.
                    std::thread::sleep(std::time::Duration::from_micros(
                        ((i * 7919) % 13) as u64 * 50,
                    ));
                    Ok::<_, ()>(i * i)
                },
                |i, v| {
                    seen.push((i, v));
                    Ok(())
                },
            )
            .unwrap_or_else(|()| unreachable!());
            let want: Vec<_> = (0..50).map(|i| (i, i * i)).collect();
            assert_eq!(seen, want, "{threads} threads");
        }
    }

    #[test]
    fn the_first_error_in_order_stops_the_work() {
        let r = in_order(
            &pool(2),
            1000,
            |i| if i == 5 { Err(i) } else { Ok(i) },
            |_, _| Ok(()),
        );
        assert_eq!(r, Err(5));
        let r = in_order(&pool(2), 10, Ok::<usize, usize>, |i, _| {
            if i == 3 { Err(99) } else { Ok(()) }
        });
        assert_eq!(r, Err(99));
        assert_eq!(
            in_order(&pool(2), 0, Ok::<usize, ()>, |_, _| Ok(())),
            Ok(())
        );
    }
}
