import { describe, expect, it } from "vitest";
import { chunksOf, joined, type Output, written } from "../../../lib/shell/context";
import { terminalText } from "../../../lib/shell/printable";
import { Shell } from "../../../lib/shell/session";

const session = () => Shell.fresh({ seed: 7, clock: () => Date.UTC(2026, 10, 23) });
const NOPE = "Error response from daemon: No such container: nope\n";

/** The line's output as [stream, text] pairs, in the order it was written. */
const order = (out: Output) => chunksOf(out).map((c) => [c.stream, c.text] as const);

describe("a line's output keeps the order of its two streams", () => {
  it("written and joined keep the strings and the order in step", () => {
    const out = joined([ok("a\n"), fail("x\n"), ok("b\n"), ok("c\n")]);
    expect(out).toEqual({
      stdout: "a\nb\nc\n",
      stderr: "x\n",
      exitCode: 0,
      chunks: [
        { stream: "stdout", text: "a\n" },
        { stream: "stderr", text: "x\n" },
        { stream: "stdout", text: "b\nc\n" },
      ],
    });
    // One stream only: nothing to order, the plain shape every command builds.
    expect(
      written(
        [
          { stream: "stdout", text: "a" },
          { stream: "stdout", text: "b" },
        ],
        3,
      ),
    ).toEqual({ stdout: "ab", stderr: "", exitCode: 3 });
    expect(joined([fail("x\n"), ok("")]).chunks).toBeUndefined();
  });

  it("lists, && and || print each command's output in turn", () => {
    const sh = session();
    expect(order(sh.run("docker rm nope; echo hi"))).toEqual([
      ["stderr", NOPE],
      ["stdout", "hi\n"],
    ]);
    expect(order(sh.run("echo one && docker rm nope || echo fallback"))).toEqual([
      ["stdout", "one\n"],
      ["stderr", NOPE],
      ["stdout", "fallback\n"],
    ]);
  });

  it("2>&1 merges the streams in the order they were written, into the terminal or a file", () => {
    const sh = session();
    expect(sh.run("{ echo a; docker rm nope; echo b; } 2>&1").stdout).toBe(`a\n${NOPE}b\n`);
    sh.run("{ echo a; docker rm nope; echo b; } > both.txt 2>&1");
    expect(sh.run("cat both.txt").stdout).toBe(`a\n${NOPE}b\n`);
    // A loop's iterations in turn.
    expect(sh.run("for n in a nope b; do docker rm $n; done 2>&1").stdout).toBe(
      "Error response from daemon: No such container: a\nError response from daemon: No such container: nope\nError response from daemon: No such container: b\n",
    );
  });

  it("a pipeline's earlier stages' errors come before the last stage's output; substitutions' before the command's", () => {
    const sh = session();
    expect(order(sh.run("docker rm nope | wc -l"))).toEqual([
      ["stderr", NOPE],
      ["stdout", "0\n"],
    ]);
    expect(sh.run("docker rm nope 2>&1 | wc -l").stdout.trim()).toBe("1");
    expect(order(sh.run('echo "got $(docker rm nope)"'))).toEqual([
      ["stderr", NOPE],
      ["stdout", "got \n"],
    ]);
  });

  it("docker run of a missing image prints the pull first, then the container's output as it wrote it", () => {
    const sh = session();
    const out = sh.run("docker run --name job alpine sh -c 'echo a; ls /nope; echo b'");
    const [pull, ...rest] = order(out);
    expect(pull?.[0]).toBe("stderr");
    expect(pull?.[1]).toMatch(/^Unable to find image 'alpine:latest' locally\n[\s\S]*Status: Downloaded newer image for alpine:latest\n$/);
    expect(rest).toEqual([
      ["stdout", "a\n"],
      ["stderr", "ls: /nope: No such file or directory\n"],
      ["stdout", "b\n"],
    ]);
    expect(terminalText(out)).toMatch(/^Unable to find image[\s\S]*for alpine:latest\r\n[\s\S]*a\r\nls: \/nope: No such file or directory\r\nb\r\n$/);
    // Its log keeps the same order.
    expect(order(sh.run("docker logs job"))).toEqual([
      ["stdout", "a\n"],
      ["stderr", "ls: /nope: No such file or directory\n"],
      ["stdout", "b\n"],
    ]);
    // The image is there now: no pull, the container's output alone.
    expect(order(sh.run("docker run --rm alpine ls /etc/hostname /nope"))).toEqual([
      ["stderr", "ls: /nope: No such file or directory\n"],
      ["stdout", "/etc/hostname\n"],
    ]);
  });

  it("cat, grep and head report a missing operand where it comes, between the others' output", () => {
    const sh = session();
    sh.run("docker run -d --name box busybox sleep 1000");
    const host = sh.run("docker exec box hostname").stdout;
    expect(order(sh.run("docker exec box cat /etc/hostname /nope /etc/hostname"))).toEqual([
      ["stdout", host],
      ["stderr", "cat: can't open '/nope': No such file or directory\n"],
      ["stdout", host],
    ]);
    expect(sh.run("docker exec box sh -c 'printf \"a\\nb\" > /tmp/open; cat -n /tmp/open /nope /etc/hostname 2>&1'").stdout).toBe(
      `     1\ta\n     2\tb\ncat: /nope: No such file or directory\n     3\t${host}`,
    );
    expect(order(sh.run("docker exec box grep -c localhost /etc/hosts /nope /etc/hosts"))).toEqual([
      ["stdout", "/etc/hosts:2\n"],
      ["stderr", "grep: /nope: No such file or directory\n"],
      ["stdout", "/etc/hosts:2\n"],
    ]);
    expect(sh.run("docker exec box sh -c 'head -n1 /etc/hosts /nope /etc/hosts 2>&1'").stdout).toBe(
      "==> /etc/hosts <==\n127.0.0.1\tlocalhost\nhead: /nope: No such file or directory\n\n==> /etc/hosts <==\n127.0.0.1\tlocalhost\n",
    );
  });

  it("with a terminal (-t) both streams are one: stdout, in order, lines ended with \\r\\n, in the log too", () => {
    const sh = session();
    sh.run("docker pull busybox");
    expect(sh.run("docker run --name t1 -t busybox sh -c 'echo a; ls /nope; echo b'")).toMatchObject({
      stdout: "a\r\nls: /nope: No such file or directory\r\nb\r\n",
      stderr: "",
    });
    expect(sh.run("docker logs t1")).toMatchObject({ stdout: "a\r\nls: /nope: No such file or directory\r\nb\r\n", stderr: "" });
    sh.run("docker run -d --name box busybox sleep 1000");
    expect(sh.run("docker exec -t box ls /nope /etc/hostname")).toMatchObject({
      stdout: "ls: /nope: No such file or directory\r\n/etc/hostname\r\n",
      stderr: "",
      exitCode: 1,
    });
  });

  it("docker build prints the legacy builder's notice, its steps, then why it failed", () => {
    const sh = session();
    sh.run("printf 'FROM busybox\\nRUN echo hi && ls /nope\\n' > Dockerfile");
    const out = sh.run("docker build . 2>&1");
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(
      /^DEPRECATED: The legacy builder[\s\S]*Sending build context[\s\S]*Step 2\/2 : RUN echo hi && ls \/nope\n[\s\S]*The command '\/bin\/sh -c echo hi && ls \/nope' returned a non-zero code: 1\n$/,
    );
  });

  it("docker build streams a step's output as its command wrote it, its stderr in red", () => {
    const sh = session();
    sh.run("printf 'FROM busybox\\nRUN echo a; ls /nope; echo b\\n' > Dockerfile");
    expect(sh.run("docker build .").stdout).toContain("\na\n\x1b[91mls: /nope: No such file or directory\n\x1b[0mb\n");
  });

  it("the terminal shows the chunks in order, with control characters made visible", () => {
    const sh = session();
    const text = terminalText(sh.run("docker run hello-world"));
    expect(text).toMatch(/^Unable to find image 'hello-world:latest' locally\r\n/);
    expect(text.indexOf("Status: Downloaded newer image for hello-world:latest\r\n")).toBeLessThan(text.indexOf("Hello from Docker!"));
    expect(terminalText(joined([ok("a\x1b[2J\n"), fail("x\r\n")]))).toBe("a^[[2J\r\nx\r\n");
  });
});

function ok(stdout: string): Output {
  return { stdout, stderr: "", exitCode: 0 };
}
function fail(stderr: string): Output {
  return { stdout: "", stderr, exitCode: 1 };
}
