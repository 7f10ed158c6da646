# docker cp between a container and the terminal's directory, both ways.
docker run -dit --name box alpine
docker exec box sh -c 'echo hi > /tmp/x'
docker cp box:/tmp/x x.txt
docker cp box:/nope x.txt
docker cp x.txt box:/tmp/y
docker cp x.txt box:/root
docker cp x.txt box:/nope/y
docker cp x.txt nope:/tmp/y
docker exec box cat /tmp/y /root/x.txt
docker stop -t 0 box
docker cp x.txt box:/tmp/z
docker start box
docker exec box ls /tmp
docker diff box
