# -f names another Dockerfile; -q prints only the image id; two -t tags name one image.
printf 'FROM busybox\nLABEL from=other\n' > other.Dockerfile
docker build -f other.Dockerfile -t o1 -t o2:v2 .
docker images --format '{{.Repository}}:{{.Tag}}' o2
docker build -q -f other.Dockerfile .
docker image inspect -f '{{.Config.Labels}}' o2:v2
