/** Package managers write the writable layer; volumes keep data; diff reports what changed. */
import { describe, expect, it } from "vitest";
import { Shell } from "../../../lib/shell";

function shell(lines: string[], offline = false): Shell {
  const sh = Shell.fresh({ seed: 3, clock: () => Date.UTC(2026, 11, 7, 12, 0) });
  // alpine is pulled while the LAN still leads to Docker Hub: offline, docker run could not fetch it.
  if (offline) sh.run("docker pull alpine");
  if (offline)
    for (const lan of Object.values(sh.ctx.doc.lans)) sh.ctx.doc = { ...sh.ctx.doc, lans: { ...sh.ctx.doc.lans, [lan.id]: { ...lan, internet: false } } };
  for (const l of lines) sh.run(l);
  return sh;
}

describe("package managers", () => {
  it("apk add installs curl into the container, and a new container has none", () => {
    const sh = shell(["docker run -dit --name box alpine"]);
    expect(sh.run("docker exec box curl -s http://example.com").exitCode).toBe(126);
    const add = sh.run("docker exec box apk add curl");
    expect(add.exitCode).toBe(0);
    expect(add.stdout).toMatch(/\(9\/9\) Installing curl \(8\.14\.1-r2\)\nOK: /);
    expect(sh.run("docker exec box which curl").stdout).toBe("/usr/bin/curl\n");
    expect(sh.run("docker exec box curl -s -o /dev/null -w %{http_code} http://example.com").stdout).toBe("200");
    expect(sh.run("docker diff box").stdout).toContain("A /usr/bin/curl\n");
    sh.run("docker rm -f box");
    sh.run("docker run -dit --name box alpine");
    expect(sh.run("docker exec box which curl").exitCode).toBe(1);
  });

  it("fails like apk when there is no route out", () => {
    const sh = shell(["docker run -dit --name box alpine"], true);
    const add = sh.run("docker exec box apk add curl");
    expect(add.exitCode).toBe(1);
    expect(add.stderr).toContain("temporary error (try again later)");
    expect(add.stderr).toContain("ERROR: unable to select packages:\n  curl (no such package):\n    required by: world[curl]\n");
  });

  it("apt-get needs an update first, then installs ping into nginx", () => {
    const sh = shell(["docker run -d --name web nginx"]);
    expect(sh.run("docker exec web apt-get install -y iputils-ping").stderr).toBe("E: Unable to locate package iputils-ping\n");
    expect(sh.run("docker exec web sh -c 'apt-get update && apt-get install -y curl iputils-ping'").exitCode).toBe(0);
    expect(sh.run("docker exec web sh -c 'command -v ping'").stdout).toBe("/usr/bin/ping\n");
  });
});

describe("volumes and tmpfs", () => {
  it("a named volume's data is shared, survives rm, and :ro refuses writes", () => {
    const sh = shell([
      "docker volume create data",
      "docker run -dit --name w1 -v data:/data alpine",
      "docker exec w1 sh -c 'echo saved > /data/note'",
      "docker rm -f w1",
    ]);
    expect(sh.run("docker run --rm -v data:/srv alpine cat /srv/note").stdout).toBe("saved\n");
    sh.run("docker run -dit --name ro -v data:/data:ro alpine");
    expect(sh.run("docker exec ro sh -c 'echo x > /data/note'").stderr).toBe("sh: can't create /data/note: Read-only file system\n");
    sh.run("docker rm -f ro");
    sh.run("docker volume rm data");
    expect(sh.doc.files).toBeUndefined();
  });

  it("tmpfs keeps files while the container runs and loses them when it stops", () => {
    const sh = shell(["docker run -dit --name mt --tmpfs /scratch alpine", "docker exec mt sh -c 'echo s > /scratch/a'"]);
    expect(sh.run("docker exec mt ls /scratch").stdout).toBe("a\n");
    sh.run("docker stop -t 0 mt");
    sh.run("docker start mt");
    expect(sh.run("docker exec mt ls /scratch").stdout).toBe("");
  });
});

describe("bind mounts", () => {
  it("share the terminal's working directory both ways, with $PWD set, and :ro refuses writes", () => {
    const sh = shell(["echo '<h1>hi</h1>' > index.html", "docker run -dit --name bb -v $PWD:/data alpine"]);
    expect(sh.run("echo $PWD").stdout).toBe("/sandbox\n");
    expect(sh.run("docker exec bb cat /data/index.html").stdout).toBe("<h1>hi</h1>\n");
    sh.run("docker exec bb sh -c 'echo from-container > /data/out.txt'");
    expect(sh.run("cat out.txt").stdout).toBe("from-container\n");
    sh.run("docker run -dit --name rr -v $(pwd):/data:ro alpine");
    expect(sh.run("docker exec rr sh -c 'echo x > /data/y'").stderr).toBe("sh: can't create /data/y: Read-only file system\n");
  });
});

describe("docker commit", () => {
  it("makes an image whose containers start with the committed container's files and tools", () => {
    const sh = shell(["docker run -dit --name box alpine", "docker exec box sh -c 'echo saved > /tmp/note; apk add curl'"]);
    expect(sh.run("docker commit box snap").stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    sh.run("docker run -dit --name two snap");
    expect(sh.run("docker exec two cat /tmp/note").stdout).toBe("saved\n");
    expect(sh.run("docker exec two curl -s -o /dev/null -w %{http_code} http://example.com").stdout).toBe("200");
    expect(sh.run("docker diff two").stdout).toBe("");
    sh.run("docker run -dit --name three alpine");
    expect(sh.run("docker exec three cat /tmp/note").exitCode).toBe(1);
  });
});
