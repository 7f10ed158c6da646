# --dns, --dns-search and --add-host (host-gateway too) reach /etc/resolv.conf and /etc/hosts.
docker run --rm --dns 9.9.9.9 --dns-search example.com busybox cat /etc/resolv.conf
docker run --rm --add-host db:10.0.0.5 --add-host web=10.0.0.6 busybox cat /etc/hosts
docker network create dnet
docker run --rm --network dnet --dns 9.9.9.9 --dns-search example.com busybox cat /etc/resolv.conf
docker run --rm --add-host bad busybox true
docker run --rm --add-host gw:host-gateway busybox cat /etc/hosts
docker run -d --name h1 --dns 9.9.9.9 --add-host db:10.0.0.5 busybox sleep 1d
docker inspect -f '{{.HostConfig.Dns}} {{.HostConfig.ExtraHosts}} {{.HostConfig.DnsSearch}}' h1
