/** File owners under -u: what a user writes is theirs, and root's directories refuse them as the kernel does. */
import { describe, expect, it } from "vitest";
import { printed, typed } from "../../world";

const shell = typed;
const out = printed;

describe("files written under -u", () => {
  it("belong to the user, shown by ls -l and ls -ln", () => {
    const sh = shell(["docker run -d --name uu busybox sleep 600", "docker exec -u 1000 uu touch /tmp/x"]);
    expect(out(sh, "docker exec uu ls -ln /tmp/x")).toEqual(["-rw-r--r--    1 1000     0                0 Dec  7 11:42 /tmp/x\n", "", 0]);
    expect(out(sh, "docker exec uu ls -l /tmp/x")).toEqual(["-rw-r--r--    1 1000     root             0 Dec  7 11:42 /tmp/x\n", "", 0]);
    sh.run("docker exec -u www-data uu sh -c 'echo x > /tmp/w'");
    expect(out(sh, "docker exec uu ls -l /tmp/w")).toEqual(["-rw-r--r--    1 www-data www-data         2 Dec  7 11:42 /tmp/w\n", "", 0]);
    sh.run("docker exec -u 1000:33 uu mkdir -p /tmp/d/e");
    expect(out(sh, "docker exec uu ls -ln /tmp/d")).toEqual(["total 4\ndrwxr-xr-x    2 1000     33            4096 Dec  7 11:42 e\n", "", 0]);
    // root rewriting a user's file keeps its owner
    sh.run("docker exec uu sh -c 'echo more >> /tmp/x'");
    expect(out(sh, "docker exec uu ls -ln /tmp/x")[0]).toContain(" 1000     0 ");
  });

  it("are refused in root's directories with the kernel's errors", () => {
    const sh = shell(["docker run -d --name uu busybox sleep 600", "docker exec uu touch /tmp/rootfile"]);
    expect(out(sh, "docker exec -u 1000 uu touch /etc/y")).toEqual(["", "touch: /etc/y: Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu sh -c 'echo a > /root/z'")).toEqual(["", "sh: can't create /root/z: Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu mkdir /opt")).toEqual(["", "mkdir: can't create directory '/opt': Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu rm /etc/group")).toEqual(["", "rm: can't remove '/etc/group': Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu sh -c 'echo x >> /etc/group'")).toEqual(["", "sh: can't create /etc/group: Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu rm -f /tmp/rootfile")).toEqual(["", "rm: can't remove '/tmp/rootfile': Operation not permitted\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu chmod 777 /etc/group")).toEqual(["", "chmod: /etc/group: Operation not permitted\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu cp /etc/group /etc/g2")).toEqual(["", "cp: can't create '/etc/g2': Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 1000 uu ln -s /x /etc/l")).toEqual(["", "ln: /etc/l: Permission denied\n", 1]);
    sh.run("docker exec -u 1000 uu cp /etc/group /tmp/g");
    expect(out(sh, "docker exec -u 1000 uu mv /tmp/g /etc/g")).toEqual(["", "mv: can't rename '/tmp/g': Permission denied\n", 1]);
    expect(sh.doc.files && Object.values(sh.doc.files).some((l) => l["/etc/y"] || l["/opt"] || l["/etc/g"])).toBe(false);
  });

  it("keep their modes against other users", () => {
    const sh = shell([
      "docker run -d --name uu busybox sleep 600",
      "docker exec -u 1000 uu sh -c 'touch /tmp/x; chmod 600 /tmp/x; mkdir /tmp/m; chmod 700 /tmp/m'",
    ]);
    expect(out(sh, "docker exec -u 2000 uu cat /tmp/x")).toEqual(["", "cat: can't open '/tmp/x': Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 2000 uu sh -c 'echo y > /tmp/x'")).toEqual(["", "sh: can't create /tmp/x: Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 2000 uu rm /tmp/x")).toEqual(["", "rm: can't remove '/tmp/x': Operation not permitted\n", 1]);
    expect(out(sh, "docker exec -u 2000 uu ls /tmp/m")).toEqual(["", "ls: can't open '/tmp/m': Permission denied\n", 1]);
    expect(out(sh, "docker exec -u 2000 uu touch /tmp/m/f")).toEqual(["", "touch: /tmp/m/f: Permission denied\n", 1]);
    expect(out(sh, "docker exec uu cat /tmp/x")).toEqual(["", "", 0]);
    expect(out(sh, "docker exec -u 1000 uu rm -r /tmp/m")).toEqual(["", "", 0]);
  });

  it("follow docker run -u, into the export's headers too", () => {
    const sh = shell(["docker pull busybox"]);
    expect(out(sh, "docker run --name ru -u 1000 busybox sh -c 'touch /tmp/a; ls -ln /tmp; touch /a'")).toEqual([
      "total 0\n-rw-r--r--    1 1000     0                0 Dec  7 11:42 a\n",
      "touch: /a: Permission denied\n",
      1,
    ]);
    expect(out(sh, "docker export ru | tar -tv tmp/a")[0]).toBe("-rw-r--r-- 1000/root         0 2026-12-07 11:42 tmp/a\n");
  });
});
