/**
 * A container's main process once it has started: a server prints its start-up lines and keeps running;
 * any other command runs through the container's command runner, its output goes to the log and the
 * process ends with its real exit code. The terminal gets what an attached client would print.
 */
import type { MainResult } from "../../intents";
import { type Container, imageKey, type LogLine, runsImageCommand } from "../../model";
import { type ContainerView, exitsAtOnce, mainProgram } from "../../sim";
import { chunksOf, err, type Output, ok, onTerminal, type ShellContext, written } from "../context";
import { execInContainer } from "../tools";
import { startupLines } from "./banners";
import { nginxStart } from "./server-start";

/** What hello-world's `/hello` writes (its image is FROM scratch: this one program and nothing else). */
const HELLO = `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/

`;

/** Python releases of the tags people pin; `latest` and `3` are the newest. */
const PYTHON: Readonly<Record<string, string>> = { "3.14": "3.14.7", "3.13": "3.13.11", "3.12": "3.12.12", "3.11": "3.11.14", "3.10": "3.10.19" };

function pythonVersion(image: string): string {
  const tag = image.includes(":") ? (image.split(":").pop() as string) : "latest";
  const minor = /^3\.\d+/.exec(tag)?.[0];
  if (/^3\.\d+\.\d+/.test(tag)) return /^3\.\d+\.\d+/.exec(tag)?.[0] as string;
  return (minor && PYTHON[minor]) ?? (PYTHON["3.14"] as string);
}

/** Programs that exist only as some image's main process: hello-world's `/hello`, the interpreters' `--version`. */
function imageProgram(v: ContainerView, argv: string[]): Output | null {
  const prog = (argv[0] ?? "").split("/").pop() ?? "";
  const key = imageKey(v.c.image);
  if (key === "hello-world" && argv[0] === "/hello") return ok(HELLO);
  if (key === "python" && (prog === "python" || prog === "python3")) {
    const arg = argv[1];
    if (arg === "--version" || arg === "-V") return ok(`Python ${pythonVersion(v.c.image)}\n`);
    if (arg === "-c") return null;
    if (arg !== undefined && !arg.startsWith("-")) {
      return err(`${prog}: can't open file '/${arg.replace(/^\/+/, "")}': [Errno 2] No such file or directory\n`, 2);
    }
  }
  return null;
}

function lines(text: string, stream: LogLine["stream"], at: number): LogLine[] {
  if (text === "") return [];
  const parts = text.replace(/\r\n/g, "\n").split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts.map((t) => ({ at, stream, text: t }));
}

/** The log lines of what a process wrote, in the order it wrote them. */
function logOf(out: Output, at: number): LogLine[] {
  return chunksOf(out).flatMap((c) => lines(c.text, c.stream, at));
}

function logLines(ctx: ShellContext, id: string, all: LogLine[]): void {
  for (let i = 0; i < all.length; i += 400) ctx.apply({ type: "container.log", containerId: id, lines: all.slice(i, i + 400) });
}

/**
 * `sh -c 'echo ready; sleep 1d'`: what the script prints before the command it waits in (the shell
 * then execs that command as PID 1). Loops and pipelines are left alone: they never get that far.
 */
function scriptPrefix(ctx: ShellContext, v: ContainerView, at: number): LogLine[] {
  const argv = mainProgram(v.c);
  if (!/^(sh|ash|bash|dash)$/.test((argv[0] ?? "").split("/").pop() ?? "") || argv[1] !== "-c" || argv[2] === undefined) return [];
  const script = argv[2];
  if (/\b(while|for|until|if|case)\b/.test(script)) return [];
  const cut = Math.max(script.lastIndexOf(";"), script.lastIndexOf("&&"));
  if (cut <= 0) return [];
  const out = execInContainer({ ctx, source: { kind: "container", id: v.c.id }, view: v }, [argv[0] as string, "-c", script.slice(0, cut)]);
  return logOf(out, at);
}

const MIB = 1024 * 1024;

