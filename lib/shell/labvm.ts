/**
 * `lab vm add NAME [--hypervisor kvm|virtualbox] [--host HOST] [--no-engine]`: a guest created the way
 * virt-install or a GUI wizard would, without their many questions. A KVM guest needs libvirt's
 * `default` network, which installing libvirt defines, so the first KVM guest on a host brings it.
 */
import { defaultNetworkOp } from "../ops/libvirt";
import { err, type Output, ok, type ShellContext } from "./context";

const USAGE = "usage: lab vm add NAME [--hypervisor kvm|virtualbox] [--host HOST] [--no-engine]\n";

function uuidFrom(hex: string): string {
  const h = `${hex.slice(0, 12)}4${hex.slice(13, 16)}8${hex.slice(17, 32)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Creates a powered-off VM on a physical host (the session's machine unless `--host` names another).
 * @example labVmAdd(ctx, ["g1", "--hypervisor", "kvm"]).stdout // "vm g1 added on host (kvm, shut off): enp1s0 on libvirt network default\n"
 */
export function labVmAdd(ctx: ShellContext, args: string[]): Output {
  let name: string | undefined;
  let hypervisor = "kvm";
  let hostName: string | undefined;
  let engine = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--hypervisor") hypervisor = args[++i] ?? "";
    else if (a.startsWith("--hypervisor=")) hypervisor = a.slice(13);
    else if (a === "--host") hostName = args[++i];
    else if (a === "--no-engine") engine = false;
    else if (a.startsWith("-") || name !== undefined) return err(USAGE, 2);
    else name = a;
  }
  if (!name) return err(USAGE, 2);
  if (hypervisor !== "kvm" && hypervisor !== "virtualbox") return err(`lab: unknown hypervisor: ${hypervisor} (kvm or virtualbox)\n`, 2);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return err(`lab: invalid VM name: ${name}\n`, 2);
  const host = hostName === undefined ? ctx.doc.machines[ctx.machineId] : Object.values(ctx.doc.machines).find((m) => m.name === hostName);
  if (!host) return err(`lab: no such host: ${hostName}\n`, 1);
  if (host.kind !== "host") return err(`lab: ${host.name} is a virtual machine; VMs run on physical hosts here\n`, 1);
  if (hypervisor === "kvm") {
    const define = defaultNetworkOp(ctx.doc, host.id, `lv-${ctx.ids.hex64().slice(0, 12)}`);
    const res = define ? ctx.apply(define) : { ok: true as const };
    if (!res.ok) return err(`lab: ${res.error}\n`, 1);
  }
  const hex = ctx.ids.hex64();
  const res = ctx.apply({
    type: "machine.create",
    id: `m-${hex.slice(0, 12)}`,
    name,
    kind: "vm",
    lanId: null,
    address: null,
    engineNetworkIds: engine ? [ctx.ids.hex64(), ctx.ids.hex64(), ctx.ids.hex64()] : null,
    vm: { hostId: host.id, hypervisor, uuid: uuidFrom(hex), os: hypervisor === "kvm" ? "ubuntu22.04" : "Ubuntu_64" },
    at: ctx.now,
  });
  if (!res.ok) return err(`lab: ${res.error}\n`, 1);
  const nic = hypervisor === "kvm" ? "enp1s0 on libvirt network default" : "enp0s3 on NAT";
  return ok(`vm ${name} added on ${host.name} (${hypervisor}, ${hypervisor === "kvm" ? "shut off" : "powered off"}): ${nic}\n`);
}
