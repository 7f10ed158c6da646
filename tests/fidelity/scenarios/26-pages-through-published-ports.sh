# nginx and httpd pages through published ports, from the host.
docker run -d --name web -p 8080:80 nginx
docker run -d --name apache -p 8081:80 httpd
curl -s localhost:8080
curl -s http://127.0.0.1:8081/
curl -s 192.168.1.10:8080
wget -qO- http://localhost:8081/
curl -s 172.17.0.2
curl -s -o /dev/null -w '%{http_code}\n' localhost:8080/nope
docker run -dit --name probe alpine ash
docker exec probe wget -qO- http://172.17.0.1:8081/
docker exec probe wget -qO- http://192.168.1.10:8080/