/** Memory the images' servers settle at once started (their working set), in bytes. */
const SERVER_MEMORY: Readonly<Record<string, number>> = {
  nginx: 8 * MIB,
  httpd: 10 * MIB,
  redis: 4 * MIB,
  postgres: 30 * MIB,
  mysql: 360 * MIB,
  mariadb: 90 * MIB,
  mongo: 160 * MIB,
  python: 10 * MIB,
};

/**
 * The modelled working set of the main process: the image's server, or what a command is known to
 * hold (`head -c 50m /dev/zero | tail` keeps all of it, a Python `bytearray(N*1024*1024)` N MiB);
 * half a MiB for anything else.
 */
export function memoryDemand(c: Container): number {
  const line = mainProgram(c).join(" ");
  const hog = /head -c (\d+)([kmg]?)\S* \/dev\/(?:zero|urandom) \| tail/i.exec(line);
  if (hog) return Number(hog[1]) * 1024 ** " kmg".indexOf((hog[2] || " ").toLowerCase());
  const py = /bytearray\((\d+)\s*\*\s*1024\s*\*\s*1024\)/.exec(line);
  if (py) return Number(py[1]) * MIB;
  if (runsImageCommand(c)) return SERVER_MEMORY[imageKey(c.image)] ?? 512 * 1024;
  return 512 * 1024;
}

/** Image `key`'s server, started with the image's own command. */
function servesByDefault(v: ContainerView, key: string): boolean {
  return imageKey(v.c.image) === key && runsImageCommand(v.c);
}

/** The kernel's OOM killer: a main process whose working set is over the memory limit is killed. */
function overLimit(c: Container): boolean {
  const limit = c.spec?.resources?.memory ?? 0;
  return limit > 0 && memoryDemand(c) > limit;
}

/** The runtime's words when the main program does not exist in the image (`docker run`/`start` print them). */
function notFound(program: string): string {
  const why = program.includes("/") ? `stat ${program}: no such file or directory` : "executable file not found in $PATH";
  return `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${program}": ${why}: unknown`;
}

/**
 * Runs the main process of container `id`, which `container.start` (with `foreground`) has just
 * started: logs what it prints and reports its end. Returns what `docker run`/`start -a` print; a
 * program missing from the image leaves the container Created (exit 127) with `startError` set.
 */
export function runMainProcess(ctx: ShellContext, id: string): MainResult {
  const v = ctx.resolved().containers.get(id);
  if (v?.c.state !== "running") return ok();
  const at = ctx.now;
  if (overLimit(v.c)) {
    // The shell that ran the memory hog reports it killed; a server just dies.
    const text = mainProgram(v.c)[0]?.match(/(^|\/)(sh|ash|bash|dash)$/) ? "Killed\n" : "";
    logLines(ctx, id, lines(text, "stderr", at));
    ctx.apply({ type: "container.exit", containerId: id, exitCode: 137, at, oomKilled: true });
    return { stdout: "", stderr: text, exitCode: 137 };
  }
  if (exitsAtOnce(v.c) === null) {
    const ipv6 = servesByDefault(v, "nginx") ? nginxStart(ctx, v) : [];
    const banner = [...startupLines(v, at, ipv6), ...scriptPrefix(ctx, v, at)];
    logLines(ctx, id, banner);
    return shown(
      v.c,
      written(
        banner.map((l) => ({ stream: l.stream, text: `${l.text}\n` })),
        0,
      ),
    );
  }
  const argv = mainProgram(v.c);
  const out = imageProgram(v, argv) ?? execInContainer({ ctx, source: { kind: "container", id }, view: v }, argv);
  if (out.exitCode === 126 && out.stdout.startsWith("OCI runtime exec failed")) {
    ctx.apply({ type: "container.exit", containerId: id, exitCode: 127, at, startFailed: true });
    return { stdout: "", stderr: "", exitCode: 127, startError: notFound(argv[0] ?? "") };
  }
  logLines(ctx, id, logOf(out, at));
  ctx.apply({ type: "container.exit", containerId: id, exitCode: Math.min(255, Math.max(0, out.exitCode)), at });
  return shown(v.c, out);
}

/** What an attached client shows of the main process: with a terminal (-t), its one stream. */
function shown(c: Container, out: Output): Output {
  return c.tty ? onTerminal(out) : out;
}
