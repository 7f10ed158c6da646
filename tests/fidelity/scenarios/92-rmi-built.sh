# Removing a built image deletes it and the untagged images of its steps, with the layers only they held;
# a base image with built children cannot be deleted by id.
printf 'FROM busybox\nENV A=1\nCOPY f.txt /f.txt\nCMD ["sh"]\n' > Dockerfile
printf 'data\n' > f.txt
docker build -q -t gone .
docker tag gone gone:two
docker rmi -f $(docker images -q gone)
docker images gone
docker build -q -t child .
docker rmi $(docker images -q busybox)
docker rmi child
