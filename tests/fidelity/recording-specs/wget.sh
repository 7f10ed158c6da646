# fresh-engine
docker network create web-net
docker run -d --name web --network web-net nginx
docker run -d --name apache --network web-net httpd
docker run -d --name red --network web-net redis
docker run -dit --name client --network web-net alpine
docker run -dit --name outsider alpine
docker exec client wget -qO- http://web/
docker exec client wget -qO- http://web
docker exec client wget -qO- http://apache/
docker exec client wget -qO- http://172.18.0.2/
docker exec client wget -qO- http://web:8080/
docker exec client wget -O- http://web:8080/
docker exec client wget -qO- http://nosuch/
docker exec client wget -O- http://nosuch/
docker exec client wget -qO- -T 2 http://172.17.0.2/
docker exec client wget -O- -T 2 http://172.17.0.2/
docker exec outsider wget -qO- -T 2 http://web/
docker exec outsider wget -qO- -T 2 http://172.18.0.2/
docker exec client wget -O- http://web/
docker exec client wget -S -qO- http://web/nope
docker exec client wget -qO- http://web/nope
docker exec client wget -q --spider http://web/
docker exec client sh -c 'printf "PING\r\n" | nc -w 1 red 6379'
docker exec client sh -c "echo PING | nc red 6379"
docker exec client nc red 6380
docker exec client telnet red 6380
docker exec client curl http://web/
docker exec client curl -s http://web/
docker exec web wget -qO- http://localhost/
docker exec web wget -qO- http://127.0.0.1:80/
