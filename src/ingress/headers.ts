// Header handling for proxied requests and responses: hop-by-hop headers
// (RFC 9110 §7.6.1) are dropped, X-Forwarded-For/-Proto/-Host/-Port and
// X-Real-IP added for the backend. Works on rawHeaders arrays
// ([name, value, name, value, …]) so duplicates and case survive.
import type { IncomingMessage } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'expect']);
const OURS = new Set(['x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip']);

/** Names listed in a Connection header are hop-by-hop too. */
function connectionTokens(raw: string[]): Set<string> | undefined {
  let out: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 10 && raw[i]!.toLowerCase() === 'connection') {
      for (const t of raw[i + 1]!.split(',')) {
        const n = t.trim().toLowerCase();
        if (n && n !== 'close' && n !== 'keep-alive' && n !== 'upgrade') (out ??= new Set()).add(n);
      }
    }
  }
  return out;
}

/**
 * The headers to send to a backend. `upgrade` keeps Connection and Upgrade
 * (a WebSocket handshake needs them).
 */
export function requestHeaders(req: IncomingMessage, proto: string, port: number, upgrade = false): string[] {
  const raw = req.rawHeaders;
  const extra = connectionTokens(raw);
  const out: string[] = [];
  let xff = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (lower === 'x-forwarded-for') {
      xff = xff ? `${xff}, ${raw[i + 1]}` : raw[i + 1]!;
      continue;
    }
    if (OURS.has(lower) || extra?.has(lower)) continue;
    if (HOP_BY_HOP.has(lower) && !(upgrade && (lower === 'connection' || lower === 'upgrade'))) continue;
    out.push(name, raw[i + 1]!);
  }
  const remote = req.socket.remoteAddress ?? '';
  out.push(
    'X-Forwarded-For', xff ? `${xff}, ${remote}` : remote,
    'X-Forwarded-Proto', proto,
    'X-Forwarded-Host', req.headers.host ?? '',
    'X-Forwarded-Port', String(port),
    'X-Real-IP', remote,
  );
  return out;
}

/** A backend's response headers for the client, hop-by-hop ones removed. */
export function responseHeaders(raw: string[]): string[] {
  const extra = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(lower) || extra?.has(lower)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** True when the request carries a body (RFC 9112 §6.3). */
export function hasBody(req: IncomingMessage): boolean {
  const cl = req.headers['content-length'];
  return (cl !== undefined && cl !== '0') || req.headers['transfer-encoding'] !== undefined;
}
