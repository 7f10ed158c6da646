# fresh-engine
# The nginx welcome page fetched from another container, by name and by IP.
docker network create web-net
docker run -d --name web --network web-net nginx
docker run -dit --name client --network web-net alpine ash
docker exec client wget -qO- http://web/
docker exec client wget -qO- http://172.18.0.2/
docker exec client wget -O- http://web/
docker exec client wget -qO- http://web/nope
docker run -d --name apache --network web-net httpd
docker exec client wget -qO- http://apache/
