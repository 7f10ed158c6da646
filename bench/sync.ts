/**
 * `npm run bench:sync`: latency of room sync on loopback, from an op's send to its arrival at each
 * receiver, next to a bare socket.io broadcast of the same payloads measured in the same run. For the
 * school it also measures a floor: the least any relay could do (see `serveFloor`).
 *
 * The servers run in a child process (this file with `--serve`) and the clients in others
 * (`bench/sync-load.ts`, BENCH_WORKERS of them for the school), so clients and server do not share one
 * event loop. Prints one JSON object; see docs/benchmarks.md.
 */
import { fork, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Server } from "socket.io";
import { type WebSocket, WebSocketServer } from "ws";
import { LIFTED_ADDRESS_LIMITS } from "../server/limits";
import { startServer } from "../server/main";
import type { LoadMessage, LoadTask, Target } from "./sync-load";
import { scaleOut } from "./sync-scale";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Load-generator processes for a scenario with several rooms (each owns whole rooms). */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 3);
const LOAD = fileURLToPath(new URL("./sync-load.ts", import.meta.url));
/** BENCH_PROF_LOAD=<dir>: CPU profiles of the load-generator processes (the clients' side of the cost). */
const LOAD_PROF = process.env.BENCH_PROF_LOAD ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF_LOAD] : [];
/** How long the school's 2000 clients send before measuring starts: the first second is a cold start. */
const SCHOOL_WARMUP_MS = Number(process.env.BENCH_SCHOOL_WARMUP_MS ?? 3000);
/** How long the scale-out's clients wait after the window for every op to be done and delivered. */
const SCALE_DRAIN_MS = Number(process.env.BENCH_SCALE_DRAIN_MS ?? 180_000);

/**
 * The floor: what this machine gives when almost nothing is done per op. A plain WebSocket server (no
 * socket.io framing, acks, validation, ordering or storage) whose clients name their room in the URL;
 * each room's ops wait at most 25 ms and go out as one frame, as the room server's do under load; its
 * clients (`sync-load.ts`) are plain WebSockets too. If this misses a target, no room server here meets it.
 */
function serveFloor(): WebSocketServer {
  const rooms = new Map<string, Set<WebSocket>>();
  const pending = new Map<string, unknown[]>();
  const flush = (room: string) => {
    const frame = JSON.stringify(pending.get(room));
    pending.delete(room);
    for (const ws of rooms.get(room) ?? []) ws.send(frame);
  };
  const wss = new WebSocketServer({ port: 0, perMessageDeflate: false });
  wss.on("connection", (ws, req) => {
    const room = new URL(req.url ?? "/", "http://floor").searchParams.get("room") ?? "";
    const members = rooms.get(room) ?? new Set();
    rooms.set(room, members.add(ws));
    ws.on("close", () => members.delete(ws));
    ws.on("message", (data) => {
      const op: unknown = JSON.parse(String(data));
      const list = pending.get(room);
      if (list) list.push(op);
      else {
        pending.set(room, [op]);
        setTimeout(() => flush(room), 25);
      }
    });
  });
  return wss;
}

