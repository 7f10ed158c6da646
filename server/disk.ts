import { statfsSync } from "node:fs";

/**
 * Whether the disk under the store still has room. Each room's disk is capped (its document and its op log),
 * but rooms are many; before the disk itself is full the server refuses what would add data (new rooms,
 * edits that grow a document) with a clear error, and keeps serving everything else, so a full disk never
 * corrupts a write or stops a class that is only reading and tidying.
 */
export class DiskGuard {
  private checkedAt = Number.NEGATIVE_INFINITY;
  private free = Number.POSITIVE_INFINITY;

  constructor(
    /** A folder on the store's disk; null when the store is elsewhere (PostgreSQL, memory). */
    private readonly dir: string | null,
    /** Below this many free bytes, growth is refused. */
    readonly minFreeBytes: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Free bytes on the store's disk, asked of the system at most once a second (a statfs is cheap, not free). */
  freeBytes(): number {
    if (this.dir === null) return Number.POSITIVE_INFINITY;
    const t = this.now();
    if (t - this.checkedAt >= 1000) {
      this.checkedAt = t;
      try {
        const s = statfsSync(this.dir);
        this.free = s.bavail * s.bsize;
      } catch {
        // A folder that cannot be asked is treated as having room: the write itself reports a real failure.
        this.free = Number.POSITIVE_INFINITY;
      }
    }
    return this.free;
  }

  /** Why growth is refused now, or null when there is room. */
  refusal(): string | null {
    const free = this.freeBytes();
    if (free >= this.minFreeBytes) return null;
    return `No space left on device: the server's disk has ${Math.floor(free / 1048576)} MiB free (it keeps ${Math.round(this.minFreeBytes / 1048576)} MiB spare); nothing that adds data can be saved until space is freed`;
  }
}

/** The guard for a store at `file` (SQLite); a store in memory or on another server has none. */
export function diskGuardFor(file: string | null, minFreeBytes: number): DiskGuard {
  return new DiskGuard(file === null || file === ":memory:" ? null : file, minFreeBytes);
}
