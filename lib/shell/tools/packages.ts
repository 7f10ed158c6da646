/**
 * Package managers: `apk add` (alpine) and `apt-get update` / `apt-get install` (Debian-based images).
 * Installing writes the package's programs and its database entry into the writable layer (so a
 * new container of the same image has none of it), after reaching the mirror through the
 * container's network like the real tool; with no route out they fail with its words.
 */
import type { Output, ToolEnv } from "../context";
import { dirname } from "../fs/path";
import { connect } from "./net";

/** A package: its version and the programs it installs (in /usr/bin). */
interface Package {
  version: string;
  programs: string[];
  /** Packages it pulls in first. */
  deps?: string[];
}

/** The packages Dockside knows, with the tools they bring (each must be a program the shell runs). */
const APK: Record<string, Package> = {
  curl: {
    version: "8.14.1-r2",
    programs: ["curl"],
    deps: ["ca-certificates", "brotli-libs", "c-ares", "libidn2", "libpsl", "nghttp2-libs", "zstd-libs", "libcurl"],
  },
  "ca-certificates": { version: "20250911-r0", programs: [] },
  "brotli-libs": { version: "1.1.0-r2", programs: [] },
  "c-ares": { version: "1.34.5-r0", programs: [] },
  libidn2: { version: "2.3.7-r0", programs: [] },
  libpsl: { version: "0.21.5-r3", programs: [] },
  "nghttp2-libs": { version: "1.65.0-r0", programs: [] },
  "zstd-libs": { version: "1.5.7-r0", programs: [] },
  libcurl: { version: "8.14.1-r2", programs: [] },
  bash: { version: "5.2.37-r0", programs: ["bash"], deps: ["readline"] },
  readline: { version: "8.2.13-r1", programs: [] },
  "bind-tools": { version: "9.20.11-r0", programs: ["nslookup"] },
  "iproute2-minimal": { version: "6.15.0-r0", programs: ["ip"] },
};

const APT: Record<string, Package> = {
  curl: { version: "8.14.1-2", programs: ["curl"], deps: ["ca-certificates", "libcurl4t64"] },
  "ca-certificates": { version: "20250419", programs: [] },
  libcurl4t64: { version: "8.14.1-2", programs: [] },
  "iputils-ping": { version: "3:20240905-3", programs: ["ping"] },
  iproute2: { version: "6.15.0-1", programs: ["ip"] },
  procps: { version: "2:4.0.4-9", programs: ["ps"] },
  dnsutils: { version: "1:9.20.9-1", programs: ["nslookup"] },
  wget: { version: "1.25.0-2", programs: ["wget"] },
  "netcat-openbsd": { version: "1.229-1", programs: ["nc"] },
};

const MIRROR = { apk: "dl-cdn.alpinelinux.org", apt: "deb.debian.org" };

function online(env: ToolEnv, host: string): boolean {
  return connect(env, host, 443).kind === "connected";
}

/** Packages to install for `names`, dependencies first, skipping what is installed. */
function plan(db: Record<string, Package>, names: string[], installed: (n: string) => boolean): string[] | { missing: string } {
  const out: string[] = [];
  const visit = (n: string): string | null => {
    const p = db[n];
    if (!p) return n;
    for (const d of p.deps ?? []) {
      const m = visit(d);
      if (m) return m;
    }
    if (!installed(n) && !out.includes(n)) out.push(n);
    return null;
  };
  for (const n of names) {
    const m = visit(n);
    if (m) return { missing: m };
  }
  return out;
}

/** Writes a package's programs and database entry; the error of the first write refused. */
function install(env: ToolEnv, p: Package, dbFile: string, record: string): string | null {
  const fs = env.fs;
  if (!fs) return "Read-only file system";
  for (const prog of p.programs) {
    const path = `/usr/bin/${prog}`;
    const r = fs.write(path, "\x7fELF\x02\x01\x01") ?? fs.chmod(path, 0o755);
    if (r) return r;
  }
  if (!fs.stat(dirname(dbFile))) fs.mkdir(dirname(dbFile));
  return fs.write(dbFile, record, true);
}

const APK_DB = "/lib/apk/db/installed";

/**
 * `apk add PKG...` / `apk update`, as alpine's apk-tools prints them.
 * @example apk(env, ["add", "curl"]).stdout // "fetch https://dl-cdn.alpinelinux.org/...\n(1/9) Installing ca-certificates ..."
 */
