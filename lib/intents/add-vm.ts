/**
 * Intent: create a powered-off VM on a physical host (`lab vm add`, the palette's VM item). A KVM guest
 * needs libvirt's `default` network, which installing libvirt defines, so the first KVM guest brings it.
 */

import type { Op } from "../ops";
import { defaultNetworkOp } from "../ops/libvirt";
import { type At, type IntentEnv, type IntentResult, MACHINE_NAME, placeAt, refuse } from "./intent";

interface AddVm {
  name: string;
  hypervisor: "virtualbox" | "kvm";
  hostId: string;
  /** Docker Engine installed in the guest (the default). */
  engine?: boolean;
  at?: At;
}

/** A version-4 UUID's layout over the VM id's own digits, so the id source is drawn from once. */
function uuidFrom(hex: string): string {
  const h = `${hex.slice(0, 12)}4${hex.slice(13, 16)}8${hex.slice(17, 32)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * @example addVm(env, { name: "g1", hypervisor: "kvm", hostId: "m-host" }).map((op) => op.type) // ["libvirt.netDefine", "machine.create"]
 */
export function addVm(env: IntentEnv, req: AddVm): IntentResult {
  if (!MACHINE_NAME.test(req.name)) return refuse(`invalid VM name: ${req.name}`, true);
  const host = env.doc.machines[req.hostId];
  if (!host) return refuse(`no such host: ${req.hostId}`);
  if (host.kind !== "host") return refuse(`${host.name} is a virtual machine; VMs run on physical hosts here`);
  const ops: Op[] = [];
  const define = req.hypervisor === "kvm" ? defaultNetworkOp(env.doc, host.id, `lv-${env.ids.hex64().slice(0, 12)}`) : null;
  if (define) ops.push(define);
  const hex = env.ids.hex64();
  const id = `m-${hex.slice(0, 12)}`;
  ops.push({
    type: "machine.create",
    id,
    name: req.name,
    kind: "vm",
    lanId: null,
    address: null,
    engineNetworkIds: req.engine === false ? null : [env.ids.hex64(), env.ids.hex64(), env.ids.hex64()],
    vm: { hostId: host.id, hypervisor: req.hypervisor, uuid: uuidFrom(hex), os: req.hypervisor === "kvm" ? "ubuntu22.04" : "Ubuntu_64" },
    at: env.now,
  });
  return [...ops, ...placeAt(id, req.at ?? null)];
}
