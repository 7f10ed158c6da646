/**
 * IPv4 arithmetic on plain numbers (unsigned 32-bit). Pure and allocation-free where it matters,
 * because `resolve` runs it for every endpoint of every network.
 */

export interface Cidr {
  /** Network address (host bits zeroed). */
  readonly base: number;
  readonly prefix: number;
}

/**
 * Parses a dotted quad, or returns null.
 * @example parseIp("172.17.0.2") // 2886795266
 */
export function parseIp(text: string): number | null {
  // Hand-rolled: resolve() parses every endpoint's address, and a regex per octet dominated it.
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 46) {
      if (digits === 0 || dots === 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (ch >= 48 && ch <= 57) {
      if (digits > 0 && octet === 0) return null; // no leading zeros
      octet = octet * 10 + (ch - 48);
      digits++;
      if (octet > 255) return null;
    } else return null;
  }
  if (dots !== 3 || digits === 0) return null;
  return (value * 256 + octet) >>> 0;
}

/** @example formatIp(2886795266) // "172.17.0.2" */
export function formatIp(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses "a.b.c.d/n". With `strict`, host bits must be zero (Docker accepts host bits in
 * `--subnet` and keeps the text as given, so the default is lenient).
 * @example parseCidr("172.18.0.0/16") // { base: 2886860800, prefix: 16 }
 */
export function parseCidr(text: string): (Cidr & { ip: number }) | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === null || !/^(3[0-2]|[12]?\d)$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return { base: (ip & maskOf(prefix)) >>> 0, prefix, ip };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function cidrLast(c: Cidr): number {
  return (c.base + cidrSize(c) - 1) >>> 0;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return (ip & maskOf(c.prefix)) >>> 0 === c.base;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= cidrLast(b) && b.base <= cidrLast(a);
}
