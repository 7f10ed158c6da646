/**
 * The read commands (ps, inspect, network ls/inspect, port) replayed against the real engine's
 * recordings, compared the way the fidelity suite compares them (ids and durations normalised).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { containerStatus } from "../../../lib/model/status";
import { humanDuration } from "../../../lib/model/units";
import { Shell } from "../../../lib/shell";
import { addImages } from "../../../lib/shell/docker/image-read";
import { displayablePorts, naturalCompare } from "../../../lib/shell/docker/port";
import { tabwrite } from "../../../lib/shell/docker/ps";
import { compare, normalise } from "../../fidelity/compare";
import type { CommandResult } from "../../fidelity/run";

const ENGINE_IMAGES = JSON.parse(readFileSync(new URL("../../fidelity/engine-images.json", import.meta.url), "utf8")) as unknown[];

const READ = /^docker (ps|inspect|port|container (ls|inspect|port)|network (ls|inspect))\b/;

function replay(file: string, step = 300): { real: CommandResult[]; sim: CommandResult[] } {
  const real = JSON.parse(readFileSync(new URL(`../../fidelity/recordings/${file}`, import.meta.url), "utf8")) as CommandResult[];
  let t = Date.parse("2026-11-23T12:30:25Z");
  const sh = Shell.fresh({ seed: 11, clock: () => t });
  // The recorded engine has the fidelity suite's imported images.
  addImages(sh.ctx, ENGINE_IMAGES, t);
  const sim = real.map((r) => {
    t += step;
    return { cmd: r.cmd, ...sh.run(r.cmd) };
  });
  return { real, sim };
}

/** Mismatches of the read commands, minus the ones listed (each with the reason it cannot match). */
function readMismatches(file: string, known: Record<string, string> = {}): string[] {
  const { real, sim } = replay(file);
  return compare(real, sim).filter((m) => {
    const cmd = /^#\d+ `(.*?)`:/s.exec(m)?.[1] ?? "";
    return READ.test(cmd) && !(cmd in known);
  });
}

describe("read commands match the recorded engine", () => {
  it("docker ps: table, -a, -q, formats, filters, -l, -n, -s, --no-trunc", () => {
    const staleRedis = "recorded when the engine's redis import was 1.98MB; today's is 1.99MB (scenario 83 checks sizes against the live engine)";
    expect(readMismatches("ps.json", { "docker ps --format '{{json .}}'": staleRedis, "docker ps -s": staleRedis })).toEqual([]);
    expect(readMismatches("scenarios/24-ps-formats.json")).toEqual([]);
  });

  it("docker inspect: templates, errors, several names, networks by name", () => {
    expect(
      readMismatches("inspect.json", {
        "docker inspect alpine1": "host paths and the pid are the real machine's (checked below with those masked)",
        "docker inspect -f '{{json .NetworkSettings}}' alpine1": "SandboxKey is a path of the real machine",
      }),
    ).toEqual([]);
    expect(readMismatches("scenarios/22-inspect-templates.json")).toEqual([]);
  });

  it("docker inspect without a template prints the daemon's JSON, field for field", () => {
    const { real, sim } = replay("inspect.json");
    const i = real.findIndex((r) => r.cmd === "docker inspect alpine1");
    const mask = (s: string) =>
      normalise(
        s
          .replace(/\/var\/lib\/docker/g, "<ROOT>")
          .replace(/\/tmp\/dockside-engine\/data/g, "<ROOT>")
          .replace(/\/var\/run\/docker\/netns/g, "<NETNS>")
          .replace(/\/tmp\/dockside-engine\/exec\/netns/g, "<NETNS>")
          .replace(/"Pid": \d+/, '"Pid": <PID>'),
        "",
      );
    expect(mask(sim[i]?.stdout ?? "")).toBe(mask(real[i]?.stdout ?? ""));
    const j = real.findIndex((r) => r.cmd === "docker inspect -f '{{json .NetworkSettings}}' alpine1");
    expect(mask(sim[j]?.stdout ?? "").replace(/"SandboxKey":"[^"]*"/, "")).toBe(mask(real[j]?.stdout ?? "").replace(/"SandboxKey":"[^"]*"/, ""));
  });

  it("docker network ls / inspect", () => {
    expect(readMismatches("network-ls-inspect.json")).toEqual([]);
    expect(readMismatches("scenarios/23-network-inspect.json")).toEqual([]);
    expect(readMismatches("scenarios/02-tutorial-user-network.json")).toEqual([]);
    expect(readMismatches("modes.json")).toEqual([]);
  });

  it("docker port and published-port listings", () => {
    expect(readMismatches("scenarios/36-port-command.json")).toEqual([]);
    expect(readMismatches("scenarios/09-loopback-binding.json")).toEqual([]);
    expect(readMismatches("scenarios/11-publish-all.json")).toEqual([]);
    expect(
      readMismatches("ports.json", {
        "docker ps": "the engine hands IPv6 ephemeral ports out separately; the document keeps one per binding",
        "docker ps --format '{{.Names}}\\t{{.Ports}}'": "same",
        "docker port pall": "same",
        "docker port pall2": "same",
      }),
    ).toEqual([]);
  });
});

