# registry:2 on the engine's host: push, push again, a second repository, pull back, and what the daemon
# says when the tag, the image or the registry is missing.
docker run -d -p 5000:5000 --name registry registry:2
# The registry takes a moment to listen; a request before that gets EOF from the published port.
sleep 2
docker tag busybox localhost:5000/bb
docker push localhost:5000/bb
docker push localhost:5000/bb
docker tag busybox localhost:5000/other:v1
docker push localhost:5000/other:v1
docker tag busybox localhost:5000/bb:v2
docker push -q localhost:5000/bb:v2
docker push -a localhost:5000/bb
docker push -a localhost:5000/bb:v2
docker rmi localhost:5000/bb
docker pull localhost:5000/bb
docker images --format '{{.Repository}}:{{.Tag}}' localhost:5000/bb
docker pull localhost:5000/nope
docker pull localhost:5000/bb:nope
docker run --rm localhost:5000/nope
docker push localhost:5001/bb
docker tag busybox localhost:5001/bb
docker push localhost:5001/bb
curl -s localhost:5000/v2/_catalog
curl -s localhost:5000/v2/bb/tags/list
curl -s localhost:5000/v2/nope/tags/list
docker stop registry
docker pull localhost:5000/bb
docker push localhost:5000/bb
