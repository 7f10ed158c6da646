/**
 * File owners and permission bits, as the kernel checks them for a non-root user: the owner's, the
 * group's or everyone's bits of a mode; root (uid 0) may do anything. A sticky directory (/tmp) lets
 * only a file's owner or the directory's remove it.
 */

/** Who a command runs as: what new entries are owned by, and whose permissions are checked. */
export interface Owner {
  uid: number;
  gid: number;
}

/** What the checks read of a file, directory or link entry. */
interface Owned {
  t: string;
  mode?: number;
  uid?: number | undefined;
  gid?: number | undefined;
}

/**
 * Whether `user` may read (4), write (2) or search (1) `n`; links are never checked themselves.
 * @example mayAccess({ uid: 1000, gid: 0 }, { t: "d", mode: 0o755, mtime: 0 }, 2) // false
 */
export function mayAccess(user: Owner | null, n: Owned, bit: 4 | 2 | 1): boolean {
  if (!user || user.uid === 0 || n.t === "l") return true;
  const shift = (n.uid ?? 0) === user.uid ? 6 : (n.gid ?? 0) === user.gid ? 3 : 0;
  return (((n.mode ?? 0) >> shift) & bit) !== 0;
}

/** Whether a sticky `dir` keeps `user` from removing `n`: only its owner or the directory's may. */
export function stickyDenies(user: Owner | null, dir: Owned | undefined, n: Owned): boolean {
  if (!user || user.uid === 0 || dir?.t !== "d" || !((dir.mode ?? 0) & 0o1000)) return false;
  return (n.uid ?? 0) !== user.uid && (dir.uid ?? 0) !== user.uid;
}

/**
 * The owner fields an entry stores: none for root's 0, so root's files stay as they always were.
 * @example ownerFields({ uid: 1000, gid: 0 }) // { uid: 1000 }
 */
export function ownerFields(o: { uid?: number | undefined; gid?: number | undefined } | null | undefined): { uid?: number; gid?: number } {
  return { ...(o?.uid ? { uid: o.uid } : {}), ...(o?.gid ? { gid: o.gid } : {}) };
}
