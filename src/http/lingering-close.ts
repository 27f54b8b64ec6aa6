import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../model/limits.js';

/**
 * An answer sent before its request's body has all arrived (an import refused at its
 * first line, a body over a limit, a 503 while shutting down) must reach a client that is
 * still sending. Closing at once resets the connection under the client's writes, and
 * clients then report the reset ("EPIPE", "broken pipe") instead of the answer. So such
 * an answer says `Connection: close`, the rest of the body is read and thrown away, and
 * the connection closes once the body has all arrived: a lingering close, as Apache and
 * nginx make it, bounded by LIMITS.linger (bytes after the answer, total time, and time
 * without a byte), past which the connection is closed regardless.
 */
export function registerLingeringClose(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const { raw } = request;
    // `complete` is Node's own: a request injected in tests (no connection) has none.
    if (raw.complete === false && !raw.destroyed && raw.socket) {
      reply.header('connection', 'close');
      linger(raw, raw.socket);
    }
    return payload;
  });
}

function linger(request: IncomingMessage, socket: Socket): void {
  const close = () => socket.destroy();
  const total = setTimeout(close, LIMITS.linger.totalMs);
  const idle = setTimeout(close, LIMITS.linger.idleMs);
  socket.once('close', () => {
    clearTimeout(total);
    clearTimeout(idle);
  });
  const arrived = once(request, 'end');
  arrived.catch(() => {});
  let discarded = 0;
  // Whatever was reading the body (a parser that gave up, a decompressor) lets go of it.
  request.unpipe();
  request.removeAllListeners('data');
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    idle.refresh();
    if (discarded > LIMITS.linger.bytes) close();
  });
  request.resume();
  // Node ends a `Connection: close` exchange with destroySoon once the answer is written:
  // this one waits for the body as well, so the close is not a reset.
  socket.destroySoon = () => {
    socket.end();
    void Promise.all([socket.writableFinished || once(socket, 'finish'), arrived]).then(close, close);
  };
}
