import { runRuntimeContract } from '../cri/contract.js';
import { makeRealHarness } from './testing.js';

runRuntimeContract('OCI runtime (runc/crun under conmon)', () => makeRealHarness());
