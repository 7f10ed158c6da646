/** VBoxManage, lab and ssh through a shell line runner wired the way the session wires them. */
import { describe, expect, it } from "vitest";
import { createWorld, seededIds } from "../../lib/model";
import { type Output, ShellContext } from "../../lib/shell/context";
import { docker } from "../../lib/shell/docker";
import { ipAddrChange, lab } from "../../lib/shell/lab";
import { runScript } from "../../lib/shell/script";
import { ssh } from "../../lib/shell/ssh";
import { runOnHost } from "../../lib/shell/tools";
import { parseNatPf, vboxManage } from "../../lib/shell/vbox";
import { reach as reachFn } from "../../lib/sim";

function execIn(ctx: ShellContext, words: string[]): Output {
  const [prog, ...args] = words;
  if (prog === "docker") return docker(ctx, args);
  if (prog === "VBoxManage" || prog === "vboxmanage") return vboxManage(ctx, args);
  if (prog === "lab") return lab(ctx, args);
  if (prog === "ssh") return ssh(ctx, args, execIn);
  const out = runOnHost({ ctx, source: { kind: "machine", id: ctx.machineId } }, words);
  return out ?? { stdout: "", stderr: `sh: 1: ${prog}: not found\n`, exitCode: 127 };
}

function shell() {
  const ids = seededIds(5);
  const ctx = new ShellContext(createWorld(ids, 0), "m-host", ids, () => 1_700_000_000_000);
  const env = new Map<string, string>();
  const run = (line: string) => runScript(line, env, (w) => execIn(ctx, w));
  /** Runs lines that must succeed. */
  const script = (lines: string) => {
    for (const line of lines.trim().split("\n")) {
      const out = run(line.trim());
      if (out.exitCode !== 0) throw new Error(`${line}: ${out.stderr}`);
    }
  };
  const reach = (to: string, port: number | null, from = "m-host") => reachFn(ctx.resolved(), { kind: "machine", id: from }, to, { port });
  return { ctx, run, script, reach };
}

