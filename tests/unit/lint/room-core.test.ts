/**
 * app/room/core holds the room's React-free logic (undo, layout, gesture -> intent): biome.json refuses
 * it React, React Flow, Next and the app's views, so it stays testable without a browser.
 */
import { describe, expect, it } from "vitest";
import { lint } from "./biome";

function probe(spec: string): { ok: boolean; output: string } {
  return lint({
    "app/room/View.tsx": "export const View = 1;\n",
    "app/room/core/sibling.ts": "export const sibling = 1;\n",
    "app/room/core/probe.ts": `import * as target from "${spec}";\nexport const probe = (): unknown => target;\n`,
  });
}

describe("app/room/core imports no view library and no view", () => {
  for (const spec of ["react", "react-dom/client", "@xyflow/react", "next/navigation", "../View"]) {
    it(`refuses ${spec}`, () => {
      const r = probe(spec);
      expect(r.ok).toBe(false);
      expect(r.output).toContain("noRestrictedImports");
    });
  }
  for (const spec of ["./sibling", "@/lib/model"]) {
    it(`allows ${spec}`, () => {
      expect(probe(spec).output).not.toContain("noRestrictedImports");
    });
  }
});
