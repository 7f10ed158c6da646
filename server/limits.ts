import { timingSafeEqual } from "node:crypto";

/**
 * A token bucket: `capacity` ops at once, refilled at `perSecond`. Bursts (pasting a compose file)
 * pass; a steady flood is refused with a clear error instead of slowing the whole room.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Whether a browser origin may open a socket. Requests without an Origin header (other programs, tests)
 * pass; browsers always send one, so a page on another site cannot act for a visitor.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes("*") || allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

export interface AddressLimitSettings {
  /** Open sockets from one address (a school's NAT puts a whole class behind one). */
  maxSockets: number;
  /** Rooms created from one address at once, and per second after that, across all its connections. */
  createBurst: number;
  createsPerSecond: number;
  /** Rooms created from one address in a day: each room keeps its disk (up to its caps) after its maker leaves. */
  createsPerDay: number;
  /** Room joins from one address at once, and per second after that (invite codes cannot be guessed fast). */
  joinBurst: number;
  joinsPerSecond: number;
}

export const DEFAULT_ADDRESS_LIMITS: AddressLimitSettings = {
  maxSockets: 256,
  createBurst: 40,
  createsPerSecond: 0.5,
  createsPerDay: 500,
  joinBurst: 200,
  joinsPerSecond: 20,
};

/**
 * Ceilings lifted, for programs whose clients all connect from loopback by the thousand (the benchmarks and the
 * integration tests), where one address stands for a whole school many times over.
 */
export const LIFTED_ADDRESS_LIMITS: AddressLimitSettings = {
  maxSockets: 100_000,
  createBurst: 100_000,
  createsPerSecond: 100_000,
  createsPerDay: 10_000_000,
  joinBurst: 100_000,
  joinsPerSecond: 100_000,
};

interface AddressState {
  sockets: number;
  create: TokenBucket;
  createDay: TokenBucket;
  join: TokenBucket;
  seen: number;
}

/**
 * Ceilings per client address, held across connections: a client that reconnects does not get a fresh
 * allowance. An address is forgotten only once it has no socket and its buckets have refilled, so the
 * map stays as small as the set of recently active addresses.
 */
export class AddressLimits {
  private readonly byAddress = new Map<string, AddressState>();
  private lastPrune = 0;

  constructor(
    readonly settings: AddressLimitSettings = DEFAULT_ADDRESS_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private state(address: string): AddressState {
    let s = this.byAddress.get(address);
    if (!s) {
      const c = this.settings;
      s = {
        sockets: 0,
        create: new TokenBucket(c.createBurst, c.createsPerSecond, this.now),
        createDay: new TokenBucket(c.createsPerDay, c.createsPerDay / 86_400, this.now),
        join: new TokenBucket(c.joinBurst, c.joinsPerSecond, this.now),
        seen: this.now(),
      };
      this.byAddress.set(address, s);
    }
    s.seen = this.now();
    return s;
  }

  /** Counts a new socket; false when the address already has as many as it may. */
  open(address: string): boolean {
    const s = this.state(address);
    if (s.sockets >= this.settings.maxSockets) return false;
    s.sockets++;
    return true;
  }

  close(address: string): void {
    const s = this.byAddress.get(address);
    if (s) s.sockets = Math.max(0, s.sockets - 1);
    this.prune();
  }

  take(address: string, what: "create" | "join"): boolean {
    const s = this.state(address);
    const ok = what === "create" ? s.create.take() && s.createDay.take() : s.join.take();
    this.prune();
    return ok;
  }

  /** Forgets addresses with no socket that have been quiet long enough for their buckets to be full again. */
  private prune(): void {
    const c = this.settings;
    const refill = Math.max(c.createBurst / c.createsPerSecond, 86_400, c.joinBurst / c.joinsPerSecond) * 1000;
    const t = this.now();
    // A sweep costs one step per address: at most one every ten seconds.
    if (t - this.lastPrune < 10_000) return;
    this.lastPrune = t;
    for (const [a, s] of this.byAddress) if (s.sockets === 0 && t - s.seen > refill) this.byAddress.delete(a);
  }

  get size(): number {
    return this.byAddress.size;
  }
}

/**
 * Whether a request's Host header names this server: localhost (and `*.localhost`), an IP address, or
 * a configured name. A page on a name that an attacker points at this server's address (DNS rebinding)
 * sends that name as Host, so it is refused even though its Origin matches its Host.
 * @example hostAllowed("evil.example:3000", []) // false
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return true;
  if (allowed.includes("*") || allowed.includes(host)) return true;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  if (allowed.includes(name)) return true;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  // IPv4 (the URL parser normalises it to dotted quads) or a bracketed IPv6 address.
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^\[[0-9a-f:.]+\]$/i.test(name);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * /metrics is served to this machine (a scraper beside the server), or to anyone with the bearer token.
 * A request relayed by a proxy on this machine carries X-Forwarded-For and needs the token too.
 */
export function metricsAllowed(remote: string | undefined, headers: Record<string, string | string[] | undefined>, token: string | undefined): boolean {
  const auth = headers.authorization;
  if (token && typeof auth === "string" && auth.length === token.length + 7 && timingSafeEqual(Buffer.from(auth), Buffer.from(`Bearer ${token}`))) return true;
  return remote !== undefined && LOOPBACK.test(remote) && headers["x-forwarded-for"] === undefined;
}

/** The pages' Content-Security-Policy; Next's development mode evaluates code, so it needs `unsafe-eval`. */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
