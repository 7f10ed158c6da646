"use client";
import type { ReactNode } from "react";
import type { Goal, GoalResult, PickOptions } from "@/lib/exercise";

interface Props {
  index: number;
  goal: Goal;
  options: PickOptions;
  /** The goal checked against the canvas as it is now. */
  result: GoalResult | undefined;
  onChange: (g: Goal) => void;
  onRemove: () => void;
}

function Pick({ label, value, choices, onChange }: { label: string; value: string; choices: string[]; onChange: (v: string) => void }) {
  const all = choices.includes(value) ? choices : [value, ...choices];
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {all.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A port dropdown of what the document listens on or publishes, plus ping when allowed. */
function PortPick({
  label,
  value,
  ports,
  ping,
  onChange,
}: {
  label: string;
  value: number | null | undefined;
  ports: number[];
  ping?: boolean;
  onChange: (p: number | null) => void;
}) {
  const list = value != null && !ports.includes(value) ? [value, ...ports] : ports;
  return (
    <label>
      {label}
      <select value={value == null ? "" : String(value)} onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}>
        {ping ? <option value="">ping</option> : <option value="">any</option>}
        {list.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}

function Not({ goal, onChange }: { goal: Goal; onChange: (g: Goal) => void }) {
  if (!("not" in goal) && !["resolves", "reaches", "published", "running", "sharesKernel", "ownKernel", "service"].includes(goal.kind)) return null;
  const on = "not" in goal && goal.not === true;
  return (
    <label className="inline">
      <input type="checkbox" checked={on} onChange={(e) => onChange({ ...goal, not: e.target.checked } as Goal)} /> not
    </label>
  );
}

/** One goal of the authoring form: its operands picked from the canvas, its title and hint. */
export function GoalEditor({ index, goal, options, result, onChange, onRemove }: Props) {
  const o = options;
  const set = (patch: Record<string, unknown>) => onChange({ ...goal, ...patch } as Goal);
  let fields: ReactNode;
  switch (goal.kind) {
    case "reaches":
      fields = (
        <>
          <Pick label="From" value={goal.from} choices={o.parties} onChange={(v) => set({ from: v })} />
          <Pick label="Target" value={goal.target} choices={[...o.containers, ...o.machines, "localhost"]} onChange={(v) => set({ target: v })} />
          <PortPick label="Port" value={goal.port} ports={o.ports} ping onChange={(p) => set({ port: p })} />
        </>
      );
      break;
    case "resolves":
      fields = (
        <>
          <Pick label="From" value={goal.from} choices={[...o.containers, ...o.machines]} onChange={(v) => set({ from: v })} />
          <Pick label="Name" value={goal.name} choices={[...o.containers, ...o.machines]} onChange={(v) => set({ name: v })} />
        </>
      );
      break;
    case "published":
      fields = (
        <>
          <Pick label="Container" value={goal.container} choices={o.containers} onChange={(v) => set({ container: v })} />
          <PortPick label="Host port" value={goal.hostPort} ports={o.ports} onChange={(p) => set({ hostPort: p ?? undefined })} />
          <PortPick label="Container port" value={goal.containerPort} ports={o.ports} onChange={(p) => set({ containerPort: p ?? undefined })} />
        </>
      );
      break;
    case "isolated":
    case "sharesKernel":
      fields = (
        <>
          <Pick label="A" value={goal.a} choices={[...o.containers, ...(goal.kind === "sharesKernel" ? o.machines : [])]} onChange={(v) => set({ a: v })} />
          <Pick label="B" value={goal.b} choices={[...o.containers, ...(goal.kind === "sharesKernel" ? o.machines : [])]} onChange={(v) => set({ b: v })} />
        </>
      );
      break;
    case "ownKernel":
      fields = <Pick label="Of" value={goal.of} choices={[...o.machines, ...o.containers]} onChange={(v) => set({ of: v })} />;
      break;
    case "running":
      fields = <Pick label="Container" value={goal.container} choices={o.containers} onChange={(v) => set({ container: v })} />;
      break;
    case "service":
      fields = (
        <>
          <Pick label="Service" value={goal.service} choices={o.services} onChange={(v) => set({ service: v })} />
          <PortPick label="Publishes" value={goal.publishes} ports={o.ports} onChange={(p) => set({ publishes: p ?? undefined })} />
        </>
      );
      break;
    case "count":
      fields = (
        <>
          <Pick label="Of" value={goal.of} choices={["containers", "networks"]} onChange={(v) => set({ of: v })} />
          <Pick label="Op" value={goal.op} choices={["==", "!=", "<", "<=", ">", ">="]} onChange={(v) => set({ op: v })} />
          <label>
            N
            <input type="number" min={0} value={goal.n} onChange={(e) => set({ n: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} />
          </label>
        </>
      );
      break;
  }
  return (
    <fieldset className="goal-editor" data-testid={`goal-${index}`}>
      <legend>
        Goal {index + 1}: <code>{goal.kind}</code>{" "}
        {result && (
          <span className={result.met ? "met" : "unmet"} title={result.why}>
            {result.met ? "✓ met now" : "✗ not met now"}
          </span>
        )}
      </legend>
      <div className="goal-fields">
        {fields}
        <Not goal={goal} onChange={onChange} />
      </div>
      <label>
        Title
        <input value={goal.title} placeholder="What the learner sees in the checklist" onChange={(e) => set({ title: e.target.value })} />
      </label>
      <label>
        Hint
        <input value={goal.hint} placeholder="Shown while the goal is not met" onChange={(e) => set({ hint: e.target.value })} />
      </label>
      {result && <p className="muted small">{result.why}</p>}
      <button type="button" onClick={onRemove}>
        Remove goal
      </button>
    </fieldset>
  );
}
