// Child process for durability.test.ts: writes creates forever through a backend and prints
// each key on stdout only AFTER its create was acknowledged. The test kill -9s it.
// Usage: node durability-writer.js <datastore spec> <key prefix> [in-flight]
import { openBackend } from '../factory.js';

const [spec, prefix, inflightArg] = process.argv.slice(2);
if (!spec || !prefix) {
  process.stderr.write('usage: durability-writer <spec> <prefix> [in-flight]\n');
  process.exit(2);
}
const inflight = Number(inflightArg ?? 8);
const backend = openBackend(spec, process.cwd());
await backend.start();
process.stdout.write('READY\n');

let next = 0;
async function writer(): Promise<void> {
  for (;;) {
    const key = `${prefix}${String(next++).padStart(8, '0')}`;
    await backend.create(key, Buffer.from(`value of ${key}`));
    process.stdout.write(`${key}\n`);
  }
}
await Promise.all(Array.from({ length: inflight }, writer));
