// Go RE2 patterns (CRD `pattern`) compiled to JavaScript RegExps. RE2 syntax
// JavaScript lacks is translated; Perl features RE2 refuses are rejected with
// Go's error wording.
const cache = new Map<string, RegExp | Error>();

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function translate(pattern: string): { source: string; flags: string } | Error {
  let src = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    src = src.slice(lead[0].length);
    for (const f of lead[1]) if (f === 'i' || f === 's' || f === 'm') flags += f;
  }
  const perl = /\(\?(=|!|<=|<!)/.exec(src);
  if (perl) return new Error(`error parsing regexp: invalid or unsupported Perl syntax: \`${perl[0]}\``);
  if (/\\[1-9]/.test(src)) return new Error('error parsing regexp: invalid escape sequence: `' + /\\[1-9]/.exec(src)![0] + '`');
  src = src
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
      const cls = posixClasses[name];
      if (!cls) return m;
      return neg ? `^${cls}` : cls;
    });
  return { source: src, flags };
}

/** A RegExp for the pattern (unanchored search like Go's MatchString), or the compile error. */
export function compilePattern(pattern: string): RegExp | Error {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let out: RegExp | Error;
  const t = translate(pattern);
  if (t instanceof Error) out = t;
  else {
    try {
      out = new RegExp(t.source, t.flags);
    } catch (e) {
      out = new Error(`error parsing regexp: ${(e as Error).message}`);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, out);
  return out;
}
