// DNS over UDP: one socket on the listen address (replies leave from it,
// as clients expect), with socket buffers sized for bursts.
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';

export interface UdpHandlers {
  handle(msg: Buffer, reply: (out: Buffer) => void): void;
  onError(e: Error): void;
}

/** Room for a few thousand queued queries (the kernel caps it at net.core.rmem_max / wmem_max). */
const SOCKET_BUFFER = 4 << 20;

export function bindUdp(host: string, port: number, h: UdpHandlers): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4' });
    s.once('error', reject);
    s.bind(port, host, () => {
      s.off('error', reject);
      s.on('error', (e) => h.onError(e));
      try {
        s.setRecvBufferSize(SOCKET_BUFFER);
        s.setSendBufferSize(SOCKET_BUFFER);
      } catch {
        // keep the defaults
      }
      s.on('message', (msg, rinfo) => {
        try {
          h.handle(msg, (out) => {
            try {
              s.send(out, rinfo.port, rinfo.address);
            } catch {
              // closed meanwhile (an upstream answer arriving after stop())
            }
          });
        } catch (e) {
          h.onError(e as Error);
        }
      });
      resolve(s);
    });
  });
}
