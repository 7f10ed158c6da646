# With a terminal (-t) a container's two streams are one terminal: everything reaches the client's
# stdout, in the order written, each line ended with \r\n; its log holds the same.
docker run --name t1 -t busybox sh -c 'echo a; ls /nope; echo b'
docker logs t1
docker run --rm -t busybox ls /nope /etc/hostname
docker run -d --name box busybox sleep 1000
docker exec -t box sh -c 'echo a; cat /nope; echo b'
docker exec -t box ls /nope /etc/hostname
docker rm -f box t1
