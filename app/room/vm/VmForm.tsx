"use client";
import { type FormEvent, useEffect, useState } from "react";
import type { Adapter, AdapterMode, Doc, Machine, Vm } from "@/lib/model";
import type { Op } from "@/lib/ops";
import { natPfText, parseNatPf } from "@/lib/ops/natpf";
import { GUEST_NICS } from "@/lib/sim";
import { dryRun } from "../core/actions";
import { MODE_LABEL } from "./topology";

type VmMachine = Machine & { vm: Vm };

interface Props {
  doc: Doc;
  m: VmMachine;
  canEdit: boolean;
  submitAll: (ops: Op[]) => string | null;
}

const VBOX_MODES: AdapterMode[] = ["none", "null", "nat", "natnetwork", "bridged", "hostonly", "intnet"];
const KVM_MODES: AdapterMode[] = ["none", "libvirt", "bridged"];

/** The name each mode attaches to, and where `vm.setAdapter` keeps it. */
const NAME_FIELD: Partial<Record<AdapterMode, { key: "natNetwork" | "intnet" | "hostOnly" | "bridge" | "network"; label: string; fallback: string }>> = {
  natnetwork: { key: "natNetwork", label: "NAT Network", fallback: "NatNetwork" },
  intnet: { key: "intnet", label: "Internal network", fallback: "intnet" },
  hostonly: { key: "hostOnly", label: "Host-only interface", fallback: "vboxnet0" },
  bridged: { key: "bridge", label: "Bridged to", fallback: "eth0" },
  libvirt: { key: "network", label: "libvirt network", fallback: "default" },
};

function vboxError(text: string): string {
  return text.startsWith("VBoxManage") || text.startsWith("error:") ? text : `VBoxManage: error: ${text}`;
}

/** One adapter slot: its mode, the network it names, and (NAT) its port-forwarding rules. */
function AdapterRow({ doc, m, slot, submitAll }: Omit<Props, "canEdit"> & { slot: number }) {
  const a = m.vm.adapters[slot - 1] as Adapter;
  const [mode, setMode] = useState<AdapterMode>(a.mode);
  const field = NAME_FIELD[mode];
  const current = field ? (a[field.key] ?? "") : "";
  const [name, setName] = useState(current);
  const [rule, setRule] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setMode(a.mode);
  }, [a.mode]);
  useEffect(() => {
    setName(current);
  }, [current]);
  const send = (ops: Op[]) => {
    const r = dryRun(doc, ops);
    setError(r.ok ? submitAll(ops) : m.vm.hypervisor === "kvm" ? `error: ${r.error}` : vboxError(r.error));
    return r.ok;
  };
  const apply = () => {
    const op: Op = { type: "vm.setAdapter", machineId: m.id, slot, mode, ...(field ? { [field.key]: name.trim() || field.fallback } : {}) };
    send([op]);
  };
  const addRule = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseNatPf(rule.trim());
    if (!parsed) return setError(vboxError(`Invalid NAT port-forwarding rule '${rule}'`));
    if (send([{ type: "vm.addPortForward", machineId: m.id, slot, rule: parsed }])) setRule("");
  };
  const nic = GUEST_NICS[m.vm.hypervisor][slot - 1] as string;
  const address = m.nics.find((n) => n.name === nic)?.address;
  const modes = m.vm.hypervisor === "kvm" ? KVM_MODES : VBOX_MODES;
  const errId = `vm-${m.id}-nic${slot}-err`;
  return (
    <fieldset className="adapter" aria-label={`NIC ${slot}`}>
      <legend>
        NIC {slot} <span className="muted small">{nic}</span> {address && <span className="small">{address}</span>}
      </legend>
      <div className="row">
        <label className="grow">
          Attached to
          <select value={mode} onChange={(e) => setMode(e.target.value as AdapterMode)} aria-describedby={error ? errId : undefined}>
            {modes.map((x) => (
              <option key={x} value={x}>
                {MODE_LABEL[x]}
              </option>
            ))}
          </select>
        </label>
        {field && (
          <label className="grow">
            {field.label}
            <input value={name} placeholder={field.fallback} onChange={(e) => setName(e.target.value)} />
          </label>
        )}
        <button type="button" onClick={apply}>
          Set NIC {slot}
        </button>
      </div>
      {a.mode === "nat" && (
        <div className="natpf">
          <ul className="small" aria-label={`NIC ${slot} port forwarding`}>
            {a.portForwards.map((r) => (
              <li key={r.name}>
                <code>{natPfText(r)}</code>{" "}
                <button type="button" onClick={() => send([{ type: "vm.removePortForward", machineId: m.id, slot, name: r.name }])}>
                  Remove {r.name}
                </button>
              </li>
            ))}
          </ul>
          <form onSubmit={addRule} className="row">
            <label className="grow">
              Port forwarding rule
              <input value={rule} onChange={(e) => setRule(e.target.value)} aria-describedby={`${errId}-hint${error ? ` ${errId}` : ""}`} />
            </label>
            <p id={`${errId}-hint`} className="hint">
              name,protocol,host IP,host port,guest IP,guest port, e.g. guestssh,tcp,,2222,,22
            </p>
            <button type="submit">Add rule</button>
          </form>
        </div>
      )}
      {error && (
        <p id={errId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * A VM's power state and adapters, as VirtualBox's settings dialog (or virsh) would change them. A
 * running VirtualBox VM refuses adapter changes with VirtualBox's own message.
 */
export function VmForm({ doc, m, canEdit, submitAll }: Props) {
  const [error, setError] = useState<string | null>(null);
  const running = m.vm.state === "running";
  const power = () => {
    const op: Op = running ? { type: "vm.poweroff", machineId: m.id } : { type: "vm.start", machineId: m.id, at: Date.now() };
    const r = dryRun(doc, [op]);
    setError(r.ok ? submitAll([op]) : m.vm.hypervisor === "kvm" ? `error: ${r.error}` : vboxError(r.error));
  };
  return (
    <fieldset disabled={!canEdit} className="vm-form" aria-label={`virtual machine ${m.name} settings`}>
      <div className="row">
        <span className="small">
          {m.vm.hypervisor === "kvm" ? "KVM" : "VirtualBox"} · {running ? "running" : "powered off"}
        </span>
        <button type="button" onClick={power}>
          {running ? "Power off" : "Start"}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {[1, 2, 3, 4].map((slot) => (
        <AdapterRow key={slot} doc={doc} m={m} slot={slot} submitAll={submitAll} />
      ))}
    </fieldset>
  );
}
