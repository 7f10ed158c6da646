# Image inspect templates.
docker image inspect -f '{{index .RepoTags 0}} {{.RootFS.Type}} {{.Architecture}} {{.Os}} [{{.Parent}}] {{.DockerVersion}}' busybox
docker image inspect -f '{{json .Config.ExposedPorts}} {{.Config.WorkingDir}}' httpd
docker image inspect -f '{{json .RootFS.Layers}}' alpine
docker image inspect -f '{{.Size}} {{.VirtualSize}}' redis
docker image inspect -f '{{.Nope}}' busybox
