# Client-side errors.
docker foo
docker network foo
docker container foo
docker run --frobnicate alpine
docker ps --frobnicate
docker run
docker network create
docker network connect onlyone
docker run -d -p 99999:80 nginx
docker run --rm --network nosuchnet alpine true
docker run -d nosuchimage
