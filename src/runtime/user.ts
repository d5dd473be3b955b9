// Resolving the image's USER against the container rootfs (/etc/passwd,
// /etc/group), and host device numbers for the spec's device list.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Device } from '../cri/types.js';
import type { OciDevice } from './oci-types.js';

export class UserLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserLookupError';
  }
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

async function readLines(path: string): Promise<string[][]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
  } catch {
    return [];
  }
}

const isNum = (s: string) => /^\d+$/.test(s);

/** `user`, `uid`, `user:group`, `uid:gid` as in the OCI image config. */
export async function resolveImageUser(rootfs: string, user: string | undefined): Promise<ResolvedUser> {
  if (!user) return { uid: 0, gid: 0 };
  const [u, g] = user.split(':', 2) as [string, string | undefined];
  const passwd = await readLines(join(rootfs, 'etc/passwd'));
  let uid: number;
  let gid: number | undefined;
  let name: string | undefined;
  if (isNum(u)) {
    uid = Number(u);
    const entry = passwd.find((p) => p[2] === u);
    if (entry) {
      gid = Number(entry[3]);
      name = entry[0];
    }
  } else {
    const entry = passwd.find((p) => p[0] === u);
    if (!entry) throw new UserLookupError(`user ${JSON.stringify(u)} not found in the image's /etc/passwd`);
    uid = Number(entry[2]);
    gid = Number(entry[3]);
    name = u;
  }
  const groups = await readLines(join(rootfs, 'etc/group'));
  if (g !== undefined && g !== '') {
    if (isNum(g)) gid = Number(g);
    else {
      const entry = groups.find((e) => e[0] === g);
      if (!entry) throw new UserLookupError(`group ${JSON.stringify(g)} not found in the image's /etc/group`);
      gid = Number(entry[2]);
    }
  }
  const out: ResolvedUser = { uid, gid: gid ?? 0 };
  if (name) {
    const extra = groups.filter((e) => (e[3] ?? '').split(',').includes(name!)).map((e) => Number(e[2])).filter((x) => x !== out.gid);
    if (extra.length > 0) out.additionalGids = extra;
  }
  return out;
}

export function deviceNumbers(rdev: number): { major: number; minor: number } {
  const r = BigInt(rdev);
  const major = Number(((r >> 8n) & 0xfffn) | ((r >> 32n) & ~0xfffn));
  const minor = Number((r & 0xffn) | ((r >> 12n) & ~0xffn));
  return { major, minor };
}

export async function resolveDevices(devices: Device[]): Promise<OciDevice[]> {
  const out: OciDevice[] = [];
  for (const d of devices) {
    const st = await stat(d.hostPath);
    const type = st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : undefined;
    if (!type) throw new UserLookupError(`${d.hostPath} is not a device`);
    out.push({ path: d.containerPath, type, ...deviceNumbers(st.rdev), fileMode: st.mode & 0o777, uid: 0, gid: 0 });
  }
  return out;
}
