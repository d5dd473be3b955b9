// The slices of Service, EndpointSlice and Namespace the cluster DNS server
// reads, their collections, and the result of a lookup in the cluster zone.
import type { Answer } from 'dns-packet';
import type { KubeObject } from '../apiserver/types.js';

export { ENDPOINTSLICES, NAMESPACES, SERVICE_NAME_LABEL, SERVICES } from '../client/gvr.js';

export interface DnsServicePort {
  name?: string;
  port: number;
  protocol?: string;
}

export interface DnsService extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalName?: string;
    ports?: DnsServicePort[];
    publishNotReadyAddresses?: boolean;
  };
}

export interface DnsEndpoint {
  addresses: string[];
  conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  hostname?: string;
}

export interface DnsEndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: DnsEndpoint[] | null;
  ports?: Array<{ name?: string | null; port?: number | null; protocol?: string | null }> | null;
}

/** What the DNS server answers for a name in one of its zones. */
export type LookupResult =
  | {
      kind: 'answer';
      rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
      answers: Answer[];
      authorities: Answer[];
      additionals: Answer[];
      /** The cache generation key this answer depends on (see AnswerCache); undefined: do not cache. */
      dep?: string;
    }
  /** An ExternalName service: the CNAME, and a target the server resolves for A/AAAA queries. */
  | { kind: 'cname'; cname: Answer; target: string; dep: string }
  /** Not ours (outside the cluster domain, or a reverse name we do not know): forward upstream. */
  | { kind: 'forward' };
