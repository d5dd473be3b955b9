// The CRI container log format (as written by conmon and containerd-shim):
// one record per line, `<RFC3339Nano time> <stdout|stderr> <P|F> <content>`.
// `P` marks a partial record (the line continues in the next record), `F` a
// full one (the line ends here). Records are re-joined into lines here.

export interface LogRecord {
  /** The record's time as written (RFC3339Nano). */
  time: string;
  /** Milliseconds since the epoch (for since filters). */
  ms: number;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  content: Buffer;
}

/** One output line: the joined records of a logical line, the time of its first record. */
export interface LogLine {
  time: string;
  ms: number;
  stream: 'stdout' | 'stderr';
  /** The line's bytes, with the final newline when the line is complete. */
  content: Buffer;
  complete: boolean;
}

export class LogParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogParseError';
  }
}

/** Parses one record (without its trailing newline). */
export function parseRecord(line: Buffer): LogRecord {
  const s1 = line.indexOf(0x20);
  const s2 = s1 < 0 ? -1 : line.indexOf(0x20, s1 + 1);
  if (s1 < 0 || s2 < 0) throw new LogParseError(`malformed CRI log line: ${JSON.stringify(line.toString().slice(0, 80))}`);
  const time = line.subarray(0, s1).toString();
  const stream = line.subarray(s1 + 1, s2).toString();
  if (stream !== 'stdout' && stream !== 'stderr') throw new LogParseError(`unexpected stream type ${JSON.stringify(stream)}`);
  // The tag field may be absent in very old files: then the content follows directly.
  const s3 = line.indexOf(0x20, s2 + 1);
  let tag = s3 < 0 ? line.subarray(s2 + 1).toString() : line.subarray(s2 + 1, s3).toString();
  let content: Buffer;
  if (tag === 'P' || tag === 'F') content = s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1);
  else {
    tag = 'F';
    content = line.subarray(s2 + 1);
  }
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new LogParseError(`unparsable timestamp ${JSON.stringify(time)}`);
  return { time, ms, stream, partial: tag === 'P', content };
}

/** Formats a time as RFC3339 with nine fractional digits, in UTC (as kubelet prints timestamps). */
export function formatTimestamp(time: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (m && m[3] === 'Z') return `${m[1]}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}Z`;
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return time;
  const frac = m?.[2] ? m[2].padEnd(9, '0').slice(0, 9) : String((ms % 1000) * 1e6).padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

/**
 * Incremental splitter: feed raw file bytes, get joined lines. Partial records
 * are buffered per stream until the `F` record that ends them.
 */
export class LineJoiner {
  private rest: Buffer = Buffer.alloc(0);
  private pending: { stdout?: LogLine; stderr?: LogLine } = {};

  /** Returns the lines completed by `chunk`. Malformed records are skipped. */
  push(chunk: Buffer): LogLine[] {
    const buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const out: LogLine[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) break;
      const raw = buf.subarray(start, nl);
      start = nl + 1;
      if (raw.length === 0) continue;
      let rec: LogRecord;
      try {
        rec = parseRecord(raw);
      } catch {
        continue;
      }
      const line = this.add(rec);
      if (line) out.push(line);
    }
    this.rest = Buffer.from(buf.subarray(start));
    return out;
  }

  private add(rec: LogRecord): LogLine | undefined {
    const prev = this.pending[rec.stream];
    const line: LogLine = prev
      ? { ...prev, content: Buffer.concat([prev.content, rec.content]) }
      : { time: rec.time, ms: rec.ms, stream: rec.stream, content: rec.content, complete: false };
    if (rec.partial) {
      this.pending[rec.stream] = line;
      return undefined;
    }
    this.pending[rec.stream] = undefined;
    return { ...line, content: Buffer.concat([line.content, Buffer.from('\n')]), complete: true };
  }

  /** Lines still open at the end of input (partial records never finished). */
  flush(): LogLine[] {
    const out = [this.pending.stdout, this.pending.stderr].filter((l): l is LogLine => !!l);
    this.pending = {};
    return out.sort((a, b) => a.ms - b.ms);
  }
}
