# Anonymous volumes: data survives stop and start, docker rm -v removes them with the container.
docker run -dit --name av -v /cache alpine
docker exec av sh -c 'echo kept > /cache/k; ls /cache'
docker stop -t 0 av
docker start av
docker exec av cat /cache/k
docker volume ls -q | wc -l
docker rm -f -v av
docker volume ls -q
