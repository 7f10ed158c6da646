# fresh-engine
# Automatic subnets come from the default pools in order; a fresh daemon starts at 172.18.0.0/16.
docker network create n1
docker network create n2
docker network create n3
docker network inspect -f '{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' n1 n2 n3
docker network rm n2
docker network create n4
docker network inspect -f '{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' n4
docker network create --subnet 172.22.0.0/16 custom
docker network create n5
docker network inspect -f '{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}}' n5
docker run -dit --name x1 --network n5 alpine ash
docker exec x1 ip route
