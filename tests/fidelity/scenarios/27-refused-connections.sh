# fresh-engine
# Nothing listens there: connection refused (fast), not a timeout.
docker network create lab
docker run -d --name web --network lab nginx
docker run -dit --name client --network lab alpine ash
docker run -d --name cache --network lab redis
docker exec client wget -qO- http://web:8080/
docker exec client wget -O- http://web:8080/
docker exec client wget -qO- http://cache/
docker exec client sh -c 'printf "PING\r\n" | nc cache 6379'
docker exec client telnet web 8080
curl -s localhost:8080
curl -sS localhost:8080
wget -qO- http://localhost:9999/
docker exec client wget -qO- http://nosuchhost/
