# fresh-engine
# A container on two networks has one interface per network; the default route follows network order.
docker network create zeta
docker run -dit --name multi --network zeta alpine ash
docker network connect bridge multi
docker exec multi ip -4 addr show
docker exec multi ip route
docker exec multi cat /etc/hosts
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}}{{"\n"}}{{end}}' multi
docker network create alpha
docker run -dit --name multi2 --network alpha alpine ash
docker network connect bridge multi2
docker exec multi2 ip route
