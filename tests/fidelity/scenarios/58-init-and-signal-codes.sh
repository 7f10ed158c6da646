# With --init, tini forwards a signal and the process dies of it (128 + n); without, PID 1 ignores it.
docker run -d --name i1 --init busybox sleep 1d
docker kill -s USR1 i1
docker wait i1
docker run -d --name i2 --init busybox sleep 1d
docker kill -s HUP i2
docker wait i2
docker run -d --name i3 --init busybox sleep 1d
docker kill -s WINCH i3
docker ps --format '{{.Names}} {{.Status}}' --filter name=i3
docker stop -s INT i3
docker wait i3
docker run -d --name n1 busybox sleep 1d
docker stop -s USR1 -t 1 n1
docker wait n1
docker kill -s 0 n1
