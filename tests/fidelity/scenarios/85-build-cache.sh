# The build cache: an unchanged rebuild uses the cache for every step; changing a copied file rebuilds
# from that step on; --no-cache rebuilds everything; a new tag of the same build points at one image.
printf 'FROM busybox\nRUN echo step one\nCOPY app.txt /app.txt\nRUN echo step three\nCMD ["cat", "/app.txt"]\n' > Dockerfile
printf 'v1\n' > app.txt
docker build -t cached .
docker build -t cached .
printf 'v2\n' > app.txt
docker build -t cached .
docker build --no-cache -t cached:nc .
docker build -t cached:again .
# Tags of one image (same id, same creation time) come in no stable order from the engine: sorted.
docker images --format '{{.Tag}}' cached | sort
