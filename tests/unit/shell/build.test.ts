import { describe, expect, it } from "vitest";
import { FILE_BUDGET_BYTES, storedBytes } from "../../../lib/model";
import { imagesOn } from "../../../lib/ops";
import { Shell } from "../../../lib/shell/session";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const session = () => Shell.fresh({ seed: 5, clock: () => NOW });

function write(sh: Shell, path: string, text: string): void {
  sh.ctx.writeFile(path, text, false);
}

describe("docker build", () => {
  it("builds step by step, one image per step, and tags the last", () => {
    const sh = session();
    sh.run("docker pull busybox");
    write(sh, "Dockerfile", 'FROM busybox\nENV A=1\nCOPY page.txt /srv/\nCMD ["cat", "/srv/page.txt"]\n');
    write(sh, "page.txt", "hello\n");
    const out = sh.run("docker build -t app .");
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(/^DEPRECATED: The legacy builder is deprecated/);
    const lines = out.stdout.split("\n");
    expect(lines[0]).toBe("Sending build context to Docker daemon  3.072kB\r\r");
    expect(lines[1]).toBe("Step 1/4 : FROM busybox");
    expect(lines[3]).toBe("Step 2/4 : ENV A=1");
    expect(lines[4]).toMatch(/^ ---> Running in [0-9a-f]{12}$/);
    expect(lines[7]).toBe("Step 3/4 : COPY page.txt /srv/");
    expect(lines[8]).toMatch(/^ ---> [0-9a-f]{12}$/);
    expect(lines.at(-3)).toMatch(/^Successfully built [0-9a-f]{12}$/);
    expect(lines.at(-2)).toBe("Successfully tagged app:latest");
    const inspect = sh.run("docker image inspect -f '{{json .Config.Cmd}} {{.Config.Env}} {{len .RootFS.Layers}}' app");
    expect(inspect.stdout).toBe('["cat","/srv/page.txt"] [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin A=1] 2\n');
    // The intermediate images stay as the build cache: listed with -a only.
    expect(sh.run("docker images -q").stdout.trim().split("\n")).toHaveLength(2);
    expect(sh.run("docker images -aq").stdout.trim().split("\n")).toHaveLength(4);
  });

  it("uses the cache until a copied file changes, and --no-cache rebuilds", () => {
    const sh = session();
    write(sh, "Dockerfile", "FROM alpine\nCOPY a.txt /a.txt\nRUN echo after\n");
    write(sh, "a.txt", "v1\n");
    const first = sh.run("docker build -t c .").stdout;
    expect(first).toContain("latest: Pulling from library/alpine\n");
    expect(first).not.toContain("Using cache");
    const again = sh.run("docker build -t c .").stdout;
    expect(again.match(/ ---> Using cache/g)).toHaveLength(2);
    write(sh, "a.txt", "v2\n");
    const changed = sh.run("docker build -t c .").stdout;
    expect(changed).not.toContain("Using cache");
    expect(changed).toContain("after\n");
    expect(sh.run("docker build --no-cache -t c .").stdout).not.toContain("Using cache");
  });

  it("fails like the builder: unknown instruction, missing COPY source, failing RUN, no FROM, bad target", () => {
    const sh = session();
    sh.run("docker pull busybox");
    const run = (df: string) => {
      write(sh, "Dockerfile", df);
      return sh.run("docker build .");
    };
    const unknown = run("FROM busybox\nFOO bar\n");
    expect([unknown.exitCode, unknown.stderr.split("\n").at(-2)]).toEqual([
      1,
      "Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO",
    ]);
    const missing = run("FROM busybox\nCOPY nothere /x\n");
    expect(missing.stderr.split("\n").at(-2)).toBe(
      "COPY failed: file not found in build context or excluded by .dockerignore: stat nothere: file does not exist",
    );
    const failing = run("FROM busybox\nRUN exit 3\n");
    expect([failing.exitCode, failing.stderr.split("\n").at(-2)]).toEqual([3, "The command '/bin/sh -c exit 3' returned a non-zero code: 3"]);
    // The failed step's container stays, as the legacy builder leaves it.
    expect(sh.run("docker ps -a --format '{{.Status}}'").stdout).toMatch(/^Exited \(3\)/);
    expect(run("RUN echo\n").stderr.split("\n").at(-2)).toBe("Error response from daemon: no build stage in current context");
    write(sh, "Dockerfile", "FROM busybox AS one\n");
    expect(sh.run("docker build --target two .").stderr.split("\n").at(-2)).toBe("Error response from daemon: failed to reach build target two in Dockerfile");
    expect(sh.run("docker build nodir").stderr.split("\n").at(-2)).toBe('unable to prepare context: path "nodir" not found');
  });

  it("runs a step after VOLUME with the volume mounted, as docker run would, and drops the volume with the step", () => {
    const sh = session();
    write(sh, "Dockerfile", "FROM busybox\nVOLUME /data\nRUN echo hi > /data/x && ls /data\nRUN ls -a /data\n");
    const out = sh.run("docker build -t v .");
    expect(out.exitCode, out.stderr).toBe(0);
    // The mount point exists though busybox has no /data; what the step wrote there went with the volume.
    expect(out.stdout).toMatch(/Step 3\/4 : RUN echo hi > \/data\/x && ls \/data\n ---> Running in [0-9a-f]{12}\nx\n/);
    expect(out.stdout).toMatch(/Step 4\/4 : RUN ls -a \/data\n ---> Running in [0-9a-f]{12}\n\.\n\.\.\nRemoving/);
    expect(sh.run("docker volume ls -q").stdout).toBe("");
    expect(sh.run("docker history --format '{{.Size}}' v").stdout.split("\n").slice(0, 3)).toEqual(["0B", "0B", "0B"]);
  });

  it("marks a RUN of a program Dockside does not run as simulated instead of inventing its output", () => {
    const sh = session();
    write(sh, "Dockerfile", "FROM node\nRUN npm install\n");
    const out = sh.run("docker build -t n .");
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("Dockside does not run npm: this step's layer is simulated\n");
    expect(out.stdout).not.toContain("not found");
    expect(sh.run("docker history --format '{{.CreatedBy}}|{{.Comment}}' n").stdout.split("\n")[0]).toBe(
      "/bin/sh -c npm install|simulated: Dockside does not run this program",
    );
    // A program no image has is a real failure.
    write(sh, "Dockerfile", "FROM node\nRUN nosuchprogram\n");
    expect(sh.run("docker build .").exitCode).toBe(127);
  });

  it("serves the page a build copied over a web server's default one", () => {
    const sh = session();
    write(sh, "Dockerfile", "FROM nginx\nCOPY index.html /usr/share/nginx/html/index.html\n");
    write(sh, "index.html", "<h1>mine</h1>\n");
    expect(sh.run("docker build -t page .").exitCode).toBe(0);
    sh.run("docker run -d --name web -p 8080:80 page");
    expect(sh.run("curl -s localhost:8080").stdout).toBe("<h1>mine</h1>\n");
  });

  it("honours .dockerignore, --build-arg, ARG before FROM, multi-stage COPY --from", () => {
    const sh = session();
    write(sh, "Dockerfile", "ARG BASE=busybox\nFROM $BASE AS build\nARG V=1\nCOPY . /ctx/\nFROM busybox\nCOPY --from=build /ctx/keep.txt /keep.txt\n");
    write(sh, "keep.txt", "k\n");
    write(sh, "secret.txt", "s\n");
    write(sh, ".dockerignore", "secret.txt\n");
    const out = sh.run("docker build --build-arg V=2 -t multi .");
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("Step 1/6 : ARG BASE=busybox\nStep 2/6 : FROM $BASE AS build\n");
    const history = sh.run("docker history --no-trunc --format '{{.CreatedBy}}' multi").stdout;
    expect(history.split("\n")[0]).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/keep.txt $/);
    const stage = imagesOn(sh.doc, "m-host").find((i) => i.history.some((h) => h.files?.["/ctx/keep.txt"]));
    expect(stage?.history.some((h) => h.files?.["/ctx/secret.txt"] !== undefined)).toBe(false);
  });

  it("keeps what each RUN step wrote as its layer: sizes as the daemon counts them, one RootFS layer per changing step", () => {
    const sh = session();
    // The same Dockerfile on the fidelity engine: 0B 0B 15B 0B 10B 11B (top last) and 6 layers.
    write(
      sh,
      "Dockerfile",
      "FROM busybox\nRUN echo built\nRUN mkdir /app\nRUN echo hello > /app/a.txt && echo 12345678 > /b.txt\nRUN rm /b.txt\nRUN ln -s /app/a.txt /link\nRUN echo more >> /app/a.txt\n",
    );
    expect(sh.run("docker build -t t1 .").exitCode).toBe(0);
    const rows = sh.run("docker history --format '{{.Size}}' t1").stdout.split("\n").slice(0, 6);
    expect(rows).toEqual(["11B", "10B", "0B", "15B", "0B", "0B"]);
    const base = sh.run("docker image inspect -f '{{len .RootFS.Layers}}' busybox").stdout.trim();
    expect(sh.run("docker image inspect -f '{{len .RootFS.Layers}}' t1").stdout).toBe(`${Number(base) + 5}\n`);
    const seen = sh.run("docker run --rm t1 sh -c 'cat /app/a.txt; ls /b.txt; ls -l /link'");
    expect(seen.stdout).toMatch(/^hello\nmore\nlrwxrwxrwx .* \/link -> \/app\/a.txt\n$/);
    expect(seen.stderr).toBe("ls: /b.txt: No such file or directory\n");
  });

  it("diffs a container against its image's own layers: a file a RUN made is changed, not added", () => {
    const sh = session();
    write(sh, "Dockerfile", "FROM busybox\nRUN mkdir /app && echo 1 > /app/a.txt\n");
    sh.run("docker build -t d .");
    sh.run("docker run --name cc d sh -c 'echo 2 >> /app/a.txt; echo n > /app/b'");
    // As the fidelity engine prints it.
    expect(sh.run("docker diff cc").stdout).toBe("C /app\nC /app/a.txt\nA /app/b\n");
  });

  it("copies from an earlier stage what its RUN steps wrote", () => {
    const sh = session();
    write(sh, "Dockerfile", "FROM alpine AS build\nRUN mkdir /out && echo artefact > /out/app.txt\nFROM busybox\nCOPY --from=build /out/app.txt /app.txt\n");
    expect(sh.run("docker build -t small .").exitCode).toBe(0);
    expect(sh.run("docker run --rm small cat /app.txt").stdout).toBe("artefact\n");
  });

  it("commits a container's writable layer with its size, and an untouched one as no layer", () => {
    const sh = session();
    sh.run("docker pull busybox");
    sh.run("docker run --name same busybox true");
    sh.run("docker run --name changed busybox sh -c 'echo abc > /x; rm /etc/group'");
    sh.run("docker commit same same-img");
    sh.run("docker commit changed changed-img");
    const layers = (ref: string) => Number(sh.run(`docker image inspect -f '{{len .RootFS.Layers}}' ${ref}`).stdout);
    expect([layers("same-img") - layers("busybox"), layers("changed-img") - layers("busybox")]).toEqual([0, 1]);
    expect(sh.run("docker history --format '{{.Size}}' changed-img").stdout.split("\n")[0]).toBe("4B");
    expect(sh.run("docker run --rm changed-img sh -c 'cat /x; ls /etc/group'").stderr).toBe("ls: /etc/group: No such file or directory\n");
  });

  it("counts what RUN steps keep against the room's file budget", () => {
    const sh = session();
    const step = (i: number) => `RUN s=0123456789; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do s=$s$s; done; echo $s > /a${i}\n`;
    write(sh, "Dockerfile", `FROM alpine\n${[1, 2, 3, 4, 5, 6, 7, 8].map(step).join("")}`);
    const out = sh.run("docker build -t big .");
    expect(out.stdout).toContain("No space left on device");
    expect(storedBytes(sh.doc)).toBeLessThanOrEqual(FILE_BUDGET_BYTES);
    expect(storedBytes(sh.doc)).toBeGreaterThan(FILE_BUDGET_BYTES - 700_000);
  });

  it("refuses a Dockerfile that is too long, with a clear error and nothing built", () => {
    const sh = session();
    write(sh, "Dockerfile", `FROM busybox\n${"RUN echo x\n".repeat(10_000)}`);
    const started = Date.now();
    const out = sh.run("docker build .");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain("Dockside builds at most 200");
    expect(imagesOn(sh.doc, "m-host")).toEqual([]);
  });
});
