# fresh-engine
docker run -d --name db redis
docker run -dit --name app --link db alpine ash
docker run -dit --name app2 --link db:database alpine ash
docker run -dit --name app3 --link nosuch:x alpine ash
docker exec app cat /etc/hosts
docker exec app2 cat /etc/hosts
docker exec app ping -c 1 db
docker exec app2 ping -c 1 database
docker exec db ping -c 1 -W 1 app
docker exec app2 env
docker exec app sh -c 'env | grep ^DB_ | sort'
docker inspect -f '{{json .HostConfig.Links}}' app2
docker network create linknet
docker run -dit --name u1 --network linknet alpine ash
docker run -dit --name u2 --network linknet --link u1:buddy alpine ash
docker exec u2 cat /etc/hosts
docker exec u2 ping -c 1 buddy
docker exec u1 ping -c 1 -W 1 buddy
docker exec u2 nslookup buddy
docker stop -t 1 db
docker start db
docker exec app cat /etc/hosts
