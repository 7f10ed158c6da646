# Container names: collisions, invalid names, removal errors.
docker run -dit --name alpine1 alpine ash
docker run -dit --name alpine1 alpine ash
docker run -dit --name x alpine ash
docker run -dit --name 'bad name' alpine ash
docker run -dit --name ok_name.v-2 alpine ash
docker rm alpine1
docker rm -f alpine1
docker rm alpine1
docker rm nosuch
docker stop nosuch
docker start nosuch
docker ps -a --format '{{.Names}}'
