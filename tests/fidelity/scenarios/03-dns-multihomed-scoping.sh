# fresh-engine
# A container on two user networks resolves names on both; its neighbours only see their own network.
docker network create front
docker network create back
docker run -dit --name proxy --network front alpine ash
docker network connect back proxy
docker run -dit --name web --network front alpine ash
docker run -dit --name db --network back alpine ash
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}}{{"\n"}}{{end}}' proxy
docker exec proxy ping -c 1 web
docker exec proxy ping -c 1 db
docker exec web ping -c 1 proxy
docker exec db ping -c 1 proxy
docker exec web ping -c 1 db
docker exec db ping -c 1 web
docker exec web ping -c 1 -W 1 172.19.0.3
docker exec web nslookup db
docker exec proxy nslookup db
docker exec proxy nslookup web.front
docker exec proxy ping -c 1 DB
