// Garbage collection controllers: the ownerReference garbage collector and pod GC.
import type { ControllerFactory } from '../types.js';
import { createGarbageCollector } from './controller.js';
import { createPodGC } from './podgc.js';

export const controllers: Record<string, ControllerFactory> = {
  garbagecollector: createGarbageCollector,
  podgc: createPodGC,
};
