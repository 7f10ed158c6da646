/**
 * `dockside`: the headless shell (`sh`), the resolver report (`resolve`) and the other command-line
 * entry points. Reads and writes files; everything it prints comes from lib/.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, resolve as resolvePath } from "node:path";
import { parseDoc, serializeDoc } from "../lib/model";
import { chunksOf, type Output, Shell } from "../lib/shell";
import { addImages } from "../lib/shell/docker/image-read";
import { composeCommand } from "./compose";
import { exerciseCommand } from "./exercise";
import { resolveReport } from "./report";

const USAGE = `Usage: dockside <command>

Commands:
  sh [--json] [--doc FILE] [--save FILE] [--offline] [--images FILE]
                                            run shell commands from standard input in a fresh world
                                            (--images: a JSON list of images the engine starts with)
  resolve FILE [--json]                     addresses, names, ports, reachability and diagnostics of a document
  compose FILE [--json]                     import a compose file and print its resolved network
  exercise list|check|start ...             built-in exercises; check a document against their goals
`;

export interface Io {
  stdin(): string;
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  stdin: () => readFileSync(0, "utf8"),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function loadFile(path: string, io: Io): ReturnType<typeof parseDoc> | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    io.err(`dockside: cannot read ${path}: ${(e as Error).message}\n`);
    return null;
  }
  const loaded = parseDoc(text);
  if (!loaded.ok) io.err(`dockside: ${path}: ${loaded.error}\n`);
  return loaded;
}

/**
 * Puts images on the session machine's engine before any command runs, as an engine that imported
 * them would have them (the fidelity suite's engine imports its images offline).
 */
function loadImages(shell: Shell, path: string, io: Io): boolean {
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    io.err(`dockside: cannot read ${path}: ${(e as Error).message}\n`);
    return false;
  }
  if (!Array.isArray(list)) {
    io.err(`dockside: ${path}: expected a JSON list of images\n`);
    return false;
  }
  const refused = addImages(shell.ctx, list, Date.now());
  if (refused) {
    io.err(`dockside: ${path}: ${refused}\n`);
    return false;
  }
  return true;
}

function sh(args: string[], io: Io): number {
  const json = args.includes("--json");
  const docPath = option(args, "--doc");
  const savePath = option(args, "--save");
  let shell: Shell;
  if (docPath) {
    const loaded = loadFile(docPath, io);
    if (!loaded?.ok) return 2;
    shell = Shell.fresh({ doc: loaded.doc });
  } else shell = Shell.fresh();
  if (args.includes("--offline")) {
    // A LAN whose router leads nowhere, like a lab machine without internet access.
    for (const lan of Object.values(shell.ctx.doc.lans))
      shell.ctx.doc = { ...shell.ctx.doc, lans: { ...shell.ctx.doc.lans, [lan.id]: { ...lan, internet: false } } };
  }
  const imagesPath = option(args, "--images");
  if (imagesPath && !loadImages(shell, imagesPath, io)) return 2;
  shell.ctx.files = {
    read(path) {
      try {
        return readFileSync(resolvePath(process.cwd(), path), "utf8");
      } catch {
        return null;
      }
    },
    cwdName: basename(process.cwd()),
    cwd: process.cwd(),
    env: (name) => process.env[name],
  };
  const lines = io.stdin().split("\n");
  const results: (Output & { cmd: string })[] = [];
  let last = 0;
  for (const line of lines) {
    const cmd = line.trim();
    if (cmd === "" || cmd.startsWith("#")) continue;
    const out = shell.run(cmd);
    last = out.exitCode;
    if (json) results.push({ cmd, exitCode: out.exitCode, stdout: out.stdout, stderr: out.stderr });
    else for (const c of chunksOf(out)) (c.stream === "stdout" ? io.out : io.err)(c.text);
  }
  if (json) io.out(`${JSON.stringify(results, null, 2)}\n`);
  if (savePath) writeFileSync(savePath, serializeDoc(shell.doc));
  return json ? 0 : last;
}

export async function main(args: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "sh":
      return sh(rest, io);
    case "resolve": {
      const file = rest.find((a) => !a.startsWith("--"));
      if (!file) {
        io.err("dockside resolve: a document file is required\n");
        return 2;
      }
      const loaded = loadFile(file, io);
      if (!loaded?.ok) return 2;
      io.out(resolveReport(loaded.doc, rest.includes("--json")));
      return 0;
    }
    case "compose":
      return composeCommand(rest, io);
    case "exercise":
      return exerciseCommand(rest, io);
    case undefined:
    case "--help":
    case "help":
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`dockside: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
