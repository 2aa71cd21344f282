// Many small writes as few statements: what arrives while a write is on its way to PostgreSQL goes
// together in the next one (group commit). A lone call runs at once, so nothing waits when the bot
// is quiet; under load one round trip carries hundreds of rows. The edge keeps every accepted event
// this way, and a statement's cost (the driver, the round trip, PostgreSQL's commit) is paid once a
// batch instead of once an event.

export interface WriteBatchOptions {
  /** the most items one call of `write` is given (default 500) */
  max?: number;
}

/**
 * `write(items)` answers one result per item, in order. When a batch of several fails, each of its
 * items is tried alone, so one bad item fails only its own caller.
 */
export function writeBatch<I, O>(write: (items: I[]) => Promise<O[]>, { max = 500 }: WriteBatchOptions = {}): (item: I) => Promise<O> {
  interface Waiting {
    item: I;
    resolve: (out: O) => void;
    reject: (err: unknown) => void;
  }
  const waiting: Waiting[] = [];
  let writing = false;

  const settle = async (batch: Waiting[]) => {
    try {
      const out = await write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(out[i]!));
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      else for (const one of batch) await settle([one]);
    }
  };
  const drain = async () => {
    writing = true;
    try {
      while (waiting.length > 0) await settle(waiting.splice(0, max));
    } finally {
      writing = false;
    }
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}

/** A write batch for writes that give nothing back. */
export function writeBatchOf<I>(write: (items: I[]) => Promise<void>, options?: WriteBatchOptions): (item: I) => Promise<void> {
  return writeBatch(async (items: I[]) => {
    await write(items);
    return items.map(() => undefined);
  }, options);
}

/** Concurrent callers share one read in flight; a call after it settled starts a new one. */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => (inFlight ??= read().finally(() => (inFlight = undefined)));
}
