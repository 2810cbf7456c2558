//! What one evaluation of the rules may cost: wall-clock time, heap, and
//! stack. User Rego runs in-process, so a runaway rule must end as a located
//! error (exit 2), never as a hung CI job or an aborted process.
//!
//! - Time: regorus's cooperative execution timer, per evaluation.
//! - Heap: regorus's allocator accounting (`allocator-memory-limits`): the
//!   interpreter checks the process's live heap as it works and stops with
//!   an error above the limit. The one allocation it cannot check before it
//!   is made, the array `numbers.range`/`numbers.range_step` reserve in one
//!   go (1e9 numbers would ask for 24 GB), is bounded by replacing the two
//!   functions with versions that refuse a range the limit cannot hold.
//! - Stack: recursion is refused at load ([`super::analysis`]); as a second
//!   line of defence every evaluation runs on a thread with a large stack.

use std::num::NonZeroU32;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::anyhow;
use regorus::{Engine, Value};

use crate::error::{Result, RunError};

/// The limits every evaluation (check, audit, `modelgate test`) runs under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time one evaluation of the rules (one manifest, one audit
    /// context, one fix trial, one test) may take.
    pub time: Duration,
    /// Bytes of heap the process may hold while rules are evaluated.
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            time: DEFAULT_TIME,
            memory: DEFAULT_MEMORY,
        }
    }
}

pub const DEFAULT_TIME: Duration = Duration::from_secs(10);
pub const DEFAULT_MEMORY: u64 = 1024 * 1024 * 1024;

/// The stack of the thread that evaluates: four times a main thread's,
/// sixteen times a spawned thread's. Only the pages a deep evaluation
/// touches are ever committed.
const EVALUATION_STACK: usize = 32 * 1024 * 1024;

/// How many interpreter steps pass between two looks at the clock.
const CHECK_INTERVAL: u32 = 1000;

impl Limits {
    /// Puts the limits on `engine` (the heap limit is process-wide: the
    /// last engine configured sets it).
    pub fn apply(&self, engine: &mut Engine) -> Result<()> {
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: self.time,
            check_interval: NonZeroU32::new(CHECK_INTERVAL).unwrap_or(NonZeroU32::MIN),
        });
        regorus::set_global_memory_limit(Some(self.memory));
        let max = self.max_range_elements();
        let range = move |args: Vec<Value>| bounded_range(&args, max, "numbers.range");
        let range_step = move |args: Vec<Value>| bounded_range(&args, max, "numbers.range_step");
        engine
            .add_extension("numbers.range".to_string(), 2, Box::new(range))
            .and_then(|()| {
                engine.add_extension("numbers.range_step".to_string(), 3, Box::new(range_step))
            })
            .map_err(|err| RunError::plain(format!("cannot bound numbers.range: {err}")))
    }

    /// The most elements an array of numbers may have under the heap limit.
    fn max_range_elements(&self) -> u64 {
        self.memory / std::mem::size_of::<Value>().max(1) as u64
    }

    /// `10 s`, `1.5 s`, `250 ms`.
    pub fn time_text(&self) -> String {
        let ms = self.time.as_millis();
        if ms.is_multiple_of(1000) {
            format!("{} s", ms / 1000)
        } else if ms >= 1000 {
            format!("{:.1} s", self.time.as_secs_f64())
        } else {
            format!("{ms} ms")
        }
    }

    /// `1 GiB`, `512 MiB`.
    pub fn memory_text(&self) -> String {
        human_bytes(self.memory)
    }

    /// What to say when an evaluation met a limit, or `None` when `err` is
    /// not about a limit.
    pub fn exceeded(&self, err: &anyhow::Error) -> Option<String> {
        use regorus::utils::limits::LimitError;
        let limit = err
            .chain()
            .find_map(|cause| cause.downcast_ref::<LimitError>())?;
        Some(match limit {
            LimitError::TimeLimitExceeded { .. } => format!(
                "the evaluation took longer than the time limit of {}",
                self.time_text()
            ),
            LimitError::MemoryLimitExceeded { .. } => format!(
                "the evaluation went over the memory limit of {}",
                self.memory_text()
            ),
            LimitError::RegexSizeLimitExceeded { limit } => format!(
                "a regular expression compiles to more than {}",
                human_bytes(*limit as u64)
            ),
        })
    }
}

