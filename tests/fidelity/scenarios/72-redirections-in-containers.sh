# Redirections inside a container: stderr to files, appends, input from files, /dev/null and 2>&1.
docker run -dit --name box alpine
docker exec box sh -c 'ls /nope 2> /tmp/err; echo "exit $?"; cat /tmp/err'
docker exec box sh -c 'ls /nope /tmp > /tmp/all 2>&1; cat /tmp/all'
docker exec box sh -c 'echo one > /tmp/f; echo two >> /tmp/f; echo three >> /tmp/f; wc -l < /tmp/f; tail -n 1 /tmp/f'
docker exec box sh -c 'cat /nope 2>/dev/null || echo "no file"'
docker exec box sh -c 'echo err >&2; echo out' 2>/dev/null
docker exec box sh -c '{ echo a; echo b; } > /tmp/g; cat /tmp/g'
docker exec box sh -c 'for i in 1 2 3; do echo $i; done > /tmp/h; cat /tmp/h | tr "\n" ","; echo'
docker exec box sh -c 'echo x > /tmp'
docker exec box sh -c 'echo x > /etc/passwd/y'
