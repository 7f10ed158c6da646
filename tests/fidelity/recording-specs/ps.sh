# fresh-engine
docker ps
docker ps -a
docker run -d --name web -p 8080:80 nginx
docker run -dit --name alpine1 alpine ash
docker run --name done alpine true
docker run --name failed alpine sh -c 'exit 3'
docker create --name created alpine
docker run -d --name red redis
docker run -d --name apache httpd
docker ps
docker ps -a
docker ps -q
docker ps -aq
docker ps --format '{{.Names}}'
docker ps -a --format '{{.Names}}'
docker ps --format '{{.Names}}\t{{.Ports}}'
docker ps --format 'table {{.Names}}\t{{.Status}}'
docker ps -a --format 'table {{.Names}}\t{{.Status}}'
docker ps --format 'table {{.Names}}\t{{.Image}}\t{{.Ports}}'
docker ps --format '{{.ID}} {{.Image}} {{.Command}}'
docker ps --format '{{json .}}'
docker ps --format '{{.Names}} {{.Networks}}'
docker ps -a --filter status=exited
docker ps --filter name=web
docker ps -a --no-trunc --format '{{.Command}}'
docker ps -l
docker ps -n 2
docker ps -s
docker container ls
