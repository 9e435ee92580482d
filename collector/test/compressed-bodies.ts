import { compressSync as snappyCompress } from 'snappy';

/** Request bodies in the encodings an OTel Collector may send, built here because Node 20 has no zstd or snappy of its own. */

/** The snappy framing format around `data`: stream identifier, then one compressed chunk (checksum not checked, so zeros). */
export function framedSnappy(data: Buffer): Buffer {
  const block = snappyCompress(data) as Buffer;
  const header = Buffer.alloc(8);
  header[0] = 0x00;
  header.writeUIntLE(block.length + 4, 1, 3);
  return Buffer.concat([Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]), header, block]);
}

/** A zstd frame of RLE blocks, each 128 KiB of one byte from 4 bytes sent: `blocks` × 128 KiB out of ~4 bytes each. */
export function zstdRleBomb(blocks: number): Buffer {
  const frameHeader = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58]); // magic; no content size, 128 KiB+ window
  const parts = [frameHeader];
  for (let i = 0; i < blocks; i++) {
    const header = ((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0); // size, RLE, last
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x41]));
  }
  return Buffer.concat(parts);
}
