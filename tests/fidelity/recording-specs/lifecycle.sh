# fresh-engine
docker run -d --name web nginx
docker run -dit --name alpine1 alpine ash
docker stop web
docker stop web
docker start web
docker start web
docker restart web
docker stop -t 1 alpine1
docker ps -a --format '{{.Names}}\t{{.Status}}'
docker start alpine1
docker rm alpine1
docker rm -f alpine1
docker rm alpine1
docker rm nosuch
docker rm -f nosuch
docker stop nosuch
docker start nosuch
docker restart nosuch
docker exec nosuch true
docker stop web
docker exec web true
docker exec web ls /
docker rm web
docker run -dit --name s1 alpine
docker run -dit --name s2 alpine
docker stop -t 1 s1 s2
docker start s1 s2
docker rm -f s1 s2
docker run -dit --name killme alpine
docker kill killme
docker ps -a --format '{{.Names}}\t{{.Status}}'
docker rm killme
docker container prune -f
docker run -d --name w2 nginx
docker pause w2
docker ps --format '{{.Names}}\t{{.Status}}'
docker exec w2 true
docker unpause w2
docker rm -f w2
