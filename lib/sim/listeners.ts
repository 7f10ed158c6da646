import { type Container, type ImageInfo, imageInfo, type Listener } from "../model";

function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === flag) return args[i + 1];
    if (a.startsWith(flag) && /^\d+$/.test(a.slice(flag.length))) return a.slice(flag.length);
  }
  return undefined;
}

/** Servers a command line starts, for the commands people type in tutorials. */
export function listenersOfCommand(command: readonly string[], image: ImageInfo): Listener[] {
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
  const image = imageInfo(c.image);
  if (c.command.length === 0) return [...image.listens];
  return listenersOfCommand(c.command, image);
}

/** The main process of a container, as `docker ps` shows it in COMMAND. */
export function commandLine(c: Container): string[] {
  const image = imageInfo(c.image);
  if (c.command.length === 0) return [...image.cmd];
  const entry = image.cmd[0];
  return entry?.endsWith("entrypoint.sh") ? [entry, ...c.command] : [...c.command];
}

const SHELLS = new Set(["sh", "ash", "bash", "zsh", "dash"]);
const ONE_SHOT = new Set(["true", "echo", "ls", "cat", "env", "hostname", "date", "ip", "printf", "uname", "id", "pwd"]);

/**
 * How the main process ends when it starts: a shell without `-i` reads an empty stdin and exits 0 at
 * once; one-shot commands finish; servers and `sleep` keep running.
 * @returns the exit code, or null if the process keeps running.
 */
export function exitsAtOnce(c: Container): number | null {
  const line = commandLine(c);
  const prog = (line[0] ?? "").split("/").pop() ?? "";
  if (SHELLS.has(prog)) {
    const runsScript = line.includes("-c");
    if (runsScript) {
      const script = line[line.indexOf("-c") + 1] ?? "";
      return /\b(sleep|tail -f|httpd|nc -l|while)\b/.test(script) ? null : 0;
    }
    return c.interactive ? null : 0;
  }
  if (prog === "false") return 1;
  if (ONE_SHOT.has(prog)) return 0;
  return null;
}
