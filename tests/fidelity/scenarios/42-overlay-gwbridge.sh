# fresh-engine
# A container on an overlay also gets an endpoint on docker_gwbridge (eth1, its default route), unless
# the overlay is --internal; docker inspect does not list it, docker network inspect docker_gwbridge does.
docker swarm init
# the engine creates docker_gwbridge asynchronously: give it a moment
sleep 3
docker network create -d overlay --attachable test-net
docker network create -d overlay --attachable --internal quiet
docker run -dit --name alpine1 --network test-net alpine
docker exec alpine1 ip -4 addr
docker exec alpine1 ip route
docker exec alpine1 hostname -i
docker exec alpine1 cat /etc/resolv.conf
docker inspect alpine1 --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}};{{end}}'
docker network inspect docker_gwbridge --format '{{range .Containers}}{{.Name}} {{.IPv4Address}};{{end}}'
docker network inspect docker_gwbridge --format '{{with index .Containers "ingress-sbox"}}{{.Name}} {{.IPv4Address}}{{end}}'
docker run -dit --name inner --network quiet alpine
docker exec inner ip -4 addr
docker exec inner ip route
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker network connect quiet alpine1
docker exec alpine1 ip route
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker network connect bridge alpine1
docker exec alpine1 ip route
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker network disconnect bridge alpine1
docker exec alpine1 ip route
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker run -dit --name alpine2 alpine
docker network connect test-net alpine2
docker exec alpine2 ip -4 addr
docker exec alpine2 ip route
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker network disconnect test-net alpine2
docker exec alpine2 ip -4 addr
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker rm -f alpine1
docker network inspect docker_gwbridge --format '{{range .Containers}}{{.Name}} {{.IPv4Address}};{{end}}'
docker run -dit --name alpine3 --network test-net alpine
docker exec alpine3 ip -4 addr show eth1
docker exec alpine3 hostname -i
docker stop -t 1 alpine3
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker start alpine3
# alpine3 was the node's last container on test-net: starting it again joins the node anew, and the
# load balancer takes a new address after alpine3's
docker exec alpine3 hostname -i
docker exec alpine3 ip -4 addr show eth1
docker network inspect docker_gwbridge --format '{{len .Containers}}'
# a service's task on the overlay gets one too
docker service create -d --name web --network test-net nginx
sleep 6
docker network inspect docker_gwbridge --format '{{len .Containers}}'
docker rm -f inner alpine2 alpine3
docker swarm leave --force
