import { describe, expect, it } from "vitest";
import { checkImage } from "../../../lib/exercise/image-goal";
import { imagesOn } from "../../../lib/ops";
import { ShellContext } from "../../../lib/shell/context";
import { Shell } from "../../../lib/shell/session";
import { resolve } from "../../../lib/sim";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

/** A host with a second host on its LAN, and a way to type on either. */
function lab() {
  const sh = Shell.fresh({ seed: 5, clock: () => NOW });
  expect(sh.run("lab host add hostb").exitCode).toBe(0);
  const on = (name: string, line: string) => {
    const m = Object.values(sh.doc.machines).find((x) => x.name === name);
    if (!m) throw new Error(`no machine ${name}`);
    if (m.id === sh.ctx.machineId) return sh.run(line);
    const ctx = new ShellContext(sh.doc, m.id, sh.ctx.ids, sh.ctx.clock);
    const out = new Shell(ctx).run(line);
    sh.ctx.absorb(ctx);
    return out;
  };
  const id = (name: string) => Object.values(sh.doc.machines).find((x) => x.name === name)?.id as string;
  return { sh, a: (line: string) => on("host", line), b: (line: string) => on("hostb", line), id };
}

const push = (out: { stdout: string }) => out.stdout.split("\n").filter((l) => /^[0-9a-f]{12}: /.test(l));

