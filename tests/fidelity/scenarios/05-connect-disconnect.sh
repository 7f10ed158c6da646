# fresh-engine
# Connecting and disconnecting at run time: names appear and disappear.
docker network create net-a
docker run -dit --name c1 --network net-a alpine ash
docker run -dit --name c2 alpine ash
docker exec c1 ping -c 1 -W 1 c2
docker network connect net-a c2
docker exec c1 ping -c 1 c2
docker exec c2 ping -c 1 c1
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' c2
docker exec c2 ip -4 addr show
docker network connect --alias helper net-a c2
docker network disconnect net-a c2
docker exec c1 ping -c 1 -W 1 c2
docker exec c1 ping -c 1 -W 1 172.18.0.3
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' c2
docker network connect --alias helper net-a c2
docker exec c1 ping -c 1 helper
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}' net-a
docker network disconnect bridge c2
docker exec c2 ip -4 addr show
docker exec c2 ip route
