# Ports published on 127.0.0.1 are only reachable through the loopback address.
docker run -d --name local -p 127.0.0.1:8081:80 nginx
docker port local
docker ps --format '{{.Names}}\t{{.Ports}}'
curl -s http://127.0.0.1:8081/
curl -s localhost:8081
curl -sS 192.168.1.10:8081
docker run -d --name all -p 8081:80 nginx
docker run -d --name local2 -p 127.0.0.1:8081:80 nginx
docker run -d --name wide -p 0.0.0.0:8082:80 httpd
curl -s 192.168.1.10:8082
docker run -dit --name probe alpine ash
docker exec probe wget -qO- http://192.168.1.10:8082/
docker exec probe wget -qO- http://172.17.0.1:8082/
