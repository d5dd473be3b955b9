// Shared fixtures for the printer tests: a fixed "now" and timestamps relative to it.
export const NOW = new Date('2024-05-01T12:00:00Z');

/** RFC 3339 timestamp `ms` milliseconds before NOW. */
export function ago(ms: number): string {
  return new Date(NOW.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;

/** Column names as kubectl would show them (upper-cased), and the wide-only ones. */
export function headers(cols: { name: string; priority: number }[]): { normal: string[]; wide: string[] } {
  return {
    normal: cols.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()),
    wide: cols.filter((c) => c.priority !== 0).map((c) => c.name.toUpperCase()),
  };
}
