# docker ps and its formats.
docker ps
docker run -d --name web -p 8080:80 nginx
docker run -dit --name alpine1 alpine ash
docker run --name done alpine true
docker run --name failed alpine sh -c 'exit 3'
docker create --name fresh alpine
docker run -d --name cache redis
docker ps
docker ps -a
docker ps --format '{{.Names}}'
docker ps -a --format '{{.Names}}'
docker ps --format '{{.Names}}\t{{.Ports}}'
docker ps --format 'table {{.Names}}\t{{.Status}}'
docker ps -a --format 'table {{.Names}}\t{{.Status}}'
docker ps --format 'table {{.Names}}\t{{.Image}}\t{{.Ports}}'
docker ps --format '{{.Image}} {{.Command}} {{.Networks}}'
docker ps -a --filter status=exited --format '{{.Names}} {{.Status}}'
docker ps --filter name=web --format '{{.Names}}'
docker ps -q
