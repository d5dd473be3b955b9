// The service layer on real containers: `skiff up` with the controller
// manager and the node agent, busybox httpd backends behind Services, and a
// busybox client pod. Service names through the cluster DNS, the nftables
// proxy (ClusterIP, NodePort, LoadBalancer), headless/SRV/StatefulSet
// records, backend updates on scaling and readiness, the ingress gateway
// (two hosts × two paths, HTTPS with SNI from a test CA, WebSocket), network
// policy in both directions, bad input, and no rules left behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { type Cluster, kubectl, kubectlOk } from '../helpers/cluster.js';
import { conmonsOf, isReady, mountsUnder, waitFor as poll } from '../helpers/pods.js';
import { type RealCluster, startRealCluster } from '../helpers/real-cluster.js';
import { findLeftovers } from '../../src/network/cleanup.js';
import { nthAddress } from '../../src/network/cidr.js';
import { freePort } from '../../src/network/test-helpers.js';

let real: RealCluster;
let c: Cluster;
let image: string;
let gateway: string;
let httpPort: number;
let httpsPort: number;
let certDir: string;

const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });
const waitFor = <T>(what: string, fn: () => T | undefined | false, ms = 60000): Promise<T> => poll(() => c, what, fn, ms);
const json = (args: string[]): any => JSON.parse(k([...args, '-o', 'json']));
const readyPods = (selector: string): any[] => json(['get', 'pods', '-l', selector]).items.filter((p: any) => isReady(p) && !p.metadata.deletionTimestamp);
/** `out` is the command's stdout (kubectl may log to stderr), `all` both, for messages. */
const sh = (pod: string, script: string): { code: number; out: string; all: string } => {
  const r = kubectl(c, ['exec', pod, '--', 'sh', '-c', script]);
  return { code: r.code ?? 1, out: r.stdout, all: r.stdout + r.stderr };
};

/** A busybox httpd answering with its pod name (and a prefix) on 8080, ready unless /tmp/unready exists. */
const httpd = (prefix: string) => ({
  name: 'httpd',
  image,
  command: ['sh', '-c', `mkdir -p /www && echo ${prefix}$(hostname) > /www/index.html && cp /www/index.html /www/api && cp /www/index.html /www/web && exec httpd -f -p 8080 -h /www`],
  ports: [{ name: 'http', containerPort: 8080 }],
  readinessProbe: { exec: { command: ['sh', '-c', 'test ! -f /tmp/unready'] }, periodSeconds: 1, failureThreshold: 1 },
});
const deployment = (name: string, replicas: number, prefix = '') => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: {
    replicas, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [httpd(prefix)] } },
  },
});
const service = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });

