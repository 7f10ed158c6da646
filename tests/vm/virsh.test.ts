/** virsh as libvirt 9 prints it, `lab vm add`, and libvirt's default network seen from the shell. */
import { describe, expect, it } from "vitest";
import { Shell } from "../../lib/shell";
import { vshTable } from "../../lib/shell/virsh";
import { reach } from "../../lib/sim";

const NOW = Date.UTC(2024, 4, 10, 12, 0, 0);

function shell() {
  const s = Shell.fresh({ seed: 3, clock: () => NOW });
  const run = (line: string) => s.run(line);
  const script = (lines: string) => {
    for (const line of lines.trim().split("\n")) {
      const out = s.run(line.trim());
      if (out.exitCode !== 0) throw new Error(`${line}: ${out.stderr}`);
    }
  };
  const machine = (name: string) => Object.values(s.doc.machines).find((m) => m.name === name)?.id ?? name;
  const reachFrom = (from: string, to: string, port: number | null = null) => reach(s.ctx.resolved(), { kind: "machine", id: machine(from) }, to, { port });
  return { s, run, script, reachFrom };
}

describe("vshTable", () => {
  it("pads each column to its widest cell plus two spaces, with a rule as wide as the table", () => {
    expect(vshTable(["Id", "Name", "State"], [])).toBe(" Id   Name   State\n--------------------\n");
    expect(vshTable(["Id", "Name", "State"], [["1", "web", "running"]], false)).toBe(" 1   web   running\n");
  });
});

describe("lab vm add", () => {
  it("creates a shut-off KVM guest and, with the first one, libvirt's default network", () => {
    const t = shell();
    expect(t.run("virsh net-list --all").stdout).toBe(" Name   State   Autostart   Persistent\n----------------------------------------\n\n");
    expect(t.run("lab vm add g1 --hypervisor kvm").stdout).toBe("vm g1 added on host (kvm, shut off): enp1s0 on libvirt network default\n");
    expect(t.run("virsh net-list --all").stdout).toBe(
      " Name      State    Autostart   Persistent\n--------------------------------------------\n default   active   yes         yes\n\n",
    );
    t.script("lab vm add g2");
    expect(Object.values(t.s.doc.libvirtNetworks ?? {})).toHaveLength(1);
    expect(t.run("lab vm add g2").stderr).toBe("lab: a machine named g2 already exists\n");
    expect(t.run("lab vm add g3 --hypervisor xen").exitCode).toBe(2);
    expect(t.run("lab vm add g3 --host nosuch").stderr).toBe("lab: no such host: nosuch\n");
    expect(t.run("lab vm add").stderr).toMatch(/^usage: lab vm add NAME/);
  });
});

describe("virsh domains", () => {
  it("list, list --all, start and the errors libvirt words", () => {
    const t = shell();
    expect(t.run("virsh list").stdout).toBe(" Id   Name   State\n--------------------\n\n");
    t.script("lab vm add g1\nlab vm add g2");
    expect(t.run("virsh start g1")).toMatchObject({ stdout: "Domain 'g1' started\n\n", stderr: "", exitCode: 0 });
    expect(t.run("virsh list").stdout).toBe(" Id   Name   State\n----------------------\n 1    g1     running\n\n");
    expect(t.run("virsh list --all").stdout).toBe(" Id   Name   State\n-----------------------\n 1    g1     running\n -    g2     shut off\n\n");
    expect(t.run("virsh -q list --all").stdout).toBe(" 1   g1   running\n -   g2   shut off\n");
    expect(t.run("virsh list --name --all").stdout).toBe("g1\ng2\n\n");
    expect(t.run("virsh start g1")).toMatchObject({ stdout: "\n", stderr: "error: Domain is already active\n", exitCode: 1 });
    expect(t.run("virsh start nosuch")).toMatchObject({ stdout: "\n", stderr: "error: failed to get domain 'nosuch'\n", exitCode: 1 });
    expect(t.run("virsh start").stderr).toBe("error: command 'start' requires <domain> option\n");
    expect(t.run("virsh frobnicate").stderr).toBe("error: unknown command: 'frobnicate'\n");
  });

  it("a running domain is found by its id too; shutdown and destroy power it off", () => {
    const t = shell();
    t.script("lab vm add g1\nvirsh start g1");
    expect(t.run("virsh shutdown 1").stdout).toBe("Domain 'g1' is being shutdown\n\n");
    expect(t.s.doc.machines[Object.keys(t.s.doc.machines).find((k) => t.s.doc.machines[k]?.name === "g1") ?? ""]?.vm?.state).toBe("poweroff");
    expect(t.run("virsh shutdown g1").stderr).toBe("error: Failed to shutdown domain 'g1'\nerror: Requested operation is not valid: domain is not running\n");
    t.script("virsh start g1");
    expect(t.run("virsh destroy g1").stdout).toBe("Domain 'g1' destroyed\n\n");
    expect(t.run("virsh destroy g1").stderr).toBe("error: Failed to destroy domain 'g1'\nerror: Requested operation is not valid: domain is not running\n");
  });

  it("domifaddr shows the host-side tap, the guest's MAC and its DHCP lease", () => {
    const t = shell();
    t.script("lab vm add g1\nlab vm add g2\nvirsh start g2\nvirsh start g1");
    const out = t.run("virsh domifaddr g1").stdout;
    const [head, rule, row, blank] = out.split("\n");
    expect(head).toBe(" Name       MAC address          Protocol     Address");
    expect(rule).toBe("-".repeat(79));
    // g2 started first and holds the first lease; tap devices are numbered in domain creation order.
    expect(row).toMatch(/^ vnet0 {6}52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2} {4}ipv4 {9}192\.168\.122\.3\/24$/);
    expect(blank).toBe("");
    expect(t.run("virsh domifaddr g2").stdout).toContain(" vnet1 ");
    expect(t.run("virsh domifaddr g1 --source agent").stderr).toBe(
      "error: Failed to query for interfaces addresses\nerror: argument unsupported: QEMU guest agent is not configured\n",
    );
    t.script("virsh destroy g1");
    expect(t.run("virsh domifaddr g1").stderr).toBe(
      "error: Failed to query for interfaces addresses\nerror: Requested operation is not valid: domain is not running\n",
    );
  });
});

