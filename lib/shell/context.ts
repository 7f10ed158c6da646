/**
 * What every command of the headless shell works with: the document, its resolution, the clock and
 * the one way to change the document (named ops).
 */
import type { IntentEnv } from "../intents";
import type { Doc, IdSource } from "../model";
import type { Op } from "../ops";
import { apply } from "../ops";
import { type ContainerView, type Resolved, resolve, type Source } from "../sim";
import type { Vfs } from "./fs/vfs";

/** What a command prints, as a terminal shows it. */
export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const ok = (stdout = ""): Output => ({ stdout, stderr: "", exitCode: 0 });
export const err = (stderr: string, exitCode = 1, stdout = ""): Output => ({ stdout, stderr, exitCode });

export type ApplyOutcome = { ok: true } | { ok: false; code: string; error: string };

/** The files of the directory a shell runs in. */
export interface WorkingFiles {
  read(path: string): string | null;
  cwdName: string;
  cwd?: string;
  env?: (name: string) => string | undefined;
}

function scratchKey(path: string): string {
  return path.replace(/^(\.\/)+/, "");
}

/**
 * A shell session on one machine of a document. Commands read `resolved()` and change the document
 * only through `apply(op)`.
 */
export class ShellContext {
  private cache: Resolved | null = null;
  /** Ops applied since the last `takeOps()`, in order: `Shell.run` hands them back with the output. */
  private journal: Op[] = [];
  /**
   * Files written in this session (`echo ... > compose.yaml`). They live with the session and never
   * touch a real disk; reads see them before the working directory's own files.
   */
  readonly scratch = new Map<string, string>();
  private baseFiles: WorkingFiles = { read: () => null, cwdName: "sandbox" };

  /** The working directory's files (`docker compose` reads compose.yaml there); none in the browser. */
  get files(): WorkingFiles {
    const base = this.baseFiles;
    return { ...base, read: (path) => this.scratch.get(scratchKey(path)) ?? base.read(path) };
  }
  set files(files: WorkingFiles) {
    this.baseFiles = files;
  }

  /** Writes (or appends to) a file of the session's working directory. */
  writeFile(path: string, text: string, append: boolean): void {
    const key = scratchKey(path);
    this.scratch.set(key, (append ? (this.files.read(path) ?? "") : "") + text);
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
}

/** A program such as ping or wget: arguments in, terminal output out. */
export type Tool = (env: ToolEnv, args: string[]) => Output;
