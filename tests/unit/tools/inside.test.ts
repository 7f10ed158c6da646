import { describe, expect, it } from "vitest";
import { HTTPD_INDEX, NGINX_INDEX } from "../../../lib/model";
import { execInContainer, runOnHost } from "../../../lib/shell/tools";
import { World } from "../../world";
import { words } from "./helpers";

const run = (w: World, c: string, line: string) => execInContainer(w.in(c), words(line));
const OCI = (p: string) => ({
  stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${p}": executable file not found in $PATH: unknown\r\n`,
  stderr: "",
  exitCode: 126,
});
const HEAD =
  "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
const mask = (s: string) => s.replace(/^\d+: (?!lo)/gm, "N: ").replace(/@if\d+/g, "@ifN");

describe("nslookup (recordings/nslookup.json)", () => {
  const w = () =>
    new World()
      .network("alpine-net")
      .network("other-net")
      .run("alpine1", { networks: [{ name: "alpine-net" }] })
      .run("alpine2", { networks: [{ name: "alpine-net", aliases: ["db"] }] })
      .run("alpine3", { networks: [{ name: "alpine-net", aliases: ["db"] }] })
      .run("alpine4")
      .run("alpine5", { networks: [{ name: "other-net" }] });
  const EMB = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n";
  const UP = "Server:\t\t192.168.1.1\nAddress:\t192.168.1.1:53\n\n";
  const nx = (n: string) => `** server can't find ${n}: NXDOMAIN\n\n`.repeat(2);
  it.each([
    ["alpine1", "nslookup alpine2", `${EMB}Non-authoritative answer:\nName:\talpine2\nAddress: 172.18.0.3\n\nNon-authoritative answer:\n\n`, 0],
    [
      "alpine1",
      "nslookup db",
      `${EMB}Non-authoritative answer:\nName:\tdb\nAddress: 172.18.0.3\nName:\tdb\nAddress: 172.18.0.4\n\nNon-authoritative answer:\n\n`,
      0,
    ],
    ["alpine1", "nslookup -type=a alpine2", `${EMB}Non-authoritative answer:\nName:\talpine2\nAddress: 172.18.0.3\n\n`, 0],
    [
      "alpine1",
      "nslookup alpine2.alpine-net",
      `${EMB}Non-authoritative answer:\nName:\talpine2.alpine-net\nAddress: 172.18.0.3\n\nNon-authoritative answer:\n\n`,
      0,
    ],
    ["alpine1", "nslookup 172.18.0.3", `${EMB}Non-authoritative answer:\n3.0.18.172.in-addr.arpa\tname = alpine2.alpine-net\n\n`, 0],
    ["alpine1", "nslookup alpine5", EMB + nx("alpine5"), 1],
    ["alpine1", "nslookup nosuchhost", EMB + nx("nosuchhost"), 1],
    ["alpine1", "nslookup localhost", EMB + nx("localhost"), 1],
    ["alpine4", "nslookup alpine1", UP + nx("alpine1"), 1],
  ] as const)("%s: %s", (c, line, stdout, exitCode) => {
    expect(run(w(), c, line)).toEqual({ stdout, stderr: "", exitCode });
  });
  it("times out for outside names on an internal network", () => {
    const x = new World()
      .network("intnet", { internal: true })
      .run("i1", { networks: [{ name: "intnet" }] })
      .run("i2", { networks: [{ name: "intnet" }] });
    expect(run(x, "i1", "nslookup google.com")).toEqual({ stdout: ";; connection timed out; no servers could be reached\n\n", stderr: "", exitCode: 1 });
    expect(run(x, "i1", "nslookup i2").exitCode).toBe(0);
  });
});

