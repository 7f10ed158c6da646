# fresh-engine
docker network ls
docker network inspect bridge
docker network inspect host
docker network inspect none
docker network create alpine-net
docker network ls
docker network ls --format '{{.Name}}'
docker network ls --format 'table {{.Name}}\t{{.Driver}}'
docker network ls -q
docker network inspect alpine-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker run -dit --name alpine2 --network alpine-net alpine ash
docker run -dit --name alpine3 alpine ash
docker network inspect alpine-net
docker network inspect bridge
docker network inspect -f '{{json .IPAM.Config}}' bridge
docker network inspect -f '{{json .IPAM.Config}}' alpine-net
docker network inspect -f '{{.Internal}}' alpine-net
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' alpine-net
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}} {{end}}' bridge
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' alpine-net
docker network inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' alpine-net
docker network inspect -f '{{.Id}}' alpine-net
docker network inspect -f '{{json .Options}}' bridge
docker network inspect --format '{{.Name}}' alpine-net bridge
docker network inspect nosuchnet
docker network inspect alpine-net nosuchnet
docker network ls --filter driver=bridge
docker network ls --no-trunc
