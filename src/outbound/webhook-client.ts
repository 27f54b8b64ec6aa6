import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Deliver } from '../domain/webhook-dispatcher.js';
import type { TargetCheck } from '../domain/webhooks.js';
import { LIMITS } from '../model/limits.js';

/** IPv6 addresses outside this block (RFC 4291 §2.4) are not routed on the internet: `::/96`, NAT64 and the like. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

const ALLOW_HINT = 'set DATASHELF_WEBHOOK_ALLOW_PRIVATE=1 to allow private targets';

/**
 * Why a webhook may not reach an address: the range it is in (ipaddr.js's names:
 * loopback, private, reserved, 6to4, rfc6052 …), or null for globally routable unicast.
 * An IPv4-mapped address is judged as the IPv4 address it carries.
 */
function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip.kind() === 'ipv6' && !(ip as ipaddr.IPv6).match(GLOBAL_UNICAST_V6)) return 'outside 2000::/3';
  return null;
}

/** Why the first of a host's addresses that may not be reached is refused, in words for whoever set the webhook; or null. */
function refusal(addresses: string[]): string | null {
  for (const address of addresses) {
    const range = refusedRange(address);
    if (range) return `reaches ${address} (${range}), not a public address; ${ALLOW_HINT}`;
  }
  return null;
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
    return refusal(addresses);
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
      const reason = allowPrivate ? null : refusal(addresses.map((a) => a.address));
      if (reason) return callback(new Error(`${hostname} ${reason}`), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs a delivery: a timeout on the whole exchange, redirects never followed (a 3xx is
 * a failed attempt), addresses other than global unicast refused unless allowed (the
 * name's resolved address too), the body bounded.
 */
export function webhookDeliverer(allowPrivate: boolean): Deliver {
  const lookup = guardedLookup(allowPrivate);
  return (text, headers, body) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(text);
      const host = hostOf(url);
      if (Buffer.byteLength(body) > LIMITS.webhookBodyBytes) return reject(new Error(`the body is over ${LIMITS.webhookBodyBytes} bytes`));
      const reason = !allowPrivate && net.isIP(host) ? refusal([host]) : null;
      if (reason) return reject(new Error(`the URL ${reason}`));
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