describe("wget, curl and nc (recordings/wget.json, ports.json)", () => {
  const w = () =>
    new World()
      .network("web-net")
      .run("web", { image: "nginx", networks: [{ name: "web-net" }] })
      .run("apache", { image: "httpd", networks: [{ name: "web-net" }] })
      .run("red", { image: "redis", networks: [{ name: "web-net" }] })
      .run("client", { networks: [{ name: "web-net" }] })
      .run("outsider");
  it.each([
    ["wget -qO- http://web/", { stdout: NGINX_INDEX, stderr: "", exitCode: 0 }],
    ["wget -qO- http://web", { stdout: NGINX_INDEX, stderr: "", exitCode: 0 }],
    ["wget -qO- http://apache/", { stdout: HTTPD_INDEX, stderr: "", exitCode: 0 }],
    ["wget -qO- http://172.18.0.2/", { stdout: NGINX_INDEX, stderr: "", exitCode: 0 }],
    ["wget -qO- http://web:8080/", { stdout: "", stderr: "wget: can't connect to remote host (172.18.0.2): Connection refused\n", exitCode: 1 }],
    [
      "wget -O- http://web:8080/",
      { stdout: "", stderr: "Connecting to web:8080 (172.18.0.2:8080)\nwget: can't connect to remote host (172.18.0.2): Connection refused\n", exitCode: 1 },
    ],
    ["wget -qO- http://nosuch/", { stdout: "", stderr: "wget: bad address 'nosuch'\n", exitCode: 1 }],
    ["wget -O- http://nosuch/", { stdout: "", stderr: "wget: bad address 'nosuch'\n", exitCode: 1 }],
    ["wget -qO- -T 2 http://172.17.0.2/", { stdout: "", stderr: "wget: download timed out\n", exitCode: 1 }],
    ["wget -O- -T 2 http://172.17.0.2/", { stdout: "", stderr: "Connecting to 172.17.0.2 (172.17.0.2:80)\nwget: download timed out\n", exitCode: 1 }],
    [
      "wget -O- http://web/",
      {
        stdout: NGINX_INDEX,
        stderr:
          "Connecting to web (172.18.0.2:80)\nwriting to stdout\n-                    100% |********************************|   615  0:00:00 ETA\nwritten to stdout\n",
        exitCode: 0,
      },
    ],
    ["wget -S -qO- http://web/nope", { stdout: "", stderr: "  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found\n", exitCode: 1 }],
    ["wget -qO- http://web/nope", { stdout: "", stderr: "wget: server returned error: HTTP/1.1 404 Not Found\n", exitCode: 1 }],
    ["wget -q --spider http://web/", { stdout: "", stderr: "", exitCode: 0 }],
    ["sh -c 'printf \"PING\\r\\n\" | nc -w 1 red 6379'", { stdout: "+PONG\r\n", stderr: "", exitCode: 0 }],
    ['sh -c "echo PING | nc red 6379"', { stdout: "+PONG\r\n", stderr: "", exitCode: 0 }],
    ["nc red 6380", { stdout: "", stderr: "nc: can't connect to remote host (172.18.0.4): Connection refused\n", exitCode: 1 }],
    ["telnet red 6380", { stdout: "", stderr: "telnet: can't connect to remote host (172.18.0.4): Connection refused\n", exitCode: 1 }],
    ["curl http://web/", OCI("curl")],
  ] as const)("client: %s", (line, expected) => {
    expect(run(w(), "client", line)).toEqual(expected);
  });
  it("times out across networks and says bad address for names of other networks", () => {
    expect(run(w(), "outsider", "wget -qO- -T 2 http://web/").stderr).toBe("wget: bad address 'web'\n");
    expect(run(w(), "outsider", "wget -qO- -T 2 http://172.18.0.2/").stderr).toBe("wget: download timed out\n");
  });
  it("says No route to host for a stopped container's address on the same bridge (scenarios/31)", () => {
    const x = new World().run("web", { image: "nginx" }).run("box").stop("web");
    expect(run(x, "box", "wget -qO- http://172.17.0.2/").stderr).toBe("wget: can't connect to remote host (172.17.0.2): No route to host\n");
  });
  it("speaks curl and GNU wget on the host (recordings/ports.json)", () => {
    const x = new World()
      .run("web", { image: "nginx", ports: [{ hostPort: "8080", containerPort: 80 }] })
      .run("local", { image: "nginx", ports: [{ hostIp: "127.0.0.1", hostPort: "8081", containerPort: 80 }] });
    const host = (line: string) => runOnHost(x.onHost, words(line));
    expect(host("curl -s localhost:8080")).toEqual({ stdout: NGINX_INDEX, stderr: "", exitCode: 0 });
    expect(host("curl -s http://127.0.0.1:8081/")?.stdout).toBe(NGINX_INDEX);
    expect(host("curl -s 172.17.0.2")?.stdout).toBe(NGINX_INDEX);
    expect(host("curl -sS localhost:8999")?.stderr).toBe("curl: (7) Failed to connect to localhost port 8999 after 0 ms: Couldn't connect to server\n");
    expect(host("curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080")).toEqual({ stdout: "200\n", stderr: "", exitCode: 0 });
    expect(host("curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/nope")?.stdout).toBe("404\n");
    expect(host("curl -sS nosuch")).toEqual({ stdout: "", stderr: "curl: (6) Could not resolve host: nosuch\n", exitCode: 6 });
    expect(host("wget -qO- http://localhost:8080/")).toEqual({ stdout: NGINX_INDEX, stderr: "", exitCode: 0 });
    expect(host("wget -qO- http://localhost:8999/")).toEqual({ stdout: "", stderr: "", exitCode: 4 });
    const loud = host("wget -O- http://localhost:8999/");
    expect(loud?.exitCode).toBe(4);
    expect(loud?.stderr).toMatch(
      /^--\d{4}-\d\d-\d\d \d\d:\d\d:\d\d-- {2}http:\/\/localhost:8999\/\nResolving localhost \(localhost\)\.\.\. 127\.0\.0\.1\nConnecting to localhost \(localhost\)\|127\.0\.0\.1\|:8999\.\.\. failed: Connection refused\.\n$/,
    );
    expect(runOnHost(x.onHost, ["nosuchprogram"])).toBeNull();
  });
  // lib/sim's reach() calls a port published on 127.0.0.1 only "dropped" when the host dials its LAN
  // address; the host's own stack answers with a reset, so real curl fails at once with (7).
  it("is refused on the LAN address when the port is published on 127.0.0.1 only", () => {
    const x = new World().run("local", { image: "nginx", ports: [{ hostIp: "127.0.0.1", hostPort: "8081", containerPort: 80 }] });
    expect(runOnHost(x.onHost, words("curl -s 192.168.1.10:8081"))).toEqual({ stdout: "", stderr: "", exitCode: 7 });
    expect(runOnHost(x.onHost, words("curl -sS 192.168.1.10:8081"))?.stderr).toBe(
      "curl: (7) Failed to connect to 192.168.1.10 port 8081 after 0 ms: Couldn't connect to server\n",
    );
  });
});

