# docker export: the container's root file system as a tar (to a redirect or -o), read back by tar on the host and in a container.
docker run --name ex busybox sh -c 'echo hi > /tmp/x; mkdir /opt; rm /etc/passwd'
docker export ex > ex.tar
tar -tf ex.tar | grep -v '^bin/.'
tar -tf ex.tar tmp nope
docker export -o ex2.tar ex
docker run --rm -v $(pwd):/w busybox tar -tf /w/ex2.tar tmp/ etc/passwd
docker run --rm -v $(pwd):/w busybox tar -tf /w/nope
docker run -d --name vol -v data:/data busybox sh -c 'echo x > /data/f; sleep 600'
docker export vol | tar -t | grep data
docker export -o nodir/x.tar ex
docker export nosuch > x.tar
docker export
docker rm -f ex vol
docker volume rm data
