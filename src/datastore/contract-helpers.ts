// Helpers for the shared backend contract suite.
import assert from 'node:assert/strict';
import type { Backend, Watch, WatchEvent } from './backend.js';

export type MakeBackend = () => Backend | Promise<Backend>;

let seq = 0;
/** A key prefix no other test uses (backends such as etcd are shared across tests). */
export function uniquePrefix(): string {
  seq++;
  return `/contract/${process.pid}-${Date.now().toString(36)}-${seq}/`;
}

export const buf = (s: string): Buffer => Buffer.from(s);
export const str = (b: Buffer | undefined): string | undefined => b?.toString();

/** Polls `cond` until it holds, failing after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A watch that records its events and error. */
export interface Recorder {
  events: WatchEvent[];
  batches: number;
  error?: Error;
  watch: Watch;
  /** "PUT key=value" / "DELETE key" strings, for compact assertions. */
  summary(): string[];
}

export function record(b: Backend, prefix: string, fromRevision: number): Recorder {
  const r: Recorder = {
    events: [],
    batches: 0,
    watch: undefined as unknown as Watch,
    summary() {
      return r.events.map((e) => (e.type === 'PUT' ? `PUT ${e.kv.key}=${e.kv.value.toString()}` : `DELETE ${e.kv.key}`));
    },
  };
  r.watch = b.watch(prefix, fromRevision, {
    onEvents(evs) {
      r.batches++;
      r.events.push(...evs);
    },
    onError(err) {
      r.error = err;
    },
  });
  return r;
}

/** Asserts that `p` rejects with an instance of `cls`, returning the error. */
export async function rejectsWith<E extends Error>(
  p: Promise<unknown>,
  cls: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${cls.name}, but the call succeeded`);
}
