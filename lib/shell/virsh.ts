/**
 * `virsh`: libvirt 9's command line for KVM guests and libvirt's virtual networks on a physical host.
 * Tables are laid out as libvirt's vshTable does (a leading space per cell, columns padded to the
 * widest cell plus two spaces, a dashed rule as wide as the header), and every command ends with the
 * blank line virsh prints after each command unless `-q` is given.
 */
import { type LibvirtNetwork, type Machine, parseCidr, type Vm } from "../model";
import { GUEST_NICS } from "../sim";
import { type Output, ok, type ShellContext } from "./context";

type Domain = Machine & { vm: Vm };

/** libvirt's vshTable: " cell" padded to the column's widest cell, then two spaces; the last cell unpadded. */
export function vshTable(header: string[], rows: string[][], withHeader = true): string {
  const all = withHeader ? [header, ...rows] : rows;
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? "").length)) + 3);
  const line = (r: string[]) => r.map((c, j) => (j < r.length - 1 ? `${` ${c}`.padEnd((widths[j] as number) - 2)}  ` : ` ${c}`)).join("");
  const out = withHeader ? [line(header), "-".repeat(widths.reduce((a, b) => a + b, 0))] : [];
  return `${[...out, ...rows.map(line)].join("\n")}\n`;
}

interface Run {
  ctx: ShellContext;
  quiet: boolean;
  out: string[];
  err: string[];
}

/** virsh prints "error: ..." to stderr and keeps going to its trailing blank line. */
function error(run: Run, ...lines: string[]): false {
  for (const l of lines) run.err.push(`error: ${l}\n`);
  return false;
}

function domains(ctx: ShellContext): Domain[] {
  return Object.values(ctx.doc.machines)
    .filter((m): m is Domain => m.vm?.hypervisor === "kvm" && m.vm.hostId === ctx.machineId)
    .sort((a, b) => a.order - b.order);
}

/** Running domains get ids 1, 2, ... in creation order; a shut-off domain has none ("-"). */
function domainIds(ctx: ShellContext): Map<string, number> {
  return new Map(
    domains(ctx)
      .filter((d) => d.vm.state === "running")
      .map((d, i) => [d.id, i + 1]),
  );
}

/** Looks a domain up by id, UUID or name, as virshLookupDomainInternal does. */
function domain(run: Run, key: string | undefined, cmd: string): Domain | null {
  if (key === undefined) return error(run, `command '${cmd}' requires <domain> option`) || null;
  const ids = domainIds(run.ctx);
  const found = domains(run.ctx).find((d) => d.name === key || d.vm.uuid === key || String(ids.get(d.id) ?? "") === key);
  return found ?? (error(run, `failed to get domain '${key}'`) || null);
}

