// Splits a byte stream into newline-delimited JSON values (watch streams).

export class NdjsonDecodeError extends Error {
  constructor(readonly line: string) {
    super(`invalid JSON in watch stream: ${line.slice(0, 200)}`);
    this.name = 'NdjsonDecodeError';
  }
}

export class NdjsonSplitter {
  private buf = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly onValue: (v: unknown) => void) {}

  /** Feeds a chunk; calls onValue for each complete line. Throws NdjsonDecodeError on a bad line. */
  push(chunk: Uint8Array | string): void {
    this.buf += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (line) this.emit(line);
    }
  }

  /** End of stream: a final line without newline still counts. */
  end(): void {
    const line = this.buf.trim();
    this.buf = '';
    if (line) this.emit(line);
  }

  private emit(line: string): void {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new NdjsonDecodeError(line);
    }
    this.onValue(v);
  }
}
