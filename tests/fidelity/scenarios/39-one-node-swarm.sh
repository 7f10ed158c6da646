# fresh-engine
# A one-node swarm: init, an attachable overlay with a standalone container, a service's VIP and
# tasks.<service> from the embedded DNS, and the service/node/network listings.
# (This engine has no IPVS in its kernel, so traffic to VIPs and the routing mesh is not exercised here.)
docker swarm init
# the engine creates docker_gwbridge and starts tasks asynchronously: give it a moment
sleep 3
docker network ls
docker node ls --format '{{.Status}} {{.Availability}} {{.ManagerStatus}} {{.EngineVersion}}'
docker swarm join-token worker
docker network create -d overlay --attachable test-net
docker network ls --filter driver=overlay
docker network inspect test-net --format '{{.Scope}} {{.Driver}} {{.Attachable}} {{.Ingress}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'
docker network inspect ingress --format '{{.Scope}} {{.Driver}} {{.Attachable}} {{.Ingress}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'
docker network inspect docker_gwbridge --format '{{.Scope}} {{.Driver}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{index .Options "com.docker.network.bridge.enable_icc"}}'
docker run -dit --name alpine1 --network test-net alpine
docker exec alpine1 ip -4 addr show eth0
docker service create -d --name web --network test-net nginx
sleep 6
docker service ls
docker service ls --format '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}}'
docker service ps --format '{{.Name}} {{.Image}} {{.DesiredState}}' web
docker service inspect web --format '{{.Spec.Name}} {{.Endpoint.Spec.Mode}} {{range .Endpoint.VirtualIPs}}{{.Addr}}{{end}}'
docker network inspect test-net --format '{{len .Containers}} {{with index .Containers "lb-test-net"}}{{.Name}} {{.IPv4Address}}{{end}}'
docker network inspect ingress --format '{{with index .Containers "ingress-sbox"}}{{.Name}} {{.IPv4Address}}{{end}}'
docker exec alpine1 nslookup web
docker exec alpine1 nslookup tasks.web
docker exec alpine1 nslookup nosuch
docker exec alpine1 ping -c 1 tasks.web
docker service create -d --name rr --endpoint-mode dnsrr --network test-net nginx
sleep 6
docker exec alpine1 nslookup rr
docker service create -d --name web nginx
docker service create -d --name pub --endpoint-mode dnsrr --publish 8080:80 nginx
docker service rm web rr nope
docker service ls
docker rm -f alpine1
docker swarm leave
docker swarm leave --force
docker swarm leave
docker service ls
docker network create -d overlay again
