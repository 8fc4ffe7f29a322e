//! One parallel map for the whole workspace: analysis passes run over many independent items (ads,
//! accounts, bands of a signature) and the builds run on two cores, so a scoped-thread map is enough and no
//! thread-pool crate is pulled in.

/// `f` over `items` on every core, results in input order. Workers take `chunk` items at a time, in turn,
/// so that one slow stretch does not hold up the rest; with one core, or no more than `chunk` items, it runs
/// on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], chunk: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if serial(items.len(), chunk) {
        return items.iter().map(f).collect();
    }
    in_turn(items.chunks(chunk.max(1)), |part| part.iter().map(&f).collect())
}

/// [`map`] with each item lent mutably to `f`.
pub fn map_mut<T: Send, R: Send>(items: &mut [T], chunk: usize, f: impl Fn(&mut T) -> R + Sync) -> Vec<R> {
    if serial(items.len(), chunk) {
        return items.iter_mut().map(f).collect();
    }
    in_turn(items.chunks_mut(chunk.max(1)), |part| part.iter_mut().map(&f).collect())
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Whether `len` items in chunks of `chunk` are better done on the calling thread.
fn serial(len: usize, chunk: usize) -> bool {
    threads() <= 1 || len <= chunk.max(1)
}

/// `work` on every chunk of `chunks`, on every core, results in chunk order. Workers take the next chunk
/// from the shared iterator; the lock is held only to take it.
fn in_turn<C: Send, R: Send>(chunks: impl Iterator<Item = C> + Send, work: impl Fn(C) -> Vec<R> + Sync) -> Vec<R> {
    let chunks = std::sync::Mutex::new(chunks.enumerate());
    let parts: Vec<Vec<(usize, Vec<R>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads())
            .map(|_| {
                s.spawn(|| {
                    let mut mine = vec![];
                    loop {
                        let next = chunks.lock().expect("the chunks of a parallel map").next();
                        let Some((k, part)) = next else { break };
                        mine.push((k, work(part)));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a worker of a parallel map panicked")).collect()
    });
    let mut all: Vec<(usize, Vec<R>)> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(k, _)| *k);
    all.into_iter().flat_map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_input_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let out = super::map(&items, 7, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(super::map(&[] as &[u32], 7, |x| *x), Vec::<u32>::new());
    }

    #[test]
    fn map_mut_lends_every_item_once_and_keeps_order() {
        let mut items: Vec<u32> = (0..10_000).collect();
        let out = super::map_mut(&mut items, 7, |x| {
            *x += 1;
            *x * 2
        });
        assert_eq!(items, (1..=10_000).collect::<Vec<_>>());
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
    }
}
