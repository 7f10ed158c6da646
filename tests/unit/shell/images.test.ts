import { describe, expect, it } from "vitest";
import { imagesOn } from "../../../lib/ops";
import { Shell } from "../../../lib/shell/session";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const session = () => Shell.fresh({ seed: 3, clock: () => NOW });

describe("the image store", () => {
  it("starts empty and pulls from Docker Hub with one line per layer", () => {
    const sh = session();
    expect(sh.run("docker images").stdout).toBe("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
    const pull = sh.run("docker pull nginx");
    expect(pull.exitCode).toBe(0);
    const lines = pull.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["Using default tag: latest", "latest: Pulling from library/nginx"]);
    expect(lines.filter((l) => / Pull complete$/.test(l))).toHaveLength(7);
    expect(lines.at(-4)).toMatch(/^Digest: sha256:[0-9a-f]{64}$/);
    expect(lines.slice(-3)).toEqual(["Status: Downloaded newer image for nginx:latest", "docker.io/library/nginx:latest", ""]);
    // httpd sits on the same debian base layer: it is not downloaded again.
    const httpd = sh.run("docker pull httpd:latest").stdout;
    expect(httpd).not.toContain("Using default tag");
    expect(httpd.match(/: Already exists$/gm)).toHaveLength(1);
    const again = sh.run("docker pull nginx").stdout;
    expect(again).toContain("Status: Image is up to date for nginx:latest\n");
    expect(again).not.toContain("Pull complete");
    expect(sh.run("docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'").stdout).toBe("nginx:latest 192MB\nhttpd:latest 148MB\n");
  });

  it("fails a pull the way the daemon does: unknown repository, no way to the registry", () => {
    const sh = session();
    const denied = sh.run("docker pull myapp");
    expect(denied.exitCode).toBe(1);
    expect(denied.stdout).toBe("Using default tag: latest\n");
    expect(denied.stderr).toBe(
      "Error response from daemon: pull access denied for myapp, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    );
    const run = sh.run("docker run myapp");
    expect(run.exitCode).toBe(125);
    expect(run.stderr.split("\n").slice(0, 2)).toEqual([
      "Unable to find image 'myapp:latest' locally",
      "docker: Error response from daemon: pull access denied for myapp, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    ]);
    const doc = sh.doc;
    const lan = doc.lans["lan-1"];
    if (!lan) throw new Error("no lan");
    const offline = Shell.fresh({ seed: 3, clock: () => NOW, doc: { ...doc, lans: { "lan-1": { ...lan, internet: false } } } });
    const cut = offline.run("docker pull alpine");
    expect(cut.exitCode).toBe(1);
    expect(cut.stderr).toBe(
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 192.168.1.1:53: no such host\n',
    );
    expect(offline.run("docker images -q").stdout).toBe("");
  });

  it("docker run pulls what the engine lacks, once, and each engine has its own images", () => {
    const sh = session();
    const first = sh.run("docker run -d --name web nginx");
    expect(first.stderr).toMatch(/^Unable to find image 'nginx:latest' locally\nlatest: Pulling from library\/nginx\n/);
    expect(first.stderr).toContain("Status: Downloaded newer image for nginx:latest\n");
    expect(sh.run("docker run -d --name web2 nginx").stderr).toBe("");
    sh.run("lab vm add vm1");
    expect(imagesOn(sh.doc, "m-host").map((i) => i.repoTags)).toEqual([["nginx:latest"]]);
    const vm = Object.values(sh.doc.machines).find((m) => m.name === "vm1");
    expect(vm && imagesOn(sh.doc, vm.id)).toEqual([]);
  });

  it("removes images with the daemon's conflicts", () => {
    const sh = session();
    sh.run("docker pull alpine");
    sh.run("docker create --name keep alpine");
    const byName = sh.run("docker rmi alpine");
    expect(byName.exitCode).toBe(1);
    expect(byName.stderr).toMatch(
      /^Error response from daemon: conflict: unable to remove repository reference "alpine" \(must force\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}\n$/,
    );
    const id = sh.run("docker images -q alpine").stdout.trim();
    expect(sh.run(`docker rmi ${id}`).stderr).toMatch(/\(must be forced\) - image is being used by stopped container [0-9a-f]{12}\n$/);
    sh.run("docker tag alpine mine:1");
    expect(sh.run(`docker rmi ${id}`).stderr).toContain(`conflict: unable to delete ${id} (must be forced) - image is referenced in multiple repositories`);
    expect(sh.run("docker rmi mine:1").stdout).toBe("Untagged: mine:1\n");
    sh.run("docker start keep");
    sh.run("docker run -d --name up alpine sleep 1d");
    expect(sh.run(`docker rmi -f ${id}`).stderr).toMatch(/\(cannot be forced\) - image is being used by running container [0-9a-f]{12}\n$/);
    sh.run("docker rm -f keep up");
    const gone = sh.run("docker rmi alpine").stdout.split("\n");
    expect(gone[0]).toBe("Untagged: alpine:latest");
    expect(gone[1]).toMatch(/^Untagged: alpine@sha256:[0-9a-f]{64}$/);
    expect(gone[2]).toMatch(/^Deleted: sha256:[0-9a-f]{64}$/);
    expect(gone.filter((l) => l.startsWith("Deleted: sha256:"))).toHaveLength(2);
    const missing = sh.run("docker rmi nope");
    expect([missing.exitCode, missing.stderr]).toEqual([1, "Error response from daemon: No such image: nope:latest\n"]);
    expect(sh.run("docker rmi -f nope").exitCode).toBe(0);
  });

  it("tags, lists dangling images, filters and prunes", () => {
    const sh = session();
    sh.run("docker pull alpine");
    sh.run("docker pull busybox");
    expect(sh.run("docker tag busybox BAD").stderr).toBe(
      'Error parsing reference: "BAD" is not a valid repository/tag: invalid reference format: repository name (library/BAD) must be lowercase\n',
    );
    expect(sh.run("docker tag nosuch x").stderr).toBe("Error response from daemon: No such image: nosuch:latest\n");
    // Moving the tag leaves the old alpine image without one: a <none> row.
    expect(sh.run("docker tag busybox alpine").exitCode).toBe(0);
    expect(sh.run("docker images --format '{{.Repository}} {{.Tag}}'").stdout).toBe("alpine latest\nbusybox latest\nalpine <none>\n");
    expect(sh.run("docker images -f dangling=true --format '{{.Tag}}'").stdout).toBe("<none>\n");
    expect(sh.run("docker images 'a*' --format '{{.Repository}}'").stdout).toBe("alpine\n");
    const prune = sh.run("docker image prune -f");
    expect(prune.stdout).toMatch(
      /^Deleted Images:\nuntagged: alpine@sha256:[0-9a-f]{64}\ndeleted: sha256:[0-9a-f]{64}\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: 8.31MB\n$/,
    );
    // One image is left, listed once per tag (alpine and busybox).
    expect(sh.run("docker images -q").stdout.trim().split("\n")).toHaveLength(2);
  });

  it("shows history, inspect and disk usage from the image's metadata", () => {
    const sh = session();
    sh.run("docker pull nginx");
    const history = sh.run("docker history nginx").stdout.split("\n");
    expect(history[0]).toMatch(/^IMAGE +CREATED +CREATED BY +SIZE +COMMENT$/);
    expect(history[1]).toMatch(/^[0-9a-f]{12} +3 months ago +CMD \["nginx" "-g" "daemon off;"\] +0B/);
    expect(history[2]).toMatch(/^<missing> +3 months ago +STOPSIGNAL SIGQUIT +0B/);
    expect(sh.run("docker history --no-trunc -q nginx").stdout.split("\n")[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    const inspect = sh.run(
      "docker image inspect -f '{{.Config.Entrypoint}} {{.Config.Cmd}} {{.Config.ExposedPorts}} {{.Config.StopSignal}} {{len .RootFS.Layers}}' nginx",
    );
    expect(inspect.stdout).toBe("[/docker-entrypoint.sh] [nginx -g daemon off;] map[80/tcp:{}] SIGQUIT 7\n");
    expect(sh.run("docker inspect -f '{{.Os}}/{{.Architecture}}' nginx").stdout).toBe("linux/amd64\n");
    expect(sh.run("docker image inspect nope").stderr).toBe("Error response from daemon: no such image: nope: No such image: nope:latest\n");
    sh.run("docker run -d --name web nginx");
    expect(sh.run("docker system df").stdout.split("\n").slice(0, 2)).toEqual([
      "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE",
      "Images          1         1         192MB     0B (0%)",
    ]);
  });

  it("saves an image to a file of the session and loads it back", () => {
    const sh = session();
    sh.run("docker pull alpine");
    expect(sh.run("docker save -o alpine.tar alpine").exitCode).toBe(0);
    sh.run("docker rmi alpine");
    expect(sh.run("docker images -q").stdout).toBe("");
    expect(sh.run("docker load -i alpine.tar").stdout).toBe("Loaded image: alpine:latest\n");
    expect(sh.run("docker run --rm alpine echo hi").stdout).toBe("hi\n");
    sh.run("echo junk > bad.tar");
    expect(sh.run("docker load -i bad.tar").exitCode).toBe(1);
  });
});
