/**
 * What every command of the headless shell works with: the document, its resolution, the clock and
 * the one way to change the document (named ops).
 */
import type { ApplyOutcome, IntentEnv, IntentSession } from "../intents";
import type { Doc, FileEntry, IdSource, LogLine } from "../model";
import type { Op } from "../ops";
import { apply } from "../ops";
import { type ContainerView, type Resolved, resolve, type Source } from "../sim";
import { normalize } from "./fs/path";
import type { Vfs } from "./fs/vfs";
import type { ExecUser } from "./tools/users";

/** Text a command wrote to one of its two streams: a container's log line, without its time. */
export type Chunk = Pick<LogLine, "stream" | "text">;

/**
 * What a command prints, as a terminal shows it. `stdout` and `stderr` are each stream's text; when a
 * command wrote to both, `chunks` says in which order (`docker run` of a missing image: the pull's
 * lines on stderr, then the container's output). Outputs are combined with `joined` and `written`,
 * which keep the three in step; without `chunks`, stdout came first.
 */
export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
  chunks?: readonly Chunk[];
}

export const ok = (stdout = ""): Output => ({ stdout, stderr: "", exitCode: 0 });
export const err = (stderr: string, exitCode = 1, stdout = ""): Output => ({ stdout, stderr, exitCode });

/** What `out` wrote, in the order it wrote it. */
export function chunksOf(out: Pick<Output, "stdout" | "stderr" | "chunks">): readonly Chunk[] {
  if (out.chunks) return out.chunks;
  const chunks: Chunk[] = [];
  if (out.stdout !== "") chunks.push({ stream: "stdout", text: out.stdout });
  if (out.stderr !== "") chunks.push({ stream: "stderr", text: out.stderr });
  return chunks;
}

/**
 * The output of text written in this order: each stream's text, and the order when both were
 * written (neighbouring chunks of one stream merged). The one place an Output's strings and
 * chunks are made together.
 * @example written([{ stream: "stderr", text: "ls: /nope: No such file or directory\n" }, { stream: "stdout", text: "hosts\n" }], 1)
 */
export function written(chunks: readonly Chunk[], exitCode: number): Output {
  const merged: Chunk[] = [];
  for (const c of chunks) {
    if (c.text === "") continue;
    const last = merged[merged.length - 1];
    if (last?.stream === c.stream) merged[merged.length - 1] = { stream: c.stream, text: last.text + c.text };
    else merged.push(c);
  }
  const text = (stream: Chunk["stream"]) =>
    merged
      .filter((c) => c.stream === stream)
      .map((c) => c.text)
      .join("");
  const out: Output = { stdout: text("stdout"), stderr: text("stderr"), exitCode };
  if (out.stdout !== "" && out.stderr !== "") out.chunks = merged;
  return out;
}

/**
 * What a program with a terminal (`docker run -t`, `docker exec -t`) writes: its two streams are one
 * terminal, so everything reaches the client's stdout, in the order it was written, and the
 * terminal ends each line with `\r\n` (its `onlcr` setting).
 */
export function onTerminal(out: Output): Output {
  return written(
    chunksOf(out).map((c) => ({ stream: "stdout" as const, text: c.text.replace(/\n/g, "\r\n") })),
    out.exitCode,
  );
}

/**
 * Outputs written one after another (a list's commands, a command's own steps), in that order;
 * the exit code is the last one's unless `exitCode` says otherwise.
 * @example joined([err("Unable to find image 'hello-world:latest' locally\n"), container]) // pull first
 */
export function joined(outs: readonly Output[], exitCode = outs[outs.length - 1]?.exitCode ?? 0): Output {
  return written(
    outs.flatMap((o) => chunksOf(o)),
    exitCode,
  );
}

/** The files of the directory a shell runs in. */
interface WorkingFiles {
  read(path: string): string | null;
  cwdName: string;
  cwd?: string;
  env?: (name: string) => string | undefined;
}

/**
 * A shell session on one machine of a document. Commands read `resolved()` and change the document
 * only through `apply(op)`.
 */
export class ShellContext implements IntentSession {
  private cache: Resolved | null = null;
  /** Ops applied since the last `takeOps()`, in order: `Shell.run` hands them back with the output. */
  private journal: Op[] = [];
  private baseFiles: WorkingFiles = { read: () => null, cwdName: "sandbox" };
  /**
   * Whether the running command's stdout is a terminal: the terminal sets it for its own lines, a
   * redirection or a pipe clears it (what `isatty(1)` tells a real program).
   */
  stdoutIsTerminal = false;

  /** The session's working directory on its machine (`$PWD`, the source of `-v $(pwd):/data`). */
  get cwd(): string {
    return this.baseFiles.cwd ?? `/${this.baseFiles.cwdName}`;
  }

