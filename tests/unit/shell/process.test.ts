import { describe, expect, it } from "vitest";
import { apply } from "../../../lib/ops";
import { Shell } from "../../../lib/shell/session";

let now = Date.UTC(2026, 11, 7, 12, 0, 0);
const session = () => {
  now = Date.UTC(2026, 11, 7, 12, 0, 0);
  return Shell.fresh({ seed: 3, clock: () => now });
};

describe("the main process", () => {
  it("runs one-shot commands in the foreground with their output and exit code", () => {
    const sh = session();
    const hello = sh.run("docker run hello-world");
    expect(hello.stdout).toContain("Hello from Docker!\nThis message shows that your installation appears to be working correctly.\n");
    expect(hello.exitCode).toBe(0);
    sh.run("docker pull busybox");
    expect(sh.run("docker run busybox echo hi")).toMatchObject({ stdout: "hi\n", stderr: "", exitCode: 0 });
    expect(sh.run("docker run --name x3 busybox sh -c 'echo out; exit 3'")).toMatchObject({ stdout: "out\n", exitCode: 3 });
    expect(sh.run("docker ps -a --format '{{.Names}} {{.Status}}' --filter name=x3").stdout).toBe("x3 Exited (3) Less than a second ago\n");
    expect(sh.run("docker run --rm python:3.10 python --version").stdout).toBe("Python 3.10.19\n");
    expect(sh.run("docker ps -aq --filter ancestor=python").stdout).toBe("");
  });

  it("detached: prints the id, ends with the real code, keeps what it printed for docker logs", () => {
    const sh = session();
    const id = sh.run("docker run -d --name d3 busybox sh -c 'echo detached; exit 3'").stdout;
    expect(id).toMatch(/^[0-9a-f]{64}\n$/);
    expect(sh.run("docker wait d3").stdout).toBe("3\n");
    expect(sh.run("docker logs d3").stdout).toBe("detached\n");
    expect(sh.run("docker start -a d3")).toMatchObject({ stdout: "detached\n", exitCode: 3 });
    expect(sh.run("docker logs d3").stdout).toBe("detached\ndetached\n");
    expect(sh.run("docker start d3").stdout).toBe("d3\n");
  });

  it("a program the image lacks fails the start with the runtime's words and leaves it Created", () => {
    const sh = session();
    const out = sh.run("docker run -d --name dn busybox nosuch");
    expect(out.exitCode).toBe(127);
    expect(out.stderr).toContain('exec: "nosuch": executable file not found in $PATH: unknown');
    expect(sh.run("docker ps -a --format '{{.Names}} {{.Status}}'").stdout).toBe("dn Created\n");
    expect(sh.run("docker start dn").stderr).toMatch(/Error: failed to start containers: dn\n$/);
    expect(sh.run("docker run --rm busybox nosuch").exitCode).toBe(127);
    expect(sh.run("docker ps -aq").stdout.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("servers keep running and log their start-up; stop uses the image's stop signal", () => {
    const sh = session();
    sh.run("docker run -d --name cache redis");
    expect(sh.run("docker logs cache").stdout).toMatch(/^Starting Redis Server\n1:C 07 Dec 2026 12:00:00.000 \* oO0OoO0OoO0Oo Redis is starting/);
    expect(sh.run("docker logs --tail 1 cache").stdout).toBe("1:M 07 Dec 2026 12:00:00.000 * Ready to accept connections tcp\n");
    sh.run("docker run -d --name web nginx");
    expect(sh.run("docker logs web").stderr).toContain("[notice] 1#1: OS: Linux 6.12.57+deb13-amd64\n");
    sh.run("docker stop web");
    expect(sh.run("docker inspect -f '{{.State.ExitCode}}' web").stdout).toBe("0\n");
    sh.run("docker start web");
    expect(sh.run("docker logs web").stdout).toContain("10-listen-on-ipv6-by-default.sh: info: IPv6 listen already enabled\n");
  });
});

describe("signals, pause and restart policies", () => {
  it("kill -s, stop, --init and pause as the daemon handles them", () => {
    const sh = session();
    sh.run("docker run -d --name s1 busybox sleep 1d");
    expect(sh.run("docker kill -s TERM s1").stdout).toBe("s1\n");
    expect(sh.run("docker ps --format '{{.Status}}'").stdout).toBe("Up Less than a second\n");
    expect(sh.run("docker kill -s FOO s1").stderr).toBe("Error response from daemon: Invalid signal: FOO\n");
    sh.run("docker pause s1");
    expect(sh.run("docker ps --format '{{.Status}}'").stdout).toBe("Up Less than a second (Paused)\n");
    expect(sh.run("docker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Paused}}' s1").stdout).toBe("paused true true\n");
    expect(sh.run("docker exec s1 echo hi").stderr).toBe("Error response from daemon: Container s1 is paused, unpause the container before exec\n");
    expect(sh.run("docker pause s1").stderr).toMatch(/is already paused\n$/);
    expect(sh.run("docker rm s1").stderr).toMatch(/You cannot remove a paused container/);
    sh.run("docker stop s1");
    expect(sh.run("docker wait s1").stdout).toBe("137\n");
    expect(sh.run("docker unpause s1").stderr).toMatch(/is not paused\n$/);
    sh.run("docker run -d --name ini --init busybox sleep 1d");
    sh.run("docker stop ini");
    expect(sh.run("docker wait ini").stdout).toBe("143\n");
    expect(sh.run("docker kill ini").stderr).toMatch(/Cannot kill container: ini: Container [0-9a-f]{64} is not running/);
  });

  it("restart policies: on-failure spends its retries, always keeps restarting, --rm conflicts", () => {
    const sh = session();
    sh.run("docker run -d --name r1 --restart on-failure:3 busybox sh -c 'exit 1'");
    expect(sh.run("docker inspect -f '{{.State.Status}} {{.RestartCount}} {{.HostConfig.RestartPolicy.Name}}' r1").stdout).toBe("exited 3 on-failure\n");
    sh.run("docker run -d --name r2 --restart always busybox true");
    expect(sh.run("docker ps --format '{{.Names}} {{.Status}}'").stdout).toBe("r2 Restarting (0) Less than a second ago\n");
    expect(sh.run("docker run --restart bogus busybox true").stderr).toMatch(/^docker: Error response from daemon: invalid restart policy 'bogus'\n/);
    expect(sh.run("docker run --rm --restart always busybox true").stderr).toMatch(/^docker: conflicting options: cannot specify both --restart and --rm\n/);
    expect(sh.run("docker run --restart on-failure:x busybox true").stderr).toMatch(/maximum retry count must be an integer/);
  });
});

describe("logs, limits and update", () => {
  it("docker logs --tail, -t, --since, --until", () => {
    const sh = session();
    sh.run("docker run --name lg busybox sh -c 'echo one; echo two; echo three'");
    expect(sh.run("docker logs --tail 2 lg").stdout).toBe("two\nthree\n");
    expect(sh.run("docker logs --tail 0 lg").stdout).toBe("");
    expect(sh.run("docker logs --tail x lg").stdout).toBe("one\ntwo\nthree\n");
    expect(sh.run("docker logs -t -n 1 lg").stdout).toBe("2026-12-07T12:00:00Z three\n");
    now += 120_000;
    expect(sh.run("docker logs --since 1m lg").stdout).toBe("");
    expect(sh.run("docker logs --since 1h lg").stdout).toBe("one\ntwo\nthree\n");
    expect(sh.run("docker logs --since 2099-01-01 lg").stdout).toBe("");
    expect(sh.run("docker logs --since nonsense lg").stderr).toBe('invalid value for "since": failed to parse value as time or duration: "nonsense"\n');
    expect(sh.run("docker logs lg lg").stderr).toMatch(/^docker: 'docker logs' requires 1 argument\n/);
  });

  it("cgroup limits are checked with the daemon's words and shown by inspect; update changes them", () => {
    const sh = session();
    expect(sh.run("docker run -d --memory 1k busybox sleep 1d").stderr).toMatch(/^docker: Error response from daemon: Minimum memory limit allowed is 6MB\n/);
    expect(sh.run("docker run -d --memory 64m --memory-swap 32m busybox sleep 1d").stderr).toMatch(
      /Minimum memoryswap limit should be larger than memory limit/,
    );
    expect(sh.run("docker run -d --cpus 100 busybox sleep 1d").stderr).toMatch(/Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available/);
    expect(sh.run("docker run -d --memory abc busybox sleep 1d").stderr).toMatch(/^invalid argument "abc" for "-m, --memory" flag: invalid size: 'abc'\n/);
    sh.run("docker run -d --name m3 --memory 64m --cpus 0.5 --cpu-shares 512 --pids-limit 100 busybox sleep 1d");
    const f = "'{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}'";
    expect(sh.run(`docker inspect -f ${f} m3`).stdout).toBe("67108864 134217728 500000000 512 100\n");
    expect(sh.run("docker update --memory 128m m3").stdout).toBe("m3\n");
    expect(sh.run("docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' m3").stdout).toBe("134217728 134217728\n");
    expect(sh.run("docker update --memory 128m --memory-swap 64m m3").stderr).toMatch(/Minimum memoryswap limit/);
    expect(sh.run("docker update m3").stderr).toBe("you must provide one or more flags when using this command\n");
    sh.run("docker update --restart always m3");
    expect(sh.run("docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' m3").stdout).toBe("always\n");
  });

  it("logs are bounded and go with their container", () => {
    const sh = session();
    sh.run("docker run -d --name big busybox sleep 1d");
    const id = Object.keys(sh.doc.containers)[0] as string;
    const tooLong = apply(sh.doc, { type: "container.log", containerId: id, lines: [{ at: now, stream: "stdout", text: "x".repeat(3000) }] });
    expect(tooLong.ok || tooLong.error).toBe("lines.0.text: Too big: expected string to have <=2048 characters");
    const lines = Array.from({ length: 400 }, (_, i) => ({ at: now, stream: "stdout" as const, text: `${i % 10}`.repeat(2048) }));
    let doc = sh.doc;
    for (let k = 0; k < 3; k++) {
      const r = apply(doc, { type: "container.log", containerId: id, lines });
      if (!r.ok) throw new Error(r.error);
      doc = r.doc;
    }
    expect(doc.logs?.[id]).toHaveLength(400);
    expect(doc.logs?.[id]?.[0]?.text.length).toBe(2048);
    expect(JSON.stringify(doc.logs).length).toBeLessThan(1_000_000);
    const removed = apply(doc, { type: "container.remove", containerId: id, force: true });
    expect(removed.ok && removed.doc.logs?.[id]).toBe(undefined);
  });
});

describe("the kernel", () => {
  it("a host and its containers share one kernel; a VM runs its own", () => {
    const sh = session();
    const host = sh.run("uname -r").stdout;
    expect(host).toBe("6.12.57+deb13-amd64\n");
    expect(sh.run("docker run --rm alpine uname -r").stdout).toBe(host);
    expect(sh.run("uname -a").stdout).toBe("Linux host 6.12.57+deb13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.12.57-1 (2025-11-05) x86_64 GNU/Linux\n");
    sh.run("lab vm add vm1");
    sh.run("virsh start vm1");
    expect(sh.run("ssh vm1 uname -r").stdout).toBe("6.8.0-88-generic\n");
    expect(sh.run("uname -x").stderr).toBe("uname: invalid option -- 'x'\n");
  });
});

describe("processes, version and info", () => {
  it("ps in the container and docker top show the main process as PID 1", () => {
    const sh = session();
    sh.run("docker run -d --name t1 busybox sh -c 'echo a; echo b; sleep 1d'");
    expect(sh.run("docker exec t1 ps").stdout).toBe("PID   USER     COMMAND\n    1 root     sleep 1d\n    7 root     ps\n");
    expect(sh.run("docker exec t1 ps -o comm,args").stdout).toBe("COMMAND          COMMAND\nsleep            sleep 1d\nps               ps -o comm,args\n");
    expect(sh.run("docker logs t1").stdout).toBe("a\nb\n");
    const top = sh.run("docker top t1").stdout.split("\n");
    expect(top[0]).toBe(
      "UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD",
    );
    expect(top[1]).toMatch(/^root {16}\d+ +\d+ +0 {19}12:00 {15}\? {19}00:00:00 {12}sleep 1d$/);
    expect(sh.run("docker top t1 -o comm").stderr).toBe("Error response from daemon: Couldn't find PID field in ps output\n");
    sh.run("docker run -d --name web nginx");
    expect(sh.run("docker top web -o user,args").stderr).toBe("Error response from daemon: Couldn't find PID field in ps output\n");
    expect(sh.run("docker top web -o pid,user,args").stdout).toMatch(/nginx: master process nginx -g daemon off;\n.*101 +nginx: worker process\n/s);
    expect(sh.run("docker exec web ps").exitCode).toBe(126);
  });

  it("version and info speak for this engine", () => {
    const sh = session();
    expect(sh.run("docker version --format '{{.Server.Version}} {{.Client.Version}}'").stdout).toBe("20.10.24+dfsg1 28.2.2\n");
    sh.run("docker run -d --name v1 busybox sleep 1d");
    sh.run("docker run --name v2 busybox true");
    sh.run("docker run -d --name v3 busybox sleep 1d");
    sh.run("docker pause v3");
    expect(sh.run("docker info --format '{{.Containers}} {{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}} {{.NCPU}}'").stdout).toBe(
      "3 1 1 1 2\n",
    );
    expect(sh.run("docker info").stdout).toContain(" Kernel Version: 6.12.57+deb13-amd64\n");
  });

  it("-e reaches the process and inspect; --entrypoint replaces the image's", () => {
    const sh = session();
    expect(sh.run("docker run --rm -e A=1 -e B alpine env").stdout).toMatch(/\nA=1\nHOME=\/root\n$/);
    sh.run("docker run -d --name e1 -e GREETING=hi alpine sleep 1d");
    expect(sh.run("docker inspect -f '{{json .Config.Env}}' e1").stdout).toBe(
      '["GREETING=hi","PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]\n',
    );
    sh.run("docker run -d --name e2 --entrypoint sleep busybox 1d");
    expect(sh.run("docker ps --format '{{.Command}}' --filter name=e2").stdout).toBe('"sleep 1d"\n');
  });
});

describe("access logs", () => {
  it("each request that reaches nginx or httpd is a line of its log, with the address the server sees", () => {
    const sh = session();
    sh.run("docker network create app");
    sh.run("docker run -d --name web --network app -p 8080:80 nginx");
    sh.run("docker run -d --name client --network app alpine sleep 1d");
    sh.run("curl -s localhost:8080/ > /dev/null");
    sh.run("docker exec client wget -q -O /dev/null http://web/");
    sh.run("curl -sI localhost:8080/missing > /dev/null");
    const logs = sh.run("docker logs --tail 4 web");
    expect(logs.stdout).toBe(
      '172.18.0.1 - - [07/Dec/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.14.1" "-"\n' +
        '172.18.0.3 - - [07/Dec/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"\n' +
        '172.18.0.1 - - [07/Dec/2026:12:00:00 +0000] "HEAD /missing HTTP/1.1" 404 0 "-" "curl/8.14.1" "-"\n',
    );
    expect(logs.stderr).toContain('open() "/usr/share/nginx/html/missing" failed (2: No such file or directory), client: 172.18.0.1');
    sh.run("docker run -d --name ap -p 8081:80 httpd");
    sh.run("curl -s localhost:8081/ > /dev/null");
    expect(sh.run("docker logs --tail 1 ap").stdout).toBe('172.17.0.1 - - [07/Dec/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 45\n');
  });
});

describe("memory limits", () => {
  it("a working set over the limit is OOM-killed; stats shows usage against the limit", () => {
    const sh = session();
    sh.run("docker pull busybox");
    expect(sh.run("docker run --name oom1 --memory 10m busybox sh -c 'head -c 50m /dev/zero | tail'")).toMatchObject({
      stdout: "",
      stderr: "Killed\n",
      exitCode: 137,
    });
    expect(sh.run("docker inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' oom1").stdout).toBe("137 true\n");
    sh.run("docker run -d --name db --memory 100m mysql");
    expect(sh.run("docker inspect -f '{{.State.Status}} {{.State.OOMKilled}}' db").stdout).toBe("exited true\n");
    sh.run("docker run -d --name db2 --memory 512m mysql");
    expect(sh.run("docker stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.MemPerc}}' db2").stdout).toBe("db2 360MiB / 512MiB 70.31%\n");
    sh.run("docker run -d --name st busybox sleep 1d");
    expect(sh.run("docker stats --no-stream st").stdout).toBe(
      "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n" +
        `${sh.run("docker ps -q --filter name=st").stdout.trim()}   st        0.00%     512KiB / 3.826GiB   0.01%     0B / 0B   0B / 0B     1\n`,
    );
  });
});

describe("a VirtualBox NAT rule to a VM's published container", () => {
  it("curl on the host and from the LAN gets the page, as reach says", () => {
    const sh = session();
    sh.run("VBoxManage createvm --name vm1 --ostype Ubuntu_64 --register");
    sh.run("VBoxManage modifyvm vm1 --nic1 nat --natpf1 web,tcp,,8080,,80");
    sh.run("VBoxManage startvm vm1 --type headless");
    sh.run("ssh vm1 docker run -d --name web -p 80:80 nginx");
    const host = sh.run("curl -s http://localhost:8080/");
    expect(host.exitCode).toBe(0);
    expect(host.stdout).toContain("<h1>Welcome to nginx!</h1>");
    sh.run("lab host add laptop 192.168.1.30/24");
    expect(sh.run("ssh laptop curl -s http://192.168.1.10:8080/").stdout).toContain("<h1>Welcome to nginx!</h1>");
    expect(
      sh
        .run("ssh vm1 docker logs web")
        .stdout.split("\n")
        .filter((l) => l.includes('"GET / HTTP/1.1" 200')),
    ).toHaveLength(2);
  });
});