function networks(ctx: ShellContext): LibvirtNetwork[] {
  return Object.values(ctx.doc.libvirtNetworks ?? {})
    .filter((n) => n.hostId === ctx.machineId)
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

function network(run: Run, key: string | undefined, cmd: string): LibvirtNetwork | null {
  if (key === undefined) return error(run, `command '${cmd}' requires <network> option`) || null;
  const n = networks(run.ctx).find((x) => x.name === key);
  return n ?? (error(run, `failed to get network '${key}'`, `Network not found: no network with matching name '${key}'`) || null);
}

/** QEMU's locally administered prefix 52:54:00, then three bytes of the domain's UUID per NIC. */
function kvmMac(uuid: string, slot: number): string {
  const hex = uuid.replace(/-/g, "").padEnd(32, "0");
  const bytes = hex.slice(slot * 6, slot * 6 + 6).match(/../g) ?? ["00", "00", "00"];
  return ["52", "54", "00", ...bytes].join(":");
}

interface Lease {
  domain: Domain;
  slot: number;
  tap: string;
  mac: string;
  network: string;
  address: string;
}

/** Every libvirt-network NIC of the running domains; tap devices vnet0, vnet1, ... in that order. */
function leases(ctx: ShellContext): Lease[] {
  const out: Lease[] = [];
  let tap = 0;
  for (const d of domains(ctx)) {
    if (d.vm.state !== "running") continue;
    d.vm.adapters.forEach((a, i) => {
      if (a.mode !== "libvirt") return;
      const nic = d.nics.find((n) => n.name === GUEST_NICS.kvm[i]);
      out.push({ domain: d, slot: i, tap: `vnet${tap++}`, mac: kvmMac(d.vm.uuid, i), network: a.network ?? "default", address: nic?.address ?? "" });
    });
  }
  return out;
}

function applied(run: Run, op: Parameters<ShellContext["apply"]>[0], failure: string): boolean {
  const res = run.ctx.apply(op);
  return res.ok || error(run, failure, res.error);
}

function list(run: Run, args: string[]): boolean {
  const all = args.includes("--all");
  const ids = domainIds(run.ctx);
  const shown = domains(run.ctx).filter((d) => all || d.vm.state === "running");
  // Running domains first by id, then the shut-off ones by name, as virshDomainSorter orders them.
  shown.sort((a, b) => {
    const [ia, ib] = [ids.get(a.id), ids.get(b.id)];
    if (ia !== undefined && ib !== undefined) return ia - ib;
    if (ia !== undefined) return -1;
    if (ib !== undefined) return 1;
    return a.name.toLowerCase().localeCompare(b.name.toLowerCase());
  });
  if (args.includes("--name")) run.out.push(...shown.map((d) => `${d.name}\n`));
  else if (args.includes("--uuid")) run.out.push(...shown.map((d) => `${d.vm.uuid}\n`));
  else {
    const rows = shown.map((d) => [String(ids.get(d.id) ?? "-"), d.name, d.vm.state === "running" ? "running" : "shut off"]);
    run.out.push(vshTable(["Id", "Name", "State"], rows, !run.quiet));
  }
  return true;
}

function lifecycle(run: Run, cmd: "start" | "shutdown" | "destroy", args: string[]): boolean {
  const d = domain(
    run,
    args.find((a) => !a.startsWith("-")),
    cmd,
  );
  if (!d) return false;
  if (cmd === "start") {
    if (d.vm.state === "running") return error(run, "Domain is already active");
    if (!applied(run, { type: "vm.start", machineId: d.id, at: run.ctx.now }, `Failed to start domain '${d.name}'`)) return false;
    run.out.push(`Domain '${d.name}' started\n`);
    return true;
  }
  const verb = cmd === "shutdown" ? "shutdown" : "destroy";
  if (d.vm.state !== "running") return error(run, `Failed to ${verb} domain '${d.name}'`, "Requested operation is not valid: domain is not running");
  // An ACPI shutdown of a guest that honours it ends where destroy ends: powered off.
  if (!applied(run, { type: "vm.poweroff", machineId: d.id }, `Failed to ${verb} domain '${d.name}'`)) return false;
  run.out.push(cmd === "shutdown" ? `Domain '${d.name}' is being shutdown\n` : `Domain '${d.name}' destroyed\n`);
  return true;
}

function netList(run: Run, args: string[]): boolean {
  const all = args.includes("--all");
  const inactive = args.includes("--inactive");
  const shown = networks(run.ctx).filter((n) => all || (inactive ? !n.active : n.active));
  if (args.includes("--name")) run.out.push(...shown.map((n) => `${n.name}\n`));
  else {
    const rows = shown.map((n) => [n.name, n.active ? "active" : "inactive", "yes", "yes"]);
    run.out.push(vshTable(["Name", "State", "Autostart", "Persistent"], rows, !run.quiet));
  }
  return true;
}

function netLifecycle(run: Run, cmd: "net-start" | "net-destroy", args: string[]): boolean {
  const n = network(
    run,
    args.find((a) => !a.startsWith("-")),
    cmd,
  );
  if (!n) return false;
  const start = cmd === "net-start";
  const op = start ? ({ type: "libvirt.netStart", networkId: n.id } as const) : ({ type: "libvirt.netDestroy", networkId: n.id } as const);
  if (!applied(run, op, `Failed to ${start ? "start" : "destroy"} network ${n.name}`)) return false;
  run.out.push(`Network ${n.name} ${start ? "started" : "destroyed"}\n`);
  return true;
}

/** dnsmasq's leases run for an hour; libvirt prints their expiry in the host's local time (UTC here). */
function expiry(now: number): string {
  return new Date(now + 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

function dhcpLeases(run: Run, args: string[]): boolean {
  const n = network(
    run,
    args.find((a) => !a.startsWith("-")),
    "net-dhcp-leases",
  );
  if (!n) return false;
  const rows = leases(run.ctx)
    .filter((l) => l.network === n.name && l.address !== "")
    .sort((a, b) => a.mac.localeCompare(b.mac))
    .map((l) => [expiry(run.ctx.now), l.mac, "ipv4", l.address, l.domain.name, `01:${l.mac}`]);
  run.out.push(vshTable(["Expiry Time", "MAC address", "Protocol", "IP address", "Hostname", "Client ID or DUID"], rows, !run.quiet));
  return true;
}

function domifaddr(run: Run, args: string[]): boolean {
  const d = domain(
    run,
    args.find((a, i) => !a.startsWith("-") && !["--interface", "--source"].includes(args[i - 1] ?? "")),
    "domifaddr",
  );
  if (!d) return false;
  const source = args.includes("--source") ? args[args.indexOf("--source") + 1] : "lease";
  if (source !== "lease" && source !== "arp" && source !== "agent") return error(run, `Unknown data source '${source ?? ""}'`);
  if (d.vm.state !== "running") return error(run, "Failed to query for interfaces addresses", "Requested operation is not valid: domain is not running");
  if (source === "agent") return error(run, "Failed to query for interfaces addresses", "argument unsupported: QEMU guest agent is not configured");
  const only = args.includes("--interface") ? args[args.indexOf("--interface") + 1] : undefined;
  const lines = [` ${"Name".padEnd(10)} ${"MAC address".padEnd(20)} ${"Protocol".padEnd(8)}     Address\n${"-".repeat(79)}\n`];
  for (const l of leases(run.ctx)) {
    if (l.domain.id !== d.id || l.address === "" || (only !== undefined && only !== l.tap)) continue;
    const c = parseCidr(l.address);
    lines.push(` ${l.tap.padEnd(10)} ${l.mac.padEnd(17)}    ${"ipv4".padEnd(12)} ${c ? l.address : ""}\n`);
  }
  run.out.push(lines.join(""));
  return true;
}

const COMMANDS: Record<string, (run: Run, args: string[]) => boolean> = {
  list,
  start: (run, args) => lifecycle(run, "start", args),
  shutdown: (run, args) => lifecycle(run, "shutdown", args),
  destroy: (run, args) => lifecycle(run, "destroy", args),
  "net-list": netList,
  "net-start": (run, args) => netLifecycle(run, "net-start", args),
  "net-destroy": (run, args) => netLifecycle(run, "net-destroy", args),
  "net-dhcp-leases": dhcpLeases,
  domifaddr,
};

/**
 * Runs `virsh [-q] [-c URI] COMMAND ARGS...` against the session machine's libvirt (qemu:///system).
 * @example virsh(ctx, ["start", "g1"]).stdout // "Domain 'g1' started\n\n"
 */
export function virsh(ctx: ShellContext, args: string[]): Output {
  const here = ctx.doc.machines[ctx.machineId];
  if (here?.kind !== "host") return { stdout: "", stderr: "sh: 1: virsh: not found\n", exitCode: 127 };
  const run: Run = { ctx, quiet: false, out: [], err: [] };
  let i = 0;
  for (; i < args.length && (args[i] as string).startsWith("-"); i++) {
    const a = args[i] as string;
    if (a === "-q" || a === "--quiet") run.quiet = true;
    else if (a === "-c" || a === "--connect") i++;
    else if (a === "-v" || a === "--version") return ok("9.0.0\n");
  }
  const [cmd, ...rest] = args.slice(i);
  if (cmd === undefined)
    return ok("Welcome to virsh, the virtualization interactive terminal.\n\nType:  'help' for help with commands\n       'quit' to quit\n\n");
  const handler = COMMANDS[cmd];
  if (!handler) return { stdout: "", stderr: `error: unknown command: '${cmd}'\n`, exitCode: 1 };
  const good = handler(run, rest);
  if (!run.quiet) run.out.push("\n");
  return { stdout: run.out.join(""), stderr: run.err.join(""), exitCode: good ? 0 : 1 };
}
