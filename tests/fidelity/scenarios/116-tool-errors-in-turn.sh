# Programs that take their operands one by one report a missing one where it comes, between the
# others' output (2>&1 inside the container: one stream, in the order written).
docker run -d --name box busybox sleep 1000
docker exec box sh -c 'cat /etc/hostname /nope /etc/hostname 2>&1'
docker exec box sh -c 'cat -n /etc/hostname /nope /etc/hostname 2>&1'
docker exec box sh -c 'printf "a\nb" > /tmp/open; cat -n /tmp/open /nope /etc/hostname 2>&1'
docker exec box sh -c 'grep -H localhost /nope /etc/hosts 2>&1'
docker exec box sh -c 'grep -c localhost /etc/hosts /nope /etc/hosts 2>&1'
docker exec box sh -c 'head -n1 /etc/hosts /nope /etc/hosts 2>&1'
docker exec box sh -c 'ls /etc/hostname /nope /tmp 2>&1'
docker rm -f box
