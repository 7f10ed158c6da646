# fresh-engine
# Two containers share a network alias: the name answers with both addresses (in random order).
docker network create app-net
docker run -dit --name search1 --network app-net --network-alias search alpine ash
docker run -dit --name search2 --network app-net --network-alias search alpine ash
docker run -dit --name client --network app-net alpine ash
docker inspect -f '{{json .NetworkSettings.Networks}}' search1
docker exec client nslookup search
docker exec client nslookup search1
docker rm -f search1
docker exec client nslookup search
docker exec client ping -c 1 search
docker rm -f search2
docker exec client ping -c 1 search
