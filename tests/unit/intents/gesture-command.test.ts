/**
 * A canvas gesture and the command it stands for make the same ops through the same intent: the palette
 * calls the intent with the room's document, and `lab ...` calls it with the session's. Same document,
 * same ids, same time: identical ops.
 */
import { describe, expect, it } from "vitest";
import { addHost, addLan, addVm, type IntentResult } from "../../../lib/intents";
import { createWorld, type Doc, seededIds } from "../../../lib/model";
import { Shell, ShellContext } from "../../../lib/shell";
import { typedOps } from "../../world";

const NOW = 1_700_000_000_000;

function gesture(doc: Doc, seed: number, made: (env: { doc: Doc; ids: ReturnType<typeof seededIds>; now: number }) => IntentResult) {
  return made({ doc, ids: seededIds(seed), now: NOW });
}

describe("gesture and command make identical ops", () => {
  const doc = createWorld(seededIds(1), 0);

  it("add a LAN", () => {
    expect(typedOps(doc, "lab lan add lab2 --subnet 10.20.0.0/24 --internet", 7, NOW)).toEqual(
      gesture(doc, 7, (env) => addLan(env, { name: "lab2", subnet: "10.20.0.0/24", internet: true })),
    );
  });

  it("add a host on a LAN, with the lowest free address", () => {
    const ops = typedOps(doc, "lab host add pc2 --lan lan", 7, NOW);
    expect(ops).toEqual(gesture(doc, 7, (env) => addHost(env, { name: "pc2", lanId: "lan-1" })));
    expect(ops[0]).toMatchObject({ type: "machine.create", address: "192.168.1.11/24" });
  });

  it("add a KVM guest, with libvirt's default network the first time", () => {
    const ops = typedOps(doc, "lab vm add g1 --hypervisor kvm", 7, NOW);
    expect(ops).toEqual(gesture(doc, 7, (env) => addVm(env, { name: "g1", hypervisor: "kvm", hostId: "m-host" })));
    expect(ops.map((op) => op.type)).toEqual(["libvirt.netDefine", "machine.create"]);
  });

  it("add a VirtualBox guest", () => {
    expect(typedOps(doc, "lab vm add v1 --hypervisor virtualbox", 8, NOW)).toEqual(
      gesture(doc, 8, (env) => addVm(env, { name: "v1", hypervisor: "virtualbox", hostId: "m-host" })),
    );
  });

  it("refuse alike: the command prints the intent's reason", () => {
    const made = gesture(doc, 7, (env) => addVm(env, { name: "bad/name", hypervisor: "kvm", hostId: "m-host" }));
    expect(made).toEqual({ error: "invalid VM name: bad/name", input: true });
    const shell = new Shell(new ShellContext(doc, "m-host", seededIds(7), () => NOW));
    expect(shell.run("lab vm add bad/name")).toMatchObject({ stderr: "lab: invalid VM name: bad/name\n", exitCode: 2, ops: [] });
  });
});
