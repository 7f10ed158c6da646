import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { SCHEMA_VERSION } from "../../lib/model";

const BIN = join(__dirname, "..", "..", "bin", "dockside.mjs");

function dockside(args: string[], input = "") {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The Docker documentation's "Networking with standalone containers" tutorial, typed as written.
const TUTORIAL = `
docker network create --driver bridge alpine-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker run -dit --name alpine2 --network alpine-net alpine ash
docker run -dit --name alpine3 alpine ash
docker run -dit --name alpine4 --network alpine-net alpine ash
docker network connect bridge alpine4
docker exec alpine1 ping -c 2 alpine2
docker exec alpine1 ping -c 2 alpine3
docker exec alpine1 ping -c 2 -W 1 172.17.0.2
docker exec alpine4 ping -c 2 alpine1
docker exec alpine4 ping -c 2 172.17.0.2
`;

describe("dockside sh", () => {
  it("prints the tutorial's addresses, 'bad address' and packet loss", () => {
    const r = dockside(["sh", "--json"], TUTORIAL);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { cmd: string; exitCode: number; stdout: string; stderr: string }[];
    const by = (cmd: string) => out.find((o) => o.cmd === cmd) as (typeof out)[number];
    expect(by("docker network create --driver bridge alpine-net").stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(by("docker exec alpine1 ping -c 2 alpine2").stdout).toContain("PING alpine2 (172.18.0.3): 56 data bytes");
    expect(by("docker exec alpine1 ping -c 2 alpine2").exitCode).toBe(0);
    expect(by("docker exec alpine1 ping -c 2 alpine3")).toMatchObject({ exitCode: 1, stderr: "ping: bad address 'alpine3'\n" });
    const lost = by("docker exec alpine1 ping -c 2 -W 1 172.17.0.2");
    expect(lost.exitCode).toBe(1);
    expect(lost.stdout).toContain("2 packets transmitted, 0 packets received, 100% packet loss");
    expect(by("docker exec alpine4 ping -c 2 alpine1").stdout).toContain("PING alpine1 (172.18.0.2)");
    expect(by("docker exec alpine4 ping -c 2 172.17.0.2").stdout).toContain("2 packets transmitted, 2 packets received, 0% packet loss");
  });

  it("prints like a terminal without --json, skipping blank and comment lines", () => {
    const r = dockside(["sh"], "# a comment\n\ndocker run -d --name web -p 8080:80 nginx\ncurl -s localhost:8080\n");
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n<!DOCTYPE html>/);
    expect(r.stdout).toContain("<h1>Welcome to nginx!</h1>");
  });

  it("writes each line's two streams in the order the line wrote them", async () => {
    const writes: [string, string][] = [];
    const io = { stdin: () => "docker rm nope; echo after\n", out: (t: string) => writes.push(["out", t]), err: (t: string) => writes.push(["err", t]) };
    expect(await main(["sh"], io)).toBe(0);
    expect(writes).toEqual([
      ["err", "Error response from daemon: No such container: nope\n"],
      ["out", "after\n"],
    ]);
  });

  it("saves a document that resolve reads back", () => {
    const dir = mkdtempSync(join(tmpdir(), "dockside-cli-"));
    const file = join(dir, "world.json");
    dockside(
      ["sh", "--save", file],
      "docker network create app\ndocker run -dit --name db --network app postgres\ndocker run -dit --name api --network app alpine\n",
    );
    const report = dockside(["resolve", file, "--json"]);
    expect(report.code).toBe(0);
    const parsed = JSON.parse(report.stdout);
    expect(parsed.names).toContainEqual(expect.objectContaining({ from: "api", name: "db", addresses: ["172.18.0.2"] }));
    expect(parsed.reachability).toContainEqual(expect.objectContaining({ from: "api", to: "db", port: 5432, verdict: "reachable" }));
    const again = dockside(["sh", "--doc", file, "--json"], "docker ps --format '{{.Names}}'\n");
    expect(JSON.parse(again.stdout)[0].stdout).toBe("api\ndb\n");
    expect(JSON.parse(readFileSync(file, "utf8")).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("says what is wrong with a broken document instead of crashing", () => {
    const dir = mkdtempSync(join(tmpdir(), "dockside-cli-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, '{"schemaVersion": 1, "title": 3}');
    const r = dockside(["resolve", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: /);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("answers an unknown command with the real CLI's words and exit code", () => {
    const r = dockside(["sh", "--json"], "docker run --frobnicate alpine\n");
    const [out] = JSON.parse(r.stdout);
    expect(out.exitCode).toBe(125);
    expect(out.stderr).toBe(
      "unknown flag: --frobnicate\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
    );
  });
});
