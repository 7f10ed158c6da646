# On the default bridge a stopped container gives its address back; a restart takes the lowest free one.
docker run -dit --name c1 alpine ash
docker run -dit --name c2 alpine ash
docker inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' c1 c2
docker stop -t 1 c1
docker run -dit --name c3 alpine ash
docker inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' c3
docker start c1
docker inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' c1 c2 c3
docker restart -t 1 c2
docker inspect -f '{{.Name}} {{.NetworkSettings.IPAddress}}' c2
docker exec c1 ip -4 addr show eth0
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}' bridge
