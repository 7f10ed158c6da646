# docker login to registry:2 (no authentication: any credentials pass) stores them in the client's
# config; a closed port and Docker Hub (no way out of the LAN) fail at the daemon's check; logout forgets.
docker run -d -p 5000:5000 --name registry registry:2
# The registry takes a moment to listen; a login before that gets EOF from the published port.
sleep 2
docker login localhost:5000 -u learner -p secret
docker login localhost:5000
docker login localhost:5001 -u learner -p secret
docker login -u learner -p secret
docker login -u learner -p secret 192.168.1.10:5000
docker logout localhost:5000
docker logout localhost:5001
docker logout
