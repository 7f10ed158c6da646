# docker save writes an image to a file; docker load puts it back, with its tag.
printf 'FROM busybox\nCOPY f.txt /f.txt\n' > Dockerfile
printf 'data\n' > f.txt
docker build -q -t saved .
docker save -o saved.tar saved
docker rmi saved
docker images saved
docker load -i saved.tar
docker images --format '{{.Repository}}:{{.Tag}}' saved
docker load -i missing.tar
# What the daemon says of an image it does not have: with a tag, without one, by id.
docker save -o none.tar nosuch
docker save -o none.tar nosuch:v1
docker save -o none.tar busybox:v9
docker save -o none.tar saved nosuch