/// How the error of a refused range ends (to give it the limits' help).
pub const RANGE_LIMIT: &str = "the memory limit allows";

/// The help every limit error carries.
pub const LIMITS_HELP: &str = "make the rule cheaper, or raise the limit: `--time-limit` / `--memory-limit` (on `check`, `audit` and `test`), or `time-limit` / `memory-limit` in .modelgate.toml (see policies/README.md, \"Limits\")";

pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let whole = bytes / size;
            let tenth = (bytes % size) * 10 / size;
            return if tenth == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenth} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// Whether this thread was started with the evaluation stack, so that
    /// it evaluates in place.
    static LARGE_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };

    /// This thread's evaluation thread, started on first use and ended when
    /// this thread ends (its channel closes).
    static EVALUATION_THREAD: std::cell::RefCell<Option<mpsc::Sender<Job>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `main` on a new thread with the evaluation stack, on which rules
/// are then evaluated in place (the binary runs every command this way).
pub fn run_with_large_stack<T: Send>(main: impl FnOnce() -> T + Send) -> std::io::Result<T> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("main".to_string())
            .stack_size(EVALUATION_STACK)
            .spawn_scoped(scope, || {
                LARGE_STACK.with(|flag| flag.set(true));
                main()
            })?;
        Ok(handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// Runs `other` on a new thread with the evaluation stack while this thread
/// runs `here`: two independent halves of start-up (the catalog and the
/// policies) at once. `Err` when the thread cannot be started; a panic in
/// `other` resumes on this thread.
pub fn beside<A: Send, B>(
    other: impl FnOnce() -> A + Send,
    here: impl FnOnce() -> B,
) -> (std::io::Result<A>, B) {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("load".to_string())
            .stack_size(EVALUATION_STACK)
            .spawn_scoped(scope, || {
                LARGE_STACK.with(|flag| flag.set(true));
                other()
            });
        let mine = here();
        let theirs = spawned.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (theirs, mine)
    })
}

/// The threads rules are evaluated on in parallel: rayon's, each started
/// with the evaluation stack (so rules run on them in place). `None` when
/// the threads cannot be started: the work then runs on the calling thread.
static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();

/// Runs `work`, whose rayon parallel iterators then spread over the
/// evaluation threads (as many as the machine's available parallelism, or
/// `RAYON_NUM_THREADS`).
pub fn in_parallel<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("rego-{i}"))
            .stack_size(EVALUATION_STACK)
            .start_handler(|_| LARGE_STACK.with(|flag| flag.set(true)))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// `items` mapped by `f` in order, in parallel on the evaluation threads
/// when there are several (a single item does not start them). `init`
/// makes each thread's state (e.g. its clone of the evaluator), which `f`
/// reuses from one item to the next.
pub fn map_in_parallel<T: Send, S, R: Send>(
    items: Vec<T>,
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, T) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() <= 1 {
        let mut state = init();
        return items.into_iter().map(|item| f(&mut state, item)).collect();
    }
    in_parallel(|| items.into_par_iter().map_init(&init, &f).collect())
}

/// Runs `work` on `engine` on a thread with a large stack: this one if it
/// has it, else a thread kept per calling thread (starting one per
/// evaluation would cost more than evaluating), and waits for it.
pub fn with_engine<T: Send + 'static>(
    engine: &mut Engine,
    work: impl FnOnce(&mut Engine) -> T + Send + 'static,
) -> Result<T> {
    if LARGE_STACK.with(std::cell::Cell::get) {
        return Ok(work(engine));
    }
    let (done, result) = mpsc::sync_channel(1);
    let mut moved = std::mem::take(engine);
    let job: Job = Box::new(move || {
        let value = work(&mut moved);
        let _ = done.send((moved, value));
    });
    submit(job)?;
    let (back, value) = result
        .recv()
        .map_err(|_| RunError::plain("the policy evaluation thread stopped unexpectedly"))?;
    *engine = back;
    Ok(value)
}

