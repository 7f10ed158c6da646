# --restart always brings a process back after it ends by itself, not after docker stop;
# unless-stopped likewise; rm -f of a paused container.
docker run -d --name r1 --restart always busybox sleep 1d
docker stop -t 1 r1
docker ps -a --format '{{.Names}} {{.Status}}' --filter name=r1
docker inspect -f '{{.State.Status}} {{.RestartCount}}' r1
docker start r1
docker run -d --name r2 --restart unless-stopped busybox sleep 1d
docker kill r2
docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' r2
docker pause r1
docker rm -f r1
docker ps -a --format '{{.Names}}'
docker run -d --name r3 --restart on-failure:3 busybox sleep 1d
docker update --restart no r3
docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' r3
docker run -d --rm --name r4 busybox sleep 1d
docker update --restart always r4
