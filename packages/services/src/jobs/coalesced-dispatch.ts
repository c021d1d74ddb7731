interface Passes<T> {
  current: Promise<T>;
  /** The pass that starts when `current` ends, shared by every caller that arrived meanwhile. */
  next?: Promise<T>;
}

/**
 * At most one `run(key)` in flight per key; a call arriving while one runs waits for the next
 * pass, which every such call shares. Each caller's pass therefore starts after the call, so it
 * sees everything the caller committed before calling (a created job is dispatched by it, unless
 * the pass running when it called already took it), while a burst of N creates costs about two
 * dispatch passes instead of N. With `carry`, those waiting get the running pass's outcome
 * combined with their own (carry(running's, next's); only the next's when the running one failed).
 */
export function coalescePasses<T>(run: (key: string) => Promise<T>, carry?: (running: T, next: T) => T): (key: string) => Promise<T> {
  const passes = new Map<string, Passes<T>>();
  const start = (key: string): Promise<T> => {
    const entry: Passes<T> = { current: run(key) };
    passes.set(key, entry);
    const ended = () => {
      if (passes.get(key) === entry && !entry.next) passes.delete(key);
    };
    entry.current.then(ended, ended);
    return entry.current;
  };
  return (key) => {
    const entry = passes.get(key);
    if (!entry) return start(key);
    // Whatever the running pass's outcome, the next one runs for those waiting on it.
    entry.next ??= entry.current.then(
      (running) => (carry ? start(key).then((next) => carry(running, next)) : start(key)),
      () => start(key),
    );
    return entry.next;
  };
}
