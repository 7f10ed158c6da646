/**
 * `BENCH_SCALE_OUT=1 npm run bench:sync`: the school split over two room server processes sharing
 * PostgreSQL (the order and the log) and Redis (broadcasts between processes), each room's clients
 * dealt alternately to the two. On one machine this measures correctness under load, not speed: every
 * op sent must be committed once, done for its author, and delivered once to every other client.
 *
 * Needs BENCH_DATABASE_URL (a PostgreSQL server; a fresh database is made there for each run and
 * dropped after) and BENCH_REDIS_URL (TEST_DATABASE_URL and TEST_REDIS_URL are used when those are unset).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { LIFTED_ADDRESS_LIMITS } from "../server/limits";
import { startServer } from "../server/main";

const DB_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "";
const REDIS_URL = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL || "";

/** One room server process of the pair (this file with `--serve`). */
async function serveShared(): Promise<void> {
  const running = await startServer({
    port: 0,
    next: false,
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    logLevel: "warn",
    socketLimits: { address: LIFTED_ADDRESS_LIMITS },
  });
  process.stdout.write(`LISTENING ${running.port}\n`);
  process.on("SIGTERM", () => {
    void running.close().finally(() => process.exit(0));
  });
}

function spawnServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((done, fail) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += String(d);
      const m = /LISTENING (\d+)/.exec(out);
      if (m) done({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => fail(new Error(`room server exited ${code}`)));
  });
}

/** What the run's clients counted (whole run): ops sent and done, deliveries owed, arrived once and twice. */
export interface ScaleCounts {
  sent: number;
  done: number;
  delivered: number;
  duplicates: number;
}

/**
 * Runs `school` against two processes on a fresh database, then reads from PostgreSQL how many ops were
 * committed: seqs are given without gaps, so the sum of each room's last seq is every op ever stored.
 */
export async function scaleOut<T extends ScaleCounts>(school: (appA: number, appB: number) => Promise<T>): Promise<T & { committed: number; rooms: number }> {
  if (!DB_URL || !REDIS_URL) throw new Error("BENCH_SCALE_OUT needs BENCH_DATABASE_URL and BENCH_REDIS_URL (PostgreSQL and Redis)");
  const name = `dockside_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: DB_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(DB_URL);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString(), REDIS_URL };
  const servers = await Promise.all([spawnServer(env), spawnServer(env)]);
  try {
    const [a, b] = servers as [{ port: number }, { port: number }];
    const out = await school(a.port, b.port);
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const r = await db.query<{ rooms: string; committed: string | null }>(
      "SELECT count(*) AS rooms, sum(last) AS committed FROM (SELECT max(seq) AS last FROM dockside_ops GROUP BY room_id) AS r",
    );
    await db.end();
    return { ...out, rooms: Number(r.rows[0]?.rooms ?? 0), committed: Number(r.rows[0]?.committed ?? 0) };
  } finally {
    const exited = servers.map((s) => new Promise((done) => s.child.on("exit", done)));
    for (const s of servers) s.child.kill("SIGTERM");
    await Promise.all(exited);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

if (process.argv.includes("--serve")) void serveShared();
