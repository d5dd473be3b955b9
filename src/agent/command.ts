// Entrypoint and arguments of a container (kubecontainer.ExpandContainerCommandAndArgs
// plus the runtime's merge with the image): command replaces the image's
// Entrypoint and drops its Cmd; args alone replace the Cmd; `$(VAR)` references
// in command and args expand against the container's environment.
import { expand, type Mapping } from './expand.js';
import type { V1Container } from './types.js';

export interface ImageCommand {
  entrypoint?: string[];
  cmd?: string[];
}

export function containerCommand(c: V1Container, image: ImageCommand, env: Mapping): { command: string[]; args: string[] } {
  const command = c.command?.length ? c.command.map((s) => expand(s, env)) : [...(image.entrypoint ?? [])];
  let args: string[];
  if (c.command?.length) args = (c.args ?? []).map((s) => expand(s, env));
  else if (c.args?.length) args = c.args.map((s) => expand(s, env));
  else args = [...(image.cmd ?? [])];
  return { command, args };
}
