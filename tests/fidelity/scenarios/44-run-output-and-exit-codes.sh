# The main process: one-shot commands print in the foreground and end with their real exit code;
# -d prints the id and the code shows in ps, inspect and wait; a missing program fails the start.
docker run --name hi busybox echo hi
docker run --name x3 busybox sh -c 'echo out; exit 3'
docker ps -a --format '{{.Names}} {{.Status}}' --filter name=x3
docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Running}} {{.State.Paused}} {{.State.OOMKilled}}' x3
docker run -d --name d3 busybox sh -c 'echo detached; exit 3'
docker wait d3
docker wait x3 d3
docker start x3
docker wait x3
docker start -a d3
docker run --rm busybox echo gone
docker ps -a --format '{{.Names}}'
docker run --entrypoint echo busybox hello world
docker run busybox nosuchcmd
docker run busybox /nosuch
docker ps -a --format '{{.Status}}' --filter status=created
docker run --rm --name gone busybox nosuch
docker ps -a --format '{{.Names}}' --filter name=gone
docker wait nope
