"use client";
/**
 * The canvas as tables, for screen readers and for anyone who prefers reading to looking: every box
 * (machines, networks, containers), the addresses, the links between them, what the room warns about,
 * and the answer of "Can it reach?". The same `resolve` result the canvas draws.
 */
import type { ReactNode } from "react";
import { byOrder, type Doc } from "@/lib/model";
import type { ReachResult, Resolved } from "@/lib/sim";

const published = (r: Resolved, id: string) =>
  (r.published.get(r.containers.get(id)?.machine.id ?? "") ?? [])
    .filter((p) => p.container.id === id)
    .map((p) => `${p.hostIp ? `${p.hostIp}:` : ""}${p.hostPort}→${p.containerPort}/${p.proto}`);

function nameOf(doc: Doc, id: string): string {
  return doc.containers[id]?.name ?? doc.networks[id]?.name ?? doc.machines[id]?.name ?? doc.lans[id]?.name ?? id;
}

/** One row: the record's name heads it, then a cell per further column. */
interface Row {
  key: string;
  head: ReactNode;
  cells: ReactNode[];
}

/** A captioned table whose first column names each row's record (a row header for screen readers). */
function Table({ caption, columns, rows }: { caption: string; columns: readonly string[]; rows: readonly Row[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.head}</th>
            {r.cells.map((c, i) => (
              <td key={columns[i + 1]}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TopologyTable({ resolved, reach }: { resolved: Resolved; reach: ReachResult | null }) {
  const doc = resolved.doc;
  const nets = byOrder(doc.networks).filter((n) => n.driver !== "null" && n.driver !== "host");
  return (
    <section className="topology-table" aria-label="Topology as tables" id="topology-table">
      <Table
        caption="Machines"
        columns={["Name", "Kind", "Addresses"]}
        rows={byOrder(doc.machines).map((m) => ({
          key: m.id,
          head: m.name,
          cells: [
            m.kind === "vm" ? `VM on ${nameOf(doc, m.vm?.hostId ?? "")}` : "host",
            m.nics.map((n) => `${n.name} ${n.address ?? "no address"}${n.lanId ? ` on ${nameOf(doc, n.lanId)}` : ""}`).join("; ") || "none",
          ],
        }))}
      />
      {Object.keys(doc.lans).length > 0 && (
        <Table
          caption="LANs"
          columns={["Name", "Subnet", "Router"]}
          rows={byOrder(doc.lans).map((l) => ({
            key: l.id,
            head: l.name,
            cells: [l.subnet, l.router ? `${l.router}${l.internet ? ", to the internet" : ""}` : "none"],
          }))}
        />
      )}
      <Table
        caption="Networks"
        columns={["Name", "On", "Driver", "Subnet and gateway"]}
        rows={nets.map((n) => ({
          key: n.id,
          head: n.name,
          cells: [
            nameOf(doc, n.machineId),
            `${n.driver}${n.internal ? ", internal" : ""}`,
            n.subnet ? `${n.subnet}, gateway ${n.gateway ?? "none"}` : "no addresses",
          ],
        }))}
      />
      <Table
        caption="Containers and their links"
        columns={["Name", "On", "Image and state", "Networks and addresses", "Published"]}
        rows={resolved.order.map((v) => ({
          key: v.c.id,
          head: v.c.name,
          cells: [
            v.machine.name,
            `${v.c.image}, ${v.c.state}`,
            v.endpoints.map((e) => `${e.network.name} ${e.ip ?? "(no address while stopped)"}`).join("; ") || `network mode ${v.c.networkMode}`,
            published(resolved, v.c.id).join(", ") || "nothing",
          ],
        }))}
      />
      {resolved.diagnostics.length > 0 && (
        <Table
          caption="Warnings"
          columns={["About", "Level", "Message"]}
          rows={resolved.diagnostics.map((d) => ({ key: `${d.subject}:${d.code}:${d.message}`, head: nameOf(doc, d.subject), cells: [d.level, d.message] }))}
        />
      )}
      <h2>Can it reach?</h2>
      {reach ? (
        <>
          <p>
            <strong>{reach.verdict}</strong>: {reach.reason}
          </p>
          <ol>
            {reach.path.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: hops can repeat; their place is their identity
              <li key={i}>
                {h.label}: {h.rule}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>No question asked yet: use the Can it reach? panel.</p>
      )}
    </section>
  );
}
