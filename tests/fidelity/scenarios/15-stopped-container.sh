# fresh-engine
# A stopped container has no address and cannot be reached, by name or by its old IP.
docker network create net
docker run -dit --name ca --network net alpine ash
docker run -dit --name cb --network net alpine ash
docker run -d --name web --network net nginx
docker exec ca ping -c 1 cb
docker stop -t 1 cb
docker stop web
docker ps -a --format '{{.Names}}\t{{.Status}}'
docker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.ExitCode}}' cb
docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web
docker inspect -f '{{range .NetworkSettings.Networks}}[{{.IPAddress}}]{{end}}' cb
docker inspect -f '[{{.NetworkSettings.IPAddress}}]' cb
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}' net
docker exec ca ping -c 1 -W 1 cb
docker exec ca ping -c 1 -W 1 172.18.0.3
docker exec ca wget -qO- -T 2 http://web/
docker exec cb true
docker start web
docker exec ca wget -qO- http://web/
