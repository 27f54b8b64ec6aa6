import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits everything a connection received into its responses (Content-Length framed). */
export function parseResponses(received: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = received;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    const bodyBytes = Buffer.from(rest.slice(end + 4), 'latin1').subarray(0, length);
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body: bodyBytes.toString('utf8') });
    rest = Buffer.from(rest.slice(end + 4), 'latin1')
      .subarray(length)
      .toString('latin1');
  }
  return responses;
}

/**
 * Opens a connection to the server and gives the test control of what is written and
 * when: for requests no HTTP client would send (oversized, pipelined, half-sent).
 */
export function rawConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    connected,
    write: (data: string | Buffer) => new Promise<void>((resolve) => socket.write(data, () => resolve())),
    /** Resolves once `count` complete responses have arrived (or the connection closed). */
    responses: (count: number) =>
      new Promise<RawResponse[]>((resolve) => {
        const check = () => {
          const parsed = parseResponses(Buffer.concat(chunks).toString('latin1'));
          if (parsed.length >= count) {
            socket.off('data', check);
            resolve(parsed);
          }
        };
        socket.on('data', check);
        void closed.then(() => resolve(parseResponses(Buffer.concat(chunks).toString('latin1'))));
        check();
      }),
    closed,
    end: () => socket.end(),
  };
}

/** One request on a fresh connection, written exactly as given; the responses it got. */
export async function rawRequest(url: string, request: string | Buffer): Promise<RawResponse[]> {
  const connection = rawConnection(url);
  await connection.connected;
  await connection.write(request);
  await connection.closed;
  return connection.responses(0);
}
