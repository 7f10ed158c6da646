/**
 * The palette's "Add container" and the `docker run -dit` it stands for make the same ops through the
 * same intent (lib/intents/run-container.ts): the pull of a missing image, the create, the start and
 * the main process's first log lines. Same document, same ids, same time: identical ops.
 */
import { describe, expect, it } from "vitest";
import { parsePorts } from "../../../app/room/core/actions";
import { addContainer, type NewContainer } from "../../../app/room/core/addContainer";
import { createWorld, type Doc, seededIds } from "../../../lib/model";
import { Shell, ShellContext } from "../../../lib/shell";
import { typedOn } from "../../world";

const NOW = 1_700_000_000_000;

const command = (doc: Doc, line: string, seed: number) => typedOn(doc, line, seed, NOW);

function gesture(doc: Doc, spec: Partial<NewContainer> & { name: string; image: string }, seed: number) {
  return addContainer(doc, { machineId: "m-host", networkMode: "default", ports: [], at: null, ...spec }, seededIds(seed), () => NOW);
}

describe("Add container and docker run -dit make identical ops", () => {
  const world = createWorld(seededIds(1), 0);

  it("pulls the missing image, creates, starts, writes what the server writes at start and logs its first lines", () => {
    const typed = command(world, "docker run -dit --name web nginx", 7);
    expect(typed.exitCode, typed.stderr).toBe(0);
    const added = gesture(world, { name: "web", image: "nginx" }, 7);
    expect(added).toEqual({ ok: true, id: typed.stdout.trim(), ops: typed.ops });
    expect(typed.ops.map((op) => op.type)).toEqual(["image.pull", "container.create", "container.start", "files.set", "container.log"]);
  });

  it("on a user network with a published port, the image already there", () => {
    const setup = new Shell(new ShellContext(world, "m-host", seededIds(3), () => NOW));
    setup.run("docker network create appnet");
    setup.run("docker pull nginx");
    const doc = setup.doc;
    const typed = command(doc, "docker run -dit --name api --network appnet -p 8080:80 nginx", 9);
    expect(typed.exitCode, typed.stderr).toBe(0);
    const ports = parsePorts("8080:80");
    if (!ports.ok) throw new Error(ports.error);
    const added = gesture(doc, { name: "api", image: "nginx", networkMode: "appnet", ports: ports.ports }, 9);
    expect(added.ok && added.ops).toEqual(typed.ops);
    expect(typed.ops[0]).toMatchObject({ type: "container.create", networkMode: "appnet", ports: [{ hostPort: "8080", containerPort: 80 }] });
  });

  it("an image with a VOLUME gets the same anonymous volume either way", () => {
    const typed = command(world, "docker run -dit --name db postgres", 4);
    expect(typed.exitCode, typed.stderr).toBe(0);
    expect(gesture(world, { name: "db", image: "postgres" }, 4)).toMatchObject({ ok: true, ops: typed.ops });
    expect(typed.ops[1]).toMatchObject({ type: "container.create", mounts: [{ type: "volume", target: "/var/lib/postgresql" }] });
  });

  it("a shell image: pulled, started, nothing logged; a drop places it", () => {
    const typed = command(world, "docker run -dit --name box alpine", 5);
    const added = gesture(world, { name: "box", image: "alpine", at: { x: 40.4, y: 80 } }, 5);
    expect(added.ok && added.ops).toEqual([
      ...typed.ops.slice(0, 2),
      { type: "layout.move", id: added.ok ? added.id : "", position: { x: 40, y: 80 } },
      ...typed.ops.slice(2),
    ]);
  });

  it("refuses alike: the palette shows the daemon's words the command prints", () => {
    const typed = command(world, "docker run -dit --name web --network nowhere nginx", 7);
    expect(typed).toMatchObject({ exitCode: 125, ops: [] });
    const added = gesture(world, { name: "web", image: "nginx", networkMode: "nowhere" }, 7);
    expect(added).toEqual({ ok: false, error: "Error response from daemon: network nowhere not found" });
    expect(typed.stderr).toContain(`docker: ${added.ok ? "" : added.error}\n`);
  });
});
