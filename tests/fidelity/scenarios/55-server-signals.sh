# The images' servers handle their signals: HUP keeps nginx up, TERM and QUIT end it with 0;
# a replaced command (nginx image running sleep) ignores TERM and is killed by stop.
docker run -d --name web nginx
docker kill -s HUP web
docker ps --format '{{.Names}} {{.Status}}'
docker kill -s TERM web
docker wait web
docker start web
docker kill -s QUIT web
docker wait web
docker run -d --name cache redis
docker kill -s INT cache
docker wait cache
docker run -d --name fake nginx sleep 1d
docker kill -s TERM fake
docker ps --format '{{.Names}} {{.Status}}' --filter name=fake
docker stop -t 1 fake
docker wait fake