describe("virsh networks", () => {
  it("net-dhcp-leases lists running guests' leases, sorted by MAC, expiring in an hour", () => {
    const t = shell();
    t.script("lab vm add g1\nlab vm add g2\nvirsh start g1\nvirsh start g2");
    const lines = t.run("virsh net-dhcp-leases default").stdout.split("\n");
    expect(lines[0]).toBe(" Expiry Time           MAC address         Protocol   IP address         Hostname   Client ID or DUID");
    expect(lines[1]).toBe("-".repeat(106));
    const rows = lines.slice(2, 4);
    expect(rows.map((r) => r.split(/\s{2,}/)[4]).sort()).toEqual(["g1", "g2"]);
    for (const r of rows) expect(r).toMatch(/^ 2024-05-10 13:00:00 {3}(52:54:00:\S+) {3}ipv4 {7}192\.168\.122\.[23]\/24 {3}g[12] {9}01:\1$/);
    const macs = rows.map((r) => r.split(/\s+/)[3] as string);
    expect(macs).toEqual([...macs].sort());
    expect(t.run("virsh net-dhcp-leases nosuch").stderr).toBe(
      "error: failed to get network 'nosuch'\nerror: Network not found: no network with matching name 'nosuch'\n",
    );
  });

  it("net-destroy takes the bridge down; guests cannot start on it until net-start", () => {
    const t = shell();
    t.script("lab vm add g1\nlab vm add g2\nvirsh start g1");
    expect(t.run("virsh net-destroy default").stdout).toBe("Network default destroyed\n\n");
    expect(t.run("virsh net-list").stdout).toBe(" Name   State   Autostart   Persistent\n----------------------------------------\n\n");
    expect(t.run("virsh net-list --all").stdout).toContain(" default   inactive   yes         yes\n");
    expect(t.run("ip addr").stdout).not.toContain("virbr0");
    expect(t.run("virsh net-destroy default").stderr).toBe(
      "error: Failed to destroy network default\nerror: Requested operation is not valid: network 'default' is not active\n",
    );
    expect(t.run("virsh start g2").stderr).toBe(
      "error: Failed to start domain 'g2'\nerror: Requested operation is not valid: network 'default' is not active\n",
    );
    // The running guest's tap is left on no bridge: nothing in or out.
    expect(t.reachFrom("g1", "192.168.1.1").verdict).toBe("no-route");
    expect(t.reachFrom("host", "192.168.122.2", 22).verdict).not.toBe("reachable");
    expect(t.run("virsh net-start default").stdout).toBe("Network default started\n\n");
    expect(t.run("virsh net-start default").stderr).toBe(
      "error: Failed to start network default\nerror: Requested operation is not valid: network is already active\n",
    );
    expect(t.run("virsh start g2").exitCode).toBe(0);
    expect(t.run("ip addr").stdout).toContain("virbr0");
  });

  it("virsh runs on physical hosts only", () => {
    const t = shell();
    t.script("lab vm add g1\nvirsh start g1");
    expect(t.run("ssh g1 virsh list")).toMatchObject({ stderr: "sh: 1: virsh: not found\n", exitCode: 127 });
  });
});

describe("libvirt's default network from the shell: NAT out, nothing in, host and guest talk freely", () => {
  const t = shell();
  t.script("lab host add pc2 --ip 192.168.1.20\nlab vm add g1\nlab vm add g2\nvirsh start g1\nvirsh start g2");

  it.each([
    ["guest → LAN host, masqueraded", "ssh g1 ping -c 1 -W 1 192.168.1.20", 0],
    ["guest → the internet by name", "ssh g1 ping -c 1 -W 1 example.com", 0],
    ["guest → guest on virbr0", "ssh g1 ping -c 1 -W 1 192.168.122.3", 0],
    ["host → guest, not NATed", "ping -c 1 -W 1 192.168.122.2", 0],
    ["LAN → guest: inbound connections are prohibited", "ssh pc2 ping -c 1 -W 1 192.168.122.2", 1],
  ] as const)("%s", (_what, line, code) => {
    expect(t.run(line).exitCode).toBe(code);
  });

  it("the reach tool gives libvirt's reasons", () => {
    const out = t.reachFrom("g1", "192.168.1.20");
    expect(out.verdict).toBe("reachable");
    expect(out.path.some((h) => h.rule.includes("libvirt NAT: masqueraded"))).toBe(true);
    const inbound = t.reachFrom("pc2", "192.168.122.2", 22);
    expect(inbound.verdict).toBe("dropped");
    expect(inbound.reason).toContain("libvirt's NAT prohibits inbound connections");
    expect(t.reachFrom("host", "192.168.122.2", 22).verdict).toBe("reachable");
  });

  it("the guest resolves names through the host (dnsmasq on virbr0 forwards upstream)", () => {
    expect(t.run("ssh g1 wget -q -O- http://example.com").stdout).toContain("It answered");
    expect(t.run("ssh g1 ping -c 1 -W 1 no-such-name.invalid").stderr).toContain("bad address");
  });
});
