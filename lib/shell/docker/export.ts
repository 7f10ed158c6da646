/**
 * `docker export`: the container's root file system as a tar archive, as the daemon writes it: the
 * image's files under the writable layer, with the mount points runc made (volumes' targets empty,
 * /etc/hosts and friends as empty files, /dev's console, pts and shm) and nothing from /proc, /sys
 * or what volumes hold.
 */
import { err, type Output, ok, type ShellContext } from "../context";
import { containerFs, MANAGED_FILES } from "../fs/container";
import { ownerFields } from "../fs/owner";
import { dirname, normalize } from "../fs/path";
import { type TarEntry, writeTar } from "../fs/tar";
import type { Vfs } from "../fs/vfs";
import { programsOf } from "../tools";
import { readFile } from "../tools/etc";
import { argCountError, type CommandSpec, isOutput, parseFlags } from "./flags";

const EXPORT: CommandSpec = {
  path: "docker export",
  usage: "docker export [OPTIONS] CONTAINER",
  flags: [{ long: "output", short: "o", value: true }],
};

/** What the CLI says when an archive would go to the terminal (`docker export`, `docker save`). */
export const COWARDLY = "cowardly refusing to save to a terminal. Use the -o flag or redirect\n";

/** Directories whose contents are the kernel's or runc's, never the container's files. */
const KERNEL_DIRS = new Set(["/proc", "/sys", "/dev"]);

/** runc's mount points under /dev, present in every container's root file system. */
const DEV_ENTRIES: readonly TarEntry[] = [
  { name: "dev/console", type: "f", mode: 0o755, mtime: 0 },
  { name: "dev/pts/", type: "d", mode: 0o755, mtime: 0 },
  { name: "dev/shm/", type: "d", mode: 0o755, mtime: 0 },
];

/** The archive's members in the daemon's order: a walk of the tree, each directory's names sorted. */
function walk(fs: Vfs, mounts: ReadonlySet<string>, created: number): TarEntry[] {
  const out: TarEntry[] = [];
  const visit = (path: string) => {
    for (const name of fs.list(path) as string[]) {
      const p = path === "/" ? `/${name}` : `${path}/${name}`;
      const rel = p.slice(1);
      const n = fs.lstat(p);
      if (!n) continue;
      const at = "mtime" in n ? n.mtime : created;
      if (MANAGED_FILES.has(p)) out.push({ name: rel, type: "f", mode: 0o755, mtime: created });
      else if (mounts.has(p)) out.push({ name: `${rel}/`, type: "d", mode: 0o755, mtime: created });
      else if (n.t === "l") out.push({ name: rel, type: "l", mode: 0o777, mtime: at, target: n.target, ...ownerFields(n) });
      else if (n.t === "f") out.push({ name: rel, type: "f", mode: n.mode, mtime: at, data: n.data, ...ownerFields(n) });
      else {
        out.push({ name: `${rel}/`, type: "d", mode: n.mode, mtime: at, ...ownerFields(n) });
        if (p === "/dev") out.push(...DEV_ENTRIES.map((e) => ({ ...e, mtime: created })));
        else if (!KERNEL_DIRS.has(p)) visit(p);
      }
    }
  };
  visit("/");
  return out;
}

/** Why the CLI can't write to `file`: its directory must exist among the machine's files. */
function outputDirError(ctx: ShellContext, file: string): string | null {
  const dir = dirname(normalize(file, ctx.cwd));
  const ok = dir === "/" || `${ctx.cwd}/`.startsWith(`${dir}/`) || ctx.doc.files?.[ctx.machineId]?.[dir]?.t === "d";
  if (ok) return null;
  const shown = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) || "/" : ".";
  return `failed to export container: invalid output path: stat ${shown}: no such file or directory\n`;
}

/**
 * `docker export [-o FILE] CONTAINER`: to `-o FILE` or a redirected stdout; never to a terminal.
 * @example dockerExport(ctx, ["-o", "box.tar", "box"]).exitCode // 0, box.tar among the machine's files
 */
export function dockerExport(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(EXPORT, argv);
  if (isOutput(p)) return p;
  if (p.args.length !== 1) return argCountError(EXPORT, "requires 1 argument");
  const file = p.flags.get("output")?.at(-1);
  if (file === undefined && ctx.stdoutIsTerminal) return err(COWARDLY);
  const v = ctx.container(p.args[0] as string);
  if (!v) return err(`Error response from daemon: No such container: ${p.args[0]}\n`);
  const env = { ctx, source: { kind: "container" as const, id: v.c.id }, view: v };
  const fs = containerFs(ctx, v, programsOf(env), (path) => readFile(env, path));
  const mounts = new Set([...(v.c.mounts ?? []).map((m) => m.target), ...Object.keys(v.c.spec?.tmpfs ?? {})]);
  const archive = writeTar(walk(fs, mounts, v.c.createdAt));
  if (file === undefined) return ok(archive);
  const bad = outputDirError(ctx, file);
  if (bad) return err(bad);
  const refused = ctx.writeFile(file, archive, false);
  return refused ? err(`failed to export container: ${refused}\n`) : ok();
}
