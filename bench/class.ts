/**
 * `npm run bench:class`: a class of 40 students, each alone in a room and editing at 2 Hz over real
 * socket.io clients, with the teacher's dashboard subscribed. Measures the time from a student's op
 * leaving the client to the dashboard receiving that room's status with the op in it (goals checked
 * on the server with `lib/exercise`), and the server process's CPU over the run (`process.cpuUsage`,
 * as a percentage of one core).
 *
 * The server runs in a child process (this file with `--serve`) so clients and server do not share an
 * event loop. Prints one JSON object; see docs/benchmarks.md. BENCH_SECONDS sets the measured time
 * (default 10), BENCH_VERBOSE=1 prints sample counts to stderr.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";
import { CLASS_EV, type ClassCreateAck, type ClassJoinAck, type DashboardAck, EV, type JoinAck, type OpAck, type RoomStatus } from "../lib/sync/events";
import { startServer } from "../server/main";

const ROOMS = 40;
const HZ = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_MS = 2000;

async function serve(): Promise<void> {
  const running = await startServer({ port: 0, next: false, dataDir: mkdtempSync(join(tmpdir(), "dockside-bench-class-")), logLevel: "warn" });
  let from = process.cpuUsage();
  let t0 = performance.now();
  process.on("message", (m: string) => {
    if (m === "cpu:start") {
      from = process.cpuUsage();
      t0 = performance.now();
    } else if (m === "cpu:stop") {
      const used = process.cpuUsage(from);
      const wallUs = (performance.now() - t0) * 1000;
      process.send?.({ cpuPct: ((used.user + used.system) / wallUs) * 100 });
    }
  });
  process.send?.({ port: running.port });
}

function client(port: number): Promise<Socket> {
  const s = io(`http://127.0.0.1:${port}`, { transports: ["websocket"], forceNew: true });
  return new Promise((done, fail) => {
    s.on("connect", () => done(s));
    s.on("connect_error", fail);
  });
}

function ask<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  return s.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const r2 = (x: number) => Number(x.toFixed(2));

function message<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => T | undefined): Promise<T> {
  return new Promise((done, fail) => {
    const on = (m: Record<string, unknown>) => {
      const v = pick(m);
      if (v !== undefined) {
        child.off("message", on);
        done(v);
      }
    };
    child.on("message", on);
    child.once("exit", (code) => fail(new Error(`server exited ${code}`)));
  });
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const sockets: Socket[] = [];
  try {
    const port = await message(child, (m) => (typeof m.port === "number" ? m.port : undefined));
    const teacher = await client(port);
    sockets.push(teacher);
    const made = await ask<ClassCreateAck>(teacher, CLASS_EV.create, { teacher: "Bench", exerciseId: "private-database" });
    if (!made.ok) throw new Error(made.error);

    // Dashboard arrivals per room: [seq, time].
    const arrivals = new Map<string, [number, number][]>();
    teacher.on(CLASS_EV.status, (s: RoomStatus) => {
      const list = arrivals.get(s.roomId) ?? [];
      list.push([s.seq, performance.now()]);
      arrivals.set(s.roomId, list);
    });
    const dash = await ask<DashboardAck>(teacher, CLASS_EV.dashboard, { classId: made.classId, teacherToken: made.teacherToken });
    if (!dash.ok) throw new Error(dash.error);

    const students: { s: Socket; roomId: string; hostId: string }[] = [];
    for (let i = 0; i < ROOMS; i++) {
      const s = await client(port);
      sockets.push(s);
      const seat = await ask<ClassJoinAck>(s, CLASS_EV.join, { code: made.code, name: `Student ${i + 1}` });
      if (!seat.ok) throw new Error(seat.error);
      const joined = await ask<JoinAck>(s, EV.join, { roomId: seat.roomId, name: `Student ${i + 1}`, token: seat.token });
      if (!joined.ok) throw new Error(joined.error);
      const hostId = Object.values(joined.snapshot?.doc.machines ?? {}).sort((a, b) => a.order - b.order)[0]?.id;
      if (!hostId) throw new Error("the starting document has no host");
      students.push({ s, roomId: seat.roomId, hostId });
    }

    // Each op: room, send time, and the seq its ack gave it.
    const ops: { roomId: string; sent: number; seq: number | null; measured: boolean }[] = [];
    let measuring = false;
    let counter = 0;
    const timers: ReturnType<typeof setInterval>[] = [];
    for (const st of students) {
      const begin = Math.random() * (1000 / HZ);
      const t = setTimeout(() => {
        timers.push(
          setInterval(() => {
            const n = counter++;
            const rec = { roomId: st.roomId, sent: performance.now(), seq: null as number | null, measured: measuring };
            ops.push(rec);
            const op = { type: "layout.move", id: st.hostId, position: { x: n % 500, y: (n * 7) % 300 } };
            st.s.emit(EV.op, { clientId: "bench", key: `k${n}`, baseSeq: 0, op }, (ack: OpAck) => {
              if ("committed" in ack) rec.seq = ack.seq;
            });
          }, 1000 / HZ),
        );
      }, begin);
      timers.push(t as unknown as ReturnType<typeof setInterval>);
    }
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    measuring = true;
    child.send("cpu:start");
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    measuring = false;
    const cpu = message(child, (m) => (typeof m.cpuPct === "number" ? m.cpuPct : undefined));
    child.send("cpu:stop");
    const serverCpuPct = await cpu;
    for (const t of timers) clearInterval(t);
    // Late arrivals still count (a slow one is a high percentile, not a lost one).
    await new Promise((r) => setTimeout(r, 3000));

    const lat: number[] = [];
    let unanswered = 0;
    for (const o of ops) {
      if (!o.measured) continue;
      const seen = o.seq === null ? undefined : (arrivals.get(o.roomId) ?? []).find(([seq, at]) => seq >= (o.seq as number) && at >= o.sent);
      if (seen) lat.push(seen[1] - o.sent);
      else unanswered++;
    }
    lat.sort((a, b) => a - b);
    if (process.env.BENCH_VERBOSE) console.error({ ops: lat.length, unanswered, p50: percentile(lat, 50), max: lat.at(-1) });
    if (lat.length === 0 || unanswered > lat.length * 0.01) throw new Error(`${unanswered} ops never reached the dashboard (${lat.length} did)`);
    const out = { rooms: ROOMS, studentsPerRoom: 1, dashboardUpdateP99Ms: r2(percentile(lat, 99)), serverCpuPct: r2(serverCpuPct) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    for (const s of sockets) s.disconnect();
    child.kill("SIGTERM");
  }
  process.exit(0);
}

if (process.argv.includes("--serve")) void serve();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
