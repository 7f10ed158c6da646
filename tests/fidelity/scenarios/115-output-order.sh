# The order a line's output was written in, both streams through one pipe (2>&1): a run's pull lines
# before the container's output, a list's commands in turn, ls's missing operands before its listing,
# a script's and a loop's output as written, the legacy builder's notice, steps and error.
# (A container's own two streams reach the client on two pipes, in no fixed order: an attached
# container's or a build step's lines here are merged inside it, or on one stream.)
docker run -d -p 5000:5000 --name registry registry:2
# The registry takes a moment to listen.
sleep 2
docker tag busybox localhost:5000/bb
docker push -q localhost:5000/bb
docker rmi localhost:5000/bb
docker run --rm localhost:5000/bb echo hello 2>&1
docker rmi localhost:5000/bb
docker run --rm localhost:5000/bb sh -c 'echo one; ls /nope 2>&1; echo two' 2>&1
docker run --rm myapp 2>&1
{ docker rm nope; echo after; docker rm nope2; } 2>&1
{ docker rm nope && echo never || echo fallback; } 2>&1
docker run -d --name box busybox sleep 1000
docker exec box sh -c '{ echo one; ls /nope; echo two; } 2>&1'
docker exec box sh -c 'ls /etc/hostname /nope 2>&1'
docker exec box sh -c 'for f in /etc/hostname /nope /etc/hosts; do ls $f; done 2>&1'
docker exec box sh -c '(echo x; cat /nope; echo y) 2>&1 | cat'
docker exec box sh -c '{ echo a; ls /nope; echo b; } > /tmp/both 2>&1; cat /tmp/both'
printf 'FROM busybox\nRUN echo hi && false\n' > Dockerfile
docker build . 2>&1
printf 'FROM busybox\nRUN echo hi\nFOO bar\n' > Dockerfile
docker build . 2>&1
docker rm -f box registry
