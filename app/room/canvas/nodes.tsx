"use client";
import { Handle, type NodeProps, NodeResizer, Position } from "@xyflow/react";
import { memo } from "react";
import { ServiceNodeView } from "../swarm/ServiceNodeView";
import type { LanNode } from "../vm/topology";
import type { ContainerNode, HostNode, NetworkNode } from "./graph";
import { PortBadges } from "./PortBadges";
import "../vm/machines.css";

function Diagnostics({ list }: { list: { level: string; message: string; code: string }[] }) {
  if (list.length === 0) return null;
  return (
    <ul className="diags">
      {list.map((d) => (
        <li key={d.code + d.message} className={`diag ${d.level}`} title={d.message}>
          <span aria-hidden="true">{d.level === "error" ? "⛔" : "⚠"}</span> {d.message}
        </li>
      ))}
    </ul>
  );
}

const HostNodeView = memo(function HostNodeView({ data, selected }: NodeProps<HostNode>) {
  const m = data.machine;
  const nic = m.nics.find((n) => n.address)?.address;
  const vm = m.vm;
  return (
    <div className={`host-node${vm ? ` vm-node vm-${vm.state}` : ""}`}>
      <NodeResizer isVisible={selected} minWidth={vm ? 300 : 640} minHeight={vm ? 110 : 360} />
      {/* NICs leave from the top towards their LAN; a host takes its guests' adapters at the bottom. */}
      <Handle type="source" id="nic" position={Position.Top} isConnectable={false} />
      {vm ? (
        <Handle type="source" id="adapter" position={Position.Bottom} isConnectable={false} />
      ) : (
        <Handle type="target" id="guest" position={Position.Bottom} isConnectable={false} />
      )}
      <header className="host-drag">
        <span className="kind">{vm ? `${vm.hypervisor === "kvm" ? "KVM" : "VirtualBox"} VM` : "Linux host"}</span>
        <strong>{m.name}</strong>
        {vm ? <span className="badge power">{vm.state === "running" ? "running" : "powered off"}</span> : nic && <span className="muted">eth0 {nic}</span>}
        {!m.engine && <span className="muted">no Docker Engine</span>}
      </header>
      <Diagnostics list={data.diagnostics} />
    </div>
  );
});

const LanNodeView = memo(function LanNodeView({ data }: NodeProps<LanNode>) {
  const l = data.lan;
  return (
    <div className="lan-node">
      <div className="title">
        <span className="kind">LAN</span> <strong>{l.name}</strong>
      </div>
      <div className="muted small">
        {l.subnet} · router {l.router ?? "none"}
        {l.internet && l.router ? " · internet" : ""}
      </div>
      <Handle type="target" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const NetworkNodeView = memo(function NetworkNodeView({ data }: NodeProps<NetworkNode>) {
  const n = data.network;
  return (
    <div className={`network-node driver-${n.driver}`}>
      <div className="title">
        <strong>{n.name}</strong> <span className="muted">{n.driver === "null" ? "none" : n.driver}</span>
        {n.internal && <span className="tag">internal</span>}
      </div>
      <div className="muted small">{n.subnet ? `${n.subnet} · gw ${n.gateway ?? "—"}` : "no IPAM"}</div>
      <Diagnostics list={data.diagnostics} />
      <Handle type="target" position={Position.Bottom} />
    </div>
  );
});

const ContainerNodeView = memo(function ContainerNodeView({ data }: NodeProps<ContainerNode>) {
  const c = data.container;
  return (
    <div className={`container-node state-${c.state}`}>
      <Handle type="source" position={Position.Top} />
      <Handle type="target" id="ns" position={Position.Right} isConnectable={false} />
      <div className="title">
        <span className="dot" aria-hidden="true" />
        <strong>{c.name}</strong>
      </div>
      <div className="muted small">
        {c.image} · {c.state === "exited" ? `exited (${c.exitCode})` : c.state}
        {data.mode === "host" || data.mode === "none" ? ` · net ${data.mode}` : ""}
      </div>
      <PortBadges ports={data.ports} />
      <Diagnostics list={data.diagnostics} />
    </div>
  );
});

export const nodeTypes = { host: HostNodeView, network: NetworkNodeView, container: ContainerNodeView, lan: LanNodeView, service: ServiceNodeView };
