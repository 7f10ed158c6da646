import { describe, expect, it } from "vitest";
import { execInContainer, runOnHost } from "../../../lib/shell/tools";
import { World } from "../../world";
import { maskTimes, words } from "./helpers";

/** recordings/ping.json: alpine1, alpine2 on alpine-net; alpine3, alpine4 on the default bridge. */
function tutorial(): World {
  return new World()
    .network("alpine-net")
    .run("alpine1", { networks: [{ name: "alpine-net" }] })
    .run("alpine2", { networks: [{ name: "alpine-net" }] })
    .run("alpine3")
    .run("alpine4");
}

const ok1 = (name: string, ip: string, ttl = 64) =>
  `PING ${name} (${ip}): 56 data bytes\n64 bytes from ${ip}: seq=0 ttl=${ttl} time=T ms\n\n--- ${name} ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = RTT ms\n`;
const lost = (name: string, ip: string, n = 1) =>
  `PING ${name} (${ip}): 56 data bytes\n\n--- ${name} ping statistics ---\n${n} packets transmitted, 0 packets received, 100% packet loss\n`;

describe("busybox ping, as recorded", () => {
  const cases: [string, string, { stdout: string; stderr: string; exitCode: number }][] = [
    ["alpine1", "ping -c 1 alpine2", { stdout: ok1("alpine2", "172.18.0.3"), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 1 ALPINE2", { stdout: ok1("ALPINE2", "172.18.0.3"), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 1 alpine2.alpine-net", { stdout: ok1("alpine2.alpine-net", "172.18.0.3"), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 1 alpine1", { stdout: ok1("alpine1", "172.18.0.2"), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 1 localhost", { stdout: ok1("localhost", "127.0.0.1"), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 1 172.18.0.1", { stdout: ok1("172.18.0.1", "172.18.0.1"), stderr: "", exitCode: 0 }],
    ["alpine3", "ping -c 1 172.17.0.1", { stdout: ok1("172.17.0.1", "172.17.0.1"), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 1 192.168.1.10", { stdout: ok1("192.168.1.10", "192.168.1.10"), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 1 192.168.1.1", { stdout: ok1("192.168.1.1", "192.168.1.1", 63), stderr: "", exitCode: 0 }],
    ["alpine1", "ping -c 2 -W 1 172.17.0.2", { stdout: lost("172.17.0.2", "172.17.0.2", 2), stderr: "", exitCode: 1 }],
    ["alpine3", "ping -c 1 -W 1 172.18.0.2", { stdout: lost("172.18.0.2", "172.18.0.2"), stderr: "", exitCode: 1 }],
    ["alpine1", "ping -c 1 -W 1 172.18.0.99", { stdout: lost("172.18.0.99", "172.18.0.99"), stderr: "", exitCode: 1 }],
    ["alpine1", "ping -c 1 -w 1 172.17.0.2", { stdout: lost("172.17.0.2", "172.17.0.2"), stderr: "", exitCode: 1 }],
    ["alpine1", "ping -c 2 alpine3", { stdout: "", stderr: "ping: bad address 'alpine3'\n", exitCode: 1 }],
    ["alpine3", "ping -c 2 alpine4", { stdout: "", stderr: "ping: bad address 'alpine4'\n", exitCode: 1 }],
    ["alpine3", "ping -c 1 nosuchhost", { stdout: "", stderr: "ping: bad address 'nosuchhost'\n", exitCode: 1 }],
  ];
  it.each(cases)("%s: %s", (container, line, expected) => {
    expect(maskTimes(execInContainer(tutorial().in(container), words(line)))).toEqual(expected);
  });

  // The recording engine's router leads nowhere: what goes out is lost there (not "Network is unreachable").
  it("alpine1: ping -c 1 -W 1 8.8.8.8 with no internet behind the router", () => {
    const line = words("ping -c 1 -W 1 8.8.8.8");
    expect(execInContainer(tutorial().offline().in("alpine1"), line)).toEqual({ stdout: lost("8.8.8.8", "8.8.8.8"), stderr: "", exitCode: 1 });
  });

  it("prints two replies and the summary for -c 2, and only the summary with -q", () => {
    const w = tutorial();
    const two = execInContainer(w.in("alpine1"), words("ping -c 2 alpine2"));
    expect(two.stdout).toMatch(/seq=0 ttl=64 time=\d\.\d{3} ms\n64 bytes from 172\.18\.0\.3: seq=1 /);
    expect(two.stdout).toContain("2 packets transmitted, 2 packets received, 0% packet loss\n");
    const q = maskTimes(execInContainer(w.in("alpine1"), words("ping -c 2 -q alpine2")));
    expect(q.stdout).toBe(
      "PING alpine2 (172.18.0.3): 56 data bytes\n\n--- alpine2 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = RTT ms\n",
    );
  });

  it("loses the packets of a stopped container and no longer resolves its name", () => {
    const w = tutorial().stop("alpine2");
    expect(execInContainer(w.in("alpine1"), words("ping -c 1 -W 1 alpine2")).stderr).toBe("ping: bad address 'alpine2'\n");
    expect(maskTimes(execInContainer(w.in("alpine1"), words("ping -c 1 -W 1 172.18.0.3"))).stdout).toBe(lost("172.18.0.3", "172.18.0.3"));
  });

  it("says sendto: Network is unreachable from a none-mode container", () => {
    const w = tutorial().run("nonec", { mode: "none" });
    expect(execInContainer(w.in("nonec"), words("ping -c 1 -W 1 172.17.0.2"))).toEqual({
      stdout: "PING 172.17.0.2 (172.17.0.2): 56 data bytes\n",
      stderr: "ping: sendto: Network is unreachable\n",
      exitCode: 1,
    });
    expect(maskTimes(execInContainer(w.in("nonec"), words("ping -c 1 127.0.0.1"))).stdout).toBe(ok1("127.0.0.1", "127.0.0.1"));
  });

  it("prints BusyBox's usage without a host", () => {
    const out = execInContainer(tutorial().in("alpine1"), ["ping"]);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^BusyBox v1\.35\.0 .*\n\nUsage: ping \[OPTIONS\] HOST\n/);
    expect(out.stderr).toContain("\t-q\t\tQuiet, only display output at start/finish\n\t-p HEXBYTE\tPayload pattern\n");
  });

  it("runs on the host as busybox ping", () => {
    const w = tutorial();
    expect(maskTimes(runOnHost(w.onHost, words("ping -c 1 172.18.0.2")) as never)).toEqual({
      stdout: ok1("172.18.0.2", "172.18.0.2"),
      stderr: "",
      exitCode: 0,
    });
    expect(maskTimes(runOnHost(w.onHost, words("ping -c 1 -W 1 172.18.0.99")) as never).stdout).toBe(lost("172.18.0.99", "172.18.0.99"));
  });

  it("follows legacy links on the default bridge", () => {
    const w = new World().run("db", { image: "redis" }).run("app", { links: [{ target: "db", alias: "db" }] });
    expect(maskTimes(execInContainer(w.in("app"), words("ping -c 1 db"))).stdout).toBe(ok1("db", "172.17.0.2"));
    expect(execInContainer(w.in("app"), words("ping -c 1 -W 1 nosuch")).stderr).toBe("ping: bad address 'nosuch'\n");
  });
  // The real redis image is Debian-based and ships no ping (the test engine's stand-in is BusyBox).
  it("has no ping in the redis image", () => {
    const w = new World().run("db", { image: "redis" });
    expect(execInContainer(w.in("db"), words("ping -c 1 -W 1 app")).exitCode).toBe(126);
  });
});

describe("internal networks (recordings/internal.json)", () => {
  const w = () =>
    new World()
      .network("intnet", { internal: true })
      .run("i1", { networks: [{ name: "intnet" }] })
      .run("i2", { networks: [{ name: "intnet" }] });
  it("reaches peers", () => {
    expect(maskTimes(execInContainer(w().in("i1"), words("ping -c 1 i2"))).stdout).toBe(ok1("i2", "172.18.0.3"));
  });
  // The real engine keeps a default route on internal networks and drops outside traffic silently,
  // while the gateway and the host's LAN address still answer.
  it("loses packets to the outside instead of 'Network is unreachable'", () => {
    expect(maskTimes(execInContainer(w().in("i1"), words("ping -c 1 -W 1 8.8.8.8"))).stdout).toBe(lost("8.8.8.8", "8.8.8.8"));
  });
  it("gets answers from the host's LAN address", () => {
    expect(maskTimes(execInContainer(w().in("i1"), words("ping -c 1 -W 1 192.168.1.10"))).stdout).toBe(ok1("192.168.1.10", "192.168.1.10"));
  });
  it("keeps its default route", () => {
    expect(execInContainer(w().in("i1"), words("ip route")).stdout).toBe(
      "default via 172.18.0.1 dev eth0 \n172.18.0.0/16 dev eth0 scope link  src 172.18.0.2 \n",
    );
  });
});
