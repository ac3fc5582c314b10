/**
 * `with lock:` for JavaScript: `await using held = await lock.hold()` acquires (blocking, no timeout, as
 * Python's `with` does) and releases when the block ends, however it ends. Node 20 has both symbols
 * (Symbol.dispose, Symbol.asyncDispose) but not the `using` syntax: TypeScript compiles `using` down, and a
 * plain script writes `try { ... } finally { await held.release() }`, which is the same thing.
 */
export interface HeldLock extends AsyncDisposable, Disposable {
  /** Releases now (once: disposing later does nothing). */
  release(): Promise<void>;
}

interface Releasable {
  release(): Promise<void>;
  /** The fast path's synchronous release: true when done at once. */
  releaseNow(): boolean;
}

/** What `hold()` returns once the lock is held. */
export function heldLock(lock: Releasable): HeldLock {
  let released = false;
  const release = (): Promise<void> => {
    if (released) return Promise.resolve();
    released = true;
    return lock.releaseNow() ? Promise.resolve() : lock.release();
  };
  return {
    release,
    [Symbol.asyncDispose]: release,
    // A plain `using` cannot wait: the release is done on the cell, or sent now (a worker's requests are
    // answered in order, so the next one comes after it); an error in it then surfaces unhandled, as an
    // exception in Python's __exit__ would.
    [Symbol.dispose]: () => void release(),
  };
}
