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

/**
 * The IPv4 address an IPv6 one carries in its last 32 bits where it stands for it: the deprecated IPv4-compatible form
 * (`::a9fe:a9fe`, `::169.254.169.254`) and NAT64's well-known prefix (`64:ff9b::a9fe:a9fe`). (`::1` and `::` are
 * loopback and unspecified, not 0.0.0.x; the mapped form `::ffff:…` BlockList matches by itself.)
 */
function embeddedIpv4(address: string): string | undefined {
  const unzoned = address.split('%')[0]; // a zone (`fe80::1%eth0`) is not part of the address, nor of a URL
  if (!URL.canParse(`http://[${unzoned}]/`)) return undefined;
  const canonical = new URL(`http://[${unzoned}]/`).hostname.slice(1, -1);
  const m = /^(?:64:ff9b)?::([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!m) return undefined;
  const [high, low] = [parseInt(m[1], 16), parseInt(m[2], 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Whether an IP address (v4, v6, or a URL's bracketed v6 host) is one a webhook may not reach; a name is not. */
export function isForbiddenAddress(host: string): boolean {
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return false;
  if (FORBIDDEN.check(address, 'ipv6')) return true;
  const v4 = embeddedIpv4(address);
  return v4 !== undefined && FORBIDDEN.check(v4, 'ipv4');
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
