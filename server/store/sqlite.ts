import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { Doc } from "../../lib/model";
import type { Role } from "../../lib/sync/events";
import type { AppendResult, MemberRecord, RoomMeta, RoomStore, StoredOp, Turn } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (id TEXT PRIMARY KEY, invite_code TEXT NOT NULL, locked INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (room_id TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (room_id, seq));
CREATE TABLE IF NOT EXISTS ops (room_id TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, client_id TEXT NOT NULL, member_id TEXT NOT NULL, op TEXT NOT NULL, PRIMARY KEY (room_id, seq));
CREATE UNIQUE INDEX IF NOT EXISTS ops_key ON ops (room_id, key);
CREATE TABLE IF NOT EXISTS members (room_id TEXT NOT NULL, member_id TEXT NOT NULL, token_hash TEXT NOT NULL, name TEXT NOT NULL, color TEXT NOT NULL, role TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (room_id, member_id));
CREATE INDEX IF NOT EXISTS members_token ON members (room_id, token_hash);
`;

const INSERT_SNAPSHOT = "INSERT INTO snapshots (room_id, seq, doc) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
// Compaction keeps the newest snapshot at or before a seq, and drops the ops it covers and older snapshots.
const KEPT = "(SELECT MAX(seq) FROM snapshots WHERE room_id = ? AND seq <= ?)";
const DROP_OPS = `DELETE FROM ops WHERE room_id = ? AND seq <= ${KEPT}`;
const DROP_SNAPSHOTS = `DELETE FROM snapshots WHERE room_id = ? AND seq < ${KEPT}`;
const INSERT_MEMBER = "INSERT INTO members (room_id, member_id, token_hash, name, color, role, removed) VALUES (?, ?, ?, ?, ?, ?, ?)";
const memberRow = (m: MemberRecord) => [m.roomId, m.memberId, m.tokenHash, m.name, m.color, m.role, m.removed ? 1 : 0] as const;
const keyOf = (roomId: string, key: string) => `${roomId}\u0000${key}`;

/**
 * Every write goes through one queue and one connection (the writer thread's), in order. A write from
 * another connection committed between the writer's read of a key and its insert made SQLite refuse the
 * writer's whole transaction at once ("database is locked", no busy wait), failing the ops of every room
 * in it; and the main thread would wait on the writer's lock (an fsync) for every room it created.
 * An op has its own kind (its key is checked against the log); anything else is a unit of statements,
 * written all or nothing without failing the ops committed with it.
 */
export type Statements = [sql: string, params: unknown[]][];
type Pending =
  | { kind: "op"; roomId: string; op: StoredOp; ordered: boolean; done: (r: AppendResult) => void; fail: (e: unknown) => void }
  | { kind: "sql"; statements: Statements; done: (changes: number) => void; fail: (e: unknown) => void };
/** What the writer answers for each queued write. */
type Written = AppendResult | { changes: number } | { error: string };

type OpRow = {
  seq: number;
  key: string;
  client_id: string;
  member_id: string;
  op: string;
  author: string | null;
  at: number | null;
  command: string | null;
};
type MemberRow = { room_id: string; member_id: string; token_hash: string; name: string; color: string; role: string; removed: number };
const toMember = (r: MemberRow): MemberRecord => ({
  roomId: r.room_id,
  memberId: r.member_id,
  tokenHash: r.token_hash,
  name: r.name,
  color: r.color,
  role: r.role as Role,
  removed: r.removed === 1,
});

/**
 * An op lands only at a free seq above the newest snapshot: compaction deletes the ops a snapshot
 * covers, and without the second check a writer far enough behind could fill one of those seqs again.
 * Parameters: the op's nine columns, then its seq and room again. Also run by the writer thread.
 */
const INSERT_OP =
  "INSERT INTO ops (room_id, seq, key, client_id, member_id, op, author, at, command) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? " +
  "WHERE ? > (SELECT COALESCE(MAX(seq), 0) FROM snapshots WHERE room_id = ?) ON CONFLICT DO NOTHING";

/**
 * SQLite in WAL mode with `synchronous = FULL`: a commit has reached the disk before `appendOp`
 * resolves, so an acked op survives the process being killed (and the machine losing power).
 * Appends are group-committed on a writer thread (`sqlite-writer.mjs`): while one batch is being
 * written, new ops queue up and go together in the next transaction, so one fsync (about 5 ms here)
 * covers them all and the main thread never waits for the disk.
 * One process owns the file; for several processes use PostgreSQL.
 */
export class SqliteStore implements RoomStore {
  readonly kind = "sqlite";
  readonly soleWriter = true;
  private db: Database.Database;
  /** Writes waiting for the next transaction: ops, and members (a join is as durable as an op). */
  private queue: Pending[] = [];
  private inFlight: Pending[] = [];
  /** Keys of ops queued or in flight (`room\0key` → seq), so a duplicate check never scans the queues. */
  private pendingKeys = new Map<string, number>();
  private writer: Worker | null = null;
  private idle: (() => void) | null = null;

  constructor(
    private readonly file: string,
    /** `commitDelayMs`: tests only, to kill the process between an op's broadcast and its commit. */
    private readonly faults: { commitDelayMs: number } = { commitDelayMs: 0 },
  ) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
  }

  private statements = new Map<string, Database.Statement>();
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  damage: string | null = null;

  async init(): Promise<void> {
    // A damaged file (a torn WAL, a bad page) must not be served as if sound: it is reported in the
    // log and in /healthz. quick_check reads every page but skips the costly index cross-checks.
    try {
      const rows = this.db.pragma("quick_check") as { quick_check: string }[];
      const bad = rows.map((r) => r.quick_check).filter((r) => r !== "ok");
      this.damage = bad.length > 0 ? `integrity check failed: ${bad.slice(0, 3).join("; ")}` : null;
    } catch (err) {
      this.damage = `integrity check failed: ${(err as Error).message}`;
    }
    if (this.damage) return;
    this.db.exec(SCHEMA);
    // Author and time came later than the ops table: add them to files made before.
    const cols = new Set((this.db.prepare("PRAGMA table_info(ops)").all() as { name: string }[]).map((c) => c.name));
    if (!cols.has("author")) this.db.exec("ALTER TABLE ops ADD COLUMN author TEXT");
    if (!cols.has("at")) this.db.exec("ALTER TABLE ops ADD COLUMN at INTEGER");
    if (!cols.has("command")) this.db.exec("ALTER TABLE ops ADD COLUMN command TEXT");
    // An in-memory database cannot be shared with another thread; it writes on the main thread.
    if (this.file !== ":memory:") {
      this.writer = new Worker(new URL("./sqlite-writer.mjs", import.meta.url), {
        workerData: { file: this.file, commitDelayMs: this.faults.commitDelayMs, insertOp: INSERT_OP },
      });
      this.writer.on("message", (m: { results?: Written[]; error?: string }) => this.written(m));
      this.writer.unref();
    }
  }

  async createRoom(meta: RoomMeta, doc: Doc, owner: MemberRecord): Promise<void> {
    await this.write([
      ["INSERT INTO rooms (id, invite_code, locked, created_at) VALUES (?, ?, ?, ?)", [meta.id, meta.inviteCode, meta.locked ? 1 : 0, meta.createdAt]],
      [INSERT_SNAPSHOT, [meta.id, 0, JSON.stringify(doc)]],
      [INSERT_MEMBER, [...memberRow(owner)]],
    ]);
  }

  async getRoom(roomId: string): Promise<RoomMeta | null> {
    const r = this.stmt("SELECT id, invite_code, locked, created_at FROM rooms WHERE id = ?").get(roomId) as
      | { id: string; invite_code: string; locked: number; created_at: number }
      | undefined;
    return r ? { id: r.id, inviteCode: r.invite_code, locked: r.locked === 1, createdAt: r.created_at } : null;
  }

  async setLocked(roomId: string, locked: boolean): Promise<void> {
    await this.write([["UPDATE rooms SET locked = ? WHERE id = ?", [locked ? 1 : 0, roomId]]]);
  }

  async setInviteCode(roomId: string, inviteCode: string): Promise<void> {
    await this.write([["UPDATE rooms SET invite_code = ? WHERE id = ?", [inviteCode, roomId]]]);
  }

  async latestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const r = this.stmt("SELECT seq, doc FROM snapshots WHERE room_id = ? ORDER BY seq DESC LIMIT 1").get(roomId) as { seq: number; doc: string } | undefined;
    return r ? { seq: r.seq, doc: JSON.parse(r.doc) as Doc } : null;
  }

  async oldestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const r = this.stmt("SELECT seq, doc FROM snapshots WHERE room_id = ? ORDER BY seq ASC LIMIT 1").get(roomId) as { seq: number; doc: string } | undefined;
    return r ? { seq: r.seq, doc: JSON.parse(r.doc) as Doc } : null;
  }

  async opsAfter(roomId: string, since: number, limit = 1_000_000): Promise<StoredOp[]> {
    const rows = this.db
      .prepare("SELECT seq, key, client_id, member_id, op, author, at, command FROM ops WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?")
      .all(roomId, since, limit) as OpRow[];
    return rows.map((r) => ({
      seq: r.seq,
      key: r.key,
      clientId: r.client_id,
      memberId: r.member_id,
      op: JSON.parse(r.op),
      ...(r.author !== null ? { name: r.author } : {}),
      ...(r.at !== null ? { at: r.at } : {}),
      ...(r.command !== null ? { command: r.command } : {}),
    }));
  }

  appendOp(roomId: string, op: StoredOp, opts?: { ordered?: boolean }): Promise<AppendResult> {
    return new Promise((done, fail) => {
      this.pendingKeys.set(keyOf(roomId, op.key), op.seq);
      this.enqueue({ kind: "op", roomId, op, ordered: opts?.ordered === true, done, fail });
    });
  }

  private enqueue(p: Pending): void {
    this.queue.push(p);
    if (this.queue.length === 1 && this.inFlight.length === 0) setImmediate(() => this.flush());
  }

  private settle(batch: Pending[], results: Written[] | null, error?: unknown): void {
    for (const [i, b] of batch.entries()) {
      if (b.kind === "op") this.pendingKeys.delete(keyOf(b.roomId, b.op.key));
      if (results === null) b.fail(error);
      else if (b.kind === "op") b.done(results[i] as AppendResult);
      else {
        const r = results[i] as Written;
        if ("error" in r) b.fail(new Error(r.error));
        else b.done("changes" in r ? r.changes : 0);
      }
    }
  }

  private flush(): void {
    if (this.inFlight.length > 0 || this.queue.length === 0) return;
    const batch = this.queue.splice(0);
    if (!this.writer) {
      let results: Written[];
      try {
        results = this.db
          .transaction(() =>
            batch.map((b): Written => {
              if (b.kind === "op") return this.appendNow(b.roomId, b.op, b.ordered);
              try {
                return { changes: this.unitNow(b.statements) };
              } catch (err) {
                return { error: String(err) };
              }
            }),
          )
          .immediate();
      } catch (err) {
        this.settle(batch, null, err);
        return;
      }
      this.settle(batch, results);
      return;
    }
    this.inFlight = batch;
    this.writer.ref();
    this.writer.postMessage(
      batch.map((b) =>
        b.kind === "sql"
          ? { sql: b.statements }
          : {
              roomId: b.roomId,
              seq: b.op.seq,
              key: b.op.key,
              clientId: b.op.clientId,
              memberId: b.op.memberId,
              op: JSON.stringify(b.op.op),
              author: b.op.name ?? null,
              at: b.op.at ?? null,
              command: b.op.command ?? null,
              ordered: b.ordered,
            },
      ),
    );
  }

  private written(m: { results?: Written[]; error?: string }): void {
    const batch = this.inFlight;
    this.inFlight = [];
    this.writer?.unref();
    this.settle(batch, m.results ?? null, new Error(m.error ?? "write failed"));
    if (this.queue.length > 0) this.flush();
    else if (this.idle) this.idle();
  }

  private appendNow(roomId: string, op: StoredOp, ordered: boolean): AppendResult {
    const dup = this.keySeq(roomId, op.key);
    if (dup !== null && !ordered) return { ok: false, duplicate: dup };
    const info = this.db
      .prepare(INSERT_OP)
      .run(
        roomId,
        op.seq,
        dup !== null ? `${op.key}#${op.seq}` : op.key,
        op.clientId,
        op.memberId,
        JSON.stringify(op.op),
        op.name ?? null,
        op.at ?? null,
        op.command ?? null,
        op.seq,
        roomId,
      );
    if (info.changes === 1) return { ok: true };
    const again = this.keySeq(roomId, op.key);
    return again !== null ? { ok: false, duplicate: again } : { ok: false, conflict: true };
  }

  private keySeq(roomId: string, key: string): number | null {
    const r = this.stmt("SELECT seq FROM ops WHERE room_id = ? AND key = ?").get(roomId, key) as { seq: number } | undefined;
    return r ? r.seq : null;
  }

  /** The only writer: every append is already this process's turn. */
  beginTurn(_roomId: string): Promise<Turn> {
    return Promise.resolve({
      opsAfter: (roomId, since, limit) => this.opsAfter(roomId, since, limit),
      latestSnapshot: (roomId) => this.latestSnapshot(roomId),
      appendOp: (roomId, op) => this.appendOp(roomId, op),
      seqOfKey: (roomId, key) => this.seqOfKey(roomId, key),
      saveSnapshot: (roomId, seq, doc) => this.saveSnapshot(roomId, seq, doc),
      compact: (roomId, upTo) => this.compact(roomId, upTo),
      end: () => Promise.resolve(),
    });
  }

  async seqOfKey(roomId: string, key: string): Promise<number | null> {
    const stored = this.keySeq(roomId, key);
    if (stored !== null) return stored;
    return this.pendingKeys.get(keyOf(roomId, key)) ?? null;
  }

  /** Written after every op queued before it (in the same transaction or a later one). */
  async saveSnapshot(roomId: string, seq: number, doc: Doc): Promise<void> {
    await this.write([[INSERT_SNAPSHOT, [roomId, seq, JSON.stringify(doc)]]]);
  }

  async compact(roomId: string, upTo: number): Promise<void> {
    await this.write([
      [DROP_OPS, [roomId, roomId, upTo]],
      [DROP_SNAPSHOTS, [roomId, roomId, upTo]],
    ]);
  }

  /**
   * A class of 2000 joining at once would otherwise wait for 2000 fsyncs on the main thread, stalling
   * every room. Readers on this thread see the member as soon as the promise resolves.
   */
  async addMember(m: MemberRecord): Promise<void> {
    await this.write([[INSERT_MEMBER, [...memberRow(m)]]]);
  }

  /**
   * Queues statements written together, all or nothing, after every write queued before them; resolves
   * with the rows the last one changed. The class store (same file) writes through it too.
   */
  write(statements: Statements): Promise<number> {
    return new Promise((done, fail) => this.enqueue({ kind: "sql", statements, done, fail }));
  }

  /** A unit of statements on this thread (an in-memory database has no writer thread): a savepoint in the batch's transaction. */
  private unitNow(statements: Statements): number {
    return this.db.transaction(() => {
      let changes = 0;
      for (const [sql, params] of statements) changes = this.stmt(sql).run(...params).changes;
      return changes;
    })();
  }

  async memberByToken(roomId: string, tokenHash: string): Promise<MemberRecord | null> {
    const r = this.stmt("SELECT * FROM members WHERE room_id = ? AND token_hash = ?").get(roomId, tokenHash) as MemberRow | undefined;
    return r ? toMember(r) : null;
  }

  async listMembers(roomId: string): Promise<MemberRecord[]> {
    return (this.stmt("SELECT * FROM members WHERE room_id = ? ORDER BY rowid").all(roomId) as MemberRow[]).map(toMember);
  }

  async setRole(roomId: string, memberId: string, role: Role): Promise<void> {
    await this.write([["UPDATE members SET role = ? WHERE room_id = ? AND member_id = ?", [role, roomId, memberId]]]);
  }

  async removeMember(roomId: string, memberId: string): Promise<void> {
    await this.write([["UPDATE members SET removed = 1 WHERE room_id = ? AND member_id = ?", [roomId, memberId]]]);
  }

  async close(): Promise<void> {
    if (this.inFlight.length > 0 || this.queue.length > 0) {
      await new Promise<void>((done) => {
        this.idle = done;
        this.flush();
      });
    }
    await this.writer?.terminate();
    this.db.close();
  }
}
