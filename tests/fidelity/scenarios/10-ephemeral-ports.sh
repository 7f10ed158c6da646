# fresh-engine
# -p CONTAINERPORT picks host ports from the ephemeral range, in order.
docker run -d --name e1 -p 80 nginx
docker run -d --name e2 -p 80 nginx
docker run -d --name e3 -p 127.0.0.1::80 httpd
docker port e1
docker port e2 80
docker port e3
docker ps --format '{{.Names}}\t{{.Ports}}'
docker inspect -f '{{json .NetworkSettings.Ports}}' e1
curl -s localhost:32768
curl -s 127.0.0.1:32770
