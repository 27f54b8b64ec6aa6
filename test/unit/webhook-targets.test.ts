import { describe, expect, it } from 'vitest';
import { targetCheck, webhookDeliverer } from '../../src/outbound/webhook-client.js';

/** Addresses a webhook must not reach: everything but globally routable unicast. */
const REFUSED = [
  '0.0.0.0',
  '0.1.2.3',
  '10.1.2.3',
  '100.64.0.1',
  '127.0.0.1',
  '127.255.0.9',
  '169.254.169.254',
  '172.16.0.1',
  '172.31.255.254',
  '192.0.0.8',
  '192.0.2.1',
  '192.88.99.1',
  '192.168.1.1',
  '198.18.0.1',
  '198.19.255.254',
  '198.51.100.7',
  '203.0.113.9',
  '224.0.0.1',
  '240.0.0.1',
  '255.255.255.255',
  '::',
  '::1',
  '::127.0.0.1',
  '::7f00:1',
  '::a00:1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '::ffff:0:7f00:1',
  '64:ff9b::7f00:1',
  '64:ff9b::808:808',
  '64:ff9b:1::a00:1',
  '100::1',
  '2001::1',
  '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  '2001:db8::1',
  '2002:7f00:1::1',
  '2002:808:808::1',
  '3fff::1',
  '5f00::1',
  'fc00::1',
  'fd12:3456::1',
  'fe80::1',
  'fec0::1',
  'ff02::1',
];

/** Public addresses, in both families, and a public IPv4 written as IPv4-mapped IPv6. */
const ALLOWED = ['1.1.1.1', '8.8.8.8', '93.184.215.14', '::ffff:8.8.8.8', '2001:4860:4860::8888', '2606:4700:4700::1111'];

const urlOf = (address: string) => `http://${address.includes(':') ? `[${address}]` : address}/hook`;

describe('webhook targets', () => {
  const check = targetCheck(false);

  it.each(REFUSED)('refuses %s when a webhook is made', async (address) => {
    const reason = await check(urlOf(address));
    expect(reason).toContain('DATASHELF_WEBHOOK_ALLOW_PRIVATE');
  });

  it.each(ALLOWED)('accepts %s', async (address) => {
    expect(await check(urlOf(address))).toBeNull();
  });

  it('reads hosts as the URL standard does (decimal and hex IPv4 are loopback too)', async () => {
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://127.1/', 'http://[0:0:0:0:0:0:127.0.0.1]/']) {
      expect(await check(url), url).toContain('DATASHELF_WEBHOOK_ALLOW_PRIVATE');
    }
  });

  it('judges a name by every address it resolves to', async () => {
    expect(await check('http://localhost:9/hook')).toContain('127.0.0.1');
  });

  it('accepts any target when the operator allows private ones', async () => {
    const open = targetCheck(true);
    for (const address of [...REFUSED, ...ALLOWED]) expect(await open(urlOf(address))).toBeNull();
  });

  it.each(REFUSED)('refuses to send to %s', async (address) => {
    const deliver = webhookDeliverer(false);
    await expect(deliver(urlOf(address), {}, '{}')).rejects.toThrow(/DATASHELF_WEBHOOK_ALLOW_PRIVATE/);
  });

  it('refuses to send to a name that resolves to a private address by the time of the send', async () => {
    await expect(webhookDeliverer(false)('http://localhost:9/hook', {}, '{}')).rejects.toThrow(/127\.0\.0\.1|::1/);
  });
});
