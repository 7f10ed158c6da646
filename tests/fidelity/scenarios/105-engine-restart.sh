# systemctl restart docker / service docker restart on the host: the daemon stops its containers as docker stop does (not by hand), removes --rm ones, and restores what the restart policies ask for.
docker run -d --name ra --restart always busybox sleep 1d
docker run -d --name ru --restart unless-stopped busybox sleep 1d
docker run -d --name rus --restart unless-stopped busybox sleep 1d
docker stop -t 0 rus
docker run -d --name ras2 --restart always busybox sleep 1d
docker stop -t 0 ras2
docker run -d --name rof --restart on-failure busybox sleep 1d
docker run -d --name rof0 --restart on-failure:2 busybox sh -c 'exit 0'
docker run -d --name rweb --restart on-failure nginx
docker run -d --name rno busybox sleep 1d
docker run -d --name rinit --init busybox sleep 1d
docker run -d --name rrm --rm busybox sleep 1d
docker run -d --name rp --restart always busybox sleep 1d
docker pause rp
docker create --name rcr --restart always busybox sleep 1d
systemctl restart docker
docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{.State.Paused}}' ra ru rus ras2 rof rof0 rweb rno rinit rp rcr
docker ps -a --filter name=rrm --format '{{.Names}}'
service docker restart
docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}}' ra rno rof
docker rm -f ra ru rus ras2 rof rof0 rweb rno rinit rp rcr
