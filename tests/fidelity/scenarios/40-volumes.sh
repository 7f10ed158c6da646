# Named volumes made by -v and --mount, bind mounts, and volumes in use.
docker volume create data
docker volume ls
docker run -d --name store -v data:/data -v /etc:/host-etc:ro --mount type=volume,source=logs,target=/logs,readonly busybox sleep 1d
docker volume ls
docker volume ls -q
docker inspect -f '{{range .HostConfig.Binds}}{{println .}}{{end}}' store
docker inspect -f '{{json .HostConfig.Mounts}}' store
docker inspect -f '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Type}} {{.Name}} {{.Mode}} {{.RW}}{{end}}{{end}}' store
docker inspect -f '{{range .Mounts}}{{if eq .Destination "/host-etc"}}{{.Type}} {{.Source}} {{.Mode}} {{.RW}}{{end}}{{end}}' store
docker inspect -f '{{range .Mounts}}{{if eq .Destination "/logs"}}{{.Type}} {{.Name}} {{.Mode}} {{.RW}}{{end}}{{end}}' store
docker volume inspect -f '{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}} {{.Options}}' data
docker volume rm nope
docker volume create x
docker rm -f store
docker volume rm data logs
docker volume ls
