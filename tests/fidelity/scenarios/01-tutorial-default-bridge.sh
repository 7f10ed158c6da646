# fresh-engine
# Docker docs "Networking with standalone containers", part 1: the default bridge network.
docker network ls
docker run -dit --name alpine1 alpine ash
docker run -dit --name alpine2 alpine ash
docker container ls
docker network inspect bridge
docker exec alpine1 ip addr show eth0
docker exec alpine1 ping -c 2 172.17.0.3
docker exec alpine1 ping -c 2 alpine2
docker exec alpine2 ping -c 1 172.17.0.2
docker stop -t 1 alpine1 alpine2
docker rm alpine1 alpine2
docker ps -a
