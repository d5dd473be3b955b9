export { decodeProtobufObject, isProtobufContentType, PROTOBUF_CONTENT_TYPE } from './object.js';
export { ProtobufDecodeError } from './errors.js';
