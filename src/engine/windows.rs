//! The scheduler of a HAR capture's windows: split off one after the other, read on every
//! thread, and handed to the checks in order one at a time, in capture order, as soon as each is
//! read, with memory kept flat (see [`stream_windows`]). It knows nothing of what a window holds:
//! `read` makes something of a window's bytes, `check` consumes it and gives the bytes back.

use std::io::Read;

use crate::input::InputError;
use crate::input::har::{Splitter, Window};
use crate::source::Bytes;

/// The error that ends a capture when the HAR reader itself fails (a bug).
pub fn reader_failed() -> InputError {
    InputError::at(0, "the HAR reader stopped unexpectedly")
}

/// Windows of a capture split off and not yet through the checks in order: enough for the
/// threads to go on reading entries while the thread that splits (or the one running the checks
/// in order) is held up, few enough to keep memory flat.
const IN_FLIGHT: usize = 8;

/// Splits the capture into windows, reads each window's entries (all threads), and runs the
/// checks in order over the windows one after the other, as soon as each is read. No thread waits
/// for another while there is work: the calling thread splits until [`IN_FLIGHT`] windows are
/// out, and helps read them while it may not split; the checks in order run on whichever thread
/// finishes reading the window they wait for. The fatal error of the splitter, if any; a failure
/// of the splitter itself, or a window that fails to be read or checked (a bug), ends the
/// capture with an error too, not the run.
pub fn stream_windows<R: Read + Send, T: Send>(
    splitter: &mut Splitter<R>,
    read: impl Fn(Window) -> T + Sync,
    mut check: impl FnMut(T) -> Bytes + Send,
) -> Option<InputError> {
    use std::sync::{Condvar, Mutex, PoisonError};
    let split = |splitter: &mut Splitter<R>| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| splitter.next_window()))
            .unwrap_or_else(|_| Err(reader_failed()))
    };
    if rayon::current_thread_index().is_none() {
        // No thread pool started: one window after the other on this thread.
        return loop {
            let window = match split(splitter) {
                Ok(Some(window)) => window,
                Ok(None) => break None,
                Err(e) => break Some(e),
            };
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let bytes = check(read(window));
                splitter.recycle(bytes);
            }));
            if checked.is_err() {
                break Some(reader_failed());
            }
        };
    }
    /// Windows read and waiting for the checks in order (by number), how many went through them,
    /// the buffers they gave back, and whether reading or checking one failed.
    struct Handoff<T> {
        read: std::collections::BTreeMap<usize, T>,
        checked: usize,
        spare: Vec<Bytes>,
        failed: bool,
    }
    impl<T> Handoff<T> {
        /// Whether `sent` windows are too many to split another (a failed window is never
        /// checked: waiting for it would wait for ever).
        fn full(&self, sent: usize) -> bool {
            !self.failed && sent - self.checked >= IN_FLIGHT
        }
    }
    let handoff =
        Mutex::new(Handoff { read: std::collections::BTreeMap::new(), checked: 0, spare: Vec::new(), failed: false });
    let lock = || handoff.lock().unwrap_or_else(PoisonError::into_inner);
    let progressed = Condvar::new();
    let in_order = Mutex::new(check);
    // Runs the checks in order over every window whose turn it is, unless another thread is at
    // it: that thread takes this window too, as it looks again once it has let go.
    let check_ready = || {
        while let Ok(mut guard) = in_order.try_lock() {
            let check = &mut *guard;
            let mut next = lock().checked;
            loop {
                // (Taken in a statement of its own: the lock must not be held while checking.)
                let Some(window) = lock().read.remove(&next) else { break };
                let bytes = check(window);
                next += 1;
                let mut h = lock();
                h.checked = next;
                h.spare.push(bytes);
                progressed.notify_all();
            }
            drop(guard);
            if !lock().read.contains_key(&next) {
                return;
            }
        }
    };
    let fatal = rayon::scope_fifo(|scope| {
        let mut sent = 0;
        loop {
            let spare = std::mem::take(&mut lock().spare);
            spare.into_iter().for_each(|bytes| splitter.recycle(bytes));
            while lock().full(sent) {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    let h = lock();
                    if h.full(sent) {
                        // Woken when a window is through; the timeout only bounds a missed wake.
                        let wait = std::time::Duration::from_millis(1);
                        drop(progressed.wait_timeout(h, wait).unwrap_or_else(PoisonError::into_inner));
                    }
                }
            }
            if lock().failed {
                break Some(reader_failed());
            }
            let window = match split(splitter) {
                Ok(Some(window)) => window,
                Ok(None) => break None,
                Err(e) => break Some(e),
            };
            let (number, lock, check_ready, read, progressed) = (sent, &lock, &check_ready, &read, &progressed);
            scope.spawn_fifo(move |_| {
                let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let window = read(window);
                    lock().read.insert(number, window);
                    check_ready();
                }));
                if done.is_err() {
                    lock().failed = true;
                    progressed.notify_all();
                }
            });
            sent += 1;
        }
    });
    // Every task that read a window ran the checks in order up to it, or left them to a thread
    // that was at them and looked again.
    let h = lock();
    debug_assert!(h.failed || h.read.is_empty(), "windows left unchecked");
    if h.failed { Some(reader_failed()) } else { fatal }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A capture of `n` small entries (several windows when `n` is over 512).
    fn capture(n: usize) -> String {
        let entry =
            r#"{"request":{"method":"GET","url":"https://example.org/x","headers":[]},"response":{"status":200}}"#;
        format!(r#"{{"log":{{"entries":[{}]}}}}"#, vec![entry; n].join(","))
    }

    /// Streams `text` on `jobs` threads (0: none started), reading each window with `read`: the
    /// index of each window's first entry in the order the checks saw them, and the fatal error.
    fn stream(
        text: &str,
        jobs: usize,
        read: impl Fn(Window) -> Window + Sync + Send,
    ) -> (Vec<usize>, Option<InputError>) {
        let mut seen = Vec::new();
        let mut splitter = Splitter::new(text.as_bytes());
        let check = |window: Window| {
            seen.push(window.first_index);
            window.bytes
        };
        let fatal = if jobs == 0 {
            stream_windows(&mut splitter, read, check)
        } else {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().unwrap();
            pool.install(|| stream_windows(&mut splitter, read, check))
        };
        (seen, fatal)
    }

    /// The checks see every window once, in capture order, however many threads read them and
    /// whichever finishes first (later windows are read faster here than earlier ones).
    #[test]
    fn windows_reach_the_checks_in_capture_order() {
        let text = capture(20 * 512);
        for jobs in [0, 1, 2, 4, 8] {
            let read = |window: Window| {
                // The first windows take longest: they finish after later ones.
                let wait = 20usize.saturating_sub(window.first_index / 512);
                std::thread::sleep(std::time::Duration::from_micros(100 * wait as u64));
                window
            };
            let (seen, fatal) = stream(&text, jobs, read);
            assert!(fatal.is_none(), "jobs {jobs}: {:?}", fatal.map(|e| e.message));
            assert!(seen.len() >= 20, "jobs {jobs}: {} windows", seen.len());
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "jobs {jobs}: {seen:?}");
            assert_eq!(seen.first(), Some(&0), "jobs {jobs}");
        }
    }

    /// A window that fails to be read (a bug) ends the capture with an error, on one thread or
    /// many, however many windows are out: it does not wait for ever for the window's turn, and
    /// no window after it reaches the checks.
    #[test]
    fn a_window_that_fails_to_be_read_ends_the_capture() {
        let text = capture(20 * 512);
        for jobs in [0, 1, 2, 4] {
            for broken in [0, 1, 5, 15] {
                let read_so_far = AtomicUsize::new(0);
                let read = |window: Window| {
                    let n = read_so_far.fetch_add(1, Ordering::SeqCst);
                    assert!(n != broken, "window {n} breaks");
                    window
                };
                let (seen, fatal) = stream(&text, jobs, read);
                let error = fatal.expect("the failure is an error");
                assert_eq!(error.message, reader_failed().message, "jobs {jobs}, window {broken}");
                assert!(seen.len() <= broken + IN_FLIGHT, "jobs {jobs}, window {broken}: {seen:?}");
            }
        }
    }
}
