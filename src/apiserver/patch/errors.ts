// Errors raised while applying a PATCH body. Pure: no HTTP here; the API edge
// maps `kind` to a Status the way kube-apiserver does
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
//
//  - 'malformed'  → 400 BadRequest, message as is. Upstream: the patch body
//    cannot be decoded (JSON patch not a list of operations, merge patch
//    `null`), or a strategic-merge directive has a bad format
//    (`$deleteFromPrimitiveList`, `$retainKeys`, `$setElementOrder`).
//  - 'invalid'    → 422 Invalid. Upstream answers a failed JSON patch
//    operation, and "lists of lists are not supported", through
//    NewGenericServerResponse(422, …), whose message is the fixed
//    "the server rejected our request due to an error in our request"
//    (the detailed message here is only worth logging); a merge patch whose
//    result is not an object fails decoding as 422 on field `patch`.
//  - 'unknown'    → upstream returns the raw Go error (for example
//    "map: map[image:nginx] does not contain declared merge key: name"),
//    which the apiserver writes as 500 with reason "" (StatusReasonUnknown)
//    and the message unchanged; kubectl prints "Error from server: <message>".
//  - 'too-large'  → 413 RequestEntityTooLarge, message prefixed upstream with
//    "Request entity too large: ".

export type PatchErrorKind = 'malformed' | 'invalid' | 'unknown' | 'too-large';

export class PatchError extends Error {
  constructor(
    readonly kind: PatchErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PatchError';
  }

  /** The HTTP status code kube-apiserver answers with for this kind. */
  get statusCode(): number {
    switch (this.kind) {
      case 'malformed':
        return 400;
      case 'invalid':
        return 422;
      case 'too-large':
        return 413;
      default:
        return 500;
    }
  }
}

/** Maximum number of operations in one JSON patch (upstream maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

// Fixed messages of k8s.io/apimachinery/pkg/util/mergepatch.
export const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';
export const ERR_BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
export const ERR_BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
export const ERR_BAD_SET_ELEMENT_ORDER = 'invalid patch format of setElementOrder list';
/** evanphx/json-patch ErrBadJSONPatch. */
export const ERR_BAD_JSON_PATCH = 'Invalid JSON Patch';
