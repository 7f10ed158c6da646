import { describe, expect, it } from "vitest";
import { imageTree } from "../../../lib/shell/fs/rootfs";
import { printed, typed } from "../../world";

const CONF = "/etc/nginx/conf.d/default.conf";
const listens = (sh: ReturnType<typeof typed>, name: string) => printed(sh, `docker exec ${name} grep listen ${CONF}`)[0];
const ipv6Lines = (sh: ReturnType<typeof typed>, name: string) =>
  printed(sh, `docker logs ${name}`)[0]
    .split("\n")
    .filter((l) => l.startsWith("10-listen"));

describe("nginx's start writes in its container's layer", () => {
  it("docker diff shows the entrypoint's IPv6 edit, the pid file and nginx's temp directories", () => {
    const sh = typed(["docker run -d --name web nginx"]);
    expect(printed(sh, "docker diff web")[0].split("\n").filter(Boolean)).toEqual([
      "C /etc",
      "C /etc/nginx",
      "C /etc/nginx/conf.d",
      `C ${CONF}`,
      "C /run",
      "A /run/nginx.pid",
      "C /var",
      "C /var/cache",
      "C /var/cache/nginx",
      "A /var/cache/nginx/client_temp",
      "A /var/cache/nginx/fastcgi_temp",
      "A /var/cache/nginx/proxy_temp",
      "A /var/cache/nginx/scgi_temp",
      "A /var/cache/nginx/uwsgi_temp",
    ]);
    expect(listens(sh, "web")).toBe("    listen       80;\n    listen  [::]:80;\n");
    expect(printed(sh, "docker exec web ls -ld /var/cache/nginx/client_temp")[0]).toMatch(/^drwx------ 2 nginx root /);
    expect(ipv6Lines(sh, "web")).toEqual([
      `10-listen-on-ipv6-by-default.sh: info: Getting the checksum of ${CONF}`,
      `10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in ${CONF}`,
    ]);
  });

  it("a restart finds the edit done and changes nothing more", () => {
    const sh = typed(["docker run -d --name web nginx", "docker restart web"]);
    expect(ipv6Lines(sh, "web").at(-1)).toBe("10-listen-on-ipv6-by-default.sh: info: IPv6 listen already enabled");
    expect(listens(sh, "web")).toBe("    listen       80;\n    listen  [::]:80;\n");
  });

  it("leaves a default.conf of the learner's own alone, and says why", () => {
    const sh = typed([
      "mkdir -p /srv/site",
      "printf 'server {\\n    listen 8080;\\n}\\n' > /srv/site/default.conf",
      `docker run -d --name own -v /srv/site/default.conf:${CONF} nginx`,
      `docker run -d --name ro -v /srv/site/default.conf:${CONF}:ro nginx`,
    ]);
    expect(ipv6Lines(sh, "own")).toEqual([
      `10-listen-on-ipv6-by-default.sh: info: Getting the checksum of ${CONF}`,
      `10-listen-on-ipv6-by-default.sh: info: ${CONF} differs from the packaged version`,
    ]);
    expect(listens(sh, "own")).toBe("    listen 8080;\n");
    expect(ipv6Lines(sh, "ro")).toEqual([`10-listen-on-ipv6-by-default.sh: info: can not modify ${CONF} (read-only file system?)`]);
  });

  it("writes nothing when the container runs another command", () => {
    const sh = typed(["docker run -d --name sh nginx sleep 1000"]);
    expect(printed(sh, "docker diff sh")[0]).toBe("");
  });

  it("finds an image's programs whoever built its file tree first", () => {
    // A registry's store is read from a tree built without programs; `docker exec` must still find ls.
    imageTree("nginx", []);
    const sh = typed(["docker run -d --name web nginx"]);
    expect(printed(sh, "docker exec web ls /run")).toEqual(["nginx.pid\n", "", 0]);
  });
});
