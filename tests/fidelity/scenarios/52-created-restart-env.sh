# A created container: no logs, stop is a no-op, kill refuses, restart runs it; -e and --entrypoint.
docker create --name c1 busybox echo hi
docker ps -a --format '{{.Names}} {{.Status}}'
docker logs c1
docker stop c1
docker kill c1
docker restart c1
docker logs c1
docker run --rm -e A=1 -e B busybox env
docker run --rm --entrypoint echo busybox hello world
docker run -d --name e1 -e GREETING=hi alpine sleep 1d
docker inspect -f '{{json .Config.Env}}' e1
docker run -d --name e2 --entrypoint sleep busybox 1d
docker inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Path}} {{json .Args}}' e2
docker ps --format '{{.Names}} {{.Command}}' --filter name=e2
