import type { IncomingMessage } from 'node:http';

/**
 * Request bodies of the loopback API, read within a limit. A declared Content-Length above the limit is refused
 * before a byte is read; otherwise the body streams into one buffer of the declared size (no list of chunks copied
 * together at the end), and a body without a length (chunked) is counted as it arrives and refused at the limit.
 */

/** Largest API request: an import of the largest file (200 MiB) travels base64-encoded (4/3) in JSON. */
export const MAX_BODY_BYTES = 280 * 1024 * 1024;

/** A body the server will not read: too large (413) or malformed framing (400). */
export class BodyError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
    this.name = 'BodyError';
  }
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, `The request is larger than the ${Math.round(limit / (1024 * 1024))} MiB a call may send (an import of a file up to 200 MiB fits).`);
}

export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const header = request.headers['content-length'];
  const declared = header === undefined ? null : Number(header);
  if (declared !== null && !(Number.isSafeInteger(declared) && declared >= 0)) return Promise.reject(new BodyError(400, `Content-Length "${header}" is not a length`));
  if (declared !== null && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const whole = declared === null ? null : Buffer.allocUnsafe(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      request.removeListener('data', take);
      // Read and drop the rest, so the answer reaches a client that is still sending.
      request.resume();
      reject(error);
    };
    const take = (chunk: Buffer) => {
      if (size + chunk.length > (declared ?? limit)) {
        fail(declared === null ? tooLarge(limit) : new BodyError(400, 'The request body is longer than its Content-Length'));
        return;
      }
      if (whole) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
    };
    request.on('data', take);
    request.on('end', () => {
      if (whole && size !== declared) reject(new BodyError(400, `The request body ended after ${size} of ${declared} bytes`));
      else resolve(whole ?? Buffer.concat(chunks, size));
    });
    request.on('error', reject);
  });
}
