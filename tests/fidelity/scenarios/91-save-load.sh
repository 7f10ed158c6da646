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
