/** `docker run --volumes-from`, as tried against the real engine. */
import { describe, expect, it } from "vitest";
import { Shell } from "../../../lib/shell/session";

const session = () => {
  const sh = Shell.fresh({ seed: 3, clock: () => Date.UTC(2026, 11, 7, 12, 0, 0) });
  sh.run("docker run -d --name vsrc -v data1:/data -v /anon alpine sleep 300");
  sh.run("docker exec vsrc sh -c 'echo hi > /data/f; echo a > /anon/g'");
  return sh;
};

describe("docker run --volumes-from", () => {
  it("mounts the other container's named and anonymous volumes at the same places", () => {
    expect(session().run("docker run --rm --volumes-from vsrc alpine cat /data/f /anon/g")).toMatchObject({ stdout: "hi\na\n", exitCode: 0 });
  });

  it("writes through them, and :ro makes them read-only", () => {
    const sh = session();
    expect(sh.run("docker run --rm --volumes-from vsrc:rw alpine sh -c 'echo new > /data/f'").exitCode).toBe(0);
    expect(sh.run("docker exec vsrc cat /data/f").stdout).toBe("new\n");
    expect(sh.run("docker run --rm --volumes-from vsrc:ro alpine sh -c 'echo x > /data/f'")).toMatchObject({
      stderr: "sh: can't create /data/f: Read-only file system\n",
      exitCode: 1,
    });
  });

  it("a place the container mounts itself keeps its own mount; --rm leaves the shared anonymous volume", () => {
    const sh = session();
    expect(sh.run("docker run --rm --volumes-from vsrc -v other:/data alpine ls /data")).toMatchObject({ stdout: "", exitCode: 0 });
    expect(sh.run("docker exec vsrc cat /anon/g").stdout).toBe("a\n");
  });

  it("refuses a missing container or a bad mode with the daemon's words", () => {
    const sh = session();
    expect(sh.run("docker run --volumes-from nosuch alpine true")).toMatchObject({
      stderr: "docker: Error response from daemon: No such container: nosuch\n\nRun 'docker run --help' for more information\n",
      exitCode: 125,
    });
    expect(sh.run("docker run --rm --volumes-from vsrc:xx alpine true").stderr).toContain("docker: Error response from daemon: invalid mode: xx\n");
  });
});

describe("docker inspect of a container made with --volumes-from", () => {
  it("names the sources in HostConfig.VolumesFrom as given, and lists the inherited mounts only in Mounts", () => {
    const sh = session();
    sh.run("docker run -d --name vsrc2 -v $PWD:/b:ro busybox sleep 300");
    sh.run("docker create --name vd1 --volumes-from vsrc:rw --volumes-from vsrc2:rw -v other:/x alpine");
    sh.run("docker create --name vd2 --volumes-from vsrc alpine");
    const f = "'{{json .HostConfig.VolumesFrom}} {{json .HostConfig.Binds}} {{json .Config.Volumes}} {{len .Mounts}}'";
    expect(sh.run(`docker inspect -f ${f} vsrc vd1 vd2`).stdout).toBe(
      ['null ["data1:/data"] {"/anon":{}} 2', '["vsrc:rw","vsrc2:rw"] ["other:/x"] null 4', '["vsrc"] null null 2', ""].join("\n"),
    );
    expect(sh.run("docker inspect -f '{{.HostConfig.VolumesFrom}}' vd2 vsrc").stdout).toBe("[vsrc]\n[]\n");
    // Inherited mounts keep no mode text; :rw does not make a read-only bind writable.
    expect(sh.run("docker inspect -f '{{range .Mounts}}{{.Destination}} {{.Mode}} {{.RW}};{{end}}' vd1").stdout).toBe(
      "/x z true;/data  true;/anon  true;/b  false;\n",
    );
  });
});