fn submit(job: Job) -> Result<()> {
    EVALUATION_THREAD.with(|cell| {
        let mut slot = cell.borrow_mut();
        // A thread that ended (a panic in an evaluation) is replaced.
        let job = match slot.as_ref() {
            Some(tx) => match tx.send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        let tx = start()?;
        tx.send(job)
            .map_err(|_| RunError::plain("the policy evaluation thread stopped unexpectedly"))?;
        *slot = Some(tx);
        Ok(())
    })
}

fn start() -> Result<mpsc::Sender<Job>> {
    let (tx, rx) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("rego".to_string())
        .stack_size(EVALUATION_STACK)
        .spawn(move || {
            for job in rx {
                job();
            }
        })
        .map_err(|err| {
            RunError::plain(format!("cannot start the policy evaluation thread: {err}"))
        })?;
    Ok(tx)
}

/// `numbers.range(a, b)` (`args == [a, b]`) or `numbers.range_step(a, b,
/// step)` as regorus computes them (inclusive, descending when `b < a`,
/// undefined for a non-integer bound), refusing a range of more than `max`
/// numbers before anything is allocated.
fn bounded_range(args: &[Value], max: u64, name: &str) -> anyhow::Result<Value> {
    let (Some(from), Some(to)) = (integer(args.first(), name)?, integer(args.get(1), name)?) else {
        return Ok(Value::Undefined);
    };
    let step = match args.get(2) {
        None => 1,
        Some(step) => match integer(Some(step), name)? {
            Some(step) if step > 0 => step,
            _ => return Err(anyhow!("{name}: the step must be a positive integer")),
        },
    };
    let span = i128::from(to) - i128::from(from);
    let count = span.unsigned_abs() / step.unsigned_abs() as u128 + 1;
    if count > u128::from(max) {
        return Err(anyhow!(
            "{name} would build {count} numbers, more than the {max} {RANGE_LIMIT}"
        ));
    }
    let signed_step = if to >= from { step } else { -step };
    let values = (0..count as i64)
        .map(|i| Value::from(from + i * signed_step))
        .collect::<Vec<_>>();
    Ok(Value::from(values))
}

/// `value` as an i64; `None` (undefined result) for a number that is not
/// an integer, an error for anything that is not a number.
fn integer(value: Option<&Value>, name: &str) -> anyhow::Result<Option<i64>> {
    match value {
        Some(Value::Number(n)) if n.is_integer() => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| anyhow!("{name}: the bounds must fit in 64 bits")),
        Some(Value::Number(_)) => Ok(None),
        _ => Err(anyhow!("{name} expects numbers")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(args: &[i64], max: u64) -> anyhow::Result<Value> {
        let args: Vec<Value> = args.iter().map(|n| Value::from(*n)).collect();
        bounded_range(&args, max, "numbers.range")
    }

    fn ints(value: &Value) -> Vec<i64> {
        value
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_i64().ok()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn ranges_match_regorus() {
        assert_eq!(ints(&range(&[1, 4], 100).unwrap()), [1, 2, 3, 4]);
        assert_eq!(ints(&range(&[3, 1], 100).unwrap()), [3, 2, 1]);
        assert_eq!(ints(&range(&[2, 2], 100).unwrap()), [2]);
        assert_eq!(ints(&range(&[1, 10, 4], 100).unwrap()), [1, 5, 9]);
        assert_eq!(ints(&range(&[10, 1, 4], 100).unwrap()), [10, 6, 2]);
        assert!(range(&[1, 10, 0], 100).is_err());
        let half = Value::from(1.5);
        assert_eq!(
            bounded_range(&[half, Value::from(3)], 100, "numbers.range").unwrap(),
            Value::Undefined
        );
    }

    #[test]
    fn a_range_above_the_limit_is_refused_before_it_is_built() {
        let err = range(&[1, 1_000_000_000], 1000).unwrap_err().to_string();
        assert!(err.contains("1000000000 numbers"), "{err}");
        assert!(range(&[1, 1000], 1000).is_ok());
    }

    #[test]
    fn sizes_and_durations_read_well() {
        assert_eq!(human_bytes(1 << 30), "1 GiB");
        assert_eq!(human_bytes(1536 << 20), "1.5 GiB");
        assert_eq!(human_bytes(10), "10 bytes");
        let limits = Limits {
            time: Duration::from_millis(250),
            memory: 1,
        };
        assert_eq!(limits.time_text(), "250 ms");
        assert_eq!(Limits::default().time_text(), "10 s");
    }
}
