/**
 * ipvlan L2 on the sandbox's LAN through the shell: containers get LAN addresses, another LAN host
 * reaches them, the parent host does not (as with macvlan), and they share the parent's MAC.
 */
import { describe, expect, it } from "vitest";
import { twoHosts } from "./helpers";

function ipvlanLab() {
  const s = twoHosts();
  s.ok("docker network create -d ipvlan --subnet 192.168.1.0/24 --gateway 192.168.1.1 -o parent=eth0 ipv");
  s.ok("docker run -dit --name a1 --network ipv alpine");
  s.ok("docker run -d --name web --network ipv --ip 192.168.1.70 nginx");
  return s;
}

describe("ipvlan L2 on eth0", () => {
  it("gives containers addresses on the LAN, reachable from another LAN host", () => {
    const s = ipvlanLab();
    expect(s.ok("docker inspect a1 --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}/{{.IPPrefixLen}} {{.Gateway}}{{end}}'")).toBe(
      "192.168.1.2/24 192.168.1.1\n",
    );
    expect(s.ok("ssh host2 ping -c 1 192.168.1.2")).toMatch(/1 packets received/);
    expect(s.ok("ssh host2 curl -s http://192.168.1.70/")).toMatch(/Welcome to nginx!/);
    // On the segment itself: no host routes the reply, so the TTL is not decremented.
    expect(s.ok("docker exec a1 ping -c 1 192.168.1.11")).toMatch(/ttl=64 /);
    expect(s.ok("docker exec a1 ping -c 1 web")).toMatch(/PING web \(192\.168\.1\.70\)[\s\S]*1 packets received/);
  });

  it("can't be reached from its parent host, nor reach it", () => {
    const s = ipvlanLab();
    expect(s.run("ping -c 1 -W 1 192.168.1.70").stdout).toMatch(/1 packets transmitted, 0 packets received, 100% packet loss/);
    expect(s.run("curl -sS -m 2 http://192.168.1.70/").exitCode).not.toBe(0);
    expect(s.run("docker exec a1 ping -c 1 -W 1 192.168.1.10").stdout).toMatch(/0 packets received/);
  });

  it("shares the parent's MAC address, where macvlan has its own", () => {
    const s = ipvlanLab();
    const parentMac = /link\/ether (\S+)/.exec(s.ok("ip link show eth0"))?.[1];
    expect(parentMac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(s.ok("docker exec a1 ip addr")).toContain(`link/ether ${parentMac} brd ff:ff:ff:ff:ff:ff`);
    s.ok("docker network create -d macvlan --subnet 10.77.0.0/24 -o parent=eth0 mv");
    s.ok("docker run -dit --name m1 --network mv alpine");
    expect(s.ok("docker exec m1 ip addr")).not.toContain(`link/ether ${parentMac}`);
  });

  it("refuses an unknown ipvlan mode and takes l3", () => {
    const s = twoHosts();
    const bad = s.run("docker network create -d ipvlan --subnet 10.9.0.0/24 -o parent=eth0 -o ipvlan_mode=bogus x1");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("Error response from daemon: requested ipvlan mode 'bogus' is not valid, 'l2' mode is the ipvlan driver default\n");
    s.ok("docker network create -d ipvlan --subnet 10.9.0.0/24 -o parent=eth0 -o ipvlan_mode=l3 x2");
    expect(s.ok("docker network inspect x2 --format '{{json .Options}}'")).toBe('{"ipvlan_mode":"l3","parent":"eth0"}\n');
  });
});
