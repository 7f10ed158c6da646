/** Path arithmetic of the simulated file systems (POSIX, no symlink resolution). */

/**
 * `path` made absolute against `cwd`, with `.`, `..` and repeated slashes folded.
 * @example normalize("../etc//hosts", "/tmp") // "/etc/hosts"
 */
export function normalize(path: string, cwd = "/"): string {
  const parts: string[] = [];
  for (const name of (path.startsWith("/") ? path : `${cwd}/${path}`).split("/")) {
    if (name === "" || name === ".") continue;
    if (name === "..") parts.pop();
    else parts.push(name);
  }
  return `/${parts.join("/")}`;
}

/** @example dirname("/etc/hosts") // "/etc" */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** @example basename("/etc/hosts/") // "hosts" */
export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Whether `path` is `dir` or lies below it. @example within("/data/a", "/data") // true */
export function within(path: string, dir: string): boolean {
  return dir === "/" || path === dir || path.startsWith(`${dir}/`);
}
