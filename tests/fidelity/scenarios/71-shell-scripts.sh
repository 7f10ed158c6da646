# A script written into the container and run by sh, with arguments, a here-document, read loops and functions.
docker run -dit --name box alpine
docker exec box sh -c 'printf "%s\n" "#!/bin/sh" "echo \"script \$0 got \$# args: \$*\"" "for a in \"\$@\"; do echo \"- \$a\"; done" "exit 5" > /tmp/s.sh; chmod +x /tmp/s.sh'
docker exec box sh /tmp/s.sh one "two three"
docker exec box /tmp/s.sh x
docker exec box sh -c 'printf "alice 30\nbob 25\n" > /tmp/people; while read name age; do echo "$name is $age"; done < /tmp/people'
docker exec box sh -c 'n=0; while read l; do n=$((n+1)); done < /etc/passwd; echo $n lines'
docker exec box sh -c 'greet() { local who=${1:-world}; echo "hello $who"; }; greet; greet docker'
docker exec box sh /tmp/nope.sh
docker exec box sh -c 'cat /tmp/s.sh | wc -l'
