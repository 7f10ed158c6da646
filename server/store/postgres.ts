import pg from "pg";
import type { Doc } from "../../lib/model";
import type { Role } from "../../lib/sync/events";
import { PgLog, TURN_LOCK_SQL, TURN_UNLOCK_SQL } from "./postgres-log";
import type { AppendResult, MemberRecord, RoomMeta, RoomStore, StoredOp, Turn } from "./types";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS dockside_rooms (id TEXT PRIMARY KEY, invite_code TEXT NOT NULL, locked BOOLEAN NOT NULL DEFAULT false, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS dockside_snapshots (room_id TEXT NOT NULL, seq BIGINT NOT NULL, doc JSONB NOT NULL, PRIMARY KEY (room_id, seq));
CREATE TABLE IF NOT EXISTS dockside_ops (room_id TEXT NOT NULL, seq BIGINT NOT NULL, key TEXT NOT NULL, client_id TEXT NOT NULL, member_id TEXT NOT NULL, op JSONB NOT NULL, PRIMARY KEY (room_id, seq));
CREATE UNIQUE INDEX IF NOT EXISTS dockside_ops_key ON dockside_ops (room_id, key);
ALTER TABLE dockside_ops ADD COLUMN IF NOT EXISTS author TEXT;
ALTER TABLE dockside_ops ADD COLUMN IF NOT EXISTS at BIGINT;
ALTER TABLE dockside_ops ADD COLUMN IF NOT EXISTS command TEXT;
ALTER TABLE dockside_rooms ADD COLUMN IF NOT EXISTS head BIGINT;
UPDATE dockside_rooms r SET head = GREATEST(
  COALESCE((SELECT MAX(seq) FROM dockside_ops o WHERE o.room_id = r.id), 0),
  COALESCE((SELECT MAX(seq) FROM dockside_snapshots s WHERE s.room_id = r.id), 0)
) WHERE head IS NULL;
CREATE TABLE IF NOT EXISTS dockside_members (room_id TEXT NOT NULL, member_id TEXT NOT NULL, token_hash TEXT NOT NULL, name TEXT NOT NULL, color TEXT NOT NULL, role TEXT NOT NULL, removed BOOLEAN NOT NULL DEFAULT false, joined BIGSERIAL, PRIMARY KEY (room_id, member_id));
CREATE INDEX IF NOT EXISTS dockside_members_token ON dockside_members (room_id, token_hash);
`;

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
  private log: PgLog;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
    this.log = new PgLog(this.pool, true);
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
      await c.query("INSERT INTO dockside_rooms (id, invite_code, locked, created_at, head) VALUES ($1, $2, $3, $4, 0)", [
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

  latestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    return this.log.latestSnapshot(roomId);
  }

  async oldestSnapshot(roomId: string): Promise<{ seq: number; doc: Doc } | null> {
    const { rows } = await this.pool.query("SELECT seq, doc FROM dockside_snapshots WHERE room_id = $1 ORDER BY seq ASC LIMIT 1", [roomId]);
    const r = rows[0];
    return r ? { seq: Number(r.seq), doc: r.doc as Doc } : null;
  }

  opsAfter(roomId: string, since: number, limit?: number): Promise<StoredOp[]> {
    return this.log.opsAfter(roomId, since, limit);
  }

  /** Waits while another process holds the room's turn. */
  appendOp(roomId: string, op: StoredOp): Promise<AppendResult> {
    return this.log.appendOp(roomId, op);
  }

  seqOfKey(roomId: string, key: string): Promise<number | null> {
    return this.log.seqOfKey(roomId, key);
  }

  saveSnapshot(roomId: string, seq: number, doc: Doc): Promise<void> {
    return this.log.saveSnapshot(roomId, seq, doc);
  }

  compact(roomId: string, upTo: number): Promise<void> {
    return this.log.compact(roomId, upTo);
  }

  /**
   * The turn is a session-level advisory lock on a connection of its own, which every other append to
   * the room waits for (`appendOp` takes it shared). Everything the turn reads and writes runs on that
   * connection, so a turn never waits for the pool while others wait for it; a process that dies
   * mid-turn closes the connection, and the lock goes with it.
   */
  async beginTurn(roomId: string): Promise<Turn> {
    const c = await this.pool.connect();
    try {
      await c.query(TURN_LOCK_SQL, [roomId]);
    } catch (err) {
      c.release(err as Error);
      throw err;
    }
    const log = new PgLog(c, false);
    return Object.assign(log, {
      end: async () => {
        try {
          await c.query(TURN_UNLOCK_SQL, [roomId]);
          c.release();
        } catch (err) {
          // Closing the connection ends its session, and the lock with it.
          c.release(err as Error);
        }
      },
    });
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
