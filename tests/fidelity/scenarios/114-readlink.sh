# readlink: a link's target, nothing for a file that is not a link, -f follows every link.
docker run -d --name rl busybox sleep 600
docker exec rl sh -c 'ln -s /etc/hostname /tmp/h; ln -s /tmp/h /tmp/hh; ln -s nowhere /tmp/dead; cd /tmp; readlink h; readlink hh; readlink -f hh; readlink -f /tmp/../tmp/h'
docker exec rl readlink /etc/hostname
docker exec rl readlink /tmp/missing
docker exec rl readlink -f /tmp/missing
docker exec rl readlink -f /tmp/missing/deeper
docker exec rl readlink -f /tmp/dead
docker exec rl readlink /tmp/dead
docker exec rl readlink -n /tmp/h
docker exec rl readlink
docker exec rl readlink /tmp/h /tmp/hh
docker exec rl readlink -v /tmp/missing
docker rm -f rl
