// Duplicate keys in a JSON text, which JSON.parse silently collapses
// (the last one wins). Paths use the strict decoder's form: `metadata.name`,
// `spec.containers[0].image`. Malformed input yields what was found so far:
// syntax errors are reported by the real parser.
class Scanner {
  pos = 0;
  readonly found: string[] = [];
  constructor(private readonly text: string) {}

  private ws(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  private string(): string {
    const start = this.pos;
    this.pos++; // opening quote
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\\') this.pos += 2;
      else if (c === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      } else this.pos++;
    }
    throw new SyntaxError('unterminated string');
  }

  value(path: string, depth: number): void {
    if (depth > 2000) throw new SyntaxError('too deep');
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') this.object(path, depth);
    else if (c === '[') this.array(path, depth);
    else if (c === '"') this.string();
    else {
      const m = /^[-+0-9.eEa-z]+/.exec(this.text.slice(this.pos, this.pos + 64));
      if (!m) throw new SyntaxError(`unexpected character at ${this.pos}`);
      this.pos += m[0].length;
    }
  }

  private object(path: string, depth: number): void {
    this.pos++;
    const seen = new Set<string>();
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') throw new SyntaxError(`expected key at ${this.pos}`);
      const key = this.string();
      const p = path ? `${path}.${key}` : key;
      if (seen.has(key)) {
        if (!this.found.includes(p)) this.found.push(p);
      } else seen.add(key);
      this.ws();
      if (this.text[this.pos] !== ':') throw new SyntaxError(`expected ':' at ${this.pos}`);
      this.pos++;
      this.value(p, depth + 1);
      this.ws();
      const sep = this.text[this.pos++];
      if (sep === '}') return;
      if (sep !== ',') throw new SyntaxError(`expected ',' or '}' at ${this.pos - 1}`);
    }
  }

  private array(path: string, depth: number): void {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(`${path}[${i}]`, depth + 1);
      this.ws();
      const sep = this.text[this.pos++];
      if (sep === ']') return;
      if (sep !== ',') throw new SyntaxError(`expected ',' or ']' at ${this.pos - 1}`);
    }
  }
}

/** Paths of keys that occur more than once in the same JSON object. */
export function findDuplicateFields(json: string): string[] {
  const s = new Scanner(json);
  try {
    s.value('', 0);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return s.found;
}
