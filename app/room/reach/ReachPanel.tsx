"use client";
import { type FormEvent, memo, useEffect, useMemo, useState } from "react";
import { byOrder } from "@/lib/model";
import { lookup, type ReachResult, type Resolved } from "@/lib/sim";
import type { ReachQuery } from "@/lib/sync/live";
import { ask } from "../core/ask";

interface Props {
  resolved: Resolved;
  onResult: (r: ReachResult | null) => void;
  /** The question asked (null: cleared), for a presenter's spotlight. */
  onQuery?: (q: ReachQuery | null) => void;
}

type Kind = ReachQuery["source"]["kind"];

/** Every record that can ask: containers, machines (hosts and VMs), and "another machine on" each LAN. */
function sourcesOf(resolved: Resolved): { value: string; label: string }[] {
  const doc = resolved.doc;
  const out: { value: string; label: string }[] = [];
  for (const v of resolved.order) out.push({ value: `container:${v.c.id}`, label: `${v.c.name} (container)` });
  for (const m of byOrder(doc.machines)) out.push({ value: `machine:${m.id}`, label: `${m.name} (${m.kind === "vm" ? "VM" : "host"})` });
  for (const l of byOrder(doc.lans)) out.push({ value: `lan:${l.id}`, label: `another machine on ${l.name} (LAN)` });
  return out;
}

/**
 * "Can it reach?": a source, a target (name or address) and a port or a ping, answered by `reach()`
 * hop by hop. The answer is the question's, not a snapshot: it is asked again whenever the room changes.
 * Memoised: the room re-renders with every cursor move, and on a large document this panel (it lists
 * every container) is the costliest part of that re-render.
 */
export const ReachPanel = memo(function ReachPanel({ resolved, onResult, onQuery }: Props) {
  const sources = useMemo(() => sourcesOf(resolved), [resolved]);
  const names = useMemo(() => {
    const s = new Set<string>();
    for (const v of resolved.order) {
      s.add(v.c.name);
      for (const ep of v.c.endpoints) for (const a of ep.aliases) s.add(a);
    }
    for (const m of Object.values(resolved.doc.machines)) s.add(m.name);
    s.add("localhost");
    return [...s];
  }, [resolved]);
  const [source, setSource] = useState("");
  const [target, setTarget] = useState("");
  const [port, setPort] = useState("80");
  const [asked, setAsked] = useState<ReachQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const src = sources.some((s) => s.value === source) ? source : (sources[0]?.value ?? "");
  const result = useMemo(() => (asked ? ask(resolved, asked) : null), [asked, resolved]);
  useEffect(() => onResult(result), [result, onResult]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const ping = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "ping";
    const [kind, id] = src.split(":") as [Kind, string];
    if (!id || !target.trim()) return setError("pick a source and type a target");
    const p = ping || port.trim() === "" ? null : Number(port);
    if (p !== null && !(Number.isInteger(p) && p >= 1 && p <= 65535)) return setError(`invalid port: ${port} (1 to 65535, or press Ping)`);
    setError(null);
    const q: ReachQuery = { source: { kind, id }, target: target.trim(), port: p };
    setAsked(q);
    onQuery?.(q);
  }

  const dnsFrom = src.startsWith("container:") ? src.slice(10) : null;
  return (
    <section className="panel reach" aria-label="Can it reach?">
      <h2>Can it reach?</h2>
      <form onSubmit={submit} className="reach-form">
        <label>
          From
          <select value={src} onChange={(e) => setSource(e.target.value)}>
            {sources.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          To
          <input value={target} list="reach-names" onChange={(e) => setTarget(e.target.value)} aria-describedby="reach-hint" />
        </label>
        <datalist id="reach-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <label>
          Port
          <input value={port} inputMode="numeric" size={6} onChange={(e) => setPort(e.target.value)} aria-describedby="reach-hint" />
        </label>
        <p id="reach-hint" className="hint reach-hint">
          To: a name or an address. Check asks the port over TCP; Ping ignores it.
        </p>
        <div className="reach-actions">
          <button type="submit" value="port">
            Check
          </button>
          <button type="submit" value="ping">
            Ping
          </button>
          {asked && (
            <button
              type="button"
              onClick={() => {
                setAsked(null);
                onQuery?.(null);
              }}
            >
              Clear
            </button>
          )}
        </div>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {asked && result && (
        <div className={`verdict v-${result.verdict}`} aria-live="polite">
          <p>
            {sources.find((s) => s.value === `${asked.source.kind}:${asked.source.id}`)?.label.replace(/ \(.*\)$/, "") ?? "?"} → {asked.target}
            {asked.port === null ? " (ping)" : `:${asked.port}`}: <strong data-testid="reach-verdict">{result.verdict}</strong>{" "}
            <span data-testid="reach-reason">{result.reason}</span>
          </p>
          <ol className="hops">
            {result.path.map((h, i) => (
              // Hops can repeat a label; their place in the path is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i}>
                <strong>{h.label}</strong> <span className="muted">{h.rule}</span>
              </li>
            ))}
          </ol>
          <p className="hint">Kept up to date as the room changes.</p>
        </div>
      )}
      {dnsFrom && (
        <details>
          <summary>DNS from this container</summary>
          <ul className="small dns">
            {names.map((n) => {
              const l = lookup(resolved, dnsFrom, n);
              return (
                <li key={n}>
                  <strong>{n}</strong> → {l.ok ? l.addresses.join(", ") : <span className="muted">{l.reason}</span>}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
});
