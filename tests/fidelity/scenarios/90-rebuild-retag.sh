# A rebuild moves the tag to a new image: the old one becomes <none>, a container made from it shows its
# id, and rmi/prune treat it as the daemon does.
printf 'FROM busybox\nCOPY v.txt /v.txt\nCMD ["sleep", "600"]\n' > Dockerfile
printf 'one\n' > v.txt
docker build -q -t app .
docker run -d --name old app
printf 'two\n' > v.txt
docker build -q -t app .
docker images -f dangling=true --format '{{.Repository}}:{{.Tag}}'
docker ps --format '{{.Names}} {{.Image}}'
docker rm -f old
docker image prune -f
docker images -f dangling=true -q
docker rmi app
docker images app