describe("inside a container (recordings/inside.json, modes.json, links.json)", () => {
  const w = () =>
    new World()
      .network("alpine-net")
      .run("alpine1", { networks: [{ name: "alpine-net" }] })
      .run("alpine2")
      .run("alpine3", { hostname: "myhost" })
      .run("multi", { networks: [{ name: "alpine-net" }] })
      .connect("bridge", "multi");
  it("prints ip addr, ip -4 -o addr and ip route in BusyBox's format", () => {
    const x = w();
    expect(mask(run(x, "alpine1", "ip addr").stdout)).toBe(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\nN: eth0@ifN: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    link/ether 02:42:ac:12:00:02 brd ff:ff:ff:ff:ff:ff\n    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\n",
    );
    expect(mask(run(x, "alpine1", "ip -4 -o addr").stdout)).toBe(
      "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\nN: eth0    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\\       valid_lft forever preferred_lft forever\n",
    );
    expect(mask(run(x, "multi", "ip -4 addr show").stdout)).toBe(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\nN: eth0@ifN: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\nN: eth1@ifN: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    inet 172.17.0.4/16 brd 172.17.255.255 scope global eth1\n       valid_lft forever preferred_lft forever\n",
    );
    expect(run(x, "multi", "ip route").stdout).toBe(
      "default via 172.18.0.1 dev eth0 \n172.17.0.0/16 dev eth1 scope link  src 172.17.0.4 \n172.18.0.0/16 dev eth0 scope link  src 172.18.0.3 \n",
    );
    expect(run(x, "alpine2", "ip route").stdout).toBe("default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 scope link  src 172.17.0.2 \n");
  });
  it("writes Docker's /etc/hosts, /etc/resolv.conf and hostname", () => {
    const x = w();
    const id = (n: string) => x.id(n).slice(0, 12);
    expect(run(x, "alpine1", "cat /etc/hosts").stdout).toBe(`${HEAD}172.18.0.2\t${id("alpine1")}\n`);
    expect(run(x, "alpine3", "cat /etc/hosts").stdout).toBe(`${HEAD}172.17.0.3\tmyhost\n`);
    expect(run(x, "multi", "cat /etc/hosts").stdout).toBe(`${HEAD}172.18.0.3\t${id("multi")}\n172.17.0.4\t${id("multi")}\n`);
    expect(run(x, "alpine1", "cat /etc/resolv.conf").stdout).toBe("nameserver 127.0.0.11\noptions ndots:0\n");
    expect(run(x, "alpine2", "cat /etc/resolv.conf").stdout).toBe("nameserver 192.168.1.1\n");
    expect(run(x, "multi", "cat /etc/resolv.conf").stdout).toBe("nameserver 127.0.0.11\noptions ndots:0\n");
    expect(run(x, "alpine1", "hostname")).toEqual({ stdout: `${id("alpine1")}\n`, stderr: "", exitCode: 0 });
    expect(run(x, "alpine3", "hostname").stdout).toBe("myhost\n");
    expect(run(x, "alpine1", "hostname -i").stdout).toBe("172.18.0.2\n");
    expect(run(x, "alpine1", "cat /etc/hostname").stdout).toBe(`${id("alpine1")}\n`);
    expect(run(x, "alpine1", "cat /etc/os-release")).toEqual({
      stdout: "",
      stderr: "cat: can't open '/etc/os-release': No such file or directory\n",
      exitCode: 1,
    });
    expect(run(x, "alpine1", "env").stdout).toBe(`PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=${id("alpine1")}\nHOME=/root\n`);
  });
  it("answers exec errors as the runtime does", () => {
    const x = w();
    expect(run(x, "alpine1", "nosuchcmd")).toEqual(OCI("nosuchcmd"));
    expect(run(x, "alpine1", "curl -s http://alpine2/")).toEqual(OCI("curl"));
    expect(run(x, "alpine1", "sh -c 'exit 5'")).toEqual({ stdout: "", stderr: "", exitCode: 5 });
    expect(run(x, "alpine1", "true")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });
  // Real alpine ships getent (musl-utils); BusyBox does not.
  it("has getent in alpine but not in busybox", () => {
    expect(run(w(), "alpine1", "getent hosts alpine1").exitCode).toBe(0);
  });
  it("shows link lines and link variables (links.json)", () => {
    const x = new World()
      .run("db", { image: "redis" })
      .run("app", { links: [{ target: "db", alias: "db" }] })
      .run("app2", { links: [{ target: "db", alias: "database" }] });
    const id = (n: string) => x.id(n).slice(0, 12);
    expect(run(x, "app", "cat /etc/hosts").stdout).toBe(`${HEAD}172.17.0.2\tdb ${id("db")}\n172.17.0.3\t${id("app")}\n`);
    expect(run(x, "app2", "cat /etc/hosts").stdout).toBe(`${HEAD}172.17.0.2\tdatabase ${id("db")} db\n172.17.0.4\t${id("app2")}\n`);
    expect(run(x, "app2", "env").stdout).toBe(
      `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=${id("app2")}\nDATABASE_PORT=tcp://172.17.0.2:6379\nDATABASE_PORT_6379_TCP=tcp://172.17.0.2:6379\nDATABASE_PORT_6379_TCP_ADDR=172.17.0.2\nDATABASE_PORT_6379_TCP_PORT=6379\nDATABASE_PORT_6379_TCP_PROTO=tcp\nDATABASE_NAME=/app2/database\nHOME=/root\n`,
    );
    expect(run(x, "app", "sh -c 'env | grep ^DB_ | sort'").stdout).toBe(
      "DB_NAME=/app/db\nDB_PORT=tcp://172.17.0.2:6379\nDB_PORT_6379_TCP=tcp://172.17.0.2:6379\nDB_PORT_6379_TCP_ADDR=172.17.0.2\nDB_PORT_6379_TCP_PORT=6379\nDB_PORT_6379_TCP_PROTO=tcp\n",
    );
  });
  it("sees only loopback in none mode and the owner's namespace in container mode (modes.json)", () => {
    const x = new World()
      .run("web", { image: "nginx", ports: [{ hostPort: "8080", containerPort: 80 }] })
      .run("nonec", { mode: "none" })
      .run("side", { mode: "container:web" });
    expect(run(x, "nonec", "ip addr").stdout).toBe(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n",
    );
    expect(run(x, "nonec", "ip route").stdout).toBe("");
    expect(run(x, "nonec", "cat /etc/hosts").stdout).toBe(HEAD);
    expect(run(x, "nonec", "cat /etc/resolv.conf").stdout).toBe("nameserver 192.168.1.1\n");
    expect(run(x, "nonec", "wget -qO- -T 2 http://172.17.0.2/").stderr).toBe("wget: can't connect to remote host (172.17.0.2): Network is unreachable\n");
    expect(run(x, "side", "wget -qO- http://localhost/").stdout).toBe(NGINX_INDEX);
    expect(run(x, "side", "hostname").stdout).toBe(`${x.id("web").slice(0, 12)}\n`);
    expect(run(x, "side", "cat /etc/hosts").stdout).toBe(`${HEAD}172.17.0.2\t${x.id("web").slice(0, 12)}\n`);
  });
});
