import type { LookupAddress } from 'node:dns';
import { FORBIDDEN_ADDRESS, guardedLookup, isForbiddenAddress } from './webhook-address.js';

describe('where webhooks may go', () => {
  it.each([
    '169.254.169.254',
    '[::ffff:169.254.169.254]',
    '::ffff:a9fe:a9fe',
    '[::a9fe:a9fe]',
    '::169.254.169.254',
    '[64:ff9b::a9fe:a9fe]',
    '64:ff9b::169.254.169.254',
    '::e000:1',
    '::5',
    '64:ff9b::',
    '[::ffff:0:a9fe:a9fe]',
    '64:ff9b:1::a9fe:a9fe',
    'FE80::1',
    '0.0.0.0',
    '[::]',
    'fe80::1',
    '224.0.0.1',
    '255.255.255.255',
  ])('never to %s', (host) => expect(isForbiddenAddress(host)).toBe(true));

  it.each([
    '127.0.0.1',
    '[::1]',
    '[64:ff9b::808:808]',
    '::a00:102',
    '10.1.2.3',
    '192.168.1.20',
    '172.16.0.5',
    '8.8.8.8',
    '2001:db8::1',
    'oa.example.cn',
  ])('to %s (loopback, intranets, the internet; a name is judged by what it resolves to)', (host) =>
    expect(isForbiddenAddress(host)).toBe(false),
  );

  const resolvingTo =
    (addresses: string[]) =>
    (
      _host: string,
      options: { all?: boolean },
      cb: (err: NodeJS.ErrnoException | null, a: string | LookupAddress[], f?: number) => void,
    ) =>
      options.all
        ? cb(
            null,
            addresses.map((address) => ({ address, family: 4 })),
          )
        : cb(null, addresses[0], 4);

  function lookUp(addresses: string[], all: boolean): Promise<{ code?: string; address: string | LookupAddress[] }> {
    return new Promise((resolve) =>
      guardedLookup(resolvingTo(addresses))('oa.example.cn', { all }, (err, address) => resolve({ code: err?.code, address })),
    );
  }

  it('fails a lookup that resolves to a forbidden address, asked for one address or all', async () => {
    await expect(lookUp(['169.254.169.254'], false)).resolves.toMatchObject({ code: FORBIDDEN_ADDRESS });
    await expect(lookUp(['10.0.0.8', '169.254.169.254'], true)).resolves.toMatchObject({ code: FORBIDDEN_ADDRESS });
  });

  it('passes a lookup that resolves to allowed addresses through unchanged', async () => {
    await expect(lookUp(['10.0.0.8'], false)).resolves.toEqual({ code: undefined, address: '10.0.0.8' });
    await expect(lookUp(['10.0.0.8', '127.0.0.1'], true)).resolves.toEqual({
      code: undefined,
      address: [
        { address: '10.0.0.8', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
  });
});
