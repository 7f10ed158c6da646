# pause/unpause, kill -s with signals PID 1 ignores, KILL, and the errors of each.
docker run -d --name s1 busybox sleep 1d
docker pause s1
docker ps --format '{{.Names}} {{.Status}}'
docker inspect -f '{{.State.Status}} {{.State.Running}} {{.State.Paused}}' s1
docker pause s1
docker exec s1 echo hi
docker rm s1
docker unpause s1
docker unpause s1
docker kill -s TERM s1
docker kill -s HUP s1
docker ps --format '{{.Names}} {{.Status}}'
docker kill -s FOO s1
docker kill -s KILL s1
docker ps -a --format '{{.Names}} {{.Status}}' --filter name=s1
docker inspect -f '{{.State.ExitCode}}' s1
docker kill s1
docker pause s1
docker start s1
docker kill -s 9 s1
docker wait s1
docker pause
docker wait
