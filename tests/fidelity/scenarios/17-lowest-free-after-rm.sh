# fresh-engine
# On a user network, removing a container frees its address; the next container gets the lowest free one.
docker network create pool
docker run -dit --name p1 --network pool alpine ash
docker run -dit --name p2 --network pool alpine ash
docker run -dit --name p3 --network pool alpine ash
docker rm -f p2
docker run -dit --name p4 --network pool alpine ash
docker run -dit --name p5 --network pool alpine ash
docker inspect -f '{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' p1 p3 p4 p5
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}' pool
docker exec p1 ping -c 1 p4
