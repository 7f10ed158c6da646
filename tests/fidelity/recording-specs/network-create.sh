# fresh-engine
docker network create net1
docker network create net2
docker network create --subnet 10.10.0.0/24 net3
docker network create --subnet 10.20.0.0/16 --gateway 10.20.0.254 net4
docker network create --driver bridge net5
docker network create --internal internal-net
docker network inspect -f '{{json .IPAM.Config}}' net1
docker network inspect -f '{{json .IPAM.Config}}' net2
docker network inspect -f '{{json .IPAM.Config}}' net3
docker network inspect -f '{{json .IPAM.Config}}' net4
docker network inspect -f '{{json .IPAM.Config}}' net5
docker network inspect -f '{{.Internal}} {{json .IPAM.Config}}' internal-net
docker network create net1
docker network create --subnet 10.10.0.0/24 net3b
docker network create --subnet 10.10.0.128/25 net3c
docker network create --subnet 172.17.0.0/16 overbridge
docker network create --subnet 172.17.5.0/24 overbridge2
docker network create --subnet 999.1.1.0/24 bad1
docker network create --subnet 10.30.0.0/33 bad2
docker network create --subnet foo bad3
docker network create --subnet 10.30.0.5/24 hostbits
docker network create --subnet 10.40.0.0/24 --gateway 10.41.0.1 badgw
docker network create --gateway 10.50.0.1 gwonly
docker network create --subnet 10.60.0.0/24 --subnet 10.61.0.0/24 twosubnets
docker network create -d overlay ov1
docker network create -d nosuchdriver x1
docker network create
docker network create a
docker network create 'bad name'
docker network ls
docker network rm bridge
docker network rm host
docker network rm none
docker network rm nosuchnet
docker network rm net5
docker network rm net2 net3
docker network create net6
docker network inspect -f '{{json .IPAM.Config}}' net6
docker network create net7
docker network inspect -f '{{json .IPAM.Config}}' net7
docker run -dit --name c1 --network net1 alpine
docker run -dit --name c2 --network net1 alpine
docker network rm net1
docker network rm net1 net4
docker network ls
docker network prune -f
docker network ls
