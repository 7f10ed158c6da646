/** Volumes, mounts and depends_on: in compose files, in the document, in the shell, and exported back. */
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../app/room/canvas/graph";
import { exportCompose, exportScript, parseCompose } from "../../lib/compose";
import { checkInvariants, seededIds } from "../../lib/model";
import { apply } from "../../lib/ops";
import { ShellContext } from "../../lib/shell/context";
import { docker } from "../../lib/shell/docker";
import { type ComposeFiles, dockerCompose } from "../../lib/shell/docker/compose";
import { resolve } from "../../lib/sim";
import { describe as describeWorld, fresh, HOST, importCompose } from "./helpers";

const T0 = 1_700_000_000_000;
const session = () => new ShellContext(fresh(), HOST, seededIds(5), () => T0);
const files = (map: Record<string, string>, extra: Partial<ComposeFiles> = {}): ComposeFiles => ({ read: (p) => map[p] ?? null, cwdName: "myapp", ...extra });

const APP = `services:
  web:
    image: nginx
    depends_on:
      api: { condition: service_started }
    volumes: ["./site:/usr/share/nginx/html:ro"]
  api:
    image: httpd
    depends_on: [db]
  db:
    image: redis
    volumes:
      - data:/data
      - /scratch
volumes:
  data: {}
`;

describe("compose volumes and depends_on", () => {
  it("creates named volumes first, with Compose's lines and labels, and mounts them", () => {
    const ctx = session();
    const out = dockerCompose(ctx, ["up", "-d"], files({ "compose.yaml": APP }, { cwd: "/home/me/myapp" }));
    expect(out.exitCode).toBe(0);
    expect(out.stderr.split("\n").slice(0, 4)).toEqual([
      " Network myapp_default  Creating",
      " Network myapp_default  Created",
      ' Volume "myapp_data"  Creating',
      ' Volume "myapp_data"  Created',
    ]);
    // Dependencies first: db, api, web, whatever the file's order.
    expect(out.stderr).toMatch(/myapp-db-1 {2}Creating[\s\S]*myapp-api-1 {2}Creating[\s\S]*myapp-web-1 {2}Creating/);
    const vols = Object.values(ctx.doc.volumes ?? {});
    const named = vols.find((v) => v.name === "myapp_data");
    expect(named?.labels).toMatchObject({ "com.docker.compose.project": "myapp", "com.docker.compose.volume": "data" });
    expect(vols.filter((v) => v.anonymous)).toHaveLength(1);
    const web = ctx.container("myapp-web-1")?.c;
    expect(web?.mounts).toEqual([{ type: "bind", source: "/home/me/myapp/site", target: "/usr/share/nginx/html", readOnly: true, via: "mount-flag" }]);
    expect(web?.dependsOn?.map((d) => ctx.doc.containers[d.target]?.name)).toEqual(["myapp-api-1"]);
    expect(checkInvariants(ctx.doc)).toEqual([]);
  });

  it("prints volumes in the long syntax and depends_on with its conditions in compose config", () => {
    const out = dockerCompose(session(), ["config"], files({ "compose.yaml": APP }));
    expect(out.stdout).toContain(
      "    volumes:\n      - type: volume\n        source: data\n        target: /data\n        volume: {}\n      - type: volume\n        target: /scratch\n        volume: {}\n",
    );
    expect(out.stdout).toContain("    depends_on:\n      api:\n        condition: service_started\n        required: true\n");
    expect(out.stdout).toContain(
      "        source: /myapp/site\n        target: /usr/share/nginx/html\n        read_only: true\n        bind:\n          create_host_path: true\n",
    );
    expect(out.stdout.endsWith("volumes:\n  data:\n    name: myapp_data\n")).toBe(true);
  });

  it("removes named and anonymous volumes only with down -v", () => {
    const ctx = session();
    const f = files({ "compose.yaml": APP });
    dockerCompose(ctx, ["up", "-d"], f);
    dockerCompose(ctx, ["down"], f);
    expect(Object.values(ctx.doc.volumes ?? {})).toHaveLength(2);
    dockerCompose(ctx, ["up", "-d"], f);
    const down = dockerCompose(ctx, ["down", "-v"], f);
    expect(down.stderr).toContain(" Volume myapp_data  Removing\n Volume myapp_data  Removed\n");
    // The first up's anonymous volume stays: it belongs to no container any more, as in Docker.
    expect(Object.values(ctx.doc.volumes ?? {}).map((v) => v.anonymous)).toEqual([true]);
  });

  it("refuses what Compose refuses", () => {
    const bad = (text: string) => parseCompose(text, { dirName: "app" });
    expect(bad("services:\n  a:\n    image: nginx\n    volumes: [nope:/x]\n")).toEqual({
      ok: false,
      error: 'service "a" refers to undefined volume nope: invalid compose project',
    });
    expect(bad("services:\n  a:\n    image: nginx\n    depends_on: { b: { condition: later } }\n  b:\n    image: nginx\n")).toMatchObject({
      ok: false,
      error: expect.stringContaining("services.a.depends_on.b.condition must be one of the following"),
    });
    expect(bad("services:\n  a:\n    image: nginx\n    volumes: [{ type: bind, target: /x }]\n")).toMatchObject({
      ok: false,
      error: 'services.a.volumes.0: invalid mount config for type "bind": field Source must not be empty',
    });
    const ext = importCompose("services:\n  a:\n    image: nginx\n    volumes: [v:/x]\nvolumes:\n  v: { external: true }\n");
    expect(ext.up.error).toBe("volume v declared as external, but could not be found");
  });

  it("exports volumes and depends_on, and importing the export gives them back", () => {
    const { up } = importCompose(APP);
    const text = exportCompose(up.doc, HOST);
    expect(text).toContain("volumes:\n      - app_data:/data\n      - /scratch\n");
    expect(text).toContain("depends_on:\n      - app-db-1\n");
    expect(text).toContain("volumes:\n  app_data:\n    name: app_data\n");
    const again = importCompose(text, { dirName: "elsewhere" }).up.doc;
    const first = describeWorld(up.doc);
    expect(describeWorld(again, HOST, first.names)).toEqual(first);
    const script = exportScript(up.doc, HOST);
    expect(script).toContain("docker volume create app_data\n");
    expect(script).toContain("-v app_data:/data -v /scratch redis");
  });

  it("draws depends_on as dashed edges on the canvas", () => {
    const { up } = importCompose(APP);
    const edges = buildGraph(up.doc, resolve(up.doc), new Set()).edges.filter((e) => e.id.includes("|dep|"));
    expect(edges.map((e) => e.ariaLabel).sort()).toEqual(["app-api-1 depends on app-db-1", "app-web-1 depends on app-api-1"]);
    expect(edges.every((e) => e.style?.strokeDasharray)).toBe(true);
  });
});

