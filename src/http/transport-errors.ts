import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { sendWire, wireErrorOf, type Envelope } from './envelope.js';

/** Which envelope answers for a path: the surface whose prefix it falls under. */
export type EnvelopeFor = (url: string) => Envelope;

/**
 * Failures Fastify meets before a route runs (a URL that does not decode, a path
 * parameter over the length limit), answered in the envelope of the surface the
 * path belongs to instead of Fastify's own body.
 */
export function frameworkErrors(envelopeFor: EnvelopeFor) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const envelope = envelopeFor(request.url);
    sendWire(reply, envelope, wireErrorOf(envelope, error, request));
  };
}

/**
 * Requests Node's HTTP parser refuses (malformed, or a request line and headers over
 * the size limit) never reach Fastify: the answer is written on the socket, still in
 * the surface's envelope, chosen from the start of the request line received so far.
 */
export function clientErrors(envelopeFor: EnvelopeFor) {
  return function (this: FastifyInstance, error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
    // A client that takes a minute to send its headers gets no answer, only a closed socket.
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.destroy();
      return;
    }
    const received = error.rawPacket?.toString('latin1') ?? '';
    const requestLine = /^[A-Z]+ (\S+)/.exec(received);
    const firstLine = received.split('\r\n', 1)[0];
    // Over the size limit, the larger part is to blame: the request line (414) or the headers after it (431).
    const domain =
      error.code !== 'HPE_HEADER_OVERFLOW'
        ? new DomainError('bad_request', 'the request is not valid HTTP/1.1')
        : requestLine && firstLine.length > received.length - firstLine.length
          ? new DomainError('uri_too_long', 'the request URI is too long')
          : new DomainError('headers_too_large', 'the request headers are too large');
    const envelope = envelopeFor(requestLine?.[1] ?? '/');
    const wire = envelope.error(domain);
    const body = JSON.stringify(wire.body);
    socket.end(
      `HTTP/1.1 ${wire.status} ${STATUS_CODES[wire.status]}\r\nContent-Type: ${envelope.contentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
