import { describe, expect, it } from "vitest";
import { printed, typed } from "../../world";

// GNU coreutils in Debian-based images (nginx); BusyBox's applet is held to the real one by fidelity
// scenario 114.
describe("readlink in a Debian-based image (GNU coreutils)", () => {
  const sh = typed(["docker run -d --name web nginx", "docker exec web sh -c 'ln -s nowhere /tmp/dead; ln -s /etc/hostname /tmp/h'"]);

  it("reads the image's own links, as tutorials do for nginx's logs", () => {
    expect(printed(sh, "docker exec web readlink /var/log/nginx/access.log")).toEqual(["/dev/stdout\n", "", 0]);
  });

  it("takes several files, and says why with -v", () => {
    expect(printed(sh, "docker exec web readlink /tmp/h /tmp/dead")).toEqual(["/etc/hostname\nnowhere\n", "", 0]);
    expect(printed(sh, "docker exec web readlink -v /etc/hostname")).toEqual(["", "readlink: /etc/hostname: Invalid argument\n", 1]);
    expect(printed(sh, "docker exec web readlink -v /tmp/missing")).toEqual(["", "readlink: /tmp/missing: No such file or directory\n", 1]);
    expect(printed(sh, "docker exec web readlink -n /tmp/h /tmp/dead")).toEqual([
      "/etc/hostname\nnowhere\n",
      "readlink: ignoring --no-newline with multiple arguments\n",
      0,
    ]);
    expect(printed(sh, "docker exec web readlink")).toEqual(["", "readlink: missing operand\nTry 'readlink --help' for more information.\n", 1]);
  });

  it("canonicalises: -f a dangling link from its own directory, -e only what exists, -m anything", () => {
    expect(printed(sh, "docker exec web readlink -f /tmp/dead")).toEqual(["/tmp/nowhere\n", "", 0]);
    expect(printed(sh, "docker exec web readlink -f /tmp/missing/deeper")).toEqual(["", "", 1]);
    expect(printed(sh, "docker exec web readlink -e /tmp/missing")).toEqual(["", "", 1]);
    expect(printed(sh, "docker exec web readlink -m /tmp/missing/deeper")).toEqual(["/tmp/missing/deeper\n", "", 0]);
  });
});