describe("volumes in the docker CLI", () => {
  it("creates the volume a -v names, reports it in inspect and volume ls, and refuses to remove it in use", () => {
    const ctx = session();
    expect(docker(ctx, ["pull", "busybox"]).exitCode).toBe(0);
    const run = docker(ctx, [
      "run",
      "-d",
      "--name",
      "box",
      "-v",
      "data:/data",
      "-v",
      "/srv:/srv:ro",
      "-v",
      "/anon",
      "--mount",
      "type=volume,src=m2,dst=/m2,readonly",
      "busybox",
      "sleep",
      "1d",
    ]);
    expect(run.stderr).toBe("");
    const anon = Object.values(ctx.doc.volumes ?? {}).find((v) => v.anonymous)?.name as string;
    expect(anon).toMatch(/^[0-9a-f]{64}$/);
    expect(docker(ctx, ["volume", "ls"]).stdout).toBe(`DRIVER    VOLUME NAME\nlocal     ${anon}\nlocal     data\nlocal     m2\n`);
    expect(JSON.parse(docker(ctx, ["inspect", "-f", "{{json .Mounts}}", "box"]).stdout)).toEqual([
      {
        Type: "volume",
        Name: "data",
        Source: "/var/lib/docker/volumes/data/_data",
        Destination: "/data",
        Driver: "local",
        Mode: "z",
        RW: true,
        Propagation: "",
      },
      { Type: "bind", Source: "/srv", Destination: "/srv", Mode: "ro", RW: false, Propagation: "rprivate" },
      {
        Type: "volume",
        Name: anon,
        Source: `/var/lib/docker/volumes/${anon}/_data`,
        Destination: "/anon",
        Driver: "local",
        Mode: "",
        RW: true,
        Propagation: "",
      },
      { Type: "volume", Name: "m2", Source: "/var/lib/docker/volumes/m2/_data", Destination: "/m2", Driver: "local", Mode: "z", RW: false, Propagation: "" },
    ]);
    expect(docker(ctx, ["inspect", "-f", "{{json .HostConfig.Binds}} {{json .HostConfig.Mounts}} {{json .Config.Volumes}}", "box"]).stdout).toBe(
      '["data:/data","/srv:/srv:ro"] [{"Type":"volume","Source":"m2","Target":"/m2","ReadOnly":true}] {"/anon":{}}\n',
    );
    const id = ctx.container("box")?.c.id;
    expect(docker(ctx, ["volume", "rm", "data"])).toEqual({
      stdout: "",
      stderr: `Error response from daemon: remove data: volume is in use - [${id}]\n`,
      exitCode: 1,
    });
    expect(docker(ctx, ["volume", "rm", "nope"]).stderr).toBe("Error response from daemon: get nope: no such volume\n");
    // rm -v takes the anonymous volume along, never a named one.
    expect(docker(ctx, ["rm", "-f", "-v", "box"]).exitCode).toBe(0);
    expect(docker(ctx, ["volume", "ls", "-q"]).stdout).toBe("data\nm2\n");
    expect(docker(ctx, ["volume", "rm", "data", "m2"]).stdout).toBe("data\nm2\n");
  });

  it("creates, inspects and prunes volumes, and says what is wrong with a bad spec", () => {
    const ctx = session();
    expect(docker(ctx, ["volume", "create", "--label", "a=b", "xy"]).stdout).toBe("xy\n");
    const inspected = JSON.parse(docker(ctx, ["volume", "inspect", "xy"]).stdout);
    expect(inspected).toEqual([
      {
        CreatedAt: "2023-11-14T22:13:20Z",
        Driver: "local",
        Labels: { a: "b" },
        Mountpoint: "/var/lib/docker/volumes/xy/_data",
        Name: "xy",
        Options: null,
        Scope: "local",
      },
    ]);
    expect(docker(ctx, ["volume", "create", "x"]).stderr).toBe(
      "Error response from daemon: create x: volume name is too short, names should be at least two alphanumeric characters\n",
    );
    expect(docker(ctx, ["create", "-v", "/a:b", "busybox"]).stderr).toContain(
      "invalid volume specification: '/a:b': invalid mount config for type \"bind\": invalid mount path: 'b' mount path must be absolute",
    );
    expect(docker(ctx, ["create", "--mount", "source=q", "busybox"]).stderr).toContain('invalid argument "source=q" for "--mount" flag: target is required');
    expect(docker(ctx, ["volume", "prune", "-f"]).stdout).toBe("Deleted Volumes:\nxy\n\nTotal reclaimed space: 0B\n");
    // Refused creates changed nothing: only the volume ops went through.
    expect(ctx.takeOps().map((op) => op.type)).toEqual(["volume.create", "volume.remove"]);
  });
});

