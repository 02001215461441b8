/** An IPv4 network in CIDR notation, with its bounds as 32-bit integers. */
export interface Ipv4Cidr {
  readonly text: string;
  readonly network: number;
  readonly prefix: number;
  readonly first: number;
  readonly last: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad IPv4 address into an unsigned 32-bit integer, or undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) {
    return undefined;
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Parses `a.b.c.d/n`; the address must be the network address itself (no host bits set). */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!match) {
    return undefined;
  }
  const address = parseIpv4(match[1]);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > 32) {
    return undefined;
  }
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    return undefined;
  }
  return { text, network: address, prefix, first: address, last: address + size - 1 };
}

export function cidrContains(cidr: Ipv4Cidr, address: number): boolean {
  return address >= cidr.first && address <= cidr.last;
}

/** A usable host address: inside the network, neither its network nor its broadcast address. */
export function isUsableHost(cidr: Ipv4Cidr, address: number): boolean {
  if (cidr.prefix >= 31) {
    return cidrContains(cidr, address);
  }
  return address > cidr.first && address < cidr.last;
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((r) =>
  parseIpv4Cidr(r)!,
);

/** True when the whole network lies inside one RFC 1918 private range. */
export function isPrivateCidr(cidr: Ipv4Cidr): boolean {
  return PRIVATE_RANGES.some((r) => cidr.first >= r.first && cidr.last <= r.last);
}

/** RFC 1918 private, loopback or link-local, and never 0.0.0.0. */
export function isPrivateOrLocalAddress(address: number): boolean {
  const local = ["127.0.0.0/8", "169.254.0.0/16"].map((r) => parseIpv4Cidr(r)!);
  return address !== 0 && [...PRIVATE_RANGES, ...local].some((r) => cidrContains(r, address));
}

/**
 * Beside the private, loopback and link-local ranges, the ones no host on the Internet is reached
 * at (RFC 6890): "this network", shared carrier-grade NAT space, multicast, reserved and broadcast.
 */
const NOT_PUBLIC = ["0.0.0.0/8", "100.64.0.0/10", "224.0.0.0/4", "240.0.0.0/4"].map((r) =>
  parseIpv4Cidr(r)!,
);

/** What a public DNS record may name, as config refusals word it. */
export const PUBLIC_ADDRESS_RULE =
  "a public IPv4 address, not private, loopback, link-local, 0.0.0.0/8, 100.64.0.0/10 " +
  "(carrier-grade NAT), multicast or reserved";

/** True for an address a public DNS record may name (see PUBLIC_ADDRESS_RULE). */
export function isPublicAddress(address: number): boolean {
  return !isPrivateOrLocalAddress(address) && !NOT_PUBLIC.some((r) => cidrContains(r, address));
}