  /**
   * The working directory's files: what the machine's own stored files hold (written in the terminal,
   * shared with its bind mounts), then the files the session was given (`docker compose` reads
   * compose.yaml there; none in the browser).
   */
  get files(): WorkingFiles {
    const base = this.baseFiles;
    return {
      ...base,
      read: (path) => {
        const e = this.doc.files?.[this.machineId]?.[normalize(path, this.cwd)];
        return e?.t === "f" ? e.data : e ? null : base.read(path);
      },
    };
  }
  set files(files: WorkingFiles) {
    this.baseFiles = files;
  }

  /** The machine's stored files under the working directory, keyed by their path relative to it. */
  workingFiles(): [string, string][] {
    const prefix = this.cwd === "/" ? "/" : `${this.cwd}/`;
    return Object.entries(this.doc.files?.[this.machineId] ?? {})
      .filter(([path, e]) => e.t === "f" && path.startsWith(prefix))
      .map(([path, e]) => [path.slice(prefix.length), (e as { data: string }).data]);
  }

  /** A file of the machine's own stored files only (absolute paths never reach a real disk). */
  machineFile(path: string): string | null {
    const e = this.doc.files?.[this.machineId]?.[normalize(path, this.cwd)];
    return e?.t === "f" ? e.data : null;
  }

  /**
   * Writes (or appends to) a file of the machine, relative to the working directory; the missing
   * directories above it are made. The room's byte budget applies: the error, or null.
   */
  writeFile(path: string, text: string, append: boolean): string | null {
    const abs = normalize(path, this.cwd);
    if (abs === "/") return "Is a directory";
    const layer = this.doc.files?.[this.machineId] ?? {};
    const entries: Record<string, FileEntry> = {};
    for (let d = abs.slice(0, abs.lastIndexOf("/")); d !== ""; d = d.slice(0, d.lastIndexOf("/"))) {
      if (!layer[d]) entries[d] = { t: "d", mode: 0o755, mtime: this.now };
    }
    entries[abs] = { t: "f", data: (append ? (this.files.read(path) ?? "") : "") + text, mode: 0o644, mtime: this.now };
    const r = this.apply({ type: "files.set", ownerId: this.machineId, entries });
    return r.ok ? null : r.error;
  }

  constructor(
    public doc: Doc,
    public machineId: string,
    readonly ids: IdSource,
    /** Milliseconds since the epoch; a function so long sessions see time pass. */
    readonly clock: () => number = () => Date.now(),
  ) {}

  get now(): number {
    return this.clock();
  }

  resolved(): Resolved {
    if (!this.cache || this.cache.doc !== this.doc) this.cache = resolve(this.doc);
    return this.cache;
  }

  apply(op: Op): ApplyOutcome {
    const result = apply(this.doc, op);
    if (!result.ok) return { ok: false, code: result.code, error: result.error };
    this.doc = result.doc;
    this.journal.push(op);
    return { ok: true };
  }

  /** Applies an intent's ops in order, stopping at the first refusal (what went before it stays). */
  applyAll(ops: readonly Op[]): ApplyOutcome {
    for (const op of ops) {
      const r = this.apply(op);
      if (!r.ok) return r;
    }
    return { ok: true };
  }

  /** What an intent needs from this session: its document, ids and time. */
  get intentEnv(): IntentEnv {
    return { doc: this.doc, ids: this.ids, now: this.now };
  }

  /**
   * The ops applied since the last call, in order, and forgets them: what a command line sends to the
   * room (`Shell.run` returns them; a test calling a command directly reads them here).
   * @example docker(ctx, ["network", "create", "app"]); ctx.takeOps() // [{ type: "network.create", ... }]
   */
  takeOps(): Op[] {
    const ops = this.journal;
    this.journal = [];
    return ops;
  }

  /** Takes over what a nested session (ssh to another machine) did: its document and its ops. */
  absorb(other: ShellContext): void {
    this.doc = other.doc;
    this.journal.push(...other.takeOps());
  }

  /** Finds a container of this machine by name, full id or unique id prefix. */
  container(nameOrId: string): ContainerView | undefined {
    return this.resolved().containerByName(this.machineId, nameOrId);
  }
}

/** Where a tool runs: inside a container (docker exec) or on a machine. */
export interface ToolEnv {
  ctx: ShellContext;
  source: Source;
  /** Set when the tool runs inside a container. */
  view?: ContainerView;
  /** The container's files, while a command runs in it. */
  fs?: Vfs;
  /** The working directory inside the container. */
  cwd?: string;
  /** Who the command runs as inside the container (`docker exec -u`); absent: root. */
  user?: ExecUser;
}

/** A program such as ping or wget: arguments in, terminal output out. */
export type Tool = (env: ToolEnv, args: string[]) => Output;