describe("volume ops", () => {
  it("keeps older documents valid and refuses what the daemon refuses", () => {
    const doc = fresh();
    expect(doc.volumes).toBeUndefined();
    const made = apply(doc, { type: "volume.create", id: "a".repeat(64), machineId: HOST, name: "data", driver: "local", labels: {}, anonymous: false, at: 0 });
    if (!made.ok) throw new Error(made.error);
    // Creating an existing name again is accepted and changes nothing, as `docker volume create` does.
    const again = apply(made.doc, {
      type: "volume.create",
      id: "b".repeat(64),
      machineId: HOST,
      name: "data",
      driver: "local",
      labels: {},
      anonymous: false,
      at: 0,
    });
    expect(again.ok && Object.keys(again.doc.volumes ?? {})).toEqual(["a".repeat(64)]);
    expect(
      apply(made.doc, { type: "volume.create", id: "c".repeat(64), machineId: HOST, name: "v", driver: "nfs", labels: {}, anonymous: false, at: 0 }),
    ).toMatchObject({
      ok: false,
      error: "create v: volume name is too short, names should be at least two alphanumeric characters",
    });
    expect(apply(made.doc, { type: "volume.remove", volumeId: "nope", force: false })).toMatchObject({ ok: false, error: "get nope: no such volume" });
    const base = {
      type: "container.create" as const,
      id: "d".repeat(64),
      machineId: HOST,
      name: "box",
      image: "busybox",
      command: [],
      interactive: false,
      tty: false,
      hostname: null,
      networkMode: "none",
      networks: [],
      ports: [],
      publishAll: false,
      expose: [],
      links: [],
      listens: null,
      autoRemove: false,
      at: 0,
    };
    expect(apply(made.doc, { ...base, mounts: [{ type: "bind", source: "rel", target: "/x", readOnly: false }] })).toMatchObject({
      ok: false,
      error: `invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`,
    });
    expect(apply(made.doc, { ...base, dependsOn: [{ target: "e".repeat(64), condition: "service_started", required: true }] })).toMatchObject({
      ok: false,
      error: `No such container: ${"e".repeat(64)}`,
    });
    const withMount = apply(made.doc, { ...base, mounts: [{ type: "volume", source: "data", target: "/data", readOnly: false }] });
    if (!withMount.ok) throw new Error(withMount.error);
    expect(apply(withMount.doc, { type: "volume.remove", volumeId: "a".repeat(64), force: true })).toMatchObject({
      ok: false,
      error: `remove data: volume is in use - [${"d".repeat(64)}]`,
    });
  });
});