describe("VBoxManage", () => {
  it("createvm prints what VirtualBox 7 prints, and list vms shows it", () => {
    const s = shell();
    const out = s.run("VBoxManage createvm --name vm1 --ostype Ubuntu_64 --register");
    expect(out.stdout).toMatch(
      /^Virtual machine 'vm1' is created and registered\.\nUUID: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}\nSettings file: '\/root\/VirtualBox VMs\/vm1\/vm1\.vbox'\n$/,
    );
    const uuid = /UUID: (\S+)/.exec(out.stdout)?.[1];
    expect(s.run("VBoxManage list vms").stdout).toBe(`"vm1" {${uuid}}\n`);
    expect(s.run("VBoxManage list runningvms").stdout).toBe("");
    const again = s.run("VBoxManage createvm --name vm1 --register");
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("VBoxManage: error: Machine settings file '/root/VirtualBox VMs/vm1/vm1.vbox' already exists");
  });

  it("startvm and controlvm poweroff", () => {
    const s = shell();
    s.script("VBoxManage createvm --name vm1 --register");
    expect(s.run("VBoxManage startvm vm1 --type headless").stdout).toBe('Waiting for VM "vm1" to power on...\nVM "vm1" has been successfully started.\n');
    expect(s.run("VBoxManage list runningvms").stdout).toMatch(/^"vm1" \{/);
    expect(s.run("VBoxManage startvm vm1 --type headless").exitCode).toBe(1);
    expect(s.run("VBoxManage modifyvm vm1 --nic1 bridged").stderr).toContain("is already locked for a session");
    const off = s.run("VBoxManage controlvm vm1 poweroff");
    expect(off.exitCode).toBe(0);
    expect(off.stderr).toContain("100%");
    expect(s.run("VBoxManage controlvm vm1 poweroff").stderr).toBe("VBoxManage: error: Machine 'vm1' is not currently running\n");
    expect(s.run("VBoxManage startvm nosuch").stderr).toContain("Could not find a registered machine named 'nosuch'");
  });

  it("the manual's port-forwarding example: --natpf1 guestssh,tcp,,2222,,22", () => {
    const s = shell();
    s.script(`
      VBoxManage createvm --name "VM name" --register
      VBoxManage modifyvm "VM name" --natpf1 "guestssh,tcp,,2222,,22"
      VBoxManage startvm "VM name" --type headless
    `);
    const info = s.run('VBoxManage showvminfo "VM name"').stdout;
    expect(info).toContain("Attachment: NAT");
    expect(info).toContain("NIC 1 Rule(0):   name = guestssh, protocol = tcp, host ip = , host port = 2222, guest ip = , guest port = 22");
    expect(s.reach("127.0.0.1", 2222).verdict).toBe("reachable");
    expect(s.run("ping -c 1 -W 1 10.0.2.15").exitCode).not.toBe(0);
  });

  it("parses natpf rules like VirtualBox", () => {
    expect(parseNatPf("guestssh,tcp,,2222,,22")).toEqual({ name: "guestssh", proto: "tcp", hostIp: "", hostPort: 2222, guestIp: "", guestPort: 22 });
    expect(parseNatPf("x,sctp,,1,,2")).toBeNull();
    expect(parseNatPf("x,tcp,,99999,,2")).toBeNull();
  });

  it("the manual's NAT Network example, with its port forward to 192.168.15.5", () => {
    const s = shell();
    s.script(`
      VBoxManage natnetwork add --netname natnet1 --network "192.168.15.0/24" --enable --dhcp on --port-forward-4 "ssh:tcp:[]:1022:[192.168.15.5]:22"
      VBoxManage createvm --name a --register
      VBoxManage createvm --name b --register
      VBoxManage modifyvm a --nic1 natnetwork --nat-network1 natnet1
      VBoxManage modifyvm b --nic1 natnetwork --nat-network1 natnet1
      VBoxManage startvm a --type headless
      VBoxManage startvm b --type headless
    `);
    expect(s.run("VBoxManage list natnets").stdout).toContain("Network:        192.168.15.0/24");
    expect(s.run("ssh b ip -4 addr show enp0s3").stdout).toContain("inet 192.168.15.5/24");
    expect(s.run("ssh a ping -c 1 -W 1 192.168.15.5").exitCode).toBe(0);
    expect(s.run("lab host add pc --ip 192.168.1.20").exitCode).toBe(0);
    const pc = Object.values(s.ctx.doc.machines).find((m) => m.name === "pc")?.id as string;
    expect(s.reach("192.168.1.10", 1022, pc).verdict).toBe("reachable");
  });

  it("host-only: hostonlyif create, then the host and its VMs see each other", () => {
    const s = shell();
    const created = s.run("VBoxManage hostonlyif create");
    expect(created.stdout).toBe("Interface 'vboxnet0' was successfully created\n");
    s.script(`
      VBoxManage createvm --name vm1 --register
      VBoxManage modifyvm vm1 --nic2 hostonly --host-only-adapter2 vboxnet0
      VBoxManage startvm vm1 --type headless
    `);
    expect(s.run("VBoxManage list hostonlyifs").stdout).toContain("IPAddress:       192.168.56.1");
    expect(s.run("ping -c 1 -W 1 192.168.56.101").exitCode).toBe(0);
    expect(s.run("ssh vm1 ping -c 1 -W 1 192.168.56.1").exitCode).toBe(0);
    expect(s.run("ssh vm1 ping -c 1 -W 1 10.0.2.2").exitCode).toBe(0);
  });
});

