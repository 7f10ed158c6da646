# BusyBox ash and its applets: error texts and exit codes for missing files and bad syntax.
docker run -dit --name box alpine
docker exec box sh -c 'cat /nope'
docker exec box sh -c 'echo a > /nope/x'
docker exec box ls /nope
docker exec box sh -c 'rm /nope'
docker exec box sh -c 'mkdir /tmp'
docker exec box sh -c 'mkdir /a/b/c'
docker exec box sh -c 'cd /nope'
docker exec box sh -c 'nosuch'
docker exec box sh -c 'if then'
docker exec box sh -c 'for i in 1 2; do echo $i'
docker exec box sh -c 'echo "open'
docker exec box sh -c 'rm /tmp'
docker exec box sh -c 'cat < /nope'