export function apk(env: ToolEnv, args: string[]): Output {
  const [cmd, ...rest] = args;
  const names = rest.filter((a) => !a.startsWith("-"));
  const repos = ["main", "community"].map((r) => `https://${MIRROR.apk}/alpine/v3.24/${r}/x86_64/APKINDEX.tar.gz`);
  const fetch = repos.map((u) => `fetch ${u}\n`).join("");
  const up = online(env, MIRROR.apk);
  if (cmd === "update") {
    if (!up)
      return {
        stdout: fetch,
        stderr: repos.map((u) => `WARNING: updating and opening ${u.replace(/\/x86_64\/APKINDEX.tar.gz$/, "")}: temporary error (try again later)\n`).join(""),
        exitCode: 2,
      };
    return {
      stdout: `${fetch}v3.24.2 [${repos[0]?.replace(/\/x86_64\/APKINDEX.tar.gz$/, "")}]\nOK: 25 distinct packages available\n`,
      stderr: "",
      exitCode: 0,
    };
  }
  if (cmd !== "add" || names.length === 0) return { stdout: "", stderr: "usage: apk add [<OPTIONS>...] PACKAGES...\n", exitCode: 1 };
  const installed = (n: string) => (env.fs?.read(APK_DB) as { text?: string })?.text?.includes(`\nP:${n}\n`) ?? false;
  const todo = plan(APK, names, installed);
  if (!up || !Array.isArray(todo)) {
    const missing = Array.isArray(todo) ? names : [todo.missing];
    const warn = up
      ? ""
      : repos.map((u) => `WARNING: updating and opening ${u.replace(/\/x86_64\/APKINDEX.tar.gz$/, "")}: temporary error (try again later)\n`).join("");
    const why = missing.map((n) => `  ${n} (no such package):\n    required by: world[${n}]\n`).join("");
    return { stdout: fetch, stderr: `${warn}ERROR: unable to select packages:\n${why}`, exitCode: 1 };
  }
  let stdout = fetch;
  for (const [i, n] of todo.entries()) {
    const p = APK[n] as Package;
    stdout += `(${i + 1}/${todo.length}) Installing ${n} (${p.version})\n`;
    const failed = install(env, p, APK_DB, `\nP:${n}\nV:${p.version}\n`);
    if (failed) return { stdout, stderr: `ERROR: ${n}-${p.version}: ${failed}\n`, exitCode: 1 };
  }
  const world = env.fs?.read("/etc/apk/world");
  if (env.fs && world && typeof world !== "string") env.fs.write("/etc/apk/world", world.text + names.map((n) => `${n}\n`).join(""));
  return { stdout: `${stdout}OK: ${13 + todo.length} MiB in ${17 + todo.length} packages\n`, stderr: "", exitCode: 0 };
}

const APT_LISTS = "/var/lib/apt/lists/deb.debian.org_debian_dists_trixie_InRelease";
const DPKG_STATUS = "/var/lib/dpkg/status";

/**
 * `apt-get update` and `apt-get install [-y] PKG...` on Debian-based images.
 * @example aptGet(env, ["install", "-y", "curl"]).exitCode // 100 before `apt-get update`
 */
export function aptGet(env: ToolEnv, args: string[]): Output {
  const [cmd, ...rest] = args.filter((a) => a !== "-y" && a !== "-q" && a !== "--yes" && a !== "--no-install-recommends");
  const up = online(env, MIRROR.apt);
  const sources = ["trixie", "trixie-updates"]
    .map((s) => `http://${MIRROR.apt}/debian ${s} InRelease`)
    .concat(["http://deb.debian.org/debian-security trixie-security InRelease"]);
  if (cmd === "update") {
    if (!up) {
      const ign = sources.map((s, i) => `Ign:${i + 1} ${s}\n`).join("");
      const err = sources
        .map((s) => `W: Failed to fetch ${s.replace(" InRelease", "/InRelease").replace(" ", "/dists/")}  Temporary failure resolving '${MIRROR.apt}'\n`)
        .join("");
      return {
        stdout: `${ign}${sources.map((s, i) => `Err:${i + 1} ${s}\n  Temporary failure resolving '${MIRROR.apt}'\n`).join("")}Reading package lists...\n`,
        stderr: `${err}W: Some index files failed to download. They have been ignored, or old ones used instead.\n`,
        exitCode: 0,
      };
    }
    env.fs?.mkdir("/var/lib/apt/lists");
    env.fs?.write(APT_LISTS, "Origin: Debian\nSuite: stable\nCodename: trixie\n");
    return {
      stdout: `${sources.map((s, i) => `Get:${i + 1} ${s} [140 kB]`).join("\n")}\nFetched 9,670 kB in 1s (8,990 kB/s)\nReading package lists...\n`,
      stderr: "",
      exitCode: 0,
    };
  }
  if (cmd !== "install") return { stdout: "", stderr: `E: Invalid operation ${cmd ?? ""}\n`, exitCode: 100 };
  const head = "Reading package lists...\nBuilding dependency tree...\nReading state information...\n";
  const updated = env.fs?.stat(APT_LISTS) !== undefined;
  const installed = (n: string) => (env.fs?.read(DPKG_STATUS) as { text?: string })?.text?.includes(`Package: ${n}\n`) ?? false;
  const todo = plan(APT, rest, installed);
  if (!updated || !Array.isArray(todo)) {
    const name = Array.isArray(todo) ? rest[0] : todo.missing;
    return { stdout: head, stderr: `E: Unable to locate package ${name}\n`, exitCode: 100 };
  }
  if (!up)
    return { stdout: head, stderr: `E: Failed to fetch http://${MIRROR.apt}/debian/pool/main/  Temporary failure resolving '${MIRROR.apt}'\n`, exitCode: 100 };
  let stdout = `${head}The following NEW packages will be installed:\n  ${todo.join(" ")}\n0 upgraded, ${todo.length} newly installed, 0 to remove and 0 not upgraded.\n`;
  for (const n of todo) stdout += `Get:1 http://${MIRROR.apt}/debian trixie/main amd64 ${n} amd64 ${(APT[n] as Package).version}\n`;
  for (const n of todo) {
    const p = APT[n] as Package;
    stdout += `Selecting previously unselected package ${n}.\nUnpacking ${n} (${p.version}) ...\nSetting up ${n} (${p.version}) ...\n`;
    const failed = install(env, p, DPKG_STATUS, `Package: ${n}\nStatus: install ok installed\nVersion: ${p.version}\n\n`);
    if (failed) return { stdout, stderr: `E: ${failed}\n`, exitCode: 100 };
  }
  return { stdout, stderr: "", exitCode: 0 };
}
