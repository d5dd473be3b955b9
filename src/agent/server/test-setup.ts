// Shared set-up for the agent server's tests: a fake runtime with one pod
// (two containers, one with a previous attempt) and the server on loopback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeStreamsRuntime, type FakeContainer } from './fake-runtime.js';
import { startAgentServer, type AgentServer } from './index.js';

export interface Fixture {
  fake: FakeStreamsRuntime;
  server: AgentServer;
  base: string;
  app: FakeContainer;
  previous: FakeContainer;
  sidecar: FakeContainer;
  dir: string;
  stop(): Promise<void>;
}

export function logLine(time: string, stream: 'stdout' | 'stderr', text: string, partial = false): string {
  return `${time} ${stream} ${partial ? 'P' : 'F'} ${text}\n`;
}

export async function setup(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-agent-server-'));
  const fake = new FakeStreamsRuntime(dir);
  const sb = fake.addSandbox('default', 'web', 'uid-1');
  const previous = fake.addContainer(sb, 'app', 0, 'CONTAINER_EXITED');
  writeFileSync(previous.logPath, logLine('2024-01-01T00:00:00.000000001Z', 'stdout', 'old run'));
  const app = fake.addContainer(sb, 'app', 1);
  writeFileSync(
    app.logPath,
    logLine('2024-01-01T00:00:01.5Z', 'stdout', 'one') +
      logLine('2024-01-01T00:00:02Z', 'stderr', 'two') +
      logLine('2024-01-01T00:00:03Z', 'stdout', 'thr', true) +
      logLine('2024-01-01T00:00:03.1Z', 'stdout', 'ee'),
  );
  const sidecar = fake.addContainer(sb, 'side', 0);
  writeFileSync(sidecar.logPath, '');
  const server = await startAgentServer({ runtime: fake.service(), host: '127.0.0.1', port: 0 });
  return {
    fake,
    server,
    base: `127.0.0.1:${server.port}`,
    app,
    previous,
    sidecar,
    dir,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
