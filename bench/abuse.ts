/**
 * `npm run bench:abuse`: the hostile patterns of issue 12 against a live server (its own process, as in
 * production) while 40 well-behaved clients edit in 8 rooms. Prints one JSON object: the bystanders'
 * ack latencies (p50/p99/max), how many of them were disconnected, the server's heap (sampled from
 * /metrics) and what each hostile pattern got back.
 *
 *   npx tsx bench/abuse.ts [--seconds 20]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io, type Socket } from "socket.io-client";
import { CLASS_EV, EV, type JoinAck, type OpAck } from "../lib/sync/events";
import { killHard, spawnServer } from "../tests/integration/process";
import { round } from "./stats";

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const seconds = Number(arg("--seconds") ?? 20);
/** `--only NAME[,NAME]` runs some of the hostile patterns (to find which one costs what). */
const only = (name: string) => !arg("--only") || (arg("--only") as string).split(",").includes(name);
const HEAP_CEILING_MB = 384;
const sockets: Socket[] = [];
const sock = (url: string, extra: Record<string, unknown> = {}) => {
  const s = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, ...extra });
  sockets.push(s);
  return s;
};
const ask = <T>(s: Socket, ev: string, body: unknown, ms = 20_000) => s.timeout(ms).emitWithAck(ev, body) as Promise<T>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number) : 0;
};

async function heapMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^dockside_heap_used_bytes (\d+)/m.exec(text)?.[1] ?? 0) / 1024 / 1024;
}

/** 40 editors in 8 rooms, one move every 250 ms each; every ack's latency is recorded. */
async function bystanders(url: string, until: () => boolean) {
  const latencies: number[] = [];
  let disconnected = 0;
  let refused = 0;
  type Made = { ok: true; roomId: string; inviteCode: string; token: string };
  const rooms: Made[] = [];
  for (let r = 0; r < 8; r++) {
    const s = sock(url);
    const made = await ask<Made>(s, EV.create, { name: `Owner ${r}` });
    s.disconnect();
    rooms.push(made);
  }
  const clients = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const room = rooms[i % 8] as Made;
      const s = sock(url);
      const joined = await ask<JoinAck>(s, EV.join, { roomId: room.roomId, name: `Student ${i}`, invite: room.inviteCode, clientId: `b${i}` });
      if (!joined.ok) throw new Error(`bystander ${i}: ${joined.error}`);
      s.on("disconnect", () => disconnected++);
      return s;
    }),
  );
  await Promise.all(
    clients.map(async (s, i) => {
      for (let n = 0; until(); n++) {
        const t0 = performance.now();
        const ack = await ask<OpAck>(s, EV.op, {
          clientId: `b${i}`,
          key: `b${i}:${n}`,
          baseSeq: 0,
          op: { type: "layout.move", id: "m-host", position: { x: n, y: i } },
        }).catch(() => null);
        if (ack && "committed" in ack) latencies.push(performance.now() - t0);
        else refused++;
        await sleep(250);
      }
    }),
  );
  return {
    clients: 40,
    acks: latencies.length,
    refused,
    disconnected,
    p50Ms: round(pct(latencies, 50), 1),
    p99Ms: round(pct(latencies, 99), 1),
    maxMs: round(Math.max(...latencies), 1),
  };
}

function heavyExercise(n: number) {
  const setup = Array.from({ length: n / 40 }, (_, i) => Array.from({ length: 40 }, (_, j) => `docker run -d --name c${i}_${j} alpine`).join("; "));
  return {
    id: "heavy",
    title: "Heavy",
    summary: "s",
    instructions: "i",
    level: "beginner",
    goals: [{ kind: "published", title: "t", hint: "h", container: "c0_0" }],
    setup,
    solution: ["docker ps"],
  };
}

