# Network creation errors.
docker network create dup
docker network create dup
docker network create --subnet 10.1.0.0/16 ten
docker network create --subnet 10.1.5.0/24 overlap
docker network create --subnet 172.17.0.0/24 overlap-bridge
docker network create --subnet 10.2.0.0/33 badmask
docker network create --subnet notacidr bad
docker network create --subnet 10.3.0.0/24 --gateway 10.4.0.1 badgw
docker network create --gateway 10.5.0.1 gwonly
docker network create --subnet 10.6.0.0/24 --subnet 10.7.0.0/24 twosubnets
docker network create -d overlay ov
docker network create
docker network ls --format '{{.Name}}'
