// Writing responses: JSON or YAML bodies, Status errors, request bodies with
// the 3 MiB limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { type StatusError, tooLarge } from '../errors.js';

/** Upstream's limit for a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      reject(tooLarge('the server has received a request that is too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge('the server has received a request that is too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

export function send(res: ServerResponse, code: number, body: string | Buffer, contentType: string, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string | string[]> = {}, contentType = 'application/json'): void {
  send(res, code, typeof body === 'string' ? body : JSON.stringify(body), contentType, headers);
}

/** Sends an already-serialized JSON document as JSON or YAML. */
export function sendDocument(res: ServerResponse, code: number, json: string, format: 'json' | 'yaml', headers: Record<string, string | string[]> = {}): void {
  if (format === 'yaml') send(res, code, YAML.stringify(JSON.parse(json)), 'application/yaml', headers);
  else send(res, code, json, 'application/json', headers);
}

export function sendStatus(res: ServerResponse, err: StatusError, headers: Record<string, string | string[]> = {}): void {
  sendJson(res, err.code, err.toStatus(), headers);
}

/** A `Warning` header value per RFC 7234, as the apiserver sends them (code 299). */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}
