// A promise whose outcome can be read synchronously once settled: the dashboard renders its first frame with
// what was read before it (see start.ts) instead of drawing "Opening…" and then the real frame.

export interface Tracked<T> {
  promise: Promise<T>;
  settled?: { ok: true; value: T } | { ok: false; error: unknown };
}

export function track<T>(promise: Promise<T>): Tracked<T> {
  const t: Tracked<T> = { promise };
  promise.then(
    (value) => void (t.settled = { ok: true, value }),
    (error: unknown) => void (t.settled = { ok: false, error }),
  );
  return t;
}
