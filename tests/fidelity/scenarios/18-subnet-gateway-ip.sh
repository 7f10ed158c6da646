# fresh-engine
# --subnet, --gateway and --ip.
docker network create --subnet 10.10.0.0/24 --gateway 10.10.0.254 lab
docker network inspect -f '{{json .IPAM.Config}}' lab
docker run -dit --name fixed --network lab --ip 10.10.0.10 alpine ash
docker run -dit --name auto --network lab alpine ash
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} {{$v.Gateway}} {{$v.IPPrefixLen}}{{end}}' fixed
docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' auto
docker exec fixed ip route
docker exec fixed ip -4 addr show eth0
docker exec auto ping -c 1 10.10.0.10
docker exec auto ping -c 1 10.10.0.254
docker run -dit --name clash --network lab --ip 10.10.0.10 alpine ash
docker run -dit --name outside --network lab --ip 10.20.0.5 alpine ash
docker run -dit --name gw --network lab --ip 10.10.0.254 alpine ash
docker run -dit --name bad --network lab --ip 10.10.0.300 alpine ash
docker network create nosubnet
docker run -dit --name nosub --network nosubnet --ip 172.18.0.50 alpine ash
docker ps -a --format '{{.Names}}\t{{.Status}}'
