/** Bad input: refused with a useful message, in bounded time and memory. */
import { describe, expect, it } from "vitest";
import { composeUp, MAX_BYTES, parseCompose } from "../../lib/compose";
import { seededIds } from "../../lib/model";
import { fresh, HOST } from "./helpers";

/** Spelled apart so the file's text shows Compose's `${VAR}` syntax without a template placeholder. */
const DOLLAR = "$";

const parseErr = (text: string, opts = {}) => {
  const r = parseCompose(text, { dirName: "app", ...opts });
  if (r.ok) throw new Error("expected a parse error");
  return r.error;
};

describe("invalid YAML", () => {
  it("gives line and column", () => {
    expect(parseErr("services:\n  web:\n    image: nginx\n   ports: [80\n")).toMatch(/^yaml: line 4, column \d+: /);
    expect(parseErr("services:\n  web: {image: nginx}\n  web: {image: redis}\n")).toBe("yaml: line 3, column 3: Map keys must be unique");
  });
});

describe("schema errors", () => {
  it.each([
    ["services:\n  web:\n    image: nginx\n    ports: '80:80'\n", "validating compose file: services.web.ports must be a list, got string"],
    ["services:\n  web:\n    image: nginx\n    ports:\n      - published: 80\n", "validating compose file: services.web.ports.0 missing property 'target'"],
    ["services:\n  web:\n    image: nginx\n    ports: ['80:80:80:80']\n", "services.web.ports.0: invalid port format: 80:80:80:80"],
    [
      "services:\n  web:\n    image: nginx\n    deploy: {replicas: many}\n",
      "validating compose file: services.web.deploy.replicas must be a non-negative integer, got string",
    ],
    ["services:\n  web:\n    image: nginx\n    colour: blue\n", "validating compose file: services.web additional properties 'colour' not allowed"],
    ["services:\n  web:\n    image: [nginx]\n", "validating compose file: services.web.image must be a string, got array"],
    ["services:\n  web:\n    command: sh\n", 'service "web" has neither an image nor a build context specified: invalid compose project'],
    [
      "services:\n  web:\n    image: nginx\n    network_mode: host\n    networks: [a]\nnetworks:\n  a: {}\n",
      "service web declares mutually exclusive `network_mode` and `networks`: invalid compose project",
    ],
    ["services:\n  web:\n    image: nginx\n    networks: [nope]\n", 'service "web" refers to undefined network nope: invalid compose project'],
    ["services:\n  web:\n    image: nginx\n    depends_on: [db]\n", 'service "web" depends on undefined service "db": invalid compose project'],
    ["services:\n  a:\n    image: nginx\n    depends_on: [b]\n  b:\n    image: nginx\n    depends_on: [a]\n", "dependency cycle detected: a -> b -> a"],
    [
      "services:\n  web:\n    image: nginx\n    container_name: w\n    scale: 2\n",
      "services.web: can't set container_name and web as container name must be unique: invalid compose project",
    ],
    [
      "services:\n  web:\n    image: nginx\n    scale: 2\n    deploy: {replicas: 3}\n",
      "services.web: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project",
    ],
    [
      "networks:\n  n:\n    external: true\n    driver: bridge\nservices:\n  a: {image: nginx}\n",
      'conflicting parameters "external" and "driver" specified for network "n"',
    ],
    [
      "name: My_App\nservices:\n  a: {image: nginx}\n",
      'invalid project name "My_App": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number',
    ],
    [
      "services:\n  db:\n    image: postgres\n  web:\n    image: nginx\n    depends_on: [db]\n    x: 1\n",
      "validating compose file: services.web additional properties 'x' not allowed",
    ],
    [
      "services:\n  web:\n    image: nginx\n    depends_on: [dbg]\n  dbg:\n    image: busybox\n    profiles: [debug]\n",
      'service "web" depends on undefined service "dbg": invalid compose project',
    ],
    ["42\n", "validating compose file: (root) must be a mapping, got number"],
    [`services:\n  web:\n    image: '${DOLLAR}{TAG:?set a tag}'\n`, "required variable TAG is missing a value: set a tag"],
  ])("%#: %s", (text, message) => {
    expect(parseErr(text)).toBe(message);
  });

  it("takes the project name from -p, then name:, then the directory", () => {
    const text = "name: fromfile\nservices:\n  a: {image: nginx}\n";
    const p = (opts: object) => {
      const r = parseCompose(text, { dirName: "Dir Name", ...opts });
      return r.ok ? r.project.name : r.error;
    };
    expect(p({ projectName: "cli" })).toBe("cli");
    expect(p({})).toBe("fromfile");
    const r = parseCompose("services:\n  a: {image: nginx}\n", { dirName: "My.Project" });
    expect(r.ok && r.project.name).toBe("myproject");
  });
});

