# fresh-engine
docker network create alpine-net
docker run -dit --name alpine1 --network alpine-net alpine ash
docker run -dit --name alpine2 alpine ash
docker run -d --name web -p 8080:80 nginx
docker run -dit --name multi --network alpine-net alpine ash
docker network connect bridge multi
docker inspect -f '{{.NetworkSettings.IPAddress}}' alpine1
docker inspect -f '{{.NetworkSettings.IPAddress}}' alpine2
docker inspect -f '{{.NetworkSettings.Networks}}' alpine1
docker inspect -f '{{json .NetworkSettings.Networks}}' alpine1
docker inspect -f '{{json .NetworkSettings.Networks}}' alpine2
docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' alpine1
docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' multi
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} {{$v.Gateway}}{{end}}' alpine1
docker inspect -f '{{range $k,$v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}} {{$v.Gateway}}{{"\n"}}{{end}}' multi
docker inspect -f '{{.HostConfig.NetworkMode}}' alpine1
docker inspect -f '{{.HostConfig.NetworkMode}}' alpine2
docker inspect -f '{{.Config.ExposedPorts}}' web
docker inspect -f '{{json .Config.ExposedPorts}}' web
docker inspect -f '{{.Config.ExposedPorts}}' alpine1
docker inspect -f '{{.State.Status}}' alpine1
docker inspect -f '{{.State.Running}} {{.State.ExitCode}}' alpine1
docker inspect -f '{{.Name}}' alpine1
docker inspect -f '{{.Config.Hostname}}' alpine1
docker inspect -f '{{.Config.Image}} {{json .Config.Cmd}} {{json .Config.Entrypoint}}' web
docker inspect -f '{{.NetworkSettings.Gateway}} {{.NetworkSettings.IPPrefixLen}} {{.NetworkSettings.MacAddress}}' alpine2
docker inspect -f '{{.NetworkSettings.Networks.bridge.IPAddress}}' alpine2
docker inspect -f '{{(index .NetworkSettings.Networks "alpine-net").IPAddress}}' alpine1
docker inspect -f '{{json .NetworkSettings}}' alpine1
docker inspect alpine1
docker stop alpine1
docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' alpine1
docker inspect -f '{{.NetworkSettings.IPAddress}}' alpine1
docker inspect -f '{{range .NetworkSettings.Networks}}[{{.IPAddress}}]{{end}}' alpine1
docker inspect -f '{{json .NetworkSettings.Networks}}' alpine1
docker inspect -f '{{.Name}}' nosuch
docker inspect nosuch
docker inspect -f '{{.Nope}}' alpine1
docker inspect -f '{{.Name}}' alpine1 alpine2 web
docker container inspect -f '{{.Name}}' alpine2
docker inspect -f '{{.Name}}' alpine-net
docker inspect --type container -f '{{.Name}}' alpine-net
