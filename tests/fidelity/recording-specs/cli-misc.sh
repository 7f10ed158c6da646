# fresh-engine
docker foo
docker network foo
docker network
docker container foo
docker --version
docker run --help
docker network create --help
docker ps --frobnicate
docker network ls --frobnicate
docker network create
docker network connect
docker network connect onlyone
docker network disconnect
docker exec
docker exec onlyname
docker inspect
docker stop
docker rm
docker port
docker version --format '{{.Server.Version}}'
docker images
docker image ls --format '{{.Repository}}'
docker pull alpine
docker run -d nosuchimage
