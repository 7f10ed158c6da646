/**
 * `VBoxManage`: the VirtualBox 7 command line, as far as the networking lessons need it. Each command
 * becomes ops on the document and prints what VirtualBox prints.
 */
import type { Adapter, AdapterMode, Machine, PortForward } from "../model";
import { formatIp, parseCidr } from "../model";
import { parseNatPf } from "../ops/natpf";
import { GUEST_NICS } from "../sim/vm";
import { err, type Output, ok, type ShellContext } from "./context";

export { parseNatPf };

const PROGRESS = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n";

const USAGE = `Usage:

VBoxManage [<general option>] <command>

Commands:
  list, showvminfo, createvm, modifyvm, startvm, controlvm, natnetwork, hostonlyif
`;

function vboxError(lines: string[], code = 1): Output {
  return err(`${lines.map((l) => `VBoxManage: error: ${l}`).join("\n")}\n`, code);
}

function notFound(name: string): Output {
  return vboxError([
    `Could not find a registered machine named '${name}'`,
    "Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports",
  ]);
}

type VmMachine = Machine & { vm: NonNullable<Machine["vm"]> };

/** VMs of this host's VirtualBox, in registration order. */
function vms(ctx: ShellContext): VmMachine[] {
  return Object.values(ctx.doc.machines)
    .filter((m): m is VmMachine => m.vm?.hypervisor === "virtualbox" && m.vm.hostId === ctx.machineId)
    .sort((a, b) => a.order - b.order);
}

function findVm(ctx: ShellContext, nameOrUuid: string): VmMachine | undefined {
  return vms(ctx).find((m) => m.name === nameOrUuid || m.vm.uuid === nameOrUuid);
}

