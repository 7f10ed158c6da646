# fresh-engine
# --internal: no way out, names still resolve, the gateway answers, publishing does nothing.
docker network create --internal secure
docker network inspect -f '{{.Internal}} {{json .IPAM.Config}}' secure
docker run -dit --name s1 --network secure alpine ash
docker run -dit --name s2 --network secure alpine ash
docker run -d --name sweb --network secure -p 8088:80 nginx
docker exec s1 ping -c 1 s2
docker exec s1 ping -c 1 172.18.0.1
docker exec s1 ping -c 1 -W 1 8.8.8.8
docker exec s1 wget -qO- http://sweb/
docker exec s1 nslookup s2
docker port sweb
docker ps --format '{{.Names}}\t{{.Ports}}'
curl -s localhost:8088
curl -s 172.18.0.4
