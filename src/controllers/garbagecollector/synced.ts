// Waiting for informers to list. SharedInformer.waitForSync() resolves at once
// while an informer is not started yet (controllers register before the
// manager starts informers), so this polls hasSynced() instead.
import type { Informer } from '../../client/types.js';

export function whenSynced(informers: Array<Pick<Informer, 'hasSynced'>>, isStopped: () => boolean, pollMs = 20): Promise<boolean> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (isStopped()) return resolve(false);
      if (informers.every((i) => i.hasSynced())) return resolve(true);
      setTimeout(check, pollMs);
    };
    check();
  });
}
