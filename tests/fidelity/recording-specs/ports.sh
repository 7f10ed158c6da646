# fresh-engine
docker run -d --name web1 -p 8080:80 nginx
docker run -d --name web2 -p 8080:80 nginx
docker ps -a --format '{{.Names}}\t{{.Status}}\t{{.Ports}}'
docker run -d --name web3 -p 127.0.0.1:8081:80 nginx
docker run -d --name web4 -p 8081:80 nginx
docker run -d --name web5 -p 127.0.0.1:8082:80 nginx
docker run -d --name web6 -p 127.0.0.1:8082:80 nginx
docker run -d --name web7 -p 0.0.0.0:8083:80 nginx
docker run -d --name web8 -p 127.0.0.1:8083:80 nginx
docker run -d --name eph1 -p 80 nginx
docker run -d --name eph2 -p 80 nginx
docker run -d --name eph3 -p 127.0.0.1::80 nginx
docker run -d --name pall -P nginx
docker run -d --name pall2 -P redis
docker run -dit --name pnone -P alpine
docker run -d --name multi -p 9000:80 -p 9001:80 -p 9002:81/udp nginx
docker run -d --name hostweb --network host -p 80:80 nginx
docker run -dit --name shared --network container:web1 -p 9090:80 alpine
docker run -dit --name shared2 --network container:web1 -P alpine
docker run -dit --name shared3 --network container:web1 --expose 80 alpine
docker run -d --name badport -p 99999:80 nginx
docker run -d --name badport2 -p abc:80 nginx
docker run -d --name range -p 8100-8102:80 nginx
docker ps
docker ps --format '{{.Names}}\t{{.Ports}}'
docker port web1
docker port web1 80
docker port web1 80/tcp
docker port web1 81
docker port eph1
docker port eph3
docker port pall
docker port pall2
docker port pnone
docker port multi
docker port hostweb
docker port nosuch
docker inspect -f '{{json .NetworkSettings.Ports}}' web1
docker inspect -f '{{json .HostConfig.PortBindings}}' web1
docker inspect -f '{{json .NetworkSettings.Ports}}' eph1
docker inspect -f '{{json .NetworkSettings.Ports}}' pnone
docker inspect -f '{{json .NetworkSettings.Ports}}' hostweb
curl -s localhost:8080
curl -s http://127.0.0.1:8081/
curl -s 192.168.1.10:8081
curl -sS 192.168.1.10:8081
curl -s -o /dev/null -w '%{http_code}\n' localhost:8080
curl -sS localhost:8999
curl -s localhost:8999
wget -qO- http://localhost:8080/
wget -qO- http://localhost:8999/
wget -O- http://localhost:8999/
curl -s localhost:80
curl -s 172.17.0.2
