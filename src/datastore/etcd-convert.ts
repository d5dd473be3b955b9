// Conversions between etcd3's wire types and the Backend contract, and error mapping.
import {
  ClientClosedError,
  GRPCCancelledError,
  GRPCDeadlineExceededError,
  GRPCUnavailableError,
  type IEvent,
  type IKeyValue,
} from 'etcd3';
import { UnavailableError, type KeyValue, type WatchEvent } from './backend.js';

export const num = (s: string | number | undefined | null): number => Number(s ?? 0);

export function toKv(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value ?? Buffer.alloc(0),
    createRevision: num(kv.create_revision),
    modRevision: num(kv.mod_revision),
  };
}

export function toEvent(ev: IEvent): WatchEvent {
  const prevKv = ev.prev_kv ? toKv(ev.prev_kv) : undefined;
  const type = ev.type as unknown;
  if (type === 'Delete' || type === 1) {
    const modRevision = num(ev.kv.mod_revision);
    const kv = prevKv
      ? { ...prevKv, modRevision }
      : { key: ev.kv.key.toString('utf8'), value: Buffer.alloc(0), createRevision: 0, modRevision };
    return { type: 'DELETE', kv, prevKv };
  }
  return { type: 'PUT', kv: toKv(ev.kv), prevKv };
}

export const isCompactedMessage = (err: unknown): boolean =>
  err instanceof Error && err.message.includes('required revision has been compacted');

export const isFutureMessage = (err: unknown): boolean =>
  err instanceof Error && err.message.includes('required revision is a future revision');

/** Maps connection-level failures to UnavailableError; returns other errors unchanged. */
export function mapConnectionError(err: unknown): unknown {
  if (
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    err instanceof GRPCCancelledError ||
    err instanceof ClientClosedError
  ) {
    return new UnavailableError(`etcd unavailable: ${err.message}`);
  }
  return err;
}
