# fresh-engine
# Docker docs "Networking with standalone containers", part 2: user-defined alpine-net.
docker network create --driver bridge alpine-net
docker network ls
docker network inspect alpine-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker run -dit --name alpine2 --network alpine-net alpine ash
docker run -dit --name alpine3 alpine ash
docker run -dit --name alpine4 --network alpine-net alpine ash
docker network connect bridge alpine4
docker container ls
docker network inspect bridge
docker network inspect alpine-net
docker exec alpine1 ping -c 2 alpine2
docker exec alpine1 ping -c 2 alpine4
docker exec alpine1 ping -c 2 alpine1
docker exec alpine1 ping -c 2 alpine3
docker exec alpine1 ping -c 2 -W 1 172.17.0.2
docker exec alpine4 ping -c 2 alpine1
docker exec alpine4 ping -c 2 alpine2
docker exec alpine4 ping -c 2 alpine3
docker exec alpine4 ping -c 2 172.17.0.2
docker container stop -t 1 alpine1 alpine2 alpine3 alpine4
docker container rm alpine1 alpine2 alpine3 alpine4
docker network rm alpine-net
docker network ls
