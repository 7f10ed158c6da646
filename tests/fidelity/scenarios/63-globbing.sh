# Pathname expansion over the container's files.
docker run -dit --name box alpine
docker exec box sh -c 'ls /etc/*.conf'
docker exec box sh -c 'echo /etc/host*'
docker exec box sh -c 'echo /etc/nothing*'
docker exec box sh -c 'mkdir /w && cd /w && touch a.txt b.txt c.log && echo *.txt && echo ?.log && echo [ab]*'
docker exec box sh -c 'cd /w && for f in *.txt; do echo "file $f"; done'
docker exec box sh -c 'cd /w && echo "*.txt" *.none'
