"use client";
import { useReactFlow } from "@xyflow/react";
import { type DragEvent, useCallback, useEffect, useState } from "react";
import { type At, addHost, addLan, addVm, type IntentResult, isRefusal } from "@/lib/intents";
import { type Doc, randomIds } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { DRAG_TYPE } from "../canvas/Palette";
import { dryRun, freeMachineName } from "../core/actions";

type Kind = "lan" | "host" | "vm";

interface Props {
  doc: Doc;
  canEdit: boolean;
  submitAll: (ops: Op[]) => string | null;
}

function onDragStart(kind: Kind) {
  return (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_TYPE, `machine:${kind}`);
    e.dataTransfer.effectAllowed = "copy";
  };
}

/** LANs, physical hosts and VMs: drag onto the canvas (a VM onto its host) or add with the buttons. */
export function MachinePalette({ doc, canEdit, submitAll }: Props) {
  const { screenToFlowPosition, getNodes } = useReactFlow();
  const hosts = Object.values(doc.machines)
    .filter((m) => m.kind === "host")
    .sort((a, b) => a.order - b.order);
  const lans = Object.values(doc.lans).sort((a, b) => a.order - b.order);
  const [lan, setLan] = useState({ name: "", subnet: "10.10.0.0/24", internet: false });
  const [host, setHost] = useState({ name: "", lanId: "" });
  const [vm, setVm] = useState<{ name: string; hypervisor: "virtualbox" | "kvm"; hostId: string }>({ name: "", hypervisor: "virtualbox", hostId: "" });
  const [error, setError] = useState<{ kind: Kind; text: string } | null>(null);

  const create = useCallback(
    (kind: Kind, at: At, onHost?: string): void => {
      const env = { doc, ids: randomIds, now: Date.now() };
      let ops: IntentResult;
      if (kind === "lan")
        ops = addLan(env, { name: lan.name.trim() || freeMachineName(doc, "lan2", "lan"), subnet: lan.subnet.trim(), internet: lan.internet, at });
      else if (kind === "host")
        ops = addHost(env, { name: host.name.trim() || freeMachineName(doc, "pc2", "machine"), lanId: host.lanId || lans[0]?.id || "", at });
      else {
        const hostId = onHost ?? (vm.hostId || hosts[0]?.id || "");
        ops = addVm(env, { name: vm.name.trim() || freeMachineName(doc, "vm1", "machine"), hypervisor: vm.hypervisor, hostId, at });
      }
      if (isRefusal(ops)) {
        setError({ kind, text: ops.error });
        return;
      }
      const checked = dryRun(doc, ops);
      if (!checked.ok) {
        setError({ kind, text: checked.error });
        return;
      }
      const refused = submitAll(ops);
      setError(refused ? { kind, text: refused } : null);
      if (!refused && kind === "vm") setVm((v) => ({ ...v, name: "" }));
      if (!refused && kind === "host") setHost((h) => ({ ...h, name: "" }));
      if (!refused && kind === "lan") setLan((l) => ({ ...l, name: "" }));
    },
    [doc, lan, host, vm, lans, hosts, submitAll],
  );

  // The canvas hands drops it does not know on to the page: these are ours.
  useEffect(() => {
    const onDrop = (e: globalThis.DragEvent) => {
      const data = e.dataTransfer?.getData(DRAG_TYPE) ?? "";
      if (!data.startsWith("machine:") || !(e.target instanceof Element) || !e.target.closest(".react-flow")) return;
      e.preventDefault();
      const kind = data.slice(8) as Kind;
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      if (kind !== "vm") return create(kind, p);
      const target = getNodes().find(
        (n) =>
          n.type === "host" &&
          !n.parentId &&
          p.x >= n.position.x &&
          p.y >= n.position.y &&
          p.x <= n.position.x + (n.width ?? 0) &&
          p.y <= n.position.y + (n.height ?? 0),
      );
      if (!target) return create("vm", null);
      create("vm", { x: Math.max(8, p.x - target.position.x), y: Math.max(40, p.y - target.position.y) }, target.id);
    };
    window.addEventListener("drop", onDrop);
    return () => window.removeEventListener("drop", onDrop);
  }, [create, screenToFlowPosition, getNodes]);

  const alert = (kind: Kind) =>
    error?.kind === kind ? (
      <p id={`palette-err-${kind}`} className="field-error" role="alert">
        {error.text}
      </p>
    ) : null;

  return (
    <fieldset disabled={!canEdit} className="machine-palette">
      <fieldset className="palette-item" draggable={canEdit} onDragStart={onDragStart("vm")} aria-label="Virtual machine: drag onto a host or press Add">
        <legend>Virtual machine</legend>
        <label>
          VM
          <input value={vm.name} placeholder={freeMachineName(doc, "vm1", "machine")} onChange={(e) => setVm({ ...vm, name: e.target.value })} />
        </label>
        <label>
          Hypervisor
          <select value={vm.hypervisor} onChange={(e) => setVm({ ...vm, hypervisor: e.target.value === "kvm" ? "kvm" : "virtualbox" })}>
            <option value="virtualbox">VirtualBox</option>
            <option value="kvm">KVM (libvirt)</option>
          </select>
        </label>
        <label>
          Runs on
          <select value={vm.hostId || hosts[0]?.id || ""} onChange={(e) => setVm({ ...vm, hostId: e.target.value })}>
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => create("vm", null)}>
          Add VM
        </button>
        {alert("vm")}
      </fieldset>
      <fieldset className="palette-item" draggable={canEdit} onDragStart={onDragStart("host")} aria-label="Physical host: drag onto the canvas or press Add">
        <legend>Physical host</legend>
        <label>
          Host
          <input value={host.name} placeholder={freeMachineName(doc, "pc2", "machine")} onChange={(e) => setHost({ ...host, name: e.target.value })} />
        </label>
        <label>
          Plugged into
          <select value={host.lanId || lans[0]?.id || ""} onChange={(e) => setHost({ ...host, lanId: e.target.value })}>
            {lans.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.subnet})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => create("host", null)}>
          Add host
        </button>
        {alert("host")}
      </fieldset>
      <fieldset className="palette-item" draggable={canEdit} onDragStart={onDragStart("lan")} aria-label="LAN: drag onto the canvas or press Add">
        <legend>LAN</legend>
        <label>
          LAN
          <input value={lan.name} placeholder={freeMachineName(doc, "lan2", "lan")} onChange={(e) => setLan({ ...lan, name: e.target.value })} />
        </label>
        <label>
          Subnet
          <input value={lan.subnet} onChange={(e) => setLan({ ...lan, subnet: e.target.value })} aria-invalid={error?.kind === "lan"} />
        </label>
        <label className="row">
          <input type="checkbox" checked={lan.internet} onChange={(e) => setLan({ ...lan, internet: e.target.checked })} /> Internet behind its router
        </label>
        <button type="button" onClick={() => create("lan", null)}>
          Add LAN
        </button>
        {alert("lan")}
      </fieldset>
    </fieldset>
  );
}
