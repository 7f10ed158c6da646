#!/usr/bin/env bash
# Private real Docker Engine for the fidelity tests (tests/fidelity/).
#
#   scripts/real-engine.sh start  DIR   start dockerd (if not running) and build the images
#   scripts/real-engine.sh stop   DIR   stop dockerd, the fake LAN router and remove the netns
#   scripts/real-engine.sh images DIR   (re)build missing images on a running engine
#   scripts/real-engine.sh status DIR   exit 0 if the engine answers
#   scripts/real-engine.sh env    DIR   print DOCKER_HOST=... and DOCKSIDE_NETNS=... lines
#
# The daemon runs in its own network namespace so that it never fights with another dockerd on this
# machine over docker0, 172.17.0.0/16 or the iptables chains. The namespace mimics the simulated host:
#   eth0 192.168.1.10/24, default route via 192.168.1.1 (a second namespace "<ns>-lan" playing the LAN
#   router; it answers ping and runs a tiny DNS server that answers NXDOMAIN for every name), and
#   /etc/resolv.conf = "nameserver 192.168.1.1" (via /etc/netns/<ns>/resolv.conf).
# Host-side commands of a scenario (curl, wget, ping) must run in that namespace:
#   nsenter --net=/run/netns/"$(cat DIR/netns)" curl -s localhost:8080
#
# Requires root, dockerd (/usr/sbin/dockerd), containerd, runc, iproute2, node, and a static busybox
# (/bin/busybox from Debian's busybox-static).
set -euo pipefail

usage() {
	echo "usage: $0 start|stop|images|status|env DIR" >&2
	exit 2
}

[ $# -ge 2 ] || usage
ACTION=$1
DIR=$2
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

DOCKERD=${DOCKERD:-/usr/sbin/dockerd}
BUSYBOX=${BUSYBOX:-/bin/busybox}
if [ -x /usr/local/bin/docker ]; then DOCKER_BIN=${DOCKER_BIN:-/usr/local/bin/docker}; else DOCKER_BIN=${DOCKER_BIN:-docker}; fi
SOCK="$DIR/docker.sock"
HOST="unix://$SOCK"
LOG="$DIR/dockerd.log"
HASH=$(printf '%s' "$DIR" | md5sum | cut -c1-8)
NS="dockside-$HASH"
LANNS="dockside-$HASH-lan"
HOST_ADDR=192.168.1.10
ROUTER_ADDR=192.168.1.1
LAN_PREFIX=24
IMAGES_VERSION=6
# The daemon's registry traffic to an address beyond the LAN goes through a proxy on a port nothing
# listens on, so such a pull or push fails at once instead of waiting for a connection timeout. Names
# stay direct (the LAN's DNS answers NXDOMAIN at once, so a Hub pull still fails on the lookup, as it
# does for a learner without internet; Go's NO_PROXY matches a name by its suffix, hence the top-level
# domains), and so do the loopback and the LAN, where a registry is reached as in the simulation.
REFUSING_PROXY=http://127.0.0.1:9
NO_PROXY_LIST=localhost,127.0.0.0/8,192.168.1.0/24,.io,.com,.org,.net,.dev,.lan,.local,.internal,.test,.example
# registry:2 is built from Debian's docker-registry (distribution 2.8) when the package is installed.
REGISTRY_BIN=${REGISTRY_BIN:-/usr/bin/docker-registry}

dk() { "$DOCKER_BIN" -H "$HOST" "$@"; }

engine_up() { [ -S "$SOCK" ] && dk info >/dev/null 2>&1; }

die_with_log() {
	echo "real-engine: $*" >&2
	if [ -f "$LOG" ]; then
		echo "----- last 40 lines of $LOG -----" >&2
		tail -n 40 "$LOG" >&2
	fi
	exit 1
}

# ---------------------------------------------------------------- network namespaces
setup_netns() {
	if ip netns list | awk '{print $1}' | grep -qx "$NS" && ip -n "$NS" link show eth0 >/dev/null 2>&1 &&
		ip netns list | awk '{print $1}' | grep -qx "$LANNS"; then
		printf '%s\n' "$NS" >"$DIR/netns"
		return 0
	fi
	ip netns del "$NS" 2>/dev/null || true
	ip netns del "$LANNS" 2>/dev/null || true
	ip netns add "$NS"
	ip netns add "$LANNS"
	ip -n "$NS" link set lo up
	ip -n "$LANNS" link set lo up
	ip link add "dsh$HASH" type veth peer name "dsl$HASH"
	ip link set "dsh$HASH" netns "$NS"
	ip link set "dsl$HASH" netns "$LANNS"
	ip -n "$NS" link set "dsh$HASH" name eth0
	ip -n "$LANNS" link set "dsl$HASH" name eth0
	ip -n "$NS" addr add "$HOST_ADDR/$LAN_PREFIX" dev eth0
	ip -n "$LANNS" addr add "$ROUTER_ADDR/$LAN_PREFIX" dev eth0
	ip -n "$NS" link set eth0 up
	ip -n "$LANNS" link set eth0 up
	ip -n "$NS" route add default via "$ROUTER_ADDR"
	mkdir -p "/etc/netns/$NS"
	printf 'nameserver %s\n' "$ROUTER_ADDR" >"/etc/netns/$NS/resolv.conf"
	printf '%s\n' "$NS" >"$DIR/netns"
}

# A DNS server on the LAN router that answers NXDOMAIN (or REFUSED for odd packets) to everything,
# so that unknown names fail fast and deterministically, like on a real network.
start_lan_dns() {
	if [ -f "$DIR/landns.pid" ] && kill -0 "$(cat "$DIR/landns.pid")" 2>/dev/null; then return 0; fi
	cat >"$DIR/landns.cjs" <<'EOF'
const dgram = require('node:dgram');
const net = require('node:net');
function answer(q) {
  if (q.length < 12) return null;
  const r = Buffer.from(q);
  const rd = q[2] & 0x01;
  r[2] = 0x80 | (q[2] & 0x78) | rd; // QR, same opcode, RD copied
  r[3] = 0x80 | 0x03;               // RA, RCODE=NXDOMAIN
  r.writeUInt16BE(0, 6); r.writeUInt16BE(0, 8); r.writeUInt16BE(0, 10);
  // keep only the question section
  let off = 12;
  const qd = q.readUInt16BE(4);
  for (let i = 0; i < qd; i++) {
    while (off < q.length && q[off] !== 0) off += q[off] + 1;
    off += 5;
  }
  return r.subarray(0, Math.min(off, r.length));
}
const udp = dgram.createSocket('udp4');
udp.on('message', (msg, rinfo) => { const a = answer(msg); if (a) udp.send(a, rinfo.port, rinfo.address); });
udp.bind(53, process.argv[2]);
net.createServer((s) => {
  let buf = Buffer.alloc(0);
  s.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
      const len = buf.readUInt16BE(0);
      const a = answer(buf.subarray(2, 2 + len));
      buf = buf.subarray(2 + len);
      if (a) { const h = Buffer.alloc(2); h.writeUInt16BE(a.length); s.write(Buffer.concat([h, a])); }
    }
  });
  s.on('error', () => {});
}).listen(53, process.argv[2]);
EOF
	nsenter --net="/run/netns/$LANNS" setsid node "$DIR/landns.cjs" "$ROUTER_ADDR" >"$DIR/landns.log" 2>&1 </dev/null &
	echo $! >"$DIR/landns.pid"
}

