# fresh-engine
docker network create --internal intnet
docker run -dit --name i1 --network intnet alpine ash
docker run -dit --name i2 --network intnet alpine ash
docker run -d --name iweb --network intnet -p 8088:80 nginx
docker exec i1 ping -c 1 i2
docker exec i1 ping -c 1 -W 1 8.8.8.8
docker exec i1 ping -c 1 -W 1 192.168.1.10
docker exec i1 ping -c 1 172.18.0.1
docker exec i1 nslookup i2
docker exec i1 nslookup google.com
docker exec i1 wget -qO- http://iweb/
docker exec i1 ip route
docker exec i1 cat /etc/resolv.conf
docker inspect -f '{{json .NetworkSettings.Networks}}' i1
docker inspect -f '{{json .NetworkSettings.Ports}}' iweb
docker port iweb
docker ps --format '{{.Names}}\t{{.Ports}}'
curl -s -m 2 localhost:8088
curl -s 172.18.0.4
ping -c 1 172.18.0.2
