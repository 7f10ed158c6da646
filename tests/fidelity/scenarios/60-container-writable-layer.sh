# A container's writable layer: files written by sh -c survive stop/start and vanish with rm.
docker run -dit --name box alpine
docker exec box sh -c 'echo hello > /tmp/x; cat /tmp/x'
docker exec box cat /tmp/x
docker exec box sh -c 'X=world; echo "hi $X" >> /tmp/x; cat /tmp/x'
docker exec box ls /tmp
docker stop -t 0 box
docker start box
docker exec box cat /tmp/x
docker exec box sh -c 'mkdir /data && touch /data/a /data/b && ls /data'
docker exec box sh -c 'rm /data/a; ls /data; rm /tmp/x; cat /tmp/x'
docker rm -f box
docker run -dit --name box alpine
docker exec box cat /tmp/x
docker exec box ls /data
