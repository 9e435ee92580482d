import { createConnection, createServer, type Server } from 'node:net';

/**
 * Test double: a TCP proxy in front of a gRPC server that reads the HTTP/2
 * frames the client sends and records each gRPC message's "compressed" flag,
 * so a test can see what really crossed the wire (grpc-js hides grpc-encoding
 * from the application).
 */
export interface WireSniffer {
  port: number;
  /** One entry per gRPC message the client sent: true when it was compressed. */
  compressedFlags: boolean[];
  close(): Promise<void>;
}

const PREFACE_LENGTH = 24;
const FRAME_HEADER = 9;
const DATA_FRAME = 0;
const PADDED = 0x8;

export async function startWireSniffer(targetPort: number): Promise<WireSniffer> {
  const compressedFlags: boolean[] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection(targetPort, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let prefaceSeen = false;
    const remaining = new Map<number, number>();
    client.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!prefaceSeen && buffered.length >= PREFACE_LENGTH) {
        buffered = buffered.subarray(PREFACE_LENGTH);
        prefaceSeen = true;
      }
      while (prefaceSeen && buffered.length >= FRAME_HEADER) {
        const length = buffered.readUIntBE(0, 3);
        if (buffered.length < FRAME_HEADER + length) break;
        const type = buffered[3];
        const flags = buffered[4];
        const stream = buffered.readUInt32BE(5) & 0x7fffffff;
        let payload = buffered.subarray(FRAME_HEADER, FRAME_HEADER + length);
        if (type === DATA_FRAME && payload.length > 0) {
          if (flags & PADDED) payload = payload.subarray(1, payload.length - payload[0]);
          readMessages(stream, payload);
        }
        buffered = buffered.subarray(FRAME_HEADER + length);
      }
    });
    // A gRPC message is a 5-byte prefix (flag + length) and its bytes, possibly spread over DATA frames.
    function readMessages(stream: number, payload: Buffer): void {
      let offset = 0;
      while (offset < payload.length) {
        const left = remaining.get(stream) ?? 0;
        if (left > 0) {
          const take = Math.min(left, payload.length - offset);
          remaining.set(stream, left - take);
          offset += take;
          continue;
        }
        if (payload.length - offset < 5) return; // prefix split across frames: ignore (not produced by grpc-js for small messages)
        compressedFlags.push(payload[offset] === 1);
        remaining.set(stream, payload.readUInt32BE(offset + 1));
        offset += 5;
      }
    }
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    compressedFlags,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
