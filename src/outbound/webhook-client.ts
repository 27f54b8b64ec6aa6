import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Deliver } from '../domain/webhook-dispatcher.js';
import type { TargetCheck } from '../domain/webhooks.js';
import { LIMITS } from '../model/limits.js';

/** Addresses a webhook may not reach unless the operator allows it: loopback, private, link-local, shared, multicast and unspecified. */
const PRIVATE = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

const ALLOW_HINT = 'set DATASHELF_WEBHOOK_ALLOW_PRIVATE=1 to allow private targets';

function isPrivate(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** The reason a URL may not be a webhook target, or null. A host is judged by every address it resolves to. */
export function targetCheck(allowPrivate: boolean): TargetCheck {
  return async (text) => {
    if (allowPrivate) return null;
    const host = hostOf(new URL(text));
    let addresses: string[];
    try {
      addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return `host ${host} cannot be resolved`;
    }
    const blocked = addresses.find(isPrivate);
    return blocked ? `reaches a private address (${blocked}); ${ALLOW_HINT}` : null;
  };
}

/**
 * A resolver that refuses private addresses at connect time: checking the name when the
 * webhook was made is not enough, since it may resolve elsewhere by the time of a send.
 */
function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const blocked = allowPrivate ? undefined : addresses.find((a) => isPrivate(a.address));
      if (blocked) return callback(new Error(`${hostname} resolves to a private address (${blocked.address}); ${ALLOW_HINT}`), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs a delivery: a timeout on the whole exchange, redirects never followed (a 3xx is
 * a failed attempt), private addresses refused unless allowed, the body bounded.
 */
export function webhookDeliverer(allowPrivate: boolean): Deliver {
  const lookup = guardedLookup(allowPrivate);
  return (text, headers, body) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(text);
      const host = hostOf(url);
      if (Buffer.byteLength(body) > LIMITS.webhookBodyBytes) return reject(new Error(`the body is over ${LIMITS.webhookBodyBytes} bytes`));
      if (!allowPrivate && net.isIP(host) && isPrivate(host)) return reject(new Error(`${host} is a private address; ${ALLOW_HINT}`));
      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(
        url,
        {
          method: 'POST',
          lookup,
          timeout: LIMITS.webhookTimeoutMs,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'user-agent': 'datashelf-webhooks',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${LIMITS.webhookTimeoutMs} ms`)));
      request.on('error', (error) => reject(new Error(`cannot deliver to ${url.host}: ${error.message}`)));
      request.end(body);
    });
}
