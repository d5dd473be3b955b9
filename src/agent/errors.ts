// Errors of the node agent that become container waiting reasons.

export class AgentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The container's config could not be generated (waiting reason CreateContainerConfigError). */
export class CreateContainerConfigError extends AgentError {}
/** A fieldRef/resourceFieldRef the agent does not support. */
export class UnsupportedFieldPathError extends AgentError {}
/** An image is missing and its pull policy is Never (ErrImageNeverPull). */
export class ImageNeverPullError extends AgentError {}
/** A volume could not be set up (FailedMount). */
export class VolumeSetupError extends AgentError {}
/** An image reference cannot be parsed (InvalidImageName). */
export class InvalidImageNameError extends AgentError {}
