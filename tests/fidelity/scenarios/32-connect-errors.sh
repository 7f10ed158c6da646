# fresh-engine
# docker network connect/disconnect errors.
docker network create net1
docker network create net2
docker run -dit --name c1 --network net1 alpine ash
docker run -dit --name hostbox --network host alpine ash
docker run -dit --name nobox --network none alpine ash
docker run -dit --name shared --network container:c1 alpine ash
docker network connect net1 c1
docker network disconnect net2 c1
docker network connect net2 c1
docker network disconnect net2 c1
docker network connect nosuchnet c1
docker network connect net1 nosuch
docker network connect net1 hostbox
docker network connect net1 nobox
docker network connect net1 shared
docker network connect host c1
docker network connect none c1
docker network connect --ip 172.19.0.50 net2 c1
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{end}}' c1
