/** `dockside compose FILE [--json]`: the resolved view of a compose file. */
import { describe, expect, it } from "vitest";
import { composeCommand } from "../../cli/compose";
import { CORPUS } from "./helpers";

function run(args: string[]) {
  let out = "";
  let err = "";
  const code = composeCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("dockside compose", () => {
  it("prints addresses, names, published ports and the reach matrix as JSON", () => {
    const { code, out } = run([`${CORPUS}/03-front-back.yaml`, "--json"]);
    expect(code).toBe(0);
    const view = JSON.parse(out);
    expect(view.project).toBe("split");
    expect(view.networks.map((n: { name: string }) => n.name)).toEqual(["split_frontend", "split_backend"]);
    const proxy = view.services.find((s: { service: string }) => s.service === "proxy");
    expect(proxy.published).toEqual(["0.0.0.0:8080->80/tcp"]);
    expect(proxy.resolves.app).toHaveLength(1);
    expect(proxy.resolves.db).toBeNull();
    expect(view.reach).toContainEqual(expect.objectContaining({ from: "proxy", to: "db", port: 5432, verdict: "unresolvable" }));
    expect(view.reach).toContainEqual(expect.objectContaining({ from: "app", to: "db", port: 5432, verdict: "reachable" }));
  });

  it("prints a readable view", () => {
    const { code, out } = run([`${CORPUS}/02-reverse-proxy.yaml`]);
    expect(code).toBe(0);
    expect(out).toContain("project portal\n");
    expect(out).toMatch(/ {4}portal-proxy-1 {2}running {2}portal_apps 172\.\d+\.0\.\d+, portal_edge 172\.\d+\.0\.\d+\n/);
    expect(out).toContain("    published: 0.0.0.0:80->80/tcp, 0.0.0.0:443->443/tcp\n");
    expect(out).toContain("  proxy -> api:3000  reachable\n");
  });

  it("fails with the parse error or Compose's error", () => {
    expect(run([`${CORPUS}/12-external.yaml`])).toMatchObject({ code: 1, err: "network shared declared as external, but could not be found\n" });
    expect(run([])).toMatchObject({ code: 2 });
    expect(run(["/nonexistent/compose.yaml"]).code).toBe(2);
  });
});
