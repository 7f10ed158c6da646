# --network container:NAME shares the network stack, including localhost.
docker run -d --name web -p 8080:80 nginx
docker run -dit --name sidecar --network container:web alpine ash
docker exec sidecar wget -qO- http://localhost/
docker exec sidecar wget -qO- http://127.0.0.1:80/
docker exec sidecar ip -4 addr show eth0
docker exec sidecar hostname -i
docker inspect -f '{{.HostConfig.NetworkMode}}' sidecar
docker inspect -f '{{json .NetworkSettings.Networks}}' sidecar
docker ps --format '{{.Names}}\t{{.Networks}}\t{{.Ports}}'
docker run -dit --name side2 --network container:web -p 9090:80 alpine ash
docker run -dit --name side3 --network container:web --hostname h2 alpine ash
docker run -dit --name side4 --network container:nosuch alpine ash
docker network connect bridge sidecar
curl -s localhost:8080
