# docker version and the counts docker info gives.
docker version --format '{{.Server.Version}} {{.Client.Version}} {{.Server.APIVersion}}'
docker run -d --name v1 busybox sleep 1d
docker run --name v2 busybox true
docker run -d --name v3 busybox sleep 1d
docker pause v3
docker info --format '{{.Containers}} {{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}}'
docker info --format '{{.NCPU}} {{.ServerVersion}} {{.Driver}} {{.OSType}} {{.Architecture}} {{.LoggingDriver}}'
docker unpause v3
