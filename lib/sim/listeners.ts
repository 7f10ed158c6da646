import { type Container, containerImage, type ImageInfo, type Listener } from "../model";

function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === flag) return args[i + 1];
    if (a.startsWith(flag) && /^\d+$/.test(a.slice(flag.length))) return a.slice(flag.length);
  }
  return undefined;
}

/** Servers a command line starts, for the commands people type in tutorials. */
function listenersOfCommand(command: readonly string[], image: ImageInfo): Listener[] {
  const prog = (command[0] ?? "").split("/").pop() ?? "";
  const defaultProg = (image.cmd.find((part) => !part.endsWith("entrypoint.sh")) ?? "").split("/").pop();
  if (prog !== "" && prog === defaultProg) return [...image.listens];
  const args = command.slice(1);
  switch (prog) {
    case "httpd": {
      const port = Number(flagValue(args, "-p") ?? "80");
      return Number.isInteger(port) && port > 0 && port < 65536 ? [{ port, proto: "tcp" }] : [];
    }
    case "nc": {
      const listen = args.some((a) => /^-[a-z]*l/.test(a));
      const port = Number(flagValue(args, "-p") ?? flagValue(args, "-lp") ?? flagValue(args, "-lkp") ?? "");
      const udp = args.some((a) => /^-[a-z]*u/.test(a));
      return listen && Number.isInteger(port) && port > 0 && port < 65536 ? [{ port, proto: udp ? "udp" : "tcp" }] : [];
    }
    case "python":
    case "python3": {
      if (args[0] === "-m" && args[1] === "http.server") {
        const port = Number(args[2] ?? "8000");
        return Number.isInteger(port) ? [{ port, proto: "tcp" }] : [];
      }
      return [];
    }
    default:
      return [];
  }
}

/**
 * What listens inside a container: the user's declaration if any, else what its command starts
 * (a command replaces the image's CMD, so `docker run nginx sleep 1d` serves nothing).
 */
export function listenersOf(c: Container): Listener[] {
  if (c.listens) return c.listens;
  const image = containerImage(c);
  if (c.command.length === 0) return [...image.listens];
  return listenersOfCommand(c.command, image);
}

/** The main process of a container, as `docker ps` shows it in COMMAND: entrypoint, then command or CMD. */
export function commandLine(c: Container): string[] {
  // `--entrypoint` replaces the image's ENTRYPOINT and drops its CMD.
  if (c.spec?.entrypoint) return [...c.spec.entrypoint, ...c.command];
  const image = containerImage(c);
  if (c.command.length === 0) return [...image.cmd];
  const entry = image.cmd[0];
  return entry?.endsWith("entrypoint.sh") ? [entry, ...c.command] : [...c.command];
}

const SHELLS = new Set(["sh", "ash", "bash", "zsh", "dash"]);
/** Programs that serve or wait until they are stopped. */
const LONG_RUNNING = new Set(["sleep", "top", "httpd", "nginx", "redis-server", "postgres", "mysqld", "mariadbd", "mongod", "httpd-foreground", "registry"]);
const INTERPRETERS = new Set(["python", "python3", "node"]);

/** The program the main process runs, past the image's entrypoint script. */
export function mainProgram(c: Container): string[] {
  const line = commandLine(c);
  let i = 0;
  while (i < line.length - 1 && (line[i] as string).endsWith("entrypoint.sh")) i++;
  return line.slice(i);
}

/**
 * How the main process ends when it starts: a shell without `-i` reads an empty stdin and exits 0 at
 * once; servers, `sleep`, `tail -f`, `ping` without `-c` and listening `nc` keep running; other
 * commands finish (the terminal runs them for their output and real exit code).
 * @returns the exit code, or null if the process keeps running.
 */
export function exitsAtOnce(c: Container): number | null {
  const line = mainProgram(c);
  const prog = (line[0] ?? "").split("/").pop() ?? "";
  const args = line.slice(1);
  // An image Dockside doesn't know: its default command is assumed to serve.
  if (prog === "") return null;
  if (SHELLS.has(prog)) {
    const runsScript = args.includes("-c");
    if (runsScript) {
      const script = args[args.indexOf("-c") + 1] ?? "";
      return /\b(sleep|tail -f|httpd|nc -l|while|top)\b/.test(script) ? null : 0;
    }
    return c.interactive ? null : 0;
  }
  if (LONG_RUNNING.has(prog)) return null;
  if (prog === "tail") return args.some((a) => /^-[a-zA-Z]*[fF]/.test(a)) ? null : 0;
  if (prog === "ping") return args.some((a) => /^-[a-zA-Z]*c/.test(a)) ? 0 : null;
  if (prog === "nc") return args.some((a) => /^-[a-z]*l/i.test(a)) ? null : 0;
  if (INTERPRETERS.has(prog)) {
    if (args.length === 0) return c.interactive ? null : 0;
    if (args[0] === "-m" && args[1] === "http.server") return null;
    return 0;
  }
  if (prog === "false") return 1;
  if (containerImage(c).listens.length > 0 && c.command.length === 0) return null;
  return 0;
}
