"use client";
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { PortBadges } from "../canvas/PortBadges";
import type { ServiceNode } from "./services";
import "./services.css";

/** A swarm service: tasks come in on the left, networks leave from the top. */
export const ServiceNodeView = memo(function ServiceNodeView({ data }: NodeProps<ServiceNode>) {
  const s = data.service;
  const short = data.replicas.split("/")[0] !== String(s.replicas);
  return (
    <div className={`service-node${short ? " short" : ""}`}>
      <Handle type="source" id="networks" position={Position.Top} isConnectable={false} />
      <Handle type="target" id="tasks" position={Position.Left} isConnectable={false} />
      <div className="title">
        <span className="kind">service</span> <strong>{s.name}</strong>
      </div>
      <div className="muted small">
        {s.image} · <span title="running tasks / replicas">{data.replicas}</span>
        {s.endpointMode === "dnsrr" ? " · dnsrr" : ""}
        {data.pending > 0 ? ` · ${data.pending} pending` : ""}
      </div>
      <PortBadges ports={data.ports} />
    </div>
  );
});
