"use client";
/**
 * The canvas as tables, for screen readers and for anyone who prefers reading to looking: every box
 * (machines, networks, containers), the addresses, the links between them, what the room warns about,
 * and the answer of "Can it reach?". The same `resolve` result the canvas draws.
 */
import { byOrder, type Doc } from "@/lib/model";
import type { ReachResult, Resolved } from "@/lib/sim";

const published = (r: Resolved, id: string) =>
  (r.published.get(r.containers.get(id)?.machine.id ?? "") ?? [])
    .filter((p) => p.container.id === id)
    .map((p) => `${p.hostIp ? `${p.hostIp}:` : ""}${p.hostPort}→${p.containerPort}/${p.proto}`);

function nameOf(doc: Doc, id: string): string {
  return doc.containers[id]?.name ?? doc.networks[id]?.name ?? doc.machines[id]?.name ?? doc.lans[id]?.name ?? id;
}

export function TopologyTable({ resolved, reach }: { resolved: Resolved; reach: ReachResult | null }) {
  const doc = resolved.doc;
  const machines = byOrder(doc.machines);
  const nets = byOrder(doc.networks).filter((n) => n.driver !== "null" && n.driver !== "host");
  return (
    <section className="topology-table" aria-label="Topology as tables" id="topology-table">
      <table>
        <caption>Machines</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Addresses</th>
          </tr>
        </thead>
        <tbody>
          {machines.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name}</th>
              <td>{m.kind === "vm" ? `VM on ${nameOf(doc, m.vm?.hostId ?? "")}` : "host"}</td>
              <td>{m.nics.map((n) => `${n.name} ${n.address ?? "no address"}${n.lanId ? ` on ${nameOf(doc, n.lanId)}` : ""}`).join("; ") || "none"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(doc.lans).length > 0 && (
        <table>
          <caption>LANs</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Subnet</th>
              <th scope="col">Router</th>
            </tr>
          </thead>
          <tbody>
            {byOrder(doc.lans).map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.name}</th>
                <td>{l.subnet}</td>
                <td>{l.router ? `${l.router}${l.internet ? ", to the internet" : ""}` : "none"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table>
        <caption>Networks</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">On</th>
            <th scope="col">Driver</th>
            <th scope="col">Subnet and gateway</th>
          </tr>
        </thead>
        <tbody>
          {nets.map((n) => (
            <tr key={n.id}>
              <th scope="row">{n.name}</th>
              <td>{nameOf(doc, n.machineId)}</td>
              <td>
                {n.driver}
                {n.internal ? ", internal" : ""}
              </td>
              <td>{n.subnet ? `${n.subnet}, gateway ${n.gateway ?? "none"}` : "no addresses"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Containers and their links</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">On</th>
            <th scope="col">Image and state</th>
            <th scope="col">Networks and addresses</th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {resolved.order.map((v) => (
            <tr key={v.c.id}>
              <th scope="row">{v.c.name}</th>
              <td>{v.machine.name}</td>
              <td>
                {v.c.image}, {v.c.state}
              </td>
              <td>{v.endpoints.map((e) => `${e.network.name} ${e.ip ?? "(no address while stopped)"}`).join("; ") || `network mode ${v.c.networkMode}`}</td>
              <td>{published(resolved, v.c.id).join(", ") || "nothing"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {resolved.diagnostics.length > 0 && (
        <table>
          <caption>Warnings</caption>
          <thead>
            <tr>
              <th scope="col">About</th>
              <th scope="col">Level</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {resolved.diagnostics.map((d) => (
              <tr key={`${d.subject}:${d.code}:${d.message}`}>
                <th scope="row">{nameOf(doc, d.subject)}</th>
                <td>{d.level}</td>
                <td>{d.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
