/** The terminal completes only what `docker` answers to: its words come from the shell's own tables. */
import { describe, expect, it } from "vitest";
import { DOCKER_COMPLETIONS, docker, Shell } from "../../../lib/shell";

describe("docker completion words", () => {
  it("are all commands docker knows", () => {
    const shell = Shell.fresh({ seed: 2, clock: () => 1_000 });
    const groups = DOCKER_COMPLETIONS.groups;
    for (const word of DOCKER_COMPLETIONS.top) {
      const args = groups[word] ? [word, groups[word][0] as string] : [word];
      expect(docker(shell.ctx, args).stderr, word).not.toContain("unknown command");
    }
    for (const [group, words] of Object.entries(groups)) {
      for (const word of words) expect(docker(shell.ctx, [group, word]).stderr, `${group} ${word}`).not.toContain("unknown command");
    }
  });

  it("include the groups and what they hold", () => {
    expect(DOCKER_COMPLETIONS.top).toEqual(expect.arrayContaining(["run", "ps", "network", "volume", "image", "compose"]));
    expect(DOCKER_COMPLETIONS.groups.network).toEqual(expect.arrayContaining(["create", "connect", "disconnect", "ls", "rm", "inspect", "prune"]));
  });
});
