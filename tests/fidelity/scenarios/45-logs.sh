# docker logs keeps what the main process printed, across starts; --tail, -n, -t, --since, --until.
docker run --name lg busybox sh -c 'echo one; echo two; echo three'
docker logs lg
docker logs --tail 2 lg
docker logs --tail 0 lg
docker logs --tail all lg
docker logs -n 1 lg
docker logs --tail x lg
docker logs --tail -1 lg
docker logs --since 1h lg
docker logs --since 2000-01-01 lg
docker logs --since 2099-01-01 lg
docker logs --since nonsense lg
docker logs --until nonsense lg
docker logs -t --tail 1 lg
docker start -a lg
docker logs --tail 4 lg
docker logs lg lg
docker logs nope
docker logs
