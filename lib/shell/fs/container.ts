/**
 * A container's file system for one command: the image's files, the files Docker writes
 * (/etc/hosts, /etc/resolv.conf, /etc/hostname), its writable layer and its mounts; and the commit of
 * what the command changed, as `files.set` ops.
 */
import { FILE_BUDGET_BYTES, type FileLayer, type HistoryEntry, type LayeredFiles, layeredFiles, storedBytes, tmpfsOwner } from "../../model";
import { findImage, volumeNamed } from "../../ops";
import type { ContainerView } from "../../sim";
import type { ShellContext } from "../context";
import { imageTree } from "./rootfs";
import { EMPTY_TREE, Layer, type MountPoint, type Node, type Tree, Vfs } from "./vfs";

/** Files Docker bind-mounts into every container: not part of the writable layer's changes. */
export const MANAGED_FILES: ReadonlySet<string> = new Set(["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]);

/** The image's tree with Docker's generated files laid over it. */
function withGenerated(base: Tree, generated: (path: string) => string | null, now: number): Tree {
  return {
    get(path: string): Node | undefined {
      if (MANAGED_FILES.has(path)) {
        const data = generated(path);
        if (data !== null) return { t: "f", data, mode: 0o644, mtime: now };
      }
      return base.get(path);
    },
    children(dir: string): string[] {
      const names = base.children(dir);
      if (dir === "/etc") for (const p of MANAGED_FILES) if (!names.includes(p.slice(5))) names.push(p.slice(5));
      return names.sort();
    },
  };
}

/** What an image's own layers hold (COPY, RUN, `docker commit`) over its base image's tree. */
export function withImageFiles(base: Tree, layers: LayeredFiles, mtime: number): Tree {
  const { files, links, deleted } = layers;
  if (files.size === 0 && links.size === 0 && layers.dirs.size === 0 && deleted.size === 0) return base;
  const gone = (path: string) => {
    for (let p = path; ; p = p.slice(0, p.lastIndexOf("/")) || "/") {
      if (deleted.has(p)) return true;
      if (p === "/") return false;
    }
  };
  const dirs = new Map<string, Set<string>>();
  for (const path of [...files.keys(), ...links.keys(), ...layers.dirs]) {
    for (let p = path; p !== "/"; ) {
      const parent = p.slice(0, p.lastIndexOf("/")) || "/";
      if (!dirs.has(parent)) dirs.set(parent, new Set());
      dirs.get(parent)?.add(p.slice(p.lastIndexOf("/") + 1));
      p = parent;
    }
  }
  const below = (path: string) => (gone(path) ? undefined : base.get(path));
  return {
    get(path: string): Node | undefined {
      const data = files.get(path);
      // Layers keep no modes here: programs (what package managers installed) stay runnable.
      if (data !== undefined) return { t: "f", data, mode: /\/s?bin\//.test(path) ? 0o755 : 0o644, mtime };
      const target = links.get(path);
      if (target !== undefined) return { t: "l", target, mtime };
      return dirs.has(path) || layers.dirs.has(path) ? (below(path) ?? { t: "d", mode: 0o755, mtime }) : below(path);
    },
    children(dir: string): string[] {
      const fromBase = gone(dir) ? [] : base.children(dir).filter((n) => !deleted.has(dir === "/" ? `/${n}` : `${dir}/${n}`));
      return [...new Set([...fromBase, ...(dirs.get(dir) ?? [])])].sort();
    },
  };
}

/**
 * Builds the file system `v` sees. `programs` are the names its image's tools answer to; `generated`
 * renders Docker's files.
 * @example containerFs(ctx, view, ["sh", "cat"], gen).read("/etc/hostname") // "3b6fa35cf668\n"
 */
export function containerFs(ctx: ShellContext, v: ContainerView, programs: readonly string[], generated: (path: string) => string | null): Vfs {
  const doc = ctx.doc;
  const files = doc.files ?? {};
  const image = findImage(doc, v.c.machineId, v.c.image);
  const base = withImageFiles(imageTree(image?.base ?? v.c.image, programs), layeredFiles(image?.history ?? []), image?.created ?? 0);
  const lower = withGenerated(base, generated, v.c.startedAt || v.c.createdAt);
  const mounts: MountPoint[] = [{ target: "/", layer: new Layer(v.c.id, lower, files[v.c.id]), readOnly: false }];
  const tmpfs = Object.keys(v.c.spec?.tmpfs ?? {}).map((target) => ({ type: "tmpfs" as const, source: "", target, readOnly: false }));
  for (const m of [...(v.c.mounts ?? []), ...tmpfs]) {
    if (m.type === "bind") {
      // The machine's own files at the source path, shared both ways.
      const source = m.source.replace(/\/+$/, "") || "/";
      const prefix = source === "/" ? "" : source;
      mounts.push({ target: m.target, layer: new Layer(v.c.machineId, EMPTY_TREE, files[v.c.machineId], prefix), readOnly: m.readOnly });
    } else if (m.type === "volume") {
      const vol = volumeNamed(doc, v.c.machineId, m.source);
      if (vol) mounts.push({ target: m.target, layer: new Layer(vol.id, EMPTY_TREE, files[vol.id]), readOnly: m.readOnly });
    } else if (m.type === "tmpfs") {
      // Kept (in memory, as the kernel does) while the container runs; stopping it empties the tmpfs.
      const owner = tmpfsOwner(v.c.id);
      mounts.push({ target: m.target, layer: new Layer(owner, EMPTY_TREE, files[owner], m.target), readOnly: m.readOnly });
    }
  }
  return new Vfs(mounts, { left: FILE_BUDGET_BYTES - storedBytes(doc) }, ctx.now, MANAGED_FILES);
}

/**
 * Stores what a command changed; the error of the first op refused (the room's budget), or null.
 * @example commitFs(ctx, fs) // null
 */
export function commitFs(ctx: ShellContext, fs: Vfs): string | null {
  for (const [ownerId, entries] of fs.changes()) {
    const r = ctx.apply({ type: "files.set", ownerId, entries });
    if (!r.ok) return r.error;
  }
  return null;
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * A container's writable layer as the layer of an image (a RUN step's, `docker commit`'s): the files
 * and links it wrote, the directories it made, the paths it deleted, and the layer's size as the
 * daemon counts it (the bytes of every added or changed file and link; directories and whiteouts
 * none). `changed` is false when nothing was touched: the daemon then records no layer.
 * @example committedLayer({ "/a": { t: "f", data: "hi\n", mode: 0o644, mtime: 0 } }).size // 3
 */
export function committedLayer(layer: FileLayer | undefined): Pick<HistoryEntry, "files" | "links" | "dirs" | "deleted" | "size"> & { changed: boolean } {
  const files: Record<string, string> = {};
  const links: Record<string, string> = {};
  const dirs: string[] = [];
  const deleted: string[] = [];
  let size = 0;
  let changed = false;
  for (const [path, e] of Object.entries(layer ?? {})) {
    if (MANAGED_FILES.has(path)) continue;
    changed = true;
    if (e.t === "f") {
      files[path] = e.data;
      size += utf8Bytes(e.data);
    } else if (e.t === "l") {
      links[path] = e.target;
      size += utf8Bytes(e.target);
    } else if (e.t === "d") dirs.push(path);
    else deleted.push(path);
  }
  return {
    changed,
    size,
    ...(Object.keys(files).length > 0 ? { files } : {}),
    ...(Object.keys(links).length > 0 ? { links } : {}),
    ...(dirs.length > 0 ? { dirs } : {}),
    ...(deleted.length > 0 ? { deleted } : {}),
  };
}
