// Strategies of the networking API group, by kind.
import type { Strategy } from '../../types.js';
import { ingressStrategy } from './ingress.js';
import { ingressClassStrategy } from './ingressclass.js';
import { networkPolicyStrategy } from './networkpolicy.js';

export const strategies: Record<string, Strategy> = {
  Ingress: ingressStrategy,
  IngressClass: ingressClassStrategy,
  NetworkPolicy: networkPolicyStrategy,
};