describe("hostile files are refused in bounded time", () => {
  const timed = (text: string) => {
    const t0 = performance.now();
    const error = parseErr(text);
    return { error, ms: performance.now() - t0 };
  };

  it("refuses an alias bomb", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    lines.push("services:\n  web:\n    image: nginx\n    x-bomb: *i");
    const { error, ms } = timed(lines.join("\n"));
    expect(error).toBe("compose.yaml: too many aliases (more than 100 expansions): refusing a possible alias bomb");
    expect(ms).toBeLessThan(1000);
  });

  it("refuses files over 1 MB without parsing them", () => {
    const big = `services:\n  web:\n    image: nginx\n# ${"x".repeat(MAX_BYTES)}\n`;
    const { error, ms } = timed(big);
    expect(error).toMatch(/^compose\.yaml: file is too large \(\d+ bytes\); the limit is 1048576 bytes \(1 MB\)$/);
    expect(ms).toBeLessThan(500);
  });

  it("refuses absurd nesting, flow or block", () => {
    const flow = timed(`services: ${"[".repeat(200_000)}`);
    expect(flow.error).toBe("compose.yaml: nesting is deeper than 64 levels; refusing to parse");
    expect(flow.ms).toBeLessThan(1000);
    let block = "services:\n";
    for (let i = 1; i < 200; i++) block += `${" ".repeat(i)}k:\n`;
    const deep = timed(block);
    expect(deep.error).toBe("compose.yaml: nesting is deeper than 64 levels; refusing to parse");
    expect(deep.ms).toBeLessThan(1000);
  });
});

describe("errors at up", () => {
  const up = (text: string) => {
    const r = parseCompose(text, { dirName: "app" });
    if (!r.ok) throw new Error(r.error);
    return composeUp(fresh(), HOST, r.project, { ids: seededIds(3), at: 0 });
  };

  it("reports a missing external network in Compose's words, before creating anything", () => {
    const r = up("services:\n  web:\n    image: nginx\n    networks: [shared]\nnetworks:\n  shared:\n    external: true\n    name: corp-net\n");
    expect(r.ok).toBe(false);
    expect(r.error).toBe("network corp-net declared as external, but could not be found");
    expect(r.ops).toEqual([]);
  });

  it("reports the daemon's port conflict and keeps what was done before", () => {
    const r = up("services:\n  a:\n    image: nginx\n    ports: ['8080:80']\n  b:\n    image: httpd\n    ports: ['8080:80']\n");
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(
      /^Error response from daemon: driver failed programming external connectivity on endpoint app-b-1 .*Bind for 0\.0\.0\.0:8080 failed: port is already allocated$/,
    );
    expect(r.lines.slice(-2)).toEqual([" Container app-b-1  Starting", r.error]);
    expect(Object.values(r.doc.containers).find((c) => c.name === "app-a-1")?.state).toBe("running");
  });

  it("refuses a static address outside the subnet", () => {
    const r = up(
      "services:\n  a:\n    image: nginx\n    networks:\n      n: {ipv4_address: 10.9.0.5}\nnetworks:\n  n:\n    ipam:\n      config: [{subnet: 10.8.0.0/24}]\n",
    );
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^Error response from daemon: /);
  });
});
