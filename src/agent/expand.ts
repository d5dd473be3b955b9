// `$(VAR)` expansion as kubelet does it for command, args and env values
// (third_party/forked/golang/expansion): `$(NAME)` becomes the variable's value
// when it is defined and stays as written when not; `$$` is an escaped `$`; any
// other `$` is kept literally.

export type Mapping = (name: string) => string | undefined;

/** A lookup over maps, first match wins. */
export function mappingFor(...maps: Array<ReadonlyMap<string, string>>): Mapping {
  return (name) => {
    for (const m of maps) {
      const v = m.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

export function expand(input: string, mapping: Mapping): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    const { text, isVar, advance } = readVariable(rest);
    if (isVar) {
      const v = mapping(text);
      out += v === undefined ? `$(${text})` : v;
    } else {
      out += text;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** After a `$`: an escaped `$`, a `(NAME)` reference, or a literal. */
function readVariable(input: string): { text: string; isVar: boolean; advance: number } {
  if (input[0] === '$') return { text: '$', isVar: false, advance: 1 };
  if (input[0] === '(') {
    const close = input.indexOf(')', 1);
    if (close >= 0) return { text: input.slice(1, close), isVar: true, advance: close + 1 };
    return { text: '$(', isVar: false, advance: 1 };
  }
  return { text: '$' + input[0], isVar: false, advance: 1 };
}