# ---------------------------------------------------------------- dockerd
start_dockerd() {
	if engine_up; then return 0; fi
	if [ -f "$DIR/docker.pid" ] && kill -0 "$(cat "$DIR/docker.pid")" 2>/dev/null; then
		echo "real-engine: dockerd $(cat "$DIR/docker.pid") exists but does not answer; stopping it" >&2
		stop_dockerd
	fi
	[ -x "$DOCKERD" ] || die_with_log "dockerd not found at $DOCKERD"
	mkdir -p "$DIR/data" "$DIR/exec"
	rm -f "$SOCK"
	: >"$LOG"
	# Own mount namespace (slave, so /sys/fs/cgroup & co stay visible) with the namespace's resolv.conf
	# bind-mounted over /etc/resolv.conf; network namespace $NS. (`ip netns exec` would remount /sys and
	# hide the cgroup mounts.)
	setsid unshare --mount --propagation slave -- /bin/sh -c '
		mount --bind "$1" /etc/resolv.conf || exit 1
		ns=$2
		shift 2
		exec nsenter --net="$ns" -- "$@"
	' sh "/etc/netns/$NS/resolv.conf" "/run/netns/$NS" env \
		HTTP_PROXY="$REFUSING_PROXY" HTTPS_PROXY="$REFUSING_PROXY" NO_PROXY="$NO_PROXY_LIST" "$DOCKERD" \
		--data-root "$DIR/data" \
		--exec-root "$DIR/exec" \
		--pidfile "$DIR/docker.pid" \
		-H "$HOST" \
		>>"$LOG" 2>&1 </dev/null &
	local launcher=$!
	local i
	for i in $(seq 1 120); do
		if engine_up; then return 0; fi
		if ! kill -0 "$launcher" 2>/dev/null && ! { [ -f "$DIR/docker.pid" ] && kill -0 "$(cat "$DIR/docker.pid")" 2>/dev/null; }; then
			die_with_log "dockerd exited during start-up"
		fi
		sleep 0.5
	done
	die_with_log "dockerd did not answer '$DOCKER_BIN -H $HOST info' within 60 s"
}

