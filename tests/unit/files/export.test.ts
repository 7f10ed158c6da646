/** docker export: a tar of the container's root file system, never to a terminal; tar -t reads it back. */
import { describe, expect, it } from "vitest";
import { readTar, writeTar } from "../../../lib/shell/fs/tar";
import { printed, typed } from "../../world";

const shell = typed;
const out = printed;
const COWARDLY = "cowardly refusing to save to a terminal. Use the -o flag or redirect\n";

/** What the recorded engine's `docker export | tar -t` listed for this busybox container, without /bin's applets. */
const BUSYBOX_EXPORT = `.dockerenv bin/ dev/ dev/console dev/pts/ dev/shm/ etc/ etc/group etc/hostname etc/hosts etc/mtab etc/nsswitch.conf
etc/resolv.conf home/ opt/ proc/ root/ sbin/ sys/ tmp/ tmp/x usr/ usr/bin/ usr/local/ usr/local/bin/ usr/sbin/ var/ var/log/ var/run/`
  .split(/\s+/)
  .map((n) => `${n}\n`)
  .join("");

describe("docker export", () => {
  it("refuses a terminal, as docker save does, and writes to a redirect, a pipe or -o", () => {
    const sh = shell(["docker run --name ex busybox sh -c 'echo hi > /tmp/x; mkdir /opt; rm /etc/passwd'"]);
    expect(out(sh, "docker export ex")).toEqual(["", COWARDLY, 1]);
    expect(out(sh, "docker save busybox")).toEqual(["", COWARDLY, 1]);
    expect(out(sh, "docker export nosuch")).toEqual(["", COWARDLY, 1]);
    expect(out(sh, "docker export ex > ex.tar")).toEqual(["", "", 0]);
    expect(out(sh, "tar -tf ex.tar | grep -v '^bin/.'")).toEqual([BUSYBOX_EXPORT, "", 0]);
    expect(out(sh, "docker export ex | tar -t | grep -c '^tmp/x$'")).toEqual(["1\n", "", 0]);
    expect(out(sh, "docker export -o ex2.tar ex")).toEqual(["", "", 0]);
    expect(out(sh, "tar -tvf ex2.tar tmp/x")).toEqual(["-rw-r--r-- root/root         3 2026-12-07 11:42 tmp/x\n", "", 0]);
    expect(out(sh, "docker save busybox > b.tar")).toEqual(["", "", 0]);
  });

  it("knows a terminal from a redirect, a pipe or a substitution", () => {
    const sh = shell(["docker run --name ex busybox true"]);
    expect(out(sh, "docker export ex 2>&1")).toEqual([COWARDLY, "", 1]);
    expect(out(sh, "{ docker export ex; } > g.tar; tar -tf g.tar | grep -c tmp")).toEqual(["1\n", "", 0]);
    expect(out(sh, 'x=$(docker export ex); test -n "$x" && echo archive')[0]).toBe("archive\n");
    expect(out(sh, "if true; then docker export ex; fi")).toEqual(["", COWARDLY, 1]);
  });

  it("leaves volumes' contents out and keeps their mount points", () => {
    const sh = shell(["docker run -d --name vol -v data:/data busybox sh -c 'echo x > /data/f; sleep 600'"]);
    const list = out(sh, "docker export vol | tar -t | grep data")[0];
    expect(list).toBe("data/\n");
  });

  it("is read back by tar in the container with BusyBox's words", () => {
    const sh = shell(["docker run --name ex busybox true", "docker export -o ex.tar ex", "echo hello > h"]);
    expect(out(sh, "docker run --rm -v $PWD:/w busybox tar -tf /w/ex.tar tmp")).toEqual(["tmp/\n", "", 0]);
    expect(out(sh, "docker run --rm -v $PWD:/w busybox tar -tf /w/nope")).toEqual(["", "tar: can't open '/w/nope': No such file or directory\n", 1]);
    expect(out(sh, "docker run --rm -v $PWD:/w busybox tar -tf /w/h")).toEqual(["", "tar: short read\n", 1]);
    expect(out(sh, "tar -tf h")).toEqual(["", "tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n", 2]);
  });

  it("gives the CLI's errors", () => {
    const sh = shell(["docker run --name ex busybox true"]);
    expect(out(sh, "docker export -o nodir/x.tar ex")).toEqual([
      "",
      "failed to export container: invalid output path: stat nodir: no such file or directory\n",
      1,
    ]);
    expect(out(sh, "docker export nosuch > x")).toEqual(["", "Error response from daemon: No such container: nosuch\n", 1]);
    expect(out(sh, "docker export")[2]).toBe(1);
  });
});

describe("the tar format", () => {
  it("reads back what it writes, long names and links included", () => {
    const long = `${"a".repeat(90)}/${"b".repeat(60)}`;
    const archive = writeTar([
      { name: "etc/", type: "d", mode: 0o755, mtime: 1000 },
      { name: long, type: "f", mode: 0o644, mtime: 2000, data: "x".repeat(600), uid: 1000, gid: 1000 },
      { name: "etc/mtab", type: "l", mode: 0o777, mtime: 0, target: "/proc/mounts" },
    ]);
    expect(archive.length % 512).toBe(0);
    const { members, error } = readTar(archive);
    expect(error).toBeUndefined();
    expect(members.map((m) => [m.name, m.type, m.size, m.uid, m.target])).toEqual([
      ["etc/", "d", 0, 0, ""],
      [long, "f", 600, 1000, ""],
      ["etc/mtab", "l", 0, 0, "/proc/mounts"],
    ]);
    expect(readTar(archive.slice(0, 700)).error).toBe("short");
    expect(readTar("x".repeat(1024)).error).toBe("magic");
  });
});

describe("tar -t with member names", () => {
  it("lists what is below them and names the missing ones, in BusyBox's and GNU's words", () => {
    const sh = shell(["docker run --name ex busybox sh -c 'echo hi > /tmp/x'", "docker export -o ex.tar ex"]);
    expect(out(sh, "docker run --rm -v $PWD:/w busybox tar -tf /w/ex.tar tmp/ etc/shadow")).toEqual([
      "tmp/\ntmp/x\n",
      "tar: etc/shadow: not found in archive\n",
      1,
    ]);
    expect(out(sh, "tar -tf ex.tar tmp nope")).toEqual([
      "tmp/\ntmp/x\n",
      "tar: nope: Not found in archive\ntar: Exiting with failure status due to previous errors\n",
      2,
    ]);
  });
});
