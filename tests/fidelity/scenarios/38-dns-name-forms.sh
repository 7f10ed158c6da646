# fresh-engine
# Embedded DNS: case-insensitive names, name.network, container ID, hostname, aliases; default bridge has none of it.
docker network create appnet
docker run -dit --name alpha --network appnet --hostname alpha-host alpine ash
docker run -dit --name beta --network appnet --network-alias b alpine ash
docker exec beta ping -c 1 ALPHA
docker exec beta ping -c 1 alpha.appnet
docker exec beta ping -c 1 alpha-host
docker exec alpha ping -c 1 b
docker exec alpha nslookup b.appnet
docker exec alpha nslookup beta.othernet
docker run -dit --name gamma alpine ash
docker exec gamma ping -c 1 alpha
docker exec gamma nslookup beta
