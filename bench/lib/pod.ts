// A realistic small Pod, shaped like what `kubectl create -f pod.yaml` sends (~1 KB of JSON).

export const CREATE_QUERY = '?fieldManager=kubectl-create&fieldValidation=Strict';

export function podManifest(name: string, namespace: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { app: 'bench-web', tier: 'frontend', 'app.kubernetes.io/name': 'bench-web', 'app.kubernetes.io/version': '1.4.2' },
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9102' },
    },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'registry.k8s.io/nginx-slim:0.27',
          imagePullPolicy: 'IfNotPresent',
          args: ['--port=8080', '--log-level=info'],
          ports: [
            { name: 'http', containerPort: 8080, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9102, protocol: 'TCP' },
          ],
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'LOG_FORMAT', value: 'json' },
            { name: 'CACHE_SIZE_MB', value: '64' },
          ],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 2, periodSeconds: 10 },
          volumeMounts: [{ name: 'config', mountPath: '/etc/web', readOnly: true }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'bench-web-config' } }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
    },
  });
}