function httpGet(port: number, host: string, path = '/', address = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: address, port, path, headers: { Host: host }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function httpsGet(port: number, servername: string, path: string, ca: string): Promise<{ status: number; body: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, servername, ca, headers: { Host: servername }, timeout: 5000 }, (res) => {
      let body = '';
      const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim(), subject: String(cert?.subject?.CN ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function makeCerts(dir: string): void {
  const o = (args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  o(['req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=skiff-test-ca', '-days', '2']);
  for (const h of ['a.test', 'b.test']) {
    o(['req', ...key, '-keyout', `${h}.key`, '-out', `${h}.csr`, '-subj', `/CN=${h}`]);
    execFileSync('sh', ['-c', `printf 'subjectAltName=DNS:${h}' > ${h}.ext && openssl x509 -req -in ${h}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out ${h}.crt -days 2 -extfile ${h}.ext`], { cwd: dir, stdio: 'ignore' });
  }
}

describe('the service layer on real containers (as root)', () => {
  before(async () => {
    httpPort = await freePort();
    httpsPort = await freePort();
    real = await startRealCluster({ start: { controllers: true, args: ['--ingress-http-port', String(httpPort), '--ingress-https-port', String(httpsPort)] } });
    c = real.c;
    image = real.image();
    await waitFor('node Ready', () => /\sReady\s/.test(kubectl(c, ['get', 'nodes']).stdout));
    gateway = nthAddress(json(['get', 'nodes']).items[0].spec.podCIDR, 1);
    const lbPort = 20000 + Math.floor(Math.random() * 5000);
    k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'List', items: [
        deployment('web', 3),
        deployment('api', 2, 'api-'),
        service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
        service('api', { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
        service('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] }),
        service('web-np', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }),
        service('web-lb', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: lbPort, targetPort: 8080 }] }),
        service('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'http', port: 8080 }] }),
        {
          apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
          spec: { serviceName: 'db', replicas: 2, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { terminationGracePeriodSeconds: 1, containers: [httpd('db-')] } } },
        },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', labels: { role: 'client' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image, command: ['sleep', '3600'] }] } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other' }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image, command: ['sleep', '3600'] }] } },
      ],
    }));
    for (const d of ['deployment/web', 'deployment/api', 'statefulset/db']) k(['rollout', 'status', d, '--timeout=120s']);
    await waitFor('client pods Ready', () => ['client', 'other'].every((p) => isReady(json(['get', 'pod', p]))));
  });

  after(async () => {
    await real?.stop();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('a Service name (svc, svc.ns, FQDN) reaches every ready backend, spread over requests', async () => {
    const names = readyPods('app=web').map((p) => p.metadata.name).sort();
    assert.equal(names.length, 3);
    for (const host of ['web', 'web.default', 'web.default.svc.cluster.local']) {
      const r = sh('client', `timeout 3 wget -qO- http://${host}/`);
      assert.equal(r.code, 0, `${host}: ${r.all}`);
      assert.ok(names.includes(r.out.trim()), `${host} answered ${r.out}`);
    }
    const r = sh('client', 'for i in $(seq 1 40); do timeout 3 wget -qO- http://web/; done');
    assert.equal(r.code, 0, r.out);
    assert.deepEqual([...new Set(r.out.trim().split('\n'))].sort(), names, 'all three backends answer');
  });

  it('a NodePort and a LoadBalancer Service answer on the node (loopback and the node bridge address)', async () => {
    const names = readyPods('app=web').map((p) => p.metadata.name);
    const nodePort = json(['get', 'svc', 'web-np']).spec.ports[0].nodePort as number;
    assert.ok(names.includes((await httpGet(nodePort, 'x')).body), 'NodePort on 127.0.0.1');
    const fromPod = sh('client', `timeout 3 wget -qO- http://${gateway}:${nodePort}/`);
    assert.ok(names.includes(fromPod.out.trim()), `NodePort on ${gateway} from a pod: ${fromPod.out}`);
    const lb = await waitFor('LoadBalancer ingress', () => json(['get', 'svc', 'web-lb']).status?.loadBalancer?.ingress?.[0]?.ip);
    const nodeIPs = json(['get', 'nodes']).items[0].status.addresses.filter((a: any) => a.type === 'InternalIP').map((a: any) => a.address);
    assert.ok(nodeIPs.includes(lb), `ServiceLB gives the node address ${lb}`);
    const lbPort = json(['get', 'svc', 'web-lb']).spec.ports[0].port as number;
    assert.ok(names.includes((await httpGet(lbPort, 'x')).body), 'LoadBalancer port on 127.0.0.1');
    const lbFromPod = sh('client', `timeout 3 wget -qO- http://${gateway}:${lbPort}/`);
    assert.ok(names.includes(lbFromPod.out.trim()), `LoadBalancer port on ${gateway}: ${lbFromPod.out}`);
  });

  it('DNS: headless Services give pod IPs, SRV names the port, StatefulSet pods resolve by name, unknown names are NXDOMAIN', () => {
    const ips = readyPods('app=web').map((p) => p.status.podIP as string);
    const headless = sh('client', 'nslookup web-headless.default.svc.cluster.local');
    assert.equal(headless.code, 0, headless.all);
    for (const ip of ips) assert.ok(headless.out.includes(ip), `${ip} in ${headless.out}`);
    const srv = sh('client', 'nslookup -type=SRV _http._tcp.web.default.svc.cluster.local');
    assert.match(srv.out, /80 web\.default\.svc\.cluster\.local/, srv.out);
    const db0 = json(['get', 'pod', 'db-0']).status.podIP as string;
    const byName = sh('client', 'nslookup db-0.db.default.svc.cluster.local');
    assert.ok(byName.out.includes(db0), `db-0.db.default.svc.cluster.local → ${db0}: ${byName.out}`);
    // The short name through the search path (the C library's resolver, as applications use it).
    const short = sh('client', 'ping -c 1 -W 1 db-0.db');
    assert.ok(short.out.includes(db0), `db-0.db → ${db0}: ${short.out}`);
    const fromDb1 = sh('db-1', 'timeout 3 wget -qO- http://db-0.db:8080/');
    assert.equal(fromDb1.out.trim(), 'db-db-0', fromDb1.all);
    const missing = sh('client', 'nslookup nothing-here.default.svc.cluster.local');
    assert.notEqual(missing.code, 0);
    assert.match(missing.all, /NXDOMAIN|can't find/i, missing.all);
  });

  it('scaling updates the backends within 1 s; a pod failing readiness stops receiving traffic', async () => {
    const clusterIP = json(['get', 'svc', 'web']).spec.clusterIP as string;
    const before = new Set(readyPods('app=web').map((p) => p.metadata.name as string));
    k(['scale', 'deployment/web', '--replicas=4']);
    const fresh = await waitFor('a fourth ready pod', () => readyPods('app=web').find((p) => !before.has(p.metadata.name))?.metadata.name as string | undefined, 90000);
    const readyAt = Date.now();
    let seenAt = 0;
    while (Date.now() - readyAt < 5000) {
      const r = await httpGet(80, 'web', '/', clusterIP).catch(() => undefined);
      if (r?.body === fresh) {
        seenAt = Date.now();
        break;
      }
    }
    assert.ok(seenAt > 0, 'the new pod receives traffic');
    assert.ok(seenAt - readyAt <= 1000, `the new pod got traffic ${seenAt - readyAt} ms after it was seen Ready`);

    sh(fresh, 'touch /tmp/unready');
    await waitFor('the pod NotReady', () => !isReady(json(['get', 'pod', fresh])));
    await new Promise((r) => setTimeout(r, 1000));
    const answers = new Set<string>();
    for (let i = 0; i < 40; i++) answers.add((await httpGet(80, 'web', '/', clusterIP)).body);
    assert.ok(!answers.has(fresh), `the unready pod got traffic: ${[...answers].join(',')}`);
    assert.equal(answers.size, 3);
    k(['scale', 'deployment/web', '--replicas=3']);
  });

  it('an Ingress routes two hosts and two paths to two Services over HTTP and HTTPS, and passes a WebSocket through', async () => {
    certDir = mkdtempSync(join(tmpdir(), 'skiff-certs-'));
    makeCerts(certDir);
    for (const h of ['a.test', 'b.test']) k(['create', 'secret', 'tls', `tls-${h.split('.')[0]}`, `--cert=${join(certDir, `${h}.crt`)}`, `--key=${join(certDir, `${h}.key`)}`]);
    // A WebSocket echo server on the node's bridge address, as a Service without selector.
    const wss = new WebSocketServer({ host: gateway, port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (s) => s.on('message', (m) => s.send(`echo:${m.toString()}`)));
    try {
      const wsPort = (wss.address() as { port: number }).port;
      const rule = (host: string, paths: Array<[string, string]>) => ({
        host,
        http: { paths: paths.map(([path, svc]) => ({ path, pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } })) },
      });
      k(['apply', '-f', '-'], JSON.stringify({
        apiVersion: 'v1', kind: 'List', items: [
          service('ws', { ports: [{ name: 'ws', port: 80, targetPort: wsPort }] }),
          {
            apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'ws-1', labels: { 'kubernetes.io/service-name': 'ws' } },
            addressType: 'IPv4', endpoints: [{ addresses: [gateway], conditions: { ready: true } }], ports: [{ name: 'ws', port: wsPort, protocol: 'TCP' }],
          },
          {
            apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'routes' },
            spec: {
              tls: [{ hosts: ['a.test'], secretName: 'tls-a' }, { hosts: ['b.test'], secretName: 'tls-b' }],
              rules: [rule('a.test', [['/', 'web'], ['/api', 'api'], ['/ws', 'ws']]), rule('b.test', [['/', 'api'], ['/web', 'web']])],
            },
          },
        ],
      }));
      const web = new Set(readyPods('app=web').map((p) => p.metadata.name as string));
      const api = new Set(readyPods('app=api').map((p) => `api-${p.metadata.name}`));
      await waitFor('the ingress routes a.test', async () => (await httpGet(httpPort, 'a.test').catch(() => undefined))?.status === 200);
      const check = (r: { status: number; body: string }, want: Set<string>, what: string): void => {
        assert.equal(r.status, 200, what);
        assert.ok(want.has(r.body), `${what} answered ${r.body}`);
      };
      check(await httpGet(httpPort, 'a.test', '/'), web, 'a.test/');
      check(await httpGet(httpPort, 'a.test', '/api'), api, 'a.test/api');
      check(await httpGet(httpPort, 'b.test', '/'), api, 'b.test/');
      check(await httpGet(httpPort, 'b.test', '/web'), web, 'b.test/web');
      assert.equal((await httpGet(httpPort, 'c.test', '/')).status, 404, 'no rule, no default backend');
      const ca = readFileSync(join(certDir, 'ca.crt'), 'utf8');
      const a = await httpsGet(httpsPort, 'a.test', '/api', ca);
      assert.equal(a.subject, 'a.test');
      assert.ok(api.has(a.body), a.body);
      const b = await httpsGet(httpsPort, 'b.test', '/web', ca);
      assert.equal(b.subject, 'b.test');
      assert.ok(web.has(b.body), b.body);
      const ingress = await waitFor('Ingress status', () => json(['get', 'ingress', 'routes']).status?.loadBalancer?.ingress?.[0]?.ip);
      assert.ok(ingress);
      const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/ws`, { headers: { Host: 'a.test' } });
      const echoed = await new Promise<string>((resolve, reject) => {
        ws.once('open', () => ws.send('hello'));
        ws.once('message', (m) => resolve(m.toString()));
        ws.once('error', reject);
      });
      ws.close();
      assert.equal(echoed, 'echo:hello');
    } finally {
      await new Promise((r) => wss.close(r));
    }
  });

  it('a default-deny NetworkPolicy blocks traffic that an allow rule re-opens, in both directions', async () => {
    const target = readyPods('app=web')[0].status.podIP as string;
    const get = (pod: string): number => sh(pod, `timeout 2 wget -qO- http://${target}:8080/`).code;
    assert.equal(get('client'), 0, 'open before any policy');
    const policy = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });
    k(['apply', '-f', '-'], JSON.stringify(policy('web-deny', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] })));
    await waitFor('ingress denied', () => get('client') !== 0, 20000);
    k(['apply', '-f', '-'], JSON.stringify(policy('web-from-clients', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 'http' }] }],
    })));
    await waitFor('ingress re-opened for the client', () => get('client') === 0, 20000);
    assert.notEqual(get('other'), 0, 'still closed for a pod without the label');

    k(['apply', '-f', '-'], JSON.stringify(policy('client-deny', { podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'] })));
    await waitFor('egress denied', () => get('client') !== 0, 20000);
    k(['apply', '-f', '-'], JSON.stringify(policy('client-to-web', {
      podSelector: { matchLabels: { role: 'client' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    })));
    await waitFor('egress re-opened', () => get('client') === 0, 20000);
    k(['delete', 'networkpolicy', '--all']);
    await waitFor('open again', () => get('other') === 0, 20000);
  });

  it('bad input: a taken or out-of-range clusterIP and an out-of-range nodePort are rejected; a missing TLS Secret is reported', async () => {
    const dnsIP = json(['get', 'svc', '-n', 'kube-system', 'kube-dns']).spec.clusterIP as string;
    const create = (spec: Record<string, unknown>) => kubectl(c, ['create', '-f', '-'], { input: JSON.stringify(service(`bad-${Math.random().toString(36).slice(2, 7)}`, { ports: [{ port: 80 }], ...spec })) });
    const taken = create({ clusterIP: dnsIP });
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, /already allocated/);
    const outside = create({ clusterIP: '192.0.2.200' });
    assert.notEqual(outside.code, 0);
    assert.match(outside.stderr, /not within the service CIDR|range/i);
    const np = create({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] });
    assert.notEqual(np.code, 0);
    assert.match(np.stderr, /nodePort|range/i);
    k(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'no-secret' },
      spec: { tls: [{ hosts: ['c.test'], secretName: 'missing' }], rules: [{ host: 'c.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    }));
    await waitFor('a Warning event about the Secret', () => /Warning.*missing/i.test(kubectl(c, ['get', 'events', '--field-selector', 'involvedObject.name=no-secret']).stdout), 20000);
    assert.equal((await httpGet(httpPort, 'c.test', '/')).status, 200, 'the Ingress still serves HTTP');
    assert.equal((await httpGet(httpPort, 'a.test', '/')).status, 200, 'and nothing else broke');
  });

  it('deleting the Services and stopping skiff leaves no nft or iptables rules behind', async () => {
    k(['delete', 'ingress', '--all']);
    k(['delete', 'svc', 'web', 'api', 'web-headless', 'web-np', 'web-lb', 'db', 'ws']);
    const table = `skiff-proxy-${(await import('../../src/network/config.js')).networkNames(c.dataDir).hash}`;
    await waitFor('no service rules', () => {
      const out = execFileSync('nft', ['list', 'table', 'inet', table], { encoding: 'utf8' });
      return !/web|api|ws/.test(out);
    }, 10000);
    // The workloads go first: a stopping skiff leaves running containers running.
    kubectl(c, ['delete', 'deployments,statefulsets', '--all', '--wait=false']);
    kubectl(c, ['delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=true', '--timeout=60s']);
    await waitFor('the containers and their mounts removed', () => conmonsOf(c.dataDir) === '' && mountsUnder(c.dataDir) === '', 60000);
    await c.stop();
    const left = await findLeftovers(c.dataDir);
    assert.deepEqual(left.nftTables, [], 'no nft tables');
    assert.equal(left.dnsLink, false, 'no DNS address');
    assert.deepEqual(left.rules.filter((r) => !/masquerade/i.test(r)), [], 'no iptables rules but the pod network masquerade');
  });
});
