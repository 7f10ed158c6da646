# stop: PID 1 without a handler is killed (137), --init forwards SIGTERM (143), servers exit 0;
# restart policies and their errors.
docker run -d --name w1 busybox sleep 1d
docker run -d --name ini --init busybox sleep 1d
docker run -d --name web nginx
docker stop -t 1 w1 ini web
docker wait w1 ini web
docker start w1
docker stop -s KILL w1
docker inspect -f '{{.State.ExitCode}}' w1
docker run -d --name r2 --restart bogus busybox true
docker run -d --name r3 --restart always --rm busybox true
docker run -d --name r4 --restart on-failure:x busybox true
docker run -d --name r5 --restart no:3 busybox true
docker run -d --name r6 --restart always:3 busybox true
docker run -d --name r7 --restart unless-stopped busybox sleep 1d
docker inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' r7
docker run -d --name r8 --restart on-failure:2 busybox sleep 1d
docker inspect -f '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}' r8
