/**
 * A container's file system for one command: the image's files, the files Docker writes
 * (/etc/hosts, /etc/resolv.conf, /etc/hostname), its writable layer and its mounts; and the commit of
 * what the command changed, as `files.set` ops.
 */
import { FILE_BUDGET_BYTES, storedBytes, tmpfsOwner } from "../../model";
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

/** The files an image's own layers added (`COPY`, `docker commit`) over its base image's tree. */
function withImageFiles(base: Tree, files: Map<string, string>, mtime: number): Tree {
  if (files.size === 0) return base;
  const dirs = new Map<string, Set<string>>();
  for (const path of files.keys()) {
    for (let p = path; p !== "/"; ) {
      const parent = p.slice(0, p.lastIndexOf("/")) || "/";
      if (!dirs.has(parent)) dirs.set(parent, new Set());
      dirs.get(parent)?.add(p.slice(p.lastIndexOf("/") + 1));
      p = parent;
    }
  }
  return {
    get(path: string): Node | undefined {
      const data = files.get(path);
      // Layers keep no modes here: programs (what package managers installed) stay runnable.
      if (data !== undefined) return { t: "f", data, mode: /\/s?bin\//.test(path) ? 0o755 : 0o644, mtime };
      return base.get(path) ?? (dirs.has(path) ? { t: "d", mode: 0o755, mtime } : undefined);
    },
    children(dir: string): string[] {
      return [...new Set([...base.children(dir), ...(dirs.get(dir) ?? [])])].sort();
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
  const layered = new Map<string, string>();
  for (const h of image?.history ?? []) for (const [path, data] of Object.entries(h.files ?? {})) if (path.startsWith("/")) layered.set(path, data);
  const base = withImageFiles(imageTree(image?.base ?? v.c.image, programs), layered, image?.created ?? 0);
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
