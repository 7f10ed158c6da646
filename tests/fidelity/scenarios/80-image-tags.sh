# Tags name images: several tags share one image id; removing a tag removes only the tag while another
# still names the image; bad and missing names fail with the daemon's and the CLI's words.
docker tag busybox mybox
docker tag busybox mybox:v1
docker images mybox
docker images --format '{{.Repository}}:{{.Tag}}' 'mybox*'
docker images -q mybox:v1
docker image ls --format '{{.Repository}} {{.Tag}} {{.Size}}' busybox
docker rmi mybox:v1
docker images mybox
docker image rm mybox
docker images mybox
docker tag nosuch x
docker tag busybox BAD
docker tag busybox a:b:c
docker rmi nope
docker rmi -f nope
docker rmi
