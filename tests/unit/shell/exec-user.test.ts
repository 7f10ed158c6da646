/** `docker exec -u USER[:GROUP]` and `-w DIR`, as tried against the real engine (alpine's passwd and group). */
import { describe, expect, it } from "vitest";
import { Shell } from "../../../lib/shell/session";
import { execUser } from "../../../lib/shell/tools/users";

const session = () => {
  const sh = Shell.fresh({ seed: 3, clock: () => Date.UTC(2026, 11, 7, 12, 0, 0) });
  sh.run("docker run -d --name cx alpine sleep 300");
  return sh;
};
const ok = (stdout: string) => ({ stdout, stderr: "", exitCode: 0 });
const refused = (stdout: string) => ({ stdout, stderr: "", exitCode: 126 });

describe("docker exec -u and -w", () => {
  it.each([
    ["", "uid=0(root) gid=0(root) groups=0(root)\n"],
    ["-u nobody", "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n"],
    ["-u 1234", "uid=1234 gid=0(root) groups=0(root)\n"],
    ["-u nobody:nogroup", "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n"],
    ["-u 65534:1", "uid=65534(nobody) gid=1(daemon) groups=1(daemon)\n"],
    ["--user www-data", "uid=33(www-data) gid=33(www-data) groups=33(www-data)\n"],
  ])("exec %s cx id", (flags, out) => {
    expect(session().run(`docker exec ${flags} cx id`)).toMatchObject(ok(out));
  });

  it("id -u/-un follow the user; an unlisted uid has no name", () => {
    const sh = session();
    expect(sh.run("docker exec -u nobody cx id -un")).toMatchObject(ok("nobody\n"));
    expect(sh.run("docker exec -u 1234 cx id -u")).toMatchObject(ok("1234\n"));
    expect(sh.run("docker exec -u 1234 cx id -un")).toMatchObject({ stdout: "1234\n", stderr: "id: unknown ID 1234\n", exitCode: 1 });
    expect(sh.run("docker exec -u nobody cx sh -c 'cd /tmp && id -un'")).toMatchObject(ok("nobody\n"));
  });

  it("refuses a user or group the container's files do not list, with the daemon's words", () => {
    const sh = session();
    expect(sh.run("docker exec -u nobody2 cx id")).toMatchObject(refused("unable to find user nobody2: no matching entries in passwd file\r\n"));
    expect(sh.run("docker exec -u nobody:nosuchgroup cx pwd")).toMatchObject(
      refused("unable to find group nosuchgroup: no matching entries in group file\r\n"),
    );
  });

  it("-w sets the working directory; a missing or relative one is refused by runc", () => {
    const sh = session();
    expect(sh.run("docker exec -w /tmp cx pwd")).toMatchObject(ok("/tmp\n"));
    expect(sh.run("docker exec -u nobody -w /etc cx sh -c 'pwd; id -un'")).toMatchObject(ok("/etc\nnobody\n"));
    expect(sh.run("docker exec -w /nope cx pwd")).toMatchObject(
      refused(
        'OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd ("/nope") set in config.json failed: no such file or directory: unknown\r\n',
      ),
    );
    expect(sh.run("docker exec -w rel cx pwd")).toMatchObject(refused("OCI runtime exec failed: exec failed: Cwd must be an absolute path: unknown\r\n"));
  });

  it("docker run -u is the default user of an exec", () => {
    const sh = session();
    sh.run("docker run -d --name asnobody -u nobody alpine sleep 300");
    expect(sh.run("docker exec asnobody id -un")).toMatchObject(ok("nobody\n"));
    expect(sh.run("docker exec -u root asnobody id -un")).toMatchObject(ok("root\n"));
  });

  it("execUser reads passwd and group lines like moby's GetExecUser", () => {
    const passwd = "root:x:0:0:root:/root:/bin/sh\nbad line\napp:x:1000:1000::/home/app:/bin/sh\n";
    expect(execUser("app", passwd, "root:x:0:\n")).toEqual({ uid: 1000, gid: 1000, name: "app" });
    expect(execUser("1000:0", passwd, "root:x:0:\n")).toEqual({ uid: 1000, gid: 0, name: "app", group: "root" });
    expect(execUser("ghost", null, null)).toEqual({ error: "unable to find user ghost: no matching entries in passwd file" });
  });
});
