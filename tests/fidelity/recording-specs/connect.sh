# fresh-engine
docker network create net1
docker network create net2
docker run -dit --name c1 --network net1 alpine
docker run -dit --name c2 --network net2 alpine
docker network connect net2 c1
docker network connect net2 c1
docker network connect --alias db net1 c2
docker network connect --ip 172.19.0.100 net2 c1
docker network create --subnet 10.99.0.0/24 net3
docker network connect --ip 10.99.0.50 net3 c1
docker network connect --ip 10.99.0.50 net3 c2
docker network connect --alias x bridge c2
docker network connect --ip 172.17.0.99 bridge c2
docker network connect bridge c2
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' c1
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' c2
docker inspect -f '{{json .NetworkSettings.Networks.net1.Aliases}}' c2
docker network disconnect net2 c1
docker network disconnect net2 c1
docker network disconnect nosuchnet c1
docker network connect nosuchnet c1
docker network connect net1 nosuch
docker network disconnect net1 nosuch
docker run -dit --name hostc --network host alpine
docker run -dit --name nonec --network none alpine
docker run -dit --name shared --network container:c1 alpine
docker network connect net1 hostc
docker network connect net1 nonec
docker network connect net1 shared
docker network connect host c1
docker network connect none c1
docker network disconnect host hostc
docker network disconnect none nonec
docker network disconnect bridge c2
docker network disconnect -f net1 c2
docker stop -t 1 c2
docker network connect net1 c2
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}}=[{{$v.IPAddress}}] {{end}}' c2
docker start c2
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' c2
docker network inspect -f '{{range .Containers}}{{.Name}}={{.IPv4Address}} {{end}}' net1
