/**
 * `lab`: what has no real-world command, such as racking a new machine or laying a new LAN cable.
 * `lab host add NAME [--lan LAN] [--ip ADDRESS]`, `lab lan add NAME --subnet CIDR [--router IP|none]
 * [--internet]`, `lab ls`.
 */
import { addHost, addLan } from "../intents";
import { byOrder, parseCidr } from "../model";
import { err, type Output, ok, type ShellContext } from "./context";
import { applyIntent, created } from "./intent";
import { labVmAdd } from "./labvm";

const USAGE = `Usage:
  lab host add NAME [--lan LAN] [--ip ADDRESS]   add a physical host running Docker Engine
  lab lan add NAME --subnet CIDR [--router IP|none] [--internet]
  lab vm add NAME [--hypervisor kvm|virtualbox] [--host HOST] [--no-engine]
  lab ls                                         list LANs and machines
`;

function flags(args: string[]): { values: Map<string, string>; rest: string[]; bad: string | null } {
  const values = new Map<string, string>();
  const rest: string[] = [];
  let bad: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--internet") values.set(a, "");
    else if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 0) values.set(a.slice(0, eq), a.slice(eq + 1));
      else if (i + 1 < args.length) values.set(a, args[++i] as string);
      else bad = a;
    } else rest.push(a);
  }
  return { values, rest, bad };
}

function hostAdd(ctx: ShellContext, args: string[]): Output {
  const { values, rest, bad } = flags(args);
  const name = rest[0];
  if (!name || bad) return err(USAGE, 2);
  const lans = byOrder(ctx.doc.lans);
  const lanName = values.get("--lan");
  const lan = lanName === undefined ? lans[0] : lans.find((l) => l.name === lanName || l.id === lanName);
  if (!lan) return err(`lab: no such LAN: ${lanName ?? "(none)"}\n`, 1);
  const ip = values.get("--ip");
  const made = addHost(ctx.intentEnv, { name, lanId: lan.id, ...(ip === undefined ? {} : { address: ip }) });
  const ops = applyIntent(ctx, "lab", made);
  if (!Array.isArray(ops)) return ops;
  const address = created(ops, "machine.create")?.address ?? null;
  return ok(`host ${name} added to ${lan.name}: eth0 ${address ?? "(no address)"}\n`);
}

function lanAdd(ctx: ShellContext, args: string[]): Output {
  const { values, rest, bad } = flags(args);
  const name = rest[0];
  const subnet = values.get("--subnet");
  if (!name || !subnet || bad) return err(USAGE, 2);
  const routerFlag = values.get("--router");
  const made = addLan(ctx.intentEnv, {
    name,
    subnet,
    ...(routerFlag === undefined ? {} : { router: routerFlag === "none" ? null : routerFlag }),
    internet: values.has("--internet"),
  });
  const ops = applyIntent(ctx, "lab", made);
  if (!Array.isArray(ops)) return ops;
  const router = created(ops, "lan.create")?.router ?? null;
  const lan = Object.values(ctx.doc.lans).find((l) => l.name === name);
  return ok(`LAN ${name} added: ${lan?.subnet ?? subnet}, router ${router ?? "none"}${values.has("--internet") ? ", internet behind it" : ""}\n`);
}

function ls(ctx: ShellContext): Output {
  const lines = [
    "LANS",
    ...byOrder(ctx.doc.lans).map((l) => `  ${l.name.padEnd(16)} ${l.subnet.padEnd(18)} router ${l.router ?? "none"}${l.internet ? " (internet)" : ""}`),
  ];
  lines.push("MACHINES");
  for (const m of byOrder(ctx.doc.machines)) {
    const kind = m.vm ? `vm on ${ctx.doc.machines[m.vm.hostId]?.name ?? "?"} (${m.vm.hypervisor}, ${m.vm.state})` : "host";
    const nics = m.nics.map((n) => `${n.name}=${n.address ?? "-"}`).join(" ");
    lines.push(`  ${m.name.padEnd(16)} ${kind.padEnd(34)} ${nics}`);
  }
  return ok(`${lines.join("\n")}\n`);
}

/**
 * `ip addr add|del ADDRESS/PREFIX dev IFACE` on a machine (not in a container): the change that gives
 * a VM on an internal network its address. Null when `args` is some other `ip` command.
 * @example ipAddrChange(vmCtx, ["addr", "add", "10.10.10.1/24", "dev", "enp0s3"]) // ok("")
 */
export function ipAddrChange(ctx: ShellContext, args: string[]): Output | null {
  const [obj, verb, ...rest] = args;
  if (!obj || !["a", "ad", "add", "addr", "addre", "addres", "address"].includes(obj) || (verb !== "add" && verb !== "del")) return null;
  const devAt = rest.indexOf("dev");
  const dev = devAt >= 0 ? rest[devAt + 1] : undefined;
  const address = rest.find((_w, i) => i !== devAt && i !== devAt + 1);
  if (!address) return err(`Error: any valid prefix is expected rather than "".\n`, 1);
  if (!dev) return err('Not enough information: "dev" argument is required.\n', 1);
  const withPrefix = address.includes("/") ? address : `${address}/32`;
  const c = parseCidr(withPrefix);
  if (!c) return err(`Error: any valid prefix is expected rather than "${address}".\n`, 1);
  const m = ctx.doc.machines[ctx.machineId];
  const nic = m?.nics.find((n) => n.name === dev);
  if (!m || !nic) return err(`Cannot find device "${dev}"\n`, 1);
  if (verb === "add") {
    if (nic.address && parseCidr(nic.address)?.ip === c.ip) return err("RTNETLINK answers: File exists\n", 2);
    // One address per interface in the model: a second `add` replaces the first.
    const res = ctx.apply({ type: "machine.setAddress", machineId: m.id, nic: dev, address: withPrefix });
    return res.ok ? ok() : err(`RTNETLINK answers: File exists\n`, 2);
  }
  if (!nic.address || parseCidr(nic.address)?.ip !== c.ip) return err("RTNETLINK answers: Cannot assign requested address\n", 2);
  const res = ctx.apply({ type: "machine.setAddress", machineId: m.id, nic: dev, address: null });
  return res.ok ? ok() : err(`RTNETLINK answers: ${res.error}\n`, 2);
}

/**
 * Runs `lab ARGS...`: the sandbox's own command for changes that are physical in the real world.
 * @example lab(ctx, ["host", "add", "pc2", "--ip", "192.168.1.20"]).stdout // "host pc2 added to lan: eth0 192.168.1.20/24\n"
 */
export function lab(ctx: ShellContext, args: string[]): Output {
  const [noun, verb, ...rest] = args;
  if (noun === "ls") return ls(ctx);
  if (noun === "host" && verb === "add") return hostAdd(ctx, rest);
  if (noun === "lan" && verb === "add") return lanAdd(ctx, rest);
  if (noun === "vm" && verb === "add") return labVmAdd(ctx, rest);
  return err(USAGE, noun === undefined || noun === "--help" ? 0 : 2);
}
