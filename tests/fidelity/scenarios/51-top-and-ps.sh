# The PID namespace: PID 1 is the main process (a shell execs its last command), ps is the newest;
# docker top lists what runs, and refuses stopped containers.
docker run -d --name t1 busybox sleep 1d
docker exec t1 ps -o comm
docker exec t1 ps -o comm,args
docker top t1 -o comm
docker run -d --name sh1 busybox sh -c 'echo a; echo b; sleep 1d'
docker exec sh1 ps -o comm
docker logs sh1
docker top nope
docker top
docker create --name c1 busybox echo hi
docker top c1
docker run -d --name t2 --pid host busybox sleep 1d
docker inspect -f '{{.HostConfig.PidMode}}' t2
