# Legacy --link on the default bridge: /etc/hosts entries in the recipient only.
docker run -d --name db redis
docker run -dit --name app --link db:database alpine ash
docker exec app cat /etc/hosts
docker exec app ping -c 1 database
docker exec app ping -c 1 db
docker exec app sh -c 'printf "PING\r\n" | nc database 6379'
docker inspect -f '{{json .HostConfig.Links}}' app
docker run -dit --name app3 --link nosuch:x alpine ash
