# docker logs' time filters: Unix seconds, RFC 3339 dates and times, --until in the future.
docker run --name lt busybox sh -c 'echo first; echo second'
docker logs --since 0 lt
docker logs --since 1000000000 lt
docker logs --since 4000000000 lt
docker logs --until 2099-01-01T00:00:00Z lt
docker logs --until 2000-01-01 lt
docker logs --since 2000-01-01T10:00:00 --until 2099-12-31 lt
docker logs -t lt
docker logs --details lt
docker logs -f lt
