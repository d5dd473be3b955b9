// Error classes for pod networking: CNI plugin failures (with the spec's error
// codes), bad CIDRs, command failures and network-namespace trouble.

export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A command exited non-zero (or could not be started, or timed out). */
export class CommandError extends NetworkError {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    detail?: string,
  ) {
    super(`${command}: ${detail ?? `exit ${exitCode}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
  }
}

/**
 * A CNI plugin reported an error (CNI spec "Error" result: code, msg, details)
 * or its output could not be understood. Well-known codes: 1 incompatible
 * version, 2 unsupported field, 3 container unknown, 4 invalid environment,
 * 5 I/O failure, 6 decoding failure, 7 invalid network config, 11 try later.
 */
export class CniPluginError extends NetworkError {
  constructor(
    readonly plugin: string,
    readonly command: string,
    readonly code: number,
    readonly msg: string,
    readonly details = '',
  ) {
    super(`CNI plugin ${plugin} ${command} failed (code ${code}): ${msg}${details ? `: ${details}` : ''}`);
  }
}

/** No plugin binary of that type in any plugin directory. */
export class CniPluginNotFoundError extends NetworkError {
  constructor(
    readonly plugin: string,
    readonly dirs: string[],
  ) {
    super(`CNI plugin "${plugin}" not found in ${dirs.join(', ')}`);
  }
}

/** The plugins of a network list share no CNI version Skiff can speak. */
export class CniVersionError extends NetworkError {}

export class InvalidCidrError extends NetworkError {}

export class NetnsError extends NetworkError {}

/** Bad input for a CNI invocation (e.g. CNI_ARGS values containing ';' or '='). */
export class CniConfigError extends NetworkError {}

/** CHECK (or similar) asked about an attachment Skiff has no cached ADD result for. */
export class CniNotAttachedError extends NetworkError {}

/** CHECK found an attachment no longer as ADD left it. */
export class NetworkCheckError extends NetworkError {}

/** The host-wide flock could not be taken. */
export class HostLockError extends NetworkError {}
