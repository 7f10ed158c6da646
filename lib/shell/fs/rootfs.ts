/**
 * The files of each image as a read-only tree: its directories, /etc files and the programs it ships
 * (which programs exist is what the image's tools are). Static data, built once per image and kept
 * out of the document.
 */
import { imageInfo, imageKey } from "../../model";
import { DOCROOTS } from "../../ops";
import { serverConfig } from "./server-config";
import type { Node, Tree } from "./vfs";

/** When the images' files were made (their mtime in `ls -l`). */
const IMAGE_TIME = Date.UTC(2026, 9, 8, 12, 0);
const BIN = "\x7fELF\x02\x01\x01";

type Family = "busybox" | "debian" | "none";

const BUSYBOX_PASSWD =
  "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\n";
const BUSYBOX_GROUP = "root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nnogroup:x:65534:\n";

const DEBIAN_USERS: [string, number, number, string, string][] = [
  ["root", 0, 0, "/root", "/bin/bash"],
  ["daemon", 1, 1, "/usr/sbin", "/usr/sbin/nologin"],
  ["bin", 2, 2, "/bin", "/usr/sbin/nologin"],
  ["sys", 3, 3, "/dev", "/usr/sbin/nologin"],
  ["sync", 4, 65534, "/bin", "/bin/sync"],
  ["games", 5, 60, "/usr/games", "/usr/sbin/nologin"],
  ["man", 6, 12, "/var/cache/man", "/usr/sbin/nologin"],
  ["lp", 7, 7, "/var/spool/lpd", "/usr/sbin/nologin"],
  ["mail", 8, 8, "/var/mail", "/usr/sbin/nologin"],
  ["news", 9, 9, "/var/spool/news", "/usr/sbin/nologin"],
  ["uucp", 10, 10, "/var/spool/uucp", "/usr/sbin/nologin"],
  ["proxy", 13, 13, "/bin", "/usr/sbin/nologin"],
  ["www-data", 33, 33, "/var/www", "/usr/sbin/nologin"],
  ["backup", 34, 34, "/var/backups", "/usr/sbin/nologin"],
  ["nobody", 65534, 65534, "/nonexistent", "/usr/sbin/nologin"],
];

const DEBIAN_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
NAME="Debian GNU/Linux"
VERSION_ID="13"
VERSION="13 (trixie)"
VERSION_CODENAME=trixie
DEBIAN_VERSION_FULL=13.6
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

/** Which userland an image has: BusyBox (alpine, busybox), Debian's (most official images) or none. */
function familyOf(image: string): Family {
  const tools = imageInfo(image).tools;
  if (tools.length === 0) return "none";
  return tools.includes("nslookup") ? "busybox" : "debian";
}

class StaticTree implements Tree {
  readonly nodes = new Map<string, Node>();
  private readonly kids = new Map<string, Set<string>>();

  add(path: string, node: Node): void {
    this.nodes.set(path, node);
    const i = path.lastIndexOf("/");
    const dir = i <= 0 ? "/" : path.slice(0, i);
    if (!this.kids.has(dir)) this.kids.set(dir, new Set());
    this.kids.get(dir)?.add(path.slice(i + 1));
  }
  dir(path: string, mode = 0o755): void {
    this.add(path, { t: "d", mode, mtime: IMAGE_TIME });
  }
  file(path: string, data: string, mode = 0o644): void {
    this.add(path, { t: "f", data, mode, mtime: IMAGE_TIME });
  }
  link(path: string, target: string): void {
    this.add(path, { t: "l", target, mtime: IMAGE_TIME });
  }
  get(path: string): Node | undefined {
    return this.nodes.get(path);
  }
  children(dir: string): string[] {
    return [...(this.kids.get(dir) ?? [])].sort();
  }
}

