# docker inspect of containers made with --volumes-from: HostConfig.VolumesFrom as given; the inherited mounts are in Mounts only, without mode text, and :rw leaves a read-only bind read-only.
docker run -d --name vsrc -v data1:/data -v /anon busybox sleep 300
docker run -d --name vsrc2 -v $(pwd):/b:ro busybox sleep 300
docker create --name vd1 --volumes-from vsrc:rw --volumes-from vsrc2:rw -v other:/x busybox
docker create --name vd2 --volumes-from vsrc busybox
docker inspect -f '{{json .HostConfig.VolumesFrom}} {{json .HostConfig.Binds}} {{json .Config.Volumes}} {{len .Mounts}}' vsrc vd1 vd2
docker inspect -f '{{.HostConfig.VolumesFrom}}' vd2 vsrc
docker container inspect -f '{{range .Mounts}}{{if eq .Destination "/b"}}{{.Type}} {{.Mode}} {{.RW}}{{end}}{{end}}' vd1
docker container inspect -f '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}} {{.Mode}} {{.RW}}{{end}}{{end}}' vd1
docker inspect -f '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}} {{.Mode}} {{.RW}}{{end}}{{end}}' vsrc
docker run --rm --volumes-from vsrc2:rw busybox sh -c 'echo x > /b/f'
docker rm -f vsrc vsrc2 vd1 vd2
docker volume rm data1 other