describe("a registry:2 container", () => {
  it("runs the registry with its config, logs its start and keeps its store in an anonymous volume", () => {
    const { a } = lab();
    expect(a("docker run -d -p 5000:5000 --name registry registry:2").exitCode).toBe(0);
    expect(a("docker ps --format '{{.Command}} {{.Status}} {{.Ports}}'").stdout).toBe(
      '"/entrypoint.sh /etc…" Up Less than a second 0.0.0.0:5000->5000/tcp, [::]:5000->5000/tcp\n',
    );
    const logs = a("docker logs registry").stderr.split("\n");
    expect(logs[0]).toMatch(/^time="2026-12-07T12:00:00Z" level=warning msg="No HTTP secret provided - generated random secret\./);
    expect(logs[3]).toMatch(/level=info msg="listening on \[::\]:5000" go\.version=go1\.20\.8 instance\.id=[0-9a-f-]{36} service=registry version=2\.8\.3$/);
    expect(a("docker exec registry cat /etc/docker/registry/config.yml").stdout).toContain("rootdirectory: /var/lib/registry\n");
    expect(a("docker volume ls -q").stdout).toMatch(/^[0-9a-f]{64}\n$/);
    // No SIGTERM handler: the Go runtime exits with 2.
    a("docker stop registry");
    expect(a("docker ps -a --format '{{.Status}}'").stdout).toMatch(/^Exited \(2\)/);
  });

  it("takes a push (Pushed, Layer already exists, Mounted from) and gives another host the same image", () => {
    const { sh, a, b, id } = lab();
    a("docker run -d -p 5000:5000 --name registry registry:2");
    a("docker pull busybox");
    a("docker tag busybox localhost:5000/bb");
    const first = a("docker push localhost:5000/bb");
    expect(first.exitCode).toBe(0);
    const lines = first.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["Using default tag: latest", "The push refers to repository [localhost:5000/bb]"]);
    expect(push(first)).toEqual([expect.stringMatching(/: Pushed$/)]);
    expect(lines[3]).toMatch(/^latest: digest: sha256:[0-9a-f]{64} size: \d+$/);
    expect(push(a("docker push localhost:5000/bb"))).toEqual([expect.stringMatching(/: Layer already exists$/)]);
    a("docker tag busybox localhost:5000/other");
    expect(push(a("docker push localhost:5000/other"))).toEqual([expect.stringMatching(/: Mounted from bb$/)]);
    a("docker tag busybox localhost:5000/bb:v2");
    const every = a("docker push -a localhost:5000/bb").stdout;
    expect(
      every
        .split("\n")
        .filter((l) => l.includes(": digest: "))
        .map((l) => l.split(":")[0]),
    ).toEqual(["latest", "v2"]);
    expect(a("docker push -a localhost:5000/bb:v2")).toMatchObject({ exitCode: 1, stderr: "tag can't be used with --all-tags/-a\n" });
    // A built image: its own layers are pushed, the base's mounted; the page it copies travels with it.
    a(`printf 'FROM nginx\\nRUN echo built > /built.txt\\nCOPY index.html /usr/share/nginx/html/index.html\\n' > Dockerfile`);
    a("echo '<h1>from A</h1>' > index.html");
    a("docker build -q -t 192.168.1.10:5000/web:1 .");
    const web = a("docker push 192.168.1.10:5000/web:1");
    expect(web.stderr).toBe('Get "https://192.168.1.10:5000/v2/": http: server gave HTTP response to HTTPS client\n');
    a("docker tag 192.168.1.10:5000/web:1 localhost:5000/web:1");
    const pushed = a("docker push localhost:5000/web:1");
    expect(pushed.exitCode).toBe(0);
    const digest = /1: digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)?.[1];
    // Host B speaks HTTPS to A's registry until its daemon.json lists it and the daemon reloads.
    const refused = b("docker pull 192.168.1.10:5000/web:1");
    expect(refused.stderr).toBe('Error response from daemon: Get "https://192.168.1.10:5000/v2/": http: server gave HTTP response to HTTPS client\n');
    b(`echo '{"insecure-registries": ["192.168.1.10:5000"]}' > /etc/docker/daemon.json`);
    expect(b("systemctl reload docker").exitCode).toBe(0);
    expect(b("docker info").stdout).toContain(" Insecure Registries:\n  192.168.1.10:5000\n  127.0.0.0/8\n");
    const pulled = b("docker pull 192.168.1.10:5000/web:1");
    expect(pulled.exitCode).toBe(0);
    expect(pulled.stdout).toContain(`Digest: ${digest}\nStatus: Downloaded newer image for 192.168.1.10:5000/web:1\n`);
    const onA = imagesOn(sh.doc, id("host")).find((i) => i.repoTags.includes("localhost:5000/web:1"));
    const onB = imagesOn(sh.doc, id("hostb")).find((i) => i.repoTags.includes("192.168.1.10:5000/web:1"));
    expect(onB?.imageId).toBe(onA?.imageId);
    expect(onB?.repoDigests).toEqual([`192.168.1.10:5000/web@${digest}`]);
    expect(b("docker run -d -p 8080:80 --name web 192.168.1.10:5000/web:1").exitCode).toBe(0);
    expect(b("curl -s localhost:8080").stdout).toBe("<h1>from A</h1>\n");
    expect(b("docker exec web cat /built.txt").stdout).toBe("built\n");
  });

  it("fails as the daemon does when the registry cannot be reached or lacks the tag", () => {
    const { a, b } = lab();
    b(`echo '{"insecure-registries": ["192.168.1.10:5000", "10.9.0.0/16"]}' > /etc/docker/daemon.json`);
    b("systemctl reload docker");
    const err = (line: string) => b(line).stderr;
    expect(err("docker pull 192.168.1.10:5000/app")).toBe(
      'Error response from daemon: Get "http://192.168.1.10:5000/v2/": dial tcp 192.168.1.10:5000: connect: connection refused\n',
    );
    expect(err("docker pull 10.9.9.9:5000/app")).toBe('Error response from daemon: Get "http://10.9.9.9:5000/v2/": dial tcp 10.9.9.9:5000: i/o timeout\n');
    expect(err("docker pull nohost:5000/app")).toBe(
      'Error response from daemon: Get "https://nohost:5000/v2/": dial tcp: lookup nohost on 192.168.1.1:53: no such host\n',
    );
    // Running but not published: A's own address refuses port 5000.
    a("docker run -d --name registry registry:2");
    expect(err("docker pull 192.168.1.10:5000/app")).toContain("connect: connection refused");
    a("docker rm -f registry");
    a("docker run -d -p 5000:5000 --name registry registry:2");
    expect(err("docker pull 192.168.1.10:5000/app")).toBe(
      "Error response from daemon: manifest for 192.168.1.10:5000/app:latest not found: manifest unknown: manifest unknown\n",
    );
    a("docker stop registry");
    expect(a("docker pull localhost:5000/app").stderr).toBe(
      'Error response from daemon: Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused\n',
    );
    // Another web server answers /v2/ with its 404 page.
    a("docker run -d -p 8080:80 --name web nginx");
    expect(a("docker pull localhost:8080/app").stderr).toMatch(
      /^Error response from daemon: error parsing HTTP 404 response body: invalid character '<' looking for beginning of value: "/,
    );
  });

  it("keeps the repositories in the registry's volume: gone with it, kept on a named volume", () => {
    const { a } = lab();
    a("docker pull busybox");
    a("docker tag busybox localhost:5000/bb");
    a("docker run -d -p 5000:5000 --name registry -v regdata:/var/lib/registry registry:2");
    expect(a("docker push localhost:5000/bb").exitCode).toBe(0);
    expect(a("docker exec registry ls /var/lib/registry/docker/registry/v2/repositories").stdout).toBe("bb\n");
    // The registry's HTTP API reads the same store.
    expect(a("curl -s localhost:5000/v2/_catalog").stdout).toBe('{"repositories":["bb"]}\n');
    expect(a("curl -s localhost:5000/v2/bb/tags/list").stdout).toBe('{"name":"bb","tags":["latest"]}\n');
    expect(a("curl -s localhost:5000/v2/x/tags/list").stdout).toContain('"code":"NAME_UNKNOWN"');
    a("docker rm -f registry");
    a("docker run -d -p 5000:5000 --name registry -v regdata:/var/lib/registry registry:2");
    a("docker rmi localhost:5000/bb");
    expect(a("docker pull localhost:5000/bb").exitCode).toBe(0);
    a("docker rm -f -v registry");
    a("docker run -d -p 5000:5000 --name registry registry:2");
    expect(a("docker pull localhost:5000/bb").stderr).toContain("manifest unknown");
  });

  it("refuses a push to Docker Hub and of an image the engine lacks", () => {
    const { a } = lab();
    a("docker pull busybox");
    const hub = a("docker push busybox");
    expect(hub).toMatchObject({ exitCode: 1, stderr: "denied: requested access to the resource is denied\n" });
    expect(hub.stdout).toMatch(/^Using default tag: latest\nThe push refers to repository \[docker\.io\/library\/busybox\]\n[0-9a-f]{12}: Preparing\n$/);
    expect(a("docker push myapp")).toMatchObject({
      exitCode: 1,
      stdout: "Using default tag: latest\nThe push refers to repository [docker.io/library/myapp]\n",
      stderr: "An image does not exist locally with the tag: myapp\n",
    });
  });

  it("reloads daemon.json on systemctl reload (a broken file keeps the old list) and fails a restart on it", () => {
    const { a } = lab();
    a(`echo '{"insecure-registries": ["reg.lan:5000"]}' > /etc/docker/daemon.json`);
    a("systemctl reload docker");
    a("echo '{broken' > /etc/docker/daemon.json");
    expect(a("systemctl reload docker").exitCode).toBe(0);
    expect(a("docker info").stdout).toContain("  reg.lan:5000\n");
    const restart = a("sudo systemctl restart docker");
    expect(restart.exitCode).toBe(1);
    expect(restart.stderr).toContain("Job for docker.service failed because the control process exited with error code.");
  });

  it("restarts the engine: containers stop and come back as their restart policies say", () => {
    const { a } = lab();
    a("docker run -d --name keep --restart always nginx");
    a("docker run -d --name gone nginx");
    expect(a("systemctl restart docker").exitCode).toBe(0);
    expect(a("docker ps -a --format '{{.Names}} {{.State}}'").stdout).toBe("gone exited\nkeep running\n");
  });

  it("logs in to a registry:2 (any credentials), keeps them in the client's config and logs out", () => {
    const { a } = lab();
    a("docker run -d -p 5000:5000 --name registry registry:2");
    const login = a("docker login localhost:5000 -u learner -p secret");
    expect(login.stdout).toBe("Login Succeeded\n");
    expect(login.stderr).toContain("WARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.");
    expect(a("cat /root/.docker/config.json").stdout).toBe(
      `{\n\t"auths": {\n\t\t"localhost:5000": {\n\t\t\t"auth": "${btoa("learner:secret")}"\n\t\t}\n\t}\n}`,
    );
    expect(a("docker login localhost:5000").stderr).toContain("Authenticating with existing credentials... [Username: learner]");
    expect(a("docker login -u learner -p secret localhost:5001").stderr).toContain(
      'Error response from daemon: Get "http://localhost:5001/v2/": dial tcp 127.0.0.1:5001: connect: connection refused\n',
    );
    expect(a("docker login -u me -p wrong").stderr).toContain('Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password');
    expect(a("docker logout localhost:5000").stdout).toBe("Removing login credentials for localhost:5000\n");
    expect(a("docker login localhost:5000").stderr).toBe("Error: Cannot perform an interactive login from a non TTY device\n");
    // Any name survives the trip through base64 (UTF-8, as Go encodes it).
    expect(a("docker login -u é -p x localhost:5000").exitCode).toBe(0);
  });

  it("tells a pulled image from one tagged to look pulled (the exercise's pulled goal)", () => {
    const { sh, a, b } = lab();
    const goal = { kind: "image", machine: "hostb", ref: "192.168.1.10:5000/bb", pulled: true, title: "t", hint: "h" } as const;
    b("docker pull busybox");
    b("docker tag busybox 192.168.1.10:5000/bb");
    expect(checkImage(resolve(sh.doc), goal)).toMatchObject({ met: false, why: "hostb did not pull 192.168.1.10:5000/bb from a registry" });
    a("docker run -d -p 5000:5000 --name registry registry:2");
    a("docker pull busybox");
    a("docker tag busybox localhost:5000/bb");
    a("docker push localhost:5000/bb");
    b(`echo '{"insecure-registries": ["192.168.1.10:5000"]}' > /etc/docker/daemon.json`);
    b("systemctl reload docker");
    expect(b("docker pull 192.168.1.10:5000/bb").exitCode).toBe(0);
    expect(checkImage(resolve(sh.doc), goal).met).toBe(true);
  });

  it("serves a VM's engine too: a KVM guest pulls from its host's registry once its daemon.json lists it", () => {
    const { sh, a, id } = lab();
    a("lab vm add vm1");
    a("virsh start vm1");
    a("docker run -d -p 5000:5000 --name registry registry:2");
    a("docker pull busybox");
    a("docker tag busybox localhost:5000/bb");
    const digest = /latest: digest: (sha256:[0-9a-f]{64})/.exec(a("docker push localhost:5000/bb").stdout)?.[1];
    expect(a("ssh vm1 docker pull 192.168.1.10:5000/bb").stderr).toContain("http: server gave HTTP response to HTTPS client");
    a(`ssh vm1 "echo '{\\"insecure-registries\\": [\\"192.168.1.10:5000\\"]}' > /etc/docker/daemon.json"`);
    a("ssh vm1 systemctl reload docker");
    expect(a("ssh vm1 docker pull 192.168.1.10:5000/bb").stdout).toContain(`Digest: ${digest}\n`);
    expect(imagesOn(sh.doc, id("vm1")).map((i) => i.repoTags)).toEqual([["192.168.1.10:5000/bb:latest"]]);
  });
});
