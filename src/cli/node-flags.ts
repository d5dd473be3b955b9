// How tests and benchmarks start skiff exactly as users do: through bin/skiff
// (a shell launcher that picks node's V8 flags per command), with any extra
// node flags of their own (--cpu-prof, --inspect, --heapsnapshot-signal…) in
// SKIFF_NODE_FLAGS, which the launcher adds to node's command line (node 20
// refuses --cpu-prof in NODE_OPTIONS).

export interface SkiffSpawn {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** `bin` with `args`, and an environment that has the launcher add `extraNodeFlags` (none may contain a space). */
export function skiffSpawn(bin: string, args: string[], extraNodeFlags: string[] = [], env: NodeJS.ProcessEnv = process.env): SkiffSpawn {
  const bad = extraNodeFlags.find((f) => /\s/.test(f));
  if (bad !== undefined) throw new Error(`node flag with white space: ${JSON.stringify(bad)}`);
  const out: NodeJS.ProcessEnv = { ...env };
  delete out.SKIFF_NODE_FLAGS;
  if (extraNodeFlags.length) out.SKIFF_NODE_FLAGS = extraNodeFlags.join(' ');
  return { file: bin, args, env: out };
}
