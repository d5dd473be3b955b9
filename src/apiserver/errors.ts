// API errors: every failure that reaches a client is a metav1.Status with the
// upstream code and reason. Throw these anywhere below the HTTP edge.
import { type FieldError, errorBody, errorString } from './validation/field.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  | '';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** Group + resource, e.g. {group: 'apps', resource: 'deployments'} prints as `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

export const notFound = (gr: GroupResource, name: string): StatusError =>
  new StatusError(404, 'NotFound', `${qualified(gr)} "${name}" not found`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const alreadyExists = (gr: GroupResource, name: string): StatusError =>
  new StatusError(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const conflict = (gr: GroupResource, name: string, why: string): StatusError =>
  new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

/** 422 Invalid, as `Kind "name" is invalid: field: Invalid value: …`. */
export function invalid(group: string, kind: string, name: string, errs: FieldError[]): StatusError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const list = errs.map(errorString);
  const msg =
    list.length === 1 ? `${qualifiedKind} "${name}" is invalid: ${list[0]}` : `${qualifiedKind} "${name}" is invalid: [${list.join(', ')}]`;
  return new StatusError(422, 'Invalid', msg, {
    name,
    group,
    kind,
    causes: errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
  });
}

export const badRequest = (msg: string): StatusError => new StatusError(400, 'BadRequest', msg);
export const forbidden = (gr: GroupResource, name: string, why: string): StatusError =>
  new StatusError(403, 'Forbidden', `${qualified(gr)} "${name}" is forbidden: ${why}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
export const methodNotAllowed = (msg = 'the server does not allow this method on the requested resource'): StatusError =>
  new StatusError(405, 'MethodNotAllowed', msg);
export const gone = (msg: string): StatusError => new StatusError(410, 'Expired', msg);
export const tooLarge = (msg = 'the server has received a request that is too large'): StatusError =>
  new StatusError(413, 'RequestEntityTooLarge', msg);
/** 415, listing the media types the endpoint accepts (as upstream words it). */
export const unsupportedMediaType = (accepted: string[]): StatusError =>
  new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
export const notAcceptable = (msg: string): StatusError => new StatusError(406, 'NotAcceptable', msg);
export const internalError = (msg: string): StatusError =>
  new StatusError(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
export const serviceUnavailable = (msg: string): StatusError => new StatusError(503, 'ServiceUnavailable', msg);
export const timeout = (msg: string): StatusError => new StatusError(504, 'Timeout', msg);
export const tooManyRequests = (msg: string): StatusError => new StatusError(429, 'TooManyRequests', msg);

/** Anything thrown → a StatusError (unknown errors become 500 InternalError). */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return internalError(msg);
}
