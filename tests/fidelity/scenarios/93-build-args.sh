# ARG before FROM picks the base; --build-arg overrides a default; an ARG without a value stays out of RUN's record.
printf 'ARG BASE=busybox\nFROM $BASE\nARG NAME=world\nARG EMPTY\nRUN echo hello $NAME\nLABEL name=$NAME\n' > Dockerfile
docker build -t args .
docker build --build-arg NAME=docker --build-arg BASE=alpine -t args2 .
docker image inspect -f '{{.Config.Labels}}' args2
docker history --no-trunc --format '{{.CreatedBy}}' args2
