# Removing networks: predefined ones, networks in use, unknown ones.
docker network rm bridge
docker network rm host
docker network rm none
docker network rm nosuchnet
docker network create busy
docker network create idle
docker run -dit --name user1 --network busy alpine ash
docker network rm busy
docker network rm idle
docker network rm idle
docker rm -f user1
docker network rm busy
docker network ls --format '{{.Name}}'
