export function nowNanos(): number {
  return Date.now() * 1_000_000;
}

/** All selector labels present with equal values. */
export function matchesLabels(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The messages in an OCI runtime's logrus output (`time="…" level=error msg="…"`),
 * one per line and unescaped, so errors read (and repeat) without timestamps.
 * Text that is not logrus output comes back trimmed.
 */
export function runtimeErrorText(text: string): string {
  const msgs: string[] = [];
  for (const line of text.split('\n')) {
    const m = /\blevel=\w+ msg="((?:[^"\\]|\\.)*)"/.exec(line);
    if (!m) continue;
    try {
      msgs.push(JSON.parse(`"${m[1]}"`) as string);
    } catch {
      msgs.push(m[1]);
    }
  }
  return msgs.length ? msgs.join('; ') : text.trim();
}
