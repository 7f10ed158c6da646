# BusyBox ash's syntax errors and bounds of expansion.
docker run -dit --name box alpine
docker exec box sh -c 'while true; do'
docker exec box sh -c 'case x in'
docker exec box sh -c 'echo $((1 +))'
docker exec box sh -c 'echo ${x?is not set}'
docker exec box sh -c 'f() { echo in f'
docker exec box sh -c 'fi'
docker exec box sh -c 'echo ok; )'
docker exec box sh -c 'x=5; echo $((x * 2 + 1)) $((x / 2)) $((x % 3)) $((-x)) $((x > 3))'