stop_dockerd() {
	local pid
	if [ -f "$DIR/docker.pid" ]; then
		pid=$(cat "$DIR/docker.pid")
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			local i
			for i in $(seq 1 60); do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.5
			done
			if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
		fi
		rm -f "$DIR/docker.pid"
	fi
	rm -f "$SOCK"
}

stop_all() {
	stop_dockerd
	if [ -f "$DIR/landns.pid" ]; then
		kill "$(cat "$DIR/landns.pid")" 2>/dev/null || true
		rm -f "$DIR/landns.pid"
	fi
	ip netns del "$NS" 2>/dev/null || true
	ip netns del "$LANNS" 2>/dev/null || true
	rm -rf "/etc/netns/$NS"
}

# ---------------------------------------------------------------- images
# A busybox-static root filesystem, applets linked into /bin (busybox itself stays the binary).
make_base_rootfs() {
	local root=$1
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,root,tmp,var/run,var/log,proc,sys,dev,home}
	chmod 1777 "$root/tmp"
	cp "$BUSYBOX" "$root/bin/busybox"
	local applet
	for applet in $("$BUSYBOX" --list); do
		[ "$applet" = busybox ] && continue
		[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done
	# Debian's static busybox 1.35 segfaults on `wget -T N` (the option is compiled out). Alpine's busybox
	# supports it and prints "wget: download timed out" (exit 1) when it expires; emulate exactly that.
	rm -f "$root/bin/wget"
	cat >"$root/bin/wget" <<'EOF'
#!/bin/sh
t=
n=$#
i=0
while [ $i -lt $n ]; do
	a=$1
	shift
	i=$((i + 1))
	case $a in
	-T) t=$1; shift; i=$((i + 1)); continue ;;
	-T*) t=${a#-T}; continue ;;
	esac
	set -- "$@" "$a"
done
if [ -z "$t" ]; then exec /bin/busybox wget "$@"; fi
/bin/busybox timeout -s INT "$t" /bin/busybox wget "$@"
rc=$?
if [ $rc -eq 130 ]; then
	echo "wget: download timed out" >&2
	exit 1
fi
exit $rc
EOF
	chmod 755 "$root/bin/wget"
	cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
EOF
	cat >"$root/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
EOF
	printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
	: >"$root/etc/hosts"
	: >"$root/etc/resolv.conf"
	: >"$root/etc/hostname"
}

# The tag each image is imported as: registry is registry:2, the tag tutorials run.
image_ref() { if [ "$1" = registry ]; then echo registry:2; else echo "$1:latest"; fi; }

import_image() { # name rootfs change...
	local name=$1 root=$2
	shift 2
	local args=()
	local c
	for c in "$@"; do args+=(-c "$c"); done
	tar -C "$root" -c . | dk import "${args[@]}" - "$(image_ref "$name")" >/dev/null
}

