/** Files in containers: the writable layer, the shell that writes it, and the bounds of both. */
import { describe, expect, it } from "vitest";
import { FILE_BUDGET_BYTES, storedBytes } from "../../../lib/model";
import { printed, typed } from "../../world";

const shell = typed;
const out = printed;

describe("a container's writable layer", () => {
  it("keeps what sh -c wrote across stop and start, and loses it with rm", () => {
    const sh = shell(["docker run -dit --name box alpine"]);
    expect(out(sh, `docker exec box sh -c 'echo hello > /tmp/x; X=world; echo "hi $X" >> /tmp/x; cat /tmp/x'`)).toEqual(["hello\nhi world\n", "", 0]);
    expect(out(sh, "docker exec box cat /tmp/x")).toEqual(["hello\nhi world\n", "", 0]);
    sh.run("docker stop -t 0 box");
    sh.run("docker start box");
    expect(out(sh, "docker exec box ls /tmp")).toEqual(["x\n", "", 0]);
    sh.run("docker rm -f box");
    expect(sh.doc.files).toBeUndefined();
    sh.run("docker run -dit --name box alpine");
    expect(out(sh, "docker exec box cat /tmp/x")).toEqual(["", "cat: can't open '/tmp/x': No such file or directory\n", 1]);
  });

  it("deletes image files with whiteouts and makes directories", () => {
    const sh = shell(["docker run -dit --name box alpine"]);
    expect(out(sh, "docker exec box sh -c 'rm /etc/passwd; mkdir -p /data/a && touch /data/a/f; ls /data/a; cat /etc/passwd'")).toEqual([
      "f\n",
      "cat: can't open '/etc/passwd': No such file or directory\n",
      1,
    ]);
    const layer = Object.values(sh.doc.files ?? {})[0] ?? {};
    expect(layer["/etc/passwd"]).toEqual({ t: "w" });
    expect(Object.keys(layer).sort()).toEqual(["/data", "/data/a", "/data/a/f", "/etc", "/etc/passwd"]);
  });

  it("answers with BusyBox's and dash's errors", () => {
    const sh = shell(["docker run -dit --name box alpine", "docker run -d --name web nginx"]);
    expect(out(sh, "docker exec box sh -c 'echo a > /nope/x'")).toEqual(["", "sh: can't create /nope/x: nonexistent directory\n", 1]);
    expect(out(sh, "docker exec box sh -c 'if then'")).toEqual(["", 'sh: syntax error: unexpected "then"\n', 2]);
    expect(out(sh, "docker exec box mkdir /tmp")).toEqual(["", "mkdir: can't create directory '/tmp': File exists\n", 1]);
    expect(out(sh, "docker exec web sh -c nosuch")).toEqual(["", "sh: 1: nosuch: not found\n", 127]);
    expect(out(sh, "docker exec web ls /nope")).toEqual(["", "ls: cannot access '/nope': No such file or directory\n", 2]);
  });

  it("runs the shell's syntax over the container's files", () => {
    const sh = shell(["docker run -dit --name box alpine"]);
    const script = `x="a b c"; echo \${x%% *} \${y:-def} \${#x} $((2*3+1)); for f in /etc/host*; do echo $f; done; case $x in a*) echo A;; *) echo other;; esac`;
    expect(out(sh, `docker exec box sh -c '${script}'`)).toEqual(["a def 5 7\n/etc/hostname\n/etc/hosts\nA\n", "", 0]);
    expect(out(sh, "docker exec box sh -c 'cd /tmp && pwd && if [ -d /tmp ]; then echo dir; fi'")).toEqual(["/tmp\ndir\n", "", 0]);
  });

  it("stops a fork bomb and an endless loop with a clear error, storing nothing", () => {
    const sh = shell(["docker run -dit --name box alpine"]);
    const bomb = sh.run("docker exec box sh -c ':(){ :|:& };:'");
    expect(bomb.stderr).toMatch(/^sh: functions nested too deeply/);
    const loop = sh.run("docker exec box sh -c 'while true; do echo y >> /tmp/y; done'");
    expect(loop.stderr).toMatch(/sh: too many commands/);
    expect(storedBytes(sh.doc)).toBeLessThan(FILE_BUDGET_BYTES);
  });

  it("refuses to store more than the room's budget: No space left on device", () => {
    const sh = shell(["docker run -dit --name box alpine"]);
    const r = sh.run(
      `docker exec box sh -c 'x=0123456789abcdef; x=$x$x$x$x$x$x$x$x; x=$x$x$x$x$x$x$x$x; x=$x$x$x$x; i=0; while [ $i -lt 1200 ]; do echo $x >> /tmp/f$((i % 8)); i=$((i+1)); done'`,
    );
    expect(r.stderr).toContain("No space left on device");
    expect(storedBytes(sh.doc)).toBeLessThanOrEqual(FILE_BUDGET_BYTES);
  });
});
