/**
 * A container's view of its files: mounts over a root, each mount a stack of a read-only lower tree
 * (the image, or nothing) and a stored upper layer that takes writes copy-on-write, with whiteouts for
 * what it deletes, as overlayfs does. Changes are collected per stored layer and committed as ops.
 */
import type { FileEntry, FileLayer } from "../../model";
import { mayAccess, type Owner, ownerFields, stickyDenies } from "./owner";
import { basename, dirname, normalize, within } from "./path";

export type Node = Exclude<FileEntry, { t: "w" }>;
export type Errno = "ENOENT" | "ENOTDIR" | "EISDIR" | "EEXIST" | "EROFS" | "ENOSPC" | "ENOTEMPTY" | "EFBIG" | "EINVAL" | "EACCES" | "EPERM";

export const ERRNO_TEXT: Record<Errno, string> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EEXIST: "File exists",
  EROFS: "Read-only file system",
  ENOSPC: "No space left on device",
  ENOTEMPTY: "Directory not empty",
  EFBIG: "File too large",
  EINVAL: "Invalid argument",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
};

/** A read-only tree: the image's files (and the ones Docker generates), keyed by absolute path. */
export interface Tree {
  get(path: string): Node | undefined;
  /** Names directly inside `dir`. */
  children(dir: string): string[];
}

export const EMPTY_TREE: Tree = { get: () => undefined, children: () => [] };

const ROOT: Node = { t: "d", mode: 0o755, mtime: 0 };

/**
 * A lower tree with a stored upper layer (copy of the document's, changed in place). `prefix` places
 * the mount's root inside the stored layer: a bind mount of a machine's /srv/app, or a tmpfs at /run.
 */
export class Layer {
  readonly upper: FileLayer;
  /** Stored keys changed since the layer was read: their new entry, or null to drop the upper entry. */
  readonly dirty = new Map<string, FileEntry | null>();
  constructor(
    /** Whose layer it is in `Doc.files` (container, volume or machine id); null for nothing stored. */
    readonly ownerId: string | null,
    readonly lower: Tree,
    upper: FileLayer | undefined,
    readonly prefix = "",
  ) {
    this.upper = { ...(upper ?? {}) };
  }

  /** The stored key of a path inside the mount. */
  private k(path: string): string {
    if (!this.prefix) return path;
    return path === "/" ? this.prefix : this.prefix + path;
  }

  /** Whether the lower tree shows through at `path` (no whiteout or opaque directory above it). */
  private lowerVisible(path: string): boolean {
    for (let p = dirname(path); p !== "/"; p = dirname(p)) {
      const u = this.upper[this.k(p)];
      if (u?.t === "w" || (u?.t === "d" && u.opaque)) return false;
    }
    return true;
  }

  get(path: string): Node | undefined {
    if (path === "/") return (this.upper[this.k("/")] as Node | undefined) ?? this.lower.get("/") ?? ROOT;
    const u = this.upper[this.k(path)];
    if (u) return u.t === "w" ? undefined : u;
    for (let p = dirname(path); p !== "/"; p = dirname(p)) if (this.upper[this.k(p)]?.t === "w") return undefined;
    return this.lowerVisible(path) ? this.lower.get(path) : undefined;
  }

  /** Whether the image (lower tree) has `path`, whatever the upper layer did to it. */
  inLower(path: string): boolean {
    return this.lowerVisible(path) && this.lower.get(path) !== undefined;
  }

  children(dir: string): string[] {
    const names = new Set<string>();
    const u = this.upper[this.k(dir)];
    if (!(u?.t === "d" && u.opaque) && this.lowerVisible(dir === "/" ? "/x" : `${dir}/x`)) for (const n of this.lower.children(dir)) names.add(n);
    const base = this.k(dir);
    const prefix = base === "/" ? "/" : `${base}/`;
    for (const [p, e] of Object.entries(this.upper)) {
      if (!p.startsWith(prefix) || p.length === prefix.length) continue;
      const name = p.slice(prefix.length);
      if (name.includes("/")) continue;
      if (e.t === "w") names.delete(name);
      else names.add(name);
    }
    return [...names].sort();
  }

  set(path: string, entry: FileEntry): void {
    const key = this.k(path);
    // A bind mount's or tmpfs's root is made with its first entry (Docker creates a missing bind source).
    if (this.prefix && path !== "/" && !this.upper[this.prefix]) this.put(this.prefix, { t: "d", mode: 0o755, mtime: "mtime" in entry ? entry.mtime : 0 });
    this.put(key, entry);
  }

