/**
 * The way out: a container on the default bridge of a host whose LAN leads to the internet reaches it
 * through the host's NAT (ping 8.8.8.8 answers, with the internet's TTL and round trips), a container
 * with no network cannot send at all, and "another machine on" such a LAN goes out through its router.
 */
import { describe, expect, it } from "vitest";
import { reachFrom } from "../../../lib/exercise/parties";
import { createWorld, seededIds } from "../../../lib/model";
import { Shell, ShellContext } from "../../../lib/shell";
import { reach } from "../../../lib/sim";

const NOW = 1_700_000_000_000;

function room(lines: string[]): Shell {
  const shell = new Shell(new ShellContext(createWorld(seededIds(1), NOW), "m-host", seededIds(3), () => NOW));
  for (const line of lines) expect(shell.run(line).exitCode, line).toBe(0);
  return shell;
}

describe("the internet through NAT", () => {
  const shell = room(["docker run -dit --name a1 alpine", "docker run -dit --name n1 --network none alpine", "docker run -d --name w1 nginx"]);

  it("pings 8.8.8.8 from a container on the default bridge, as a real one answers", () => {
    const out = shell.run("docker exec a1 ping -c 3 8.8.8.8");
    expect(out.exitCode).toBe(0);
    const replies = out.stdout.split("\n").filter((l) => l.startsWith("64 bytes"));
    expect(replies).toHaveLength(3);
    for (const [seq, l] of replies.entries()) {
      const m = /^64 bytes from 8\.8\.8\.8: seq=(\d) ttl=117 time=(\d+\.\d{3}) ms$/.exec(l);
      expect(m, l).not.toBeNull();
      expect(Number(m?.[1])).toBe(seq);
      expect(Number(m?.[2])).toBeGreaterThanOrEqual(9);
      expect(Number(m?.[2])).toBeLessThan(20);
    }
    expect(out.stdout).toMatch(/^PING 8\.8\.8\.8 \(8\.8\.8\.8\): 56 data bytes\n/);
    expect(out.stdout).toContain("\n--- 8.8.8.8 ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\n");
    // The host itself is one hop nearer.
    expect(shell.run("ping -c 1 1.1.1.1").stdout).toMatch(/64 bytes from 1\.1\.1\.1: seq=0 ttl=118 time=/);
  });

  it("cannot send from a container with no network", () => {
    expect(shell.run("docker exec n1 ping -c 1 8.8.8.8")).toMatchObject({
      stdout: "PING 8.8.8.8 (8.8.8.8): 56 data bytes\n",
      stderr: "ping: sendto: Network is unreachable\n",
      exitCode: 1,
    });
  });

  it("gets a page with curl and wget, and silence from ports and addresses nothing answers on", () => {
    expect(shell.run("docker exec w1 curl -s http://8.8.8.8")).toMatchObject({ exitCode: 0, stdout: expect.stringContaining("It answered") });
    expect(shell.run("docker exec a1 wget -qO- http://dns.google")).toMatchObject({ exitCode: 0 });
    expect(shell.run("docker exec a1 ping -c 1 203.0.113.7").stdout).toContain("1 packets transmitted, 0 packets received, 100% packet loss");
    expect(shell.run("docker exec a1 ping -c 1 10.9.9.9").stdout).toContain("100% packet loss");
  });

  it("explains the way in Can it reach?", () => {
    const r = shell.ctx.resolved();
    const a1 = shell.ctx.container("a1")?.c.id as string;
    const res = reach(r, { kind: "container", id: a1 }, "8.8.8.8", { port: null });
    expect(res.verdict).toBe("reachable");
    expect(res.reason).toBe("8.8.8.8 answers ping");
    expect(res.path.map((h) => h.rule).join("\n")).toMatch(
      /masqueraded to the host's address[\s\S]*dns\.google\) is on the internet; replies come back through the router and the host's NAT/,
    );
    expect(reach(r, { kind: "container", id: a1 }, "8.8.8.8", { port: 53, proto: "udp" }).verdict).toBe("reachable");
    expect(reach(r, { kind: "container", id: a1 }, "8.8.8.8", { port: 22 })).toMatchObject({ verdict: "dropped", reason: "8.8.8.8 does not answer on 22/tcp" });
    expect(reach(r, { kind: "container", id: a1 }, "10.9.9.9", { port: null }).reason).toContain("private address");
  });

  it("reaches the internet from another machine on a LAN that leads there, through its router", () => {
    const r = shell.ctx.resolved();
    const lan = Object.values(r.doc.lans)[0];
    if (!lan) throw new Error("no LAN");
    expect(lan.internet).toBe(true);
    const from = { kind: "lan" as const, label: lan.name, lan };
    const out = reachFrom(r, from, "8.8.8.8", { port: null }).res;
    expect(out).toMatchObject({ verdict: "reachable", reason: "8.8.8.8 answers ping" });
    expect(out.path.map((h) => h.rule)).toContain(`default route via the router ${lan.router}, which masquerades the machine's address`);
    expect(reachFrom(r, from, "google.com", { port: 443 }).res.verdict).toBe("reachable");
    expect(reachFrom(r, from, "203.0.113.7", { port: null }).res.verdict).toBe("dropped");
    // Container addresses stay private to their host.
    expect(reachFrom(r, from, "172.17.0.2", { port: null }).res.verdict).toBe("no-route");
    // A LAN without a way out has no route to the internet.
    const closed = { ...from, lan: { ...lan, internet: false } };
    expect(reachFrom(r, closed, "8.8.8.8", { port: null }).res.verdict).toBe("no-route");
  });
});
