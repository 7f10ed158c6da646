import { describe, expect, it } from "vitest";
import { createWorld, loadDoc, parseDoc, SCHEMA_VERSION, seededIds, serializeDoc } from "../../../lib/model";
import { apply } from "../../../lib/ops";
import { World } from "../../world";

describe("document load/save", () => {
  it("round-trips through JSON", () => {
    const w = new World();
    w.network("net");
    w.run("web", { image: "nginx", networks: [{ name: "net", aliases: ["www"] }], ports: [{ hostPort: "8080", containerPort: 80 }] });
    const loaded = parseDoc(serializeDoc(w.doc));
    expect(loaded).toEqual({ ok: true, doc: w.doc });
  });

  it.each([
    ["not json {", /^not JSON/],
    ["[]", /is a JSON object/],
    [JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 }), /newer Dockside/],
    [JSON.stringify({ ...createWorld(seededIds(1), 0), extra: 1 }), /Unrecognized key/],
  ])("refuses %s with a message that says where", (text, message) => {
    const r = parseDoc(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("points at the broken field", () => {
    const doc = createWorld(seededIds(1), 0) as unknown as { networks: Record<string, { subnet: unknown }> };
    const first = Object.keys(doc.networks)[0] as string;
    (doc.networks[first] as { subnet: unknown }).subnet = 42;
    const r = loadDoc(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`networks.${first}.subnet`);
  });

  it("refuses dangling references", () => {
    const doc = structuredClone(createWorld(seededIds(1), 0));
    doc.layout.ghost = { x: 1, y: 2 };
    const r = loadDoc(doc);
    expect(r.ok).toBe(false);
  });
});

describe("ops", () => {
  const base = () => createWorld(seededIds(3), 0);

  it.each([
    [{ type: "nope" }, /type/],
    [{ type: "network.remove" }, /networkId/],
    [{ type: "layout.move", id: "m-host", position: { x: "1", y: 0 } }, /position\.x/],
    [{ type: "doc.setTitle", title: "x", __proto__: { polluted: true }, extra: 1 }, /Unrecognized key/],
  ])("refuses malformed op %j without touching the document", (op, message) => {
    const doc = base();
    const r = apply(doc, op);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
    expect(doc).toEqual(base());
  });

  it("refuses the removal of a pre-defined network in Docker's words", () => {
    const doc = base();
    const bridge = Object.values(doc.networks).find((n) => n.name === "bridge")?.id as string;
    expect(apply(doc, { type: "network.remove", networkId: bridge })).toMatchObject({
      ok: false,
      error: "bridge is a pre-defined network and cannot be removed",
    });
  });

  it("never changes its input", () => {
    const w = new World();
    const before = structuredClone(w.doc);
    apply(w.doc, { type: "doc.setTitle", title: "changed" });
    expect(w.doc).toEqual(before);
  });
});
