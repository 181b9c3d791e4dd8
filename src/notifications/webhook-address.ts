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
// NAT64's local-use prefix: where its IPv4 address sits depends on the network's prefix length, so none of it.
FORBIDDEN.addSubnet('64:ff9b:1::', 48, 'ipv6');

/** The error code of a call refused because its host is, or resolves to, a forbidden address. */
export const FORBIDDEN_ADDRESS = 'WEBHOOK_ADDRESS_FORBIDDEN';

/** The prefixes (first six 16-bit groups) under which an IPv6 address stands for the IPv4 address in its last 32 bits. */
const IPV4_CARRIERS: ReadonlyArray<readonly number[]> = [
  [0, 0, 0, 0, 0, 0], // IPv4-compatible, deprecated (`::a9fe:a9fe`, `::169.254.169.254`)
  [0, 0, 0, 0, 0, 0xffff], // IPv4-mapped (`::ffff:169.254.169.254`)
  [0, 0, 0, 0, 0xffff, 0], // IPv4-translated (`::ffff:0:a9fe:a9fe`)
  [0x64, 0xff9b, 0, 0, 0, 0], // NAT64's well-known prefix (`64:ff9b::a9fe:a9fe`)
];

/** An IPv6 address's eight 16-bit groups (a zone such as `%eth0` dropped); undefined if it is none. */
function groupsOf(address: string): number[] | undefined {
  const unzoned = address.split('%')[0]; // a zone is not part of the address, nor of a URL
  if (!URL.canParse(`http://[${unzoned}]/`)) return undefined;
  // The URL parser writes it canonically: lower-case hex groups, no dotted quad, `::` for the longest run of zeros.
  const [head, tail] = new URL(`http://[${unzoned}]/`).hostname.slice(1, -1).split('::');
  const [front, back] = [head ? head.split(':') : [], tail ? tail.split(':') : []];
  const zeros = tail === undefined ? [] : Array<string>(8 - front.length - back.length).fill('0');
  return [...front, ...zeros, ...back].map((g) => parseInt(g, 16));
}

/**
 * The IPv4 address an IPv6 one stands for (IPV4_CARRIERS), checked by the IPv4 rules: `::5` is 0.0.0.5, `64:ff9b::` is
 * 0.0.0.0. Not `::1` and `::`, which are IPv6's own loopback and unspecified addresses.
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = groupsOf(address);
  if (groups === undefined || !IPV4_CARRIERS.some((prefix) => prefix.every((g, i) => groups[i] === g))) return undefined;
  const [high, low] = [groups[6], groups[7]];
  if (groups.slice(0, 6).every((g) => g === 0) && high === 0 && low <= 1) return undefined;
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
