/**
 * The build context: the session's files under the context directory, less what `.dockerignore`
 * excludes, and the size the CLI reports for the tar it sends (`Sending build context to Docker daemon`).
 */
import type { ShellContext } from "../context";

interface BuildContext {
  /** Context-relative path -> content. */
  files: Map<string, string>;
  /** Bytes of the tar the CLI sends. */
  tarBytes: number;
}

/** Most files a build context may hold, and bytes in all. */
const MAX_CONTEXT_FILES = 2000;
const MAX_CONTEXT_BYTES = 8 * 1024 * 1024;

function normalise(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return parts.join("/");
}

/** `.dockerignore` patterns (`fileutils.Matches`): globs on path segments, `**`, and `!` exceptions. */
function ignoreMatcher(text: string | undefined): (path: string) => boolean {
  if (!text) return () => false;
  const rules = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const negate = l.startsWith("!");
      const pattern = normalise(negate ? l.slice(1).trim() : l);
      const re = pattern
        .split("/")
        .map((seg) =>
          seg === "**"
            ? ".*"
            : seg
                .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                .replace(/\*/g, "[^/]*")
                .replace(/\?/g, "[^/]"),
        )
        .join("/");
      return { negate, re: new RegExp(`^${re}(/.*)?$`) };
    });
  return (path) => {
    let ignored = false;
    for (const r of rules) if (r.re.test(path)) ignored = !r.negate;
    return ignored;
  };
}

/** Session files under `dir` ("." for the working directory), keyed by their path inside it. */
function sessionFilesUnder(ctx: ShellContext, dir: string): Map<string, string> {
  const prefix = normalise(dir);
  const out = new Map<string, string>();
  for (const [key, content] of ctx.workingFiles()) {
    const path = normalise(key);
    if (prefix === "") out.set(path, content);
    else if (path.startsWith(`${prefix}/`)) out.set(path.slice(prefix.length + 1), content);
  }
  return out;
}

/** Whether the session has `dir` as a directory (a file under it) or it is the working directory. */
export function sessionHasDir(ctx: ShellContext, dir: string): boolean {
  return normalise(dir) === "" || sessionFilesUnder(ctx, dir).size > 0;
}

const block = (n: number) => Math.ceil(n / 512) * 512;

/**
 * Collects the context, or says why it is too big. The Dockerfile and `.dockerignore` are always sent.
 */
export function collectContext(ctx: ShellContext, dir: string, dockerfile: string): BuildContext | string {
  const all = sessionFilesUnder(ctx, dir);
  const ignored = ignoreMatcher(all.get(".dockerignore"));
  const files = new Map<string, string>();
  let bytes = 0;
  for (const [path, content] of [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (ignored(path) && path !== ".dockerignore" && path !== dockerfile) continue;
    files.set(path, content);
    bytes += content.length;
    if (files.size > MAX_CONTEXT_FILES || bytes > MAX_CONTEXT_BYTES) {
      return `the build context holds more than ${MAX_CONTEXT_FILES} files or ${MAX_CONTEXT_BYTES} bytes; Dockside sends at most that`;
    }
  }
  const dirs = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  let tarBytes = 1024 + dirs.size * 512;
  for (const content of files.values()) tarBytes += 512 + block(new TextEncoder().encode(content).length);
  return { files, tarBytes };
}