/** Each hostile pattern once or in a burst; what the server answered, counted by code. */
async function hostile(url: string) {
  const tally = (into: Record<string, number>, code: string) => {
    into[code] = (into[code] ?? 0) + 1;
  };
  const out: Record<string, Record<string, number>> = {};
  const room = await ask<{ ok: true; roomId: string; inviteCode: string; token: string }>(sock(url), EV.create, { name: "Target" });
  const attacker = sock(url);
  const me = await ask<JoinAck>(attacker, EV.join, { roomId: room.roomId, name: "Eve", invite: room.inviteCode });
  if (!me.ok) throw new Error(me.error);
  const runs = [
    only("classCreate2000Runs") &&
      (async () => {
        out.classCreate2000Runs = {};
        const t = sock(url);
        const acks = await Promise.all(
          [0, 1, 2].map(() =>
            ask<{ ok: boolean; code?: string }>(t, CLASS_EV.create, { teacher: "T", exercise: heavyExercise(2000), groupSize: 1 }, 60_000).catch(() => ({
              ok: false,
              code: "timeout",
            })),
          ),
        );
        for (const a of acks) tally(out.classCreate2000Runs as Record<string, number>, a.ok ? "ok" : (a.code ?? "?"));
      })(),
    only("docReplace900KB") &&
      (async () => {
        out.docReplace900KB = {};
        const layout = Object.fromEntries(Array.from({ length: 9000 }, (_, i) => [`${"e".repeat(60)}${String(i).padStart(4, "0")}`, { x: i, y: i }]));
        const doc = { ...(me.snapshot?.doc ?? {}), layout };
        const a = await ask<OpAck>(attacker, EV.op, { clientId: "eve", key: "replace", baseSeq: 0, op: { type: "doc.replace", doc } }).catch(() => null);
        tally(out.docReplace900KB, a && "rejected" in a ? a.code : a ? "committed" : "dropped");
      })(),
    only("roomCreateFlood") &&
      (async () => {
        out.roomCreateFlood = {};
        for (let c = 0; c < 20; c++) {
          const s = sock(url);
          const acks = await Promise.all(
            Array.from({ length: 20 }, () => ask<{ ok: boolean; code?: string }>(s, EV.create, { name: "Spam" }).catch(() => ({ ok: false, code: "timeout" }))),
          );
          for (const a of acks) tally(out.roomCreateFlood as Record<string, number>, a.ok ? "ok" : (a.code ?? "?"));
          s.disconnect();
        }
      })(),
    only("doubleJoins") &&
      (async () => {
        out.doubleJoins = {};
        for (let i = 0; i < 50; i++) {
          const s = sock(url);
          const acks = await Promise.all(
            [0, 1].map(() => ask<JoinAck>(s, EV.join, { roomId: room.roomId, name: "Ghost", token: me.token, clientId: `g${i}` })),
          );
          for (const a of acks) tally(out.doubleJoins as Record<string, number>, a.ok ? "ok" : a.code);
          s.disconnect();
        }
      })(),
    only("syncFlood") &&
      (async () => {
        out.syncFlood = {};
        const acks = await Promise.all(
          Array.from({ length: 200 }, () => ask<{ ok: boolean; code?: string }>(attacker, EV.sync, { since: 0 }).catch(() => ({ ok: false, code: "timeout" }))),
        );
        for (const a of acks) tally(out.syncFlood, a.ok ? "ok" : (a.code ?? "?"));
      })(),
    only("presenceFrom60Sockets") &&
      (async () => {
        out.presenceFrom60Sockets = {};
        const tabs = await Promise.all(
          Array.from({ length: 60 }, async (_, i) => {
            const s = sock(url);
            const a = await ask<JoinAck>(s, EV.join, { roomId: room.roomId, name: "Eve", token: me.token, clientId: `p${i}` });
            tally(out.presenceFrom60Sockets as Record<string, number>, a.ok ? "joined" : a.code);
            return s;
          }),
        );
        for (let k = 0; k < 100; k++) {
          for (const s of tabs) s.emit(EV.presence, { cursor: { x: k, y: k }, selection: ["x".repeat(200)], viewport: null });
          await sleep(10);
        }
      })(),
    only("opFlood") &&
      (async () => {
        out.opFlood = {};
        const acks = await Promise.all(
          Array.from({ length: 1000 }, (_, i) =>
            ask<OpAck>(attacker, EV.op, { clientId: "eve", key: `f${i}`, baseSeq: 0, op: { type: "doc.setTitle", title: `t${i}` } }).catch(() => null),
          ),
        );
        for (const a of acks) tally(out.opFlood as Record<string, number>, a && "rejected" in a ? a.code : a ? "committed" : "dropped");
      })(),
  ];
  await Promise.all(runs);
  return out;
}

async function main() {
  const server = await spawnServer({ DATA_DIR: mkdtempSync(join(tmpdir(), "dockside-abuse-")), LOG_LEVEL: "error" });
  let heapMax = 0;
  const sampler = setInterval(() => {
    heapMb(server.url)
      .then((mb) => {
        heapMax = Math.max(heapMax, mb);
      })
      .catch(() => undefined);
  }, 250);
  const end = Date.now() + seconds * 1000;
  try {
    const watch = bystanders(server.url, () => Date.now() < end);
    await sleep(2000);
    const attacks = await hostile(server.url);
    const calm = await watch;
    clearInterval(sampler);
    const result = {
      seconds,
      bystanders: calm,
      targets: { p99Ms: 100, disconnected: 0, heapCeilingMb: HEAP_CEILING_MB },
      met: calm.p99Ms <= 100 && calm.disconnected === 0 && heapMax <= HEAP_CEILING_MB,
      serverHeapMaxMb: round(heapMax, 1),
      hostile: attacks,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    for (const s of sockets) s.disconnect();
    await killHard(server);
  }
}

await main();