function busyboxTree(t: StaticTree, alpine: boolean, programs: readonly string[]): void {
  const dirs = [
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/proc",
    "/root",
    "/sbin",
    "/sys",
    "/usr",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local",
    "/usr/local/bin",
    "/var",
    "/var/log",
    "/var/run",
  ];
  // The recorded engine's images are BusyBox imports with this layout; alpine adds apk's own directories.
  if (alpine) dirs.push("/etc/apk", "/var/cache", "/var/cache/apk", "/lib", "/lib/apk", "/lib/apk/db");
  for (const d of dirs) t.dir(d);
  t.dir("/tmp", 0o1777);
  t.file("/etc/passwd", BUSYBOX_PASSWD);
  t.file("/etc/group", BUSYBOX_GROUP);
  t.file("/etc/nsswitch.conf", "hosts: files dns\n");
  t.link("/etc/mtab", "/proc/mounts");
  t.file("/bin/busybox", BIN, 0o755);
  for (const p of programs) if (p !== "busybox") t.link(`/bin/${p}`, "busybox");
  if (alpine) {
    // The recorded engine's alpine (a BusyBox import) has no /etc/os-release; tests/unit/tools/inside.test.ts holds to it.
    t.file("/etc/apk/world", "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nlibc-utils\n");
    t.file("/sbin/apk", BIN, 0o755);
  }
}

function debianTree(t: StaticTree, programs: readonly string[]): void {
  for (const d of [
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/srv",
    "/sys",
    "/usr",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
  ])
    t.dir(d);
  for (const d of [
    "/usr/local",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/var",
    "/var/cache",
    "/var/lib",
    "/var/lib/apt",
    "/var/lib/apt/lists",
    "/var/log",
    "/etc/apt",
  ])
    t.dir(d);
  t.dir("/tmp", 0o1777);
  t.link("/bin", "usr/bin");
  t.link("/sbin", "usr/sbin");
  t.link("/lib", "usr/lib");
  t.file("/etc/passwd", DEBIAN_USERS.map(([n, u, g, home, sh]) => `${n}:x:${u}:${g}:${n}:${home}:${sh}\n`).join(""));
  t.file("/etc/group", DEBIAN_USERS.map(([n, , g]) => `${n}:x:${g}:\n`).join(""));
  t.file("/etc/os-release", DEBIAN_OS_RELEASE);
  t.file("/etc/debian_version", "13.6\n");
  t.file("/etc/nsswitch.conf", "passwd:         files\ngroup:          files\nhosts:          files dns\n");
  for (const p of programs) t.file(`/usr/bin/${p}`, BIN, 0o755);
  for (const p of ["apt-get", "apt", "dpkg"]) t.file(`/usr/bin/${p}`, BIN, 0o755);
}

/** registry:2's config-example.yml, as distribution/distribution-library-image ships it. */
const REGISTRY_CONFIG = `version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
`;

const REGISTRY_ENTRYPOINT = `#!/bin/sh

set -e

case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
`;

/** registry:2 adds its binary, config and entrypoint to alpine, and the volume's directory. */
function registryFiles(t: StaticTree): void {
  t.file("/bin/registry", BIN, 0o755);
  t.dir("/etc/docker");
  t.dir("/etc/docker/registry");
  t.file("/etc/docker/registry/config.yml", REGISTRY_CONFIG);
  t.file("/entrypoint.sh", REGISTRY_ENTRYPOINT, 0o755);
  t.dir("/var/lib");
  t.dir("/var/lib/registry");
}

const cache = new Map<string, StaticTree>();

/**
 * The image's own files; `programs` are the names its tools answer to.
 * @example imageTree("alpine", ["sh", "ls"]).get("/bin/ls") // { t: "l", target: "busybox", ... }
 */
export function imageTree(image: string, programs: readonly string[]): Tree {
  const key = imageKey(image);
  // Keyed by the programs too: a tree built for a caller that needs no programs (a registry's store)
  // must not become the one `docker exec` finds its programs in.
  const cacheKey = `${key}\u0000${programs.join(" ")}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const t = new StaticTree();
  const family = familyOf(image);
  if (family === "busybox") busyboxTree(t, key === "alpine" || key === "registry", programs);
  if (key === "registry") registryFiles(t);
  else if (family === "debian") debianTree(t, programs);
  // A web server's default page, where its real image keeps it (what a build's COPY or RUN replaces).
  const root = DOCROOTS[key];
  if (root) {
    const parts = root.path.split("/").slice(1, -1);
    for (let i = 1; i <= parts.length; i++) if (!t.get(`/${parts.slice(0, i).join("/")}`)) t.dir(`/${parts.slice(0, i).join("/")}`);
    t.file(root.path, imageInfo(key).listens.find((l) => l.port === root.port)?.body ?? "");
  }
  if (family === "debian") serverConfig(key, t);
  t.file("/.dockerenv", "", 0o755);
  cache.set(cacheKey, t);
  return t;
}
