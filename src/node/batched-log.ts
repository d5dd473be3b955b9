// A line log for hot paths (the ingress gateway's request log): lines are
// stamped when they happen and written together at most every `flushMs`, so
// thousands of requests a second cost a few writes instead of one each.
export class BatchedLog {
  private lines: string[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly flushMs = 100,
    private readonly maxLines = 1000,
  ) {}

  readonly log = (line: string): void => {
    this.lines.push(`${new Date().toISOString()} ${line}\n`);
    if (this.lines.length >= this.maxLines) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  };

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    this.write(chunk);
  }
}
