import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may never point: link-local addresses (169.254.0.0/16 and fe80::/10, where cloud metadata
 * services answer), "this network" and the unspecified address (0.0.0.0 and :: reach the machine itself under
 * another name), multicast and the reserved rest. A receiver's answer to a failed call is shown to admins, so a
 * webhook there would read what the platform's own network serves. Loopback and private networks stay allowed:
 * an office's OA system sits on its intranet. Mapped IPv6 forms (::ffff:169.254.169.254) match the IPv4 rules.
 */
const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet('0.0.0.0', 8, 'ipv4');
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4');
FORBIDDEN.addSubnet('224.0.0.0', 3, 'ipv4');
FORBIDDEN.addAddress('::', 'ipv6');
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6');
FORBIDDEN.addSubnet('ff00::', 8, 'ipv6');

/** The error code of a call refused because its host is, or resolves to, a forbidden address. */
export const FORBIDDEN_ADDRESS = 'WEBHOOK_ADDRESS_FORBIDDEN';

/** Whether an IP address (v4, v6, or a URL's bracketed v6 host) is one a webhook may not reach; a name is not. */
export function isForbiddenAddress(host: string): boolean {
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  const family = isIP(address);
  return family !== 0 && FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type Lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => void;

/**
 * A DNS lookup for the webhooks' sockets that fails when the name resolves to a forbidden address, checked on
 * the address the socket will connect to (a name that resolves elsewhere on a second look gains nothing).
 */
export function guardedLookup(lookup: Lookup = dnsLookup): Lookup {
  return (hostname, options, callback) =>
    lookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = typeof address === 'string' ? [address] : address.map((a) => a.address);
      const forbidden = addresses.find(isForbiddenAddress);
      if (forbidden === undefined) return callback(null, address, family);
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${forbidden}, where webhooks may not go`);
      refused.code = FORBIDDEN_ADDRESS;
      callback(refused, address, family);
    });
}
