// The ingress controller's public surface.
export { IngressController, type IngressControllerOptions } from './controller.js';
export { createCA, selfSigned, type CertificateAuthority, type PemPair } from './certs.js';
export { RouteTable, type BackendRef, type RouteMatch } from './routes.js';
export { CONTROLLER_NAME, ENDPOINTSLICES, INGRESSCLASSES, INGRESSES, SECRETS } from './types.js';
