# fresh-engine
# -P publishes every EXPOSEd port of the image; alpine exposes nothing.
docker run -d --name web -P nginx
docker run -d --name cache -P redis
docker run -dit --name plain -P alpine ash
docker port web
docker port cache
docker port plain
docker ps --format '{{.Names}}\t{{.Ports}}'
docker inspect -f '{{json .Config.ExposedPorts}}' web
docker inspect -f '{{json .Config.ExposedPorts}}' plain
curl -s localhost:32768
