# fresh-engine
docker network create alpine-net
docker network create other-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker run -dit --name alpine2 --network alpine-net --network-alias db alpine ash
docker run -dit --name alpine3 --network alpine-net --network-alias db alpine ash
docker run -dit --name alpine4 alpine ash
docker run -dit --name alpine5 --network other-net alpine ash
docker exec alpine1 nslookup alpine2
docker exec alpine1 nslookup alpine5
docker exec alpine1 nslookup nosuchhost
docker exec alpine1 nslookup db
docker exec alpine1 nslookup alpine2.alpine-net
docker exec alpine1 nslookup 172.18.0.3
docker exec alpine4 nslookup alpine1
docker exec alpine4 nslookup nosuchhost
docker exec alpine1 nslookup -type=a alpine2
docker exec alpine1 nslookup localhost
docker exec alpine1 nslookup alpine2 127.0.0.11
docker exec alpine1 cat /etc/resolv.conf
docker exec alpine4 cat /etc/resolv.conf
docker exec alpine1 sh -c 'for i in 1 2 3 4 5 6; do nslookup db | grep Address: | tail -n +2 | tr "\n" " "; echo; done'
docker exec alpine1 ping -c 1 db
