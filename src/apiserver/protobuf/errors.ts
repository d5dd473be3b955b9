/** A request body in Kubernetes protobuf form could not be turned into JSON. */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}
