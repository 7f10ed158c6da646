# docker diff lists what a container changed: added, changed and deleted paths, and its mount points.
docker run -dit --name box -v /keep alpine
docker exec box sh -c 'echo hi > /tmp/x; mkdir -p /opt/a/b; rm /etc/passwd; echo n >> /etc/group; touch /root/.profile'
docker stop -t 0 box
docker diff box
docker start box
docker exec box sh -c 'rm -r /opt; rm /tmp/x'
docker stop -t 0 box
docker diff box
docker diff
docker diff nope
docker run -d --name fresh alpine true
docker diff fresh
