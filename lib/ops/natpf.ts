/**
 * VirtualBox's NAT port-forwarding rule text, "name,tcp,hostip,hostport,guestip,guestport", as
 * `VBoxManage modifyvm --natpfN` takes it; shared by the shell and the canvas inspector.
 */
import type { PortForward } from "../model";

/**
 * Parses one rule (an empty name: VirtualBox names it after the protocol and ports); null when malformed.
 * @example parseNatPf("guestssh,tcp,,2222,,22") // { name: "guestssh", proto: "tcp", hostIp: "", hostPort: 2222, guestIp: "", guestPort: 22 }
 */
export function parseNatPf(text: string): PortForward | null {
  const f = text.split(",");
  if (f.length !== 6) return null;
  const [name, proto, hostIp, hostPort, guestIp, guestPort] = f as [string, string, string, string, string, string];
  if (proto !== "tcp" && proto !== "udp") return null;
  const hp = Number(hostPort);
  const gp = Number(guestPort);
  if (!Number.isInteger(hp) || hp < 1 || hp > 65535 || !Number.isInteger(gp) || gp < 1 || gp > 65535) return null;
  return { name: name || `${proto}_${hp}_${gp}`, proto, hostIp, hostPort: hp, guestIp, guestPort: gp };
}

/** The rule back in the text form `showvminfo` users type. */
export function natPfText(r: PortForward): string {
  return [r.name, r.proto, r.hostIp, r.hostPort, r.guestIp, r.guestPort].join(",");
}