  private put(key: string, entry: FileEntry | null): void {
    if (entry) this.upper[key] = entry;
    else delete this.upper[key];
    this.dirty.set(key, entry);
  }

  /** Removes `path` (and, for a directory, what the upper layer holds below it). */
  remove(path: string): void {
    const prefix = `${this.k(path)}/`;
    for (const p of Object.keys(this.upper)) if (p.startsWith(prefix)) this.put(p, null);
    if (this.inLower(path)) this.set(path, { t: "w" });
    else this.put(this.k(path), null);
  }
}

export interface MountPoint {
  target: string;
  layer: Layer;
  readOnly: boolean;
}

/** Bytes a write may still add: the room's budget less what is stored (checked again by the op). */
interface Budget {
  left: number;
}

/**
 * The file system one shell sees. Paths are normalised absolute paths; `cwd` resolution is the
 * caller's. Symbolic links are followed for reads, not for removal.
 */
export class Vfs {
  private readonly mounts: MountPoint[];
  /** Who the command runs as (`docker exec -u`, the container's `-u`); null: root, who may do anything. */
  user: Owner | null = null;
  constructor(
    mounts: MountPoint[],
    readonly budget: Budget,
    readonly now: number,
    /** Paths Docker bind-mounts into every container (/etc/hosts ...): never copied up, never in `diff`. */
    readonly managed: ReadonlySet<string> = new Set(),
  ) {
    this.mounts = [...mounts].sort((a, b) => b.target.length - a.target.length);
  }

  private at(path: string): { m: MountPoint; rel: string } {
    const m = this.mounts.find((x) => within(path, x.target)) as MountPoint;
    const rel = m.target === "/" ? path : path.slice(m.target.length) || "/";
    return { m, rel };
  }

  /** Follows symbolic links (at most 8 deep); undefined when a part is missing. */
  realpath(path: string, depth = 0): string | undefined {
    if (depth > 8) return undefined;
    const parts = path.split("/").filter(Boolean);
    let cur = "/";
    for (const [i, name] of parts.entries()) {
      const next = cur === "/" ? `/${name}` : `${cur}/${name}`;
      const n = this.lstat(next);
      if (n?.t === "l") {
        const target = this.realpath(normalize(n.target, cur), depth + 1);
        if (target === undefined) return i === parts.length - 1 ? undefined : undefined;
        cur = target;
      } else cur = next;
    }
    return cur;
  }

  lstat(path: string): Node | undefined {
    const { m, rel } = this.at(path);
    return m.layer.get(rel);
  }

  stat(path: string): Node | undefined {
    const real = this.realpath(path);
    return real === undefined ? undefined : this.lstat(real);
  }

  /** Why `path`'s directory can't hold a new entry, or null. */
  private parentError(path: string): Errno | null {
    const parent = this.stat(dirname(path));
    if (!parent) return "ENOENT";
    return parent.t === "d" ? null : "ENOTDIR";
  }

  /** Whether the user may add or remove names in `path`'s directory. */
  private mayChange(path: string): boolean {
    const parent = this.stat(dirname(path));
    return !parent || mayAccess(this.user, parent, 2);
  }

  /** A file's text, or why it can't be read. */
  read(path: string): { text: string } | Errno {
    const n = this.stat(path);
    if (!n) return this.parentError(path) === "ENOTDIR" ? "ENOTDIR" : "ENOENT";
    if (n.t === "d") return "EISDIR";
    if (!mayAccess(this.user, n, 4)) return "EACCES";
    return n.t === "f" ? { text: n.data } : "ENOENT";
  }

  list(path: string): string[] | Errno {
    const real = this.realpath(path);
    const n = real === undefined ? undefined : this.lstat(real);
    if (!n || real === undefined) return "ENOENT";
    if (n.t !== "d") return "ENOTDIR";
    if (!mayAccess(this.user, n, 4)) return "EACCES";
    const names = new Set(this.at(real).m.layer.children(this.at(real).rel));
    // Mount points show in their parent directory.
    for (const mp of this.mounts) if (mp.target !== "/" && dirname(mp.target) === real) names.add(basename(mp.target));
    return [...names].sort();
  }

  private writable(path: string): { layer: Layer; rel: string } | Errno {
    const { m, rel } = this.at(path);
    return m.readOnly ? "EROFS" : { layer: m.layer, rel };
  }

  /** Where a new entry at `path` goes, or why the kernel refuses to make one (it exists, its parent, a read-only mount, permission). */
  private creatable(path: string): { layer: Layer; rel: string } | Errno {
    if (this.lstat(path)) return "EEXIST";
    const e = this.parentError(path);
    if (e) return e;
    const w = this.writable(path);
    if (typeof w === "string") return w;
    return this.mayChange(path) ? w : "EACCES";
  }

