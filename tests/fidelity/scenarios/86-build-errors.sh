# Dockerfile mistakes in the builder's words: unknown instruction, a COPY source missing from the
# context, a RUN that fails (its exit code is the build's; its container stays), no FROM, a bad target.
printf 'FROM busybox\nFOO bar\n' > Dockerfile
docker build .
printf 'FROM busybox\nCOPY nothere /x\n' > Dockerfile
docker build .
printf 'FROM busybox\nRUN exit 3\n' > Dockerfile
docker build -t bad .
docker ps -a --format '{{.Status}}'
docker images bad
printf 'RUN echo hi\n' > Dockerfile
docker build .
printf 'FROM busybox AS one\nRUN echo one\n' > Dockerfile
docker build --target two .
docker build nodir
printf 'FROM nosuchimage\n' > Dockerfile
docker build .