describe("ssh", () => {
  it("runs docker inside the VM against the VM's own engine", () => {
    const s = shell();
    s.script(`
      VBoxManage createvm --name vm1 --register
      VBoxManage modifyvm vm1 --natpf1 web,tcp,,8080,,8080
      VBoxManage startvm vm1 --type headless
      ssh vm1 docker run -d --name web -p 8080:80 nginx
    `);
    const web = Object.values(s.ctx.doc.containers).find((c) => c.name === "web");
    expect(web?.machineId).toBe(s.ctx.doc.machines[Object.keys(s.ctx.doc.machines).find((k) => s.ctx.doc.machines[k]?.name === "vm1") as string]?.id);
    expect(s.run("docker ps -q").stdout).toBe("");
    expect(s.run("ssh vm1 docker ps --format '{{.Names}}'").stdout).toBe("web\n");
    expect(s.run("curl -s -o /dev/null -w '%{http_code}' http://localhost:8080").stdout).toBe("200");
  });

  it("the remote shell parses the joined line again", () => {
    const s = shell();
    s.script("lab host add pc2");
    expect(s.run("ssh pc2 'hostname; hostname'").stdout).toBe("pc2\npc2\n");
    expect(s.run("ssh root@192.168.1.11 hostname").stdout).toBe("pc2\n");
  });

  it("refuses unknown machines and powered-off VMs as ssh does", () => {
    const s = shell();
    expect(s.run("ssh nowhere hostname")).toEqual({
      stdout: "",
      stderr: "ssh: Could not resolve hostname nowhere: Name or service not known\n",
      exitCode: 255,
    });
    s.script("VBoxManage createvm --name vm1 --register");
    expect(s.run("ssh vm1 hostname").stderr).toBe("ssh: connect to host vm1 port 22: No route to host\n");
  });
});

describe("lab", () => {
  it("adds LANs and hosts", () => {
    const s = shell();
    expect(s.run("lab lan add office --subnet 10.20.0.0/16").stdout).toBe("LAN office added: 10.20.0.0/16, router 10.20.0.1\n");
    expect(s.run("lab host add srv --lan office").stdout).toBe("host srv added to office: eth0 10.20.0.10/16\n");
    expect(s.run("lab host add srv2 --lan office --ip 10.20.3.4").stdout).toBe("host srv2 added to office: eth0 10.20.3.4/16\n");
    expect(s.run("lab host add bad --lan office --ip 10.99.0.1").exitCode).toBe(1);
    expect(s.run("lab host add x --lan nolan").stderr).toBe("lab: no such LAN: nolan\n");
    expect(s.run("ssh srv ping -c 1 -W 1 10.20.3.4").exitCode).toBe(0);
    expect(s.run("ssh srv ping -c 1 -W 1 192.168.1.10").exitCode).not.toBe(0);
    expect(s.run("lab ls").stdout).toContain("srv2");
  });
});

describe("ip addr add on an internal network (no DHCP there)", () => {
  it("gives two intnet VMs addresses by hand, after which they reach each other and nothing else", () => {
    const s = shell();
    s.script(`
      VBoxManage createvm --name a --register
      VBoxManage createvm --name b --register
      VBoxManage modifyvm a --nic1 intnet --intnet1 lab
      VBoxManage modifyvm b --nic1 intnet --intnet1 lab
      VBoxManage startvm a --type headless
      VBoxManage startvm b --type headless
    `);
    const vmCtx = (name: string) => new ShellContext(s.ctx.doc, Object.values(s.ctx.doc.machines).find((m) => m.name === name)?.id as string, s.ctx.ids);
    for (const [name, addr] of [
      ["a", "10.10.10.1/24"],
      ["b", "10.10.10.2/24"],
    ] as const) {
      const c = vmCtx(name);
      expect(ipAddrChange(c, ["addr", "add", addr, "dev", "enp0s3"])).toEqual({ stdout: "", stderr: "", exitCode: 0 });
      expect(ipAddrChange(c, ["addr", "add", addr, "dev", "enp0s3"])?.stderr).toBe("RTNETLINK answers: File exists\n");
      s.ctx.doc = c.doc;
    }
    expect(ipAddrChange(vmCtx("a"), ["addr", "add", "10.0.0.1/24", "dev", "eth9"])?.stderr).toBe('Cannot find device "eth9"\n');
    expect(ipAddrChange(vmCtx("a"), ["route"])).toBeNull();
    expect(s.run("ssh a ping -c 1 -W 1 10.10.10.2").exitCode).toBe(0);
    expect(s.run("ssh a ping -c 1 -W 1 192.168.1.10").exitCode).not.toBe(0);
    expect(s.run("ping -c 1 -W 1 10.10.10.1").exitCode).not.toBe(0);
  });
});
