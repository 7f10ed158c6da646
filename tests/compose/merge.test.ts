/** Several compose files (`-f a -f b`, `COMPOSE_FILE`) merged as Compose v2 merges them. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mergeComposeFiles, parseComposeFiles } from "../../lib/compose";
import { seededIds } from "../../lib/model";
import { ShellContext } from "../../lib/shell/context";
import { type ComposeFiles, dockerCompose } from "../../lib/shell/docker/compose";
import { fresh, HOST } from "./helpers";

const BASE = `services:
  web:
    image: nginx
    command: ["nginx", "-g", "daemon off;"]
    ports: ["8080:80"]
    expose: ["9000"]
    environment: [A=1, B=2]
    networks: [front]
    depends_on: [api]
    volumes: ["data:/data", "/logs"]
  api:
    image: httpd
    networks:
      front:
        aliases: [backend]
networks:
  front: {}
volumes:
  data: {}
`;

const OVERRIDE = `services:
  web:
    image: nginx:1.27
    command: ["nginx-debug"]
    ports: ["8080:80", "127.0.0.1:8443:443"]
    expose: ["9001"]
    environment: { B: "3", C: "4" }
    networks:
      back: { aliases: [www] }
    depends_on:
      cache: { condition: service_started }
    volumes: [{ type: volume, source: other, target: /data }]
  cache:
    image: redis
    networks: [back]
networks:
  back: { internal: true }
volumes:
  other: {}
`;

describe("merging compose files", () => {
  it("merges mappings, appends sequences, replaces commands and keeps ports and mounts unique", () => {
    const merged = mergeComposeFiles([parse(BASE), parse(OVERRIDE)]) as { services: Record<string, Record<string, unknown>> };
    const web = merged.services.web as Record<string, unknown>;
    expect(web.image).toBe("nginx:1.27");
    expect(web.command).toEqual(["nginx-debug"]);
    expect(web.ports).toEqual(["8080:80", "127.0.0.1:8443:443"]);
    expect(web.expose).toEqual(["9000", "9001"]);
    expect(web.environment).toEqual({ A: "1", B: "3", C: "4" });
    expect(web.networks).toEqual({ front: null, back: { aliases: ["www"] } });
    expect(web.depends_on).toEqual({ api: { condition: "service_started" }, cache: { condition: "service_started" } });
    expect(web.volumes).toEqual([{ type: "volume", source: "other", target: "/data" }, "/logs"]);
    expect(Object.keys(merged.services)).toEqual(["web", "api", "cache"]);
  });

  it("validates the merged result as one project", () => {
    const r = parseComposeFiles(
      [
        { path: "a.yml", text: BASE },
        { path: "b.yml", text: OVERRIDE },
      ],
      { dirName: "shop" },
    );
    if (!r.ok) throw new Error(r.error);
    const web = r.project.services.find((s) => s.name === "web");
    expect(web?.networks.map((n) => n.key)).toEqual(["front", "back"]);
    expect(web?.ports.map((p) => `${p.hostIp}:${p.hostPort}:${p.containerPort}`)).toEqual([":8080:80", "127.0.0.1:8443:443"]);
    expect(r.project.networks.find((n) => n.key === "back")?.internal).toBe(true);
    // A file that breaks the merged project is reported with Compose's words.
    const broken = parseComposeFiles(
      [
        { path: "a.yml", text: BASE },
        { path: "b.yml", text: "services:\n  web:\n    networks: [nowhere]\n" },
      ],
      { dirName: "shop" },
    );
    expect(broken).toEqual({ ok: false, error: 'service "web" refers to undefined network nowhere: invalid compose project' });
    expect(
      parseComposeFiles(
        [
          { path: "a.yml", text: BASE },
          { path: "b.yml", text: "services: [\n" },
        ],
        { dirName: "shop" },
      ),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^b\.yml: yaml: line \d+, column \d+: /),
    });
  });

  it("takes -f several times in the shell, and COMPOSE_FILE when there is no -f", () => {
    const ctx = new ShellContext(fresh(), HOST, seededIds(3), () => 0);
    const map: Record<string, string> = { "compose.yaml": BASE, "compose.prod.yaml": OVERRIDE };
    const f = (env: Record<string, string> = {}): ComposeFiles => ({ read: (p) => map[p] ?? null, cwdName: "shop", env: (n) => env[n] });
    const viaFlags = dockerCompose(ctx, ["-f", "compose.yaml", "-f", "compose.prod.yaml", "config"], f());
    expect(viaFlags.exitCode).toBe(0);
    expect(viaFlags.stdout).toContain('      - mode: ingress\n        host_ip: 127.0.0.1\n        target: 443\n        published: "8443"\n');
    expect(viaFlags.stdout).toContain("    image: nginx:1.27\n");
    const viaEnv = dockerCompose(ctx, ["config"], f({ COMPOSE_FILE: "compose.yaml:compose.prod.yaml" }));
    expect(viaEnv.stdout).toBe(viaFlags.stdout);
    expect(dockerCompose(ctx, ["config"], f()).stdout).not.toContain("nginx:1.27");
    expect(dockerCompose(ctx, ["config"], f({ COMPOSE_FILE: "compose.yaml:missing.yaml" })).stderr).toBe("open missing.yaml: no such file or directory\n");
    const up = dockerCompose(ctx, ["-f", "compose.yaml", "-f", "compose.prod.yaml", "up", "-d"], f());
    expect(up.exitCode).toBe(0);
    expect(ctx.container("shop-cache-1")?.running).toBe(true);
  });

  it("names the project after the first file's directory", () => {
    const ctx = new ShellContext(fresh(), HOST, seededIds(3), () => 0);
    const f: ComposeFiles = { read: (p) => (p === "deploy/stack.yml" ? "services:\n  web:\n    image: nginx\n" : null), cwdName: "repo", cwd: "/src/repo" };
    expect(dockerCompose(ctx, ["-f", "deploy/stack.yml", "config"], f).stdout.startsWith("name: deploy\n")).toBe(true);
  });
});
