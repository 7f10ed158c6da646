import { describe, expect, it } from "vitest";
import { imageMove, registryMachine } from "../../../app/room/core/imageMoves";
import { ShellContext } from "../../../lib/shell/context";
import { Shell } from "../../../lib/shell/session";
import { resolve } from "../../../lib/sim";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

/** Host A (192.168.1.10) runs a registry; host B's daemon trusts it. */
function lab() {
  const sh = Shell.fresh({ seed: 5, clock: () => NOW });
  expect(sh.run("lab host add hostb").exitCode).toBe(0);
  const id = (name: string) => Object.values(sh.doc.machines).find((x) => x.name === name)?.id as string;
  const on = (name: string, line: string) => {
    if (id(name) === sh.ctx.machineId) return sh.run(line);
    const ctx = new ShellContext(sh.doc, id(name), sh.ctx.ids, sh.ctx.clock);
    const out = new Shell(ctx).run(line);
    sh.ctx.absorb(ctx);
    return out;
  };
  /** The movements a line's ops make, each judged against the room after the line. */
  const moves = (name: string, line: string) => {
    const out = on(name, line);
    expect(out.exitCode, out.stderr).toBe(0);
    const r = resolve(sh.doc);
    return out.ops.map((op) => imageMove(op, r)).filter((m) => m !== null);
  };
  on("host", "docker run -d -p 5000:5000 --name registry registry:2");
  on("host", "docker pull busybox");
  on("hostb", `echo '{"insecure-registries": ["192.168.1.10:5000"]}' > /etc/docker/daemon.json`);
  on("hostb", "systemctl reload docker");
  return { sh, id, moves };
}

describe("image moves on the canvas", () => {
  it("a push goes from the pushing machine to the registry's, a pull from the registry's to the puller", () => {
    const { id, moves } = lab();
    const a = id("host");
    const b = id("hostb");
    moves("host", "docker tag busybox 192.168.1.10:5000/bb:1");
    moves("host", "docker tag busybox localhost:5000/bb:1");
    expect(moves("host", "docker push localhost:5000/bb:1")).toEqual([{ kind: "push", from: a, to: a, label: "bb:1" }]);
    expect(moves("hostb", "docker pull 192.168.1.10:5000/bb:1")).toEqual([{ kind: "pull", from: a, to: b, label: "bb:1" }]);
    // Pulling what it has still fetches the manifest: the token travels again.
    expect(moves("hostb", "docker pull 192.168.1.10:5000/bb:1")).toEqual([{ kind: "pull", from: a, to: b, label: "bb:1" }]);
    // B pushes back to A's registry under another tag: B to A.
    moves("hostb", "docker tag 192.168.1.10:5000/bb:1 192.168.1.10:5000/bb:2");
    expect(moves("hostb", "docker push 192.168.1.10:5000/bb:2")).toEqual([{ kind: "push", from: b, to: a, label: "bb:2" }]);
  });

  it("docker run of a registry image moves it too; push -a moves each tag", () => {
    const { id, moves } = lab();
    const a = id("host");
    const b = id("hostb");
    moves("host", "docker tag busybox localhost:5000/lib/bb:x");
    moves("host", "docker tag busybox localhost:5000/lib/bb:y");
    expect(moves("host", "docker push -a localhost:5000/lib/bb").map((m) => m.label)).toEqual(["lib/bb:x", "lib/bb:y"]);
    expect(moves("hostb", "docker run --rm 192.168.1.10:5000/lib/bb:x true")).toEqual([{ kind: "pull", from: a, to: b, label: "lib/bb:x" }]);
  });

  it("a VM's engine pulls from its host's registry: from the host to the VM", () => {
    const { sh, id, moves } = lab();
    moves("host", "lab vm add vm1 --hypervisor kvm");
    moves("host", "virsh start vm1");
    moves("host", "docker tag busybox localhost:5000/bb");
    moves("host", "docker push localhost:5000/bb");
    moves("host", `ssh vm1 "echo '{\\"insecure-registries\\": [\\"192.168.1.10:5000\\"]}' > /etc/docker/daemon.json"`);
    moves("host", "ssh vm1 systemctl reload docker");
    const vm = id("vm1");
    expect(sh.doc.machines[vm]?.vm?.hypervisor).toBe("kvm");
    expect(moves("host", "ssh vm1 docker pull 192.168.1.10:5000/bb")).toEqual([{ kind: "pull", from: id("host"), to: vm, label: "bb:latest" }]);
  });

  it("Hub pulls, tags, builds and loads move nothing", () => {
    const { moves } = lab();
    expect(moves("hostb", "docker pull alpine")).toEqual([]);
    expect(moves("hostb", "docker tag alpine 192.168.1.10:5000/al")).toEqual([]);
    expect(moves("hostb", "printf 'FROM alpine\\nRUN echo hi > /x\\n' > Dockerfile")).toEqual([]);
    expect(moves("hostb", "docker build -q -t 192.168.1.10:5000/mine .")).toEqual([]);
    expect(moves("hostb", "docker save -o a.tar alpine")).toEqual([]);
    expect(moves("hostb", "docker load -i a.tar")).toEqual([]);
  });

  it("finds the registry's machine by its address, its own addresses first, and none for an address nobody has", () => {
    const { sh, id } = lab();
    const r = resolve(sh.doc);
    const a = id("host");
    const b = id("hostb");
    expect(registryMachine(r, b, "192.168.1.10:5000")).toBe(a);
    expect(registryMachine(r, b, "localhost:5000")).toBe(b);
    expect(registryMachine(r, b, "127.0.0.1:5000")).toBe(b);
    expect(registryMachine(r, b, "[::1]:5000")).toBe(b);
    expect(registryMachine(r, b, "172.17.0.1:5000")).toBe(b);
    expect(registryMachine(r, a, "host:5000")).toBe(a);
    expect(registryMachine(r, b, "10.9.9.9:5000")).toBeNull();
    expect(registryMachine(r, b, "nohost:5000")).toBeNull();
  });
});
