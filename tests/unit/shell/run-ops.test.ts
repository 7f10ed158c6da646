import { describe, expect, it } from "vitest";
import { seededIds } from "../../../lib/model";
import { Shell, ShellContext } from "../../../lib/shell";
import { applied, World } from "../../world";

describe("Shell.run returns the line's output and its ops", () => {
  it("hands back every op the line applied, in order, so the room gets the same document", () => {
    const shell = Shell.fresh({ seed: 3, clock: () => 1_000 });
    const start = shell.doc;
    const out = shell.run("docker network create app && docker run -d --name web --network app nginx");
    expect(out.exitCode).toBe(0);
    expect(out.ops.map((op) => op.type)).toEqual(["network.create", "image.pull", "container.create", "container.start", "files.set", "container.log"]);
    expect(applied(start, ...out.ops)).toEqual(shell.doc);
  });

  it("hands back only the ops of its own line", () => {
    const shell = Shell.fresh({ seed: 3, clock: () => 1_000 });
    shell.run("docker network create app");
    const out = shell.run("docker network rm app");
    expect(out.ops.map((op) => op.type)).toEqual(["network.remove"]);
  });

  it("hands back nothing for a refused command or a read", () => {
    const shell = Shell.fresh({ seed: 3, clock: () => 1_000 });
    expect(shell.run("docker network rm bridge")).toMatchObject({ exitCode: 1, ops: [] });
    expect(shell.run("docker ps").ops).toEqual([]);
  });

  it("brings back what ssh did on another machine", () => {
    const doc = new World(3).host("pc", "192.168.1.20/24", true).doc;
    const shell = new Shell(new ShellContext(doc, "m-host", seededIds(5), () => 1_000));
    const out = shell.run("ssh pc docker network create far");
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.ops).toMatchObject([{ type: "network.create", machineId: "m-pc", name: "far" }]);
    expect(applied(doc, ...out.ops)).toEqual(shell.doc);
  });
});
