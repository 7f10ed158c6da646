# A process over its memory limit is OOM-killed (137, OOMKilled); docker stats of stopped containers.
# Not `docker logs` of the detached one: its shell's "Killed" races the container's exit, and the
# engine's log copier sometimes loses it (one run in several shows empty logs).
docker run --name oom1 --memory 10m busybox sh -c 'head -c 50m /dev/zero | tail'
docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}' oom1
docker run -d --name oom2 --memory 10m busybox sh -c 'head -c 50m /dev/zero | tail'
docker wait oom2
docker inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' oom2
docker ps -a --format '{{.Names}} {{.Status}}'
docker stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.MemPerc}} {{.PIDs}}' oom1 oom2
docker stats --no-stream nope
docker run -d --name st --memory 64m busybox sleep 1d
docker stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.PIDs}}' st
