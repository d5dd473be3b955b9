// How tests and benchmarks start skiff exactly as users do: through bin/skiff
// (a shell launcher that picks node's V8 flags per command), with any extra
// node flags of their own (--cpu-prof, --inspect, --heapsnapshot-signal…)
// passed in NODE_OPTIONS, which node reads on top of the launcher's flags.

export interface SkiffSpawn {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** `bin` with `args`, and an environment adding `extraNodeFlags` to NODE_OPTIONS. */
export function skiffSpawn(bin: string, args: string[], extraNodeFlags: string[] = [], env: NodeJS.ProcessEnv = process.env): SkiffSpawn {
  const opts = [env.NODE_OPTIONS ?? '', ...extraNodeFlags].filter((s) => s !== '').join(' ');
  const out: NodeJS.ProcessEnv = { ...env };
  if (opts) out.NODE_OPTIONS = opts;
  return { file: bin, args, env: out };
}
