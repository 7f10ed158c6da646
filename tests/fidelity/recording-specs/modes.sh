# fresh-engine
docker run -d --name web -p 8080:80 nginx
docker run -dit --name hostc --network host alpine ash
docker run -dit --name nonec --network none alpine ash
docker run -dit --name side --network container:web alpine ash
docker exec hostc ip -4 addr show
docker exec hostc hostname
docker exec hostc cat /etc/hosts
docker exec hostc cat /etc/resolv.conf
docker exec hostc ping -c 1 -W 1 web
docker exec hostc wget -qO- http://localhost:8080/
docker exec hostc wget -qO- http://172.17.0.2/
docker exec nonec ip addr
docker exec nonec ip route
docker exec nonec cat /etc/hosts
docker exec nonec cat /etc/resolv.conf
docker exec nonec ping -c 1 -W 1 172.17.0.2
docker exec nonec wget -qO- -T 2 http://172.17.0.2/
docker exec nonec ping -c 1 127.0.0.1
docker exec side ip -4 addr show
docker exec side wget -qO- http://localhost/
docker exec side wget -qO- http://127.0.0.1:80/
docker exec side hostname
docker exec side cat /etc/hosts
docker inspect -f '{{.HostConfig.NetworkMode}}' hostc
docker inspect -f '{{.HostConfig.NetworkMode}}' nonec
docker inspect -f '{{.HostConfig.NetworkMode}}' side
docker inspect -f '{{json .NetworkSettings.Networks}}' hostc
docker inspect -f '{{json .NetworkSettings.Networks}}' nonec
docker inspect -f '{{json .NetworkSettings.Networks}}' side
docker inspect -f '{{.NetworkSettings.IPAddress}}' side
docker ps --format '{{.Names}}\t{{.Networks}}\t{{.Ports}}'
docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' host
docker network inspect -f '{{json .Containers}}' none
docker stop web
docker exec side true
docker start web
docker exec side ip -4 addr show
docker rm -f web
docker start side
docker ps -a --format '{{.Names}}\t{{.Status}}'
