/**
 * One HTTP server for everything: Next.js pages, socket.io rooms, /healthz and /metrics.
 *
 *   tsx server/main.ts [--dev] [--port 3000] [--no-next]
 *
 * Environment: PORT, DATA_DIR (SQLite, default ./data), DATABASE_URL (PostgreSQL instead of SQLite),
 * REDIS_URL (share rooms between processes), ALLOWED_ORIGINS (comma-separated, besides the page's own
 * origin), ALLOWED_HOSTS (comma-separated names this server is reached by, besides localhost and IP
 * addresses), METRICS_TOKEN (lets /metrics be read from other machines), MIN_FREE_DISK_MB (free disk kept spare:
 * below it nothing that adds data is saved; default 256), LOG_LEVEL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { pino } from "pino";
import { Server } from "socket.io";
import { EV } from "../lib/sync/events";
import { attachClasses, socketOutbox } from "./class-sockets";
import { Classes } from "./classes";
import { diskGuardFor } from "./disk";
import { type BuildLimits, DEFAULT_BUILD_LIMITS, ExerciseBuilds } from "./exercise-builds";
import { contentSecurityPolicy, hostAllowed, metricsAllowed, originAllowed } from "./limits";
import { Metrics } from "./metrics";
import { type RoomLimits, Rooms } from "./rooms";
import { attachRooms, DEFAULT_SOCKET_LIMITS, type SocketLimits } from "./sockets";
import { openStore } from "./store";
import { openClassStore } from "./store/classes";

export interface StartOptions {
  port: number;
  dev?: boolean;
  dataDir?: string;
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  /** Serve the Next.js app too (off in tests of the socket layer). */
  next?: boolean;
  host?: string;
  allowedOrigins?: string[];
  /** Host names this server answers to, besides localhost and IP addresses (DNS rebinding). */
  allowedHosts?: string[];
  /** Bearer token that lets /metrics be read from another machine (loopback may always read it). */
  metricsToken?: string | undefined;
  limits?: Partial<RoomLimits>;
  socketLimits?: Partial<SocketLimits>;
  /** Largest single packet a client may send. */
  maxHttpBufferSize?: number;
  logLevel?: string;
  /** Below this many free bytes on the store's disk, new rooms, classes and growing edits are refused (MIN_FREE_DISK_MB). */
  minFreeDiskBytes?: number;
  /** How long an exercise build may run and how many may wait (`class:create`, loading a class). */
  builds?: Partial<BuildLimits>;
  /** Fault injection for tests only: every durable write of an op waits this long before committing. */
  faults?: { commitDelayMs?: number };
}

export interface Running {
  url: string;
  port: number;
  rooms: Rooms;
  classes: Classes;
  /** What `/metrics` serves, as text. */
  metrics(): string;
  close(): Promise<void>;
}

/**
 * Starts the server and resolves once it listens.
 * @example const s = await startServer({ port: 0, next: false }); console.log(s.url); await s.close();
 */
