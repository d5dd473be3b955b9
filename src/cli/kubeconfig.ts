// The kubeconfig `skiff up` writes for kubectl and client libraries.
import YAML from 'yaml';

export function kubeconfigYaml(server: string, name = 'skiff'): string {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // Plain HTTP for now: client libraries (client-node) refuse http:// unless TLS verification is off.
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
