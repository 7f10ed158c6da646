import { describe, expect, it } from "vitest";
import { printable } from "../../../lib/shell";

describe("printable", () => {
  it("shows a name's escape sequences instead of running them, and keeps newlines and tabs", () => {
    expect(printable("web\x1b]0;pwned\x07")).toBe("web^[]0;pwned^G");
    expect(printable("a\x1b[2J\x1b[Hb")).toBe("a^[[2J^[[Hb");
    expect(printable("hidden\rshown")).toBe("hidden^Mshown");
    expect(printable("x\x9b31mred\x7f")).toBe("xM-^[31mred^?");
    expect(printable("line 1\n\tline 2\n")).toBe("line 1\n\tline 2\n");
  });
});