function uuidFrom(hex: string): string {
  const h = `${hex.slice(0, 12)}4${hex.slice(13, 16)}8${hex.slice(17, 32)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function applied(ctx: ShellContext, op: Parameters<ShellContext["apply"]>[0]): Output | null {
  const res = ctx.apply(op);
  return res.ok ? null : vboxError([res.error]);
}

/** Reads `--opt value` and `--opt=value` pairs; flags without values map to "". */
function options(args: string[]): { opts: [string, string][]; rest: string[] } {
  const opts: [string, string][] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("--")) {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) opts.push([a.slice(0, eq), a.slice(eq + 1)]);
    else if (a === "--register" || a === "--enable" || a === "--disable" || a === "--machinereadable") opts.push([a, ""]);
    else {
      opts.push([a, args[i + 1] ?? ""]);
      i++;
    }
  }
  return { opts, rest };
}

function createvm(ctx: ShellContext, args: string[]): Output {
  const { opts } = options(args);
  const name = opts.find(([k]) => k === "--name")?.[1];
  if (!name) return vboxError(["Parameter --name is required"], 2);
  const settings = `/root/VirtualBox VMs/${name}/${name}.vbox`;
  if (findVm(ctx, name)) {
    return vboxError([
      `Machine settings file '${settings}' already exists`,
      "Details: code VBOX_E_FILE_ERROR (0x80bb0004), component MachineWrap, interface IMachine, callee nsISupports",
    ]);
  }
  const hex = ctx.ids.hex64();
  const uuid = uuidFrom(hex);
  // The guest image is a server install with Docker Engine, as the lessons assume.
  const res = ctx.apply({
    type: "machine.create",
    id: `m-${hex.slice(0, 12)}`,
    name,
    kind: "vm",
    lanId: null,
    address: null,
    engineNetworkIds: [ctx.ids.hex64(), ctx.ids.hex64(), ctx.ids.hex64()],
    vm: { hostId: ctx.machineId, hypervisor: "virtualbox", uuid, os: opts.find(([k]) => k === "--ostype")?.[1] ?? "Other" },
    at: ctx.now,
  });
  if (!res.ok) return vboxError([res.error]);
  const registered = opts.some(([k]) => k === "--register");
  return ok(`Virtual machine '${name}' is created${registered ? " and registered" : ""}.\nUUID: ${uuid}\nSettings file: '${settings}'\n`);
}

const MODES: Record<string, AdapterMode> = {
  none: "none",
  null: "null",
  nat: "nat",
  natnetwork: "natnetwork",
  bridged: "bridged",
  hostonly: "hostonly",
  intnet: "intnet",
};

/** `ssh:tcp:[]:1022:[192.168.15.5]:22`, NAT Network's rule syntax. */
function parseNatNetPf(text: string): PortForward | null {
  const m = /^([^:]*):(tcp|udp):\[([^\]]*)\]:(\d+):\[([^\]]*)\]:(\d+)$/.exec(text);
  if (!m) return null;
  return {
    name: m[1] as string,
    proto: m[2] as "tcp" | "udp",
    hostIp: m[3] as string,
    hostPort: Number(m[4]),
    guestIp: m[5] as string,
    guestPort: Number(m[6]),
  };
}

/** modifyvm option name → setting, accepting VirtualBox 7's spellings and the older ones. */
const NIC_OPTION = /^--(nic|nat-?pf|nat-?network|intnet|host-?only-?adapter|bridge-?adapter|cableconnected|nictype|macaddress)([1-8])$/;

function modifyvm(ctx: ShellContext, args: string[]): Output {
  const [name, ...rest] = args;
  if (!name) return vboxError(["Not enough parameters"], 2);
  const m = findVm(ctx, name);
  if (!m) return notFound(name);
  if (m.vm.state === "running") {
    return vboxError([
      `The machine '${m.name}' is already locked for a session (or being unlocked)`,
      "Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, interface IMachine, callee nsISupports",
    ]);
  }
  const { opts } = options(rest);
  for (const [key, value] of opts) {
    const hit = NIC_OPTION.exec(key);
    if (!hit) continue; // --memory, --cpus, --ostype ... change nothing the network lessons see
    const slot = Number(hit[2]);
    if (slot > 4) return vboxError([`Invalid NIC number ${slot}`], 2);
    const kind = (hit[1] as string).replace(/-/g, "");
    const machineId = m.id;
    let out: Output | null = null;
    if (kind === "nic") {
      const mode = MODES[value];
      if (!mode) return vboxError([`Invalid type '${value}' specfied for NIC ${slot}`], 2);
      out = applied(ctx, { type: "vm.setAdapter", machineId, slot, mode });
    } else if (kind === "natpf") {
      if (value === "delete") {
        const ruleName = rest[rest.indexOf(key) + 2] ?? "";
        out = applied(ctx, { type: "vm.removePortForward", machineId, slot, name: ruleName });
      } else {
        const rule = parseNatPf(value);
        if (!rule) return vboxError([`Invalid NAT port-forwarding rule '${value}'`], 2);
        out = applied(ctx, { type: "vm.addPortForward", machineId, slot, rule });
      }
    } else {
      const current = (ctx.doc.machines[machineId] as VmMachine).vm.adapters[slot - 1] as Adapter;
      const field =
        kind === "natnetwork"
          ? "natNetwork"
          : kind === "intnet"
            ? "intnet"
            : kind === "hostonlyadapter"
              ? "hostOnly"
              : kind === "bridgeadapter"
                ? "bridge"
                : null;
      if (field) out = applied(ctx, { type: "vm.setAdapter", machineId, slot, mode: current.mode, [field]: value });
    }
    if (out) return out;
  }
  return ok();
}

function startvm(ctx: ShellContext, args: string[]): Output {
  const { rest } = options(args);
  const name = rest[0];
  if (!name) return vboxError(["Not enough parameters"], 2);
  const m = findVm(ctx, name);
  if (!m) return notFound(name);
  const res = ctx.apply({ type: "vm.start", machineId: m.id, at: ctx.now });
  const waiting = `Waiting for VM "${m.name}" to power on...\n`;
  if (!res.ok) return { stdout: waiting, stderr: `VBoxManage: error: ${res.error}\n`, exitCode: 1 };
  return ok(`${waiting}VM "${m.name}" has been successfully started.\n`);
}

function controlvm(ctx: ShellContext, args: string[]): Output {
  const [name, action, ...rest] = args;
  if (!name || !action) return vboxError(["Not enough parameters"], 2);
  const m = findVm(ctx, name);
  if (!m) return notFound(name);
  if (m.vm.state !== "running") return vboxError([`Machine '${m.name}' is not currently running`]);
  if (action === "poweroff") {
    const res = ctx.apply({ type: "vm.poweroff", machineId: m.id });
    return res.ok ? { stdout: "", stderr: PROGRESS, exitCode: 0 } : vboxError([res.error]);
  }
  const pf = /^natpf([1-4])$/.exec(action);
  if (pf) {
    const slot = Number(pf[1]);
    if (rest[0] === "delete") return applied(ctx, { type: "vm.removePortForward", machineId: m.id, slot, name: rest[1] ?? "" }) ?? ok();
    const rule = parseNatPf(rest[0] ?? "");
    if (!rule) return vboxError([`Invalid NAT port-forwarding rule '${rest[0] ?? ""}'`], 2);
    return applied(ctx, { type: "vm.addPortForward", machineId: m.id, slot, rule }) ?? ok();
  }
  return vboxError([`Invalid parameter '${action}'`], 2);
}

function attachment(ctx: ShellContext, m: VmMachine, a: Adapter): string {
  switch (a.mode) {
    case "nat":
      return "NAT";
    case "natnetwork":
      return `NAT Network '${a.natNetwork ?? ""}'`;
    case "bridged":
      return `Bridged Interface '${a.bridge ?? ""}'`;
    case "hostonly":
      return `Host-only Interface '${a.hostOnly ?? ""}'`;
    case "intnet":
      return `Internal Network '${a.intnet ?? ""}'`;
    default:
      void ctx;
      void m;
      return "none";
  }
}

function macOf(m: VmMachine, slot: number): string {
  const hex = m.vm.uuid.replace(/-/g, "");
  return `080027${hex
    .slice(slot * 2, slot * 2 + 6)
    .toUpperCase()
    .padEnd(6, "0")}`;
}

function showvminfo(ctx: ShellContext, args: string[]): Output {
  const { rest } = options(args);
  const name = rest[0];
  if (!name) return vboxError(["Not enough parameters"], 2);
  const m = findVm(ctx, name);
  if (!m) return notFound(name);
  const pad = (k: string) => `${k}:`.padEnd(29);
  const lines = [
    `${pad("Name")}${m.name}`,
    `${pad("Encryption")}disabled`,
    `${pad("Groups")}/`,
    `${pad("Guest OS")}${m.vm.os}`,
    `${pad("UUID")}${m.vm.uuid}`,
    `${pad("Config file")}/root/VirtualBox VMs/${m.name}/${m.name}.vbox`,
    `${pad("State")}${m.vm.state === "running" ? "running" : "powered off"}`,
  ];
  m.vm.adapters.forEach((a, i) => {
    const slot = i + 1;
    if (a.mode === "none") {
      lines.push(`${pad(`NIC ${slot}`)}disabled`);
      return;
    }
    lines.push(
      `${pad(`NIC ${slot}`)}MAC: ${macOf(m, slot)}, Attachment: ${attachment(ctx, m, a)}, Cable connected: on, Trace: off (file: none), Type: 82540EM, Reported speed: 0 Mbps, Boot priority: 0, Promisc Policy: deny, Bandwidth group: none`,
    );
    if (a.mode === "nat") {
      lines.push("", `${pad(`NIC ${slot} Settings`)}MTU: 0, Socket (send: 64, receive: 64), TCP Window (send:64, receive: 64)`);
      a.portForwards.forEach((r, j) => {
        lines.push(
          `${`NIC ${slot} Rule(${j}):`.padEnd(17)}name = ${r.name}, protocol = ${r.proto}, host ip = ${r.hostIp}, host port = ${r.hostPort}, guest ip = ${r.guestIp}, guest port = ${r.guestPort}`,
        );
      });
    }
  });
  if (m.vm.state === "running") {
    m.vm.adapters.forEach((a, i) => {
      if (a.lease) lines.push(`${pad(`Guest IP (${GUEST_NICS.virtualbox[i]})`)}${a.lease}`);
    });
  }
  return ok(`${lines.join("\n")}\n`);
}

function list(ctx: ShellContext, args: string[]): Output {
  const what = args.find((a) => !a.startsWith("-"));
  if (what === "vms")
    return ok(
      vms(ctx)
        .map((m) => `"${m.name}" {${m.vm.uuid}}\n`)
        .join(""),
    );
  if (what === "runningvms") {
    return ok(
      vms(ctx)
        .filter((m) => m.vm.state === "running")
        .map((m) => `"${m.name}" {${m.vm.uuid}}\n`)
        .join(""),
    );
  }
  if (what === "natnets" || what === "natnetworks") {
    const nets = Object.values(ctx.doc.natNetworks ?? {}).filter((n) => n.hostId === ctx.machineId);
    const blocks = nets.map((n) => {
      const c = parseCidr(n.network);
      const gw = c ? formatIp(c.base + 1) : "";
      return [
        `NetworkName:    ${n.name}`,
        `IP:             ${gw}`,
        `Network:        ${n.network}`,
        `IPv6 Enabled:   No`,
        `IPv6 Prefix:    fd17:625c:f037:2::/64`,
        `DHCP Enabled:   ${n.dhcp ? "Yes" : "No"}`,
        `Enabled:        ${n.enabled ? "Yes" : "No"}`,
        ...n.portForwards.map((r) => `Port-forwarding (ipv4)\n        ${r.name}:${r.proto}:[${r.hostIp}]:${r.hostPort}:[${r.guestIp}]:${r.guestPort}`),
        `loopback mappings (ipv4)\n        127.0.0.1=2`,
      ].join("\n");
    });
    return ok(`${blocks.map((b) => `${b}\n\n`).join("")}`);
  }
  if (what === "hostonlyifs") {
    const nets = Object.values(ctx.doc.hostOnlyNetworks ?? {}).filter((n) => n.hostId === ctx.machineId);
    return ok(
      nets
        .map((n) => {
          const c = parseCidr(n.address);
          const ip = c ? formatIp(c.ip) : "";
          const mask = c ? formatIp(c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0) : "";
          return `Name:            ${n.name}\nDHCP:            ${n.dhcp ? "Enabled" : "Disabled"}\nIPAddress:       ${ip}\nNetworkMask:     ${mask}\nMediumType:      Ethernet\nStatus:          Up\nVBoxNetworkName: HostInterfaceNetworking-${n.name}\n\n`;
        })
        .join(""),
    );
  }
  return vboxError([`Unknown subcommand '${what ?? ""}'`], 2);
}

function natnetwork(ctx: ShellContext, args: string[]): Output {
  const [sub, ...rest] = args;
  const { opts } = options(rest);
  const get = (k: string) => opts.find(([key]) => key === k)?.[1];
  const netname = get("--netname");
  if (sub === "add") {
    const network = get("--network");
    if (!netname || !network) return vboxError(["A net name and a network must be specified"], 2);
    const c = parseCidr(network);
    if (!c) return vboxError([`Invalid network specification '${network}'`], 2);
    const id = `nn-${ctx.ids.hex64().slice(0, 12)}`;
    const out = applied(ctx, {
      type: "natnetwork.create",
      id,
      hostId: ctx.machineId,
      name: netname,
      network,
      enabled: !opts.some(([k]) => k === "--disable"),
      dhcp: get("--dhcp") === "on",
    });
    if (out) return out;
    return addRules(ctx, id, opts) ?? ok();
  }
  if (sub === "modify") {
    const n = Object.values(ctx.doc.natNetworks ?? {}).find((x) => x.hostId === ctx.machineId && x.name === netname);
    if (!n) return vboxError(["NATNetwork server does not exist"]);
    return addRules(ctx, n.id, opts) ?? ok();
  }
  if (sub === "remove") {
    const n = Object.values(ctx.doc.natNetworks ?? {}).find((x) => x.hostId === ctx.machineId && x.name === netname);
    if (!n) return vboxError(["NATNetwork server does not exist"]);
    return applied(ctx, { type: "natnetwork.remove", natNetworkId: n.id }) ?? ok();
  }
  if (sub === "list") return list(ctx, ["natnets"]);
  return vboxError([`Unknown subcommand '${sub ?? ""}'`], 2);
}

function addRules(ctx: ShellContext, natNetworkId: string, opts: [string, string][]): Output | null {
  for (const [k, v] of opts) {
    if (k !== "--port-forward-4") continue;
    const rule = parseNatNetPf(v);
    if (!rule) return vboxError([`Invalid port-forward rule '${v}'`], 2);
    const out = applied(ctx, { type: "natnetwork.addPortForward", natNetworkId, rule });
    if (out) return out;
  }
  return null;
}

function hostonlyif(ctx: ShellContext, args: string[]): Output {
  if (args[0] !== "create") return vboxError([`Unknown subcommand '${args[0] ?? ""}'`], 2);
  const taken = new Set(
    Object.values(ctx.doc.hostOnlyNetworks ?? {})
      .filter((n) => n.hostId === ctx.machineId)
      .map((n) => n.name),
  );
  let i = 0;
  while (taken.has(`vboxnet${i}`)) i++;
  const name = `vboxnet${i}`;
  // VirtualBox gives the n-th interface 192.168.(56+n).1/24 inside the allowed 192.168.56.0/21.
  const out = applied(ctx, {
    type: "hostonly.create",
    id: `ho-${ctx.ids.hex64().slice(0, 12)}`,
    hostId: ctx.machineId,
    name,
    address: `192.168.${56 + i}.1/24`,
    dhcp: true,
  });
  if (out) return out;
  return { stdout: `Interface '${name}' was successfully created\n`, stderr: PROGRESS, exitCode: 0 };
}

const COMMANDS: Record<string, (ctx: ShellContext, args: string[]) => Output> = {
  createvm,
  modifyvm,
  startvm,
  controlvm,
  showvminfo,
  list,
  natnetwork,
  hostonlyif,
};

/**
 * Runs `VBoxManage ARGS...` on the session's machine (which must be a physical host).
 * @example vboxManage(ctx, ["createvm", "--name", "vm1", "--register"]).stdout // "Virtual machine 'vm1' is created and registered.\n..."
 */
export function vboxManage(ctx: ShellContext, args: string[]): Output {
  const here = ctx.doc.machines[ctx.machineId];
  if (here?.kind !== "host") return err("sh: 1: VBoxManage: not found\n", 127);
  const [cmd, ...rest] = args;
  if (cmd === undefined || cmd === "--help" || cmd === "-h") return ok(USAGE);
  if (cmd === "--version" || cmd === "-v") return ok("7.0.20r163906\n");
  const h = COMMANDS[cmd.toLowerCase()];
  if (!h) return err(`${USAGE}\nSyntax error: Invalid command '${cmd}'\n`, 2);
  return h(ctx, rest);
}