describe("read commands on a built session", () => {
  it("prints exact ps, port and inspect output for a small topology", () => {
    let t = Date.parse("2026-01-01T00:00:00Z");
    const sh = Shell.fresh({ seed: 3, clock: () => t });
    sh.run("docker network create appnet");
    sh.run("docker run -d --name web --network appnet -p 127.0.0.1:8081:80 -p 8443:443 nginx");
    t += 90_000;
    sh.run("docker run -dit --name box alpine");
    t += 5_000;
    sh.run("docker stop box");
    t += 3_000;
    const web = sh.doc.containers[Object.keys(sh.doc.containers)[0] as string];
    expect(sh.run("docker ps -a --format '{{.Names}}|{{.Status}}|{{.RunningFor}}|{{.Ports}}|{{.Networks}}'").stdout).toBe(
      "box|Exited (137) 3 seconds ago|8 seconds ago||bridge\n" +
        "web|Up About a minute|About a minute ago|127.0.0.1:8081->80/tcp, 0.0.0.0:8443->443/tcp, [::]:8443->443/tcp|appnet\n",
    );
    expect(sh.run("docker port web").stdout).toBe("80/tcp -> 127.0.0.1:8081\n443/tcp -> 0.0.0.0:8443\n443/tcp -> [::]:8443\n");
    expect(sh.run("docker port web 443/tcp").stdout).toBe("0.0.0.0:8443\n[::]:8443\n");
    expect(sh.run("docker port web 81/tcp")).toMatchObject({ stdout: "", stderr: "Error: No public port '81/tcp' published for web\n", exitCode: 1 });
    expect(sh.run("docker inspect -f '{{json .HostConfig.PortBindings}}' web").stdout).toBe(
      '{"443/tcp":[{"HostIp":"","HostPort":"8443"}],"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8081"}]}\n',
    );
    expect(
      sh.run(
        "docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}}/{{$v.IPPrefixLen}} {{$v.MacAddress}} {{$v.Aliases}}{{end}}' web",
      ).stdout,
    ).toBe(`appnet 172.18.0.2/16 02:42:ac:12:00:02 [${web?.id.slice(0, 12)}]\n`);
    expect(sh.run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.NetworkSettings.IPAddress}}|' box").stdout).toBe("exited 137 |\n");
    expect(sh.run("docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' appnet").stdout).toBe("web 172.18.0.2/16\n");
    expect(sh.run("docker network ls --filter driver=bridge --format '{{.Name}}'").stdout).toBe("appnet\nbridge\n");
    expect(sh.run("docker inspect nosuch")).toMatchObject({ stdout: "[]\n", stderr: "Error: No such object: nosuch\n", exitCode: 1 });
  });
});

describe("formatting helpers", () => {
  it("words durations like go-units", () => {
    expect(humanDuration(400)).toBe("Less than a second");
    expect(humanDuration(1_999)).toBe("1 second");
    expect(humanDuration(59_000)).toBe("59 seconds");
    expect(humanDuration(60_000)).toBe("About a minute");
    expect(humanDuration(47 * 60_000)).toBe("47 minutes");
    expect(humanDuration(60 * 60_000)).toBe("About an hour");
    expect(humanDuration(5 * 3_600_000)).toBe("5 hours");
    expect(humanDuration(3 * 86_400_000)).toBe("3 days");
  });

  it("groups port ranges and lists other mappings after them", () => {
    const p = (ip: string, priv: number, pub: number, type = "tcp") => ({ ip, privatePort: priv, publicPort: pub, type });
    expect(displayablePorts([p("0.0.0.0", 81, 81), p("0.0.0.0", 80, 80), p("", 443, 0), p("0.0.0.0", 8080, 9090)])).toBe(
      "0.0.0.0:80-81->80-81/tcp, 443/tcp, 0.0.0.0:9090->8080/tcp",
    );
    expect(["443/tcp -> x", "80/tcp -> y"].sort(naturalCompare)).toEqual(["80/tcp -> y", "443/tcp -> x"]);
  });

  it("pads columns like text/tabwriter", () => {
    expect(tabwrite("A\tLONGER HEADER\tC\nvalue-is-long\tb\t\n")).toBe("A               LONGER HEADER   C\nvalue-is-long   b               \n");
    expect(containerStatus({ state: "created" } as never, 0)).toBe("Created");
  });
});
