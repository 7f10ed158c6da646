# fresh-engine
docker run -dit --name a1 --network-alias web alpine
docker run -dit --name a2 --network bridge --network-alias web alpine
docker run -dit --name a3 --ip 172.17.0.50 alpine
docker network create usernet
docker network create --subnet 172.30.0.0/16 subnet-net
docker run -dit --name a4 --network usernet --ip 172.18.0.50 alpine
docker run -dit --name a5 --network subnet-net --ip 172.30.0.50 alpine
docker run -dit --name a6 --network subnet-net --ip 10.0.0.5 alpine
docker run -dit --name a7 --network subnet-net --ip 172.30.0.50 alpine
docker run -dit --name a8 --network subnet-net --ip not-an-ip alpine
docker run -dit --name a9 --network subnet-net --ip 172.30.0.1 alpine
docker run -dit --name a10 --network subnet-net --network-alias db --network-alias cache alpine
docker run -dit --name a11 --network name=subnet-net,alias=x --network-alias y alpine
docker ps -a --format '{{.Names}}\t{{.Status}}'
docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' a5
docker inspect -f '{{json .NetworkSettings.Networks}}' a10
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.Aliases}} {{$v.DNSNames}}{{end}}' a10
docker inspect -f '{{json .NetworkSettings.Networks}}' a1
