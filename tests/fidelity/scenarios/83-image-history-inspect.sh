# History and inspect of the engine's imported images, and disk usage.
docker history busybox
docker history --no-trunc -q busybox
docker history --format '{{.Size}} {{.Comment}}' nginx
docker image inspect -f '{{.Config.Cmd}} {{.Config.Entrypoint}} {{.Config.WorkingDir}} {{len .RootFS.Layers}}' nginx
docker image inspect -f '{{.Config.ExposedPorts}} {{.Config.Env}}' redis
docker image inspect -f '{{json .Config.Cmd}} {{.RepoTags}} {{.RepoDigests}} {{.Comment}}' alpine
docker inspect -f '{{.Os}} {{.Architecture}} {{.Size}}' httpd
docker image inspect nope
docker inspect nope
docker history nope
docker system df
docker run -d --name web nginx
docker system df
docker ps -s --format '{{.Names}} {{.Size}}'
docker rm -f web
