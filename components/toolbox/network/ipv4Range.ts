import { formatIpv4, parseIpv4, parseIpv4Cidr } from "./ipv4";

/** A contiguous block of IPv4 addresses, as MetalLB's IPAddressPool takes it. */
export interface Ipv4Range {
  /** The text as given: `a.b.c.d-e.f.g.h` or `a.b.c.d/n`. */
  readonly text: string;
  readonly first: number;
  readonly last: number;
}

/**
 * Parses `start-end` (both dotted quads) or a CIDR block. Returns undefined when malformed or
 * when start is after end.
 */
export function parseIpv4Range(text: string): Ipv4Range | undefined {
  if (text.includes("/")) {
    const cidr = parseIpv4Cidr(text);
    return cidr && { text, first: cidr.first, last: cidr.last };
  }
  const parts = text.split("-");
  if (parts.length !== 2) {
    return undefined;
  }
  const first = parseIpv4(parts[0].trim());
  const last = parseIpv4(parts[1].trim());
  if (first === undefined || last === undefined || first > last) {
    return undefined;
  }
  return { text, first, last };
}

export function rangeContains(range: Ipv4Range, address: number): boolean {
  return address >= range.first && address <= range.last;
}

/** `start-end` in canonical form, for messages and for the pool spec. */
export function formatIpv4Range(range: Ipv4Range): string {
  return `${formatIpv4(range.first)}-${formatIpv4(range.last)}`;
}
