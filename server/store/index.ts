import { join } from "node:path";
import { PostgresStore } from "./postgres";
import { SqliteStore } from "./sqlite";
import type { RoomStore } from "./types";

export type { AppendResult, MemberRecord, RoomMeta, RoomStore, StoredOp, Turn, TurnView } from "./types";
export { PostgresStore, SqliteStore };

/** PostgreSQL when a URL is given, else SQLite in `dataDir/dockside.db`. */
export async function openStore(opts: { dataDir: string; databaseUrl?: string | undefined; commitDelayMs?: number | undefined }): Promise<RoomStore> {
  const store: RoomStore = opts.databaseUrl
    ? new PostgresStore(opts.databaseUrl)
    : new SqliteStore(join(opts.dataDir, "dockside.db"), { commitDelayMs: opts.commitDelayMs ?? 0 });
  await store.init();
  return store;
}
