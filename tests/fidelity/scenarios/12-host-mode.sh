# --network host: -p is discarded with a warning, the app is on the host's own port.
docker run -d --name hweb --network host -p 8080:80 nginx
docker inspect -f '{{.HostConfig.NetworkMode}}' hweb
docker inspect -f '{{.NetworkSettings.IPAddress}}' hweb
docker inspect -f '{{json .NetworkSettings.Ports}}' hweb
docker port hweb
docker ps --format '{{.Names}}\t{{.Networks}}\t{{.Ports}}'
curl -s localhost:80
curl -s 192.168.1.10
curl -sS localhost:8080
docker run -dit --name hshell --network host alpine ash
docker exec hshell wget -qO- http://127.0.0.1/
docker exec hshell ping -c 1 -W 1 hweb
docker network inspect -f '{{range .Containers}}{{.Name}}{{"\n"}}{{end}}' host
docker network connect bridge hshell
docker network disconnect host hshell
