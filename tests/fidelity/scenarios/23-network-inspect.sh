# fresh-engine
# docker network inspect, full JSON and templates.
docker network create appnet
docker run -dit --name one --network appnet alpine ash
docker run -dit --name two --network appnet alpine ash
docker run -dit --name three alpine ash
docker network inspect appnet
docker network inspect -f '{{json .IPAM.Config}}' appnet
docker network inspect -f '{{json .IPAM.Config}}' bridge
docker network inspect -f '{{.Internal}}' appnet
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}' appnet
docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' bridge
docker network inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' appnet host none
docker network inspect -f '{{json .Options}}' bridge
docker network inspect nosuchnet
docker network ls
docker network ls -q
docker network ls --filter driver=bridge --format '{{.Name}}'
