# fresh-engine
docker run -d --name web nginx
docker run -dit --name alpine1 alpine ash
docker run -dit --name alpine1 alpine ash
docker run -d --name web nginx
docker run -dit --name a alpine
docker run -dit --name 'bad name' alpine
docker run -dit --name -x alpine
docker run -dit --name ab alpine
docker run --name ab2 alpine echo hello
docker run --rm alpine echo hello
docker run --rm alpine false
docker run --rm alpine sh -c 'exit 3'
docker run --rm alpine nosuchcommand
docker run --frobnicate alpine
docker run -d nosuchimage
docker run -d nosuchimage:1.0
docker run --rm --network nosuchnet alpine true
docker run --rm --network host --network none alpine true
docker run -dit --network container:nosuch alpine
docker run -dit --network container:alpine1 --hostname h alpine
docker run -dit --network container:alpine1 --dns 1.1.1.1 alpine
docker run -dit --network host --link alpine1 alpine
docker run -dit --network none --network-alias x alpine
docker run -d
docker run
docker ps -a --format '{{.Names}}\t{{.Status}}'
docker network create mynet
docker run --rm --network host --network mynet alpine true
docker run --rm --network mynet --network bridge alpine true
docker network create mynet2
docker run --rm --network mynet --network mynet2 alpine ip -4 -o addr
