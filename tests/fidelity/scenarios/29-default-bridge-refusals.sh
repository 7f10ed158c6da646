# The default bridge refuses aliases and static IPs.
docker run -dit --name a1 --network-alias web alpine ash
docker run -dit --name a2 --network bridge --network-alias web alpine ash
docker run -dit --name a3 --ip 172.17.0.50 alpine ash
docker run -dit --name a4 alpine ash
docker network connect --alias x bridge a4
docker network disconnect bridge a4
docker network connect --alias x bridge a4
docker network connect --ip 172.17.0.99 bridge a4
docker ps -a --format '{{.Names}}\t{{.Status}}'
