# fresh-engine
# A node joins an overlay when its first container attaches and leaves it when its last one stops or goes.
# Overlay addresses are handed out serially, and each join gives the node's load balancer
# (<network>-endpoint) a new one after the container's; a restart while another container is attached
# keeps the load balancer where it is. (A network's Containers are keyed by container id, and "lb-nb"
# sorts after any hex id, so a line with one container and the load balancer has a fixed order.)
docker swarm init
sleep 3
docker network create -d overlay --attachable nb
docker run -dit --name b1 --network nb alpine
docker network inspect nb --format '{{range $k, $v := .Containers}}{{$v.Name}} {{$v.IPv4Address}};{{end}}'
docker rm -f b1
docker run -dit --name b3 --network nb alpine
docker network inspect nb --format '{{range $k, $v := .Containers}}{{$v.Name}} {{$v.IPv4Address}};{{end}}'
docker stop -t 1 b3
docker network inspect nb --format '{{range $k, $v := .Containers}}{{$v.Name}} {{$v.IPv4Address}};{{end}}'
docker start b3
docker exec b3 hostname -i
docker network inspect nb --format '{{range $k, $v := .Containers}}{{$v.Name}} {{$v.IPv4Address}};{{end}}'
docker run -dit --name b4 --network nb alpine
docker stop -t 1 b3
docker start b3
docker exec b3 ip -4 addr show eth0
docker exec b4 hostname -i
docker network inspect nb --format '{{with index .Containers "lb-nb"}}{{.Name}} {{.IPv4Address}}{{end}}'
docker rm -f b3 b4
docker run -dit --name b5 --network nb alpine
docker exec b5 hostname -i
docker network inspect nb --format '{{range $k, $v := .Containers}}{{$v.Name}} {{$v.IPv4Address}};{{end}}'
docker rm -f b5
docker swarm leave --force