  /** Copies `path`'s directory up into its layer with a new time, as overlayfs does for a changed directory. */
  private touchParent(path: string): void {
    const dir = dirname(path);
    const { m, rel } = this.at(dir);
    if (rel === "/" || this.managed.has(path)) return;
    const n = m.layer.get(rel);
    if (n?.t === "d") m.layer.set(rel, { ...n, mtime: this.now });
  }

  write(path: string, data: string, append = false): Errno | null {
    const real = this.realpath(path) ?? path;
    const n = this.lstat(real);
    if (n?.t === "d") return "EISDIR";
    if (!n) {
      const e = this.parentError(real);
      if (e) return e;
    }
    const w = this.writable(real);
    if (typeof w === "string") return w;
    if (n ? !mayAccess(this.user, n, 2) : !this.mayChange(real)) return "EACCES";
    const old = n?.t === "f" ? n.data : "";
    const text = append ? old + data : data;
    const added = text.length - old.length;
    if (added > this.budget.left) return "ENOSPC";
    if (text.length > 1024 * 1024) return "EFBIG";
    this.budget.left -= added;
    const owner = ownerFields(n?.t === "f" ? n : this.user);
    w.layer.set(w.rel, { t: "f", data: text, mode: n?.t === "f" ? n.mode : 0o644, mtime: this.now, ...owner });
    if (!n) this.touchParent(real);
    return null;
  }

  mkdir(path: string, mode = 0o755): Errno | null {
    const w = this.creatable(path);
    if (typeof w === "string") return w;
    // A directory made where the image had one that was deleted must not show the image's entries.
    const opaque = w.layer.upper[w.rel]?.t === "w";
    const dir = { t: "d" as const, mode, mtime: this.now, ...ownerFields(this.user) };
    w.layer.set(w.rel, opaque ? { ...dir, opaque: true } : dir);
    this.touchParent(path);
    return null;
  }

  symlink(target: string, path: string): Errno | null {
    const w = this.creatable(path);
    if (typeof w === "string") return w;
    w.layer.set(w.rel, { t: "l", target, mtime: this.now, ...ownerFields(this.user) });
    this.touchParent(path);
    return null;
  }

  /** Removes a file, link or (with `recursive`, or when empty) a directory. */
  remove(path: string, recursive: boolean): Errno | null {
    const n = this.lstat(path);
    if (!n) return "ENOENT";
    if (this.mounts.some((m) => m.target === path)) return "EINVAL";
    const names = n.t === "d" && !recursive ? this.list(path) : [];
    if (!Array.isArray(names) || names.length > 0) return "ENOTEMPTY";
    const w = this.writable(path);
    if (typeof w === "string") return w;
    if (!this.mayChange(path)) return "EACCES";
    if (stickyDenies(this.user, this.stat(dirname(path)), n)) return "EPERM";
    w.layer.remove(w.rel);
    this.touchParent(path);
    return null;
  }

  chmod(path: string, mode: number): Errno | null {
    const real = this.realpath(path);
    const n = real === undefined ? undefined : this.lstat(real);
    if (!n || real === undefined) return "ENOENT";
    if (n.t === "l") return null;
    const w = this.writable(real);
    if (typeof w === "string") return w;
    // Only the owner (or root) changes a mode.
    if (this.user && this.user.uid !== 0 && (n.uid ?? 0) !== this.user.uid) return "EPERM";
    w.layer.set(w.rel, { ...n, mode });
    return null;
  }

  /** Gives an entry another owner: root's right only, as the kernel has it. */
  chown(path: string, owner: Owner): Errno | null {
    const real = this.realpath(path);
    const n = real === undefined ? undefined : this.lstat(real);
    if (!n || real === undefined) return "ENOENT";
    const w = this.writable(real);
    if (typeof w === "string") return w;
    if (this.user && this.user.uid !== 0) return "EPERM";
    w.layer.set(w.rel, { ...n, ...ownerFields(owner) });
    return null;
  }

  /** Every stored layer's changes, keyed by owner, for `files.set` ops. */
  changes(): Map<string, Record<string, FileEntry | null>> {
    const out = new Map<string, Record<string, FileEntry | null>>();
    for (const m of this.mounts) {
      if (m.layer.ownerId === null || m.layer.dirty.size === 0) continue;
      const entries = out.get(m.layer.ownerId) ?? {};
      for (const [p, e] of m.layer.dirty) entries[p] = e;
      out.set(m.layer.ownerId, entries);
    }
    return out;
  }
}