# registry:2 as distribution/distribution-library-image makes it: the registry binary (with the C
# library it links), config-example.yml and the entrypoint that turns a *.yml argument into `serve`.
make_registry() {
	local root=$1
	cp "$REGISTRY_BIN" "$root/bin/registry"
	local lib
	for lib in $(ldd "$REGISTRY_BIN" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
	mkdir -p "$root/etc/docker/registry" "$root/var/lib/registry"
	cat >"$root/etc/docker/registry/config.yml" <<'EOF'
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
	cat >"$root/entrypoint.sh" <<'EOF'
#!/bin/sh

set -e

case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
EOF
	chmod 755 "$root/entrypoint.sh"
}

build_images() {
	engine_up || die_with_log "engine at $HOST is not running"
	local stamp="$DIR/images.version"
	local want=(alpine busybox nginx httpd redis)
	[ -x "$REGISTRY_BIN" ] && want+=(registry)
	local missing=()
	local img
	for img in "${want[@]}"; do
		dk image inspect "$(image_ref "$img")" >/dev/null 2>&1 || missing+=("$img")
	done
	if [ ${#missing[@]} -eq 0 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$IMAGES_VERSION" ]; then return 0; fi
	if [ "$(cat "$stamp" 2>/dev/null)" != "$IMAGES_VERSION" ]; then missing=("${want[@]}"); fi

	local here
	here=$(cd "$(dirname "$0")/.." && pwd)
	local pages="$here/tests/fidelity/pages"
	local work="$DIR/rootfs"
	make_base_rootfs "$work/base"
	local PATHENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

	for img in "${missing[@]}"; do
		dk image rm -f "$(image_ref "$img")" >/dev/null 2>&1 || true
		local root="$work/$img"
		rm -rf "$root"
		cp -a "$work/base" "$root"
		case $img in
		alpine)
			import_image alpine "$root" "$PATHENV" 'CMD ["/bin/sh"]'
			;;
		busybox)
			import_image busybox "$root" 'CMD ["sh"]'
			;;
		nginx)
			mkdir -p "$root/usr/share/nginx/html" "$root/etc/nginx"
			cp "$pages/nginx-index.html" "$root/usr/share/nginx/html/index.html"
			# busybox httpd in the foreground; exit 0 on SIGTERM/SIGQUIT like nginx does.
			cat >"$root/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
exec "$@"
EOF
			cat >"$root/usr/sbin/nginx" <<'EOF'
#!/bin/sh
trap 'kill $pid 2>/dev/null; exit 0' TERM QUIT INT
/bin/httpd -f -p 80 -h /usr/share/nginx/html &
pid=$!
wait $pid
EOF
			chmod 755 "$root/docker-entrypoint.sh" "$root/usr/sbin/nginx"
			import_image nginx "$root" "$PATHENV" 'EXPOSE 80/tcp' 'ENTRYPOINT ["/docker-entrypoint.sh"]' \
				'CMD ["nginx","-g","daemon off;"]'
			;;
		httpd)
			mkdir -p "$root/usr/local/apache2/htdocs" "$root/usr/local/apache2/bin"
			cp "$pages/httpd-index.html" "$root/usr/local/apache2/htdocs/index.html"
			cat >"$root/usr/local/bin/httpd-foreground" <<'EOF'
#!/bin/sh
trap 'kill $pid 2>/dev/null; exit 0' TERM QUIT INT WINCH
/bin/httpd -f -p 80 -h /usr/local/apache2/htdocs &
pid=$!
wait $pid
EOF
			chmod 755 "$root/usr/local/bin/httpd-foreground"
			import_image httpd "$root" 'ENV PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
				'EXPOSE 80/tcp' 'WORKDIR /usr/local/apache2' 'CMD ["httpd-foreground"]'
			;;
		redis)
			# "redis": a TCP listener on 6379 answering +PONG to PING (busybox nc -ll -e).
			cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
exec "$@"
EOF
			cat >"$root/usr/local/bin/redis-server" <<'EOF'
#!/bin/sh
trap 'kill $pid 2>/dev/null; exit 0' TERM QUIT INT
/bin/nc -ll -p 6379 -e /usr/local/bin/redis-session &
pid=$!
wait $pid
EOF
			cat >"$root/usr/local/bin/redis-session" <<'EOF'
#!/bin/sh
while read -r line; do
	case "$line" in
	*[Pp][Ii][Nn][Gg]*) printf '+PONG\r\n' ;;
	*[Qq][Uu][Ii][Tt]*) printf '+OK\r\n'; exit 0 ;;
	*) printf -- '-ERR unknown command\r\n' ;;
	esac
done
EOF
			chmod 755 "$root/usr/local/bin/docker-entrypoint.sh" "$root/usr/local/bin/redis-server" "$root/usr/local/bin/redis-session"
			mkdir -p "$root/data"
			import_image redis "$root" "$PATHENV" 'EXPOSE 6379/tcp' 'WORKDIR /data' \
				'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["redis-server"]'
			;;
		registry)
			make_registry "$root"
			import_image registry "$root" "$PATHENV" 'VOLUME ["/var/lib/registry"]' 'EXPOSE 5000/tcp' \
				'ENTRYPOINT ["/entrypoint.sh"]' 'CMD ["/etc/docker/registry/config.yml"]'
			;;
		esac
		rm -rf "$root"
	done
	rm -rf "$work"
	echo "$IMAGES_VERSION" >"$stamp"
}

case $ACTION in
start)
	[ "$(id -u)" = 0 ] || { echo "real-engine: must run as root" >&2; exit 1; }
	setup_netns
	start_lan_dns
	start_dockerd
	build_images
	echo "DOCKER_HOST=$HOST"
	echo "DOCKSIDE_NETNS=$NS"
	;;
stop)
	stop_all
	;;
images)
	build_images
	;;
status)
	engine_up
	;;
env)
	echo "DOCKER_HOST=$HOST"
	echo "DOCKSIDE_NETNS=$NS"
	;;
*)
	usage
	;;
esac
