/**
 * Well-known images: what they expose, what listens inside them, what a request gets back and which
 * client tools their file system ships. Unknown images are allowed; they listen on nothing and carry
 * no tools beyond a shell, unless the document says otherwise.
 */

import type { Listener } from "./schema";

export type Tool = "sh" | "ping" | "nslookup" | "wget" | "curl" | "ip" | "getent" | "hostname" | "cat";

export interface ImageInfo {
  name: string;
  description: string;
  /** `Config.ExposedPorts` of the image, e.g. `80/tcp`. */
  exposes: readonly string[];
  listens: readonly Listener[];
  /** Default command as `docker ps` shows it (entrypoint + cmd). */
  cmd: readonly string[];
  tools: readonly Tool[];
  /** Exit code after `docker stop`: a server that handles SIGTERM exits 0; a PID 1 that ignores it is killed (137). */
  stopExitCode: number;
  /** `Config.StopSignal`, the signal `docker stop` sends; SIGTERM when absent. */
  stopSignal?: string;
}

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export const HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n";

const BUSYBOX_TOOLS: readonly Tool[] = ["sh", "ping", "nslookup", "wget", "ip", "hostname", "cat"];
const DEBIAN_TOOLS: readonly Tool[] = ["sh", "getent", "hostname", "cat"];

function image(info: ImageInfo): [string, ImageInfo] {
  return [info.name, info];
}

export const IMAGES: ReadonlyMap<string, ImageInfo> = new Map([
  image({
    name: "nginx",
    description: "web server, port 80",
    exposes: ["80/tcp"],
    listens: [{ port: 80, proto: "tcp", body: NGINX_INDEX }],
    cmd: ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"],
    tools: [...DEBIAN_TOOLS, "curl"],
    stopExitCode: 0,
    stopSignal: "SIGQUIT",
  }),
  image({
    name: "httpd",
    description: "Apache web server, port 80",
    exposes: ["80/tcp"],
    listens: [{ port: 80, proto: "tcp", body: HTTPD_INDEX }],
    cmd: ["httpd-foreground"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 0,
    stopSignal: "SIGWINCH",
  }),
  image({
    name: "redis",
    description: "key-value store, port 6379",
    exposes: ["6379/tcp"],
    listens: [{ port: 6379, proto: "tcp" }],
    cmd: ["docker-entrypoint.sh", "redis-server"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 0,
  }),
  image({
    name: "postgres",
    description: "SQL database, port 5432",
    exposes: ["5432/tcp"],
    listens: [{ port: 5432, proto: "tcp" }],
    cmd: ["docker-entrypoint.sh", "postgres"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 0,
    stopSignal: "SIGINT",
  }),
  image({
    name: "mysql",
    description: "SQL database, port 3306",
    exposes: ["3306/tcp", "33060/tcp"],
    listens: [
      { port: 3306, proto: "tcp" },
      { port: 33060, proto: "tcp" },
    ],
    cmd: ["docker-entrypoint.sh", "mysqld"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 0,
  }),
  image({
    name: "mariadb",
    description: "SQL database, port 3306",
    exposes: ["3306/tcp"],
    listens: [{ port: 3306, proto: "tcp" }],
    cmd: ["docker-entrypoint.sh", "mariadbd"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 0,
  }),
  image({
    name: "mongo",
    description: "document database, port 27017",
    exposes: ["27017/tcp"],
    listens: [{ port: 27017, proto: "tcp" }],
    cmd: ["docker-entrypoint.sh", "mongod"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 0,
  }),
  image({
    name: "alpine",
    description: "small Linux with BusyBox tools",
    exposes: [],
    listens: [],
    cmd: ["/bin/sh"],
    tools: [...BUSYBOX_TOOLS, "getent"],
    stopExitCode: 137,
  }),
  image({
    name: "busybox",
    description: "BusyBox tools",
    exposes: [],
    listens: [],
    cmd: ["sh"],
    tools: BUSYBOX_TOOLS,
    stopExitCode: 137,
  }),
  image({
    name: "registry",
    description: "image registry (distribution), port 5000",
    exposes: ["5000/tcp"],
    listens: [{ port: 5000, proto: "tcp" }],
    cmd: ["/entrypoint.sh", "/etc/docker/registry/config.yml"],
    tools: [...BUSYBOX_TOOLS, "getent"],
    // No SIGTERM handler (no http.draintimeout): the Go runtime ends the registry with status 2.
    stopExitCode: 2,
  }),
  image({
    name: "hello-world",
    description: "prints a greeting and exits",
    exposes: [],
    listens: [],
    cmd: ["/hello"],
    tools: [],
    stopExitCode: 137,
  }),
  image({
    name: "python",
    description: "Python 3 (exits at once without -it)",
    exposes: [],
    listens: [],
    cmd: ["python3"],
    tools: [...DEBIAN_TOOLS, "curl"],
    stopExitCode: 137,
  }),
  image({
    name: "ubuntu",
    description: "Ubuntu base (no network tools)",
    exposes: [],
    listens: [],
    cmd: ["/bin/bash"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 137,
  }),
  image({
    name: "debian",
    description: "Debian base (no network tools)",
    exposes: [],
    listens: [],
    cmd: ["bash"],
    tools: DEBIAN_TOOLS,
    stopExitCode: 137,
  }),
]);

/** Splits `nginx:1.27` / `library/nginx` / `docker.io/library/nginx:latest` into the catalog key. */
export function imageKey(ref: string): string {
  let name = ref;
  const at = name.indexOf("@");
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) name = name.slice(0, colon);
  for (const prefix of ["docker.io/", "index.docker.io/", "library/"]) {
    if (name.startsWith(prefix)) name = name.slice(prefix.length);
  }
  return name;
}

/**
 * Catalog entry a container runs like: its image's, or for an image built or loaded on the engine the
 * catalog image its root file system came from (`imageBase`).
 */
export function containerImage(c: { image: string; imageBase?: string }): ImageInfo {
  return imageInfo(c.imageBase ?? c.image);
}

/** Catalog entry of an image reference, or a neutral entry for images Dockside doesn't know. */
export function imageInfo(ref: string): ImageInfo {
  const known = IMAGES.get(imageKey(ref));
  if (known) return known;
  return {
    name: imageKey(ref),
    description: "unknown image",
    exposes: [],
    listens: [],
    cmd: [],
    tools: ["sh", "cat", "hostname"],
    stopExitCode: 137,
  };
}
