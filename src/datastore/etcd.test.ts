// Runs the Backend contract against a real, private etcd started by the test harness.
import { after } from 'node:test';
import { runBackendContract } from './contract.js';
import { EtcdBackend } from './etcd.js';
import { startEtcd } from './testing/etcd-server.js';

const server = await startEtcd();
after(() => server.stop());

runBackendContract('etcd', () => new EtcdBackend([server.endpoint]));
