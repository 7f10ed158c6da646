# docker exec into stopped or missing containers, and tools that are not there.
docker run -d --name web nginx
docker run -dit --name box alpine ash
docker exec box curl http://172.17.0.2/
docker exec box nosuchcmd
docker exec box sh -c 'exit 5'
docker exec nosuch true
docker stop web
docker exec web true
docker exec box wget -qO- http://172.17.0.2/
docker start web
docker exec box wget -qO- http://172.17.0.2/
