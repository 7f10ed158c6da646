# A RUN step after VOLUME runs in a container that has the volume mounted: the directory exists though
# the base image lacks it, what the step writes there goes with the volume, and the builder removes the
# volume with the step's container.
printf 'FROM busybox\nVOLUME /data\nRUN echo hi > /data/x && ls /data\nRUN ls -a /data\n' > Dockerfile
docker build -t v1 .
docker volume ls
docker run --rm v1 ls -a /data
docker history --format '{{.CreatedBy}}|{{.Size}}' v1
docker ps -a
