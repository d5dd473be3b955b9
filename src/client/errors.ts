// Turning non-2xx answers into ApiError, from a metav1.Status body when there is one.
import { ApiError } from './types.js';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

interface StatusLike {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

/** An ApiError for HTTP `code` with the raw response body. */
export function apiErrorFrom(code: number, body: string): ApiError {
  let status: StatusLike | undefined;
  try {
    const parsed = JSON.parse(body) as StatusLike;
    if (parsed && typeof parsed === 'object' && parsed.kind === 'Status') status = parsed;
  } catch {
    // not JSON: fall back to the text
  }
  if (status) return new ApiError(status.code ?? code, status.reason ?? REASONS[code] ?? 'Unknown', status.message ?? body, status);
  return new ApiError(code, REASONS[code] ?? 'Unknown', body.trim() || `HTTP ${code}`);
}

/** An ApiError from a watch ERROR event's Status object. */
export function apiErrorFromStatus(obj: unknown): ApiError {
  const s = (obj ?? {}) as StatusLike;
  const code = s.code ?? 500;
  return new ApiError(code, s.reason ?? REASONS[code] ?? 'Unknown', s.message ?? 'watch error', obj);
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}

export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.code === 409;
}

export function isAlreadyExists(e: unknown): boolean {
  return e instanceof ApiError && e.code === 409 && e.reason === 'AlreadyExists';
}

export function isGone(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone');
}
