/** Shell syntax: runScript against a tiny real command table (echo, true, false, printf, count). */
import { describe, expect, it } from "vitest";
import type { Output } from "../../lib/shell/context";
import { runScript } from "../../lib/shell/script";

function session() {
  const env = new Map<string, string>();
  const calls: string[][] = [];
  const exec = (w: string[]): Output => {
    calls.push(w);
    switch (w[0]) {
      case "echo":
        return { stdout: `${w.slice(1).join(" ")}\n`, stderr: "", exitCode: 0 };
      case "true":
        return { stdout: "", stderr: "", exitCode: 0 };
      case "false":
        return { stdout: "", stderr: "", exitCode: 1 };
      case "argc":
        return { stdout: `${w.length - 1}\n`, stderr: "", exitCode: 0 };
      case "token":
        return { stdout: "SWMTKN-1-abc\n\n", stderr: "", exitCode: 0 };
      case "fail":
        return { stdout: "", stderr: "boom\n", exitCode: Number(w[1] ?? 3) };
      default:
        return { stdout: "", stderr: `sh: 1: ${w[0]}: not found\n`, exitCode: 127 };
    }
  };
  return { env, calls, run: (line: string) => runScript(line, env, exec) };
}

describe("runScript", () => {
  it.each([
    ["echo hello world", "hello world\n", 0],
    ["echo a; echo b", "a\nb\n", 0],
    ["true && echo yes", "yes\n", 0],
    ["false && echo yes", "", 1],
    ["false || echo fallback", "fallback\n", 0],
    ["true || echo no", "", 0],
    ["false && echo a || echo b", "b\n", 0],
    ["true && false || echo c && echo d", "c\nd\n", 0],
    ["echo 'single $HOME quoted'", "single $HOME quoted\n", 0],
    ['echo "a  b"', "a  b\n", 0],
    ["echo a\\ b", "a b\n", 0],
    ['echo "say \\"hi\\""', 'say "hi"\n', 0],
    ["echo x # a comment", "x\n", 0],
    ["# only a comment", "", 0],
    ["", "", 0],
    ["echo $(echo inner)", "inner\n", 0],
    ["echo `echo back`", "back\n", 0],
    ["echo $(echo $(echo nested))", "nested\n", 0],
    ['echo "$(echo "quoted inside")"', "quoted inside\n", 0],
    ["echo pre-$(echo mid)-post", "pre-mid-post\n", 0],
    ["argc $(echo a b c)", "3\n", 0],
    ['argc "$(echo a b c)"', "1\n", 0],
    ["argc $(true)", "0\n", 0],
    ['argc ""', "1\n", 0],
    ["echo $((", "", 2],
    ["nosuch", "", 127],
    ["fail 5; echo $?", "5\n", 0],
    ["echo a | echo b", "b\n", 0],
    ["echo a\necho b", "a\nb\n", 0],
    ["echo a & echo b", "a\nb\n", 0],
  ])("%j", (line, stdout, code) => {
    const s = session();
    const out = s.run(line);
    expect(out.stdout).toBe(stdout);
    expect(out.exitCode).toBe(code);
  });

  it("keeps variables across lines, and expands them when the command runs", () => {
    const s = session();
    expect(s.run("N=web").exitCode).toBe(0);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax under test
    expect(s.run('echo $N ${N}1 "$N"').stdout).toBe("web web1 web\n");
    expect(s.run("A=1; echo $A; A=2; echo $A").stdout).toBe("1\n2\n");
    expect(s.run("echo $UNSET-x").stdout).toBe("-x\n");
  });

  it("splits unquoted variables into fields but not quoted ones", () => {
    const s = session();
    s.run('LIST="a b  c"');
    expect(s.run("argc $LIST").stdout).toBe("3\n");
    expect(s.run('argc "$LIST"').stdout).toBe("1\n");
    expect(s.run("argc $EMPTY").stdout).toBe("0\n");
  });

  it("runs the swarm join line as written", () => {
    const s = session();
    s.run("docker swarm join --token $(token) 192.168.1.10:2377");
    expect(s.calls.at(-1)).toEqual(["docker", "swarm", "join", "--token", "SWMTKN-1-abc", "192.168.1.10:2377"]);
  });

  it("an assignment from a substitution takes its exit status and keeps its stderr", () => {
    const s = session();
    const out = s.run("X=$(fail 4)");
    expect(out.exitCode).toBe(4);
    expect(out.stderr).toBe("boom\n");
    expect(s.run("X=$(echo ok) && echo $X").stdout).toBe("ok\n");
  });

  it("$? carries over to the next line", () => {
    const s = session();
    s.run("false");
    expect(s.run("echo $?").stdout).toBe("1\n");
  });

  it("VAR=value before a command is not a shell variable afterwards", () => {
    const s = session();
    s.run("X=1 echo hi");
    expect(s.calls.at(-1)).toEqual(["echo", "hi"]);
    expect(s.run("echo [$X]").stdout).toBe("[]\n");
  });

  it.each([
    ["echo 'open", "Unterminated quoted string"],
    ['echo "open', "Unterminated quoted string"],
    ["&& echo x", '"&&" unexpected'],
    ["echo x &&", "end of file unexpected"],
    ["echo $(echo x", 'end of file unexpected (expecting ")")'],
    ["echo ${x", 'Missing "}"'],
  ])("syntax error in %j", (line, message) => {
    const out = session().run(line);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(`sh: 1: Syntax error: ${message}\n`);
  });
});
