# Tags that name other registries (host:port/repo) are local names until a push.
docker tag busybox localhost:5000/bb
docker tag busybox my.registry.io/team/app:1.0
docker images localhost:5000/bb
docker images --format '{{.Repository}}:{{.Tag}}' 'my.registry.io/team/*'
docker rmi localhost:5000/bb my.registry.io/team/app:1.0
docker pull my.registry.io/team/app:1.0
