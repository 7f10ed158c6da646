# The engine's LAN has no way to Docker Hub: pulls (and runs of images it lacks) fail on name lookup.
docker pull nginx:1.27
docker pull myapp
docker pull localhost:5000/app
docker run myapp
docker run -d --name x nosuch:2
docker create nosuch
docker pull BAD
docker ps -a --format '{{.Names}}'
