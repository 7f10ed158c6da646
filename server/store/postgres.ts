import pg from "pg";
import type { Doc } from "../../lib/model";
import type { Role } from "../../lib/sync/events";
import type { AppendResult, MemberRecord, RoomMeta, RoomStore, StoredOp, TurnView } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS dockside_rooms (id TEXT PRIMARY KEY, invite_code TEXT NOT NULL, locked BOOLEAN NOT NULL DEFAULT false, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS dockside_snapshots (room_id TEXT NOT NULL, seq BIGINT NOT NULL, doc JSONB NOT NULL, PRIMARY KEY (room_id, seq));
CREATE TABLE IF NOT EXISTS dockside_ops (room_id TEXT NOT NULL, seq BIGINT NOT NULL, key TEXT NOT NULL, client_id TEXT NOT NULL, member_id TEXT NOT NULL, op JSONB NOT NULL, PRIMARY KEY (room_id, seq));
CREATE UNIQUE INDEX IF NOT EXISTS dockside_ops_key ON dockside_ops (room_id, key);
ALTER TABLE dockside_ops ADD COLUMN IF NOT EXISTS author TEXT;
ALTER TABLE dockside_ops ADD COLUMN IF NOT EXISTS at BIGINT;
ALTER TABLE dockside_ops ADD COLUMN IF NOT EXISTS command TEXT;
CREATE TABLE IF NOT EXISTS dockside_members (room_id TEXT NOT NULL, member_id TEXT NOT NULL, token_hash TEXT NOT NULL, name TEXT NOT NULL, color TEXT NOT NULL, role TEXT NOT NULL, removed BOOLEAN NOT NULL DEFAULT false, joined BIGSERIAL, PRIMARY KEY (room_id, member_id));
CREATE INDEX IF NOT EXISTS dockside_members_token ON dockside_members (room_id, token_hash);
`;

/** First key of the room-turn advisory locks (the second is a hash of the room id). */
const TURN_LOCK = 4243;

type Queryable = Pick<pg.Pool, "query">;

async function opsAfterOn(db: Queryable, roomId: string, since: number, limit: number): Promise<StoredOp[]> {
  const { rows } = await db.query(
    "SELECT seq, key, client_id, member_id, op, author, at, command FROM dockside_ops WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    [roomId, since, limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    key: r.key,
    clientId: r.client_id,
    memberId: r.member_id,
    op: r.op,
    ...(r.author !== null ? { name: r.author as string } : {}),
    ...(r.at !== null ? { at: Number(r.at) } : {}),
    ...(r.command !== null ? { command: r.command as string } : {}),
  }));
}

async function seqOfKeyOn(db: Queryable, roomId: string, key: string): Promise<number | null> {
  const { rows } = await db.query("SELECT seq FROM dockside_ops WHERE room_id = $1 AND key = $2", [roomId, key]);
  return rows[0] ? Number(rows[0].seq) : null;
}

/**
 * One statement: outside a turn it first takes the room's turn lock shared, so it waits while another
 * process holds the turn, and releases it when the statement commits.
 */
const INSERT_OP = (waitForTurn: boolean) =>
  "INSERT INTO dockside_ops (room_id, seq, key, client_id, member_id, op, author, at, command) " +
  "SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::jsonb, $7::text, $8::bigint, $9::text" +
  (waitForTurn ? ` FROM (SELECT pg_advisory_xact_lock_shared(${TURN_LOCK}, hashtext($1::text))) AS turn` : "") +
  " ON CONFLICT DO NOTHING";

async function appendOn(db: Queryable, roomId: string, op: StoredOp, waitForTurn: boolean): Promise<AppendResult> {
  const { rowCount } = await db.query(INSERT_OP(waitForTurn), [
    roomId,
    op.seq,
    op.key,
    op.clientId,
    op.memberId,
    JSON.stringify(op.op),
    op.name ?? null,
    op.at ?? null,
    op.command ?? null,
  ]);
  if (rowCount === 1) return { ok: true };
  const dup = await seqOfKeyOn(db, roomId, op.key);
  return dup !== null ? { ok: false, duplicate: dup } : { ok: false, conflict: true };
}

type MemberRow = { room_id: string; member_id: string; token_hash: string; name: string; color: string; role: string; removed: boolean };
const toMember = (r: MemberRow): MemberRecord => ({
  roomId: r.room_id,
  memberId: r.member_id,
  tokenHash: r.token_hash,
  name: r.name,
  color: r.color,
  role: r.role as Role,
  removed: r.removed,
});

/**
 * PostgreSQL, for several server processes sharing rooms. The primary key (room_id, seq) is the
 * optimistic version check: of two processes appending the same seq, exactly one insert lands, and the
 * other learns it is behind. A single-statement insert commits (and is flushed, with the default
 * `synchronous_commit`) before it returns.
 */
export class PostgresStore implements RoomStore {
  readonly kind = "postgres";
  readonly soleWriter = false;
  private pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
  }

  async init(): Promise<void> {
    const c = await this.pool.connect();
    try {
      // Several processes may start at once; the advisory lock keeps CREATE IF NOT EXISTS from racing.
      await c.query("SELECT pg_advisory_lock(4242)");
      await c.query(SCHEMA);
      await c.query("SELECT pg_advisory_unlock(4242)");
    } finally {
      c.release();
    }
  }

  async createRoom(meta: RoomMeta, doc: Doc, owner: MemberRecord): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      await c.query("INSERT INTO dockside_rooms (id, invite_code, locked, created_at) VALUES ($1, $2, $3, $4)", [
        meta.id,
        meta.inviteCode,
        meta.locked,
        meta.createdAt,
      ]);
      await c.query("INSERT INTO dockside_snapshots (room_id, seq, doc) VALUES ($1, 0, $2)", [meta.id, JSON.stringify(doc)]);
      await c.query("INSERT INTO dockside_members (room_id, member_id, token_hash, name, color, role, removed) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
        owner.roomId,
        owner.memberId,
        owner.tokenHash,
        owner.name,
        owner.color,
        owner.role,
        owner.removed,
      ]);
      await c.query("COMMIT");
    } catch (err) {
      await c.query("ROLLBACK");
      throw err;
    } finally {
      c.release();
    }
  }

  async getRoom(roomId: string): Promise<RoomMeta | null> {
    const { rows } = await this.pool.query("SELECT id, invite_code, locked, created_at FROM dockside_rooms WHERE id = $1", [roomId]);
    const r = rows[0];
    return r ? { id: r.id, inviteCode: r.invite_code, locked: r.locked, createdAt: Number(r.created_at) } : null;
  }

  async setLocked(roomId: string, locked: boolean): Promise<void> {
    await this.pool.query("UPDATE dockside_rooms SET locked = $2 WHERE id = $1", [roomId, locked]);
  }

  async setInviteCode(roomId: string, inviteCode: string): Promise<void> {
    await this.pool.query("UPDATE dockside_rooms SET invite_code = $2 WHERE id = $1", [roomId, inviteCode]);
  }

  async latestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const { rows } = await this.pool.query("SELECT seq, doc FROM dockside_snapshots WHERE room_id = $1 ORDER BY seq DESC LIMIT 1", [roomId]);
    const r = rows[0];
    return r ? { seq: Number(r.seq), doc: r.doc as Doc } : null;
  }

  async oldestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const { rows } = await this.pool.query("SELECT seq, doc FROM dockside_snapshots WHERE room_id = $1 ORDER BY seq ASC LIMIT 1", [roomId]);
    const r = rows[0];
    return r ? { seq: Number(r.seq), doc: r.doc as Doc } : null;
  }

  opsAfter(roomId: string, since: number, limit = 1_000_000): Promise<StoredOp[]> {
    return opsAfterOn(this.pool, roomId, since, limit);
  }

  /** Waits while another process holds the room's turn (the shared lock lasts the one statement). */
  appendOp(roomId: string, op: StoredOp): Promise<AppendResult> {
    return appendOn(this.pool, roomId, op, true);
  }

  seqOfKey(roomId: string, key: string): Promise<number | null> {
    return seqOfKeyOn(this.pool, roomId, key);
  }

  /**
   * The turn is a session-level advisory lock on a connection of its own, which every other append to
   * the room waits for (`appendOp` takes it shared). Reads and the append inside run on that
   * connection; a process that dies mid-turn closes it, and the lock goes with it.
   */
  async turn<T>(roomId: string, fn: (view: TurnView) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("SELECT pg_advisory_lock($1, hashtext($2))", [TURN_LOCK, roomId]);
      try {
        return await fn({
          opsAfter: (r, since, limit = 1_000_000) => opsAfterOn(c, r, since, limit),
          latestSnapshot: (r) => this.latestSnapshot(r),
          appendOp: (r, op) => appendOn(c, r, op, false),
          seqOfKey: (r, key) => seqOfKeyOn(c, r, key),
        });
      } finally {
        await c.query("SELECT pg_advisory_unlock($1, hashtext($2))", [TURN_LOCK, roomId]);
      }
    } finally {
      c.release();
    }
  }

  async saveSnapshot(roomId: string, seq: number, doc: Doc): Promise<void> {
    await this.pool.query("INSERT INTO dockside_snapshots (room_id, seq, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [roomId, seq, JSON.stringify(doc)]);
  }

  async compact(roomId: string, upTo: number): Promise<void> {
    const { rows } = await this.pool.query("SELECT MAX(seq) AS s FROM dockside_snapshots WHERE room_id = $1 AND seq <= $2", [roomId, upTo]);
    if (rows[0]?.s === null || rows[0]?.s === undefined) return;
    const keep = Number(rows[0].s);
    await this.pool.query("DELETE FROM dockside_ops WHERE room_id = $1 AND seq <= $2", [roomId, keep]);
    await this.pool.query("DELETE FROM dockside_snapshots WHERE room_id = $1 AND seq < $2", [roomId, keep]);
  }

  async addMember(m: MemberRecord): Promise<void> {
    await this.pool.query("INSERT INTO dockside_members (room_id, member_id, token_hash, name, color, role, removed) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      m.roomId,
      m.memberId,
      m.tokenHash,
      m.name,
      m.color,
      m.role,
      m.removed,
    ]);
  }

  async memberByToken(roomId: string, tokenHash: string): Promise<MemberRecord | null> {
    const { rows } = await this.pool.query("SELECT * FROM dockside_members WHERE room_id = $1 AND token_hash = $2", [roomId, tokenHash]);
    return rows[0] ? toMember(rows[0]) : null;
  }

  async listMembers(roomId: string): Promise<MemberRecord[]> {
    const { rows } = await this.pool.query("SELECT * FROM dockside_members WHERE room_id = $1 ORDER BY joined", [roomId]);
    return rows.map(toMember);
  }

  async setRole(roomId: string, memberId: string, role: Role): Promise<void> {
    await this.pool.query("UPDATE dockside_members SET role = $3 WHERE room_id = $1 AND member_id = $2", [roomId, memberId, role]);
  }

  async removeMember(roomId: string, memberId: string): Promise<void> {
    await this.pool.query("UPDATE dockside_members SET removed = true WHERE room_id = $1 AND member_id = $2", [roomId, memberId]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
