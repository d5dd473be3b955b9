// The `skiff` command.
import { SKIFF_VERSION, versionInfo } from '../version.js';
import { UsageError } from './args.js';
import { defaultDataDir } from './data-dir.js';
import { parseFlags } from './args.js';

const HELP = `skiff — a Kubernetes-compatible cluster in one process

Usage:
  skiff up [flags]      start a single-node cluster (API server on an embedded datastore)
  skiff image import FILE... | ls [-q] | rm IMAGE... | pull IMAGE   [--data-dir DIR]
                        manage the node's images (imports are never garbage-collected)
  skiff agent --server URL [--data-dir DIR] [--node-name NAME] [--cluster-cidr CIDR] [--node-index N]
              [--service-cidr CIDR] [service-layer flags]
                        run only the node agent against an existing API server
  skiff agent --server URL --simulate N [--node-name PREFIX] [--cluster-cidr CIDR]
                        register N simulated nodes (KWOK-style: no containers)
  skiff controller-manager --server URL [--controllers LIST] [--data-dir DIR]
                        run only the controller manager (pair with skiff up --disable-controllers)
  skiff version         print the version
  skiff --help          show this help

Flags for "skiff up":
  --data-dir DIR        state directory (default /var/lib/skiff as root, ~/.skiff otherwise)
  --api-port PORT       API server port (default 6443)
  --bind-address ADDR   API server address (default 127.0.0.1)
  --datastore SPEC      sqlite (default), sqlite:///path/file.db, etcd://host:port[,host:port], memory
  --node-name NAME      this node's name (default: the host name)
  --cluster-cidr CIDR   pod network of the cluster (default 10.42.0.0/16; this node gets a /24 of it)
  --service-cidr CIDR   Service IP range (default 10.43.0.0/16; must not overlap the cluster CIDR)
  --disable-agent       run no node agent (control plane only)
  --disable-scheduler   run no scheduler
  --disable-controllers run no controller manager
  --controllers LIST    controllers to run: '*' (default), names, '-name' to disable one
  --simulate-nodes N    also register N simulated nodes (pods on them are marked Running, no containers)
  --node-monitor-period D, --node-monitor-grace-period D, --node-startup-grace-period D,
  --horizontal-pod-autoscaler-sync-period D
                        controller timings (durations such as 500ms, 5s, 2m; defaults 5s, 40s, 60s, 15s)

Service-layer flags ("skiff up" and "skiff agent"):
  --cluster-dns IP      the cluster DNS address, served on every node (default: the service CIDR's 10th, 10.43.0.10)
  --cluster-domain D    cluster domain (default cluster.local)
  --ingress-http-port P, --ingress-https-port P
                        the ingress gateway's ports (defaults 80 and 443; 0 picks free ports)
  --ingress-bind-address ADDR
                        the ingress gateway's address (default 0.0.0.0)
  --disable LIST        built-in parts to leave out: dns, ingress, servicelb, proxy, network-policy
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP);
      return cmd === undefined ? 1 : 0;
    case 'version':
    case '--version': {
      const v = versionInfo();
      process.stdout.write(`skiff ${SKIFF_VERSION} (Kubernetes API ${v.gitVersion})\n`);
      return 0;
    }
    case 'image': {
      const { flags, rest: args } = parseFlags(rest, { 'data-dir': 'string' });
      const { runImage } = await import('./image.js');
      return runImage(args, String(flags['data-dir'] ?? defaultDataDir()));
    }
    case 'agent': {
      const { runAgent } = await import('./agent.js');
      return runAgent(rest);
    }
    case 'controller-manager': {
      const { runControllerManager } = await import('./controller-manager.js');
      return runControllerManager(rest);
    }
    case 'up':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(HELP);
        return 0;
      }
      return (await import('./up.js')).runUp(rest);
    default:
      process.stderr.write(`unknown command "${cmd}"\n\n${HELP}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n`);
    else process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
