// A harness for controller unit tests: a FakeResourceClient, a context whose
// recorder keeps events in memory, and a poll-until helper.
import { FakeResourceClient } from '../client/fake.js';
import type { ObjectRef, Recorder, EventType } from '../agent/events.js';
import { InformerFactory } from './informers.js';
import type { Controller, ControllerContext, ControllerFactory, ControllerOptions } from './types.js';

export interface RecordedEvent {
  component: string;
  ref: ObjectRef;
  type: EventType;
  reason: string;
  message: string;
}

export interface Harness {
  client: FakeResourceClient;
  ctx: ControllerContext;
  events: RecordedEvent[];
  logs: string[];
  /** Builds and runs the controller, starts informers, waits for their sync. */
  run(factory: ControllerFactory): Promise<Controller>;
  stop(): Promise<void>;
}

export function harness(options: ControllerOptions = {}, client = new FakeResourceClient()): Harness {
  const events: RecordedEvent[] = [];
  const logs: string[] = [];
  const informers = new InformerFactory(client);
  const controllers: Controller[] = [];
  const ctx: ControllerContext = {
    client,
    informers,
    recorder: (component): Recorder => ({ event: (ref, type, reason, message) => void events.push({ component, ref, type, reason, message }) }),
    log: (l) => void logs.push(l),
    options: { workers: 2, ...options },
  };
  return {
    client,
    ctx,
    events,
    logs,
    async run(factory) {
      const c = factory(ctx);
      c.run();
      controllers.push(c);
      await informers.start();
      return c;
    },
    async stop() {
      await Promise.all(controllers.map((c) => c.stop()));
      informers.stop();
    },
  };
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function until<T>(fn: () => T | Promise<T>, timeoutMs = 3000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
