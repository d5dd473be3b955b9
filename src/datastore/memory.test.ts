import { runBackendContract } from './contract.js';
import { MemoryBackend } from './memory.js';

runBackendContract('memory', () => new MemoryBackend());
