# An image a container was created from cannot lose its last tag without -f; a second tag can go.
docker create --name keep busybox
docker rmi busybox
docker tag busybox bb2
docker rmi bb2
docker run -d --name up alpine sleep 600
docker tag alpine al2
docker rmi -f al2
docker rmi alpine
docker images --format '{{.Repository}}:{{.Tag}}' alpine
docker rm -f keep up