export async function startServer(opts: StartOptions): Promise<Running> {
  const log = pino({ level: opts.logLevel ?? process.env.LOG_LEVEL ?? "info" });
  const dev = opts.dev ?? false;
  const store = await openStore({ dataDir: opts.dataDir ?? resolve("data"), databaseUrl: opts.databaseUrl, commitDelayMs: opts.faults?.commitDelayMs });
  const dataDir = opts.dataDir ?? resolve("data");
  const minFree = opts.minFreeDiskBytes ?? Number(process.env.MIN_FREE_DISK_MB ?? 256) * 1048576;
  const rooms = new Rooms(store, opts.limits, { disk: diskGuardFor(opts.databaseUrl ? null : dataDir, minFree) });
  const metrics = new Metrics();
  const requests = metrics.counter("dockside_http_requests_total", "HTTP requests served");
  metrics.gauge("dockside_heap_used_bytes", "V8 heap in use by this process", () => process.memoryUsage().heapUsed);

  let nextHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let nextUpgrade: ((req: IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => Promise<void>) | null = null;
  let nextClose: (() => Promise<void>) | null = null;
  if (opts.next !== false) {
    const { default: next } = await import("next");
    const app = next({ dev, dir: resolve("."), hostname: opts.host ?? "localhost", port: opts.port });
    await app.prepare();
    nextHandler = app.getRequestHandler();
    nextUpgrade = app.getUpgradeHandler();
    nextClose = () => app.close();
  }

  const allowed = opts.allowedOrigins ?? (process.env.ALLOWED_ORIGINS ?? "").split(",").filter(Boolean);
  const hosts = [...(opts.allowedHosts ?? (process.env.ALLOWED_HOSTS ?? "").split(",").filter(Boolean)), ...allowed.flatMap(hostOf)];
  const metricsToken = opts.metricsToken ?? (process.env.METRICS_TOKEN || undefined);
  if (store.damage) log.error({ store: store.kind, damage: store.damage }, "the store is damaged: restore it from a backup; /healthz reports it");
  const csp = contentSecurityPolicy(dev);

  const http = createServer((req, res) => {
    requests.inc();
    const path = (req.url ?? "/").split("?")[0];
    if (!hostAllowed(req.headers.host, hosts)) {
      res.writeHead(421, { "content-type": "text/plain" });
      res.end(`this server does not answer to the host ${JSON.stringify(req.headers.host ?? "")}; add it to ALLOWED_HOSTS\n`);
      return;
    }
    if (path === "/healthz") {
      const ok = !store.damage;
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok, store: store.kind, redis: Boolean(opts.redisUrl), ...(store.damage ? { error: store.damage } : {}) }));
      return;
    }
    if (path === "/metrics") {
      if (!metricsAllowed(req.socket.remoteAddress, req.headers, metricsToken)) {
        res.writeHead(403, { "content-type": "text/plain" });
        res.end("metrics are served to this machine, or with the METRICS_TOKEN as a bearer token\n");
        return;
      }
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(metrics.render());
      return;
    }
    // Pages: no framing by other sites, scripts and connections only from here, no referrer (room links carry invites).
    res.setHeader("content-security-policy", csp);
    res.setHeader("x-frame-options", "DENY");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    if (nextHandler) {
      nextHandler(req, res).catch((err) => {
        log.error({ err }, "page failed");
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  });

  const io = new Server(http, {
    maxHttpBufferSize: opts.maxHttpBufferSize ?? 1_000_000,
    // A short disconnect resumes on the same socket with what it missed, without a join or snapshot.
    // The seq-based resume stays the real path (a restart or another process forgets these sessions).
    // Every broadcast is kept this long (and up to a minute more) in memory for that.
    connectionStateRecovery: { maxDisconnectionDuration: 30_000, skipMiddlewares: true },
    pingInterval: 2000,
    // A vanished participant is noticed within pingInterval + pingTimeout (< 5 s).
    pingTimeout: 2500,
    // Leave other upgrades (Next's hot reload in dev) to Next.
    destroyUpgrade: false,
    allowRequest: (req, cb) => {
      const ok = hostAllowed(req.headers.host, hosts) && originAllowed(req.headers.origin, req.headers.host, allowed);
      if (!ok) log.warn({ origin: req.headers.origin }, "origin refused");
      cb(ok ? null : "origin not allowed", ok);
    },
  });

  let redisClose: (() => Promise<void>) | null = null;
  if (opts.redisUrl) {
    const [{ Redis }, { createAdapter }] = await Promise.all([import("ioredis"), import("@socket.io/redis-streams-adapter")]);
    const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
    io.adapter(createAdapter(redis));
    redisClose = async () => {
      redis.disconnect();
    };
  }

  attachRooms(io, rooms, log, metrics, { ...DEFAULT_SOCKET_LIMITS, ...opts.socketLimits }, Boolean(opts.redisUrl));
  const classStore = await openClassStore({ dataDir: opts.dataDir ?? resolve("data"), databaseUrl: opts.databaseUrl, rooms: store });
  const builds = new ExerciseBuilds({ ...DEFAULT_BUILD_LIMITS, ...opts.builds });
  const classes = new Classes(rooms, classStore, socketOutbox(io, Boolean(opts.redisUrl)), (err) => log.error({ err }, "class progress failed"), builds);
  attachClasses(io, classes, log);
  metrics.gauge("dockside_classes_loaded", "Classes held in memory by this process", () => classes.loadedClasses);

  if (nextUpgrade) {
    const upgrade = nextUpgrade;
    http.on("upgrade", (req, socket, head) => {
      if (!(req.url ?? "").startsWith("/socket.io/")) void upgrade(req, socket, head);
    });
  }

  await new Promise<void>((done) => http.listen(opts.port, opts.host ?? "0.0.0.0", done));
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  log.info({ url, store: store.kind, redis: Boolean(opts.redisUrl), next: Boolean(nextHandler), dev }, "dockside listening");

  return {
    url,
    port,
    rooms,
    classes,
    metrics: () => metrics.render(),
    async close() {
      // A restart, not a goodbye: pages are told, the ops already ordered reach the disk, and the
      // connections are closed without socket.io's final disconnect (after which clients would not
      // reconnect), so every page reconnects to the next process and resumes from its last seq.
      io.emit(EV.restart, {});
      await rooms.drain();
      await new Promise<void>((done) => io.close(() => done()));
      await redisClose?.();
      await nextClose?.();
      await classes.close();
      await classStore.close();
      await store.close();
    },
  };
}

function hostOf(origin: string): string[] {
  try {
    return [new URL(origin).host];
  } catch {
    return [];
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const dev = process.argv.includes("--dev");
  const port = Number(argValue("--port") ?? process.env.PORT ?? 3000);
  startServer({
    port,
    dev,
    next: !process.argv.includes("--no-next"),
    dataDir: process.env.DATA_DIR ?? resolve("data"),
    databaseUrl: process.env.DATABASE_URL || undefined,
    redisUrl: process.env.REDIS_URL || undefined,
  })
    .then((running) => {
      // Tests that start this file as a process read the port from this line.
      process.stdout.write(`LISTENING ${running.port}\n`);
      const stop = () => {
        running.close().finally(() => process.exit(0));
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
