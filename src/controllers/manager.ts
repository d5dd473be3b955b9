// The controller manager: builds the enabled controllers from a name→factory
// registry over one shared informer factory, starts them once this process
// holds the leader Lease, and stops them (and the informers) when it loses it
// or shuts down.
import { hostname } from 'node:os';
import { EventRecorder, type Recorder } from '../agent/events.js';
import type { ResourceClient } from '../client/types.js';
import { InformerFactory } from './informers.js';
import { LeaderElector } from './leader.js';
import type { Controller, ControllerContext, ControllerFactory, ControllerOptions } from './types.js';

export interface ControllerManagerOptions extends ControllerOptions {
  log?(line: string): void;
  /** Controller names to run; '*' (default) runs all, '-name' disables one. */
  controllers?: string[];
  /** Lease holder identity (default: the host name, so a restarted server re-acquires at once). */
  identity?: string;
  /** Set false to skip leader election (unit tests). */
  leaderElect?: boolean;
}

export function enabledControllers(all: string[], wanted: string[] = ['*']): string[] {
  const star = wanted.includes('*');
  return all.filter((n) => !wanted.includes(`-${n}`) && (star || wanted.includes(n)));
}

export class ControllerManager {
  private running: Controller[] = [];
  private informers?: InformerFactory;
  private readonly elector?: LeaderElector;
  private readonly log: (line: string) => void;
  private readyResolve!: () => void;
  /** Resolves once controllers run and their informers have synced. */
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));

  constructor(
    private readonly client: ResourceClient,
    private readonly registry: Record<string, ControllerFactory>,
    private readonly opts: ControllerManagerOptions = {},
  ) {
    this.log = opts.log ?? (() => {});
    if (opts.leaderElect !== false) {
      this.elector = new LeaderElector(client, {
        name: 'kube-controller-manager',
        identity: opts.identity ?? hostname(),
        onStartedLeading: () => void this.runControllers(),
        onStoppedLeading: () => void this.stopControllers(),
        log: this.log,
      });
    }
  }

  start(): void {
    if (this.elector) this.elector.start();
    else void this.runControllers();
  }

  async stop(): Promise<void> {
    await this.stopControllers();
    await this.elector?.stop();
  }

  private async runControllers(): Promise<void> {
    const informers = new InformerFactory(this.client, { onError: (e) => this.log(`controller informer: ${e.message}`) });
    this.informers = informers;
    const recorders = new Map<string, Recorder>();
    const ctx: ControllerContext = {
      client: this.client,
      informers,
      recorder: (component) => {
        let r = recorders.get(component);
        if (!r) recorders.set(component, (r = new EventRecorder(this.client, '', component, (e) => this.log(`${component} event: ${String(e)}`))));
        return r;
      },
      log: this.log,
      options: this.opts,
    };
    for (const name of enabledControllers(Object.keys(this.registry), this.opts.controllers)) {
      try {
        const c = this.registry[name]!(ctx);
        c.run();
        this.running.push(c);
      } catch (e) {
        this.log(`controller ${name} failed to start: ${(e as Error).stack ?? String(e)}`);
      }
    }
    await informers.start();
    this.log(`controller manager: ${this.running.map((c) => c.name).join(', ')} running`);
    this.readyResolve();
  }

  private async stopControllers(): Promise<void> {
    const running = this.running;
    this.running = [];
    await Promise.all(running.map((c) => c.stop().catch((e: unknown) => this.log(`stopping ${c.name}: ${String(e)}`))));
    this.informers?.stop();
    this.informers = undefined;
  }
}
