# fresh-engine
# A TCP service that is not HTTP: redis on 6379 through nc, on a user network and published.
docker network create data
docker run -d --name cache --network data -p 6379:6379 redis
docker run -dit --name app --network data alpine ash
docker exec app sh -c 'printf "PING\r\n" | nc cache 6379'
docker exec app sh -c 'printf "PING\r\n" | nc 172.18.0.2 6379'
docker port cache
docker ps --format '{{.Names}}\t{{.Ports}}'
docker run -dit --name stranger alpine ash
docker exec stranger sh -c 'printf "PING\r\n" | nc 172.17.0.1 6379'
docker exec stranger sh -c 'printf "PING\r\n" | nc cache 6379'
