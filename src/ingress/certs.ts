// X.509 certificates for the ingress gateway, made with @peculiar/x509 over
// node's WebCrypto (ECDSA P-256): the self-signed default certificate served
// for unknown SNI names, and a small CA that issues server certificates
// (used by tests and benchmarks).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type X509Crypto = Parameters<typeof x509.cryptoProvider.set>[0];
type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
x509.cryptoProvider.set(webcrypto as unknown as X509Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

/** A PEM certificate (chain) and its PEM PKCS#8 private key. */
export interface PemPair {
  cert: string;
  key: string;
}

async function keyPair(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as KeyPair;
}

async function keyPem(k: KeyPair['privateKey']): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', k as webcrypto.CryptoKey), 'PRIVATE KEY');
}

function serverExtensions(dnsNames: string[]): x509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: 'dns' as const, value }))),
  ];
}

/** A self-signed server certificate for `dnsNames`, valid from an hour ago for `days`. */
export async function selfSigned(commonName: string, dnsNames: string[], days = 365): Promise<PemPair> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + days * DAY),
    extensions: serverExtensions(dnsNames),
  });
  return { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) };
}

export interface CertificateAuthority {
  /** The CA certificate (PEM), for a client's `ca` option. */
  cert: string;
  /** Issues a server certificate for `dnsNames` (first = CN). */
  issue(dnsNames: string[], days?: number): Promise<PemPair>;
}

export async function createCA(commonName = 'skiff test CA'): Promise<CertificateAuthority> {
  const keys = await keyPair();
  const name = `CN=${commonName}`;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name,
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert: caCert.toString('pem'),
    async issue(dnsNames, days = 30) {
      const leaf = await keyPair();
      const cert = await x509.X509CertificateGenerator.create({
        subject: `CN=${dnsNames[0] ?? 'server'}`,
        issuer: name,
        publicKey: leaf.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: ALG,
        notBefore: new Date(Date.now() - 3_600_000),
        notAfter: new Date(Date.now() + days * DAY),
        extensions: [...serverExtensions(dnsNames), await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey)],
      });
      return { cert: cert.toString('pem'), key: await keyPem(leaf.privateKey) };
    },
  };
}
