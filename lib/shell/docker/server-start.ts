/**
 * What a server image writes in its container's writable layer when it starts with its default command,
 * so `docker diff` and `cat` show what they show on a real engine. nginx: the entrypoint's
 * `10-listen-on-ipv6-by-default.sh` touches `/etc/nginx/conf.d/default.conf` and, when it is still the
 * packaged file, adds `listen  [::]:80;` after `listen       80;` (its log lines say which case it met);
 * then nginx writes its pid file and makes its five temp directories.
 */
import type { ContainerView } from "../../sim";
import type { ShellContext } from "../context";
import { commitFs, containerFs } from "../fs/container";
import { NGINX_DEFAULT_CONF } from "../fs/server-config";
import { imagePrograms } from "../tools";

const CONF = "/etc/nginx/conf.d/default.conf";
const SCRIPT = "10-listen-on-ipv6-by-default.sh";
const NGINX_UID = 101;
const TEMP_DIRS = ["client_temp", "fastcgi_temp", "proxy_temp", "scgi_temp", "uwsgi_temp"];

/** The IPv6 script's decision on the file as it is now, and the file it leaves (null: unchanged). */
function listenOnIpv6(text: string | null, writable: boolean): { lines: string[]; next: string | null } {
  const info = (s: string) => `${SCRIPT}: info: ${s}`;
  if (text === null) return { lines: [info(`${CONF} is not a file or does not exist`)], next: null };
  if (!writable) return { lines: [info(`can not modify ${CONF} (read-only file system?)`)], next: null };
  if (text.includes("listen  [::]:80;")) return { lines: [info("IPv6 listen already enabled")], next: null };
  const checking = info(`Getting the checksum of ${CONF}`);
  if (text !== NGINX_DEFAULT_CONF) return { lines: [checking, info(`${CONF} differs from the packaged version`)], next: null };
  const next = text.replace("listen       80;", "listen       80;\n    listen  [::]:80;");
  return { lines: [checking, info(`Enabled listen on IPv6 in ${CONF}`)], next };
}

/**
 * Applies nginx's start-up writes to container `v` (pid file, temp directories, the IPv6 edit) and
 * returns the entrypoint's lines about the edit, for the container's log.
 */
export function nginxStart(ctx: ShellContext, v: ContainerView): string[] {
  const fs = containerFs(ctx, v, imagePrograms(v.image.tools), () => null);
  const read = fs.read(CONF);
  const text = typeof read === "string" ? null : read.text;
  // The script's `touch`: a read-only mount refuses it, and on a writable one it copies the file up.
  const touched = text === null ? null : fs.write(CONF, text);
  const { lines, next } = listenOnIpv6(text, touched === null);
  if (next !== null) fs.write(CONF, next);
  fs.write("/run/nginx.pid", "1\n");
  // The master (root) makes them and hands them to the workers' user, keeping its own group.
  for (const d of TEMP_DIRS.map((name) => `/var/cache/nginx/${name}`)) {
    if (fs.stat(d) || fs.mkdir(d, 0o700)) continue;
    fs.chown(d, { uid: NGINX_UID, gid: 0 });
  }
  commitFs(ctx, fs);
  return lines;
}
