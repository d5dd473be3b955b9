// SPDY/3 header block compression: one zlib stream per direction for the
// whole connection, primed with the SPDY/3 dictionary, sync-flushed after
// every header block. Operations are serialized, since each block continues
// the stream of the one before.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { decodeHeaderBlock, encodeHeaderBlock } from './frames.js';

class SerialZlib {
  private chain: Promise<unknown> = Promise.resolve();
  private chunks: Buffer[] = [];

  constructor(private readonly z: Deflate | Inflate) {
    z.on('data', (b: Buffer) => this.chunks.push(b));
    z.on('error', () => {});
  }

  /** Feeds `input` and sync-flushes; resolves with everything produced. */
  run(input: Buffer): Promise<Buffer> {
    const p = this.chain.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const onError = (e: Error): void => reject(e);
          this.z.once('error', onError);
          this.z.write(input);
          this.z.flush(constants.Z_SYNC_FLUSH, () => {
            this.z.off('error', onError);
            const out = Buffer.concat(this.chunks);
            this.chunks = [];
            resolve(out);
          });
        }),
    );
    this.chain = p.catch(() => {});
    return p;
  }

  close(): void {
    this.z.close();
  }
}

export class HeaderCompressor {
  private readonly z = new SerialZlib(createDeflate({ dictionary: SPDY3_DICTIONARY }));

  compress(headers: Record<string, string | string[]>): Promise<Buffer> {
    return this.z.run(encodeHeaderBlock(headers));
  }

  close(): void {
    this.z.close();
  }
}

export class HeaderDecompressor {
  private readonly z = new SerialZlib(createInflate({ dictionary: SPDY3_DICTIONARY }));

  async decompress(block: Buffer): Promise<Record<string, string[]>> {
    const raw = await this.z.run(block);
    return decodeHeaderBlock(raw);
  }

  close(): void {
    this.z.close();
  }
}
