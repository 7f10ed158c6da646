/**
 * `tar -t` (list) over archives in the container's or the machine's files, or stdin: BusyBox's applet
 * on BusyBox images, GNU tar on Debian-based images and machines, each with its own words.
 */
import type { Output } from "../context";
import { readTar, type TarMember } from "../fs/tar";
import type { Node } from "../fs/vfs";
import type { TextIo } from "./coreutils";
import { modeText } from "./fileutils";

const BB_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [FILE]...

Create, extract, or list files from a tar file
`;

interface TarArgs {
  mode?: string;
  verbose: boolean;
  file?: string;
  members: string[];
}

/** `tf FILE`, `-tvf FILE`, `-t -f FILE`: the first word may be bundled letters without a dash. */
function parseArgs(args: string[]): TarArgs | { missing: string } | { unknown: string } {
  const out: TarArgs = { verbose: false, members: [] };
  const words = [...args];
  if (words[0] !== undefined && !words[0].startsWith("-")) words[0] = `-${words[0]}`;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "--list") out.mode = "t";
    else if (w === "--verbose") out.verbose = true;
    else if (w.startsWith("--file=")) out.file = w.slice(7);
    else if (w === "--file") out.file = words[++i];
    else if (/^-[A-Za-z]+$/.test(w)) {
      for (const [k, c] of [...w.slice(1)].entries()) {
        if ("ctxrua".includes(c)) out.mode = c;
        else if (c === "v") out.verbose = true;
        else if (c === "f") {
          // `-fFILE` or `-f FILE`: the rest of the word, else the next word.
          const rest = w.slice(k + 2);
          out.file = rest !== "" ? rest : words[++i];
          if (out.file === undefined) return { missing: "f" };
          break;
        } else if (!"zjJZaohmkpO".includes(c)) return { unknown: c };
      }
    } else out.members.push(w);
  }
  return out;
}

function stamp(ms: number, seconds: boolean): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, seconds ? 19 : 16)}`;
}

/** One line of `tar -tv`. */
function verboseLine(m: TarMember, bb: boolean): string {
  const node = (m.type === "l" ? { t: "l", target: m.target, mtime: 0 } : { t: m.type === "d" ? "d" : "f", mode: m.mode, mtime: 0, data: "" }) as Node;
  const owner = `${m.uname || m.uid}/${m.gname || m.gid}`;
  const size = String(m.size);
  const link = m.type === "l" ? ` -> ${m.target}` : m.type === "h" ? ` link to ${m.target}` : "";
  const mode = m.type === "h" ? `h${modeText(node).slice(1)}` : modeText(node);
  // BusyBox: owner, then the size in 9 columns; GNU: owner and size together in at least 19.
  const ownerSize = bb ? `${owner} ${size.padStart(9)}` : `${owner} ${size.padStart(Math.max(1, 18 - owner.length))}`;
  return `${mode} ${ownerSize} ${stamp(m.mtime, bb)} ${m.name}${link}\n`;
}

/**
 * `tar -t[v] [-f FILE] [MEMBER...]`; `read` gives the archive's text from the caller's files.
 * @example tar(["-tf", "c.tar"], "", io).stdout // ".dockerenv\nbin/\n..."
 */
export function tar(args: string[], stdin: string, io: TextIo): Output {
  const bb = io.bb;
  const p = parseArgs(args);
  if ("missing" in p) {
    return bb
      ? { stdout: "", stderr: `tar: option requires an argument -- 'f'\n${BB_USAGE}`, exitCode: 1 }
      : { stdout: "", stderr: "tar: option requires an argument -- 'f'\nTry 'tar --help' or 'tar --usage' for more information.\n", exitCode: 2 };
  }
  if ("unknown" in p) {
    return bb
      ? { stdout: "", stderr: `tar: invalid option -- '${p.unknown}'\n${BB_USAGE}`, exitCode: 1 }
      : { stdout: "", stderr: `tar: invalid option -- '${p.unknown}'\nTry 'tar --help' or 'tar --usage' for more information.\n`, exitCode: 2 };
  }
  if (p.mode === undefined) {
    return bb
      ? { stdout: "", stderr: BB_USAGE, exitCode: 1 }
      : {
          stdout: "",
          stderr:
            "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
          exitCode: 2,
        };
  }
  if (p.mode !== "t") {
    // Only listing is modelled: making or unpacking archives would need what tar writes, not stored here.
    return { stdout: "", stderr: `tar: only -t (list) is available in this sandbox\n`, exitCode: 2 };
  }
  let archive = stdin;
  if (p.file !== undefined && p.file !== "-") {
    const r = io.read(p.file);
    if ("error" in r) {
      return bb
        ? { stdout: "", stderr: `tar: can't open '${p.file}': ${r.error}\n`, exitCode: 1 }
        : { stdout: "", stderr: `tar: ${p.file}: Cannot open: ${r.error}\ntar: Error is not recoverable: exiting now\n`, exitCode: 2 };
    }
    archive = r.text;
  }
  const { members, error } = readTar(archive);
  const bare = (w: string) => w.replace(/\/+$/, "");
  const matches = (m: TarMember, w: string) => bare(m.name) === bare(w) || m.name.startsWith(`${bare(w)}/`);
  const listed = members.filter((m) => p.members.length === 0 || p.members.some((w) => matches(m, w)));
  const stdout = listed.map((m) => (p.verbose ? verboseLine(m, bb) : `${m.name}\n`)).join("");
  if (error) {
    if (bb) return { stdout, stderr: `tar: ${error === "short" ? "short read" : "invalid tar magic"}\n`, exitCode: 1 };
    const skip = members.length === 0 && archive.length >= 512 ? "tar: Skipping to next header\n" : "";
    return { stdout, stderr: `tar: This does not look like a tar archive\n${skip}${GNU_FAILED}`, exitCode: 2 };
  }
  const missing = p.members.filter((w) => !members.some((m) => matches(m, w)));
  if (missing.length === 0) return { stdout, stderr: "", exitCode: 0 };
  const said = missing.map((w) => `tar: ${w}: ${bb ? "not" : "Not"} found in archive\n`).join("");
  return { stdout, stderr: bb ? said : `${said}${GNU_FAILED}`, exitCode: bb ? 1 : 2 };
}

const GNU_FAILED = "tar: Exiting with failure status due to previous errors\n";
