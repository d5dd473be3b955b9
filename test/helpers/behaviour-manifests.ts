// The pods (and their ConfigMaps and Secrets) of test/integration/pods-behaviour.test.ts,
// all created at once so that they start in parallel.

export function podObject(name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name }, ...meta },
    spec: { terminationGracePeriodSeconds: 1, ...spec },
  };
}

/** A container named main running `command` in `image`. */
export const ctr = (image: string, command: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'main', image, command, ...extra });

export interface BehaviourInputs {
  image: string;
  /** A host directory for the hostPath volume. */
  hostDir: string;
  /** An image reference on a registry that does not answer. */
  unreachable: string;
}

export function behaviourManifests({ image, hostDir, unreachable }: BehaviourInputs): unknown[] {
  const sleeper = (extra: Record<string, unknown> = {}): Record<string, unknown> => ctr(image, ['sleep', '3600'], extra);
  // Single quotes: the shell must print what the agent expanded, not expand it again.
  const ENV_SCRIPT = "env | sort; echo 'ARGS=$(GREETING) $(MISSING_VAR) $$(GREETING)'";
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { greeting: 'hello', a: '1', '1bad': 'skipped' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg-vol' }, data: { greeting: 'hello', a: '1' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, stringData: { password: 's3cret' } },
    podObject(
      'envpod',
      {
        restartPolicy: 'Never',
        containers: [
          ctr(image, ['sh', '-c'], {
            args: [ENV_SCRIPT],
            resources: { limits: { memory: '64Mi' } },
            envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CM_' }, { secretRef: { name: 'sec' }, prefix: 'SEC_' }, { configMapRef: { name: 'cfg' } }],
            env: [
              { name: 'LIT', value: 'literal' },
              { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              { name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
              { name: 'POD_TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
              { name: 'COMPOSED', value: '$(LIT)-$(GREETING)-$(NOT_DEFINED)' },
            ],
          }),
        ],
      },
      { labels: { app: 'envpod', tier: 'backend' } },
    ),
    podObject('sidecarpod', {
      restartPolicy: 'Never',
      initContainers: [
        ctr(image, ['sh', '-c', 'echo sidecar up > /shared/up; exec sleep 3600'], {
          name: 'helper',
          restartPolicy: 'Always',
          startupProbe: { exec: { command: ['test', '-f', '/shared/up'] }, periodSeconds: 1 },
          volumeMounts: [{ name: 'shared', mountPath: '/shared' }],
        }),
        ctr(image, ['cat', '/shared/up'], { name: 'check', volumeMounts: [{ name: 'shared', mountPath: '/shared' }] }),
      ],
      containers: [ctr(image, ['sh', '-c', 'cat /shared/up; sleep 2'], { volumeMounts: [{ name: 'shared', mountPath: '/shared' }] })],
      volumes: [{ name: 'shared', emptyDir: {} }],
    }),
    podObject('crashysidecarpod', {
      initContainers: [ctr(image, ['sh', '-c', 'sleep 1; exit 3'], { name: 'flaky', restartPolicy: 'Always' })],
      containers: [sleeper()],
    }),
    podObject('deadlinepod', { activeDeadlineSeconds: 3, containers: [sleeper()] }),
    podObject('bigdirpod', {
      containers: [ctr(image, ['sh', '-c', 'dd if=/dev/zero of=/data/fill bs=1024 count=3072 && sleep 3600'], { volumeMounts: [{ name: 'data', mountPath: '/data' }] })],
      volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Mi' } }],
    }),
    podObject('fsgrouppod', {
      securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000 },
      containers: [sleeper({ volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }, { name: 'sec', mountPath: '/sec' }] })],
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
      ],
    }),
    podObject(
      'volpod',
      {
        containers: [
          sleeper({
            volumeMounts: [
              { name: 'scratch', mountPath: '/scratch' },
              { name: 'cm', mountPath: '/cm' },
              { name: 'sec', mountPath: '/sec' },
              { name: 'dapi', mountPath: '/dapi' },
              { name: 'proj', mountPath: '/proj' },
              { name: 'host', mountPath: '/host' },
              { name: 'cmall', mountPath: '/etc/a-file', subPath: 'a' },
              { name: 'scratch', mountPath: '/nested', subPath: 'deep/er' },
            ],
          }),
        ],
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'cm', configMap: { name: 'cfg-vol', items: [{ key: 'greeting', path: 'sub/greet.txt' }], defaultMode: 0o440 } },
          { name: 'cmall', configMap: { name: 'cfg-vol' } },
          { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
          {
            name: 'dapi',
            downwardAPI: {
              items: [
                { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
                { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
              ],
            },
          },
          {
            name: 'proj',
            projected: {
              sources: [
                { configMap: { name: 'cfg-vol', items: [{ key: 'a', path: 'cm-a' }] } },
                { secret: { name: 'sec', items: [{ key: 'password', path: 'pw' }] } },
                { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
              ],
            },
          },
          { name: 'host', hostPath: { path: hostDir, type: 'Directory' } },
        ],
      },
      { labels: { app: 'volpod', team: 'skiff' }, annotations: { note: 'hi there' } },
    ),
    podObject('initpod', {
      initContainers: [
        { name: 'first', image, command: ['sh', '-c', 'echo one >> /work/log'], volumeMounts: [{ name: 'w', mountPath: '/work' }] },
        { name: 'second', image, command: ['sh', '-c', 'sleep 1; echo two >> /work/log'], volumeMounts: [{ name: 'w', mountPath: '/work' }] },
      ],
      containers: [ctr(image, ['sh', '-c', 'cat /work/log; exec sleep 3600'], { volumeMounts: [{ name: 'w', mountPath: '/work' }] })],
      volumes: [{ name: 'w', emptyDir: {} }],
    }),
    podObject('initfail', {
      initContainers: [{ name: 'broken', image, command: ['sh', '-c', 'echo init failing; exit 3'] }],
      containers: [sleeper()],
    }),
    podObject('liveness', {
      containers: [sleeper({ livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 } })],
    }),
    podObject('notready', {
      containers: [sleeper({ readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 } })],
    }),
    podObject('oom', {
      restartPolicy: 'Never',
      containers: [ctr(image, ['awk', 'BEGIN { s = "xxxxxxxxxxxxxxxx"; for (;;) s = s s }'], { resources: { limits: { memory: '32Mi' } } })],
    }),
    podObject('badcmd', { containers: [ctr(image, ['/nope'])] }),
    podObject('missingvol', { containers: [sleeper({ volumeMounts: [{ name: 'v', mountPath: '/v' }] })], volumes: [{ name: 'v', configMap: { name: 'no-such-cm' } }] }),
    podObject('missingkey', { containers: [sleeper({ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'no-such-key' } } }] })] }),
    podObject('unreachable', { containers: [{ name: 'main', image: unreachable, command: ['true'] }] }),
    podObject('ticker', { containers: [ctr(image, ['sh', '-c', 'i=0; while true; do echo "line $i"; i=$((i+1)); sleep 1; done'])] }),
    podObject('survivor', { containers: [sleeper()] }),
  ];
}
