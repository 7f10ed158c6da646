# --network none: only loopback.
docker run -d --name web nginx
docker run -dit --name lonely --network none alpine ash
docker exec lonely ip addr
docker exec lonely ip route
docker exec lonely ping -c 1 127.0.0.1
docker exec lonely ping -c 1 -W 1 172.17.0.2
docker exec lonely wget -qO- http://172.17.0.2/
docker inspect -f '{{.HostConfig.NetworkMode}} [{{.NetworkSettings.IPAddress}}]' lonely
docker ps --format '{{.Names}}\t{{.Networks}}'
docker network connect bridge lonely
docker network inspect -f '{{range .Containers}}{{.Name}} [{{.IPv4Address}}]{{end}}' none
