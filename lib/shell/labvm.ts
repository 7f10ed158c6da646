/**
 * `lab vm add NAME [--hypervisor kvm|virtualbox] [--host HOST] [--no-engine]`: a guest created the way
 * virt-install or a GUI wizard would, without their many questions. A KVM guest needs libvirt's
 * `default` network, which installing libvirt defines, so the first KVM guest on a host brings it.
 */
import { addVm } from "../intents";
import { err, type Output, ok, type ShellContext } from "./context";
import { applyIntent } from "./intent";

const USAGE = "usage: lab vm add NAME [--hypervisor kvm|virtualbox] [--host HOST] [--no-engine]\n";

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
  const host = hostName === undefined ? ctx.doc.machines[ctx.machineId] : Object.values(ctx.doc.machines).find((m) => m.name === hostName);
  if (!host) return err(`lab: no such host: ${hostName}\n`, 1);
  const ops = applyIntent(ctx, "lab", addVm(ctx.intentEnv, { name, hypervisor, hostId: host.id, engine }));
  if (!Array.isArray(ops)) return ops;
  const nic = hypervisor === "kvm" ? "enp1s0 on libvirt network default" : "enp0s3 on NAT";
  return ok(`vm ${name} added on ${host.name} (${hypervisor}, ${hypervisor === "kvm" ? "shut off" : "powered off"}): ${nic}\n`);
}
