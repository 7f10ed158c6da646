/**
 * The headless shell: one command line in, what a terminal shows out. Runs `docker ...` against the
 * document and other programs on the machine (or, after `docker exec`, inside a container).
 */
import { createWorld, type Doc, type IdSource, randomIds, seededIds } from "../model";
import type { Op } from "../ops";
import { err, type Output, ShellContext } from "./context";
import { docker } from "./docker";
import { ipAddrChange, lab } from "./lab";
import { runScript } from "./script";
import { ssh } from "./ssh";
import { service, systemctl } from "./systemctl";
import { runOnHost } from "./tools";
import { vboxManage } from "./vbox";
import { virsh } from "./virsh";

interface FreshOptions {
  seed?: number;
  clock?: () => number;
  doc?: Doc;
}

/** What one command line did: what the terminal shows, and the ops it applied, in order, for the room. */
export interface ShellResult extends Output {
  ops: Op[];
}

export class Shell {
  /** Shell variables (`VAR=value`, `$?`), kept across lines as in an interactive shell. */
  readonly env = new Map<string, string>();
  constructor(readonly ctx: ShellContext) {}

  /** A shell on the host of a fresh world (or of `doc`), with seeded ids when `seed` is given. */
  static fresh(opts: FreshOptions = {}): Shell {
    const ids: IdSource = opts.seed === undefined ? randomIds : seededIds(opts.seed);
    const clock = opts.clock ?? (() => Date.now());
    const doc = opts.doc ?? createWorld(ids, clock());
    const machineId = Object.values(doc.machines).sort((a, b) => a.order - b.order)[0]?.id ?? "m-host";
    return new Shell(new ShellContext(doc, machineId, ids, clock));
  }

  get doc(): Doc {
    return this.ctx.doc;
  }

  /**
   * Runs one line: its output, and the ops it applied to `ctx.doc` (the caller sends these to the room,
   * once). Blank lines and comments print nothing. Never throws.
   */
  run(line: string): ShellResult {
    this.ctx.takeOps(); // what commands run outside a line (exec called directly) applied is not this line's
    const out = this.output(line.trim());
    return { ...out, ops: this.ctx.takeOps() };
  }

  private output(line: string): Output {
    if (line === "" || line.startsWith("#")) return { stdout: "", stderr: "", exitCode: 0 };
    try {
      return runScript(line, this.env, (words, tty) => this.exec(words, "", tty), {
        execWithInput: (words, stdin, tty) => this.exec(words, stdin, tty),
        tty: true,
        files: { read: (path) => this.ctx.files.read(path), write: (path, text, append) => this.ctx.writeFile(path, text, append) },
        cwd: this.ctx.cwd,
      });
    } catch (e) {
      // A bug must never take the session down: say what happened; the ops applied before it stand.
      return err(`dockside: internal error: ${(e as Error).message}\n`, 1);
    }
  }

  /**
   * Runs one command; `stdin` reaches the machine's programs (`docker ps | grep web`), not docker itself.
   * `tty`: its stdout is the terminal (`docker export` refuses to write an archive there).
   */
  exec(words: string[], stdin = "", tty = false): Output {
    const [prog, ...args] = words;
    if (prog === undefined) return { stdout: "", stderr: "", exitCode: 0 };
    const was = this.ctx.stdoutIsTerminal;
    this.ctx.stdoutIsTerminal = tty;
    try {
      return this.program(prog, args, words, stdin);
    } finally {
      this.ctx.stdoutIsTerminal = was;
    }
  }

  private program(prog: string, args: string[], words: string[], stdin: string): Output {
    if (prog === "docker") return docker(this.ctx, args);
    if (prog === "VBoxManage" || prog === "vboxmanage") return vboxManage(this.ctx, args);
    if (prog === "lab") return lab(this.ctx, args);
    if (prog === "systemctl") return systemctl(this.ctx, args);
    if (prog === "service") return service(this.ctx, args);
    // The terminal's shell is root's already.
    if (prog === "sudo") return this.exec(args, stdin);
    if (prog === "virsh") return virsh(this.ctx, args);
    if (prog === "ssh") return ssh(this.ctx, args, (c, w) => new Shell(c).exec(w));
    if (prog === "ip") {
      const changed = ipAddrChange(this.ctx, args);
      if (changed) return changed;
    }
    const out = runOnHost({ ctx: this.ctx, source: { kind: "machine", id: this.ctx.machineId } }, words, stdin);
    return out ?? err(`sh: ${prog}: not found\n`, 127);
  }
}
