/**
 * `npm run bench:sync`: latency of room sync on loopback, from an op's send to its arrival at each
 * receiver, next to a bare socket.io broadcast of the same payloads measured in the same run.
 *
 * The servers run in a child process (this file with `--serve`), so clients and server do not share
 * one event loop. Prints one JSON object; see docs/benchmarks.md.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Server } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { type CreateRoomAck, EV, type JoinAck, type RemoteOp } from "../lib/sync/events";
import { startServer } from "../server/main";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function serve(): Promise<void> {
  const running = await startServer({ port: 0, next: false, dataDir: mkdtempSync(join(tmpdir(), "dockside-bench-")), logLevel: "warn" });
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
  process.stdout.write(`PORTS ${running.port} ${barePort}\n`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const r2 = (x: number) => Number(x.toFixed(2));

function client(port: number): Promise<Socket> {
  const s = io(`http://127.0.0.1:${port}`, { transports: ["websocket"], forceNew: true });
  return new Promise((done) => s.on("connect", () => done(s)));
}

interface Scenario {
  rooms: number;
  perRoom: number;
  /** How many clients of each room send. */
  senders: number;
  hz: number;
}

/** Runs one scenario against the room server (`bare` false) or the bare broadcast (`bare` true). */
async function run(ports: { app: number; bare: number }, sc: Scenario, bare: boolean): Promise<number[]> {
  const sent = new Map<string, number>();
  const lat: number[] = [];
  const sockets: Socket[] = [];
  let measuring = false;
  const onArrive = (key: string) => {
    const t = sent.get(key);
    if (t !== undefined && measuring) lat.push(performance.now() - t);
  };
  const roomSockets: { room: string; socks: Socket[] }[] = [];
  for (let r = 0; r < sc.rooms; r++) {
    const socks: Socket[] = [];
    let room = `bare-${r}`;
    let invite = "";
    let token = "";
    if (!bare) {
      const maker = await client(ports.app);
      const made = (await maker.emitWithAck(EV.create, { name: "Bench" })) as CreateRoomAck;
      if (!made.ok) throw new Error(made.error);
      room = made.roomId;
      invite = made.inviteCode;
      token = made.token;
      maker.disconnect();
    }
    const joins: Promise<void>[] = [];
    for (let i = 0; i < sc.perRoom; i++) {
      joins.push(
        (async () => {
          const s = await client(bare ? ports.bare : ports.app);
          if (bare) await s.emitWithAck("join", room);
          else {
            const ack = (await s.emitWithAck(EV.join, { roomId: room, name: `c${i}`, ...(i === 0 ? { token } : { invite }) })) as JoinAck;
            if (!ack.ok) throw new Error(ack.error);
          }
          s.on("op", (m: RemoteOp | { key: string }) => onArrive(m.key));
          socks[i] = s;
        })(),
      );
      if (joins.length >= 50) await Promise.all(joins.splice(0));
    }
    await Promise.all(joins);
    sockets.push(...socks);
    roomSockets.push({ room, socks });
  }

  let counter = 0;
  const timers: ReturnType<typeof setInterval>[] = [];
  for (const { room, socks } of roomSockets) {
    for (let i = 0; i < sc.senders; i++) {
      const s = socks[i] as Socket;
      // Spread senders over the period so a room's ops do not all leave in the same millisecond.
      const start = Math.random() * (1000 / sc.hz);
      setTimeout(() => {
        timers.push(
          setInterval(() => {
            const key = `${bare ? "b" : "a"}-${counter++}`;
            const op = { type: "layout.move", id: "m-host", position: { x: counter % 1000, y: i } };
            sent.set(key, performance.now());
            if (bare) s.emit("op", room, { seq: counter, op, clientId: `c${i}`, key });
            else s.emit(EV.op, { clientId: `c${i}`, key, baseSeq: 0, op });
          }, 1000 / sc.hz),
        );
      }, start);
    }
  }
  await new Promise((r) => setTimeout(r, 1000));
  measuring = true;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  for (const t of timers) clearInterval(t);
  await new Promise((r) => setTimeout(r, 300));
  for (const s of sockets) s.disconnect();
  return lat.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], { stdio: ["ignore", "pipe", "inherit"] });
  const ports = await new Promise<{ app: number; bare: number }>((done, fail) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += String(d);
      const m = /PORTS (\d+) (\d+)/.exec(out);
      if (m) done({ app: Number(m[1]), bare: Number(m[2]) });
    });
    child.on("exit", (code) => fail(new Error(`server exited ${code}`)));
  });
  try {
    const presenter: Scenario = { rooms: 1, perRoom: 40, senders: 1, hz: 60 };
    const room: Scenario = { rooms: 1, perRoom: 40, senders: 40, hz: 10 };
    const school: Scenario = { rooms: 50, perRoom: 40, senders: 40, hz: 2 };
    const pBare = await run(ports, presenter, true);
    const pApp = await run(ports, presenter, false);
    const rBare = await run(ports, room, true);
    const rApp = await run(ports, room, false);
    const sApp = await run(ports, school, false);
    const out = {
      presenter: { p50Ms: r2(percentile(pApp, 50)), p99Ms: r2(percentile(pApp, 99)), baselineP99Ms: r2(percentile(pBare, 99)) },
      room: { clients: 40, hz: 10, p50Ms: r2(percentile(rApp, 50)), p99Ms: r2(percentile(rApp, 99)), baselineP99Ms: r2(percentile(rBare, 99)) },
      school: { clients: 2000, rooms: 50, p99Ms: r2(percentile(sApp, 99)) },
    };
    if (process.env.BENCH_VERBOSE) console.error({ samples: { pApp: pApp.length, rApp: rApp.length, sApp: sApp.length }, schoolP50: percentile(sApp, 50) });
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    child.kill("SIGTERM");
  }
  process.exit(0);
}

if (process.argv.includes("--serve")) void serve();
else void main();
