# fresh-engine
# Different bridge networks are isolated: silent drops (100% loss, download timed out).
docker network create red
docker network create blue
docker run -d --name redweb --network red nginx
docker run -dit --name bluecli --network blue alpine ash
docker run -dit --name defcli alpine ash
docker exec bluecli ping -c 2 -W 1 172.18.0.2
docker exec bluecli wget -qO- -T 2 http://172.18.0.2/
docker exec bluecli wget -O- -T 2 http://172.18.0.2/
docker exec bluecli wget -qO- -T 2 http://redweb/
docker exec defcli ping -c 2 -W 1 172.18.0.2
docker exec defcli ping -c 1 -W 1 172.19.0.2
docker exec defcli wget -qO- -T 2 http://172.18.0.2/
curl -s 172.18.0.2
