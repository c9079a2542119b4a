// Keys as a stream: every key of a read reaches the handlers, one after the other, each seeing what the keys
// before it did. Ink's useInput hands a whole read to a handler as one `input` and re-subscribes handlers in
// a passive effect, so a burst over SSH lost keys ("GUID⏎" lost the Enter, two Tabs moved once). Here:
// - one listener per Ink instance on the event emitter that Ink's own useInput listens to (useStdin), so raw
//   mode and Ctrl+C stay Ink's;
// - each read is split into keys (./keys.ts); an ESC or a sequence cut off at the end waits ESC_TIMEOUT_MS
//   for the rest (Esc followed by a key in one read is Alt+key, as terminals send it);
// - the keys wait in a queue: the first is delivered at once, each next one after React has committed what
//   the key before it changed. React schedules that render as a task of its own (not necessarily before a
//   setImmediate of ours), so the bus asks for a render itself (a state update on a mounted handler's
//   component, committed together with the key's updates) and goes on when that commit's layout effects ran:
//   a dialog opened by one key receives the next key of the same read, and a handler never sees the state
//   from before the previous key.
import type { EventEmitter } from "node:events";
import { useStdin } from "ink";
import { useEffect, useLayoutEffect, useReducer, useRef } from "react";
import { createKeyReader, type Key } from "./keys.js";

export type { Key } from "./keys.js";
export type KeyHandler = (key: Key) => void;

/** How long a lone ESC waits for the rest of a sequence before it counts as the Esc key. */
export const ESC_TIMEOUT_MS = 50;
/** A bracketed paste whose end marker does not come within this time is taken as it stands. */
const PASTE_TIMEOUT_MS = 1000;

interface Subscriber {
  handler: { current: KeyHandler };
  active: { current: boolean };
  /** asks React to render this subscriber's component */
  bump: () => void;
}

/** If no commit comes (the bumped component went away without one), the next key goes after this. */
const COMMIT_WAIT_MS = 200;

class KeyBus {
  private readonly subscribers = new Set<Subscriber>();
  private readonly reader = createKeyReader();
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: Key[] = [];
  private next: NodeJS.Immediate | undefined;
  private waiting: NodeJS.Timeout | undefined;

  constructor(private readonly emitter: EventEmitter) {}

  private readonly onInput = (data: string | Buffer) => {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.deliver(this.reader.push(String(data)));
    const waiting = this.reader.pending();
    if (waiting) this.timer = setTimeout(() => this.deliver(this.reader.flush()), waiting === "paste" ? PASTE_TIMEOUT_MS : ESC_TIMEOUT_MS);
  };

  private deliver(keys: Key[]) {
    this.queue.push(...keys);
    if (!this.busy()) this.drain();
  }

  private readonly drain = () => {
    this.next = undefined;
    const k = this.queue.shift();
    if (!k) return;
    // The set as it is now: a handler of the previous key may have mounted (a dialog) or unmounted one.
    for (const s of [...this.subscribers]) if (this.subscribers.has(s) && s.active.current) s.handler.current(k);
    if (this.queue.length === 0) return;
    const pump = [...this.subscribers][0];
    if (!pump) return;
    this.waiting = setTimeout(() => this.committed(), COMMIT_WAIT_MS);
    pump.bump();
  };

  /** A subscriber's component committed (or unmounted): the key's changes are on screen, go on. */
  committed() {
    if (this.waiting === undefined) return;
    clearTimeout(this.waiting);
    this.waiting = undefined;
    // after the rest of this commit's layout effects (a dialog's handler registering)
    this.next = setImmediate(this.drain);
  }

  private busy() {
    return this.next !== undefined || this.waiting !== undefined;
  }

  add(s: Subscriber) {
    if (this.subscribers.size === 0) this.emitter.on("input", this.onInput);
    this.subscribers.add(s);
  }

  remove(s: Subscriber) {
    this.subscribers.delete(s);
    this.committed();
    if (this.subscribers.size > 0) return;
    this.emitter.off("input", this.onInput);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.next !== undefined) clearImmediate(this.next);
    this.next = undefined;
    clearTimeout(this.waiting);
    this.waiting = undefined;
    this.queue.length = 0;
  }
}

const buses = new WeakMap<EventEmitter, KeyBus>();

function busFor(emitter: EventEmitter): KeyBus {
  let bus = buses.get(emitter);
  if (!bus) buses.set(emitter, (bus = new KeyBus(emitter)));
  return bus;
}

/**
 * Calls `handler` for every key while `isActive`, in the order typed. Handlers registered by several
 * components all get each key, in the order the components mounted (like Ink's useInput).
 */
export function useKeyStream(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  const isActive = options.isActive !== false;
  const { setRawMode, internal_eventEmitter: emitter } = useStdin();
  const handlerRef = useRef(handler);
  const activeRef = useRef(isActive);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    handlerRef.current = handler;
    activeRef.current = isActive;
    // every commit of this component tells the bus that the keys' changes so far are rendered
    if (emitter) busFor(emitter).committed();
  });
  useLayoutEffect(() => {
    if (!emitter) return;
    const bus = busFor(emitter);
    const s: Subscriber = { handler: handlerRef, active: activeRef, bump };
    bus.add(s);
    return () => bus.remove(s);
  }, [emitter]);
  // Raw mode as Ink's useInput does it (Ink counts the components that need it).
  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isActive, setRawMode]);
}
