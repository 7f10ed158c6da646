# fresh-engine
docker network create alpine-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker run -dit --name alpine2 --network alpine-net alpine ash
docker run -dit --name alpine3 alpine ash
docker run -dit --name alpine4 alpine ash
docker exec alpine1 ping -c 2 alpine2
docker exec alpine1 ping -c 2 172.18.0.3
docker exec alpine1 ping -c 1 alpine2
docker exec alpine1 ping -c 2 -W 1 172.17.0.2
docker exec alpine1 ping -c 2 alpine3
docker exec alpine3 ping -c 2 alpine4
docker exec alpine3 ping -c 2 172.17.0.3
docker exec alpine3 ping -c 1 -W 1 172.18.0.2
docker exec alpine1 ping -c 1 ALPINE2
docker exec alpine1 ping -c 1 alpine2.alpine-net
docker exec alpine1 ping -c 1 alpine1
docker exec alpine1 ping -c 1 localhost
docker exec alpine1 ping -c 1 127.0.0.1
docker exec alpine1 ping -c 1 172.18.0.1
docker exec alpine3 ping -c 1 172.17.0.1
docker exec alpine1 ping -c 1 192.168.1.10
docker exec alpine1 ping -c 1 192.168.1.1
docker exec alpine1 ping -c 1 -W 1 8.8.8.8
docker exec alpine1 ping -c 1 -W 1 google.com
docker exec alpine1 ping -c 1 nosuchhost
docker exec alpine3 ping -c 1 nosuchhost
docker exec alpine1 ping -c 2 -q alpine2
docker exec alpine1 ping -c 1 -w 1 172.17.0.2
docker exec alpine1 ping
docker exec alpine1 ping -c 1 -W 1 172.18.0.99
docker stop -t 1 alpine2
docker exec alpine1 ping -c 1 -W 1 alpine2
docker exec alpine1 ping -c 1 -W 1 172.18.0.3
ping -c 1 172.18.0.2
ping -c 1 -W 1 172.18.0.99
