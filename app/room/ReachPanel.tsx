"use client";
import { type FormEvent, useMemo, useState } from "react";
import { lookup, type ReachResult, type Resolved, reach, type Source } from "@/lib/sim";
import type { ReachQuery } from "@/lib/sync/live";

interface Props {
  resolved: Resolved;
  onResult: (r: ReachResult | null) => void;
  /** The question asked (null: cleared), for a presenter's spotlight. */
  onQuery?: (q: ReachQuery | null) => void;
}

/** "Can it reach?": a source, a target (name or address) and a port, answered by `reach()` hop by hop. */
export function ReachPanel({ resolved, onResult, onQuery }: Props) {
  const doc = resolved.doc;
  const sources = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    for (const v of resolved.order) out.push({ value: `container:${v.c.id}`, label: `${v.c.name} (container)` });
    for (const m of Object.values(doc.machines).sort((a, b) => a.order - b.order)) out.push({ value: `machine:${m.id}`, label: `${m.name} (host)` });
    return out;
  }, [resolved, doc]);
  const names = useMemo(() => {
    const s = new Set<string>();
    for (const v of resolved.order) {
      s.add(v.c.name);
      for (const ep of v.c.endpoints) for (const a of ep.aliases) s.add(a);
    }
    for (const m of Object.values(doc.machines)) s.add(m.name);
    s.add("localhost");
    return [...s];
  }, [resolved, doc]);
  const [source, setSource] = useState("");
  const [target, setTarget] = useState("");
  const [port, setPort] = useState("80");
  const [result, setResult] = useState<ReachResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const src = source || sources[0]?.value || "";

  function check(e: FormEvent) {
    e.preventDefault();
    const [kind, id] = src.split(":") as [string, string];
    if (!id || !target.trim()) return setError("pick a source and type a target");
    const p = port.trim() === "" ? null : Number(port);
    if (p !== null && !(Number.isInteger(p) && p >= 1 && p <= 65535)) return setError(`invalid port: ${port}`);
    setError(null);
    const s: Source = kind === "machine" ? { kind: "machine", id } : { kind: "container", id };
    const r = reach(resolved, s, target.trim(), { port: p });
    setResult(r);
    onResult(r);
    onQuery?.({ source: s, target: target.trim(), port: p });
  }

  const dnsFrom = src.startsWith("container:") ? src.slice(10) : null;
  return (
    <section className="panel reach" aria-label="Can it reach?">
      <h2>Can it reach?</h2>
      <form onSubmit={check} className="reach-form">
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
          <input value={target} list="reach-names" placeholder="web or 172.17.0.2" onChange={(e) => setTarget(e.target.value)} />
        </label>
        <datalist id="reach-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <label>
          Port
          <input value={port} inputMode="numeric" placeholder="(ping)" size={6} onChange={(e) => setPort(e.target.value)} />
        </label>
        <button type="submit">Check</button>
        {result && (
          <button
            type="button"
            onClick={() => {
              setResult(null);
              onResult(null);
              onQuery?.(null);
            }}
          >
            Clear
          </button>
        )}
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className={`verdict v-${result.verdict}`} aria-live="polite">
          <p>
            <strong data-testid="reach-verdict">{result.verdict}</strong> <span data-testid="reach-reason">{result.reason}</span>
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
}
