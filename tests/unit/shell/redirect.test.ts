import { describe, expect, it } from "vitest";
import { Shell } from "../../../lib/shell/session";

const session = () => Shell.fresh({ seed: 7, clock: () => Date.UTC(2026, 10, 23) });

describe("pipes and redirections on the machine", () => {
  it("pipes stdout into the machine's text tools", () => {
    const sh = session();
    sh.run("docker network create appnet");
    sh.run("docker run -d --name web --network appnet nginx");
    sh.run("docker run -d --name cache --network appnet redis");
    expect(sh.run("docker ps --format '{{.Names}}' | grep web").stdout).toBe("web\n");
    expect(sh.run("docker ps -q | wc -l").stdout.trim()).toBe("2");
    expect(sh.run("docker network ls --format '{{.Name}}' | sort | head -n 1").stdout).toBe("appnet\n");
    const miss = sh.run("docker ps --format '{{.Names}}' | grep nothing");
    expect(miss.exitCode).toBe(1);
    expect(miss.stdout).toBe("");
  });

  it("redirects like dash: /dev/null, 2>&1, files the session can read back", () => {
    const sh = session();
    sh.run("docker pull nginx");
    const quiet = sh.run("docker run -d --name web nginx >/dev/null");
    expect(quiet).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    // stderr into stdout, then stdout away: only the order written decides.
    const both = sh.run("docker rm nope >/dev/null 2>&1");
    expect(both.stdout + both.stderr).toBe("");
    expect(both.exitCode).toBe(1);
    const swapped = sh.run("docker rm nope 2>&1 >/dev/null");
    expect(swapped.stdout).toBe("Error response from daemon: No such container: nope\n");
    expect(sh.run("docker inspect -f '{{.Name}}' web > name.txt").stdout).toBe("");
    expect(sh.run("echo more >> name.txt").exitCode).toBe(0);
    expect(sh.run("cat name.txt").stdout).toBe("/web\nmore\n");
    expect(sh.run("grep more < name.txt").stdout).toBe("more\n");
    const missing = sh.run("grep x < nofile");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe("sh: 1: cannot open nofile: No such file\n");
    expect(sh.run("echo hi >").stderr).toBe("sh: 1: Syntax error: newline unexpected\n");
  });

  it("docker compose reads a compose.yaml the session wrote", () => {
    const sh = session();
    sh.run(`printf 'services:\\n  web:\\n    image: nginx\\n    ports: ["8080:80"]\\n' > compose.yaml`);
    const up = sh.run("docker compose -p demo up -d");
    expect(up.exitCode).toBe(0);
    expect(sh.run("curl -s localhost:8080 | grep -c 'Welcome to nginx'").stdout).toBe("2\n");
  });

  it("hostname -I lists the machine's global addresses, bridges included", () => {
    const sh = session();
    expect(sh.run("hostname -I").stdout).toBe("192.168.1.10 172.17.0.1 \n");
    sh.run("docker network create appnet");
    expect(sh.run("hostname -I").stdout).toBe("192.168.1.10 172.17.0.1 172.18.0.1 \n");
  });

  it("a loopback-published port with nothing listening behind it: docker-proxy closes without a reply", () => {
    const sh = session();
    sh.run("docker run -d --name web -p 127.0.0.1:8081:81 nginx");
    const curl = sh.run("curl -s -S 127.0.0.1:8081");
    expect(curl.exitCode).toBe(52);
    expect(curl.stderr).toBe("curl: (52) Empty reply from server\n");
    expect(sh.run("wget -q -O- 127.0.0.1:8081").exitCode).toBe(4);
  });
});
