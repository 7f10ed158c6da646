# docker images with a reference, formats, --digests, --no-trunc, filters.
docker images busybox
docker images --digests busybox
docker images --no-trunc -q busybox
docker images --format '{{.Repository}} {{.Tag}} {{.Size}} {{.Digest}}' alpine
docker image ls -f reference='bus*' --format '{{.Repository}}'
docker images -f dangling=maybe
docker images -f colour=red
