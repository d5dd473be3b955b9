// Prints the top functions of a V8 CPU profile (from `node dist/bench/apiserver.js --cpu-prof`).
// Run: node dist/bench/profile-summary.js FILE.cpuprofile [--from=SECONDS] [--to=SECONDS] [--top=N]
// The benchmark logs each phase's start as seconds since the server was spawned,
// which is close to the profile's own clock, so --from/--to can isolate a phase.
import { readFileSync } from 'node:fs';
import { functionCosts, type CpuProfile } from './lib/cpuprofile.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const num = (name: string, dflt: number): number => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
if (!file) {
  console.error('usage: node dist/bench/profile-summary.js FILE.cpuprofile [--from=SECONDS] [--to=SECONDS] [--top=N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const { costs, sampledMs } = functionCosts(profile, num('from', 0) * 1000, num('to', Infinity) * 1000);
const top = num('top', 25);
const idle = costs.find((c) => c.name.startsWith('(idle)'))?.selfMs ?? 0;
const pct = (ms: number): string => `${((100 * ms) / sampledMs).toFixed(1)}%`.padStart(6);
console.log(`${(sampledMs / 1000).toFixed(2)} s sampled, ${pct(idle).trim()} idle`);
console.log('\nself time:');
for (const c of [...costs].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`${pct(c.selfMs)}  ${c.name}`);
console.log('\ninclusive time:');
for (const c of [...costs].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(`${pct(c.totalMs)}  ${c.name}`);
