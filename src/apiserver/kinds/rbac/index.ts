// Strategies of the rbac API group, by kind.
import type { Strategy } from '../../types.js';
import { clusterRoleStrategy, roleStrategy } from './role.js';
import { clusterRoleBindingStrategy, roleBindingStrategy } from './binding.js';

export const strategies: Record<string, Strategy> = {
  Role: roleStrategy,
  ClusterRole: clusterRoleStrategy,
  RoleBinding: roleBindingStrategy,
  ClusterRoleBinding: clusterRoleBindingStrategy,
};
