import { describe, expect, it } from "vitest";
import { splitWords } from "../../lib/shell/words";
import { compare, extractAddresses, normalise, terminalView } from "./compare";
import type { CommandResult } from "./run";
import { parseScenario } from "./run";

const r = (cmd: string, exitCode: number, stdout = "", stderr = ""): CommandResult => ({ cmd, exitCode, stdout, stderr });

const NGINX_PAGE = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n</html>\n";

const PING_OK = (ip: string, t1: string, t2: string) =>
  `PING alpine2 (${ip}): 56 data bytes\n64 bytes from ${ip}: seq=0 ttl=64 time=${t1} ms\n64 bytes from ${ip}: seq=1 ttl=64 time=${t2} ms\n\n--- alpine2 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = ${t2}/0.100/${t1} ms\n`;

/** A docker-style table: every column is as wide as its widest cell plus 3 spaces (tabwriter padding). */
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length))) ?? [];
  return `${rows
    .map((row) =>
      row
        .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd((widths[c] ?? 0) + 3)))
        .join("")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

const PS = (created: string, up: string) =>
  table([
    ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"],
    ["4b6e8f84f89f", "nginx", '"/docker-entrypoint.…"', created, up, "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp", "web"],
    ["69850670cb8e", "alpine", '"/bin/sh"', created, up, "", "alpine1"],
  ]);

interface Case {
  name: string;
  real: CommandResult[];
  sim: CommandResult[];
  /** substrings, one per expected mismatch; [] = must match */
  expect: string[];
  opts?: Parameters<typeof compare>[2];
}

const cases: Case[] = [
  {
    name: "identical output matches",
    real: [r("docker network ls -q", 0, "10fb58a10347\n")],
    sim: [r("docker network ls -q", 0, "10fb58a10347\n")],
    expect: [],
  },
  {
    name: "different ids are accepted",
    real: [r("docker run -d --name web nginx", 0, `${"a".repeat(64)}\n`)],
    sim: [r("docker run -d --name web nginx", 0, `${"0123456789ab".repeat(5)}0123\n`)],
    expect: [],
  },
  {
    name: "different ages and uptimes (and the padding they change) are accepted",
    real: [r("docker ps", 0, PS("2 seconds ago", "Up 1 second"))],
    sim: [r("docker ps", 0, PS("Less than a second ago", "Up Less than a second"))],
    expect: [],
  },
  {
    name: "different ping round-trip times are accepted",
    real: [r("docker exec alpine1 ping -c 2 alpine2", 0, PING_OK("172.18.0.3", "0.155", "0.073"))],
    sim: [r("docker exec alpine1 ping -c 2 alpine2", 0, PING_OK("172.18.0.3", "0.050", "0.040"))],
    expect: [],
  },
  {
    name: "a wrong address is caught",
    real: [r("docker exec alpine1 ping -c 2 alpine2", 0, PING_OK("172.18.0.3", "0.1", "0.1"))],
    sim: [r("docker exec alpine1 ping -c 2 alpine2", 0, PING_OK("172.18.0.4", "0.1", "0.1"))],
    expect: ["addresses on stdout", "stdout differs"],
  },
  {
    name: "a wrong host:port is caught",
    real: [r("docker port e1", 0, "80/tcp -> 0.0.0.0:32768\n80/tcp -> [::]:32768\n")],
    sim: [r("docker port e1", 0, "80/tcp -> 0.0.0.0:49153\n80/tcp -> [::]:49153\n")],
    expect: ["addresses on stdout", "stdout differs"],
  },
  {
    name: "a wrong subnet is caught",
    real: [r("docker network inspect -f '{{json .IPAM.Config}}' n1", 0, '[{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}]\n')],
    sim: [r("docker network inspect -f '{{json .IPAM.Config}}' n1", 0, '[{"Subnet":"172.19.0.0/16","Gateway":"172.19.0.1"}]\n')],
    expect: ["addresses on stdout", "stdout differs"],
  },
  {
    name: "a missing phrase is caught",
    real: [
      r(
        "docker run -d --name web2 -p 8080:80 nginx",
        125,
        `${"b".repeat(64)}\n`,
        `docker: Error response from daemon: driver failed programming external connectivity on endpoint web2 (${"c".repeat(64)}): Bind for 0.0.0.0:8080 failed: port is already allocated\n\nRun 'docker run --help' for more information`,
      ),
    ],
    sim: [
      r(
        "docker run -d --name web2 -p 8080:80 nginx",
        125,
        `${"b".repeat(64)}\n`,
        "docker: Error response from daemon: port 0.0.0.0:8080 is busy\n\nRun 'docker run --help' for more information",
      ),
    ],
    expect: [
      '"driver failed programming external connectivity on endpoint web2"',
      '"Bind for 0.0.0.0:8080 failed: port is already allocated"',
      '"port is already allocated"',
      "stderr differs",
    ],
  },
  {
    name: "a wrong exit code is caught (both failing)",
    real: [r("docker network rm bridge", 1, "", "Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n")],
    sim: [r("docker network rm bridge", 125, "", "Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n")],
    expect: ["exit code real 1, sim 125"],
  },
  {
    name: "success vs failure is caught",
    real: [r("docker exec alpine1 ping -c 1 -W 1 alpine3", 1, "", "ping: bad address 'alpine3'\n")],
    sim: [r("docker exec alpine1 ping -c 1 -W 1 alpine3", 0, "", "ping: bad address 'alpine3'\n")],
    expect: ["real failed (exit 1), sim succeeded (exit 0)"],
  },
  {
    name: "a different page is caught",
    real: [r("docker exec client wget -qO- http://web/", 0, NGINX_PAGE)],
    sim: [r("docker exec client wget -qO- http://web/", 0, NGINX_PAGE.replace("nginx!", "nginx"))],
    expect: ["page body differs"],
  },
  {
    name: "a missing trailing newline in a page is caught",
    real: [r("curl -s localhost:8080", 0, NGINX_PAGE)],
    sim: [r("curl -s localhost:8080", 0, NGINX_PAGE.trimEnd())],
    expect: ["page body differs"],
  },
  {
    name: "a missing packet-loss line is caught",
    real: [
      r(
        "docker exec alpine1 ping -c 2 -W 1 172.17.0.2",
        1,
        "PING 172.17.0.2 (172.17.0.2): 56 data bytes\n\n--- 172.17.0.2 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n",
      ),
    ],
    sim: [r("docker exec alpine1 ping -c 2 -W 1 172.17.0.2", 1, "PING 172.17.0.2 (172.17.0.2): 56 data bytes\n")],
    expect: ["addresses on stdout", "2 packets transmitted, 0 packets received, 100% packet loss", "stdout differs"],
  },
  {
    name: "nslookup answers may come in any order",
    real: [
      r(
        "docker exec client nslookup db",
        0,
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 172.18.0.3\nName:\tdb\nAddress: 172.18.0.4\n\nNon-authoritative answer:\n\n",
      ),
    ],
    sim: [
      r(
        "docker exec client nslookup db",
        0,
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 172.18.0.4\nName:\tdb\nAddress: 172.18.0.3\n\nNon-authoritative answer:\n\n",
      ),
    ],
    expect: [],
  },
  {
    name: "nslookup with a missing answer is caught",
    real: [r("docker exec client nslookup db", 0, "Name:\tdb\nAddress: 172.18.0.3\nName:\tdb\nAddress: 172.18.0.4\n")],
    sim: [r("docker exec client nslookup db", 0, "Name:\tdb\nAddress: 172.18.0.3\n")],
    expect: ["addresses on stdout (any order)", "stdout differs"],
  },
  {
    name: "interface indexes are normalised",
    real: [
      r(
        "docker exec c ip -4 addr show eth0",
        0,
        "239: eth0@if240: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\n",
      ),
    ],
    sim: [
      r(
        "docker exec c ip -4 addr show eth0",
        0,
        "7: eth0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\n",
      ),
    ],
    expect: [],
  },
  {
    name: "an OOM-killed shell's Killed may be lost by the engine's log copier",
    real: [r("docker run --memory 10m busybox sh -c 'head -c 50m /dev/zero | tail'", 137, "", "")],
    sim: [r("docker run --memory 10m busybox sh -c 'head -c 50m /dev/zero | tail'", 137, "", "Killed\n")],
    expect: [],
  },
  {
    name: "a Killed the engine did not print is still a mismatch when the container was not OOM-killed",
    real: [r("docker run busybox sh -c 'exit 1'", 1, "", "")],
    sim: [r("docker run busybox sh -c 'exit 1'", 1, "", "Killed\n")],
    expect: ["stderr differs"],
  },
  {
    name: "the real host's own addresses are ignored when they cannot be simulated",
    real: [r("docker exec c cat /etc/resolv.conf", 0, "nameserver 10.255.255.53\n")],
    sim: [r("docker exec c cat /etc/resolv.conf", 0, "nameserver 192.168.1.1\n")],
    opts: { ignoreAddresses: ["10.255.255.53"], simIgnoreAddresses: ["192.168.1.10", "192.168.1.1"] },
    expect: [],
  },
  {
    name: "network inspect: the Containers map order (random ids in reality) does not matter",
    real: [
      r(
        "docker network inspect net",
        0,
        JSON.stringify(
          [
            {
              Name: "net",
              Containers: { ["1".repeat(64)]: { Name: "b", IPv4Address: "172.18.0.3/16" }, ["2".repeat(64)]: { Name: "a", IPv4Address: "172.18.0.2/16" } },
            },
          ],
          null,
          4,
        ),
      ),
    ],
    sim: [
      r(
        "docker network inspect net",
        0,
        JSON.stringify(
          [
            {
              Name: "net",
              Containers: { ["3".repeat(64)]: { Name: "a", IPv4Address: "172.18.0.2/16" }, ["4".repeat(64)]: { Name: "b", IPv4Address: "172.18.0.3/16" } },
            },
          ],
          null,
          4,
        ),
      ),
    ],
    expect: [],
  },
  {
    name: "network inspect: a container with the wrong address is caught",
    real: [r("docker network inspect net", 0, JSON.stringify([{ Containers: { ["1".repeat(64)]: { Name: "a", IPv4Address: "172.18.0.2/16" } } }]))],
    sim: [r("docker network inspect net", 0, JSON.stringify([{ Containers: { ["1".repeat(64)]: { Name: "a", IPv4Address: "172.18.0.5/16" } } }]))],
    expect: ["addresses on stdout", "stdout differs"],
  },
  {
    name: "a missing command is caught",
    real: [r("docker ps -q", 0), r("docker network ls -q", 0, "abcdefabcdef\n")],
    sim: [r("docker ps -q", 0)],
    expect: ["command count", "missing from the simulator output"],
  },
  {
    name: "a stream mix-up is caught",
    real: [r("docker rm nosuch", 1, "", "Error response from daemon: No such container: nosuch\n")],
    sim: [r("docker rm nosuch", 1, "Error response from daemon: No such container: nosuch\n", "")],
    expect: ["stdout differs", "stderr differs"],
  },
];

describe("compare()", () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = compare(c.real, c.sim, c.opts);
      if (c.expect.length === 0) {
        expect(got, got.join("\n")).toEqual([]);
        return;
      }
      for (const want of c.expect) {
        expect(
          got.some((m) => m.includes(want)),
          `expected a mismatch containing ${JSON.stringify(want)}, got:\n${got.join("\n")}`,
        ).toBe(true);
      }
      expect(got.length, got.join("\n")).toBe(c.expect.length);
    });
  }
});

describe("extractAddresses()", () => {
  it("finds addresses, CIDRs and host:port pairs in order", () => {
    expect(extractAddresses("0.0.0.0:8080->80/tcp, [::]:8080->80/tcp 172.18.0.0/16 gw 172.18.0.1.")).toEqual([
      "0.0.0.0:8080",
      "[::]:8080",
      "172.18.0.0/16",
      "172.18.0.1",
    ]);
  });
  it("ignores version numbers and invalid addresses", () => {
    expect(extractAddresses("BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) 999.1.1.0/24 1.2.3.4.5")).toEqual([]);
  });
  it("drops ignored addresses", () => {
    expect(extractAddresses("nameserver 10.255.255.53\nnameserver 1.1.1.1", ["10.255.255.53"])).toEqual(["1.1.1.1"]);
  });
});

describe("normalise()", () => {
  it("masks ids, times and durations", () => {
    expect(normalise(`${"f".repeat(64)} abcdefabcdef Exited (0) 3 seconds ago, Up About a minute`, "docker x")).toBe(
      "<ID64> <ID12> Exited (0) <AGO>, Up <DURATION>",
    );
  });

  it("masks the sandbox id in a docker_gwbridge endpoint's name, not the ingress sandbox's", () => {
    expect(normalise("gateway_041fccba0fbf 172.18.0.3/16;gateway_ingress-sbox 172.18.0.2/16;", "docker network inspect")).toBe(
      "gateway_<ID12> 172.18.0.3/16;gateway_ingress-sbox 172.18.0.2/16;",
    );
  });
});

describe("terminalView()", () => {
  it("drops the progress steps a terminal overwrites, keeping a layer's last line", () => {
    const real =
      "The push refers to repository [localhost:5000/bb]\n93395d075849: Preparing\n0a024500f819: Preparing\n93395d075849: Pushed\n0a024500f819: Mounted from other\nlatest: digest: sha256:x size: 527\n";
    expect(terminalView(real)).toBe(
      "The push refers to repository [localhost:5000/bb]\n93395d075849: Pushed\n0a024500f819: Mounted from other\nlatest: digest: sha256:x size: 527\n",
    );
    // A push Hub refuses leaves its Preparing lines on the terminal.
    expect(terminalView("93395d075849: Preparing\n")).toBe("93395d075849: Preparing\n");
  });
});

describe("splitWords()", () => {
  const table: [string, string[]][] = [
    ["docker ps", ["docker", "ps"]],
    ["docker inspect -f '{{.Name}} {{.Id}}' c1", ["docker", "inspect", "-f", "{{.Name}} {{.Id}}", "c1"]],
    ['docker exec c sh -c "echo \\"hi\\" $HOME"', ["docker", "exec", "c", "sh", "-c", 'echo "hi" $HOME']],
    ["docker ps --format '{{.Names}}\\t{{.Ports}}'", ["docker", "ps", "--format", "{{.Names}}\\t{{.Ports}}"]],
    ["echo a\\ b c", ["echo", "a b", "c"]],
    ["echo 'it'\\''s'", ["echo", "it's"]],
    ['echo ""', ["echo", ""]],
    ["  spaced   out  ", ["spaced", "out"]],
  ];
  for (const [line, words] of table) {
    it(line, () => expect(splitWords(line)).toEqual(words));
  }
  it("rejects unterminated quotes", () => {
    expect(() => splitWords("echo 'oops")).toThrow(/unterminated/);
  });
});

describe("parseScenario()", () => {
  it("skips comments and blank lines and sees # fresh-engine", () => {
    expect(parseScenario("# fresh-engine\n# comment\n\ndocker ps\n  curl -s localhost\n")).toEqual({
      fresh: true,
      commands: ["docker ps", "curl -s localhost"],
    });
    expect(parseScenario("# other\ndocker ps\n").fresh).toBe(false);
  });
});