async function serve(): Promise<void> {
  const running = await startServer({
    port: 0,
    next: false,
    dataDir: mkdtempSync(join(tmpdir(), "dockside-bench-")),
    logLevel: "warn",
    socketLimits: { address: LIFTED_ADDRESS_LIMITS },
  });
  // The baseline: join a room, relay each payload to the others. Nothing else.
  const bare = new Server({ maxHttpBufferSize: 1_000_000 });
  bare.on("connection", (s) => {
    s.on("join", (room: string, ack: () => void) => {
      s.join(room);
      ack();
    });
    s.on("op", (room: string, payload: unknown) => {
      s.to(room).emit("op", payload);
    });
  });
  bare.listen(0);
  const barePort = (bare.httpServer.address() as { port: number }).port;
  const floor = serveFloor();
  await new Promise((r) => floor.once("listening", r));
  const floorPort = (floor.address() as { port: number }).port;
  process.stdout.write(`PORTS ${running.port} ${barePort} ${floorPort}\n`);
  // A normal exit, so that --cpu-prof writes its profile.
  process.on("SIGTERM", () => process.exit(0));
  // Garbage collection in this process: its total pause, and the longest pause since the last STATS.
  const gc = { ms: 0, longestMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.ms += e.duration;
      gc.longestMs = Math.max(gc.longestMs, e.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  // "STATS" on stdin: this process's CPU time so far and the ops it committed, for the per-op arithmetic.
  process.stdin.on("data", () => {
    const cpu = process.cpuUsage();
    // How far broadcasts were batched: ops per packet so far, and whether rooms batch right now.
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(running.metrics())?.[1] ?? 0);
    const broadcast = { packets: gauge("dockside_broadcast_packets_total"), ops: gauge("dockside_broadcast_ops_total") };
    process.stdout.write(
      `STATS ${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, loopMs: performance.eventLoopUtilization().active, ...broadcast, committed: running.rooms.stats.committed, rejected: running.rooms.stats.rejected, rssMb: process.memoryUsage().rss / 2 ** 20, gcMs: gc.ms, gcLongestMs: gc.longestMs })}\n`,
    );
    gc.longestMs = 0;
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const r2 = (x: number) => Number(x.toFixed(2));
const r3 = (x: number) => Number(x.toFixed(3));

interface Scenario {
  rooms: number;
  perRoom: number;
  /** How many clients of each room send. */
  senders: number;
  hz: number;
  /** Sending before measuring starts. */
  warmupMs: number;
}

/**
 * Runs one scenario against the room server, the bare broadcast or the floor relay, with
 * its rooms dealt out to load-generator processes (`bench/sync-load.ts`), so that receiving the
 * broadcasts does not compete with sending them in one event loop.
 */
/**
 * How bunched the measured sends were: the busiest 10 ms slice of the period against the mean slice, the
 * load processes' slices added up. Senders spread at random give about 1.3; a load process that falls
 * behind and bunches them, more.
 */
function bunching(slices: number[][]): number {
  const total = (slices[0] ?? []).map((_, i) => slices.reduce((t, s) => t + (s[i] ?? 0), 0));
  const mean = total.reduce((a, b) => a + b, 0) / Math.max(1, total.length);
  return mean > 0 ? Number((Math.max(...total) / mean).toFixed(2)) : 0;
}

/** `loopMs`: time the main thread's event loop was busy (not waiting for I/O). */
type ServerStats = { cpuMs: number; loopMs: number; committed: number; packets: number; ops: number; rssMb: number; gcMs: number; gcLongestMs: number };
type RunResult = {
  lat: Float64Array;
  acks: Float64Array;
  server?: ServerStats & { wallMs: number };
  /** Sends in the busiest 10 ms slice of the period against the mean (see `bunching`). */
  bunching?: number;
  /** The load generators together: CPU, ops sent, ops received (all clients, whole run). */
  load?: { cpuMs: number; sent: number; sentMeasured: number; arrived: number; done: number; wallMs: number };
  /**
   * Of the deliveries owed for the ops sent while measuring, the share that arrived (each copy counted
   * once, however late, until the drain ends), and the copies that arrived more than once.
   */
  delivered?: number;
  duplicates?: number;
  /** Measured ops the server refused, by code; owed deliveries missing at the drain's end, of ops done and not. */
  refused?: Record<string, number>;
  missing?: { ofDone: number; ofUndone: number };
};

async function run(
  ports: Record<Target, number>,
  sc: Scenario,
  target: Target,
  probe?: () => Promise<ServerStats>,
  scale?: { appB: number; drainMs: number },
): Promise<RunResult> {
  const n = Math.max(1, Math.min(sc.rooms, WORKERS));
  const loaders = Array.from({ length: n }, () =>
    fork(LOAD, ["--load"], { execArgv: [...LOAD_PROF, "--import", "tsx"], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const ready = loaders.map((w) => new Promise<void>((done) => w.on("message", (m: LoadMessage) => "ready" in m && done())));
  const results = loaders.map(
    (w) =>
      new Promise<Extract<LoadMessage, { lat: Float64Array }>>((done, fail) => {
        w.on("message", (m: LoadMessage) => "lat" in m && done(m));
        w.on("exit", (code) => fail(new Error(`load generator exited ${code}`)));
      }),
  );
  loaders.forEach((w, i) => {
    const rooms = Math.floor(sc.rooms / n) + (i < sc.rooms % n ? 1 : 0);
    const task: LoadTask = { ports, ...sc, rooms, target, warmupMs: sc.warmupMs, measureMs: SECONDS * 1000, tag: `${target}${i}`, ...scale };
    w.send({ task });
  });
  // The server is read when the first load generator opens and closes its measured window.
  const windowAt = (edge: "start" | "end") =>
    new Promise<{ stats: ServerStats | undefined; at: number }>((done) => {
      const hear = (m: LoadMessage) => {
        if (!("window" in m) || m.window !== edge) return;
        loaders[0]?.off("message", hear);
        const at = performance.now();
        void (probe?.() ?? Promise.resolve(undefined)).then((stats) => done({ stats, at }));
      };
      loaders[0]?.on("message", hear);
    });
  await Promise.all(ready);
  const opened = windowAt("start");
  const closed = windowAt("end");
  const t0 = performance.now();
  for (const w of loaders) w.send({ go: true });
  const [before, after] = [await opened, await closed];
  const parts = await Promise.all(results);
  const server =
    before.stats && after.stats
      ? {
          cpuMs: after.stats.cpuMs - before.stats.cpuMs,
          loopMs: after.stats.loopMs - before.stats.loopMs,
          packets: after.stats.packets - before.stats.packets,
          ops: after.stats.ops - before.stats.ops,
          committed: after.stats.committed - before.stats.committed,
          rssMb: after.stats.rssMb,
          gcMs: after.stats.gcMs - before.stats.gcMs,
          gcLongestMs: after.stats.gcLongestMs,
          wallMs: after.at - before.at,
        }
      : undefined;
  for (const w of loaders) w.kill();
  const join = (k: "lat" | "acks") => {
    const all = new Float64Array(parts.reduce((t, p) => t + p[k].length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p[k], at);
      at += p[k].length;
    }
    return all.sort();
  };
  const sum = (k: "cpuMs" | "sent" | "sentMeasured" | "arrived" | "owed" | "delivered" | "duplicates" | "done" | "missingDone" | "missingUndone") =>
    parts.reduce((t, p) => t + p[k], 0);
  const load = {
    cpuMs: sum("cpuMs"),
    sent: sum("sent"),
    sentMeasured: sum("sentMeasured"),
    arrived: sum("arrived"),
    done: sum("done"),
    wallMs: performance.now() - t0,
  };
  const owed = sum("owed");
  const refused: Record<string, number> = {};
  for (const p of parts) for (const [code, k] of Object.entries(p.refused)) refused[code] = (refused[code] ?? 0) + k;
  return {
    refused,
    missing: { ofDone: sum("missingDone"), ofUndone: sum("missingUndone") },
    bunching: bunching(parts.map((p) => p.slices)),
    lat: join("lat"),
    acks: join("acks"),
    load,
    delivered: owed > 0 ? sum("delivered") / owed : 0,
    duplicates: sum("duplicates"),
    ...(server ? { server } : {}),
  };
}

async function main(): Promise<void> {
  // BENCH_PROF=<dir>: write a CPU profile of the room server there (node --cpu-prof).
  const prof = process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : [];
  const child = spawn(
    process.execPath,
    [...prof, ...(process.env.BENCH_SERVER_FLAGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", fileURLToPath(import.meta.url), "--serve"],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  let waiting: ((s: ServerStats) => void) | null = null;
  child.stdout?.on("data", (d) => {
    out += String(d);
    const m = /STATS (\{.*\})\n/.exec(out);
    if (m && waiting) {
      out = out.slice((m.index ?? 0) + m[0].length);
      waiting(JSON.parse(m[1] as string));
      waiting = null;
    }
  });
  const serverStats = () =>
    new Promise<ServerStats>((done) => {
      waiting = done;
      child.stdin?.write("STATS\n");
    });
  const ports = await new Promise<Record<Target, number>>((done, fail) => {
    child.stdout?.on("data", () => {
      const m = /PORTS (\d+) (\d+) (\d+)/.exec(out);
      if (m) done({ app: Number(m[1]), bare: Number(m[2]), floor: Number(m[3]) });
    });
    child.on("exit", (code) => fail(new Error(`server exited ${code}`)));
  });
  try {
    const presenter: Scenario = { rooms: 1, perRoom: 40, senders: 1, hz: 60, warmupMs: 1000 };
    const room: Scenario = { rooms: 1, perRoom: 40, senders: 40, hz: 10, warmupMs: 1000 };
    const school: Scenario = { rooms: 50, perRoom: 40, senders: 40, hz: 2, warmupMs: SCHOOL_WARMUP_MS };
    // BENCH_ONLY=school skips the others (their figures print as null), for profiling; BENCH_ONLY=scale
    // runs only the scale-out.
    const only = process.env.BENCH_ONLY;
    const none: RunResult = { lat: new Float64Array(), acks: new Float64Array() };
    const pick = (name: string, sc: Scenario, target: Target): Promise<RunResult> =>
      !only || only === name ? run(ports, sc, target, target === "app" ? serverStats : undefined) : Promise.resolve(none);
    const pBare = await pick("presenter", presenter, "bare");
    const pApp = await pick("presenter", presenter, "app");
    const rBare = await pick("room", room, "bare");
    const rApp = await pick("room", room, "app");
    // The school baseline too, and the floor: whether a bare relay, or the least any relay could do, keeps
    // up on this machine says what the figure measures.
    const sFloor = await pick("school", school, "floor");
    const sBare = await pick("school", school, "bare");
    const sApp = await pick("school", school, "app");
    // BENCH_SCALE_OUT=1: the school again, over two processes on PostgreSQL and Redis (bench/sync-scale.ts).
    const scaled =
      process.env.BENCH_SCALE_OUT && (!only || only === "scale")
        ? await scaleOut(async (appA, appB) => {
            // Correctness, not speed: the clients wait (up to BENCH_SCALE_DRAIN_MS) until every op is done.
            const r = await run({ ...ports, app: appA }, school, "app", undefined, { appB, drainMs: SCALE_DRAIN_MS });
            return { r, sent: r.load?.sent ?? 0, done: r.load?.done ?? 0, delivered: r.delivered ?? 0, duplicates: r.duplicates ?? 0 };
          })
        : null;
    const out = {
      presenter: { p50Ms: r2(percentile(pApp.lat, 50)), p99Ms: r2(percentile(pApp.lat, 99)), baselineP99Ms: r2(percentile(pBare.lat, 99)) },
      room: { clients: 40, hz: 10, p50Ms: r2(percentile(rApp.lat, 50)), p99Ms: r2(percentile(rApp.lat, 99)), baselineP99Ms: r2(percentile(rBare.lat, 99)) },
      // A p99 over the deliveries that arrived says little if many did not: `delivered` says how many did.
      school: {
        clients: 2000,
        rooms: 50,
        p99Ms: r2(percentile(sApp.lat, 99)),
        baselineP99Ms: r2(percentile(sBare.lat, 99)),
        delivered: r3(sApp.delivered ?? 0),
        duplicates: sApp.duplicates ?? 0,
        // Ops the server refused (owed to nobody, so not in `delivered`), which should be none at this load.
        refused: Object.values(sApp.refused ?? {}).reduce((a, b) => a + b, 0),
        // The room server in the measured window: CPU per committed op (writer thread included) and the
        // share of the time its event loop was busy.
        serverCpuPerOpUs: sApp.server ? r2((sApp.server.cpuMs * 1000) / sApp.server.committed) : null,
        serverLoopUtilisation: sApp.server ? r2(sApp.server.loopMs / sApp.server.wallMs) : null,
        baselineDelivered: r3(sBare.delivered ?? 0),
        floorP50Ms: r2(percentile(sFloor.lat, 50)),
        floorP99Ms: r2(percentile(sFloor.lat, 99)),
        floorDelivered: r3(sFloor.delivered ?? 0),
        floorDuplicates: sFloor.duplicates ?? 0,
      },
    };
    const outScaled = scaled && {
      // Two processes, each room's clients split between them.
      scaleOut: {
        processes: 2,
        p50Ms: r2(percentile(scaled.r.lat, 50)),
        p99Ms: r2(percentile(scaled.r.lat, 99)),
        delivered: r3(scaled.delivered),
        duplicates: scaled.duplicates,
        // Ops the clients sent, those done for their authors, and those PostgreSQL holds: equal when
        // none was lost or stored twice.
        opsSent: scaled.sent,
        opsDone: scaled.done,
        opsCommitted: scaled.committed,
      },
    };
    if (process.env.BENCH_VERBOSE) {
      const expected = (sc: Scenario) => sc.rooms * sc.senders * sc.hz * SECONDS * (sc.perRoom - 1);
      console.error({
        workers: WORKERS,
        samples: { pApp: pApp.lat.length, rApp: rApp.lat.length, sApp: sApp.lat.length, sExpected: expected(school) },
        schoolP50: r2(percentile(sApp.lat, 50)),
        // Where the tail starts: p50, p90, p95, p99, p99.9 of the school and of the floor.
        schoolSpread: {
          app: [50, 90, 95, 99, 99.9].map((p) => r2(percentile(sApp.lat, p))),
          floor: [50, 90, 95, 99, 99.9].map((p) => r2(percentile(sFloor.lat, p))),
        },
        // Why a delivery is missing: refused ops (by code), and owed copies of ops that were done or not.
        schoolRefused: sApp.refused,
        schoolMissing: sApp.missing,
        // How evenly the school's clients sent (busiest 10 ms of the period / mean): app and floor runs.
        schoolBunching: { app: sApp.bunching, floor: sFloor.bunching },
        schoolBaselineP50: r2(percentile(sBare.lat, 50)),
        schoolBaselineSamples: sBare.lat.length,
        // The load processes' CPU (cores) while running the school against the room server and the floor.
        schoolLoadCores: {
          app: sApp.load && r2(sApp.load.cpuMs / sApp.load.wallMs),
          floor: sFloor.load && r2(sFloor.load.cpuMs / sFloor.load.wallMs),
        },
        // The author's ack waits for the disk; the others do not.
        ackP50P99: {
          presenter: [r2(percentile(pApp.acks, 50)), r2(percentile(pApp.acks, 99))],
          room: [r2(percentile(rApp.acks, 50)), r2(percentile(rApp.acks, 99))],
          school: [r2(percentile(sApp.acks, 50)), r2(percentile(sApp.acks, 99))],
        },
        // The room server during each run (from "go" to the last report): CPU per committed op, cores.
        server: Object.fromEntries(
          Object.entries({ presenter: pApp, room: rApp, school: sApp }).map(([k, v]) => [
            k,
            v.server && {
              committed: v.server.committed,
              cpuPerOpUs: r2((v.server.cpuMs * 1000) / v.server.committed),
              cores: r2(v.server.cpuMs / v.server.wallMs),
              mainThreadBusy: r2(v.server.loopMs / v.server.wallMs),
              opsPerPacket: r2(v.server.ops / v.server.packets),
              // The room server's resident memory at the window's end (50 rooms of 40 for the school).
              rssMb: r2(v.server.rssMb),
              // Garbage collection in the window: its share of the time, and its longest pause.
              gcShare: r2(v.server.gcMs / v.server.wallMs),
              gcLongestMs: r2(v.server.gcLongestMs),
            },
          ]),
        ),
        // The load generators during the school run: CPU per message received, and cores used.
        schoolLoad: sApp.load && {
          ...sApp.load,
          cpuPerArrivalUs: r2((sApp.load.cpuMs * 1000) / sApp.load.arrived),
          cores: r2(sApp.load.cpuMs / sApp.load.wallMs),
        },
        loadavg: loadavg().map(r2),
      });
    }
    process.stdout.write(`${JSON.stringify({ ...out, ...outScaled })}\n`);
  } finally {
    child.kill("SIGTERM");
  }
  if (prof.length > 0) await new Promise((r) => child.on("exit", r));
  process.exit(0);
}

if (process.argv.includes("--serve")) void serve();
else void main();
