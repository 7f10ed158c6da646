/** `docker compose` in the shell: file discovery, -f/-p, up -d output, idempotent re-up, ps, config, down. */
import { describe, expect, it } from "vitest";
import { seededIds } from "../../lib/model";
import { ShellContext } from "../../lib/shell/context";
import { type ComposeFiles, dockerCompose } from "../../lib/shell/docker/compose";
import { lookup } from "../../lib/sim";
import { fresh, HOST, readCorpus } from "./helpers";

const T0 = 1_700_000_000_000;

function session() {
  let now = T0;
  const ctx = new ShellContext(fresh(), HOST, seededIds(5), () => now);
  return { ctx, tick: (ms: number) => (now += ms) };
}

const files = (map: Record<string, string>, cwdName = "myapp"): ComposeFiles => ({ read: (p) => map[p] ?? null, cwdName });

const SIMPLE = "services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n  db:\n    image: redis\n";

describe("docker compose in the shell", () => {
  it("brings a project up with Compose's progress lines and changes the document only through ops", () => {
    const { ctx } = session();
    const out = dockerCompose(ctx, ["up", "-d"], files({ "compose.yaml": SIMPLE }));
    expect(out).toEqual({
      stdout: "",
      stderr: [
        " Network myapp_default  Creating",
        " Network myapp_default  Created",
        " Container myapp-web-1  Creating",
        " Container myapp-web-1  Created",
        " Container myapp-db-1  Creating",
        " Container myapp-db-1  Created",
        " Container myapp-web-1  Starting",
        " Container myapp-web-1  Started",
        " Container myapp-db-1  Starting",
        " Container myapp-db-1  Started",
        "",
      ].join("\n"),
      exitCode: 0,
    });
    expect(ctx.takeOps().map((op) => op.type)).toEqual(["network.create", "container.create", "container.create", "container.start", "container.start"]);
    const web = ctx.container("myapp-web-1");
    expect(web && lookup(ctx.resolved(), web.c.id, "db").ok).toBe(true);
  });

  it("prefers compose.yaml, then docker-compose.yml, and says so when there is neither", () => {
    const { ctx } = session();
    const legacy = "services:\n  old:\n    image: nginx\n";
    expect(dockerCompose(ctx, ["config"], files({ "docker-compose.yml": legacy })).stdout).toContain("  old:\n");
    expect(dockerCompose(ctx, ["config"], files({ "docker-compose.yml": legacy, "compose.yaml": SIMPLE })).stdout).not.toContain("old:");
    expect(dockerCompose(ctx, ["up", "-d"], files({}))).toEqual({ stdout: "", stderr: "no configuration file provided: not found\n", exitCode: 1 });
    expect(dockerCompose(ctx, ["-f", "prod.yaml", "up", "-d"], files({})).stderr).toBe("open prod.yaml: no such file or directory\n");
  });

  it("uses -f and -p", () => {
    const { ctx } = session();
    const out = dockerCompose(ctx, ["-f", "stack.yml", "-p", "demo", "up", "-d"], files({ "stack.yml": SIMPLE }));
    expect(out.exitCode).toBe(0);
    expect(ctx.container("demo-web-1")?.running).toBe(true);
    expect(Object.values(ctx.doc.networks).some((n) => n.name === "demo_default")).toBe(true);
  });

  it("reports containers already up as Running on a second up", () => {
    const { ctx } = session();
    const f = files({ "compose.yaml": SIMPLE });
    dockerCompose(ctx, ["up", "-d"], f);
    ctx.takeOps();
    expect(dockerCompose(ctx, ["up", "-d"], f).stderr).toBe(" Container myapp-web-1  Running\n Container myapp-db-1  Running\n");
    expect(ctx.takeOps()).toEqual([]);
  });

  it("lists the project's containers with compose ps", () => {
    const { ctx, tick } = session();
    const f = files({ "compose.yaml": SIMPLE });
    dockerCompose(ctx, ["up", "-d"], f);
    tick(12_000);
    const lines = dockerCompose(ctx, ["ps"], f).stdout.split("\n");
    expect(lines[0]).toMatch(/^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
    expect(lines[1]).toMatch(/^myapp-db-1\s+redis\s+"docker-entrypoint\.s…"\s+db\s+12 seconds ago\s+Up 12 seconds\s+6379\/tcp$/);
    expect(lines[2]).toMatch(
      /^myapp-web-1\s+nginx\s+"\/docker-entrypoint\.…"\s+web\s+12 seconds ago\s+Up 12 seconds\s+0\.0\.0\.0:8080->80\/tcp, \[::\]:8080->80\/tcp$/,
    );
  });

  it("takes the project down: containers, then the networks it created, leaving external ones", () => {
    const { ctx } = session();
    const shared = dockerCompose(
      ctx,
      ["-p", "infra", "up", "-d"],
      files({
        "compose.yaml": "services:\n  dns:\n    image: busybox\n    command: sleep 1d\n    networks: [shared]\nnetworks:\n  shared:\n    name: shared\n",
      }),
    );
    expect(shared.exitCode).toBe(0);
    const app = "services:\n  web:\n    image: nginx\n    networks: [shared, default]\nnetworks:\n  shared:\n    external: true\n";
    const f = files({ "compose.yaml": app });
    expect(dockerCompose(ctx, ["up", "-d"], f).exitCode).toBe(0);
    const down = dockerCompose(ctx, ["down"], f);
    expect(down.stderr).toBe(
      [
        " Container myapp-web-1  Stopping",
        " Container myapp-web-1  Stopped",
        " Container myapp-web-1  Removing",
        " Container myapp-web-1  Removed",
        " Network myapp_default  Removing",
        " Network myapp_default  Removed",
        "",
      ].join("\n"),
    );
    expect(Object.values(ctx.doc.networks).map((n) => n.name)).toContain("shared");
    expect(ctx.container("infra-dns-1")?.running).toBe(true);
    // -p alone, with no file, is enough for down (Compose finds the project by name).
    expect(dockerCompose(ctx, ["-p", "infra", "down"], files({})).exitCode).toBe(0);
    expect(Object.values(ctx.doc.networks).map((n) => n.name)).not.toContain("shared");
  });

  it("prints the normalised file with compose config and warns about unmodelled keys", () => {
    const { ctx } = session();
    const out = dockerCompose(ctx, ["config"], files({ "compose.yaml": readCorpus("01-web-db-cache.yaml") }));
    expect(out.stdout.startsWith("name: shop\nservices:\n  cache:\n")).toBe(true);
    expect(out.stdout).toContain('    ports:\n      - mode: ingress\n        target: 8000\n        published: "8000"\n        protocol: tcp\n');
    expect(out.stderr).toContain("WARN[0000] compose.yaml: services.web.environment: not modelled by Dockside\n");
  });

  it("refuses what Compose refuses", () => {
    const { ctx } = session();
    const f = files({ "compose.yaml": "services:\n  web:\n    image: nginx\n    networks: [x]\nnetworks:\n  x: {external: true}\n" });
    expect(dockerCompose(ctx, ["up", "-d"], f)).toEqual({ stdout: "", stderr: "network x declared as external, but could not be found\n", exitCode: 1 });
    expect(dockerCompose(ctx, ["frobnicate"], f)).toEqual({ stdout: "", stderr: 'unknown docker command: "compose frobnicate"\n', exitCode: 1 });
    expect(dockerCompose(ctx, ["up", "--bogus"], f).stderr).toBe("unknown flag: --bogus\n");
    expect(ctx.takeOps()).toEqual([]);
  });
});
