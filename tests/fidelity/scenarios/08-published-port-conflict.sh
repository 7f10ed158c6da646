# Two containers cannot publish the same host port.
docker run -d --name web1 -p 8080:80 nginx
docker run -d --name web2 -p 8080:80 nginx
docker ps -a --format '{{.Names}}\t{{.Status}}\t{{.Ports}}'
curl -s localhost:8080
docker run -d --name web3 -p 8081:80 nginx
docker ps --format '{{.Names}}\t{{.Ports}}'
docker rm -f web1
docker start web2
docker ps --format '{{.Names}}\t{{.Ports}}'
curl -s -o /dev/null -w '%{http_code}\n' localhost:8080
