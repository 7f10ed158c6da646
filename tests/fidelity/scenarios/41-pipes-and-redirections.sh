# Pipes and redirections on the host, as tutorials write them.
docker run -dit --name box alpine >/dev/null
docker run -d --name web nginx > /dev/null
docker ps --format '{{.Names}}' | sort
docker ps -q | wc -l
docker rm box 2>&1 >/dev/null | head -n 1
docker rm nothing >/dev/null 2>&1 || echo "no such container"
docker inspect -f '{{.Name}}' web > name.txt
echo more >> name.txt
cat name.txt
grep more < name.txt
docker network ls --format '{{.Name}}' | grep -c bridge
# BusyBox's hostname has no -I.
docker exec box hostname -I
docker exec box hostname -i
