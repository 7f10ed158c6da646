# container prune removes what is not running; rename and its errors.
docker run --name p1 busybox true
docker run -d --name p2 busybox sleep 1d
docker container prune -f
docker ps -a --format '{{.Names}} {{.Status}}'
docker container prune -f
docker rename p2 p3
docker ps --format '{{.Names}}'
docker rename p3 p3
docker rename nope x
docker rename p3
