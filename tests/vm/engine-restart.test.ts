/** A VM's power cycle restarts its Docker engine: the restart policies decide what comes back. */
import { describe, expect, it } from "vitest";
import { ShellContext } from "../../lib/shell/context";
import { docker } from "../../lib/shell/docker";
import { vboxManage } from "../../lib/shell/vbox";
import { World } from "../world";

function run(lab: World, args: string[], at = 5_000): string {
  const ctx = new ShellContext(lab.doc, "m-vm1", lab.ids, () => at);
  const out = docker(ctx, args);
  expect(out.exitCode, out.stderr).toBe(0);
  lab.doc = ctx.doc;
  return out.stdout;
}

function states(lab: World): Record<string, string> {
  return Object.fromEntries(Object.values(lab.doc.containers).map((c) => [c.name, `${c.state} ${c.exitCode}`]));
}

function powerCycle(lab: World, at: number): World {
  return lab.op({ type: "vm.poweroff", machineId: "m-vm1" }).op({ type: "vm.start", machineId: "m-vm1", at });
}

describe("restart policies when the machine restarts", () => {
  function build(): World {
    const lab = new World().vm("vm1", { engine: true }).start("vm1");
    for (const [name, policy] of [
      ["always", "always"],
      ["unless", "unless-stopped"],
      ["onfail", "on-failure"],
      ["none", "no"],
      ["always-stopped", "always"],
      ["unless-stopped", "unless-stopped"],
    ] as const) {
      run(lab, ["run", "-d", "--name", name, "--restart", policy, "nginx"]);
    }
    run(lab, ["run", "-d", "--name", "done-ok", "--restart", "on-failure", "alpine", "true"]);
    run(lab, ["stop", "always-stopped", "unless-stopped"]);
    return lab;
  }

  it("power-off leaves every container Exited (255), those stopped by hand keep their code", () => {
    const lab = build().op({ type: "vm.poweroff", machineId: "m-vm1" });
    expect(states(lab)).toEqual({
      always: "exited 255",
      unless: "exited 255",
      onfail: "exited 255",
      none: "exited 255",
      "always-stopped": "exited 0",
      "unless-stopped": "exited 0",
      "done-ok": "exited 0",
    });
  });

  it("start brings back always (even stopped by hand), unless-stopped not stopped by hand, on-failure after 255", () => {
    const lab = powerCycle(build(), 9_000);
    expect(states(lab)).toEqual({
      always: "running 0",
      unless: "running 0",
      onfail: "running 0",
      none: "exited 255",
      "always-stopped": "running 0",
      "unless-stopped": "exited 0",
      "done-ok": "exited 0",
    });
    const always = Object.values(lab.doc.containers).find((c) => c.name === "always");
    expect(always?.startedAt).toBe(9_000);
    expect(always?.restartCount ?? 0).toBe(0);
    expect(always?.endpoints[0]?.ip).not.toBeNull();
    expect(run(lab, ["ps", "--format", "{{.Names}}"], 10_000).split("\n").filter(Boolean).sort()).toEqual(["always", "always-stopped", "onfail", "unless"]);
  });

  it("a restored container gets its published port back; one whose port is taken stays Exited", () => {
    const lab = new World().vm("vm1", { engine: true }).start("vm1");
    run(lab, ["run", "-d", "--name", "web1", "--restart", "always", "-p", "8080:80", "nginx"]);
    run(lab, ["stop", "web1"]);
    run(lab, ["run", "-d", "--name", "web2", "-p", "8080:80", "nginx"]);
    run(lab, ["update", "--restart", "always", "web2"]);
    powerCycle(lab, 9_000);
    // Both want 8080: whichever the engine restores first holds it, the other stays down.
    expect(Object.values(states(lab)).sort()).toEqual(["exited 255", "running 0"]);
    const up = Object.values(lab.doc.containers).find((c) => c.state === "running");
    expect(up?.ports[0]?.assigned).not.toBeNull();
  });

  it("a one-shot command under always runs again at boot and keeps cycling", () => {
    const lab = new World().vm("vm1", { engine: true }).start("vm1");
    run(lab, ["run", "-d", "--name", "once", "--restart", "always", "alpine", "true"]);
    run(lab, ["stop", "once"]);
    powerCycle(lab, 9_000);
    const c = Object.values(lab.doc.containers).find((x) => x.name === "once");
    expect(c?.restarting).toBe(true);
    expect(c?.startedAt).toBe(9_000);
  });

  it("VBoxManage startvm boots the guest's engine at the host's clock", () => {
    const lab = new World().vm("vm1", { engine: true }).start("vm1");
    run(lab, ["run", "-d", "--name", "web", "--restart", "unless-stopped", "nginx"]);
    const host = new ShellContext(lab.doc, "m-host", lab.ids, () => 7_000);
    expect(vboxManage(host, ["controlvm", "vm1", "poweroff"]).exitCode).toBe(0);
    expect(vboxManage(host, ["startvm", "vm1", "--type", "headless"]).exitCode).toBe(0);
    const web = Object.values(host.doc.containers).find((c) => c.name === "web");
    expect(web).toMatchObject({ state: "running", startedAt: 7_000 });
  });
});
